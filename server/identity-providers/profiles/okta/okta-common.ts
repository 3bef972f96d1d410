/**
 * What both kinds of Okta app share: the Sign On tab, Provisioning → To App, Push Groups, the admin's own
 * account, the warnings and the error catalogue, in the Okta Admin Console's words (Okta's help pages and
 * Clumio's Okta article; docs/setup-wizard.md cites each). The two app modules (clumio-catalog.ts,
 * custom-scim.ts) add their own Provisioning screen: its field names, its test button, its rehearsal.
 */
import type {
  ConnectionProblem,
  LockoutWords,
  ProfileStep,
  ProfileWords,
  RolloutWords,
  WarningKind,
  WarningWords,
} from '../../profile.js';
import {
  CLUMIO_ADMIN_STEP,
  CLUMIO_CONNECTION_STEP,
  ROLLOUT_ENABLE_STEP,
  ROLLOUT_PROVISIONING_METHOD_STEP,
  ROLLOUT_SUPER_ADMIN_RULE_STEP,
} from '../shared-steps.js';

/** The Okta words that do not depend on the app; each app module adds its screen's. */
export const OKTA_WORDS = {
  name: 'Okta',
  short: 'Okta',
  idpBlurb: 'An Okta org: the Clumio app from the catalog, or an app integration of your own with SCIM provisioning.',
  tokenName: 'SCIM token',
  tokenLabel: 'Okta',
  integrationPath: 'Provisioning → Integration → Edit',
  username: 'Okta username',
  usernameLabel: 'Your Okta username (as Okta sends it, an email)',
  notConnected: 'First get {connectorTest} through (step 4). Then:',
  explainerPrompt: "Paste Okta's message",
  explainerPlaceholder: 'Error authenticating: Unauthorized. The connector configuration could not be tested…',
} satisfies Partial<ProfileWords>;

const OKTA_APP = 'Applications → Applications → your app';

export const USERNAME_FORMAT_STEP: ProfileStep = {
  id: 'username-format',
  title: 'Okta Sign On tab: Application username format = Email',
  console: 'identity-provider',
  instructions: [
    { path: [OKTA_APP, 'Sign On', 'Edit', '**Application username format** = Email', 'Save'] },
    'Checked when users arrive: every userName must look like an email address.',
  ],
  says: {
    'before-users':
      "On the app's Sign On tab set Application username format to Email; it is checked when the first user arrives.",
    'not-email':
      "On the app's Sign On tab set Application username format to Email, then update the users in Okta (Assignments → Edit) so they arrive again with email userNames.",
  },
};

export const CREATE_USERS_STEP: ProfileStep = {
  id: 'create-users',
  title: 'Okta To App: Create Users (assign a user to the app)',
  console: 'identity-provider',
  instructions: [
    { path: ['Provisioning', 'To App', 'Edit', '**Create Users**: Enable', 'Save'] },
    { path: ['Assignments', 'Assign', 'Assign to People (or Groups)', 'Save and Go Back'] },
  ],
  cautions: ['Use an assignment group that is not the group you will push in step 9.'],
  says: {
    'not-yet':
      'In Okta: Provisioning → To App → Edit, enable Create Users, Save; then assign a user (Assignments → Assign to People).',
    failed:
      "Okta's last user creation failed: {cause}. Open it in the activity view, fix what it names in Okta, then retry the task (Dashboard → Tasks → Retry Selected).",
  },
};

export const UPDATE_USERS_STEP: ProfileStep = {
  id: 'update-users',
  title: 'Okta To App: Update User Attributes',
  console: 'identity-provider',
  instructions: [
    { path: ['Provisioning', 'To App', 'Edit', '**Update User Attributes**: Enable', 'Save'] },
    'Change a profile field of an assigned user (for example the title) in Directory → People: Okta sends the update.',
  ],
  says: {
    'not-yet':
      "Enable Update User Attributes in Provisioning → To App, then change an assigned user's profile (e.g. the title) in Okta.",
  },
};

