import { describe, expect, it } from 'vitest';
import { AccessIndex } from '../../server/rules/access-index.js';
import { groupNameWarnings } from '../../server/rules/group-name-warnings.js';
import { previewEnable, previewRules } from '../../server/rules/preview.js';
import { BUILT_IN_ROLES } from '../../server/rules/roles.js';
import { planImport, exportRules } from '../../server/rules/wire-format.js';
import {
  BACKUP_ADMIN_ROLE_ID,
  FINANCE_OU,
  GLOBAL_OU_ID,
  HELPDESK_ADMIN_ROLE_ID,
  OUS,
  REPORTING_AUDIT_ADMIN_ROLE_ID,
  SALES_OU,
  SUPER_ADMIN_ROLE_ID,
  backupRule,
  helpdeskRule,
  rule,
  superAdminRule,
  user,
} from './rules-fixtures.js';

const CURRENT = [superAdminRule, backupRule, helpdeskRule];
const USERS = [
  user('alice', ['Clumio Admins', 'All Staff']),
  user('bob', ['Backup Team', 'All Staff']),
  user('carol', ['Backup Leads', 'Sales Helpdesk']),
  user('dan', ['Sales Helpdesk']),
  user('erin', ['Backup Team'], false),
  user('fred', ['All Staff']),
];

/** Both ways in: the live index and a plain list must give the same preview. */
const populations = () =>
  [
    ['index', new AccessIndex({ users: USERS, rules: CURRENT })],
    ['list', USERS],
  ] as const;

