/**
 * Reads the Clumio side of the snapshot: the auto user provisioning rules and setting, the roles, the OUs and
 * the users with their role on each OU, named where Clumio names them.
 */
import { GLOBAL_OU_ID } from '../../rules/organizational-units.js';
import { SUPER_ADMIN_ROLE_ID } from '../../rules/roles.js';
import type { Rule } from '../../rules/rule.js';
import type { ClumioClient } from '../clumio/clumio-client.js';
import type { ClumioOrganizationalUnit, ClumioRole, ClumioUser } from '../clumio/clumio-types.js';
import { limiter, readOne, type Reading } from './reading.js';
import type { ClumioFacts, ClumioUserFacts, RoleOnUnit } from './tenant-snapshot.js';

export interface ClumioFactsInput {
  client: ClumioClient;
  concurrency?: number;
}

export async function readClumioFacts(input: ClumioFactsInput): Promise<ClumioFacts> {
  const { client } = input;
  const now = () => client.clock.now();
  const run = limiter(input.concurrency ?? 4);
  const [rules, roles, organizationalUnits, users, autoUserProvisioning] = await Promise.all([
    readOne(
      () => run(() => client.listRules()),
      now,
      (r) => `${r.length} rule(s)`,
    ),
    readOne(
      () => run(() => client.listRoles()),
      now,
      (r) => `${r.length} role(s): ${r.map((role) => role.name).join(', ')}`,
    ),
    readOne(
      () => run(() => client.listOrganizationalUnits()),
      now,
      (o) => `${o.length} organizational unit(s)`,
    ),
    readOne(
      () => run(() => client.listUsers()),
      now,
      (u) => `${u.length} user(s)`,
    ),
    readOne(
      () => run(() => client.readAutoUserProvisioning()),
      now,
      (s) => `is_enabled: ${s.isEnabled}`,
    ),
  ]);
  const superAdminRoleId = roles.ok
    ? (roles.value.find((r) => r.name === 'Super Admin')?.id ?? SUPER_ADMIN_ROLE_ID)
    : SUPER_ADMIN_ROLE_ID;
  const globalOrganizationalUnitId = organizationalUnits.ok
    ? (organizationalUnits.value.find((ou) => ou.parentId === null)?.id ?? GLOBAL_OU_ID)
    : GLOBAL_OU_ID;
  return {
    baseUrl: client.baseUrl,
    rules,
    superAdminRules: superAdminRulesOf(rules, superAdminRoleId, globalOrganizationalUnitId),
    roles,
    organizationalUnits,
    users: usersWithNames(users, roles, organizationalUnits, superAdminRoleId, globalOrganizationalUnitId),
    autoUserProvisioning,
    superAdminRoleId,
    globalOrganizationalUnitId,
  };
}

/**
 * The account's rules and the auto user provisioning setting read again (two requests), the rest of `facts`
 * kept: what an apply must know fresh, without reading every user and OU again.
 */
export async function rereadRulesAndSetting(client: ClumioClient, facts: ClumioFacts): Promise<ClumioFacts> {
  const now = () => client.clock.now();
  const [rules, autoUserProvisioning] = await Promise.all([
    readOne(
      () => client.listRules(),
      now,
      (r) => `${r.length} rule(s)`,
    ),
    readOne(
      () => client.readAutoUserProvisioning(),
      now,
      (s) => `is_enabled: ${s.isEnabled}`,
    ),
  ]);
  return {
    ...facts,
    rules,
    superAdminRules: superAdminRulesOf(rules, facts.superAdminRoleId, facts.globalOrganizationalUnitId),
    autoUserProvisioning,
  };
}

function superAdminRulesOf(
  rules: Reading<readonly Rule[]>,
  superAdmin: string,
  global: string,
): Reading<readonly Rule[]> {
  if (!rules.ok) return rules;
  const found = rules.value.filter(
    (r) => r.provision.role_id === superAdmin && r.provision.organizational_unit_ids.includes(global),
  );
  const said = found.length
    ? `Super Admin on the Global OU from ${found.map((r) => `"${r.name}"`).join(', ')}`
    : `none of the ${rules.value.length} rule(s) gives Super Admin on the Global OU`;
  return { ok: true, value: found, evidence: { ...rules.evidence, said } };
}

/** Users with each role-on-OU pair spelled out and named (names stay null when roles or OUs failed). */
function usersWithNames(
  users: Reading<readonly ClumioUser[]>,
  roles: Reading<readonly ClumioRole[]>,
  units: Reading<readonly ClumioOrganizationalUnit[]>,
  superAdmin: string,
  global: string,
): Reading<readonly ClumioUserFacts[]> {
  if (!users.ok) return users;
  const roleNames = new Map(roles.ok ? roles.value.map((r) => [r.id, r.name]) : []);
  const unitNames = new Map(units.ok ? units.value.map((u) => [u.id, u.name]) : []);
  const value = users.value.map((user): ClumioUserFacts => {
    const roleOnUnits: RoleOnUnit[] = user.access.flatMap((pair) =>
      pair.organizationalUnitIds.map((unitId) => ({
        roleId: pair.roleId,
        roleName: roleNames.get(pair.roleId) ?? null,
        organizationalUnitId: unitId,
        organizationalUnitName: unitNames.get(unitId) ?? null,
      })),
    );
    return {
      ...user,
      roleOnUnits,
      superAdminOnGlobal: roleOnUnits.some((a) => a.roleId === superAdmin && a.organizationalUnitId === global),
    };
  });
  return { ok: true, value, evidence: users.evidence };
}
