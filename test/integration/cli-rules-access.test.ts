import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKUP_ADMIN,
  createOu,
  createRule,
  createUser,
  enableAutoUserProvisioning,
  pushGroup,
  rule,
  setUpCurrentAdmin,
} from '../helpers/admin-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

const CLI = path.resolve('bin/scim-desk.js');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

// `scim-desk rules export|import` and `scim-desk access`, as an admin runs them: against a running server
// (through its control socket) and against a stopped data folder (the CLI opens it itself).
describe('rules and access CLI', () => {
  let dir: string;
  let server: TestServer;
  let finance: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-cli-'));
    server = await startTestServer({ dataDir: path.join(dir, 'data') });
    await setUpCurrentAdmin(server);
    finance = await createOu(server, 'Finance');
    const ann = await createUser(server, 'ann@example.com');
    await createUser(server, 'bob@example.com');
    await pushGroup(server, 'Backup Team', [ann]);
    await createRule(server, rule('Backup', { $eq: 'Backup Team' }, BACKUP_ADMIN, [finance]));
    await enableAutoUserProvisioning(server);
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('against a running server', () => {
    it('exports the rule set in Clumio wire format', async () => {
      const out = path.join(dir, 'rules.json');
      const res = await cli(['rules', 'export', '--data', server.dataDir, '--out', out]);
      // The file is written as before; beside it, the OU made in SCIM Desk is named (Clumio would not know its id).
      expect(res.stderr).toBe(
        `scim-desk: warning: Rule 'Backup' names organizational unit "Finance" ${finance}: Clumio gives organizational units ids of its own, so unless this one was copied from the account, Clumio does not have it. Connect the Clumio account to check.\n`,
      );
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('Exported 2 rules');
      const file = JSON.parse(await readFile(out, 'utf8'));
      expect(file.rules.map((r: { name: string }) => r.name).sort()).toEqual(['Backup', 'Super Admins']);
      expect(file.rules[0]).not.toHaveProperty('rule_id');
      expect(Object.keys(file.rules[0]).sort()).toEqual(['condition', 'name', 'provision']);
    });

    it('prints the plan of a dry run and changes nothing', async () => {
      const file = path.join(dir, 'more.json');
      const exported = JSON.parse(await readFile(path.join(dir, 'rules.json'), 'utf8'));
      exported.rules.push(rule('Everyone backup', { $contains: { $in: ['Team'] } }, BACKUP_ADMIN));
      await writeFile(file, JSON.stringify(exported));
      const res = await cli(['rules', 'import', file, '--data', server.dataDir, '--dry-run']);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('Dry run: nothing was changed.');
      expect(res.stdout).toMatch(/create +Everyone backup/);
      expect(res.stdout).toContain(
        `ann@example.com gains Backup Admin on OU Global Organizational Unit via rule 'Everyone backup' through group "Backup Team"`,
      );
      expect((await server.api('GET', '/api/rules')).body.items).toHaveLength(2);
    });

    it('refuses an import that would lock the admin out, with the guard reason and exit 1', async () => {
      const file = path.join(dir, 'lockout.json');
      await writeFile(
        file,
        JSON.stringify({ rules: [rule('Backup', { $eq: 'Backup Team' }, BACKUP_ADMIN, [finance])] }),
      );
      const res = await cli(['rules', 'import', file, '--data', server.dataDir]);
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/^scim-desk: .*rule 'Super Admins' would be deleted/);
      expect((await server.api('GET', '/api/rules')).body.items).toHaveLength(2);
    });

    it('imports for real, and the running server sees the change at once', async () => {
      const res = await cli(['rules', 'import', path.join(dir, 'more.json'), '--data', server.dataDir]);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('Imported the rule set:');
      const names = (await server.api('GET', '/api/rules')).body.items.map((r: { name: string }) => r.name);
      expect(names).toEqual(['Backup', 'Everyone backup', 'Super Admins']);
    });

    it("explains a user's access: each grant with rule and group", async () => {
      const res = await cli(['access', 'ANN@example.com', '--data', server.dataDir]);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain('ann@example.com (active) in "Backup Team"');
      expect(res.stdout).toContain('Backup Admin on OU Finance');
      expect(res.stdout).toContain(`via rule 'Backup' through group "Backup Team"`);
      expect(res.stdout).toContain('Backup Admin on OU Global Organizational Unit');
      expect(res.stdout).not.toContain('in effect');
      expect(res.stdout).not.toContain('once enabled');
    });

    it('says why a user has no access, and fails for an unknown user', async () => {
      const [bob, nobody] = await Promise.all([
        cli(['access', 'bob@example.com', '--data', server.dataDir, '--json']),
        cli(['access', 'nobody@example.com', '--data', server.dataDir]),
      ]);
      expect(JSON.parse(bob.stdout)).toMatchObject({
        access: [],
        no_access_reason: 'the user is in no group',
        auto_user_provisioning: true,
      });
      expect(nobody.code).toBe(1);
      expect(nobody.stderr).toBe('scim-desk: no user with userName "nobody@example.com" has been provisioned\n');
    });
  });

  describe('against a stopped data folder', () => {
    beforeAll(async () => {
      await server.desk.stop();
    });
    afterAll(async () => {
      await server.restart();
    });

    it('exports to stdout, imports, and explains access without a server', async () => {
      const exported = await cli(['rules', 'export', '--data', server.dataDir]);
      expect(exported.code).toBe(0);
      const file = JSON.parse(exported.stdout);
      expect(file.rules).toHaveLength(3);
      const trimmed = path.join(dir, 'trimmed.json');
      await writeFile(
        trimmed,
        JSON.stringify({ rules: file.rules.filter((r: { name: string }) => r.name !== 'Everyone backup') }),
      );
      const imported = await cli(['rules', 'import', trimmed, '--data', server.dataDir]);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(/delete +Everyone backup/);
      expect(imported.stdout).toContain('ann@example.com loses Backup Admin on OU Global Organizational Unit');
      const access = await cli(['access', 'ann@example.com', '--data', server.dataDir, '--json']);
      expect(JSON.parse(access.stdout).access).toHaveLength(1);
    });
  });

  it('has --help for each command and one-line usage errors with exit 2', async () => {
    const [help, accessHelp, missing, unreadable] = await Promise.all([
      cli(['rules', '--help']),
      cli(['access', '--help']),
      cli(['rules', 'import', '--data', server.dataDir]),
      cli(['rules', 'import', path.join(dir, 'nope.json'), '--data', server.dataDir]),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('scim-desk rules import FILE');
    expect(accessHelp.stdout).toContain('scim-desk access USERNAME');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('scim-desk: rules import needs the FILE to import (see: scim-desk rules export)\n');
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('no such file');
  });

  describe('while auto user provisioning is off', () => {
    beforeAll(async () => {
      expect((await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: false })).status).toBe(200);
    });
    afterAll(async () => {
      await enableAutoUserProvisioning(server);
    });

    it('labels every grant as what the user would get once it is enabled, in text and in --json', async () => {
      const [text, json] = await Promise.all([
        cli(['access', 'admin@example.com', '--data', server.dataDir]),
        cli(['access', 'admin@example.com', '--data', server.dataDir, '--json']),
      ]);
      expect(text.code).toBe(0);
      expect(text.stdout.split('\n')).toEqual([
        'admin@example.com (active) in "Clumio Admins"',
        'Not in effect: auto user provisioning is off, so this is what the rules would give once it is enabled.',
        '  Super Admin on OU Global Organizational Unit (would get once enabled)',
        `    via rule 'Super Admins' through group "Clumio Admins"`,
        '',
      ]);
      expect(json.code).toBe(0);
      const parsed = JSON.parse(json.stdout);
      expect(parsed.auto_user_provisioning).toBe(false);
      expect(parsed.access).toEqual([
        {
          role_id: '00000000-0000-0000-0000-000000000000',
          organizational_unit_id: '00000000-0000-0000-0000-000000000000',
          rules: [
            {
              rule_id: expect.any(String),
              name: 'Super Admins',
              via_group: 'Clumio Admins',
              via_groups: ['Clumio Admins'],
            },
          ],
          in_effect: false,
        },
      ]);
    });

    it('the same grant is in effect once it is on again', async () => {
      await enableAutoUserProvisioning(server);
      const json = await cli(['access', 'admin@example.com', '--data', server.dataDir, '--json']);
      expect(JSON.parse(json.stdout).access.map((g: { in_effect: boolean }) => g.in_effect)).toEqual([true]);
    });
  });
});
