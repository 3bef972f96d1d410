/**
 * Which role and OU ids of SCIM Desk's own rules the Clumio account does not know, so an export applied to
 * Clumio would be refused. With the account connected, its roles and OUs decide; without, the ids Clumio
 * publishes do (three roles and the Global OU): SCIM Desk's own ids for the other roles are certain misses,
 * and an OU made in SCIM Desk has an id Clumio never gave.
 */
import type { OrganizationalUnit } from '../rules/organizational-units.js';
import type { Rule } from '../rules/rule.js';
import {
  BACKUP_ADMIN_ROLE_ID,
  ORGANIZATIONAL_UNIT_ADMIN_ROLE_ID,
  SUPER_ADMIN_ROLE_ID,
  type Role,
} from '../rules/roles.js';
import { GLOBAL_OU_ID } from '../rules/well-known-ids.js';
import type { AccountSide } from './account-facts.js';
import type { ExportIdWarning, RulesExportCheck } from './account-types.js';

const PUBLISHED_ROLE_IDS = new Set([SUPER_ADMIN_ROLE_ID, ORGANIZATIONAL_UNIT_ADMIN_ROLE_ID, BACKUP_ADMIN_ROLE_ID]);

export function checkExport(
  rules: readonly Rule[],
  local: { roles: readonly Role[]; units: readonly OrganizationalUnit[] },
  account: AccountSide | null,
): RulesExportCheck {
  const roleIds = account ? new Set(account.roles.map((r) => r.id)) : PUBLISHED_ROLE_IDS;
  const unitIds = account ? new Set(account.units.map((u) => u.id)) : new Set([GLOBAL_OU_ID]);
  const warnings: ExportIdWarning[] = [];
  for (const rule of rules) {
    const roleId = rule.provision.role_id;
    if (!roleIds.has(roleId)) {
      const name = local.roles.find((r) => r.id === roleId)?.name ?? null;
      const sameName = account?.roles.find((r) => name !== null && r.name.toLowerCase() === name.toLowerCase());
      warnings.push({
        rule: rule.name,
        kind: 'role',
        id: roleId,
        name,
        message: account
          ? `Rule '${rule.name}' gives ${name ? `'${name}'` : 'a role'} with id ${roleId}, which the Clumio account does not have${sameName ? ` (its '${sameName.name}' is ${sameName.id})` : ''}: Clumio would refuse the rule.`
          : `Rule '${rule.name}' gives ${name ? `'${name}'` : 'a role'} with id ${roleId}, an id only SCIM Desk uses (Clumio publishes none for it): Clumio would refuse the rule. Connect the Clumio account to pick its real role.`,
      });
    }
    for (const unitId of rule.provision.organizational_unit_ids) {
      if (unitIds.has(unitId)) continue;
      const name = local.units.find((u) => u.id === unitId)?.name ?? null;
      warnings.push({
        rule: rule.name,
        kind: 'organizational_unit',
        id: unitId,
        name,
        message: account
          ? `Rule '${rule.name}' names organizational unit ${name ? `"${name}" ` : ''}${unitId}, which the Clumio account does not have.`
          : `Rule '${rule.name}' names organizational unit ${name ? `"${name}" ` : ''}${unitId}: Clumio gives organizational units ids of its own, so unless this one was copied from the account, Clumio does not have it. Connect the Clumio account to check.`,
      });
    }
  }
  return { checked_against: account ? 'clumio-account' : 'published-ids', warnings };
}
