/**
 * Okta's own error texts (DOMAIN §3.4) mapped to causes and fixes, with a matcher for text the admin pastes
 * from the Okta console. Patterns are loose on purpose: Okta wraps the same message in different prefixes
 * ("Automatic provisioning of user X to app Y failed: ...") and admins paste fragments.
 */
import type { OktaErrorInfo } from '../admin/contract.js';

interface OktaErrorEntry extends OktaErrorInfo {
  patterns: readonly RegExp[];
  /** More general entries this one makes redundant when both match. */
  supersedes?: readonly string[];
}

const CATALOGUE: readonly OktaErrorEntry[] = [
  {
    id: 'verify-user-unauthorized',
    title: 'Error while verifying if user X exists: Unauthorized',
    cause:
      'Okta worked with this endpoint before, but its token is no longer accepted: it was revoked, expired, or replaced by a new one that Okta does not have.',
    fix: 'Generate a new SCIM token, paste it in Okta (Provisioning > Integration > Edit > API Token, then Save), and retry the failed tasks in Okta (Dashboard > Tasks > Retry Selected).',
    patterns: [/verifying if user .* exists:?\s*unauthori[sz]ed/i, /errors reported by remote server:?\s*unauthori[sz]ed/i],
    supersedes: ['unauthorized'],
  },
  {
    id: 'unauthorized',
    title: 'Error authenticating: Unauthorized',
    cause: 'The endpoint refused the token Okta sent: it is not a SCIM Desk token, was mistyped, revoked or expired.',
    fix: 'In Okta choose Authentication Mode "HTTP Header", paste a current SCIM Desk token as the API Token (without "Bearer "), then Test API Credentials. The wizard\'s connector step names the exact reason SCIM Desk refused it.',
    patterns: [/error authenticating:?\s*unauthori[sz]ed/i, /\b401\b.*unauthori[sz]ed/i, /^\s*unauthori[sz]ed\.?\s*$/i],
  },
  {
    id: 'authenticating-null',
    title: 'Error authenticating: null',
    cause:
      'Okta got an answer it could not read: usually the base URL does not point at the SCIM endpoint (missing /scim/v2, a proxy or interstitial page answered), or the token was pasted with or without "Bearer " where the other form was needed.',
    fix: 'Paste the base URL exactly as SCIM Desk shows it (ending in /scim/v2), paste the token alone in HTTP Header mode, and run the self-probe on the endpoint step.',
    patterns: [/error authenticating:?\s*null/i],
  },
  {
    id: 'connect-timed-out',
    title: 'Error authenticating: Connect to <host>:443 failed: Connect timed out',
    cause: 'Okta could not open a connection to the base URL: the tunnel is stopped or its URL changed, the host name is wrong, a firewall blocks it, or DNS points to an internal address.',
    fix: 'Start the tunnel (or your reverse proxy), run the self-probe, and paste the public HTTPS base URL SCIM Desk shows into Okta.',
    patterns: [/connect(ion)? timed out/i, /connect to .*:\d+.*failed/i, /read timed out/i],
  },
  {
    id: 'no-route-to-host',
    title: 'No Route To Host',
    cause: 'The base URL points at an address Okta\'s cloud cannot reach, such as 127.0.0.1, localhost or a private network address.',
    fix: 'Okta calls from the internet: use the tunnel\'s public HTTPS URL (or your own public URL), not the local one.',
    patterns: [/no route to host/i, /unknownhost/i, /unknown host/i],
  },
  {
    id: 'empty-user',
    title: 'Create new user returned empty user',
    cause: 'The answer to POST /Users had no user in it. SCIM Desk always answers 201 with the user, so something else answered: a proxy, an interstitial page, or another server at that URL.',
    fix: 'Run the self-probe on the endpoint step: it tells whether the public URL reaches this endpoint or something else answers.',
    patterns: [/returned empty user/i, /empty user/i],
  },
  {
    id: 'display-name-exists',
    title: 'Resource [GROUP]: with displayName already exists',
    cause: 'Okta pushed a group whose name already exists in the app. Without Enhanced Group Push (which Clumio does not support) Okta cannot link to an existing group.',
    fix: 'Rename the group in Okta, or remove the existing group from SCIM Desk (rehearsal data: remove it in one step on the rehearsal page), then push again.',
    patterns: [/displayname already exists/i, /with displayname .*already exists/i, /group .*already exists/i],
  },
];

/** The pick list: every known error, in the order above. */
export function oktaErrorCatalogue(): OktaErrorInfo[] {
  return CATALOGUE.map(({ id, title, cause, fix }) => ({ id, title, cause, fix }));
}

/** The known errors a pasted text matches, most specific first; empty when nothing matches. */
export function diagnoseOktaError(text: string): OktaErrorInfo[] {
  const normalised = text.replace(/\s+/g, ' ').trim().slice(0, 10_000);
  if (normalised === '') return [];
  const matched = CATALOGUE.filter((entry) => entry.patterns.some((pattern) => pattern.test(normalised)));
  const superseded = new Set(matched.flatMap((entry) => entry.supersedes ?? []));
  return matched.filter((entry) => !superseded.has(entry.id)).map(({ id, title, cause, fix }) => ({ id, title, cause, fix }));
}
