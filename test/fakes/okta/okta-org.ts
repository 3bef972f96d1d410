/**
 * The data behind the fake Okta Management API: an org as plain JSON in the shapes Okta's API returns, and
 * scenarios that change it. A scenario is a function of the org, so scenarios compose:
 * `oktaOrg(now, oktaScenarios.adminOutOfSync, oktaScenarios.provisioningFailures)`.
 *
 * Ids look like Okta's (20 characters: 0oa… apps, 00g… groups, 00u… users). The Clumio app's key, the SCIM
 * base URL in its connection and the log texts are illustrative: Okta publishes none of them for Clumio.
 */

export type Json = Record<string, any>;

export interface OktaOrg {
  /** Application objects, without `_links` (the fake adds them). */
  apps: Json[];
  /** USER_PROVISIONING per app id. 'integration-off' answers Okta's documented 400; an absent app answers 404. */
  provisioningFeatures: Record<string, Json | 'integration-off'>;
  /** The default provisioning connection per app id; absent answers 404. */
  connections: Record<string, Json>;
  pushMappings: Record<string, Json[]>;
  appUsers: Record<string, Json[]>;
  /** ApplicationGroupAssignment objects per app id. */
  appGroups: Record<string, Json[]>;
  groups: Json[];
  users: Json[];
  /** Group id -> member user ids. */
  memberships: Record<string, string[]>;
  /** LogEvent objects. */
  logs: Json[];
}

export type OktaScenario = (org: OktaOrg, now: number) => void;

export const CLUMIO_APP_ID = '0oa1clumioapp0000001';
export const SLACK_APP_ID = '0oa2slackapp00000002';
export const ZOOM_APP_ID = '0oa3zoomapp000000003';

export const GROUPS = {
  admins: '00g1clumioadmins0001',
  backup: '00g2backupoperators2',
  users: '00g3clumiousers00003',
  everyone: '00g4everyone00000004',
  adminsPushed: '00g5appclumioadmins5',
  backupPushed: '00g6appbackupopers06',
} as const;

export const USERS = {
  admin: { id: '00u1adaadmin00000001', login: 'ada.admin@example.com' },
  bob: { id: '00u2bobbackup0000002', login: 'bob.backup@example.com' },
  carol: { id: '00u3carol00000000003', login: 'carol@example.com' },
  dave: { id: '00u4dave000000000004', login: 'dave@example.com' },
  erin: { id: '00u5erin000000000005', login: 'erin@example.com' },
} as const;

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 60 * 60 * 1000;

function app(id: string, name: string, label: string, now: number, features: string[]): Json {
  return {
    id,
    name,
    label,
    status: 'ACTIVE',
    signOnMode: 'SAML_2_0',
    created: iso(now - 400 * 24 * HOUR),
    lastUpdated: iso(now - 30 * 24 * HOUR),
    features,
    credentials: {
      userNameTemplate: { template: '${source.email}', type: 'BUILT_IN' },
      signing: { kid: 'mh_16CcKey' },
    },
    settings: { app: {}, signOn: {}, implicitAssignment: false, notes: { admin: null, enduser: null } },
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: false, web: false } },
  };
}

function group(id: string, name: string, type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN', now: number): Json {
  return {
    id,
    created: iso(now - 200 * 24 * HOUR),
    lastUpdated: iso(now - 20 * 24 * HOUR),
    lastMembershipUpdated: iso(now - 2 * HOUR),
    objectClass: type === 'APP_GROUP' ? ['okta:app_group'] : ['okta:user_group'],
    type,
    profile: { name, description: null },
  };
}

function user(id: string, login: string, firstName: string, lastName: string, status: string, now: number): Json {
  return {
    id,
    status,
    created: iso(now - 300 * 24 * HOUR),
    activated: iso(now - 300 * 24 * HOUR),
    statusChanged: iso(now - 10 * 24 * HOUR),
    lastLogin: iso(now - 5 * HOUR),
    lastUpdated: iso(now - 10 * 24 * HOUR),
    passwordChanged: iso(now - 90 * 24 * HOUR),
    type: { id: 'oty1defaulttype00001' },
    profile: { login, email: login, firstName, lastName, displayName: `${firstName} ${lastName}` },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
  };
}

