import { describe, expect, it } from 'vitest';
import { AccessIndex } from '../../server/rules/access-index.js';
import { checkGroupRename, checkLockoutGuard, type LockoutGuardInput } from '../../server/rules/guard.js';
import { GLOBAL_OU_NAME } from '../../server/rules/organizational-units.js';
import { BUILT_IN_ROLES } from '../../server/rules/roles.js';
import { exportRules, planImport } from '../../server/rules/wire-format.js';
import {
  BACKUP_ADMIN_ROLE_ID,
  FINANCE_OU,
  GLOBAL_OU_ID,
  OUS,
  backupRule,
  rule,
  superAdminRule,
  user,
} from './rules-fixtures.js';

const RULES = [superAdminRule, backupRule];
const USERS = [
  user('alice', ['Clumio Admins', 'Backup Team']),
  user('bob', ['Backup Team']),
  user('carl', ['Clumio Admins'], false),
];
const index = new AccessIndex({ users: USERS, rules: RULES });
const SA_ON_GLOBAL = `Super Admin on the ${GLOBAL_OU_NAME}`;

/** A change made while auto user provisioning is on, by alice, from RULES to `rules`. */
function change(rules: LockoutGuardInput['rules'], extra: Partial<LockoutGuardInput> = {}) {
  return checkLockoutGuard({
    enabled: true,
    currentAdmin: 'alice@example.com',
    rules,
    users: index,
    previousRules: RULES,
    ...extra,
  });
}

describe('the lockout guard while auto user provisioning is on', () => {
  it('allows changes that keep the current admin a Super Admin on the Global OU', () => {
    expect(change([superAdminRule])).toEqual({ ok: true });
    expect(change([{ ...superAdminRule, name: 'Renamed' }, backupRule])).toEqual({ ok: true });
    expect(change([{ ...superAdminRule, condition: '{"user.groups":{"$contains":{"$in":["Admins"]}}}' }])).toEqual({
      ok: true,
    });
  });

  it('refuses deleting the Super Admin rule', () => {
    expect(change([backupRule])).toEqual({
      ok: false,
      code: 'no-super-admin-rule',
      reason: `This change would leave no rule that gives ${SA_ON_GLOBAL}, which auto user provisioning needs while it is on: rule 'Admins' would be deleted. Disable auto user provisioning first if you really mean it.`,
      rule_ids: ['r-admins'],
    });
  });

  it('refuses editing its group away from the admin', () => {
    expect(change([{ ...superAdminRule, condition: '{"user.groups":{"$eq":"Okta Admins"}}' }, backupRule])).toEqual({
      ok: false,
      code: 'current-admin-loses-super-admin',
      reason: `This change would remove ${SA_ON_GLOBAL} from the current admin alice@example.com: rule 'Admins' no longer matches because alice@example.com is not in group "Okta Admins".`,
      rule_ids: ['r-admins'],
    });
  });

  it('refuses editing its OU or its role', () => {
    const noGlobal = change([
      { ...superAdminRule, provision: { ...superAdminRule.provision, organizational_unit_ids: [FINANCE_OU] } },
    ]);
    expect(noGlobal).toMatchObject({ ok: false, code: 'no-super-admin-rule' });
    if (noGlobal.ok) return;
    expect(noGlobal.reason).toContain(`rule 'Admins' would no longer include the ${GLOBAL_OU_NAME}`);

    const demoted = change([
      { ...superAdminRule, provision: { ...superAdminRule.provision, role_id: BACKUP_ADMIN_ROLE_ID } },
    ]);
    expect(demoted).toMatchObject({ ok: false, rule_ids: ['r-admins'] });
    if (demoted.ok) return;
    expect(demoted.reason).toContain(`rule 'Admins' would give Backup Admin instead of Super Admin`);
  });

  it('refuses a change that keeps a Super Admin rule but not for the admin, naming the rule that stops matching', () => {
    const other = rule(
      'r-other',
      { kind: 'eq', group: 'Okta Admins' },
      superAdminRule.provision.role_id,
      [GLOBAL_OU_ID],
      'Okta admins',
    );
    const result = change([
      other,
      { ...superAdminRule, condition: '{"user.groups":{"$all":["Clumio Admins","Security"]}}' },
    ]);
    expect(result).toEqual({
      ok: false,
      code: 'current-admin-loses-super-admin',
      reason: `This change would remove ${SA_ON_GLOBAL} from the current admin alice@example.com: rule 'Admins' no longer matches because alice@example.com is not in group "Security" (the rule needs all of "Clumio Admins", "Security").`,
      rule_ids: ['r-admins'],
    });
  });

  it('refuses changing the current admin to someone without Super Admin, or unknown, or deactivated', () => {
    expect(change(RULES, { currentAdmin: 'BOB@example.com', previousAdmin: 'alice@example.com' })).toEqual({
      ok: false,
      code: 'current-admin-loses-super-admin',
      reason: `bob@example.com cannot be the current admin: they would not get ${SA_ON_GLOBAL}: rule 'Admins' does not match because bob@example.com is not in group "Clumio Admins".`,
      rule_ids: ['r-admins'],
    });
    expect(change(RULES, { currentAdmin: 'zoe@example.com' })).toMatchObject({
      ok: false,
      code: 'current-admin-not-found',
    });
    expect(change(RULES, { currentAdmin: 'carl@example.com' })).toMatchObject({
      ok: false,
      code: 'current-admin-inactive',
    });
    expect(change(RULES, { currentAdmin: '  ' })).toMatchObject({ ok: false, code: 'no-current-admin' });
    expect(change(RULES, { currentAdmin: 'ALICE@EXAMPLE.COM', previousAdmin: 'alice@example.com' })).toEqual({
      ok: true,
    });
  });

  it('refuses importing a rule set without the Super Admin rule', () => {
    const context = { roles: BUILT_IN_ROLES, organizationalUnits: OUS };
    const imported = planImport(RULES, exportRules([backupRule]), context);
    if (!imported.ok) throw new Error('import refused');
    expect(change(imported.plan.proposed)).toMatchObject({
      ok: false,
      code: 'no-super-admin-rule',
      rule_ids: ['r-admins'],
    });
  });

  it('allows all of it when auto user provisioning is off (disabling is always allowed)', () => {
    const off = { enabled: false } as const;
    expect(change([backupRule], off)).toEqual({ ok: true });
    expect(change([{ ...superAdminRule, condition: '{"user.groups":{"$eq":"Okta Admins"}}' }], off)).toEqual({
      ok: true,
    });
    expect(change(RULES, { ...off, currentAdmin: 'bob@example.com' })).toEqual({ ok: true });
  });
});