export const DEACTIVATE_USERS_STEP: ProfileStep = {
  id: 'deactivate-users',
  title: 'Okta To App: Deactivate Users',
  console: 'identity-provider',
  instructions: [
    { path: ['Provisioning', 'To App', 'Edit', '**Deactivate Users**: Enable', 'Save'] },
    'Unassign a test user from the app (or deactivate them in Okta): Okta sends active = false. It never deletes users.',
  ],
  says: {
    'not-yet': 'Enable Deactivate Users in Provisioning → To App; unassigning a test user from the app sends it.',
    failed: "Okta's last deactivation failed: {cause}. Open it in the activity view for SCIM Desk's answer.",
  },
};

export const SYNC_PASSWORD_STEP: ProfileStep = {
  id: 'sync-password-off',
  title: 'Okta To App: leave Sync Password off',
  console: 'identity-provider',
  instructions: [
    { path: ['Provisioning', 'To App', 'Edit', 'leave **Sync Password** off'] },
    'Clumio does not support it. Checked when users arrive: a creation or update that carries a password means it is on.',
  ],
  says: {
    'password-sent':
      'Clumio does not support Sync Password: turn it off in Provisioning → To App → Edit. SCIM Desk never stores the password it received.',
    'not-yet':
      'Leave Sync Password off in Provisioning → To App (Clumio does not support it); checked when users arrive.',
  },
};

export const PUSH_GROUPS_STEP: ProfileStep = {
  id: 'push-groups',
  title: 'Okta Push Groups: push the groups (separate from the assignment group)',
  console: 'identity-provider',
  instructions: [
    { path: [OKTA_APP, 'Push Groups', '+ Push Groups', 'Find groups by name (or by rule)'] },
    'Pick the group that will get Super Admin (for example "Clumio Admins") and any other groups the rules will use; keep "Push group memberships immediately" checked; Save.',
    'Choose "Create Group", not "Link Group": Clumio does not support Enhanced Group Push.',
  ],
  cautions: [
    'Push a group separate from the assignment group: Okta does not support using the same group for assignment and push.',
    'A group name that already exists here cannot be pushed again ("displayName already exists").',
    'Members only arrive when they are also assigned to the app.',
  ],
  says: {
    'not-pushed':
      'In Okta: Push Groups → + Push Groups → Find groups by name (or by rule), pick a group that is NOT the one assigning the app, Save. Keep "Push group memberships immediately" checked.',
    'name-exists':
      'A group named "{group}" already exists here and Okta cannot link to it: rename the group in Okta or remove the existing one, then push again.',
    'name-freed':
      'The group "{group}" that blocked the last push is gone now: push it again in Okta (Push Groups → the group → Push Now).',
    failed:
      "Okta's last group push failed: {cause}. Open it in the activity view for SCIM Desk's answer, then Push Groups → Retry All Groups.",
    'no-memberships':
      "{count} group(s) arrived but no memberships yet: a pushed group's members arrive only when they are also assigned to the app in Okta.",
  },
};

export const ADMIN_ACCOUNT_STEP: ProfileStep = {
  id: 'admin-account',
  title: 'Your own account synced and in the group that gets Super Admin',
  console: 'identity-provider',
  instructions: [
    'Assign your own Okta account to the app, and add it to the pushed group that will get Super Admin.',
    'Tell SCIM Desk which account is yours: it must stay Super Admin on the Global OU once auto user provisioning is on.',
  ],
  says: {
    'no-admin':
      'Enter your own {username} as the current admin (Settings): it is the account that must keep Super Admin.',
    'not-arrived':
      'Your account {admin} has not arrived from Okta yet: assign yourself to the app in Okta (Assignments → Assign to People) and add yourself to the pushed admin group.',
    deactivated:
      'Your account {admin} is deactivated here: Okta deactivated or unassigned it. Reassign it to the app in Okta.',
    'no-group':
      'Your account {admin} arrived but is in no pushed group: add it to the group that gets Super Admin (e.g. "Clumio Admins") in Okta and push that group.',
  },
};

