/** Shared builders for the rules engine specifications (not a test file itself). */
import type { DirectoryUser } from '../../server/rules/access.js';
import { serializeCondition, type Condition } from '../../server/rules/condition.js';
import { GLOBAL_OU_ID, type OrganizationalUnit } from '../../server/rules/organizational-units.js';
import type { Rule } from '../../server/rules/rule.js';
import {
  BACKUP_ADMIN_ROLE_ID,
  HELPDESK_ADMIN_ROLE_ID,
  REPORTING_AUDIT_ADMIN_ROLE_ID,
  SUPER_ADMIN_ROLE_ID,
} from '../../server/rules/roles.js';

export const FINANCE_OU = 'f1000000-0000-0000-0000-000000000001';
export const SALES_OU = 'f2000000-0000-0000-0000-000000000002';

export const OUS: OrganizationalUnit[] = [
  { id: GLOBAL_OU_ID, name: 'Global Organizational Unit', parent_id: null, description: '' },
  { id: FINANCE_OU, name: 'Finance', parent_id: GLOBAL_OU_ID, description: '' },
  { id: SALES_OU, name: 'Sales', parent_id: GLOBAL_OU_ID, description: '' },
];

export function user(id: string, groups: string[], active = true): DirectoryUser {
  return { id, userName: `${id}@example.com`, active, groups };
}

export function rule(rule_id: string, condition: Condition, role_id: string, ous: string[], name = rule_id): Rule {
  return {
    rule_id,
    name,
    condition: serializeCondition(condition),
    provision: { role_id, organizational_unit_ids: ous },
  };
}

/** The rule every enabled setup needs: Super Admin on the Global OU for the "Clumio Admins" group. */
export const superAdminRule = rule(
  'r-admins',
  { kind: 'eq', group: 'Clumio Admins' },
  SUPER_ADMIN_ROLE_ID,
  [GLOBAL_OU_ID],
  'Admins',
);
export const backupRule = rule(
  'r-backup',
  { kind: 'in', groups: ['Backup Team', 'Backup Leads'] },
  BACKUP_ADMIN_ROLE_ID,
  [FINANCE_OU],
  'Backup',
);
export const helpdeskRule = rule(
  'r-helpdesk',
  { kind: 'contains-any', keywords: ['Helpdesk'] },
  HELPDESK_ADMIN_ROLE_ID,
  [FINANCE_OU, SALES_OU],
  'Helpdesk',
);
export const auditRule = rule(
  'r-audit',
  { kind: 'all', groups: ['Auditors', 'Finance'] },
  REPORTING_AUDIT_ADMIN_ROLE_ID,
  [FINANCE_OU],
  'Audit',
);

export {
  BACKUP_ADMIN_ROLE_ID,
  GLOBAL_OU_ID,
  HELPDESK_ADMIN_ROLE_ID,
  REPORTING_AUDIT_ADMIN_ROLE_ID,
  SUPER_ADMIN_ROLE_ID,
};
