/**
 * Drift: where Clumio's users today differ from what the account's current rules give on Okta's data. A
 * preview's "before" is what the rules give; Clumio may hold something else (a push that failed, a user
 * given a role by hand, a user Okta deactivated whom Clumio still lets in), and the admin should see that.
 * Users are matched by email: the username Okta sends is what Clumio knows them by.
 */
import type { AccessDrift, RoleOnUnit } from '../access/access-types.js';
import type { AccessIndex } from '../rules/access-index.js';
import type { OrganizationalUnit } from '../rules/organizational-units.js';
import type { Role } from '../rules/roles.js';
import type { ClumioUserFacts } from '../tenants/facts/tenant-snapshot.js';

const key = (pair: RoleOnUnit) => `${pair.role_id} ${pair.organizational_unit_id}`;

function sorted(pairs: readonly RoleOnUnit[]): RoleOnUnit[] {
  return [...pairs].sort(
    (a, b) => a.organizational_unit_id.localeCompare(b.organizational_unit_id) || a.role_id.localeCompare(b.role_id),
  );
}

function same(a: readonly RoleOnUnit[], b: readonly RoleOnUnit[]): boolean {
  const keys = new Set(a.map(key));
  return a.length === b.length && b.every((pair) => keys.has(key(pair)));
}

export function accessDrift(
  index: AccessIndex,
  clumioUsers: readonly ClumioUserFacts[],
  names: { roles: readonly Role[]; units: readonly OrganizationalUnit[] },
): AccessDrift[] {
  const roleName = (id: string) => names.roles.find((r) => r.id === id)?.name ?? `role ${id}`;
  const unitName = (id: string) => names.units.find((u) => u.id === id)?.name ?? `OU ${id}`;
  const words = (pairs: readonly RoleOnUnit[]) =>
    pairs.length === 0
      ? 'nothing'
      : pairs.map((p) => `${roleName(p.role_id)} on ${unitName(p.organizational_unit_id)}`).join(', ');

  const drift: AccessDrift[] = [];
  const clumioByEmail = new Map(clumioUsers.map((user) => [user.email.toLowerCase(), user]));
  const seen = new Set<string>();
  for (const user of index.users()) {
    const email = user.userName.toLowerCase();
    const clumioUser = clumioByEmail.get(email);
    if (clumioUser) seen.add(email);
    const fromRules = sorted(
      index.accessOf(user.id).map((a) => ({ role_id: a.role_id, organizational_unit_id: a.organizational_unit_id })),
    );
    const inClumio = sorted(
      clumioUser
        ? clumioUser.roleOnUnits.map((a) => ({ role_id: a.roleId, organizational_unit_id: a.organizationalUnitId }))
        : [],
    );
    if (!clumioUser) {
      if (fromRules.length === 0) continue;
      drift.push({
        user_name: user.userName,
        clumio_user_id: null,
        kind: 'missing_user',
        in_clumio: [],
        from_rules: fromRules,
        message: `${user.userName}: the rules give ${words(fromRules)}, but Clumio has no such user yet (Okta has not pushed them, or the push failed).`,
      });
      continue;
    }
    if (same(inClumio, fromRules)) continue;
    const why = user.active ? '' : ' (deactivated in Okta)';
    drift.push({
      user_name: user.userName,
      clumio_user_id: clumioUser.id,
      kind: 'access_differs',
      in_clumio: inClumio,
      from_rules: fromRules,
      message: `${user.userName}${why}: Clumio holds ${words(inClumio)}; the rules give ${words(fromRules)}.`,
    });
  }
  for (const clumioUser of clumioUsers) {
    const email = clumioUser.email.toLowerCase();
    if (seen.has(email) || index.findUserByUserName(clumioUser.email) || clumioUser.roleOnUnits.length === 0) continue;
    const inClumio = sorted(
      clumioUser.roleOnUnits.map((a) => ({ role_id: a.roleId, organizational_unit_id: a.organizationalUnitId })),
    );
    drift.push({
      user_name: clumioUser.email,
      clumio_user_id: clumioUser.id,
      kind: 'not_assigned',
      in_clumio: inClumio,
      from_rules: [],
      message: `${clumioUser.email} holds ${words(inClumio)} in Clumio but is not a user of the Okta app: the rules do not manage this user.`,
    });
  }
  return drift.sort((a, b) => a.user_name.localeCompare(b.user_name));
}
