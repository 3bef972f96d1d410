import type { SetupEvidence } from './setup-types.js';
import type { ScimActivity } from '../activity/types.js';

/** "GET /scim/v2/Users?startIndex=1&count=2 → 200" */
export function describeRequest(entry: ScimActivity): string {
  return `${entry.method} ${entry.path}${entry.query ? `?${decodeQuery(entry.query)}` : ''} → ${entry.status}`;
}

/** Evidence pointing at one logged request. */
export function requestEvidence(entry: ScimActivity, summary: string = describeRequest(entry)): SetupEvidence {
  return { summary, at: entry.time, activityId: entry.id, userAgent: entry.userAgent };
}

/** Evidence that is not a request (a token, a rule, a setting, a probe). */
export function stateEvidence(summary: string, at: string | null = null): SetupEvidence {
  return { summary, at, activityId: null, userAgent: null };
}

/** Activity ids sort by time: is `a` newer than `b`? */
export function isNewer(a: ScimActivity | undefined, b: ScimActivity | undefined): boolean {
  if (!a) return false;
  if (!b) return true;
  return a.id > b.id;
}

export function newest(...entries: (ScimActivity | undefined)[]): ScimActivity | undefined {
  let best: ScimActivity | undefined;
  for (const entry of entries) if (isNewer(entry, best)) best = entry;
  return best;
}

function decodeQuery(query: string): string {
  try {
    return decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    return query;
  }
}

/** Why SCIM Desk refused an authenticated request, in words, from its answer's status. */
export function failureCause(entry: ScimActivity): string {
  const what = entry.resourceType === 'Group' ? 'group' : 'user';
  const status = entry.status;
  if (status === 400)
    return 'SCIM Desk answered 400, the body is not valid SCIM for this endpoint (a value of the wrong type, or a required one missing)';
  if (status === 404)
    return `SCIM Desk answered 404, that ${what} does not exist here (it was removed here, for example with the rehearsal data)`;
  if (status === 409) return `SCIM Desk answered 409, a ${what} with that name already exists here`;
  if (status === 412)
    return `SCIM Desk answered 412, the ${what} changed since it was read (its ETag no longer matches)`;
  if (status === 413) return 'SCIM Desk answered 413, the body is larger than the endpoint accepts';
  if (status >= 500)
    return `SCIM Desk answered ${status}, it could not complete the change (the server's output says why)`;
  return `SCIM Desk answered ${status}`;
}
