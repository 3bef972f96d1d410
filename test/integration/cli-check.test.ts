/**
 * `scim-desk check [--json]` as an admin runs it (real processes, real data folders): the rollout checklist read
 * from the Okta org and the Clumio account, offline on a stopped folder and through a running server's control
 * socket; exit 0 only when every step is done or confirmed, 1 otherwise (with the step and its fix, or why nothing
 * could be checked), 2 for usage. The fake Okta Management API and fake Clumio REST API (test/fakes) are the only
 * stand-ins: neither service can be reached from this machine, and the fakes follow the reference of both APIs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupState } from '../../server/admin/contract.js';
import { clumioScenarios, type ClumioScenario } from '../fakes/clumio/clumio-account.js';
import { CLUMIO_APP_ID, oktaScenarios, type OktaScenario } from '../fakes/okta/okta-org.js';
import { runCli, spawnServe } from '../helpers/cli.js';
import { request, startTestServer } from '../helpers/scim-server.js';
import { ADMIN_LOGIN, startTenantFakes, type TenantFakes } from '../helpers/tenant-fakes.js';

describe('scim-desk check', { timeout: 300_000 }, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function folder(): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-cli-check-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  /** A stopped data folder connected to both fakes, Clumio as the target; `confirm` confirms the SCIM method. */
  async function rolloutFolder(
    setup: { okta?: OktaScenario[]; clumio?: ClumioScenario[]; confirm?: boolean } = {},
  ): Promise<{ dataDir: string; fakes: TenantFakes }> {
    const fakes = await startTenantFakes({ okta: setup.okta, clumio: setup.clumio });
    cleanups.push(() => fakes.close());
    const dataDir = await folder();
    const server = await startTestServer({ dataDir });
    expect(
      (await server.api('PUT', '/api/settings', { current_admin: ADMIN_LOGIN, provisioning_target: 'clumio' })).status,
    ).toBe(200);
    expect((await server.api('PUT', '/api/connections/okta', fakes.oktaConnect)).status).toBe(200);
    expect((await server.api('PUT', '/api/connections/clumio', fakes.clumioConnect)).status).toBe(200);
    if (setup.confirm !== false)
      expect((await server.api('POST', '/api/setup/steps/provisioning-method/confirm', {})).status).toBe(200);
    await server.stop();
    return { dataDir, fakes };
  }

  it('a healthy org and account, the SCIM method confirmed: every step done, with what the API said; exit 0', async () => {
    const { dataDir, fakes } = await rolloutFolder();
    const before = fakes.okta.requests.length;
    const result = await runCli(['check', '--data', dataDir]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('The rollout checklist: Okta provisions into Clumio.');
    expect(lines[1]).toMatch(
      new RegExp(
        `^Read from Okta ${fakes.okta.origin} \\(app "Clumio"\\) and Clumio ${fakes.clumio.origin} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(.+\\)\\.$`,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^done {6}username-format +Okta Sign On tab: Application username format = Email$/),
    );
    expect(lines).toContainEqual(
      `          evidence: Okta: the Application username format of "Clumio" is "Email" (\${source.email}). [GET /api/v1/apps/${CLUMIO_APP_ID} → 200, ${lines[1]!.match(/at (\S+ \S+)/)![1]}]`,
    );
    expect(lines).toContainEqual(expect.stringMatching(/^confirmed provisioning-method /));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^done {6}clumio-admin-super-admin +Clumio: your own user holds Super Admin on the Global OU$/,
      ),
    );
    expect(lines.filter((l) => /^(to do|FAILED|waiting) /.test(l))).toEqual([]);
    expect(lines.at(-1)).toBe('Every step is done or confirmed (15 of 15).');
    // The command read Okta itself: the stopped folder had no read to answer from.
    expect(fakes.okta.requests.length).toBeGreaterThan(before);
  });

  it('--json: the checklist as GET /api/setup answers it, each API step with its check, evidence and calls', async () => {
    const { dataDir } = await rolloutFolder({ clumio: [clumioScenarios.noSuperAdminRule] });
    const result = await runCli(['check', '--data', dataDir, '--json']);
    expect(result.code).toBe(1);
    const state = JSON.parse(result.stdout) as SetupState;
    expect(state).toMatchObject({
      provisioningTarget: 'clumio',
      complete: false,
      tenants: { reading: false, readAt: expect.any(String) },
    });
    expect(state.steps.find((s) => s.id === 'username-format')).toMatchObject({
      state: 'done',
      check: 'okta-api',
      fix: null,
      evidence: {
        at: expect.any(String),
        calls: [{ service: 'okta', method: 'GET', path: `/api/v1/apps/${CLUMIO_APP_ID}`, status: 200 }],
      },
    });
    expect(state.steps.find((s) => s.id === 'super-admin-rule')).toMatchObject({
      state: 'todo',
      check: 'clumio-api',
      evidence: { summary: 'Clumio: none of the 1 rule(s) gives Super Admin on the Global OU.' },
      fix: expect.stringMatching(/^No rule of the Clumio account gives Super Admin on the Global OU: create one/),
    });
  });

  it.each<[string, { okta?: OktaScenario[]; clumio?: ClumioScenario[] }, string, string, RegExp]>([
    [
      'username format "Okta username"',
      { okta: [oktaScenarios.usernameOktaUsername] },
      'FAILED',
      'username-format',
      /^The app's Application username format is "Okta username" \(\$\{source\.login\}\): on the Sign On tab \(Edit\) set it to Email and Save\./,
    ],
    [
      'provisioning features off',
      { okta: [oktaScenarios.provisioningOff] },
      'FAILED',
      'create-users',
      /^Create Users is off: in Okta, Provisioning → To App → Edit, enable Create Users, Save\.$/,
    ],
    [
      'a push mapping in ERROR',
      { okta: [oktaScenarios.pushMappingError] },
      'FAILED',
      'push-groups',
      /^The push of "Clumio Admins" is in ERROR in Okta\. For "Clumio Admins" Okta says: "Errors reported by remote server: Resource \[GROUP\]: with displayName already exists\."/,
    ],
    [
      'the admin unassigned',
      { okta: [oktaScenarios.adminUnassigned] },
      'FAILED',
      'admin-account',
      /^Your Okta user ada\.admin@example\.com is not assigned to the app: assign it/,
    ],
    [
      'the admin OUT_OF_SYNC',
      { okta: [oktaScenarios.adminOutOfSync] },
      'FAILED',
      'admin-account',
      /did not take \(syncState OUT_OF_SYNC\): open the user's failed task in Okta/,
    ],
    [
      'System Log failures',
      { okta: [oktaScenarios.provisioningFailures] },
      'FAILED',
      'provisioning-failures',
      /^3 provisioning failure\(s\) of the app in the last 24 hours: /,
    ],
    [
      'no Super Admin rule',
      { clumio: [clumioScenarios.noSuperAdminRule] },
      'to do',
      'super-admin-rule',
      /^No rule of the Clumio account gives Super Admin on the Global OU: create one/,
    ],
    [
      "the admin's Clumio user without Super Admin",
      { clumio: [clumioScenarios.adminWithoutSuperAdmin] },
      'FAILED',
      'clumio-admin-super-admin',
      /^Your Clumio user ada\.admin@example\.com holds Organizational Unit Admin on Engineering, not Super Admin on the Global OU/,
    ],
  ])('%s: exit 1, the step marked and its fix printed', async (_name, scenarios, mark, id, fix) => {
    const { dataDir } = await rolloutFolder(scenarios);
    const result = await runCli(['check', '--data', dataDir]);
    expect(result).toMatchObject({ code: 1, stderr: '' });
    const lines = result.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith(`${mark.padEnd(9)} ${id} `));
    expect(at, result.stdout).toBeGreaterThan(0);
    const fixLine = lines.slice(at + 1).find((l) => !l.startsWith('          evidence:'))!;
    expect(fixLine.startsWith('          fix: ')).toBe(true);
    expect(fixLine.slice('          fix: '.length)).toMatch(fix);
    expect(lines.at(-2)).toMatch(/^\d+ of 15 steps done or confirmed/);
  });

  it('401 and 403 from the services: every step that needed the refused call says what to do', async () => {
    const { dataDir, fakes } = await rolloutFolder();
    fakes.okta.token = 'a-token-okta-revoked';
    fakes.clumio.denied.add('users');
    const result = await runCli(['check', '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '          fix: Okta refused the API token (401 E0000011): it is wrong, expired or revoked. Create a new one in the Okta Admin Console (Security > API > Tokens) and connect again.\n',
    );
    expect(result.stdout).toMatch(
      /^FAILED {4}clumio-admin-super-admin .*\n.*\n {10}fix: .*the API token's user needs the role Super Admin on the Global organizational unit/m,
    );
  });

  it('the SCIM method not confirmed yet: the one step no API shows is to do, and the exit says so', async () => {
    const { dataDir } = await rolloutFolder({ confirm: false });
    const result = await runCli(['check', '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^to do {5}provisioning-method +Clumio: Configure SCIM, and SCIM as the provisioning method\n {10}fix: Clumio's API does not show its SCIM configuration or provisioning method: .*then confirm it here\.$/m,
    );
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      "14 of 15 steps done or confirmed. Steps only you can vouch for are confirmed on the console's Setup page.",
    );
  });

  it('through a running server: the server reads both services once for the command, and the console sees the same read', async () => {
    const { dataDir, fakes } = await rolloutFolder({ okta: [oktaScenarios.adminOutOfSync] });
    const serve = await spawnServe(dataDir);
    cleanups.push(async () => {
      serve.child.kill('SIGTERM');
      await serve.exited;
    });
    const admin = new URL(serve.ready.adminUrl!);
    const api = (method: string, route: string) =>
      request(`${admin.origin}${route}`, method, undefined, {
        Authorization: `Bearer ${admin.searchParams.get('token')!}`,
      });
    // The server's first read, then the command's: the one the command asked for.
    await api('POST', '/api/setup/refresh');
    const ruleReads = fakes.clumio.requestsTo('/settings/auto-user-provisioning/rules').length;
    const result = await runCli(['check', '--data', dataDir, '--json']);
    expect(result.code).toBe(1);
    const fromCli = JSON.parse(result.stdout) as SetupState;
    expect(fakes.clumio.requestsTo('/settings/auto-user-provisioning/rules').length).toBe(ruleReads + 1);
    const fromConsole = (await api('GET', '/api/setup')).body as SetupState;
    expect(fromConsole.tenants!.readAt).toBe(fromCli.tenants!.readAt);
    expect(fromCli.steps.find((s) => s.id === 'admin-account')!.fix).toMatch(/syncState OUT_OF_SYNC/);
  });

  it('nothing connected: the connection steps say where to connect; exit 1', async () => {
    const dataDir = await folder();
    const server = await startTestServer({ dataDir });
    await server.api('PUT', '/api/settings', { provisioning_target: 'clumio' });
    await server.stop();
    const result = await runCli(['check', '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      'The rollout checklist: Okta provisions into Clumio.',
      'Nothing is connected yet.',
      'to do     okta-connection           Connect your Okta org and pick the Clumio app',
    ]);
    expect(result.stdout).toContain(
      "          fix: Connect your Okta org on the Connections page (its URL and an API token): every Okta step of this checklist is read from Okta's API.\n",
    );
  });

  it('usage exits 2 and an unreachable data folder 1, each with one line on stderr and nothing checked', async () => {
    const bogus = await runCli(['check', '--bogus']);
    expect(bogus).toMatchObject({ code: 2, stdout: '', stderr: 'scim-desk: unknown option "--bogus" (see --help)\n' });
    const file = path.join(await folder(), 'not-a-folder');
    await writeFile(file, 'x');
    const notFolder = await runCli(['check', '--data', file]);
    expect(notFolder).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `scim-desk: the data folder ${file} is not a folder\n`,
    });
    const help = await runCli(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 every step is done or confirmed, 1 otherwise');
  });
});