/** The fix for a refused request, in the app's words (`{tokenWhere}`, `{connectorTest}`, …). */
export const OKTA_CONNECTION: Readonly<Record<ConnectionProblem, string>> = {
  missing:
    'Okta sent no token: paste the SCIM Desk token into {tokenWhere} ({integrationPath}), then {connectorTest} again.',
  malformed:
    'Paste the token alone (no "Bearer ", no quotes or spaces) into {tokenWhere} ({integrationPath}), then {connectorTest} again.',
  unknown:
    'Okta sent a token this endpoint never issued (mistyped, from another app, or from another SCIM Desk data folder). Generate a token here and paste it into {tokenWhere}, then {connectorTest}.',
  revoked:
    'Generate a new token and paste it into {tokenWhere} ({integrationPath}), then retry the failed tasks in Okta (Dashboard → Tasks → Retry Selected).',
  expired:
    'Generate a new token (with a longer lifetime if needed) and paste it into {tokenWhere}, then retry the failed tasks in Okta (Dashboard → Tasks → Retry Selected).',
  'wrong-path':
    "Okta's {urlField} must be exactly {url} (ending in /scim/v2, nothing after it). Fix it in {integrationPath} and {connectorTest} again.",
};

export const OKTA_WARNINGS: Readonly<Partial<Record<WarningKind, WarningWords>>> = {
  'sync-password-on': {
    message: 'Okta sends passwords: Sync Password is on. Clumio does not support it.',
    fix: 'Turn Sync Password off in Okta (Provisioning → To App → Edit). SCIM Desk never stores the passwords.',
  },
  'group-used-for-assignment': {
    message:
      'The pushed group "{group}" contains every provisioned user ({count}). If it is also the group that assigns the app in Okta, Okta does not support that: removed users stay in the pushed group.',
    fix: 'In Okta, assign the app with one group and push a separate group (e.g. "Clumio Admins") for the rules.',
  },
  'group-name-exists': {
    message: 'Okta pushed a group named "{group}" that already exists here ("displayName already exists" in Okta).',
    fix: 'Rename the group in Okta, or remove the existing group (rehearsal data can be removed in one step), then push again. Enhanced Group Push (linking) is not supported by Clumio.',
  },
  'public-url-changed': {
    message: 'The public URL changed to {url}; Okta still calls {old}.',
    fix: 'Paste the new URL as the {urlField} in Okta ({integrationPath}), {connectorTest}, Save, then acknowledge it on the endpoint page.',
  },
  'not-https': {
    message: 'The public URL {url} is not HTTPS; Okta requires HTTPS.',
    fix: 'Use an https:// public URL: the built-in tunnel, cloudflared and ngrok give one; a reverse proxy needs a certificate.',
  },
  'group-name-generated': {
    message: '{found} Rules match group names exactly: do not write rules against these names.',
    fix: "Push groups under their display names (Push Groups in Okta). If a name really is the group's name, ignore this.",
  },
};

/** The ways back from a lock-out, in Okta's admin console. */
export const OKTA_LOCKOUT: LockoutWords = {
  backInGroup:
    'Put {admin} back in "{group}" in Okta (Directory > Groups > {group} > Assign people); Okta pushes the membership at once.',
  reactivate:
    'Assign {admin} to the app in Okta again (or reactivate the account in Okta); Okta sends the account as active again.',
  reassign:
    'Assign {admin} to the app in Okta again and put them in {groups}; Okta creates the account again with its memberships.',
  renameBack:
    'Rename "{to}" back to "{from}" in Okta (Directory > Groups), or edit {rules} to use "{to}" (a rule change that gives you Super Admin back is always allowed).',
  recreate: 'Create "{group}" again in Okta with {admin} in it, and push it (the app\'s Push Groups tab).',
  anyGroup:
    'Put {admin} back in the group that {rules} matches in Okta, with the account assigned to the app and active.',
};

// ---- The rollout: Okta's Clumio app provisions into Clumio itself; each step is read from Okta's API ----

/** Sign On → Application username format, as the console names each built-in template (Okta's API reference). */
export const OKTA_USERNAME_FORMATS: Readonly<Record<string, string>> = {
  '${source.login}': 'Okta username',
  '${fn:substringBefore(source.login, "@")}': 'Okta username prefix',
  '${source.email}': 'Email',
  '${fn:toLowerCase(source.email)}': 'Email (lowercase)',
  '${fn:substringBefore(source.email, "@")}': 'Email prefix',
  '${source.samAccountName}': 'AD SAM Account Name',
  '${fn:toLowerCase(source.samAccountName)}': 'AD SAM Account Name (lowercase)',
  '${source.userName}': 'AD User Principal Name',
  '${fn:substringBefore(source.userName, "@")}': 'AD User Principal Name prefix',
  '${source.employeeID}': 'AD Employee ID',
};

