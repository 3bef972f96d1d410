/**
 * The real Clumio account as a rules target: its rules, roles and OUs as Clumio names them, and as the users
 * the Okta app's assigned users with the Clumio names of their pushed groups (what Clumio's rules match).
 * These are the RulesFacts the rules service's own preview and lockout guard run on, so the account is
 * previewed and guarded by the very code that guards SCIM Desk's own rules.
 */
import type { RulesFacts } from '../access/rules-facts.js';
import { notConnected, unavailable } from '../connections/connection-error.js';
import type { DirectoryUser } from '../rules/access.js';
import { AccessIndex } from '../rules/access-index.js';
import type { OrganizationalUnit } from '../rules/organizational-units.js';
import type { Rule } from '../rules/rule.js';
import { BUILT_IN_ROLES, type Role } from '../rules/roles.js';
import type {
  ClumioAutoUserProvisioning,
  ClumioOrganizationalUnit,
  ClumioRole,
} from '../tenants/clumio/clumio-types.js';
import type { Reading } from '../tenants/facts/reading.js';
import type {
  ClumioFacts,
  ClumioUserFacts,
  OktaFacts,
  PushedGroup,
  TenantSnapshot,
} from '../tenants/facts/tenant-snapshot.js';

/** The account's side, every part read. */
export interface AccountSide {
  clumio: ClumioFacts;
  rules: readonly Rule[];
  roles: readonly Role[];
  clumioRoles: readonly ClumioRole[];
  units: readonly OrganizationalUnit[];
  clumioUnits: readonly ClumioOrganizationalUnit[];
  autoUserProvisioning: boolean;
  /** null when the users could not be read (the drift is then left out). */
  users: readonly ClumioUserFacts[] | null;
}

/** Both sides: the account and Okta's population, as RulesFacts. */
export interface AccountFacts extends AccountSide {
  okta: OktaFacts;
  population: readonly DirectoryUser[];
  pushedGroups: readonly PushedGroup[];
  facts: RulesFacts;
}

function value<T>(reading: Reading<T>): T {
  if (!reading.ok) throw unavailable(reading);
  return reading.value;
}

/**
 * The account's roles with the rules engine's privilege ranks (matched by id, then by name: Clumio publishes
 * ids for three roles only), most privileged first. A role the engine does not know ranks lowest.
 */
export function accountRoles(roles: readonly ClumioRole[]): Role[] {
  return roles
    .map((role) => {
      const known =
        BUILT_IN_ROLES.find((r) => r.id === role.id) ??
        BUILT_IN_ROLES.find((r) => r.name.toLowerCase() === role.name.toLowerCase());
      return { id: role.id, name: role.name, description: role.description ?? '', rank: known?.rank ?? 0 };
    })
    .sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
}

export function accountUnits(units: readonly ClumioOrganizationalUnit[]): OrganizationalUnit[] {
  return units.map((unit) => ({
    id: unit.id,
    name: unit.name,
    parent_id: unit.parentId,
    description: unit.description ?? '',
  }));
}

/** The Clumio side of the snapshot, or why it cannot be used (not connected, a read that failed). */
export function accountSide(snapshot: TenantSnapshot): AccountSide {
  const clumio = snapshot.clumio;
  if (!clumio)
    throw notConnected('The Clumio account is not connected: connect it first (its API base URL and an API token).');
  const clumioRoles = value(clumio.roles);
  const clumioUnits = value(clumio.organizationalUnits);
  const setting: ClumioAutoUserProvisioning = value(clumio.autoUserProvisioning);
  return {
    clumio,
    rules: value(clumio.rules),
    roles: accountRoles(clumioRoles),
    clumioRoles,
    units: accountUnits(clumioUnits),
    clumioUnits,
    autoUserProvisioning: setting.isEnabled,
    users: clumio.users.ok ? clumio.users.value : null,
  };
}

/** The username Okta sends for the admin (what Clumio knows them by), else the configured login. */
export function adminUserName(okta: OktaFacts | null, configuredLogin: string | null): string | null {
  if (configuredLogin === null) return null;
  const admin = okta?.admin?.ok ? okta.admin.value : null;
  return admin?.assignment?.userName ?? configuredLogin;
}

/** Both sides as RulesFacts, or why not (a service not connected, no Clumio app picked, a failed read). */
export function accountFacts(snapshot: TenantSnapshot, configuredLogin: string | null): AccountFacts {
  const side = accountSide(snapshot);
  const okta = snapshot.okta;
  if (!okta) {
    throw notConnected(
      'The Okta org is not connected, or no Clumio app is picked: the preview and the guard need its pushed groups and their members.',
    );
  }
  const population = value(okta.population);
  const pushedGroups = value(okta.pushedGroups);
  const index = new AccessIndex({ roles: side.roles, rules: side.rules, users: population });
  const fullNames = new Map((side.users ?? []).map((user) => [user.email.toLowerCase(), user.fullName]));
  const byId = new Map(population.map((user) => [user.id, user]));
  const groupNames = [...new Set(pushedGroups.flatMap((group) => (group.clumioName ? [group.clumioName] : [])))];
  const currentAdmin = adminUserName(okta, configuredLogin);
  const facts: RulesFacts = {
    roles: side.roles,
    rules: () => side.rules,
    organizationalUnits: () => side.units,
    index: () => index,
    groupNames: () => groupNames,
    displayName: (userId) => fullNames.get(byId.get(userId)?.userName.toLowerCase() ?? '') ?? null,
    currentAdmin: () => currentAdmin,
    autoUserProvisioning: () => side.autoUserProvisioning,
  };
  return { ...side, okta, population, pushedGroups, facts };
}
