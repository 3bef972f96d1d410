import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule, RulesImportResult, RulesPreview } from '../../server/admin/contract.js';
import {
  BACKUP_ADMIN,
  GLOBAL_OU,
  HELPDESK_ADMIN,
  SUPER_ADMIN,
  createOu,
  createRule,
  createUser,
  pushGroup,
  rule,
} from '../helpers/admin-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

// "Who would gain, lose or change access?" over HTTP, before anything is saved.
describe('rules preview', () => {
  let server: TestServer;
  let finance: string;
  let backupRule: string;
  const stored = async () =>
    (await server.api<{ items: (Rule & { user_count: number })[] }>('GET', '/api/rules')).body.items;
  const preview = async (rules: unknown[], enabling?: boolean) => {
    const res = await server.api<RulesPreview>('POST', '/api/rules/preview', {
      rules,
      ...(enabling ? { enabling } : {}),
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const summary = (p: RulesPreview) =>
    p.users.map((u) => ({
      user: u.user_name,
      gained: u.gained.map(
        (g) => `${g.role_id.slice(0, 2)}@${g.organizational_unit_id === GLOBAL_OU ? 'global' : 'finance'}`,
      ),
      lost: u.lost.map(
        (g) => `${g.role_id.slice(0, 2)}@${g.organizational_unit_id === GLOBAL_OU ? 'global' : 'finance'}`,
      ),
      left: u.left_without_access,
    }));

  beforeAll(async () => {
    server = await startTestServer();
    finance = await createOu(server, 'Finance');
    const ann = await createUser(server, 'ann@example.com', { displayName: 'Ann A' });
    const bob = await createUser(server, 'bob@example.com');
    const cid = await createUser(server, 'cid@example.com');
    await pushGroup(server, 'Backup Team', [ann, bob]);
    await pushGroup(server, 'Helpdesk EMEA', [bob, cid]);
    await pushGroup(server, 'Clumio Admins', []);
    backupRule = await createRule(server, rule('Backup', { $eq: 'Backup Team' }, BACKUP_ADMIN, [finance]));
  });
  afterAll(async () => {
    await server.stop();
  });

  it('previews adding a rule: gains with their explanation, nothing stored', async () => {
    const current = await stored();
    const p = await preview([...current, rule('Helpdesk', { $contains: { $in: ['Helpdesk'] } }, HELPDESK_ADMIN)]);
    expect(summary(p)).toEqual([
      { user: 'bob@example.com', gained: ['b0@global'], lost: [], left: false },
      { user: 'cid@example.com', gained: ['b0@global'], lost: [], left: false },
    ]);
    expect(p.users[0]!.gained[0]!.rules).toEqual([
      { rule_id: null, name: 'Helpdesk', via_group: 'Helpdesk EMEA', via_groups: ['Helpdesk EMEA'] },
    ]);
    expect(p.totals).toMatchObject({
      users_evaluated: 3,
      users_gaining: 2,
      users_losing: 0,
      users_with_access_after: 3,
      users_without_access_after: 0,
    });
    expect(await stored()).toHaveLength(1);
  });

  it('previews editing a rule: role changes on the same OU', async () => {
    const [backup] = await stored();
    const p = await preview([
      { ...backup!, provision: { role_id: HELPDESK_ADMIN, organizational_unit_ids: [finance] } },
    ]);
    expect(p.users.map((u) => [u.user_name, u.role_changes])).toEqual([
      [
        'ann@example.com',
        [{ organizational_unit_id: finance, from_role_id: BACKUP_ADMIN, to_role_id: HELPDESK_ADMIN }],
      ],
      [
        'bob@example.com',
        [{ organizational_unit_id: finance, from_role_id: BACKUP_ADMIN, to_role_id: HELPDESK_ADMIN }],
      ],
    ]);
    expect(p.users[0]!.display_name).toBe('Ann A');
  });

  it('previews deleting a rule: losses and users left without access', async () => {
    const p = await preview([]);
    expect(summary(p)).toEqual([
      { user: 'ann@example.com', gained: [], lost: ['30@finance'], left: true },
      { user: 'bob@example.com', gained: [], lost: ['30@finance'], left: true },
    ]);
    expect(p.totals).toMatchObject({ users_losing: 2, users_with_access_after: 0, users_without_access_after: 3 });
  });

  it('reports conflicts on one OU and the more privileged role winning', async () => {
    const current = await stored();
    const p = await preview([
      ...current,
      rule('Helpdesk on Finance', { $eq: 'Helpdesk EMEA' }, HELPDESK_ADMIN, [finance]),
    ]);
    expect(p.conflicts).toEqual([
      {
        user_id: expect.any(String),
        user_name: 'bob@example.com',
        organizational_unit_id: finance,
        chosen_role_id: BACKUP_ADMIN,
        candidates: [
          { role_id: BACKUP_ADMIN, rules: [{ rule_id: backupRule, name: 'Backup' }] },
          { role_id: HELPDESK_ADMIN, rules: [{ rule_id: null, name: 'Helpdesk on Finance' }] },
        ],
      },
    ]);
  });

  it('warns about near misses, unknown groups, keywords that match nothing and rules that match nobody', async () => {
    const p = await preview([
      rule('Near', { $eq: 'backup team' }, BACKUP_ADMIN),
      rule('Spaces', { $in: ['Clumio  Admins'] }, SUPER_ADMIN),
      rule('Unknown', { $eq: 'Payroll' }, BACKUP_ADMIN),
      rule('Keyword', { $contains: { $in: ['Zebra'] } }, BACKUP_ADMIN),
    ]);
    const byRule = Object.fromEntries(
      p.warnings.filter((w) => w.kind !== 'matches_no_user').map((w) => ['rule' in w ? w.rule.name : '', w]),
    );
    expect(byRule.Near).toMatchObject({ kind: 'near_miss', value: 'backup team', suggestion: 'Backup Team' });
    expect(byRule.Spaces).toMatchObject({ kind: 'near_miss', value: 'Clumio  Admins', suggestion: 'Clumio Admins' });
    expect(byRule.Unknown).toMatchObject({ kind: 'unknown_group', value: 'Payroll' });
    expect(byRule.Keyword).toMatchObject({ kind: 'keyword_matches_nothing', value: 'Zebra' });
    expect(p.warnings.filter((w) => w.kind === 'matches_no_user').map((w) => ('rule' in w ? w.rule.name : ''))).toEqual(
      ['Near', 'Spaces', 'Unknown', 'Keyword'],
    );
  });

  it('previews enabling: every grant is a gain, and the guard verdict says what is missing', async () => {
    const p = await preview(await stored(), true);
    expect(summary(p)).toEqual([
      { user: 'ann@example.com', gained: ['30@finance'], lost: [], left: false },
      { user: 'bob@example.com', gained: ['30@finance'], lost: [], left: false },
    ]);
    expect(p.totals).toMatchObject({ users_with_access_after: 2, users_without_access_after: 1 });
    expect(p.guard.enforced).toBe(true);
    expect(p.guard.verdict).toMatchObject({ allowed: false, reason: 'no_super_admin_rule' });
  });

  it('previews an import (dry run by default) with the plan of what changes', async () => {
    const file = {
      rules: [
        rule('Backup', { $eq: 'Backup Team' }, BACKUP_ADMIN, [finance, GLOBAL_OU]),
        rule('Helpdesk', { $eq: 'Helpdesk EMEA' }, HELPDESK_ADMIN),
      ],
    };
    const res = await server.api<RulesImportResult>('POST', '/api/rules/import', file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dry_run: true,
      applied: false,
      created: ['Helpdesk'],
      updated: ['Backup'],
      deleted: [],
      unchanged: [],
    });
    // bob's two new grants meet on the Global OU: Backup Admin outranks Helpdesk Admin, a reported conflict.
    expect(summary(res.body.preview)).toEqual([
      { user: 'ann@example.com', gained: ['30@global'], lost: [], left: false },
      { user: 'bob@example.com', gained: ['30@global'], lost: [], left: false },
      { user: 'cid@example.com', gained: ['b0@global'], lost: [], left: false },
    ]);
    expect(res.body.preview.conflicts.map((c) => [c.user_name, c.chosen_role_id])).toEqual([
      ['bob@example.com', BACKUP_ADMIN],
    ]);
    expect(await stored()).toHaveLength(1);
  });

  it('refuses a preview of a rule id that is not stored', async () => {
    const res = await server.api('POST', '/api/rules/preview', {
      rules: [{ ...rule('X', { $eq: 'A' }, BACKUP_ADMIN), rule_id: 'nope' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_rule', message: 'rules[0].rule_id: unknown rule "nope".' });
  });
});
