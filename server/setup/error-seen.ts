/** What SCIM Desk saw that bears on an identity provider's error text (error-explainer.ts). */
import { describeRequest } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';

export function seenRefusedToken(facts: SetupFacts): string | null {
  const refused = facts.summary.lastAuthFailure;
  if (!refused) return facts.summary.authenticated ? `No token was refused; the last authenticated request arrived at ${facts.summary.authenticated.last.time}.` : null;
  return `SCIM Desk last refused a token at ${refused.time} (${refused.authFailure ?? 'unknown'}: ${describeRequest(refused)}${refused.userAgent ? `, ${refused.userAgent}` : ''}).`;
}

export function seenWrongPath(facts: SetupFacts): string | null {
  const wrong = facts.summary.failed['unknown-path']?.last;
  return wrong ? `A request arrived outside /scim/v2 at ${wrong.time}: ${describeRequest(wrong)}.` : null;
}

export function seenReachability(facts: SetupFacts): string | null {
  const probe = facts.tunnel.probe;
  if (!facts.tunnel.publicScimUrl) return 'SCIM Desk has no public URL yet: no tunnel runs and no URL of your own is set.';
  if (probe) return `The last self-probe of ${facts.tunnel.publicScimUrl} (${probe.at}): ${probe.message}`;
  return `The public URL is ${facts.tunnel.publicScimUrl}; it has not been probed yet.`;
}

export function seenFailedRequest(facts: SetupFacts, signal: 'user-create' | 'membership-change' | 'user-update' | 'group-create', status?: number): string | null {
  const failure = facts.summary.failed[signal]?.last;
  if (!failure || (status !== undefined && failure.status !== status)) return null;
  return `SCIM Desk answered ${failure.status} to ${describeRequest(failure)}${failure.resourceName ? ` for ${failure.resourceName}` : ''} at ${failure.time}.`;
}

export function seenCreatesAnswered(facts: SetupFacts): string | null {
  const created = facts.summary.succeeded['user-create'];
  return created ? `SCIM Desk answered ${created.count} user creation(s) with 201 and the user (the last at ${created.last.time}).` : null;
}
