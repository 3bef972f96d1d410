/**
 * Smaller findings of a red-team pass, each against a real `scim-desk serve` process: a malformed
 * percent-escape, credentials in a webhook URL, a token on rehearse's command line, guessing the admin token,
 * and the HTTP client localtunnel brings along.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT, runCli, spawnServe, startServedDesk, type ServedDesk } from '../helpers/cli.js';
import { request } from '../helpers/scim-server.js';

let root: string;
let desk: ServedDesk;
const scim = (method: string, route: string, body?: unknown) =>
  request(`${desk.scimUrl}${route}`, method, body, {
    Authorization: `Bearer ${desk.token}`,
    'Content-Type': 'application/scim+json',
  });
const api = (method: string, route: string, body?: unknown, token = desk.adminToken) =>
  request(`${desk.adminOrigin}${route}`, method, body, {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-small-points-'));
  desk = await startServedDesk(path.join(root, 'data'));
});
afterAll(async () => {
  await desk?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('a malformed percent-escape in the path', () => {
  it.each(['/Users/%E0%A4%A', '/Users/%', '/Groups/%zz'])(
    'GET %s is 400 invalidSyntax, with no stack on stderr',
    async (route) => {
      const res = await scim('GET', route);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '400',
        scimType: 'invalidSyntax',
      });
      expect(res.body.detail).toMatch(/malformed percent-escape/);
      expect(desk.serve.stderr()).not.toMatch(/URIError|unexpected error|at decodeURIComponent/);
    },
  );
});

describe('webhook URLs', () => {
  it('refuses a URL with a user name or password (400 naming the reason), stores and logs nothing of it', async () => {
    const res = await api('POST', '/api/webhooks', { url: 'http://hook-user:hook-pw-1234@127.0.0.1:9/hook' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
    expect(res.body.error.message).toMatch(/url: must not contain a user name or password/);
    expect((await api('GET', '/api/webhooks')).body.items).toEqual([]);
    const activity = await api('GET', '/api/activity?q=hook-pw-1234');
    expect(activity.body.items).toEqual([]);
    // the same URL without credentials is fine
    expect((await api('POST', '/api/webhooks', { url: 'http://127.0.0.1:9/hook' })).status).toBe(201);
  });
});

describe('scim-desk rehearse --scim-url', () => {
  /** The CLI as a process, with `input` on its standard input. */
  function rehearse(
    args: string[],
    env: NodeJS.ProcessEnv,
    input: string,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [CLI, 'rehearse', '--scim-url', desk.scimUrl, '--fast', '--users', '2', '--groups', '1', ...args],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, SCIM_DESK_TOKEN: '', ...env },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  }

  it('takes the token from SCIM_DESK_TOKEN, so it never appears on a command line', async () => {
    const run = await rehearse([], { SCIM_DESK_TOKEN: desk.token }, '');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Okta rehearsal against/);
  });

  it('takes the token from standard input with --token -', async () => {
    const run = await rehearse(['--token', '-'], {}, `${desk.token}\n`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('says how to give the token when there is none, and --help names both ways', async () => {
    const run = await rehearse([], {}, '');
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'scim-desk: --scim-url needs the bearer token the endpoint expects: set SCIM_DESK_TOKEN, or pipe it in with --token -',
    );
    const help = await runCli(['rehearse', '--help']);
    expect(help.stdout).toContain('SCIM_DESK_TOKEN');
    expect(help.stdout).toContain('--token -');
  });
});

describe('the admin token', () => {
  it('is refused when SCIM_DESK_ADMIN_TOKEN has fewer than 32 characters, with one clear line', async () => {
    const dataDir = path.join(root, 'short-admin-token');
    const result = await runCli(['serve', '--data', dataDir, '--json'], { SCIM_DESK_ADMIN_TOKEN: 'x'.repeat(31) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^scim-desk: SCIM_DESK_ADMIN_TOKEN must have at least 32 characters \(it has 31\)/),
    ]);
  });

  it('allows ten wrong tries a minute: after them every presented token waits (429 with Retry-After), the right one too', async () => {
    const adminToken = 'a-fixed-admin-token-of-32-chars!';
    const dataDir = path.join(root, 'admin-guessing');
    const serve = await spawnServe(dataDir, [], { SCIM_DESK_ADMIN_TOKEN: adminToken });
    try {
      const origin = new URL(serve.ready.adminUrl!).origin;
      const get = (token?: string) =>
        request(
          `${origin}/api/rules`,
          'GET',
          undefined,
          token === undefined ? {} : { Authorization: `Bearer ${token}` },
        );
      expect((await get(adminToken)).status).toBe(200);
      // a request without a token is not a guess
      for (let i = 0; i < 20; i++) expect((await get()).status).toBe(401);
      const guesses = [];
      for (let i = 0; i < 300; i++) guesses.push((await get(`guess-${i}-${'g'.repeat(24)}`)).status);
      expect(guesses.slice(0, 10)).toEqual(Array(10).fill(401));
      expect(guesses.slice(10)).toEqual(Array(290).fill(429));
      const waiting = await get(adminToken);
      expect(waiting.status).toBe(429);
      expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(waiting.body).toEqual({
        error: { code: 'too_many_attempts', message: expect.stringMatching(/Too many wrong admin tokens/) },
      });
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});

describe("localtunnel's HTTP client", () => {
  it('is a maintained axios (1.x), not the 0.21 line with published CVEs', () => {
    const fromLocaltunnel = createRequire(createRequire(import.meta.url).resolve('localtunnel'));
    const { version } = fromLocaltunnel('axios/package.json') as { version: string };
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(1);
  });
});