function appUser(
  u: { id: string; login: string },
  scope: 'USER' | 'GROUP',
  status: string,
  syncState: string,
  now: number,
): Json {
  return {
    id: u.id,
    externalId: `clumio-${u.id.slice(-4)}`,
    created: iso(now - 60 * 24 * HOUR),
    lastUpdated: iso(now - HOUR),
    scope,
    status,
    statusChanged: iso(now - 60 * 24 * HOUR),
    passwordChanged: null,
    syncState,
    lastSync: iso(now - HOUR),
    credentials: { userName: u.login },
    profile: { email: u.login },
  };
}

function mapping(id: string, source: string, target: string, now: number): Json {
  return {
    id,
    sourceGroupId: source,
    targetGroupId: target,
    status: 'ACTIVE',
    errorSummary: '',
    created: iso(now - 60 * 24 * HOUR),
    lastPush: iso(now - HOUR),
    lastUpdated: iso(now - HOUR),
  };
}

export function logEvent(fields: {
  uuid: string;
  published: number;
  eventType: string;
  result: 'SUCCESS' | 'FAILURE';
  reason?: string | null;
  appId: string;
  user?: { id: string; login: string };
  displayMessage?: string;
  legacyEventType?: string;
}): Json {
  return {
    uuid: fields.uuid,
    published: iso(fields.published),
    eventType: fields.eventType,
    legacyEventType: fields.legacyEventType ?? null,
    version: '0',
    severity: fields.result === 'FAILURE' ? 'ERROR' : 'INFO',
    displayMessage: fields.displayMessage ?? 'Push new user to external application',
    actor: { id: '0oa1system', type: 'PublicClientApp', alternateId: 'Okta System', displayName: 'Okta System' },
    outcome: { result: fields.result, reason: fields.reason ?? null },
    target: [
      { id: fields.appId, type: 'AppInstance', alternateId: 'Clumio', displayName: 'Clumio' },
      ...(fields.user
        ? [{ id: fields.user.id, type: 'User', alternateId: fields.user.login, displayName: fields.user.login }]
        : []),
    ],
    transaction: { type: 'JOB', id: `job-${fields.uuid}` },
    debugContext: { debugData: {} },
  };
}

export const ENABLED_PROVISIONING: Json = {
  name: 'USER_PROVISIONING',
  status: 'ENABLED',
  description: 'User provisioning settings from Okta to a downstream application',
  capabilities: {
    create: { lifecycleCreate: { status: 'ENABLED' } },
    update: {
      profile: { status: 'ENABLED' },
      lifecycleDeactivate: { status: 'ENABLED' },
      password: { status: 'DISABLED', seed: 'RANDOM', change: 'KEEP_EXISTING' },
    },
  },
};

/**
 * The healthy org: the Clumio app provisions with username format Email, Create/Update/Deactivate on and Sync
 * Password off; "Clumio Users" is the assignment group and "Clumio Admins" and "Backup Operators" are pushed
 * (separate groups, as Okta requires); the admin Ada is assigned, synchronized and in "Clumio Admins". Erin is
 * in "Clumio Admins" but not assigned (so not pushed); Dave is deactivated. The System Log holds a success
 * today, a failure two days ago and a failure of another app: none of them is a failure of the last 24 hours.
 */