describe('the lockout guard when enabling', () => {
  const enable = (rules: LockoutGuardInput['rules'], currentAdmin = 'alice@example.com') =>
    checkLockoutGuard({ enabled: true, currentAdmin, rules, users: USERS });

  it('needs a rule giving Super Admin on the Global OU', () => {
    expect(enable([backupRule])).toEqual({
      ok: false,
      code: 'no-super-admin-rule',
      reason: `Enabling auto user provisioning needs a rule that gives ${SA_ON_GLOBAL}.`,
      rule_ids: [],
    });
  });

  it('needs the current admin to get it', () => {
    expect(enable(RULES, 'bob@example.com')).toEqual({
      ok: false,
      code: 'current-admin-loses-super-admin',
      reason: `The current admin bob@example.com would not get ${SA_ON_GLOBAL}: rule 'Admins' does not match because bob@example.com is not in group "Clumio Admins".`,
      rule_ids: ['r-admins'],
    });
    expect(enable(RULES)).toEqual({ ok: true });
  });
});

describe('renaming a group through SCIM', () => {
  const rename = (from: string, to: string, enabled = true) =>
    checkGroupRename({ enabled, currentAdmin: 'alice@example.com', rules: RULES, users: index, from, to });

  it('is allowed, with a warning when it costs the current admin Super Admin on the Global OU', () => {
    expect(rename('Clumio Admins', 'Clumio Administrators')).toEqual({
      ok: true,
      warning: {
        message: `Renaming group "Clumio Admins" to "Clumio Administrators" removes ${SA_ON_GLOBAL} from the current admin alice@example.com: rule 'Admins' no longer matches because alice@example.com is not in group "Clumio Admins". Update the rule to use "Clumio Administrators".`,
        rule_ids: ['r-admins'],
      },
    });
  });

  it('has nothing to say about other groups, or while auto user provisioning is off', () => {
    expect(rename('Backup Team', 'Backup Crew')).toEqual({ ok: true });
    expect(rename('Clumio Admins', 'Clumio Administrators', false)).toEqual({ ok: true });
  });
});
