/**
 * The current admin locked out by the identity provider (server/access/admin-lockout.ts), as the wizard
 * shows it: the `admin-locked-out` warning with the request that did it, and the steps that depend on the
 * admin's Super Admin turned failed with that cause, whatever the traffic alone would conclude (a step that
 * stays green, or one that asks for a rule that already exists, would send the admin the wrong way).
 */
import type { AdminLockout } from '../access/access-types.js';
import type { SetupFacts } from './setup-facts.js';
import type { SetupEvidence, SetupStepId, SetupWarning } from './setup-types.js';
import { stateEvidence } from './evidence.js';
import type { GlobalCondition } from './step-conditions.js';
import type { Finding } from './steps/step.js';

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** What happened, as one sentence (or what is known: the admin's standing). */
function what(lockout: AdminLockout): string {
  return lockout.cause ? sentence(lockout.cause.summary) : lockout.message;
}

function evidenceOf(lockout: AdminLockout): SetupEvidence {
  const { request, cause } = lockout;
  if (request) {
    const summary = `${request.method} ${request.path} → ${request.status}${cause ? `: ${cause.summary}` : ''}.`;
    return { summary, at: request.time, activityId: request.activityId, userAgent: request.userAgent };
  }
  return stateEvidence(cause ? sentence(cause.summary) : lockout.message, lockout.since);
}

export function lockoutWarnings(facts: SetupFacts): SetupWarning[] {
  const lockout = facts.adminLockout;
  if (!lockout) return [];
  return [
    {
      id: 'admin-locked-out',
      message: `${lockout.message}${lockout.cause ? ` ${what(lockout)}` : ''}`,
      fix: lockout.waysOut.join(' '),
      evidence: evidenceOf(lockout),
    },
  ];
}

/** Why each dependent step failed, given the lock-out; null leaves the step as the traffic settled it. */
function failure(id: SetupStepId, lockout: AdminLockout): string | null {
  const [undo = '', turnOff = ''] = lockout.waysOut;
  const rules = lockout.rules.map((r) => `'${r.name}'`).join(', ');
  switch (id) {
    case 'admin-account':
      // A renamed group leaves the account as it was: the rule is what no longer matches.
      return lockout.cause?.kind === 'group-renamed' ? null : `${what(lockout)} ${undo}`;
    case 'super-admin-rule':
      return `${rules ? `Rule ${rules} exists but no longer gives` : 'No rule gives'} ${lockout.currentAdmin} Super Admin on the Global Organizational Unit. ${what(lockout)} ${undo}`;
    case 'enable-auto-provisioning':
      return `Auto user provisioning is on, and ${lockout.currentAdmin} is locked out. ${what(lockout)} ${undo} ${turnOff}`;
    default:
      return null;
  }
}

const DEPENDENT_STEPS: readonly SetupStepId[] = ['admin-account', 'super-admin-rule', 'enable-auto-provisioning'];

/** While the admin is locked out, the steps that depend on the admin's Super Admin fail with that cause. */
export const adminLockoutCondition: GlobalCondition = {
  overrides(facts) {
    const findings = new Map<SetupStepId, Finding>();
    const lockout = facts.adminLockout;
    if (!lockout) return findings;
    const evidence = evidenceOf(lockout);
    for (const id of DEPENDENT_STEPS) {
      const fix = failure(id, lockout);
      if (fix !== null) findings.set(id, { state: 'failed', evidence, fix });
    }
    return findings;
  },
};
