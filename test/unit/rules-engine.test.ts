import { describe, expect, it } from 'vitest';
import { AccessIndex } from '../../server/rules/access-index.js';
import type { DirectoryUser } from '../../server/rules/access.js';
import { matchCondition, parseCondition, type Condition } from '../../server/rules/condition.js';
import { describeChange } from '../../server/rules/describe-change.js';
import { RuleEvaluator } from '../../server/rules/evaluator.js';
import { GLOBAL_OU_NAME } from '../../server/rules/organizational-units.js';
import { BUILT_IN_ROLES, roleName } from '../../server/rules/roles.js';
import {
  BACKUP_ADMIN_ROLE_ID,
  FINANCE_OU,
  GLOBAL_OU_ID,
  HELPDESK_ADMIN_ROLE_ID,
  OUS,
  REPORTING_AUDIT_ADMIN_ROLE_ID,
  SALES_OU,
  SUPER_ADMIN_ROLE_ID,
  auditRule,
  backupRule,
  helpdeskRule,
  rule,
  superAdminRule,
  user,
} from './rules-fixtures.js';

const RULES = [superAdminRule, backupRule, helpdeskRule, auditRule];
const roleNameOf = (id: string) => roleName(BUILT_IN_ROLES, id);
const ouNameOf = (id: string) => OUS.find((ou) => ou.id === id)?.name ?? id;

