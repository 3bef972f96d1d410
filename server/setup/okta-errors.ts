/**
 * Okta's own error texts (DOMAIN §3.4 and the sources below), each with cause and fix as SCIM Desk sees it.
 * Every `source` is a public page quoting the text; docs/setup-wizard.md lists them.
 */
import type { ErrorEntry } from './error-explainer.js';
import { seenCreatesAnswered, seenFailedRequest, seenReachability, seenRefusedToken, seenWrongPath } from './error-seen.js';

const OKTA_TROUBLESHOOTING = 'https://help.okta.com/oie/en-us/Content/Topics/Provisioning/lcm/troubleshooting.htm';

export const OKTA_ERRORS: readonly ErrorEntry[] = [
  {
    id: 'verify-user-unauthorized',
    title: 'Error while verifying if user X exists: Unauthorized',
    cause:
      'Okta worked with this endpoint before, but its token is no longer accepted: it was revoked, expired, or replaced by a new one that Okta does not have.',
    fix: 'Generate a new SCIM token, paste it in Okta (Provisioning > Integration > Edit > API Token, then Save), and retry the failed tasks in Okta (Dashboard > Tasks > Retry Selected).',
    source: 'https://support.okta.com/help/s/article/forest-admin-provisioning-error-unauthorized-errors-reported-by-remote-server-invalid-scim-token-please-check-your-configuration',
    patterns: [/verifying if user .* exists:?\s*unauthori[sz]ed/i, /errors reported by remote server:?\s*unauthori[sz]ed/i],
    supersedes: ['unauthorized'],
    seen: seenRefusedToken,
  },
  {
    id: 'unauthorized',
    title: 'Error authenticating: Unauthorized',
    cause: 'The endpoint refused the token Okta sent: it is not a SCIM Desk token, was mistyped, revoked or expired.',
    fix: 'In Okta choose Authentication Mode "HTTP Header", paste a current SCIM Desk token as the API Token (without "Bearer "), then Test API Credentials. The wizard\'s connector step names the exact reason SCIM Desk refused it.',
    source: 'https://support.okta.com/help/s/article/error-authenticating-unauthorized',
    patterns: [/error authenticating:?\s*unauthori[sz]ed/i, /\b401\b.*unauthori[sz]ed/i, /^\s*unauthori[sz]ed\.?\s*$/i],
    seen: seenRefusedToken,
  },
  {
    id: 'authenticating-null',
    title: 'Error authenticating: null',
    cause:
      'Okta got an answer it could not read: usually the base URL does not point at the SCIM endpoint (missing /scim/v2, a proxy or interstitial page answered), or the token was pasted with or without "Bearer " where the other form was needed.',
    fix: 'Paste the base URL exactly as SCIM Desk shows it (ending in /scim/v2), paste the token alone in HTTP Header mode, and run the self-probe on the endpoint step.',
    source: 'https://github.com/grokability/snipe-it/issues/13901',
    patterns: [/error authenticating:?\s*null/i],
    seen: (facts) => seenWrongPath(facts) ?? seenRefusedToken(facts),
  },
  {
    id: 'connect-timed-out',
    title: 'Error authenticating: Connect to <host>:443 failed: Connect timed out',
    cause: 'Okta could not open a connection to the base URL: the tunnel is stopped or its URL changed, the host name is wrong, a firewall blocks it, or DNS points to an internal address.',
    fix: 'Start the tunnel (or your reverse proxy), run the self-probe, and paste the public HTTPS base URL SCIM Desk shows into Okta.',
    source: 'https://support.okta.com/help/s/article/scim-connector-configuration-error-connect-timed-out-during-test-connection-in-okta',
    patterns: [/connect(ion)? timed out/i, /connect to .*:\d+.*failed/i, /read timed out/i],
    seen: seenReachability,
  },
  {
    id: 'no-route-to-host',
    title: 'No Route To Host',
    cause: 'The base URL points at an address Okta\'s cloud cannot reach, such as 127.0.0.1, localhost or a private network address.',
    fix: 'Okta calls from the internet: use the tunnel\'s public HTTPS URL (or your own public URL), not the local one.',
    source: 'https://devforum.okta.com/t/scim-based-user-provisioning/6084',
    patterns: [/no route to host/i, /unknownhost/i, /unknown host/i],
    seen: seenReachability,
  },
  {
    id: 'empty-user',
    title: 'Create new user returned empty user',
    cause: 'The answer to POST /Users had no user in it. SCIM Desk always answers 201 with the user, so something else answered: a proxy, an interstitial page, or another server at that URL.',
    fix: 'Run the self-probe on the endpoint step: it tells whether the public URL reaches this endpoint or something else answers.',
    source: 'https://developer.okta.com/docs/reference/scim/scim-20/',
    patterns: [/returned empty user/i, /empty user/i],
    seen: (facts) => seenCreatesAnswered(facts) ?? seenReachability(facts),
  },
  {
    id: 'display-name-exists',
    title: 'Resource [GROUP]: with displayName already exists',
    cause: 'Okta pushed a group whose name already exists in the app. Without Enhanced Group Push (which Clumio does not support) Okta cannot link to an existing group.',
    fix: 'Rename the group in Okta, or remove the existing group from SCIM Desk (rehearsal data: remove it in one step on the rehearsal page), then push again.',
    source: 'https://support.okta.com/help/s/article/Okta-group-push-to-existing-groups-in-Atlassian',
    patterns: [/displayname already exists/i, /with displayname .*already exists/i, /group .*already exists/i],
    seen: (facts) => {
      const conflict = facts.evidence.groupNameConflicts.at(-1);
      return conflict ? `SCIM Desk answered 409 to a push of "${conflict.resourceName ?? '?'}" at ${conflict.time}.` : null;
    },
  },
  {
    id: 'matching-user-not-found',
    title: 'Automatic provisioning of user X to app Y failed: Matching user not found',
    cause: 'Okta looked the user up (GET /Users?filter=userName eq …), found nobody, and was not allowed to create one: Create Users is off in Provisioning > To App, or the account was deleted on the app side (here: removed rehearsal data, or a DELETE).',
    fix: 'Enable Create Users (Provisioning > To App > Edit), then unassign and reassign the user in Okta (Assignments), or retry the task (Dashboard > Tasks > Retry Selected).',
    source: 'https://support.okta.com/help/s/article/matching-user-not-found-provisioning-error-to-downstream-applications',
    patterns: [/matching user not found/i],
    seen: (facts) => {
      const lookup = facts.summary.succeeded['user-lookup'];
      if (!lookup) return null;
      const created = facts.summary.succeeded['user-create'];
      return `${lookup.count} userName lookup(s) and ${created?.count ?? 0} creation(s) arrived: ${created ? 'creations work' : 'no creation has arrived, so Create Users is probably off'}.`;
    },
  },
  {
    id: 'credentials-invalid',
    title: 'The credentials used to connect to the API were invalid; please check your configuration',
    cause: 'The API Token saved in Okta\'s Provisioning > Integration is no longer valid for this endpoint (revoked, expired, or from another data folder).',
    fix: 'Generate a token here, paste it as the API Token in Provisioning > Integration > Edit, Test API Credentials, Save, then retry the failed tasks (Dashboard > Tasks).',
    source: OKTA_TROUBLESHOOTING,
    patterns: [/credentials used to connect to the api were invalid/i],
    seen: seenRefusedToken,
  },
  {
    id: 'could-not-verify-admin-credentials',
    title: 'Could not verify the administrator credentials; please confirm that these are set correctly',
    cause: 'Okta could not authenticate with what is configured in Provisioning > Integration: with SCIM Desk, the token is missing, wrong, or the authentication mode is not "HTTP Header" (Okta\'s article: a connector cannot pass MFA either).',
    fix: 'Choose Authentication Mode "HTTP Header", paste a current SCIM Desk token as the API Token, Test API Credentials.',
    source: 'https://support.okta.com/help/s/article/The-SCIM-Protocol-Does-Not-Support-MFA',
    patterns: [/could not verify the administrator credentials/i],
    seen: seenRefusedToken,
  },
  {
    id: 'push-profile-update-failed',
    title: 'An error occurred while pushing a profile update to this app',
    cause: 'The PUT (or PATCH) Okta sent for a profile change was refused: a required attribute mapped to an empty value, or a value of the wrong type.',
    fix: 'Open the failed request in the Activity view: SCIM Desk\'s answer names the attribute. Fix that mapping in Okta (Provisioning > To App > attribute mappings) and retry the task.',
    source: 'https://support.workvivo.com/hc/en-gb/articles/33756072622237-Troubleshooting-Okta-SCIM-Profile-Update-Failures',
    patterns: [/error occurred while pushing a profile update/i],
    seen: (facts) => seenFailedRequest(facts, 'user-update'),
  },
  {
    id: 'push-profile-bad-request',
    title: 'Error while trying to push profile update for X: Bad Request. Errors reported by remote server: …',
    cause: 'SCIM Desk answered 400 to a profile update: the body is not valid SCIM for this endpoint (the text after "remote server:" is SCIM Desk\'s detail).',
    fix: 'Read the detail in the Activity view (the failed PUT/PATCH) and fix the attribute mapping in Okta it names; then retry the task.',
    source: 'https://github.com/fleetdm/fleet/issues/53446',
    patterns: [/error while trying to push profile update/i, /bad request\.? errors reported by remote server/i],
    supersedes: ['push-profile-update-failed'],
    seen: (facts) => seenFailedRequest(facts, 'user-update', 400),
  },
  {
    id: 'unrecognized-token',
    title: "Unrecognized token '…' (Okta could not parse the answer)",
    cause: 'The answer was not JSON: something other than SCIM Desk answered (a proxy error page, an interstitial, another server), since SCIM Desk answers every error as SCIM JSON.',
    fix: 'Run the self-probe on the endpoint step; make sure the base URL ends in /scim/v2 and reaches this endpoint.',
    source: 'https://github.com/Metatavu/keycloak-scim-server/pull/114',
    patterns: [/unrecognized token/i],
    seen: seenReachability,
  },
  {
    id: 'group-membership-update-failed',
    title: 'Unable to update Group Push mapping target App group X: Error while updating user group membership for group X',
    cause: 'A membership PATCH of a pushed group was refused. SCIM Desk supports add, remove and replace on members; a refusal here means a member is not a user of this endpoint or the group was removed here.',
    fix: 'Check the failed PATCH in the Activity view. Make sure every member is assigned to the app (so it exists here), then Push Groups > Push Now or Retry All Groups.',
    source: 'https://github.com/Captain-P-Goldfish/scim-for-keycloak/issues/144',
    patterns: [/unable to update group push mapping/i, /error while updating user group membership/i],
    seen: (facts) => seenFailedRequest(facts, 'membership-change'),
  },
  {
    id: 'group-push-user-not-found',
    title: 'Not Found. Errors reported by remote server: User not found',
    cause: 'Okta pushed a membership for a user id this endpoint does not have: the user was removed here (rehearsal data removed, or a DELETE) while Okta still links to it.',
    fix: 'Unassign and reassign the user in Okta so it is created again, then Push Groups > Push Now.',
    source: 'https://github.com/getsentry/sentry/issues/122540',
    patterns: [/not found\.? errors reported by remote server:?\s*user not found/i, /user not found/i],
    seen: (facts) => seenFailedRequest(facts, 'membership-change', 404) ?? seenFailedRequest(facts, 'membership-change', 400),
  },
];
