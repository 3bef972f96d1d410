/**
 * What a failed SCIM request means for the admin, when the server sent no specific hint. Keyed by HTTP
 * status (and scimType where it says more).
 */
import type { ScimRequestEvent } from '../../../../server/admin/contract';

export function failureMeaning(event: ScimRequestEvent): string | null {
  if (event.hint) return event.hint;
  const { status, scimType } = event.response;
  if (status < 400) return null;
  switch (status) {
    case 401:
      return 'The request had no valid SCIM token. In Okta, paste the token exactly as it was shown when you created it (Okta adds "Bearer " itself in HTTP Header mode), or create a new one.';
    case 403:
      return 'The token was recognised but is not allowed to do this (revoked or expired). Create a new token and update Okta.';
    case 404:
      return event.request.method === 'GET' || event.request.method === 'POST'
        ? "Nothing answers at this path. Okta's base URL must end in /scim/v2, with no trailing /Users."
        : 'The resource does not exist here (deleted, or created in another data folder).';
    case 409:
      return scimType === 'uniqueness'
        ? 'A user or group with this name already exists. In Okta, link to the existing group instead of pushing a new one, or rename it.'
        : 'The change conflicts with the current state (a version mismatch).';
    case 400:
      return `Okta sent something the SCIM schema does not allow${scimType ? ` (${scimType})` : ''}. The response body says which attribute.`;
    case 412:
      return 'The resource changed since it was read (If-Match mismatch); the sender should read it again.';
    case 413:
      return 'The request body is larger than the endpoint accepts.';
    case 429:
      return 'Too many failed authentications: requests are being slowed down. Fix the token in Okta, then retry.';
    default:
      return status >= 500
        ? 'The endpoint failed while handling this request. Check the data folder and the server log.'
        : null;
  }
}