describe('evaluation', () => {
  const evaluator = new RuleEvaluator(RULES);

  it('gives the union of every matching rule, one entry per OU, sorted by OU id', () => {
    const access = evaluator.evaluate(user('carol', ['Backup Team', 'Sales Helpdesk', 'Clumio Admins'])).access;
    expect(access.map((a) => [a.organizational_unit_id, a.role_id])).toEqual([
      [GLOBAL_OU_ID, SUPER_ADMIN_ROLE_ID],
      [FINANCE_OU, BACKUP_ADMIN_ROLE_ID],
      [SALES_OU, HELPDESK_ADMIN_ROLE_ID],
    ]);
  });

  it('explains every access by rule and group', () => {
    const [finance] = evaluator.evaluate(user('dave', ['Finance', 'Auditors'])).access;
    expect(finance).toEqual({
      role_id: REPORTING_AUDIT_ADMIN_ROLE_ID,
      organizational_unit_id: FINANCE_OU,
      rules: [{ rule_id: 'r-audit', name: 'Audit', via_group: 'Auditors', via_groups: ['Auditors', 'Finance'] }],
    });
  });

  it('resolves different roles on one OU by privilege and reports the conflict', () => {
    const result = evaluator.evaluate(user('erin', ['Backup Leads', 'EMEA Helpdesk', 'Finance', 'Auditors']));
    const finance = result.access.find((a) => a.organizational_unit_id === FINANCE_OU)!;
    expect(finance.role_id).toBe(BACKUP_ADMIN_ROLE_ID);
    expect(finance.rules.map((g) => g.rule_id)).toEqual(['r-backup']);
    expect(result.conflicts).toEqual([
      {
        user_id: 'erin',
        organizational_unit_id: FINANCE_OU,
        winner: { role_id: BACKUP_ADMIN_ROLE_ID, rule_ids: ['r-backup'] },
        losers: [
          { role_id: HELPDESK_ADMIN_ROLE_ID, rule_ids: ['r-helpdesk'] },
          { role_id: REPORTING_AUDIT_ADMIN_ROLE_ID, rule_ids: ['r-audit'] },
        ],
      },
    ]);
    // Sales only has the helpdesk rule: no conflict there.
    expect(result.access.find((a) => a.organizational_unit_id === SALES_OU)?.role_id).toBe(HELPDESK_ADMIN_ROLE_ID);
  });

  it('lists every rule that gives the same role on an OU, without a conflict', () => {
    const second = rule(
      'r-backup-2',
      { kind: 'contains-any', keywords: ['Backup'] },
      BACKUP_ADMIN_ROLE_ID,
      [FINANCE_OU],
      'Backup by keyword',
    );
    const result = new RuleEvaluator([backupRule, second]).evaluate(user('fay', ['Backup Team']));
    expect(result.conflicts).toEqual([]);
    expect(result.access[0]!.rules.map((g) => [g.rule_id, g.via_group])).toEqual([
      ['r-backup', 'Backup Team'],
      ['r-backup-2', 'Backup Team'],
    ]);
  });

  it('gives inactive users nothing, even in the Super Admin group', () => {
    expect(evaluator.evaluate(user('gone', ['Clumio Admins', 'Backup Team'], false)).access).toEqual([]);
  });

  it('gives users who match no rule no access', () => {
    const result = evaluator.evaluate(user('hank', ['All Staff', 'clumio admins', 'Auditors']));
    expect(result).toEqual({ access: [], conflicts: [] });
  });

  it('skips a stored rule whose condition no longer parses, and reports it', () => {
    const broken = { ...backupRule, condition: '{"user.groups":{"$regex":"x"}}' };
    const withBroken = new RuleEvaluator([superAdminRule, broken]);
    expect(withBroken.problems).toEqual([
      { rule_id: 'r-backup', name: 'Backup', message: expect.stringContaining('$regex') },
    ]);
    expect(withBroken.evaluate(user('ivy', ['Backup Team'])).access).toEqual([]);
  });

  it('agrees with the reference matcher on random users and rules of every form', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const names = ['Admins', 'Backup Team', 'Backup Leads', 'Helpdesk EMEA', 'Finance', 'Sales', 'Eng', 'Eng Admins'];
    const pick = () => names[Math.floor(random() * names.length)]!;
    const some = () => [pick(), pick()];
    const forms: (() => Condition)[] = [
      () => ({ kind: 'eq', group: pick() }),
      () => ({ kind: 'in', groups: some() }),
      () => ({ kind: 'all', groups: some() }),
      () => ({ kind: 'contains-any', keywords: ['Admin'] }),
      () => ({ kind: 'contains-any', keywords: ['Back', 'EMEA'] }),
      () => ({ kind: 'contains-all', keywords: ['Eng', 'Admins'] }),
    ];
    const rules = Array.from({ length: 30 }, (_, i) =>
      rule(`r${i}`, forms[i % 6]!(), BACKUP_ADMIN_ROLE_ID, [`ou-${i}`]),
    );
    const compiled = new RuleEvaluator(rules);
    for (let n = 0; n < 200; n++) {
      const groups = Array.from({ length: Math.floor(random() * 6) }, pick);
      const got = new Map(
        compiled.evaluate(user(`u${n}`, groups)).access.map((a) => [a.rules[0]!.rule_id, [...a.rules[0]!.via_groups]]),
      );
      for (const r of rules) {
        const parsed = parseCondition(r.condition);
        if (!parsed.ok) throw new Error(parsed.error.message);
        expect(got.get(r.rule_id), `${r.condition} on ${JSON.stringify(groups)}`).toEqual(
          matchCondition(parsed.condition, groups),
        );
      }
    }
  });
});

