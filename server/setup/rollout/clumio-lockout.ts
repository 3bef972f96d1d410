/**
 * The real-account lock-out (server/clumio-account/lockout-alarm.ts) as the rollout's checklist shows it: the
 * `clumio-admin-locked-out` warning with the Okta facts behind it and the ways out, and the Clumio steps that
 * depend on the admin's Super Admin failed with that cause, as `admin-locked-out` does for the local endpoint.
 * Okta is the source of truth: its change is not refused, so the checklist says it before Okta's next push
 * takes the role away in Clumio (or once it has).
 */
import type { RealAccountLockout } from '../../clumio-account/account-types.js';
import type { SetupStepId } from '../../identity-providers/profile.js';
import type { SetupFacts } from '../setup-facts.js';
import type { SetupEvidence, SetupWarning } from '../setup-types.js';
import type { GlobalCondition } from '../step-conditions.js';
import type { Finding } from '../steps/step.js';
import { quoted } from './api-findings.js';

function evidenceOf(lockout: RealAccountLockout): SetupEvidence {
  const still =
    lockout.clumio_still_super_admin === true
      ? ' Clumio still shows the admin as Super Admin on the Global OU: the next push from Okta takes it away.'
      : lockout.clumio_still_super_admin === false
        ? ' Clumio no longer shows the admin as Super Admin on the Global OU.'
        : '';
  return {
    summary: `Read from Okta and Clumio at ${lockout.read_at}.${still}`,
    at: lockout.read_at,
    activityId: null,
    userAgent: null,
  };
}

/** The two ways out, in order: undo the identity provider's change, or turn auto user provisioning off in the account. */
function waysOut(lockout: RealAccountLockout, idp: string): [string, string] {
  const admin = lockout.current_admin ?? 'the current admin';
  const undo =
    lockout.causes.length > 0
      ? `Undo that in ${idp} before its next push to Clumio.`
      : `In ${idp}, put ${admin} back in a group the Super Admin rule matches, with the account assigned to the app and active.`;
  return [
    undo,
    'Or turn auto user provisioning off in the Clumio account (the Clumio account page), which is always allowed.',
  ];
}

/** What the identity provider's data says that leads there, as sentences ("" when nothing is known). */
const causesOf = (lockout: RealAccountLockout) => lockout.causes.join(' ');

export function clumioLockoutWarnings(facts: SetupFacts): SetupWarning[] {
  const lockout = facts.tenants?.lockout;
  if (!lockout) return [];
  const message = [lockout.message, causesOf(lockout)].filter(Boolean).join(' ');
  return [
    {
      id: 'clumio-admin-locked-out',
      message,
      fix: waysOut(lockout, facts.profile.words.short).join(' '),
      evidence: evidenceOf(lockout),
    },
  ];
}

/** While the alarm stands, the rule and the switch fail with its cause (the admin's own step fails on its own). */
export const clumioLockoutCondition: GlobalCondition = {
  overrides(facts) {
    const findings = new Map<SetupStepId, Finding>();
    const lockout = facts.tenants?.lockout;
    if (!lockout) return findings;
    const [undo, turnOff] = waysOut(lockout, facts.profile.words.short);
    const admin = lockout.current_admin ?? 'the current admin';
    const rules = quoted(lockout.rules.map((r) => r.name));
    const evidence = evidenceOf(lockout);
    const why = causesOf(lockout);
    const say = (text: string) => [text, why, undo, turnOff].filter(Boolean).join(' ');
    findings.set('super-admin-rule', {
      state: 'failed',
      evidence,
      fix: say(
        `${rules ? `Rule ${rules} exists but no longer gives` : 'No rule gives'} ${admin} Super Admin on the Global OU on what ${facts.profile.words.short} says now.`,
      ),
    });
    findings.set('enable-auto-provisioning', {
      state: 'failed',
      evidence,
      fix: say(
        `Auto user provisioning is on in the Clumio account, and the rules no longer give ${admin} Super Admin on the Global OU.`,
      ),
    });
    return findings;
  },
};