describe('previewing a rule change', () => {
  it.each(populations())('adding a rule shows who gains (%s)', (_, users) => {
    const audit = rule(
      'r-audit',
      { kind: 'eq', group: 'All Staff' },
      REPORTING_AUDIT_ADMIN_ROLE_ID,
      [SALES_OU],
      'Everyone reads Sales',
    );
    const preview = previewRules(CURRENT, [...CURRENT, audit], users, { knownGroups: ['All Staff'] });
    expect(preview.users.map((u) => [u.userName, u.gained.map((g) => g.role_id), u.lost.length])).toEqual([
      ['alice@example.com', [REPORTING_AUDIT_ADMIN_ROLE_ID], 0],
      ['bob@example.com', [REPORTING_AUDIT_ADMIN_ROLE_ID], 0],
      ['fred@example.com', [REPORTING_AUDIT_ADMIN_ROLE_ID], 0],
    ]);
    expect(preview.rule_changes).toEqual({
      added: [{ rule_id: 'r-audit', name: 'Everyone reads Sales' }],
      removed: [],
      changed: [],
    });
    // Only members of "All Staff" were evaluated (the inactive erin is not in it).
    expect(preview.counts).toMatchObject({ users_evaluated: 3, users_affected: 3, users_gaining: 3, users_losing: 0 });
    expect(preview.warnings).toEqual([]);
  });

  it.each(populations())('editing a rule shows gains, losses and role changes (%s)', (_, users) => {
    const edited = {
      ...helpdeskRule,
      provision: { role_id: BACKUP_ADMIN_ROLE_ID, organizational_unit_ids: [SALES_OU] },
    };
    const preview = previewRules(CURRENT, [superAdminRule, backupRule, edited], users);
    const dan = preview.users.find((u) => u.user_id === 'dan')!;
    expect(dan.role_changes).toEqual([
      { organizational_unit_id: SALES_OU, from: HELPDESK_ADMIN_ROLE_ID, to: BACKUP_ADMIN_ROLE_ID },
    ]);
    expect(dan.lost.map((l) => [l.role_id, l.organizational_unit_id])).toEqual([
      [HELPDESK_ADMIN_ROLE_ID, FINANCE_OU],
      [HELPDESK_ADMIN_ROLE_ID, SALES_OU],
    ]);
    expect(dan.left_without_access).toBe(false);
    // carol kept Backup Admin on Finance (it always won there) and now holds Backup Admin on Sales.
    const carol = preview.users.find((u) => u.user_id === 'carol')!;
    expect(carol.role_changes).toEqual([
      { organizational_unit_id: SALES_OU, from: HELPDESK_ADMIN_ROLE_ID, to: BACKUP_ADMIN_ROLE_ID },
    ]);
    expect(carol.lost.map((l) => l.organizational_unit_id)).toEqual([SALES_OU]);
    expect(preview.rule_changes.changed).toEqual([{ rule_id: 'r-helpdesk', name: 'Helpdesk' }]);
    expect(preview.counts.role_changes).toBe(2);
  });

  it.each(populations())('deleting a rule shows losses and who is left with nothing (%s)', (_, users) => {
    const preview = previewRules(CURRENT, [superAdminRule, helpdeskRule], users);
    expect(preview.users.map((u) => [u.user_id, u.left_without_access])).toEqual([
      ['bob', true],
      ['carol', false],
    ]);
    // carol's Finance role changed (Backup Admin -> Helpdesk Admin): a role change, not a loss.
    expect(preview.users[1]!.role_changes).toEqual([
      { organizational_unit_id: FINANCE_OU, from: BACKUP_ADMIN_ROLE_ID, to: HELPDESK_ADMIN_ROLE_ID },
    ]);
    expect(preview.counts).toMatchObject({ users_losing: 1, role_changes: 1, left_without_access: 1 });
    expect(preview.rule_changes.removed).toEqual([{ rule_id: 'r-backup', name: 'Backup' }]);
  });

  it('reports the conflicts of the proposed state among the users the change touches', () => {
    const preview = previewRules(CURRENT, CURRENT.filter((r) => r !== backupRule).concat({ ...backupRule }), USERS);
    expect(preview.users).toEqual([]); // re-adding the same rule changes nothing
    const audit = rule('r-audit', { kind: 'contains-any', keywords: ['Backup'] }, REPORTING_AUDIT_ADMIN_ROLE_ID, [
      FINANCE_OU,
    ]);
    const conflicting = previewRules(CURRENT, [...CURRENT, audit], USERS);
    expect(conflicting.users).toEqual([]); // Backup Admin still wins on Finance
    expect(conflicting.conflicts.map((c) => [c.user_id, c.winner.role_id, c.losers.map((l) => l.role_id)])).toEqual([
      ['bob', BACKUP_ADMIN_ROLE_ID, [REPORTING_AUDIT_ADMIN_ROLE_ID]],
      ['carol', BACKUP_ADMIN_ROLE_ID, [HELPDESK_ADMIN_ROLE_ID, REPORTING_AUDIT_ADMIN_ROLE_ID]],
    ]);
  });

  it("previews an import plan's proposed set", () => {
    const context = { roles: BUILT_IN_ROLES, organizationalUnits: OUS, newRuleId: () => 'r-new' };
    const document = exportRules([
      superAdminRule,
      { ...backupRule, condition: '{"user.groups":{"$eq":"Backup Team"}}' },
    ]);
    const imported = planImport(CURRENT, document, context);
    if (!imported.ok) throw new Error('import refused');
    const preview = previewRules(CURRENT, imported.plan.proposed, USERS);
    expect(preview.rule_changes).toEqual({
      added: [],
      removed: [{ rule_id: 'r-helpdesk', name: 'Helpdesk' }],
      changed: [{ rule_id: 'r-backup', name: 'Backup' }],
    });
    expect(preview.users.map((u) => [u.user_id, u.left_without_access])).toEqual([
      ['carol', true],
      ['dan', true],
    ]);
  });

  it('names new rules without an id by placeholder', () => {
    const { rule_id: _, ...body } = rule(
      'x',
      { kind: 'eq', group: 'All Staff' },
      BACKUP_ADMIN_ROLE_ID,
      [SALES_OU],
      'New',
    );
    const preview = previewRules(CURRENT, [...CURRENT, body], USERS);
    expect(preview.rule_changes.added).toEqual([{ rule_id: 'proposed-1', name: 'New' }]);
    expect(preview.users[0]!.gained[0]!.rules[0]!.rule_id).toBe('proposed-1');
  });
});

describe('previewing enabling auto user provisioning', () => {
  it('starts from nobody having access: everything the rules give is gained, and users left without access are listed', () => {
    const preview = previewEnable(CURRENT, new AccessIndex({ users: USERS }));
    expect(preview.users.map((u) => u.user_id)).toEqual(['alice', 'bob', 'carol', 'dan']);
    expect(preview.users.every((u) => u.lost.length === 0)).toBe(true);
    expect(preview.users[0]!.gained.map((g) => [g.role_id, g.organizational_unit_id])).toEqual([
      [SUPER_ADMIN_ROLE_ID, GLOBAL_OU_ID],
    ]);
    expect(preview.without_access).toEqual([{ user_id: 'fred', userName: 'fred@example.com' }]);
    expect(preview.counts).toMatchObject({ users_evaluated: 6, users_affected: 4, conflicts: 1 });
  });
});

