/**
 * Step 4: Okta's "Test API Credentials". Done when the connector test (or any authenticated request) got
 * through; failed when the newest problem (a refused token, a wrong path) is newer than the newest success,
 * named with its fix.
 */
import type { ScimActivity } from '../../activity/types.js';
import type { AuthFailureReason } from '../../auth/auth-result.js';
import { describeRequest, isNewer, newest, requestEvidence } from '../evidence.js';
import type { SetupFacts } from '../setup-facts.js';
import { done, failed, oktaCanCall, todo, waiting, type StepDefinition, type StepOutcome } from './step.js';

const WHERE = "Okta's field for it is API Token (Provisioning > Integration > Edit).";
const SETTLES = "This step turns done when Okta's next request (Test API Credentials) is authenticated.";
const RETRY = 'Then retry the failed tasks in Okta.';

/**
 * Per reason: its label, the fix when the request left no hint, and what to add after a hint. A hint (from
 * the token check) already names the exact mistake and its fix, so the step adds only what follows it;
 * writing the general fix after it said the same thing twice.
 */
const REASONS: Record<AuthFailureReason, { label: string; fix: string; then: string }> = {
  missing: {
    label: 'no token was sent',
    fix: 'In Okta, Provisioning > Integration: choose Authentication Mode "HTTP Header" and paste the SCIM Desk token as the API Token, then Test API Credentials again.',
    then: SETTLES,
  },
  malformed: {
    label: 'the Authorization header is malformed',
    fix: 'Paste the token alone (no "Bearer ", no quotes or spaces) into Okta\'s API Token field: Okta adds "Bearer " itself in HTTP Header mode.',
    then: `${WHERE} ${SETTLES}`,
  },
  unknown: {
    label: 'the token is not a SCIM Desk token',
    fix: 'Okta sent a token this endpoint never issued (mistyped, from another app, or from another SCIM Desk data folder). Generate a token here and paste it into Okta\'s API Token field.',
    then: `${WHERE} ${SETTLES}`,
  },
  revoked: {
    label: 'the token was revoked',
    fix: 'Generate a new token and paste it into Okta (Provisioning > Integration > Edit > API Token), then retry failed tasks in Okta.',
    then: `${WHERE} ${RETRY}`,
  },
  expired: {
    label: 'the token expired',
    fix: 'Generate a new token (with a longer lifetime if needed) and paste it into Okta, then retry failed tasks in Okta.',
    then: `${WHERE} ${RETRY}`,
  },
};

/** The refusal of one request, as the wizard names it. */
export function authFailureDiagnosis(entry: ScimActivity): { summary: string; fix: string } {
  const reason = REASONS[entry.authFailure ?? 'unknown'];
  const from = entry.userAgent ? ` from ${entry.userAgent}` : '';
  return {
    summary: `Token rejected: ${reason.label} (${describeRequest(entry)}${from}).`,
    fix: entry.authHint && entry.authHint !== '' ? `${entry.authHint} ${reason.then}` : reason.fix,
  };
}

export function wrongPathDiagnosis(entry: ScimActivity, publicScimUrl: string | null): { summary: string; fix: string } {
  const base = publicScimUrl ?? 'https://<public host>/scim/v2';
  return {
    summary: `Wrong base URL: a request arrived for ${entry.method} ${entry.path}, which is not a SCIM endpoint here.`,
    fix: `Okta's Base URL must be exactly ${base} (ending in /scim/v2, nothing after it). Fix it in Provisioning > Integration and test again.`,
  };
}

/** The newest thing that went wrong on the way in: a refused token or a wrong path. */
export function newestConnectionProblem(facts: SetupFacts): ScimActivity | undefined {
  return newest(facts.summary.lastAuthFailure, facts.summary.failed['unknown-path']?.last);
}

export function connectionProblemOutcome(problem: ScimActivity, facts: SetupFacts): StepOutcome {
  const diagnosis = problem.authFailure !== undefined ? authFailureDiagnosis(problem) : wrongPathDiagnosis(problem, facts.tunnel.publicScimUrl);
  return failed(diagnosis.fix, requestEvidence(problem, diagnosis.summary));
}

export const connectorTestStep: StepDefinition = {
  id: 'connector-test',
  title: 'Okta: Configure API Integration and Test API Credentials',
  check: 'traffic',
  confirmable: false,
  evaluate(facts) {
    const { summary } = facts;
    const test = summary.succeeded['connector-test']?.last;
    const success = newest(test, summary.authenticated?.last);
    const problem = newestConnectionProblem(facts);
    if (problem && isNewer(problem, success)) return connectionProblemOutcome(problem, facts);
    if (test) return done(requestEvidence(test, `Okta's connector test arrived and was authenticated (${describeRequest(test)}).`));
    if (success) return done(requestEvidence(success, `An authenticated request arrived (${describeRequest(success)}).`));
    if (!oktaCanCall(facts)) return todo('Generate a token first, then paste the base URL and token into Okta (Provisioning > Integration).');
    return waiting(
      `In Okta: Provisioning > Integration > Configure API Integration, Enable, Base URL ${facts.tunnel.publicScimUrl ?? '(the public SCIM URL)'}, API Token, then Test API Credentials.`,
    );
  },
};