describe('the access index: incremental re-evaluation', () => {
  function indexWith(users: DirectoryUser[]) {
    const index = new AccessIndex({ users, rules: RULES });
    return index;
  }

  it('reports the initial rule set as gains for everyone it gives access, and nothing for the others', () => {
    const index = new AccessIndex({ users: [user('a', ['Backup Team']), user('b', ['Nobody'])] });
    const changes = index.setRules(RULES);
    expect(changes).toEqual([
      {
        user_id: 'a',
        userName: 'a@example.com',
        gained: [
          {
            role_id: BACKUP_ADMIN_ROLE_ID,
            organizational_unit_id: FINANCE_OU,
            rules: [expect.objectContaining({ rule_id: 'r-backup' })],
          },
        ],
        lost: [],
      },
    ]);
  });

  it('an Okta membership change re-evaluates exactly that user and reports exactly the change', () => {
    const index = indexWith([user('a', ['Backup Team']), user('b', ['Backup Team'])]);
    const changes = index.upsertUser(user('a', ['Backup Team', 'Sales Helpdesk']));
    expect(changes).toHaveLength(1);
    expect(changes[0]!.user_id).toBe('a');
    // Finance: Backup Admin still wins over Helpdesk (no change); Sales: Helpdesk gained.
    expect(changes[0]!.gained.map((g) => [g.role_id, g.organizational_unit_id])).toEqual([
      [HELPDESK_ADMIN_ROLE_ID, SALES_OU],
    ]);
    expect(changes[0]!.lost).toEqual([]);
    expect(index.accessOf('b')).toHaveLength(1);
  });

  it('reports nothing when a change does not alter access', () => {
    const index = indexWith([user('a', ['Backup Team'])]);
    expect(index.upsertUser(user('a', ['Backup Team', 'Coffee Club']))).toEqual([]);
    expect(
      index.upsertUser({ ...user('a', ['Backup Team', 'Coffee Club']), userName: 'a.renamed@example.com' }),
    ).toEqual([]);
  });

  it('takes everything away on deactivation and on removal', () => {
    const index = indexWith([user('a', ['Clumio Admins']), user('b', ['Backup Team'])]);
    const [deactivated] = index.upsertUser(user('a', ['Clumio Admins'], false));
    expect(deactivated!.lost.map((l) => l.role_id)).toEqual([SUPER_ADMIN_ROLE_ID]);
    const [removed] = index.removeUser('b');
    expect(removed!.lost.map((l) => l.role_id)).toEqual([BACKUP_ADMIN_ROLE_ID]);
    expect(index.accessOf('b')).toEqual([]);
    expect(index.removeUser('b')).toEqual([]);
  });

  it('shows a role replaced on an OU as the old role lost and the new one gained', () => {
    const index = indexWith([user('a', ['Sales Helpdesk'])]);
    const [change] = index.upsertUser(user('a', ['Sales Helpdesk', 'Backup Team']));
    expect(change!.lost.map((l) => [l.role_id, l.organizational_unit_id])).toEqual([
      [HELPDESK_ADMIN_ROLE_ID, FINANCE_OU],
    ]);
    expect(change!.gained.map((g) => [g.role_id, g.organizational_unit_id])).toEqual([
      [BACKUP_ADMIN_ROLE_ID, FINANCE_OU],
    ]);
  });

  it('a group rename re-evaluates its members only', () => {
    const index = indexWith([
      user('a', ['Backup Team', 'Finance']),
      user('b', ['Backup Team']),
      user('c', ['Clumio Admins']),
    ]);
    const changes = index.renameGroup('Backup Team', 'Backup Crew');
    expect(changes.map((c) => c.user_id).sort()).toEqual(['a', 'b']);
    expect(changes.every((c) => c.gained.length === 0 && c.lost[0]!.role_id === BACKUP_ADMIN_ROLE_ID)).toBe(true);
    expect(index.getUser('a')!.groups).toEqual(['Backup Crew', 'Finance']);
    expect(index.membersOf('Backup Team')).toEqual([]);
    expect(
      index
        .membersOf('Backup Crew')
        .map((u) => u.id)
        .sort(),
    ).toEqual(['a', 'b']);
    // Renaming back restores the access.
    expect(index.renameGroup('Backup Crew', 'Backup Team').map((c) => c.gained.length)).toEqual([1, 1]);
  });

  it('a group deletion removes it from its members', () => {
    const index = indexWith([user('a', ['Clumio Admins', 'Backup Team'])]);
    const [change] = index.removeGroup('Clumio Admins');
    expect(change!.lost.map((l) => l.role_id)).toEqual([SUPER_ADMIN_ROLE_ID]);
    expect(index.accessOf('a').map((a) => a.role_id)).toEqual([BACKUP_ADMIN_ROLE_ID]);
  });

  it('a rule change reports the users it affects, with their new explanations', () => {
    const index = indexWith([user('a', ['Backup Team']), user('b', ['Backup Leads']), user('c', ['Clumio Admins'])]);
    const narrowed = { ...backupRule, condition: '{"user.groups":{"$eq":"Backup Leads"}}' };
    const changes = index.setRules([superAdminRule, narrowed, helpdeskRule, auditRule]);
    expect(changes.map((c) => [c.user_id, c.lost.length, c.gained.length])).toEqual([['a', 1, 0]]);
  });

  it('counts the users each rule grants access to, and lists conflicts', () => {
    const index = indexWith([
      user('a', ['Backup Team', 'Finance Helpdesk']),
      user('b', ['Backup Leads']),
      user('c', ['Clumio Admins'], false),
    ]);
    expect(index.usersGrantedBy('r-backup')).toBe(2);
    expect(index.usersGrantedBy('r-helpdesk')).toBe(1); // on Sales; it lost Finance to Backup Admin
    expect(index.usersGrantedBy('r-admins')).toBe(0);
    expect(index.conflicts().map((c) => [c.user_id, c.organizational_unit_id])).toEqual([['a', FINANCE_OU]]);
    index.upsertUser(user('c', ['Clumio Admins']));
    index.removeUser('b');
    expect([index.usersGrantedBy('r-admins'), index.usersGrantedBy('r-backup')]).toEqual([1, 1]);
  });

  it('finds users by userName ignoring case', () => {
    const index = indexWith([user('Alice', ['Clumio Admins'])]);
    expect(index.findUserByUserName('ALICE@EXAMPLE.COM')?.id).toBe('Alice');
  });

  // How fast one update is at 50,000 users: bench/rules-bench.ts (npm run bench).
  it('re-evaluates one user among 5,000 and 200 rules exactly as a full evaluation would, touching no one else', () => {
    const groups = Array.from({ length: 400 }, (_, i) => `Team ${i}`);
    const users = Array.from({ length: 5_000 }, (_, i) =>
      user(
        `u${i}`,
        groups.filter((_, g) => (g * 7 + i) % 40 === 0),
      ),
    );
    const rules = Array.from({ length: 200 }, (_, i) =>
      rule(
        `r${i}`,
        i % 2 ? { kind: 'eq', group: `Team ${i}` } : { kind: 'contains-any', keywords: [`Team ${i % 40}`] },
        BACKUP_ADMIN_ROLE_ID,
        [`ou-${i % 20}`],
      ),
    );
    const index = new AccessIndex({ users, rules });
    const evaluator = new RuleEvaluator(rules);
    const others = ['u0', 'u2', 'u4999'].map((id) => [id, index.accessOf(id)] as const);
    for (let i = 0; i < 100; i++) {
      const updated = user('u1', ['Team 3', `Team ${i}`]);
      const changes = index.upsertUser(updated);
      expect(index.accessOf('u1')).toEqual(evaluator.evaluate(updated).access);
      expect(changes.every((change) => change.user_id === 'u1')).toBe(true);
    }
    expect(index.accessOf('u1').length).toBeGreaterThan(0);
    for (const [id, access] of others) expect(index.accessOf(id)).toEqual(access);
  });
});