export const OKTA_CONNECTION_STEP: ProfileStep = {
  id: 'okta-connection',
  title: 'Connect your Okta org and pick the Clumio app',
  console: 'scim-desk',
  instructions: [
    'Create an API token in the Okta Admin Console: **Security** → **API** → **Tokens** → **Create token**. A Read-only Administrator can read everything SCIM Desk needs; SCIM Desk never changes anything in Okta.',
    "On the **Connections** page: the org URL and the token, then **Connect**, and pick the app that provisions into Clumio among the org's apps.",
    'Or from a shell: `scim-desk connect okta --org-url https://example.okta.com --app-id ID` (the token from OKTA_API_TOKEN or standard input).',
  ],
  says: {
    'not-connected':
      "Connect your Okta org on the Connections page (its URL and an API token): every Okta step of this checklist is read from Okta's API.",
    'no-app':
      "Pick the app that provisions into Clumio among the org's apps (Connections page, or scim-desk connect okta --app-id ID).",
    'app-inactive':
      'The app "{app}" is {status} in Okta: activate it (Applications → Applications → {app} → Activate), or pick the app that provisions into Clumio.',
  },
};

const NOT_SAID =
  "Okta's API does not say this for the app (Okta answers it for a few catalogue apps only): check it in Okta, then confirm it here.";

export const ROLLOUT_USERNAME_FORMAT_STEP: ProfileStep = {
  id: 'username-format',
  title: USERNAME_FORMAT_STEP.title,
  console: 'identity-provider',
  instructions: [
    { path: [OKTA_APP, 'Sign On', 'Edit', '**Application username format** = Email', 'Save'] },
    'Read from the app in Okta: Clumio knows users by their email address.',
  ],
  says: {
    'not-email':
      "The app's Application username format is {format}: on the Sign On tab (Edit) set it to Email and Save. Clumio knows users by their email address.",
    'no-format': 'The app has no Application username format: on the Sign On tab (Edit) set it to Email and Save.',
  },
};

/** Create Users, Update User Attributes and Deactivate Users read from Okta's features API, each its own step. */
function toAppStep(
  id: 'create-users' | 'update-users' | 'deactivate-users',
  setting: string,
  title: string,
): ProfileStep {
  return {
    id,
    title,
    console: 'identity-provider',
    instructions: [{ path: ['Provisioning', 'To App', 'Edit', `**${setting}**: Enable`, 'Save'] }],
    says: {
      off: `${setting} is off: in Okta, Provisioning → To App → Edit, enable ${setting}, Save.`,
      'integration-off': `The app's API integration is off, so Okta sends nothing to Clumio: enable it first (the API integration step), then ${setting} in Provisioning → To App.`,
      'not-said': NOT_SAID,
    },
  };
}

export const ROLLOUT_TO_APP_STEPS: readonly ProfileStep[] = [
  toAppStep('create-users', 'Create Users', 'Okta To App: Create Users'),
  toAppStep('update-users', 'Update User Attributes', UPDATE_USERS_STEP.title),
  toAppStep('deactivate-users', 'Deactivate Users', DEACTIVATE_USERS_STEP.title),
  {
    id: 'sync-password-off',
    title: SYNC_PASSWORD_STEP.title,
    console: 'identity-provider',
    instructions: [
      { path: ['Provisioning', 'To App', 'Edit', 'leave **Sync Password** off'] },
      'Clumio does not support it.',
    ],
    says: {
      on: 'Sync Password is on, and Clumio does not support it: in Okta, Provisioning → To App → Edit, turn Sync Password off, Save.',
      'integration-off':
        "Checked once the app's API integration is on (the API integration step): then leave Sync Password off in Provisioning → To App.",
      'not-said': NOT_SAID,
    },
  },
];