describe('group name warnings', () => {
  const known = ['Clumio Admins', 'Backup Team', 'IT-Ops', 'Helpdesk EMEA', 'HR'];
  const warn = (condition: string) =>
    groupNameWarnings([{ name: 'R', condition, provision: backupRule.provision }], known);

  it('suggests the group meant: same name ignoring case, spaces or punctuation, or one or two typos away', () => {
    expect(warn('{"user.groups":{"$eq":"clumio admins"}}')).toEqual([
      {
        rule_name: 'R',
        group: 'clumio admins',
        kind: 'near-miss',
        suggestion: 'Clumio Admins',
        message: `Rule 'R': no group is named "clumio admins"; did you mean "Clumio Admins"? Group names match exactly.`,
      },
    ]);
    expect(
      warn('{"user.groups":{"$in":["ClumioAdmins","IT Ops","Backup Teem","Clumio Admns"]}}').map((w) => [
        w.group,
        w.suggestion,
      ]),
    ).toEqual([
      ['ClumioAdmins', 'Clumio Admins'],
      ['IT Ops', 'IT-Ops'],
      ['Backup Teem', 'Backup Team'],
      ['Clumio Admns', 'Clumio Admins'],
    ]);
  });

  it('flags names that match no known group and are not close to one', () => {
    expect(warn('{"user.groups":{"$all":["Backup Team","Finance","HQ"]}}')).toEqual([
      expect.objectContaining({
        group: 'Finance',
        kind: 'unknown-group',
        message: `Rule 'R': no known group is named "Finance", so this part of the condition matches nobody yet.`,
      }),
      expect.objectContaining({ group: 'HQ', kind: 'unknown-group' }),
    ]);
  });

  it('checks $contains keywords case-sensitively, and ALL keywords within one group name', () => {
    expect(warn('{"user.groups":{"$contains":{"$in":["admins","Backup"]}}}')).toEqual([
      expect.objectContaining({ group: 'admins', kind: 'near-miss', suggestion: 'Admins' }),
    ]);
    expect(warn('{"user.groups":{"$contains":{"$in":["Finance"]}}}')).toEqual([
      expect.objectContaining({ kind: 'unknown-group', message: `Rule 'R': no known group name contains "Finance".` }),
    ]);
    expect(warn('{"user.groups":{"$contains":{"$all":["Backup","EMEA"]}}}')).toEqual([
      expect.objectContaining({
        kind: 'unknown-group',
        message: expect.stringContaining('no single known group name contains all of "Backup", "EMEA"'),
      }),
    ]);
    expect(warn('{"user.groups":{"$contains":{"$all":["Helpdesk","EMEA"]}}}')).toEqual([]);
  });

  it('are part of a preview for the added and edited rules', () => {
    const typo = rule('r-typo', { kind: 'eq', group: 'backup team' }, BACKUP_ADMIN_ROLE_ID, [SALES_OU], 'Typo');
    const preview = previewRules(CURRENT, [...CURRENT, typo], USERS);
    expect(preview.warnings).toEqual([
      expect.objectContaining({ rule_name: 'Typo', kind: 'near-miss', suggestion: 'Backup Team' }),
    ]);
  });
});

describe('preview speed', () => {
  it('evaluates only the members of the groups a change involves', () => {
    const groups = Array.from({ length: 500 }, (_, i) => `Team ${i}`);
    const users = Array.from({ length: 20_000 }, (_, i) => user(`u${i}`, [groups[i % 500]!, groups[(i * 7) % 500]!]));
    const rules = Array.from({ length: 100 }, (_, i) =>
      rule(`r${i}`, { kind: 'eq', group: `Team ${i}` }, BACKUP_ADMIN_ROLE_ID, [FINANCE_OU]),
    );
    const index = new AccessIndex({ users, rules });
    const edited = rules.map((r) =>
      r.rule_id === 'r5' ? { ...r, condition: '{"user.groups":{"$eq":"Team 400"}}' } : r,
    );
    const preview = previewRules(rules, edited, index);
    expect(preview.counts.users_evaluated).toBeLessThan(200);
    expect(preview.counts.users_affected).toBeGreaterThan(0);
  });
});
