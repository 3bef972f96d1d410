/**
 * `scim-desk connect okta|clumio` and `scim-desk clumio rules plan|apply` as an admin runs them (real
 * processes, real data folders): offline on a stopped folder, through a running server's control socket,
 * and the token kept out of everything. The fake Okta Management API and fake Clumio REST API (test/fakes)
 * are the only stand-ins: neither service can be reached from this machine, and the fakes follow the
 * reference of both APIs.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClumioRulesPlan, Connections } from '../../server/admin/contract.js';
import { ROLES, RULE_IDS, UNITS, rule } from '../fakes/clumio/clumio-account.js';
import { CLUMIO_APP_ID } from '../fakes/okta/okta-org.js';
import { runCli, runCliWithInput, spawnServe } from '../helpers/cli.js';
import { request, startTestServer } from '../helpers/scim-server.js';
import { ADMIN_LOGIN, CLUMIO_TOKEN, OKTA_TOKEN, startTenantFakes, type TenantFakes } from '../helpers/tenant-fakes.js';

const RULES_PATH = '/settings/auto-user-provisioning/rules';
const NO_TOKENS = { OKTA_API_TOKEN: '', CLUMIO_API_TOKEN: '' };

describe('scim-desk connect and scim-desk clumio rules', { timeout: 300_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function folder(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-cli-connect-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  async function fakes(): Promise<TenantFakes> {
    const started = await startTenantFakes();
    cleanups.push(() => started.close());
    return started;
  }

  /** A folder with the current admin set, stopped again (the CLI then serves the API itself). */
  async function preparedFolder(): Promise<string> {
    const dataDir = await folder();
    const server = await startTestServer({ dataDir });
    await server.api('PUT', '/api/settings', { current_admin: ADMIN_LOGIN });
    await server.stop();
    return dataDir;
  }

  async function rulesFile(rules: unknown[]): Promise<string> {
    const file = path.join(await folder(), 'rules.json');
    await writeFile(file, JSON.stringify({ rules }));
    return file;
  }

  it('connects Okta with the token from OKTA_API_TOKEN and Clumio with it on standard input, offline', async () => {
    const dataDir = await folder();
    const { okta, clumio } = await fakes();
    const connected = await runCli(
      ['connect', 'okta', '--org-url', okta.origin, '--app-id', CLUMIO_APP_ID, '--data', dataDir],
      { OKTA_API_TOKEN: OKTA_TOKEN },
    );
    expect(connected).toMatchObject({ code: 0, stderr: '' });
    expect(connected.stdout).toBe(
      `Connected to Okta at ${okta.origin}: app "Clumio" (${CLUMIO_APP_ID}).\n  GET /api/v1/apps/${CLUMIO_APP_ID} answered 200: "Clumio" (ACTIVE)\n`,
    );
    const piped = await runCliWithInput(
      ['connect', 'clumio', '--base-url', clumio.origin, '--data', dataDir],
      `${CLUMIO_TOKEN}\n`,
      NO_TOKENS,
    );
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    expect(piped.stdout).toBe(
      `Connected to the Clumio account at ${clumio.origin}.\n  GET /settings/auto-user-provisioning answered 200: auto user provisioning is on\n`,
    );
    expect(clumio.requests[0]).toMatchObject({ authorizationScheme: 'Bearer', tokenMatched: true });

    const server = await startTestServer({ dataDir });
    cleanups.push(() => server.stop());
    const saved = (await server.api<Connections>('POST', '/api/connections/refresh')).body;
    expect(saved.okta).toMatchObject({ app: { id: CLUMIO_APP_ID }, last_read: { ok: true } });
    expect(saved.clumio).toMatchObject({ base_url: clumio.origin, last_read: { ok: true } });
  });

  it("without --app-id lists the org's apps to pick from", async () => {
    const dataDir = await folder();
    const { okta } = await fakes();
    const listed = await runCli(['connect', 'okta', '--org-url', okta.origin, '--data', dataDir], {
      OKTA_API_TOKEN: OKTA_TOKEN,
    });
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').slice(0, 3)).toEqual([
      `Connected to Okta at ${okta.origin}; no app picked yet. The org's apps:`,
      `  ${CLUMIO_APP_ID}  Clumio (clumio, ACTIVE)  <- looks like Clumio`,
      expect.stringMatching(/^ {2}0oa2slackapp00000002 {2}Slack \(slack, ACTIVE\)$/),
    ]);
    expect(listed.stdout).toContain(`Pick the Clumio app: scim-desk connect okta --org-url ${okta.origin} --app-id ID`);
  });

  it('never takes a token from an argument, and never repeats one', async () => {
    const dataDir = await folder();
    const flagged = await runCli([
      'connect',
      'okta',
      '--org-url',
      'https://example.okta.com',
      '--token',
      OKTA_TOKEN,
      '--data',
      dataDir,
    ]);
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toBe(
      "scim-desk: --token is not accepted: an API token is never taken from the command line (it would stay in the shell's history and show in the process list). Set OKTA_API_TOKEN, or pipe the token on standard input.\n",
    );
    const equals = await runCli([
      'connect',
      'clumio',
      '--base-url',
      'https://us-west-2.api.clumio.com',
      `--api-token=${CLUMIO_TOKEN}`,
    ]);
    expect(equals.code).toBe(2);
    expect(equals.stderr).toContain('--api-token is not accepted');
    expect(equals.stderr).not.toContain(CLUMIO_TOKEN);
    const positional = await runCli([
      'connect',
      'okta',
      '--org-url',
      'https://example.okta.com',
      OKTA_TOKEN,
      '--data',
      dataDir,
    ]);
    expect(positional.code).toBe(2);
    expect(positional.stderr).not.toContain(OKTA_TOKEN);
    expect(positional.stderr).toContain('never from an argument');
    const none = await runCliWithInput(
      ['connect', 'okta', '--org-url', 'https://example.okta.com', '--data', dataDir],
      '',
      NO_TOKENS,
    );
    expect(none).toMatchObject({
      code: 2,
      stderr: 'scim-desk: no Okta API token: set OKTA_API_TOKEN, or pipe the token on standard input\n',
    });
    expect((await runCli(['connect', 'okta', '--data', dataDir], { OKTA_API_TOKEN: OKTA_TOKEN })).code).toBe(2);
  });

  it('says why Okta or Clumio refused: 401, 403 naming the scope, an unknown app, a bad URL (exit 1)', async () => {
    const dataDir = await folder();
    const { okta, clumio } = await fakes();
    const wrong = await runCli(['connect', 'okta', '--org-url', okta.origin, '--data', dataDir], {
      OKTA_API_TOKEN: 'not-the-token',
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /^scim-desk: Okta refused the API token \(401 E0000011\): it is wrong, expired or revoked\./,
    );
    okta.deniedScopes.add('okta.apps.read');
    const scope = await runCli(['connect', 'okta', '--org-url', okta.origin, '--data', dataDir], {
      OKTA_API_TOKEN: OKTA_TOKEN,
    });
    expect(scope.code).toBe(1);
    expect(scope.stderr).toContain('a scoped OAuth token needs okta.apps.read');
    okta.deniedScopes.clear();
    const app = await runCli(
      ['connect', 'okta', '--org-url', okta.origin, '--app-id', '0oanosuchapp00000000', '--data', dataDir],
      { OKTA_API_TOKEN: OKTA_TOKEN },
    );
    expect(app).toMatchObject({
      code: 1,
      stderr:
        "scim-desk: Okta has no app with that id (404 E0000007): pick the Clumio app again from the org's apps.\n",
    });
    const http = await runCli(
      ['connect', 'clumio', '--base-url', 'http://eu-central-1.de.api.clumio.com', '--data', dataDir],
      { CLUMIO_API_TOKEN: CLUMIO_TOKEN },
    );
    expect(http).toMatchObject({
      code: 1,
      stderr:
        'scim-desk: That Clumio API base URL cannot be used: http is allowed only for 127.0.0.1 and localhost; use https://eu-central-1.de.api.clumio.com.\n',
    });
    clumio.denied.add('auto-user-provisioning-settings');
    const role = await runCli(['connect', 'clumio', '--base-url', clumio.origin, '--data', dataDir], {
      CLUMIO_API_TOKEN: CLUMIO_TOKEN,
    });
    expect(role.code).toBe(1);
    expect(role.stderr).toContain('needs the role Super Admin on the Global organizational unit');
  });

  it("plans and applies the account's rules from a file offline, then plans nothing; a refused set exits 1", async () => {
    const dataDir = await preparedFolder();
    const { okta, clumio } = await fakes();
    clumio.account.rules.push(
      rule(
        '9f1a2b3c-0000-4000-8000-000000000009',
        'old-auditors',
        '{"user.groups":{"$eq":"Auditors"}}',
        ROLES.backupAdmin,
        [UNITS.finance],
      ),
    );
    await runCli(['connect', 'okta', '--org-url', okta.origin, '--app-id', CLUMIO_APP_ID, '--data', dataDir], {
      OKTA_API_TOKEN: OKTA_TOKEN,
    });
    await runCli(['connect', 'clumio', '--base-url', clumio.origin, '--data', dataDir], {
      CLUMIO_API_TOKEN: CLUMIO_TOKEN,
    });
    const admins = {
      name: 'okta-clumio-admins',
      condition: '{"user.groups":{"$eq":"Clumio Admins"}}',
      provision: { role_id: ROLES.superAdmin, organizational_unit_ids: [UNITS.global] },
    };
    const backup = {
      name: 'backup-operators',
      condition: '{"user.groups":{"$in":["Backup Operators"]}}',
      provision: { role_id: ROLES.backupAdmin, organizational_unit_ids: [UNITS.engineering, UNITS.finance] },
    };
    const file = await rulesFile([admins, backup]);

    const plan = await runCli(['clumio', 'rules', 'plan', '--file', file, '--data', dataDir]);
    expect(plan).toMatchObject({ code: 0, stderr: '' });
    expect(plan.stdout).toBe(
      [
        '2 calls to the Clumio account, in this order:',
        `  PUT    ${RULES_PATH}/${RULE_IDS.backup}  (update 'backup-operators')`,
        `  DELETE ${RULES_PATH}/9f1a2b3c-0000-4000-8000-000000000009  (delete 'old-auditors')`,
        "Access in Clumio on Okta's data: 1 user gains, 0 lose; 2 of 3 active users have access after.",
        `  bob.backup@example.com gains Backup Admin on OU Finance via rule 'backup-operators' through group "Backup Operators"`,
        'Guard: allowed.',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(
      (await runCli(['clumio', 'rules', 'plan', '--file', file, '--json', '--data', dataDir])).stdout,
    ) as ClumioRulesPlan;
    expect(json.calls.map((c) => c.method)).toEqual(['PUT', 'DELETE']);

    const applied = await runCli(['clumio', 'rules', 'apply', '--file', file, '--data', dataDir]);
    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(applied.stdout).toBe(
      `Applied 2 calls to the Clumio account:\n  200 PUT    ${RULES_PATH}/${RULE_IDS.backup}\n  200 DELETE ${RULES_PATH}/9f1a2b3c-0000-4000-8000-000000000009\n`,
    );
    expect(clumio.account.rules.map((r) => r.name).sort()).toEqual(['backup-operators', 'okta-clumio-admins']);
    expect((await runCli(['clumio', 'rules', 'plan', '--file', file, '--data', dataDir])).stdout).toMatch(
      /^No calls: the account's rules are already the file's\./,
    );

    const locked = await rulesFile([{ ...admins, condition: '{"user.groups":{"$eq":"Backup Operators"}}' }, backup]);
    const refusedPlan = await runCli(['clumio', 'rules', 'plan', '--file', locked, '--data', dataDir]);
    expect(refusedPlan.code).toBe(1);
    expect(refusedPlan.stdout).toContain(
      `Guard: refused: This change would remove Super Admin on the Global Organizational Unit from the current admin ${ADMIN_LOGIN}`,
    );
    const writesBefore = clumio.requests.filter((r) => r.method !== 'GET').length;
    const refused = await runCli(['clumio', 'rules', 'apply', '--file', locked, '--data', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /^Refused by the lockout guard, nothing was sent: This change would remove Super Admin/,
    );
    expect(clumio.requests.filter((r) => r.method !== 'GET').length).toBe(writesBefore);

    expect((await runCli(['clumio', 'rules', 'plan', '--data', dataDir])).code).toBe(2);
    expect(
      (await runCli(['clumio', 'rules', 'apply', '--file', path.join(dataDir, 'missing.json'), '--data', dataDir]))
        .stderr,
    ).toContain('no such file');
  });

  it('a call that fails part way: prints what was done and what was not (exit 1); the same apply again finishes', async () => {
    const dataDir = await preparedFolder();
    const { okta, clumio } = await fakes();
    await runCli(['connect', 'okta', '--org-url', okta.origin, '--app-id', CLUMIO_APP_ID, '--data', dataDir], {
      OKTA_API_TOKEN: OKTA_TOKEN,
    });
    await runCli(['connect', 'clumio', '--base-url', clumio.origin, '--data', dataDir], {
      CLUMIO_API_TOKEN: CLUMIO_TOKEN,
    });
    const admins = {
      name: 'okta-clumio-admins',
      condition: '{"user.groups":{"$eq":"Clumio Admins"}}',
      provision: { role_id: ROLES.superAdmin, organizational_unit_ids: [UNITS.global] },
    };
    const finance = {
      name: 'finance-backup',
      condition: '{"user.groups":{"$eq":"Backup Operators"}}',
      provision: { role_id: ROLES.backupAdmin, organizational_unit_ids: [UNITS.finance] },
    };
    const file = await rulesFile([admins, finance]);
    clumio.failNthWrite(1);
    const failed = await runCli(['clumio', 'rules', 'apply', '--file', file, '--data', dataDir]);
    expect(failed.code).toBe(1);
    expect(failed.stdout.split('\n')).toEqual([
      'The Clumio account was changed only in part.',
      'Done:',
      '  (nothing)',
      'Failed:',
      expect.stringMatching(
        new RegExp(`^ {2}500 POST {3}${RULES_PATH} {2}\\(create 'finance-backup'\\): Clumio had an internal error`),
      ),
      'Not sent:',
      `  DELETE ${RULES_PATH}/${RULE_IDS.backup}  (delete 'backup-operators')`,
      'Run the same apply again to finish: it plans only what is left.',
      '',
    ]);
    const again = await runCli(['clumio', 'rules', 'apply', '--file', file, '--data', dataDir]);
    expect(again.code).toBe(0);
    expect(clumio.account.rules.map((r) => r.name).sort()).toEqual(['finance-backup', 'okta-clumio-admins']);
  });

  it('rules export names the ids only SCIM Desk knows on stderr, and writes the file as before', async () => {
    const dataDir = await folder();
    const server = await startTestServer({ dataDir });
    await server.api('POST', '/api/rules', {
      name: 'helpdesk',
      condition: '{"user.groups":{"$eq":"Helpdesk"}}',
      provision: { role_id: 'b0000000-0000-0000-0000-000000000000', organizational_unit_ids: [UNITS.global] },
    });
    await server.stop();
    const exported = await runCli(['rules', 'export', '--data', dataDir]);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toEqual({
      rules: [
        {
          name: 'helpdesk',
          condition: '{"user.groups":{"$eq":"Helpdesk"}}',
          provision: { role_id: 'b0000000-0000-0000-0000-000000000000', organizational_unit_ids: [UNITS.global] },
        },
      ],
    });
    expect(exported.stderr).toBe(
      "scim-desk: warning: Rule 'helpdesk' gives 'Helpdesk Admin' with id b0000000-0000-0000-0000-000000000000, an id only SCIM Desk uses (Clumio publishes none for it): Clumio would refuse the rule. Connect the Clumio account to pick its real role.\n",
    );
  });

  it('through a running server: the token is in no file of the data folder, no answer, no log line and no output', async () => {
    const dataDir = await folder();
    const { okta, clumio } = await fakes();
    const serve = await spawnServe(dataDir);
    cleanups.push(async () => {
      serve.child.kill('SIGTERM');
      await serve.exited;
    });
    const admin = new URL(serve.ready.adminUrl!);
    const adminToken = admin.searchParams.get('token')!;
    const api = (method: string, route: string, body?: unknown) =>
      request(`${admin.origin}${route}`, method, body, {
        Authorization: `Bearer ${adminToken}`,
        'Content-Type': 'application/json',
      });
    await api('PUT', '/api/settings', { current_admin: ADMIN_LOGIN });

    const outputs = [
      await runCliWithInput(
        ['connect', 'okta', '--org-url', okta.origin, '--app-id', CLUMIO_APP_ID, '--data', dataDir],
        `${OKTA_TOKEN}\n`,
        NO_TOKENS,
      ),
      await runCli(['connect', 'clumio', '--base-url', clumio.origin, '--data', dataDir], {
        CLUMIO_API_TOKEN: CLUMIO_TOKEN,
      }),
      await runCli(['connect', 'okta', '--org-url', okta.origin, '--data', dataDir], {
        OKTA_API_TOKEN: `${OKTA_TOKEN}x`,
      }), // refused: 401
    ];
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 1]);
    const answers = [
      await api('POST', '/api/connections/refresh'),
      await api('GET', '/api/connections'),
      await api('GET', '/api/clumio/status'),
      await api('POST', '/api/clumio/rules/plan', { rules: [] }),
      await api('GET', '/api/activity?limit=500'),
    ];
    expect((answers[1]!.body as Connections).okta?.app?.id).toBe(CLUMIO_APP_ID);
    expect((answers[4]!.body as { items: { action?: string }[] }).items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['connection.okta.saved', 'connection.clumio.saved']),
    );

    serve.child.kill('SIGTERM');
    await serve.exited;
    const files = await allFiles(dataDir);
    expect(files.length).toBeGreaterThan(3);
    const everything = [
      ...(await Promise.all(files.map((file) => readFile(file).then((b) => b.toString('latin1'))))),
      ...outputs.flatMap((o) => [o.stdout, o.stderr]),
      JSON.stringify(answers.map((a) => a.body)),
      serve.stderr(),
      serve.stdoutLines.join('\n'),
    ].join('\n');
    for (const token of [OKTA_TOKEN, CLUMIO_TOKEN]) {
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(Buffer.from(token).toString('base64'));
    }
  });
});

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return allFiles(full);
      return entry.isFile() ? Promise.resolve([full]) : Promise.resolve([]);
    }),
  );
  return nested.flat();
}
