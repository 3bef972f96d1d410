/**
 * For a pasted text the explainer does not know: the general checks that fit what SCIM Desk saw, in the
 * profile's words (the endpoint unreachable, nothing arrived, no valid token yet, a refused token, a wrong
 * path, 409s, refused requests), newest trouble first. When nothing went wrong here, it says so: the message
 * then comes from the identity provider's side.
 */
import { fillWords, type WordValues } from '../identity-providers/fill.js';
import type { ExplainerCheck } from '../identity-providers/profile.js';
import type { ScimActivity, ScimSignal } from '../activity/types.js';
import type { DiagnoseCheck, SetupEvidence } from './setup-types.js';
import { describeRequest, failureCause, isNewer, newest, requestEvidence } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { refusalLabel } from './steps/connector-test.js';

export function generalChecks(facts: SetupFacts): DiagnoseCheck[] {
  const { profile, summary, tunnel } = facts;
  const checks: DiagnoseCheck[] = [];
  const say = (id: ExplainerCheck, values: WordValues = {}, evidence: SetupEvidence | null = null) =>
    checks.push({ id, message: fillWords(profile.checks[id], profile.words, values), evidence });

  const authenticated = summary.authenticated?.last;
  if (!tunnel.publicScimUrl && !authenticated) say('no-public-url');
  if (tunnel.probe && (tunnel.probe.outcome === 'unreachable' || tunnel.probe.outcome === 'someone-else'))
    say('probe-failed', { message: tunnel.probe.message });
  if (!summary.requests) say('nothing-arrived', { url: tunnel.publicScimUrl ?? 'https://<public host>/scim/v2' });
  else if (!authenticated) say('not-connected');

  const refused = summary.lastAuthFailure;
  if (refused && isNewer(refused, authenticated)) {
    const fix = fillWords(profile.connection[refused.authFailure ?? 'unknown'], profile.words, {
      url: tunnel.publicScimUrl ?? 'https://<public host>/scim/v2',
    });
    say('token-refused', { at: refused.time, reason: refusalLabel(refused), fix }, requestEvidence(refused));
  }
  const wrong = summary.failed['unknown-path']?.last;
  if (wrong && isNewer(wrong, authenticated))
    say('wrong-path', { at: wrong.time, request: describeRequest(wrong) }, requestEvidence(wrong));

  const conflict = newest(...conflicts(facts));
  if (conflict)
    say(
      'conflicts',
      { resource: conflict.resourceName ?? '?', at: conflict.time, request: describeRequest(conflict) },
      requestEvidence(conflict),
    );
  const failure = newestFailure(facts);
  if (failure)
    say(
      'failures',
      { request: describeRequest(failure), at: failure.time, cause: failureCause(failure) },
      requestEvidence(failure),
    );

  if (authenticated && checks.length === 0)
    say(
      'all-answered',
      { request: describeRequest(authenticated), at: authenticated.time },
      requestEvidence(authenticated),
    );
  return checks;
}

function conflicts(facts: SetupFacts): (ScimActivity | undefined)[] {
  return (['user-create', 'group-create'] as const)
    .map((signal) => facts.summary.failed[signal]?.last)
    .filter((e) => e?.status === 409);
}

/** The newest authenticated request SCIM Desk refused, 409s aside (said on their own). */
function newestFailure(facts: SetupFacts): ScimActivity | undefined {
  const failed = facts.summary.failed;
  const signals = Object.keys(failed) as ScimSignal[];
  return newest(
    ...signals
      .filter((s) => s !== 'unknown-path')
      .map((s) => failed[s]?.last)
      .filter((e) => e !== undefined && e.status !== 409),
  );
}