export function healthyOrg(now: number): OktaOrg {
  const { admin, bob, carol, dave, erin } = USERS;
  return {
    apps: [
      app(CLUMIO_APP_ID, 'clumio', 'Clumio', now, [
        'PUSH_NEW_USERS',
        'PUSH_PROFILE_UPDATES',
        'PUSH_USER_DEACTIVATION',
        'GROUP_PUSH',
        'SCIM_PROVISIONING',
      ]),
      app(SLACK_APP_ID, 'slack', 'Slack', now, []),
      app(ZOOM_APP_ID, 'zoomus', 'Zoom', now, []),
    ],
    provisioningFeatures: { [CLUMIO_APP_ID]: structuredClone(ENABLED_PROVISIONING) },
    connections: {
      [CLUMIO_APP_ID]: {
        authScheme: 'TOKEN',
        status: 'ENABLED',
        baseUrl: 'https://scim.clumio.example/v2',
        profile: { authScheme: 'TOKEN' },
      },
    },
    pushMappings: {
      [CLUMIO_APP_ID]: [
        mapping('gPm1clumioadmins0001', GROUPS.admins, GROUPS.adminsPushed, now),
        mapping('gPm2backupoperators2', GROUPS.backup, GROUPS.backupPushed, now),
      ],
    },
    appUsers: {
      [CLUMIO_APP_ID]: [
        appUser(admin, 'GROUP', 'PROVISIONED', 'SYNCHRONIZED', now),
        appUser(bob, 'GROUP', 'PROVISIONED', 'SYNCHRONIZED', now),
        appUser(carol, 'GROUP', 'PROVISIONED', 'SYNCHRONIZED', now),
        appUser(dave, 'GROUP', 'DEPROVISIONED', 'SYNCHRONIZED', now),
      ],
    },
    appGroups: {
      [CLUMIO_APP_ID]: [{ id: GROUPS.users, priority: 0, lastUpdated: iso(now - 60 * 24 * HOUR), profile: {} }],
    },
    groups: [
      group(GROUPS.admins, 'Clumio Admins', 'OKTA_GROUP', now),
      group(GROUPS.backup, 'Backup Operators', 'OKTA_GROUP', now),
      group(GROUPS.users, 'Clumio Users', 'OKTA_GROUP', now),
      group(GROUPS.everyone, 'Everyone', 'BUILT_IN', now),
      group(GROUPS.adminsPushed, 'Clumio Admins', 'APP_GROUP', now),
      group(GROUPS.backupPushed, 'Backup Operators', 'APP_GROUP', now),
    ],
    users: [
      user(admin.id, admin.login, 'Ada', 'Admin', 'ACTIVE', now),
      user(bob.id, bob.login, 'Bob', 'Backup', 'ACTIVE', now),
      user(carol.id, carol.login, 'Carol', 'Reader', 'ACTIVE', now),
      user(dave.id, dave.login, 'Dave', 'Former', 'DEPROVISIONED', now),
      user(erin.id, erin.login, 'Erin', 'Elsewhere', 'ACTIVE', now),
    ],
    memberships: {
      [GROUPS.admins]: [admin.id, erin.id],
      [GROUPS.backup]: [bob.id, dave.id],
      [GROUPS.users]: [admin.id, bob.id, carol.id, dave.id],
      [GROUPS.everyone]: [admin.id, bob.id, carol.id, dave.id, erin.id],
      [GROUPS.adminsPushed]: [admin.id],
      [GROUPS.backupPushed]: [bob.id],
    },
    logs: [
      logEvent({
        uuid: 'log-success-today',
        published: now - 3 * HOUR,
        eventType: 'application.provision.user.push',
        result: 'SUCCESS',
        appId: CLUMIO_APP_ID,
        user: bob,
      }),
      logEvent({
        uuid: 'log-failure-two-days-ago',
        published: now - 49 * HOUR,
        eventType: 'application.provision.user.push',
        result: 'FAILURE',
        reason: 'Create new user returned empty user.',
        appId: CLUMIO_APP_ID,
        user: carol,
      }),
      logEvent({
        uuid: 'log-failure-other-app',
        published: now - 2 * HOUR,
        eventType: 'application.provision.user.push',
        result: 'FAILURE',
        reason: 'Unauthorized',
        appId: SLACK_APP_ID,
        user: bob,
      }),
    ],
  };
}

function clumioApp(org: OktaOrg): Json {
  return org.apps.find((a) => a.id === CLUMIO_APP_ID)!;
}

