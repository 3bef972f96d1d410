/**
 * Every Clumio REST API call SCIM Desk makes, with the versioned media type Clumio serves it under (Clumio
 * versions each resource on its own; the version is chosen by the `Accept` header) and the role it needs.
 */

/** The media type per resource, as Clumio's SDKs send them. */
export const CLUMIO_MEDIA_TYPES = {
  rules: 'application/api.clumio.auto-user-provisioning-rules=v1+json',
  autoUserProvisioning: 'application/api.clumio.auto-user-provisioning-settings=v1+json',
  users: 'application/api.clumio.users=v2+json',
  roles: 'application/api.clumio.roles=v1+json',
  organizationalUnits: 'application/api.clumio.organizational-units=v2+json',
  auditTrails: 'application/api.clumio.audit-trails=v1+json',
} as const;

export interface ClumioOperation {
  /** What SCIM Desk does with it, completing "while trying to …". */
  does: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  accept: string;
  /** The role the token's user needs (Clumio: only Super Admins manage auto user provisioning). */
  role: string;
  writes: boolean;
}

const SUPER_ADMIN = 'Super Admin on the Global organizational unit';
const RULES = '/settings/auto-user-provisioning/rules';

export const CLUMIO_OPERATIONS = {
  listRules: {
    does: 'list the auto user provisioning rules',
    method: 'GET',
    path: RULES,
    accept: CLUMIO_MEDIA_TYPES.rules,
    role: SUPER_ADMIN,
    writes: false,
  },
  createRule: {
    does: 'create an auto user provisioning rule',
    method: 'POST',
    path: RULES,
    accept: CLUMIO_MEDIA_TYPES.rules,
    role: SUPER_ADMIN,
    writes: true,
  },
  updateRule: {
    does: 'update an auto user provisioning rule',
    method: 'PUT',
    path: `${RULES}/{rule_id}`,
    accept: CLUMIO_MEDIA_TYPES.rules,
    role: SUPER_ADMIN,
    writes: true,
  },
  deleteRule: {
    does: 'delete an auto user provisioning rule',
    method: 'DELETE',
    path: `${RULES}/{rule_id}`,
    accept: CLUMIO_MEDIA_TYPES.rules,
    role: SUPER_ADMIN,
    writes: true,
  },
  readAutoUserProvisioning: {
    does: 'read the auto user provisioning setting',
    method: 'GET',
    path: '/settings/auto-user-provisioning',
    accept: CLUMIO_MEDIA_TYPES.autoUserProvisioning,
    role: SUPER_ADMIN,
    writes: false,
  },
  updateAutoUserProvisioning: {
    does: 'turn auto user provisioning on or off',
    method: 'PUT',
    path: '/settings/auto-user-provisioning',
    accept: CLUMIO_MEDIA_TYPES.autoUserProvisioning,
    role: SUPER_ADMIN,
    writes: true,
  },
  listRoles: {
    does: 'list the roles',
    method: 'GET',
    path: '/roles',
    accept: CLUMIO_MEDIA_TYPES.roles,
    role: SUPER_ADMIN,
    writes: false,
  },
  listOrganizationalUnits: {
    does: 'list the organizational units',
    method: 'GET',
    path: '/organizational-units',
    accept: CLUMIO_MEDIA_TYPES.organizationalUnits,
    role: SUPER_ADMIN,
    writes: false,
  },
  listUsers: {
    does: 'list the users',
    method: 'GET',
    path: '/users',
    accept: CLUMIO_MEDIA_TYPES.users,
    role: SUPER_ADMIN,
    writes: false,
  },
  listAuditTrails: {
    does: 'read the audit trail',
    method: 'GET',
    path: '/audit-trails',
    accept: CLUMIO_MEDIA_TYPES.auditTrails,
    role: SUPER_ADMIN,
    writes: false,
  },
} as const satisfies Record<string, ClumioOperation>;

export type ClumioOperationName = keyof typeof CLUMIO_OPERATIONS;
