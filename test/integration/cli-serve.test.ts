import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../server/cli/cli-error.js';
import { runCli as runCliEntry } from '../../server/cli/run.js';
import { runCli, spawnServe } from '../helpers/cli.js';
import { oktaUser, request, startTestServer } from '../helpers/scim-server.js';

// The `scim-desk` CLI as a user runs it (docs/cli.md): serve's ready line and clean stop, help everywhere,
// one-line reasons for mistakes.
describe('scim-desk CLI', () => {
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-cli-'));
    // The token comes from an in-process desk on the folder: `token create` as a process is covered elsewhere.
    const setup = await startTestServer({ dataDir });
    token = setup.token;
    await setup.stop();
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('serve', () => {
    it('prints exactly one JSON line {scimUrl, adminUrl, pid} when ready, and SIGTERM finishes the writes and exits 0', async () => {
      const serve = await spawnServe(dataDir, ['--scim-port', '0', '--admin-port', '0', '--host', '127.0.0.1']);
      const { ready } = serve;
      expect(Object.keys(ready).sort()).toEqual(['adminUrl', 'pid', 'scimUrl']);
      expect(ready.scimUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      expect(ready.adminUrl === null || /^http:\/\/127\.0\.0\.1:\d+\//.test(ready.adminUrl)).toBe(true);
      expect(ready.pid).toBe(serve.child.pid);

      const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' };
      expect((await request(`${ready.scimUrl}/Users?startIndex=1&count=2`, 'GET', undefined, auth)).status).toBe(200);

      // writes in flight when SIGTERM arrives are finished and answered, then the process exits 0
      const acknowledged: string[] = [];
      let firstAnswer!: () => void;
      const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
      const inFlight = Array.from({ length: 30 }, (_, i) =>
        request(`${ready.scimUrl}/Users`, 'POST', oktaUser(`term${i}@example.com`), auth).then(
          (res) => {
            if (res.status === 201) acknowledged.push(res.body.id);
            firstAnswer();
          },
          () => undefined,
        ),
      );
      await answered; // the burst is under way
      serve.child.kill('SIGTERM');
      await Promise.all(inFlight);
      expect(await serve.exited).toEqual({ code: 0, signal: null });
      expect(serve.stdoutLines).toHaveLength(1); // nothing else on stdout, ever
      expect(acknowledged.length).toBeGreaterThan(0);

      const again = await startTestServer({ dataDir });
      try {
        const listed = await again.scim('GET', '/Users?count=1000');
        const stored = new Set(listed.body.Resources.map((u: { id: string }) => u.id));
        for (const id of acknowledged) expect(stored.has(id)).toBe(true);
      } finally {
        await again.stop();
      }
    });
  });

  // Most cases run the CLI's entry point in this process (a child per case would cost a second of CPU each on
  // this 2-core machine); one case also runs as a real process to pin what the shell sees.
  describe('--help', () => {
    it.each([
      [['--help'], /Usage: scim-desk <command>/],
      [['serve', '--help'], /Usage: scim-desk serve .*--json/s],
      [['token', '--help'], /scim-desk token create/],
      [['token', 'create', '--help'], /--expires-in-days/],
      [['token', 'list', '--help'], /scim-desk token list/],
      [['token', 'revoke', '--help'], /scim-desk token revoke ID/],
    ])('scim-desk %s prints usage and exits 0', async (args, usage) => {
      const result = await runInProcess(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(usage);
      expect(result.stderr).toBe('');
    });
  });

  describe('mistakes', () => {
    it.each([
      [['serve', '--bogus'], /^scim-desk: unknown option "--bogus"/],
      [['token', 'list', '-x'], /^scim-desk: unknown option "-x"/],
      [['serve', '--scim-port', 'eighty'], /--scim-port must be a port number/],
      [['serve', '--admin-port', '70000'], /--admin-port must be a port number/],
      [['serve', 'now'], /^scim-desk: unexpected argument "now"/],
      [['token', 'list', '--data'], /^scim-desk: --data needs a value$/m],
      [['token', 'create', '--expires-in-days=-1'], /--expires-in-days must be a positive number/],
      [
        ['token', 'create', '--expires-in-days', '-1'],
        /--expires-in-days needs a value; write --expires-in-days=VALUE/,
      ],
      [['token', 'create', '--label'], /--label/],
      [['token', 'revoke'], /needs the token ID/],
      [['token', 'frobnicate'], /unknown token command "frobnicate"/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ])('scim-desk %s exits non-zero with a one-line reason', async (args, reason) => {
      const result = await runInProcess(args);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^scim-desk: /);
      expect(result.stderr).toMatch(reason);
    });

    it('exits 2 with the one-line reason on stderr from a real process', async () => {
      const result = await runCli(['serve', '--scim-port', 'eighty', '--data', dataDir]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('scim-desk: --scim-port must be a port number from 0 to 65535\n');
    });
  });
});

/** Runs the CLI's entry logic in this process, reporting as bin/scim-desk.js does (main.ts): code, stdout, stderr. */
async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  const log = vi
    .spyOn(console, 'log')
    .mockImplementation((...parts: unknown[]) => void (stdout += `${parts.join(' ')}\n`));
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return { code: await runCliEntry(args), stdout, stderr: '' };
  } catch (failure) {
    if (!(failure instanceof CliError)) throw failure;
    return { code: failure.exitCode, stdout, stderr: `scim-desk: ${failure.message}\n` };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}