export const ROLLOUT_PUSH_GROUPS_STEP: ProfileStep = {
  id: 'push-groups',
  title: 'Okta Push Groups: every push to Clumio ACTIVE',
  console: 'identity-provider',
  instructions: PUSH_GROUPS_STEP.instructions,
  cautions: PUSH_GROUPS_STEP.cautions,
  says: {
    none: 'Okta pushes no group to Clumio: Push Groups → + Push Groups → Find groups by name (or by rule), pick the group that gets Super Admin (e.g. "Clumio Admins") and the groups your rules use, not the assignment group; Save.',
    error:
      'The push of {groups} is in ERROR in Okta. {errors} Then, in Push Groups, retry the push (the group → Retry, or Retry All Groups).',
    inactive:
      'The push of {groups} is INACTIVE: Okta does not push it to Clumio. Activate it in Push Groups (the group → Activate), or remove it.',
    'assignment-group':
      '{groups} is also assigned to the app: Okta does not support pushing the group that assigns the app. Assign the app with another group (Assignments) and keep pushing this one.',
  },
};

export const ROLLOUT_ADMIN_ACCOUNT_STEP: ProfileStep = {
  id: 'admin-account',
  title: 'Your own Okta user: assigned, in sync with Clumio, in a pushed group',
  console: 'identity-provider',
  instructions: [
    'Assign your own Okta user to the app (Assignments), and add it to the pushed group that gets Super Admin.',
    'Tell SCIM Desk which user is yours (Settings: your Okta username): it must keep Super Admin on the Global OU once auto user provisioning is on.',
  ],
  says: {
    'no-admin':
      'Enter your own {username} as the current admin (Settings): it is the account that must keep Super Admin.',
    'no-user': 'Okta has no user {admin}: enter your own Okta username as the current admin (Settings).',
    deactivated:
      'Your Okta user {admin} is {status}: reactivate it in Okta (Directory → People), then assign it to the app again.',
    'not-assigned':
      'Your Okta user {admin} is not assigned to the app{status}: assign it (Assignments → Assign to People, or through the assignment group).',
    'out-of-sync':
      "Okta's last push of {admin} to Clumio did not take (syncState {state}): open the user's failed task in Okta (Dashboard → Tasks), fix what it names, and Retry Selected.",
    syncing: 'Okta is pushing {admin} to Clumio now (syncState SYNCING): this step settles at the next read.',
    'no-group':
      'Your Okta user {admin} is in none of the groups Okta pushes to Clumio: add it to the group that gets Super Admin (e.g. "Clumio Admins"), which Push Groups pushes.',
    'push-not-active':
      "Your Okta user {admin} is in {groups}, but Okta's push of it to Clumio is not ACTIVE: fix the push (Push Groups step), and Okta pushes your membership again.",
  },
};

export const PROVISIONING_FAILURES_STEP: ProfileStep = {
  id: 'provisioning-failures',
  title: 'Okta System Log: no provisioning failures in the last 24 hours',
  console: 'identity-provider',
  instructions: [
    'Read from the System Log: provisioning events of the app whose outcome is FAILURE (Reports → System Log, `eventType sw "application.provision"`).',
    'A failed task also shows in Okta under Dashboard → Tasks, where it can be retried once its cause is fixed.',
  ],
  says: {
    failures:
      '{count} provisioning failure(s) of the app in the last 24 hours: {failures} When each cause is fixed, retry the failed tasks in Okta (Dashboard → Tasks → Retry Selected).',
  },
};

/** Okta's steps of the rollout around the app's own API integration step, which each kind of app words itself. */
export function oktaRollout(apiIntegration: ProfileStep): RolloutWords {
  return {
    steps: [
      OKTA_CONNECTION_STEP,
      CLUMIO_CONNECTION_STEP,
      ROLLOUT_PROVISIONING_METHOD_STEP,
      ROLLOUT_USERNAME_FORMAT_STEP,
      apiIntegration,
      ...ROLLOUT_TO_APP_STEPS,
      ROLLOUT_PUSH_GROUPS_STEP,
      ROLLOUT_ADMIN_ACCOUNT_STEP,
      PROVISIONING_FAILURES_STEP,
      ROLLOUT_SUPER_ADMIN_RULE_STEP,
      CLUMIO_ADMIN_STEP,
      ROLLOUT_ENABLE_STEP,
    ],
    usernameFormats: OKTA_USERNAME_FORMATS,
    emailUsernameFormat: '${source.email}',
  };
}