describe('access changes in words', () => {
  it('reads like the activity log', () => {
    const index = new AccessIndex({ users: [user('alice', ['Sales Helpdesk'])], rules: RULES });
    const [gain] = index.upsertUser(user('alice', ['Sales Helpdesk', 'Clumio Admins']));
    expect(describeChange(gain!, roleNameOf, ouNameOf)).toBe(
      `alice@example.com gained Super Admin on OU ${GLOBAL_OU_NAME} via rule 'Admins' through group "Clumio Admins"`,
    );
    const [change] = index.upsertUser(user('alice', ['Backup Team']));
    expect(describeChange(change!, roleNameOf, ouNameOf)).toBe(
      'alice@example.com changed from Helpdesk Admin to Backup Admin on OU Finance via rule \'Backup\' through group "Backup Team"; ' +
        `lost Super Admin on OU ${GLOBAL_OU_NAME} (had it via rule 'Admins' through group "Clumio Admins"); ` +
        'lost Helpdesk Admin on OU Sales (had it via rule \'Helpdesk\' through group "Sales Helpdesk")',
    );
    const [audit] = index.upsertUser(user('alice', ['Auditors', 'Finance']));
    expect(describeChange(audit!, roleNameOf, ouNameOf)).toContain(
      `changed from Backup Admin to Reporting/Audit Admin on OU Finance via rule 'Audit' through groups "Auditors" and "Finance"`,
    );
  });
});
