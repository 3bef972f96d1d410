import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorBody, GuardRefusal, Rule } from '../../server/admin/contract.js';
import {
  BACKUP_ADMIN,
  GLOBAL_OU,
  SUPER_ADMIN,
  createOu,
  createUser,
  enableAutoUserProvisioning,
  pushGroup,
  removeMember,
  renameGroup,
  rule,
  setUpCurrentAdmin,
} from '../helpers/admin-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

// The lockout guard (docs/decisions.md#the-lockout-guard): while auto user provisioning is on, no change may take
// Super Admin on the Global OU away from the current admin. Each path is refused with 409, the reason and the
// rules; when it is off, all are allowed.
describe('lockout guard', () => {
  let server: TestServer;
  let superRule: string;
  let adminsGroup: string;

  beforeEach(async () => {
    server = await startTestServer();
    ({ superRule, adminsGroup } = await setUpCurrentAdmin(server));
  });
  afterEach(async () => {
    await server.stop();
  });

  const storedRules = async () => (await server.api<{ items: Rule[] }>('GET', '/api/rules')).body.items;
  const expectRefused = (
    res: { status: number; body: ApiErrorBody },
    reason: GuardRefusal['reason'],
    message: RegExp,
  ) => {
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('guard_refused');
    const details = res.body.error.details as GuardRefusal;
    expect(details.reason).toBe(reason);
    expect(details.message).toMatch(message);
    expect(res.body.error.message).toBe(details.message);
    return details;
  };

  describe('while enabled', () => {
    beforeEach(async () => {
      await enableAutoUserProvisioning(server);
    });

    it('refuses deleting the rule that gives the admin Super Admin, naming it', async () => {
      const res = await server.api('DELETE', `/api/rules/${superRule}`);
      const details = expectRefused(res, 'no_super_admin_rule', /rule 'Super Admins' would be deleted/);
      expect(details.rules).toEqual([{ rule_id: superRule, name: 'Super Admins' }]);
      expect(await storedRules()).toHaveLength(1);
    });

    it('refuses editing the rule to a group the admin is not in', async () => {
      const res = await server.api(
        'PUT',
        `/api/rules/${superRule}`,
        rule('Super Admins', { $eq: 'Clumio Admin' }, SUPER_ADMIN),
      );
      const details = expectRefused(res, 'current_admin_loses_super_admin', /admin@example\.com/);
      expect(details.current_admin).toBe('admin@example.com');
      expect((await storedRules())[0]!.condition).toBe('{"user.groups":{"$eq":"Clumio Admins"}}');
    });

    it('refuses editing the rule to another OU or another role', async () => {
      const finance = await createOu(server, 'Finance');
      expectRefused(
        await server.api(
          'PUT',
          `/api/rules/${superRule}`,
          rule('Super Admins', { $eq: 'Clumio Admins' }, SUPER_ADMIN, [finance]),
        ),
        'no_super_admin_rule',
        /no longer include/,
      );
      expectRefused(
        await server.api(
          'PUT',
          `/api/rules/${superRule}`,
          rule('Super Admins', { $eq: 'Clumio Admins' }, BACKUP_ADMIN),
        ),
        'no_super_admin_rule',
        /Backup Admin instead of Super Admin/,
      );
    });

    it('refuses changing the current admin to someone the rules do not make Super Admin', async () => {
      await createUser(server, 'eve@example.com');
      const res = await server.api('PUT', '/api/settings', { current_admin: 'eve@example.com' });
      expectRefused(res, 'current_admin_loses_super_admin', /eve@example\.com cannot be the current admin/);
      expectRefused(
        await server.api('PUT', '/api/settings', { current_admin: 'nobody@example.com' }),
        'current_admin_unknown',
        /nobody@example\.com/,
      );
      expectRefused(
        await server.api('PUT', '/api/settings', { current_admin: null }),
        'current_admin_not_set',
        /current admin/,
      );
      expect((await server.api('GET', '/api/settings')).body.current_admin).toBe('admin@example.com');
    });

    it('refuses importing a set without the Super Admin rule, even as a dry run', async () => {
      const file = { rules: [rule('Backup', { $eq: 'Backup Team' }, BACKUP_ADMIN)] };
      expectRefused(
        await server.api('POST', '/api/rules/import?dryRun=true', file),
        'no_super_admin_rule',
        /Super Admins/,
      );
      expectRefused(
        await server.api('POST', '/api/rules/import?dryRun=false', file),
        'no_super_admin_rule',
        /Super Admins/,
      );
      expect((await storedRules()).map((r) => r.name)).toEqual(['Super Admins']);
    });

    it('allows a group rename through SCIM (Okta is the source of truth) and logs a warning', async () => {
      await renameGroup(server, adminsGroup, 'Clumio Administrators');
      const activity = await server.api('GET', '/api/activity?kind=admin_change');
      const warning = activity.body.items.find((e: { action: string }) => e.action === 'guard.group_rename_warning');
      expect(warning.summary).toMatch(/Renaming group "Clumio Admins" to "Clumio Administrators" removes Super Admin/);
    });

    it('warns at once when Okta removes the current admin from the group that made them Super Admin', async () => {
      const { adminId } = await server
        .api('GET', '/api/users?q=admin@example.com')
        .then((r) => ({ adminId: r.body.items[0].id as string }));
      await removeMember(server, adminsGroup, adminId);
      const activity = await server.api('GET', '/api/activity?kind=admin_change');
      const warning = activity.body.items.find(
        (e: { action: string }) => e.action === 'guard.current_admin_lost_super_admin',
      );
      expect(warning).toMatchObject({
        status: 'ok',
        resource: { type: 'User', id: adminId, name: 'admin@example.com' },
      });
      expect(warning.summary).toMatch(
        /The current admin admin@example\.com lost Super Admin on the Global Organizational Unit .*rule 'Super Admins'/,
      );
    });

    it('logs each refusal as a failed admin change', async () => {
      await server.api('DELETE', `/api/rules/${superRule}`);
      const failed = await server.api('GET', '/api/activity?kind=admin_change&status=failed');
      expect(failed.body.items).toEqual([
        expect.objectContaining({
          action: 'rule.deleted',
          status: 'failed',
          resource: { type: 'Rule', id: superRule, name: 'Super Admins' },
        }),
      ]);
    });

    it('allows changes that keep the admin Super Admin, and disabling', async () => {
      const second = await server.api(
        'POST',
        '/api/rules',
        rule('Also admins', { $in: ['Clumio Admins', 'Owners'] }, SUPER_ADMIN),
      );
      expect(second.status).toBe(201);
      expect((await server.api('DELETE', `/api/rules/${superRule}`)).status).toBe(204);
      const off = await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: false });
      expect(off.status).toBe(200);
      expect(off.body).toEqual({ is_enabled: false });
    });
  });

  describe('enabling', () => {
    it('needs a Super Admin rule on the Global OU', async () => {
      await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: false });
      expect((await server.api('DELETE', `/api/rules/${superRule}`)).status).toBe(204);
      const res = await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: true });
      expectRefused(res, 'no_super_admin_rule', /needs a rule that gives Super Admin/);
      expect((await server.api('GET', '/api/settings/auto-user-provisioning')).body).toEqual({ is_enabled: false });
    });

    it('needs the current admin to get Super Admin from it', async () => {
      await server.api('PUT', '/api/settings', { current_admin: 'other@example.com' });
      await createUser(server, 'other@example.com');
      expectRefused(
        await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: true }),
        'current_admin_loses_super_admin',
        /other@example\.com/,
      );
    });

    it('succeeds when both hold, and the status says so', async () => {
      await enableAutoUserProvisioning(server);
      expect((await server.api('GET', '/api/status')).body.autoUserProvisioning).toBe(true);
    });
  });

  describe('while disabled every path is allowed', () => {
    it('deletes the Super Admin rule, changes the admin, imports anything', async () => {
      expect(
        (await server.api('PUT', `/api/rules/${superRule}`, rule('Super Admins', { $eq: 'Nobody' }, SUPER_ADMIN)))
          .status,
      ).toBe(200);
      expect((await server.api('PUT', '/api/settings', { current_admin: 'eve@example.com' })).status).toBe(200);
      expect((await server.api('DELETE', `/api/rules/${superRule}`)).status).toBe(204);
      const imported = await server.api('POST', '/api/rules/import?dryRun=false', {
        rules: [rule('Backup', { $eq: 'X' }, BACKUP_ADMIN, [GLOBAL_OU])],
      });
      expect(imported.status).toBe(200);
      expect(imported.body.applied).toBe(true);
    });
  });

  it('the preview of enabling shows who gains access and who is left without, and the guard verdict', async () => {
    const id = await createUser(server, 'new@example.com');
    await pushGroup(server, 'Backup Team', [id]);
    const res = await server.api('POST', '/api/rules/preview', { rules: await storedRules(), enabling: true });
    expect(res.status).toBe(200);
    expect(res.body.users.map((u: { user_name: string }) => u.user_name)).toEqual(['admin@example.com']);
    expect(res.body.totals).toMatchObject({
      users_evaluated: 2,
      users_with_access_after: 1,
      users_without_access_after: 1,
    });
    expect(res.body.guard).toEqual({ enforced: true, verdict: { allowed: true } });
  });
});
