/**
 * Microsoft Entra ID with a non-gallery enterprise application, in the Microsoft Entra admin center's words
 * and in the order that works (docs/entra.md). Sources: Microsoft's "Tutorial: Develop and plan provisioning
 * for a SCIM endpoint in Microsoft Entra ID" (the steps, Test Connection, the 40-minute cycle), "How
 * Application Provisioning works" (initial and incremental cycles, security groups), "On-demand provisioning"
 * (the five steps) and "Known issues ... SCIM 2.0 protocol compliance" (the aadOptscim062020 dialect).
 */
import type { IdentityProfile } from '../../profile.js';
import { CLUMIO_STEPS, ENDPOINT_STEP, GENERAL_CHECKS, TOKEN_STEP } from '../shared-steps.js';
import { ENTRA_ERRORS, ENTRA_RECOGNISED_BY } from './entra-errors.js';

const ENTRA_APP = 'Entra ID → Enterprise apps → your app';

export const ENTRA_ENTERPRISE_APP: IdentityProfile = {
  idp: 'entra',
  app: 'enterprise-app',
  words: {
    name: 'Microsoft Entra ID',
    short: 'Entra',
    idpBlurb:
      'An enterprise application with automatic provisioning (Entra ID → Enterprise apps → Create your own application).',
    appName: 'A non-gallery enterprise application',
    appBlurb:
      'Entra ID → Enterprise apps → + New application → + Create your own application, then Provisioning → + New configuration.',
    urlField: 'Tenant URL',
    tokenField: 'Secret Token',
    tokenWhere: "Entra's Secret Token field",
    tokenName: 'Secret Token',
    tokenLabel: 'Entra',
    connectorTest: 'Test Connection',
    integrationPath: 'Provisioning > Admin Credentials',
    username: 'Entra userPrincipalName',
    usernameLabel: 'Your Entra userPrincipalName (as Entra sends it, an email)',
    notConnected: 'First get Test Connection through. Then:',
    explainerPrompt: 'Paste the provisioning log’s error code or message',
    explainerPlaceholder: 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable…',
  },
  steps: [
    ENDPOINT_STEP,
    TOKEN_STEP,
    {
      id: 'entra-create-app',
      title: 'Entra admin center: Enterprise apps > New application > Create your own application',
      console: 'identity-provider',
      instructions: [
        'Sign in to the Microsoft Entra admin center as at least an Application Administrator.',
        { path: ['Entra ID', 'Enterprise apps', '+ New application', '+ Create your own application'] },
        'Name it (for example "Clumio"), choose **Integrate any other application you don\'t find in the gallery (Non-gallery)**, and select **Create**.',
      ],
      cautions: [
        "Creating the app sends nothing to SCIM Desk: this step turns done with the app's first request, or confirm it yourself.",
      ],
      says: {
        'not-yet':
          'In the Microsoft Entra admin center: Entra ID > Enterprise apps > + New application > + Create your own application; name it, choose "Integrate any other application you don\'t find in the gallery (Non-gallery)", Create.',
      },
    },
    {
      id: 'entra-credentials',
      title: 'Provisioning > New configuration: Tenant URL and Secret Token',
      console: 'identity-provider',
      instructions: [
        { path: [ENTRA_APP, 'Provisioning', '+ New configuration'] },
        '**Tenant URL**: {base-url}',
        '**Secret Token**: the token from step 2, alone (Entra adds "Bearer " itself).',
        'Optional: append `?aadOptscim062020` to the Tenant URL. It makes Entra\'s job send RFC 7644-compliant PATCH requests (lower-case ops, active as false, members removed by `members[value eq "…"]`) instead of its default dialect. SCIM Desk accepts both; the wizard shows which one arrives.',
      ],
      cautions: ['Leaving the Secret Token empty makes Entra send a token of its own, which SCIM Desk refuses.'],
      says: {
        'no-token': 'Generate a token first: it is the Secret Token.',
        waiting:
          'Provisioning > + New configuration: Tenant URL {url}, Secret Token: the token. Appending ?aadOptscim062020 to the Tenant URL makes Entra send RFC 7644-compliant PATCH requests; SCIM Desk accepts both.',
      },
    },
    {
      id: 'entra-test-connection',
      title: 'Test Connection',
      console: 'identity-provider',
      instructions: [
        'Select **Test Connection**. Entra looks up a user with a random GUID (`GET /Users?filter=userName eq "<GUID>"`) and expects 200 with an empty list; SCIM Desk answers exactly that.',
        'If it succeeds, select **Create** to create the provisioning job.',
      ],
      says: {
        'no-token': 'Generate a token, paste it as the Secret Token with the Tenant URL, then select Test Connection.',
        waiting:
          'Select Test Connection: Entra looks up a user with a random GUID (GET /Users?filter=userName eq "<GUID>") and expects 200 with an empty list. Then select Create.',
      },
    },
    {
      id: 'entra-assignment',
      title: 'Users and groups: assign users and security groups ("Sync only assigned users and groups")',
      console: 'identity-provider',
      instructions: [
        { path: [ENTRA_APP, 'Users and groups', '+ Add user/group'] },
        'Assign the users, and the groups whose names the rules will use (the admin group first).',
        { path: ['Provisioning', 'Settings', 'Scope: **Sync only assigned users and groups**'] },
      ],
      cautions: [
        'Groups must be security groups (SecurityEnabled = True) to be provisioned with their members.',
        'Nested groups are not provisioned: only direct members of an assigned group arrive.',
      ],
      says: {
        'not-yet':
          'Users and groups > + Add user/group: assign the users, and the security groups (SecurityEnabled = True) whose names the rules will use. Provisioning > Settings > Scope: "Sync only assigned users and groups". Nested groups are not provisioned.',
      },
    },
    {
      id: 'entra-attribute-mapping',
      title: 'Attribute mapping: Matching attribute, user and group mappings on, mailNickname removed',
      console: 'identity-provider',
      instructions: [
        { path: ['Provisioning', 'Mappings'] },
        'Keep both **Provision Microsoft Entra ID Users** and **Provision Microsoft Entra ID Groups** enabled.',
        'Users: userPrincipalName → userName stays the matching attribute (Matching precedence 1): Clumio signs users in by e-mail.',
        'Groups: keep displayName → displayName, and **delete the mailNickname mapping**. Save.',
      ],
      cautions: [
        'Clumio: with the mailNickname mapping kept, group names can turn into UUIDs during periodic syncs, and rule evaluation breaks. Write no rule against such a name.',
      ],
      says: {
        generated:
          'In Provisioning > Mappings > Provision Microsoft Entra ID Groups, delete the mapping from mailNickname (Clumio: "group names may be changed to their corresponding UUIDs", which breaks rule evaluation), keep displayName > displayName, Save, then Restart provisioning. Write no rule against these names.',
        'not-email':
          'In Provisioning > Mappings > Provision Microsoft Entra ID Users, map userPrincipalName to userName (the default), Save, and Restart provisioning: Clumio signs users in by e-mail.',
        'not-yet':
          'Provisioning > Mappings: keep "Provision Microsoft Entra ID Users" and "Provision Microsoft Entra ID Groups" enabled, userName matched from userPrincipalName (Matching precedence 1), and remove the mailNickname mapping from the group mapping. Checked as users and groups arrive.',
        'no-groups':
          'Users arrive but no group yet: enable "Provision Microsoft Entra ID Groups" in Provisioning > Mappings (and remove its mailNickname mapping), and assign the groups to the app.',
      },
    },
    {
      id: 'entra-provision-on-demand',
      title: 'Provision on demand: one user through the five steps',
      console: 'identity-provider',
      instructions: [
        { path: ['Provisioning', 'Provision on demand'] },
        'Search a user who is in scope and select Provision.',
        'Entra shows the five steps: Test connection, Import user, Determine if user is in scope, Match user between source and target system, Perform action.',
      ],
      cautions: [
        'The ?aadOptscim062020 flag does not apply to on-demand provisioning (Microsoft): these requests come in the default dialect.',
      ],
      says: {
        'not-yet':
          'Provision on demand: search a user who is in scope, Provision. Entra shows the five steps: Test connection, Import user, Determine if user is in scope, Match user between source and target system, Perform action. (The aadOptscim062020 flag does not apply to on-demand provisioning.)',
      },
    },
    {
      id: 'entra-start-provisioning',
      title: 'Start provisioning',
      console: 'identity-provider',
      instructions: [
        { path: ['Overview', 'Properties', 'Notification Email'] },
        'Select **Start provisioning**. The initial cycle looks up every assigned user and group and creates what is missing; it takes longer than the later cycles.',
      ],
      says: {
        'not-yet':
          'Overview > Properties: set a notification email (quarantine emails); then Start provisioning. The initial cycle takes longer than the later ones (20 minutes to several hours for a large directory).',
      },
    },
    {
      id: 'entra-first-cycle',
      title: 'First cycle seen: lookups, creates, groups and member adds',
      console: 'identity-provider',
      instructions: [
        'Watch the cycle arrive: user lookups, creates, group lookups with excludedAttributes=members, empty group creates, then member adds.',
        "Entra's Provisioning logs show the same operations from its side.",
      ],
      cautions: [
        'After the initial cycle, Entra runs an incremental cycle about every 40 minutes: a change made in Entra arrives then, or at once with Provision on demand.',
      ],
      says: {
        'not-yet': '{progress} Groups arrive only when the group mapping is on and the groups are assigned. {cycle}',
      },
    },
    {
      id: 'entra-deactivation',
      title: 'Deactivation seen (active "False" or false)',
      console: 'identity-provider',
      instructions: [
        'Remove a test user from Users and groups (or block their sign-in): the next cycle sets active to "False" (false with ?aadOptscim062020).',
        'Entra deletes the user here only once it is hard-deleted in Entra, 30 days after a soft delete.',
      ],
      says: {
        failed: "Entra's last deactivation failed: {cause}. Open it in the activity view for SCIM Desk's answer.",
        'not-yet':
          'Remove a test user from Users and groups (or block their sign-in): Entra sets active to "False" (false with aadOptscim062020); it deletes the user only when it is hard-deleted in Entra, 30 days after a soft delete. {cycle}',
      },
    },
    {
      id: 'admin-account',
      title: 'Your own account synced into the Super Admin group',
      console: 'identity-provider',
      instructions: [
        'Assign your own account to the app (Users and groups), and make it a direct member of the security group that will get Super Admin (for example "Clumio Admins").',
        'Tell SCIM Desk which account is yours: it must stay Super Admin on the Global OU once auto user provisioning is on.',
      ],
      says: {
        'no-admin':
          'Enter your own {username} as the current admin (Settings): it is the account that must keep Super Admin.',
        'not-arrived':
          'Your account {admin} has not arrived from Entra yet: assign yourself (or a security group you are in) to the app in Entra (Users and groups > + Add user/group) and add yourself to the admin group; it arrives with the next cycle, or at once with Provision on demand.',
        deactivated:
          'Your account {admin} is deactivated here: Entra disabled it (unassigned, blocked, or soft-deleted). Assign it to the app again in Entra.',
        'no-group':
          'Your account {admin} arrived but is in no group: add it to the group that gets Super Admin (e.g. "Clumio Admins") in Entra (a security group assigned to the app).',
      },
    },
    ...CLUMIO_STEPS,
  ],
  connection: {
    missing:
      'The Secret Token field was left empty, so Entra sent a token of its own. In Provisioning > Admin Credentials, paste the SCIM Desk token as the Secret Token, then Test Connection.',
    malformed:
      'Paste the token alone (no "Bearer ", no quotes or spaces) into the Secret Token field: Entra adds "Bearer " itself.',
    unknown:
      'Entra sent a token this endpoint never issued (mistyped, or from another data folder). Generate a token here and paste it as the Secret Token, then Test Connection.',
    revoked:
      'Generate a new token, paste it as the Secret Token (Provisioning > Admin Credentials), Test Connection, Save; Entra leaves quarantine at its next cycle.',
    expired:
      'Generate a new token (with a longer lifetime if needed), paste it as the Secret Token, Test Connection, Save.',
    'wrong-path':
      'The Tenant URL must be exactly {url} (nothing after /scim/v2 but, if you want it, ?aadOptscim062020). Fix it in Provisioning > Admin Credentials and Test Connection again.',
  },
  warnings: {
    'sync-password-on': {
      message: 'Entra sends passwords: a password attribute is mapped. Clumio does not support it.',
      fix: 'Remove the password mapping from Provisioning > Mappings in Entra. SCIM Desk never stores the passwords.',
    },
    'group-name-exists': {
      message: 'Entra created a group named "{group}" that already exists here.',
      fix: 'Entra looks groups up by displayName before creating them: a 409 means the lookup missed it. Remove the existing group (rehearsal data can be removed in one step) or rename one of them.',
    },
    'public-url-changed': {
      message: 'The public URL changed to {url}; Entra still calls {old}.',
      fix: 'Paste the new URL as the Tenant URL in Entra (Provisioning > Admin Credentials), Test Connection, Save, then acknowledge it on the endpoint page.',
    },
    'not-https': {
      message: 'The public URL {url} is not HTTPS; Entra requires HTTPS.',
      fix: 'Use an https:// public URL: the built-in tunnel, cloudflared and ngrok give one; a reverse proxy needs a certificate.',
    },
    'group-name-generated': {
      message: '{found} Rules match group names exactly: do not write rules against these names.',
      fix: "Clumio: remove the mailNickname mapping from the group mapping in Entra (Provisioning > Mappings > Provision Microsoft Entra ID Groups), or group names can arrive as UUIDs and rule evaluation breaks. Then Restart provisioning. If a name really is the group's name, ignore this.",
    },
    'username-not-email': {
      message: '{count} userName(s) are not e-mail addresses: {names}.',
      fix: 'Map userPrincipalName to userName in Provisioning > Mappings > Provision Microsoft Entra ID Users (the default), then Restart provisioning: Clumio signs users in by e-mail.',
    },
  },
  notes: {
    'entra-patch-dialect': {
      default:
        'Entra\'s provisioning job sends its default PATCH dialect (capitalised ops such as "Replace", active as "False", members removed with a value list): the Tenant URL has no ?aadOptscim062020. SCIM Desk accepts it as it is.',
      compliant:
        'Entra\'s provisioning job sends RFC 7644-compliant PATCH requests (lower-case ops, active as false, members removed by members[value eq "…"]): the Tenant URL ends in ?aadOptscim062020.',
      'default-earlier':
        'Requests in the default dialect arrived earlier: from before the flag was added, or from Provision on demand, which Microsoft says the flag does not apply to.',
      'compliant-earlier':
        'Compliant requests arrived earlier: the flag was removed from the Tenant URL, or those came from another client.',
    },
    'entra-cycle-interval': {
      due: 'Entra sends changes with its next incremental cycle, about every {minutes} minutes (the last request arrived at {last}, so the next is due around {next}), or at once with Provision on demand.',
      overdue:
        "Nothing has arrived since {last}, longer than Entra's {minutes}-minute incremental cycle: check the provisioning status in Entra (Overview: stopped, or in quarantine?).",
    },
  },
  errors: ENTRA_ERRORS,
  recognisedBy: ENTRA_RECOGNISED_BY,
  checks: GENERAL_CHECKS,
  rehearsal: {
    script: 'entra-provisioning-service',
    name: 'Entra rehearsal ({dialect} dialect)',
    tokenLabel: 'Entra rehearsal',
    blurb:
      "A simulated Entra provisioning service sends the requests a real one would (Test Connection, the initial cycle's lookups and creates, empty group creates and member adds, an incremental cycle with a disable, a hard delete)",
    dialects: [
      { id: 'default', label: 'Default job (Replace, "False")' },
      { id: 'aadOptscim062020', label: 'Tenant URL with ?aadOptscim062020 (RFC 7644)' },
    ],
  },
  // Microsoft: incremental cycles "occur approximately every 40 minutes as long as the service is running".
  lockout: {
    backInGroup:
      'Add {admin} back to "{group}" in Entra (Groups > {group} > Members > + Add members); it arrives with the next provisioning cycle, or at once with Provision on demand.',
    reactivate:
      'Assign {admin} to the app in Entra again (Users and groups > + Add user/group) and unblock their sign-in; Entra sends the account as active again.',
    reassign:
      'Assign {admin} to the app in Entra again and add them to {groups}; Entra creates the account again with its memberships.',
    renameBack:
      'Rename "{to}" back to "{from}" in Entra (Groups > {to} > Properties), or edit {rules} to use "{to}" (a rule change that gives you Super Admin back is always allowed).',
    recreate: 'Create "{group}" again in Entra with {admin} in it, and assign it to the app (Users and groups).',
    anyGroup: 'Add {admin} back to the group that {rules} matches in Entra, with the account assigned to the app.',
  },
  traits: { mailNicknameGroupNames: true, incrementalCycleMinutes: 40 },
};
