/**
 * The connection test (Okta's Test API Credentials or Test Connector Configuration; Entra's credentials step
 * reuses the problem diagnosis). Done when the test (or any authenticated request) got through; failed when the
 * newest problem (a refused token, a wrong path) is newer than the newest success, named with its fix.
 */
import type { ScimActivity } from '../../activity/types.js';
import type { AuthFailureReason } from '../../auth/auth-result.js';
import { describeRequest, isNewer, newest, requestEvidence } from '../evidence.js';
import type { SetupFacts } from '../setup-facts.js';
import { canCall, connectionSay, done, todo, waiting, type Finding, type StepEvidenceSource } from './step.js';

/** What arrived, in words: the wizard's summary of a refused token. */
const REFUSALS: Record<AuthFailureReason, string> = {
  missing: 'no token was sent',
  malformed: 'the Authorization header is malformed',
  unknown: 'the token is not a SCIM Desk token',
  revoked: 'the token was revoked',
  expired: 'the token expired',
};

export function refusalLabel(entry: ScimActivity): string {
  return REFUSALS[entry.authFailure ?? 'unknown'];
}

/** The newest thing that went wrong on the way in: a refused token or a wrong path. */
export function newestConnectionProblem(facts: SetupFacts): ScimActivity | undefined {
  return newest(facts.summary.lastAuthFailure, facts.summary.failed['unknown-path']?.last);
}

/** A refused request as a failure: what arrived (the auth layer's precise hint) as evidence, the profile's fix. */
export function connectionProblemFinding(problem: ScimActivity, facts: SetupFacts): Finding {
  if (problem.authFailure !== undefined) {
    const from = problem.userAgent ? ` from ${problem.userAgent}` : '';
    const hint = problem.authHint ? ` ${problem.authHint}` : '';
    return {
      state: 'failed',
      say: connectionSay(problem.authFailure),
      evidence: requestEvidence(
        problem,
        `Token rejected: ${refusalLabel(problem)} (${describeRequest(problem)}${from}).${hint}`,
      ),
    };
  }
  const url = facts.tunnel.publicScimUrl ?? 'https://<public host>/scim/v2';
  return {
    state: 'failed',
    say: connectionSay('wrong-path'),
    values: { url },
    evidence: requestEvidence(
      problem,
      `Wrong ${facts.profile.words.urlField}: a request arrived for ${problem.method} ${problem.path}, which is not a SCIM endpoint here.`,
    ),
  };
}

/** The connection's newest problem, when it is newer than the newest success. */
export function connectionFailure(facts: SetupFacts, success: ScimActivity | undefined): Finding | undefined {
  const problem = newestConnectionProblem(facts);
  return problem && isNewer(problem, success) ? connectionProblemFinding(problem, facts) : undefined;
}

export const connectorTestStep: StepEvidenceSource = {
  id: 'connector-test',
  check: 'traffic',
  confirmable: false,
  says: ['no-token', 'waiting'],
  settle(facts) {
    const { summary } = facts;
    const test = summary.succeeded['connector-test']?.last;
    const success = newest(test, summary.authenticated?.last);
    const failure = connectionFailure(facts, success);
    if (failure) return failure;
    const words = facts.profile.words;
    if (test)
      return done(
        requestEvidence(
          test,
          `${words.short}'s connector test arrived and was authenticated (${words.connectorTest}: ${describeRequest(test)}).`,
        ),
      );
    if (success)
      return done(requestEvidence(success, `An authenticated request arrived (${describeRequest(success)}).`));
    if (!canCall(facts)) return todo('no-token');
    return waiting('waiting', { url: facts.tunnel.publicScimUrl ?? '(the public SCIM URL)' });
  },
};
