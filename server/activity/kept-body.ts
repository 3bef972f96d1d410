/**
 * What the activity log keeps of a SCIM request's body, decided in one place whichever path logs it. A body
 * is kept only when the request was authenticated and reached a resource: a refused request (401, 404, 405,
 * 413, 429) or a discovery read never gets to use its body, and anyone can send one, so nothing of it is
 * stored or shown. Whatever is kept is then redacted and bounded in depth and size (redact.ts).
 */
import type { ScimPathTarget } from './scim-request-facts.js';
import type { ScimActivity } from './types.js';

const REFUSED_STATUSES: ReadonlySet<number> = new Set([401, 404, 405, 413, 429]);
const DISCOVERY: ReadonlySet<string> = new Set(['ServiceProviderConfig', 'ResourceType', 'Schema']);

export function keepsRequestBody(
  exchange: Pick<ScimActivity, 'status' | 'tokenId' | 'authFailure'>,
  target: ScimPathTarget,
): boolean {
  if (REFUSED_STATUSES.has(exchange.status)) return false;
  if (exchange.authFailure !== undefined || exchange.tokenId === null) return false;
  return !(target.known && DISCOVERY.has(target.resourceType));
}
