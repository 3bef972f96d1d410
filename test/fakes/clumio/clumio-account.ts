/**
 * The data behind the fake Clumio REST API: an account as plain JSON in the shapes Clumio's API returns, and
 * scenarios that change it (functions of the account, so they compose:
 * `clumioAccount(clumioScenarios.noSuperAdminRule, clumioScenarios.adminWithoutSuperAdmin)`).
 *
 * The role ids of Super Admin, Organizational Unit Admin and Backup Admin and the Global OU's id are Clumio's
 * own (its Terraform provider's acceptance tests use them); the other ids are illustrative.
 */

export type Json = Record<string, any>;

export interface ClumioAccount {
  roles: Json[];
  organizationalUnits: Json[];
  /** Users in the v2 model (`access_control_configuration`). */
  users: Json[];
  /** Rules as stored: `rule_id`, `name`, `condition` (a JSON string, kept verbatim), `provision`. */
  rules: Json[];
  autoUserProvisioning: { is_enabled: boolean };
  auditTrails: Json[];
}

export type ClumioScenario = (account: ClumioAccount) => void;

export const ROLES = {
  superAdmin: '00000000-0000-0000-0000-000000000000',
  organizationalUnitAdmin: '10000000-0000-0000-0000-000000000000',
  backupAdmin: '30000000-0000-0000-0000-000000000000',
} as const;

export const UNITS = {
  global: '00000000-0000-0000-0000-000000000000',
  engineering: '6b3c0f0e-8d8f-4d0a-9a51-3b7c2f1e0e01',
  finance: '6b3c0f0e-8d8f-4d0a-9a51-3b7c2f1e0e02',
} as const;

export const RULE_IDS = {
  admins: '9f1a2b3c-0000-4000-8000-000000000001',
  backup: '9f1a2b3c-0000-4000-8000-000000000002',
} as const;

export const CLUMIO_USERS = {
  admin: { id: '2041', email: 'ada.admin@example.com' },
  bob: { id: '2042', email: 'bob.backup@example.com' },
  carol: { id: '2043', email: 'carol@example.com' },
} as const;

function role(id: string, name: string, description: string): Json {
  return {
    id,
    name,
    description,
    user_count: 0,
    permissions: [],
    _etag: 'e1',
    _links: { _self: { href: `/roles/${id}`, templated: false, type: 'get' } },
  };
}

function unit(id: string, name: string, parentId: string | null, descendants: string[]): Json {
  return {
    id,
    name,
    description: '',
    parent_id: parentId,
    children_count: parentId === null ? descendants.length : 0,
    user_count: 0,
    configured_datasource_types: [],
    descendant_ids: descendants,
    users: [],
    _etag: 'e1',
  };
}

export function clumioUser(
  id: string,
  email: string,
  fullName: string,
  access: { role_id: string; organizational_unit_ids: string[] }[],
): Json {
  return {
    id,
    email,
    full_name: fullName,
    inviter: 'system',
    is_confirmed: true,
    is_enabled: true,
    last_activity_timestamp: '2026-12-06T09:00:00Z',
    last_password_change_timestamp: '2026-06-01T09:00:00Z',
    organizational_unit_count: access.reduce((n, a) => n + a.organizational_unit_ids.length, 0),
    access_control_configuration: access,
    _etag: 'e1',
  };
}

export function rule(ruleId: string, name: string, condition: string, roleId: string, unitIds: string[]): Json {
  return { rule_id: ruleId, name, condition, provision: { role_id: roleId, organizational_unit_ids: unitIds } };
}

/**
 * The healthy account: a rule gives Super Admin on the Global OU to "Clumio Admins" and one gives Backup Admin
 * on Engineering to "Backup Operators"; the admin Ada holds Super Admin on the Global OU; auto user
 * provisioning is enabled.
 */
export function healthyAccount(): ClumioAccount {
  const { admin, bob, carol } = CLUMIO_USERS;
  return {
    roles: [
      role(ROLES.superAdmin, 'Super Admin', 'Full access to all operations, including organization-wide settings.'),
      role(
        ROLES.organizationalUnitAdmin,
        'Organizational Unit Admin',
        'Full access within the assigned organizational units.',
      ),
      role(ROLES.backupAdmin, 'Backup Admin', 'Creates policies, manages data sources and schedules backups.'),
    ],
    organizationalUnits: [
      unit(UNITS.global, 'Global organizational unit', null, [UNITS.engineering, UNITS.finance]),
      unit(UNITS.engineering, 'Engineering', UNITS.global, []),
      unit(UNITS.finance, 'Finance', UNITS.global, []),
    ],
    users: [
      clumioUser(admin.id, admin.email, 'Ada Admin', [
        { role_id: ROLES.superAdmin, organizational_unit_ids: [UNITS.global] },
      ]),
      clumioUser(bob.id, bob.email, 'Bob Backup', [
        { role_id: ROLES.backupAdmin, organizational_unit_ids: [UNITS.engineering] },
      ]),
      clumioUser(carol.id, carol.email, 'Carol Reader', []),
    ],
    rules: [
      rule(RULE_IDS.admins, 'okta-clumio-admins', '{"user.groups":{"$eq":"Clumio Admins"}}', ROLES.superAdmin, [
        UNITS.global,
      ]),
      rule(RULE_IDS.backup, 'backup-operators', '{"user.groups":{"$in":["Backup Operators"]}}', ROLES.backupAdmin, [
        UNITS.engineering,
      ]),
    ],
    autoUserProvisioning: { is_enabled: true },
    auditTrails: [],
  };
}

export const clumioScenarios = {
  /** No rule gives Super Admin on the Global OU (and so auto user provisioning cannot be on). */
  noSuperAdminRule: (account) => {
    account.rules = account.rules.filter(
      (r) => !(r.provision.role_id === ROLES.superAdmin && r.provision.organizational_unit_ids.includes(UNITS.global)),
    );
    account.autoUserProvisioning.is_enabled = false;
  },
  /** The admin's Clumio user is an OU Admin on Engineering, not Super Admin on the Global OU. */
  adminWithoutSuperAdmin: (account) => {
    account.users.find((u) => u.id === CLUMIO_USERS.admin.id)!.access_control_configuration = [
      { role_id: ROLES.organizationalUnitAdmin, organizational_unit_ids: [UNITS.engineering] },
    ];
  },
  /** Auto user provisioning is off. */
  autoProvisioningDisabled: (account) => {
    account.autoUserProvisioning.is_enabled = false;
  },
} satisfies Record<string, ClumioScenario>;

export function clumioAccount(...scenarios: ClumioScenario[]): ClumioAccount {
  const account = healthyAccount();
  for (const scenario of scenarios) scenario(account);
  return account;
}