export const oktaScenarios = {
  /** Sign On > Application username format "Okta username". */
  usernameOktaUsername: (org) => {
    clumioApp(org).credentials.userNameTemplate = { template: '${source.login}', type: 'BUILT_IN' };
  },
  /** Create, Update and Deactivate Users off, Sync Password on. */
  provisioningOff: (org) => {
    org.provisioningFeatures[CLUMIO_APP_ID] = {
      ...structuredClone(ENABLED_PROVISIONING),
      capabilities: {
        create: { lifecycleCreate: { status: 'DISABLED' } },
        update: {
          profile: { status: 'DISABLED' },
          lifecycleDeactivate: { status: 'DISABLED' },
          password: { status: 'ENABLED', seed: 'OKTA', change: 'CHANGE' },
        },
      },
    };
  },
  /** The API integration is not enabled: Okta's features API answers its documented 400. */
  integrationOff: (org) => {
    org.provisioningFeatures[CLUMIO_APP_ID] = 'integration-off';
  },
  /** The features and connections APIs do not answer for this app (they are documented for a few OIN apps). */
  featuresNotSaid: (org) => {
    delete org.provisioningFeatures[CLUMIO_APP_ID];
    delete org.connections[CLUMIO_APP_ID];
  },
  /** The "Clumio Admins" push mapping is in ERROR. */
  pushMappingError: (org) => {
    const admins = org.pushMappings[CLUMIO_APP_ID]!.find((m) => m.sourceGroupId === GROUPS.admins)!;
    admins.status = 'ERROR';
    admins.errorSummary = 'Errors reported by remote server: Resource [GROUP]: with displayName already exists.';
  },
  /** The pushed group of "Backup Operators" is gone from Okta: its Clumio name falls back to the source group's. */
  pushedGroupMissing: (org) => {
    org.groups = org.groups.filter((g) => g.id !== GROUPS.backupPushed);
  },
  /** The admin is not assigned to the app (neither directly nor through "Clumio Users"). */
  adminUnassigned: (org) => {
    org.appUsers[CLUMIO_APP_ID] = org.appUsers[CLUMIO_APP_ID]!.filter((u) => u.id !== USERS.admin.id);
    org.memberships[GROUPS.users] = org.memberships[GROUPS.users]!.filter((id) => id !== USERS.admin.id);
  },
  /** The admin is assigned, but Okta's last push to Clumio did not take. */
  adminOutOfSync: (org) => {
    org.appUsers[CLUMIO_APP_ID]!.find((u) => u.id === USERS.admin.id)!.syncState = 'OUT_OF_SYNC';
  },
  /** The admin was deactivated in Okta: the user is DEPROVISIONED, and so is their assignment to the app. */
  adminDeactivated: (org) => {
    org.users.find((u) => u.id === USERS.admin.id)!.status = 'DEPROVISIONED';
    org.appUsers[CLUMIO_APP_ID]!.find((u) => u.id === USERS.admin.id)!.status = 'DEPROVISIONED';
  },
  /** The admin was removed from "Clumio Admins". */
  adminNotInPushedGroup: (org) => {
    org.memberships[GROUPS.admins] = org.memberships[GROUPS.admins]!.filter((id) => id !== USERS.admin.id);
  },
  /** Three provisioning failures of the Clumio app in the last 24 hours. */
  provisioningFailures: (org, now) => {
    org.logs.push(
      logEvent({
        uuid: 'log-failure-carol',
        published: now - 5 * HOUR,
        eventType: 'application.provision.user.push',
        legacyEventType: 'app.api.error.create_user',
        result: 'FAILURE',
        reason:
          'Automatic provisioning of user carol@example.com to app Clumio failed: Error while creating user carol@example.com: Create new user returned empty user.',
        appId: CLUMIO_APP_ID,
        user: USERS.carol,
      }),
      logEvent({
        uuid: 'log-failure-bob',
        published: now - 2 * HOUR,
        eventType: 'application.provision.user.push_profile',
        result: 'FAILURE',
        reason: 'Error while verifying if user bob.backup@example.com exists: Unauthorized',
        appId: CLUMIO_APP_ID,
        user: USERS.bob,
        displayMessage: "Push user's profile to external application",
      }),
      logEvent({
        uuid: 'log-failure-group',
        published: now - 30 * 60 * 1000,
        eventType: 'application.provision.group_push.mapping.update.or.delete.failed.with.error',
        result: 'FAILURE',
        reason: 'Errors reported by remote server: Resource [GROUP]: with displayName already exists.',
        appId: CLUMIO_APP_ID,
        displayMessage: 'Group push mapping update or delete failed',
      }),
    );
  },
} satisfies Record<string, OktaScenario>;

/** The healthy org with the scenarios applied in order. */
export function oktaOrg(now: number, ...scenarios: OktaScenario[]): OktaOrg {
  const org = healthyOrg(now);
  for (const scenario of scenarios) scenario(org, now);
  return org;
}
