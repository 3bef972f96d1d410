/**
 * Every Okta Management API call SCIM Desk makes, with the OAuth scopes a scoped token would need for it.
 * All are reads. The table names the call in error messages and evidence, and docs/real-tenants.md lists it.
 */
export interface OktaOperation {
  /** What SCIM Desk does with it, completing "while trying to …". */
  does: string;
  method: 'GET';
  path: string;
  scopes: readonly string[];
}

const APPS_READ = ['okta.apps.read'] as const;

export const OKTA_OPERATIONS = {
  listApps: { does: "list the org's apps", method: 'GET', path: '/api/v1/apps', scopes: APPS_READ },
  getApp: { does: 'read the Clumio app', method: 'GET', path: '/api/v1/apps/{appId}', scopes: APPS_READ },
  getProvisioningFeature: {
    does: "read the app's provisioning settings",
    method: 'GET',
    path: '/api/v1/apps/{appId}/features/USER_PROVISIONING',
    scopes: APPS_READ,
  },
  getDefaultConnection: {
    does: "read the app's provisioning connection",
    method: 'GET',
    path: '/api/v1/apps/{appId}/connections/default',
    scopes: APPS_READ,
  },
  listPushMappings: {
    does: "list the app's group push mappings",
    method: 'GET',
    path: '/api/v1/apps/{appId}/group-push/mappings',
    scopes: ['okta.apps.read', 'okta.groups.read'],
  },
  listAppUsers: {
    does: "list the app's assigned users",
    method: 'GET',
    path: '/api/v1/apps/{appId}/users',
    scopes: APPS_READ,
  },
  listAppGroups: {
    does: "list the app's assigned groups",
    method: 'GET',
    path: '/api/v1/apps/{appId}/groups',
    scopes: APPS_READ,
  },
  getGroup: { does: 'read a group', method: 'GET', path: '/api/v1/groups/{groupId}', scopes: ['okta.groups.read'] },
  listGroupMembers: {
    does: "list a group's members",
    method: 'GET',
    path: '/api/v1/groups/{groupId}/users',
    scopes: ['okta.groups.read'],
  },
  getUser: { does: 'look up a user', method: 'GET', path: '/api/v1/users/{userId}', scopes: ['okta.users.read'] },
  // Okta files a user's groups under the users scope, not the groups scope.
  listUserGroups: {
    does: "list a user's groups",
    method: 'GET',
    path: '/api/v1/users/{userId}/groups',
    scopes: ['okta.users.read'],
  },
  listProvisioningFailures: {
    does: 'read provisioning failures from the System Log',
    method: 'GET',
    path: '/api/v1/logs',
    scopes: ['okta.logs.read'],
  },
} as const satisfies Record<string, OktaOperation>;

export type OktaOperationName = keyof typeof OKTA_OPERATIONS;

/** Every scope a scoped OAuth token needs for everything above. */
export const OKTA_READ_SCOPES: readonly string[] = Object.freeze(
  [...new Set(Object.values(OKTA_OPERATIONS).flatMap((operation) => operation.scopes))].sort(),
);
