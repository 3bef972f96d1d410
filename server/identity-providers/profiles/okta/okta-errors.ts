/**
 * Okta's own error texts, each with cause and fix as SCIM Desk sees it and the public page that quotes it
 * (docs/setup-wizard.md lists them). Okta's task messages read "<Okta's message>: <the app's answer>" (Okta,
 * "Troubleshoot provisioning"), so a pattern matches Okta's half or SCIM Desk's, whichever is distinctive.
 * `{tokenWhere}`, `{connectorTest}`, … are the words of the Okta app in use. `rollout` words an entry for when
 * Okta provisions into Clumio itself: the same text then means Clumio answered, and the fix is made there.
 */
import type { ErrorEntry } from '../../profile.js';

const OKTA_TROUBLESHOOTING = 'https://help.okta.com/oie/en-us/Content/Topics/Provisioning/lcm/troubleshooting.htm';
const GROUP_PUSH_TROUBLESHOOTING =
  'https://help.okta.com/en-us/Content/Topics/users-groups-profiles/usgp-group-push-troubleshoot.htm';
const RETRY = 'retry the failed tasks in Okta (Dashboard → Tasks → Retry Selected)';

export const OKTA_ERRORS: readonly ErrorEntry[] = [
  {
    id: 'verify-user-unauthorized',
    title: 'Error while verifying if user X exists: Unauthorized',
    cause:
      'Okta worked with this endpoint before, but its token is no longer accepted: it was revoked, expired, or replaced by a new one that Okta does not have.',
    fix: `Generate a new SCIM token, paste it into {tokenWhere} ({integrationPath}), {connectorTest}, Save, and ${RETRY}.`,
    source:
      'https://support.okta.com/help/s/article/forest-admin-provisioning-error-unauthorized-errors-reported-by-remote-server-invalid-scim-token-please-check-your-configuration',
    patterns: [
      /verifying if user .* exists:?\s*unauthori[sz]ed/i,
      /errors reported by remote server:?\s*unauthori[sz]ed/i,
    ],
    supersedes: ['unauthorized'],
    seen: 'refused-token',
    rollout: {
      cause:
        'Clumio no longer accepts the SCIM API token Okta sends: it was regenerated in Clumio (which ends the old one) or pasted wrong.',
      fix: `In Clumio, generate a new SCIM API token (Settings → Access management → Auto user provisioning → Configure SCIM), paste it alone into {tokenWhere} ({integrationPath}), {connectorTest}, Save, and ${RETRY}.`,
    },
  },
  {
    id: 'unauthorized',
    title: 'Error authenticating: Unauthorized',
    cause: 'The endpoint refused the token Okta sent: it is not a SCIM Desk token, was mistyped, revoked or expired.',
    fix: 'Paste a current SCIM Desk token into {tokenWhere}, alone (without "Bearer "), then {connectorTest}. The wizard\'s connector step names the exact reason SCIM Desk refused it.',
    source: 'https://support.okta.com/help/s/article/error-authenticating-unauthorized',
    patterns: [/error authenticating:?\s*unauthori[sz]ed/i, /\b401\b.*unauthori[sz]ed/i, /^\s*unauthori[sz]ed\.?\s*$/i],
    seen: 'refused-token',
    rollout: {
      cause:
        'Clumio refused the token Okta sent: it is not Clumio\'s current SCIM API token, was mistyped, or was pasted with "Bearer " in front.',
      fix: `In Clumio, generate a new SCIM API token (Settings → Access management → Auto user provisioning → Configure SCIM), paste it alone into {tokenWhere} ({integrationPath}), {connectorTest}, Save, and ${RETRY}.`,
    },
  },
  {
    id: 'authenticating-null',
    title: 'Error authenticating: null',
    cause:
      'Okta got an answer it could not read: usually the {urlField} does not point at the SCIM endpoint (missing /scim/v2, a proxy or interstitial page answered), or the token was pasted with "Bearer " in front.',
    fix: 'Paste the {urlField} exactly as SCIM Desk shows it (ending in /scim/v2), paste the token alone into {tokenWhere}, and run the self-probe on the endpoint step.',
    source: 'https://github.com/grokability/snipe-it/issues/13901',
    patterns: [/error authenticating:?\s*null/i],
    seen: ['wrong-path', 'refused-token'],
    rollout: {
      cause:
        'Okta got an answer it could not read: usually the {urlField} is not exactly Clumio\'s SCIM base URL, or the token was pasted with "Bearer " in front.',
      fix: 'Paste the SCIM base URL exactly as Clumio shows it under Configure SCIM as the {urlField}, paste the SCIM API token alone into {tokenWhere}, then {connectorTest}.',
    },
  },
  {
    id: 'connect-timed-out',
    title: 'Error authenticating: Connect to <host>:443 failed: Connect timed out',
    cause:
      'Okta could not open a connection to the {urlField}: the tunnel is stopped or its URL changed, the host name is wrong, a firewall blocks it, or DNS points to an internal address.',
    fix: 'Start the tunnel (or your reverse proxy), run the self-probe, and paste the public HTTPS URL SCIM Desk shows as the {urlField}.',
    source:
      'https://support.okta.com/help/s/article/scim-connector-configuration-error-connect-timed-out-during-test-connection-in-okta',
    patterns: [/connect(ion)? timed out/i, /connect to .*:\d+.*failed/i, /read timed out/i],
    seen: 'reachability',
    rollout: {
      cause:
        "Okta could not open a connection to the {urlField}: it is not Clumio's SCIM base URL (a mistyped host, or a URL from a rehearsal).",
      fix: 'Paste the SCIM base URL exactly as Clumio shows it under Configure SCIM as the {urlField} ({integrationPath}), then {connectorTest}.',
    },
  },
  {
    id: 'no-route-to-host',
    title: 'No Route To Host',
    cause:
      "The {urlField} points at an address Okta's cloud cannot reach, such as 127.0.0.1, localhost or a private network address.",
    fix: "Okta calls from the internet: use the tunnel's public HTTPS URL (or your own public URL), not the local one.",
    source: 'https://devforum.okta.com/t/scim-based-user-provisioning/6084',
    patterns: [/no route to host/i, /unknownhost/i, /unknown host/i],
    seen: 'reachability',
    rollout: {
      cause:
        "The {urlField} points at an address Okta's cloud cannot reach, such as a local or private address from a rehearsal.",
      fix: 'Paste the SCIM base URL Clumio shows under Configure SCIM as the {urlField} ({integrationPath}), then {connectorTest}.',
    },
  },
  {
    id: 'empty-user',
    title: 'Create new user returned empty user',
    cause:
      'The answer to POST /Users had no user in it. SCIM Desk always answers 201 with the user, so something else answered: a proxy, an interstitial page, or another server at that URL.',
    fix: 'Run the self-probe on the endpoint step: it tells whether the public URL reaches this endpoint or something else answers.',
    source: 'https://developer.okta.com/docs/reference/scim/scim-20/',
    patterns: [/returned empty user/i, /empty user/i],
    seen: ['creates-answered', 'reachability'],
    rollout: {
      cause:
        "The answer to the user creation had no user in it: the {urlField} probably does not reach Clumio's SCIM API (something else answered).",
      fix: `Paste the SCIM base URL exactly as Clumio shows it under Configure SCIM as the {urlField}, {connectorTest}, Save, then ${RETRY}.`,
    },
  },
  {
    id: 'user-create-conflict',
    title:
      'Automatic provisioning of user X to app Y failed: Error while creating user X: Conflict. Errors reported by remote server: A user with userName already exists',
    cause:
      'SCIM Desk answered 409: a user with that userName already exists here, created earlier by another client, a rehearsal, or by Okta itself before it lost the link (a re-assignment after the user was unassigned). Okta meets this in normal re-assignments; it creates nothing.',
    fix: `If the existing user is this person, nothing is lost: it stays as it is here. To have Okta manage it again, remove the existing user here (rehearsal data: in one step on the Setup page), or change the username in Okta, then ${RETRY}.`,
    source:
      'https://support.okta.com/help/s/article/TravelPerk-Provisioning-Error-while-creating-user-Conflict-Errors-reported-by-remote-server-A-user-with-userName-already-exists-The-userName-must-be-unique',
    patterns: [
      /error while creating user (?!group\b).*conflict/i,
      /\bconflict\b.*\buser(name)?\b.*already exists/i,
      /user with username .*already exists/i,
      /\buser already exists\b/i,
    ],
    seen: 'user-name-conflict',
    rollout: {
      cause:
        'Clumio answered 409: a user with that userName (the email) already exists in Clumio, made by hand or by an earlier provisioning that Okta no longer links to.',
      fix: `Nothing is lost: the existing Clumio user stays. To have Okta manage it, remove the user in Clumio (Settings → Users) or change the username in Okta, then ${RETRY}.`,
    },
  },
  {
    id: 'display-name-exists',
    title: 'Resource [GROUP]: with displayName already exists',
    cause:
      'Okta pushed a group whose name already exists in the app. Without Enhanced Group Push (which Clumio does not support) Okta cannot link to an existing group.',
    fix: 'Rename the group in Okta, or remove the existing group from SCIM Desk (rehearsal data: remove it in one step on the rehearsal panel), then push again.',
    source: 'https://support.okta.com/help/s/article/Okta-group-push-to-existing-groups-in-Atlassian',
    patterns: [
      /displayname already exists/i,
      /with displayname .*already exists/i,
      /group .*already exists/i,
      /creating user group .*conflict/i,
    ],
    supersedes: ['group-create-failed'],
    seen: 'group-name-conflict',
    rollout: {
      cause:
        'Okta pushed a group whose name already exists in Clumio. Without Enhanced Group Push (which Clumio does not support) Okta cannot link to an existing group.',
      fix: 'Rename the group in Okta, or remove the existing group from Clumio, then push it again (Push Groups → the group → Push Now).',
    },
  },
  {
    id: 'group-create-failed',
    title: 'Unable to update Group Push mapping target App group X: Error while creating user group X: …',
    cause:
      "Okta's group push could not create the group here: SCIM Desk refused the POST /Groups (its answer follows the colon), or something in front of it answered.",
    fix: "Open the failed POST /Groups in the Activity view for SCIM Desk's answer; fix what it names, then Push Groups → the group → Retry (or Retry All Groups).",
    source: 'https://support.okta.com/help/s/article/minimum-permissions-required-for-group-push-in-okta-org2org',
    patterns: [/error while creating user group/i],
    seen: [{ failed: 'group-create' }, 'reachability'],
    rollout: {
      cause:
        "Clumio refused to create the pushed group (its answer follows the colon), or the {urlField} does not reach Clumio's SCIM API.",
      fix: "Fix what Clumio's answer names (a name that exists already: rename the group in Okta), check the {urlField} against Clumio's SCIM base URL, then Push Groups → the group → Retry.",
    },
  },
  {
    id: 'matching-user-not-found',
    title: 'Automatic provisioning of user X to app Y failed: Matching user not found',
    cause:
      'Okta looked the user up (GET /Users?filter=userName eq …), found nobody, and was not allowed to create one: Create Users is off in Provisioning → To App, or the account was deleted on the app side (here: removed rehearsal data, or a DELETE).',
    fix: `Enable Create Users (Provisioning → To App → Edit), then unassign and reassign the user in Okta (Assignments), or ${RETRY}.`,
    source:
      'https://support.okta.com/help/s/article/matching-user-not-found-provisioning-error-to-downstream-applications',
    patterns: [/matching user not found/i],
    seen: 'user-lookups',
    rollout: {
      cause:
        'Okta looked the user up in Clumio, found nobody, and was not allowed to create one: Create Users is off in Provisioning → To App, or the user was removed in Clumio.',
      fix: `Enable Create Users (Provisioning → To App → Edit), then unassign and reassign the user in Okta (Assignments), or ${RETRY}.`,
    },
  },
  {
    id: 'user-account-inactive',
    title: 'Automatic provisioning of user X to app Y failed: User account is inactive',
    cause:
      'Okta re-assigned a user whose account here is deactivated (active false), and Deactivate Users is off, so Okta may not reactivate it: that setting covers reactivation too.',
    fix: `Enable Deactivate Users (Provisioning → To App → Edit), then ${RETRY}: Okta then sends active true.`,
    source:
      'https://support.okta.com/help/s/article/Airbase-Provisioning-Error-Automatic-provisioning-of-user-to-app-Airbase-failed-User-account-is-inactive',
    patterns: [/user account is inactive/i],
    seen: 'inactive-users',
    rollout: {
      cause:
        'Okta re-assigned a user whose Clumio account is deactivated, and Deactivate Users is off, so Okta may not reactivate it: that setting covers reactivation too.',
      fix: `Enable Deactivate Users (Provisioning → To App → Edit), then ${RETRY}: Okta then sends the user as active.`,
    },
  },
  {
    id: 'deactivation-not-sent',
    title: 'Push user deactivation to external application (failed, or a user unassigned in Okta stays active here)',
    cause:
      "Okta sends a deactivation only for a user it linked to an account here: when the user's provisioning failed earlier, Okta holds no id for it and sends nothing when it is unassigned. A refused deactivation shows as a failed PATCH (or PUT) in the Activity view.",
    fix: "Enable Deactivate Users (Provisioning → To App → Edit). For a user Okta never linked, fix the first failed task for it (Dashboard → Tasks), or deactivate the account here; a refused deactivation: read SCIM Desk's answer in the Activity view.",
    source: 'https://devforum.okta.com/t/removing-user-from-app/7207',
    patterns: [/push user deactivation/i, /deactivat\w* .*\bfailed\b/i, /\bfailed\b.*deactivat/i],
    seen: [{ failed: 'user-deactivate' }, 'deactivations'],
    rollout: {
      cause:
        "Okta sends a deactivation only for a user it linked to a Clumio account: when the user's provisioning failed earlier, Okta holds no id for it and sends nothing when it is unassigned.",
      fix: 'Enable Deactivate Users (Provisioning → To App → Edit). For a user Okta never linked, fix the first failed task for it (Dashboard → Tasks), or deactivate the user in Clumio.',
    },
  },
  {
    id: 'credentials-invalid',
    title: 'The credentials used to connect to the API were invalid; please check your configuration',
    cause:
      'The token saved in {tokenWhere} is no longer valid for this endpoint (revoked, expired, or from another data folder).',
    fix: `Generate a token here, paste it into {tokenWhere} ({integrationPath}), {connectorTest}, Save, then ${RETRY}.`,
    source: OKTA_TROUBLESHOOTING,
    patterns: [/credentials used to connect to the api were invalid/i],
    seen: 'refused-token',
    rollout: {
      cause:
        "The token saved in {tokenWhere} is no longer Clumio's SCIM API token (it was regenerated in Clumio, or mistyped).",
      fix: `In Clumio, generate a new SCIM API token (Settings → Access management → Auto user provisioning → Configure SCIM), paste it alone into {tokenWhere} ({integrationPath}), {connectorTest}, Save, and ${RETRY}.`,
    },
  },
  {
    id: 'could-not-verify-admin-credentials',
    title: 'Could not verify the administrator credentials; please confirm that these are set correctly',
    cause:
      "Okta could not authenticate with what is configured in {integrationPath}: with SCIM Desk, the token is missing or wrong, or (in a custom app integration) the Authentication Mode is not HTTP Header. Okta's article adds that a connector cannot pass MFA either.",
    fix: 'Paste a current SCIM Desk token into {tokenWhere}, then {connectorTest}.',
    source: 'https://support.okta.com/help/s/article/The-SCIM-Protocol-Does-Not-Support-MFA',
    patterns: [/could not verify the administrator credentials/i],
    seen: 'refused-token',
    rollout: {
      cause:
        'Okta could not authenticate with what is configured in {integrationPath}: the Clumio SCIM API token is missing or wrong, or (in a custom app integration) the Authentication Mode is not HTTP Header.',
      fix: "Paste Clumio's current SCIM API token alone into {tokenWhere}, then {connectorTest}.",
    },
  },
  {
    id: 'push-profile-update-failed',
    title: 'An error occurred while pushing a profile update to this app',
    cause:
      'The PUT (or PATCH) Okta sent for a profile change was refused: a required attribute mapped to an empty value, or a value of the wrong type.',
    fix: `Open the failed request in the Activity view: SCIM Desk's answer names the attribute. Fix that mapping in Okta (Provisioning → To App → attribute mappings) and ${RETRY}.`,
    source:
      'https://support.workvivo.com/hc/en-gb/articles/33756072622237-Troubleshooting-Okta-SCIM-Profile-Update-Failures',
    patterns: [/error occurred while pushing a profile update/i],
    seen: { failed: 'user-update' },
    rollout: {
      cause:
        'Clumio refused the profile update Okta sent: a required attribute mapped to an empty value, or a value of the wrong type.',
      fix: `Fix that attribute mapping in Okta (Provisioning → To App → attribute mappings), then ${RETRY}.`,
    },
  },
  {
    id: 'push-profile-bad-request',
    title: 'Error while trying to push profile update for X: Bad Request. Errors reported by remote server: …',
    cause:
      'SCIM Desk answered 400 to a profile update: the body is not valid SCIM for this endpoint (the text after "remote server:" is SCIM Desk\'s detail).',
    fix: `Read the detail in the Activity view (the failed PUT/PATCH) and fix the attribute mapping in Okta it names; then ${RETRY}.`,
    source: 'https://github.com/fleetdm/fleet/issues/53446',
    patterns: [/error while trying to push profile update/i, /bad request\.? errors reported by remote server/i],
    supersedes: ['push-profile-update-failed'],
    seen: { failed: 'user-update', status: 400 },
    rollout: {
      cause: 'Clumio answered 400 to a profile update (the text after "remote server:" is Clumio\'s detail).',
      fix: `Fix the attribute mapping in Okta that Clumio's detail names, then ${RETRY}.`,
    },
  },
  {
    id: 'unrecognized-token',
    title: "Unrecognized token '…' (Okta could not parse the answer)",
    cause:
      'The answer was not JSON: something other than SCIM Desk answered (a proxy error page, an interstitial, another server), since SCIM Desk answers every error as SCIM JSON.',
    fix: 'Run the self-probe on the endpoint step; make sure the {urlField} ends in /scim/v2 and reaches this endpoint.',
    source: 'https://github.com/Metatavu/keycloak-scim-server/pull/114',
    patterns: [/unrecognized token/i],
    seen: 'reachability',
    rollout: {
      cause:
        "The answer was not JSON: something other than Clumio's SCIM API answered (a wrong {urlField}, a proxy error page).",
      fix: 'Paste the SCIM base URL exactly as Clumio shows it under Configure SCIM as the {urlField}, then {connectorTest}.',
    },
  },
  {
    id: 'group-membership-update-failed',
    title:
      'Unable to update Group Push mapping target App group X: Error while updating user group membership for group X',
    cause:
      'A membership update of a pushed group was refused. SCIM Desk supports add, remove and replace on members; a refusal here means a member is not a user of this endpoint or the group was removed here.',
    fix: 'Check the failed PATCH (or PUT) in the Activity view. Make sure every member is assigned to the app (so it exists here), then Push Groups → Push Now or Retry All Groups.',
    source: 'https://github.com/Captain-P-Goldfish/scim-for-keycloak/issues/144',
    patterns: [
      /error while updating user group membership/i,
      /unable to update group push mapping(?!.*error while creating user group)/i,
    ],
    seen: { failed: 'membership-change' },
    rollout: {
      cause:
        'Clumio refused a membership update of a pushed group: a member is not a Clumio user yet (not assigned to the app, or not provisioned), or the group was removed in Clumio.',
      fix: 'Make sure every member is assigned to the app in Okta (so Okta creates it in Clumio), then Push Groups → Push Now or Retry All Groups.',
    },
  },
  {
    id: 'group-push-user-not-found',
    title: 'Not Found. Errors reported by remote server: User not found',
    cause:
      'Okta pushed a membership for a user id this endpoint does not have: the user was removed here (rehearsal data removed, or a DELETE) while Okta still links to it.',
    fix: 'Unassign and reassign the user in Okta so it is created again, then Push Groups → Push Now.',
    source: 'https://github.com/getsentry/sentry/issues/122540',
    patterns: [/not found\.? errors reported by remote server:?\s*user not found/i, /user not found/i],
    seen: [
      { failed: 'membership-change', status: 404 },
      { failed: 'membership-change', status: 400 },
    ],
    rollout: {
      cause:
        'Okta pushed a membership for a user Clumio does not have: the user was removed in Clumio while Okta still links to it.',
      fix: 'Unassign and reassign the user in Okta so it is created in Clumio again, then Push Groups → Push Now.',
    },
  },
  {
    id: 'group-push-members-missing',
    title: 'Groups appear in the target app without their users',
    cause:
      "Okta pushes a group's members only when they are also assigned to the app, active in Okta, and already provisioned; and it does not support pushing the group that assigns the app.",
    fix: 'Assign the members to the app (Assignments), reactivate inactive ones, push a group that is not the assignment group, then Push Groups → Retry All Groups (or Push Now).',
    source: GROUP_PUSH_TROUBLESHOOTING,
    patterns: [
      /without (their|its) (users|members)/i,
      /push status:?\s*error/i,
      /members? (do not|don't|did not|never) (appear|arrive)/i,
    ],
    seen: 'membership-pushes',
  },
];

/** What only Okta's texts contain: its task message frames and button names. */
export const OKTA_RECOGNISED_BY: readonly RegExp[] = [
  /errors reported by remote server/i,
  /automatic provisioning of user/i,
  /error authenticating/i,
  /test api credentials|test connector configuration/i,
  /group push mapping/i,
  /push(ing)? (a )?profile update/i,
  /error while (creating|verifying|updating|trying)/i,
  /create new user returned empty user/i,
  /matching user not found/i,
  /push user deactivation/i,
];
