import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenWithCli, runCli, spawnServe, type ServeProcess } from '../helpers/cli.js';
import { oktaUser, request, startTestServer, type TestServer } from '../helpers/scim-server.js';

const CLIENTS = 16;
const KILL_AFTER = 60; // acknowledged creates before the server is killed
const MAX_SENT = 1000; // a bound, should the kill never come

// A response is sent only once the write is on disk (docs/decisions.md#storage-durability). SIGKILL mid-burst,
// restart: every 2xx is there.
describe('durability', () => {
  let dataDir: string;
  let token: string;
  let serve: ServeProcess | undefined;
  let restarted: TestServer | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-durability-'));
    token = (await createTokenWithCli(dataDir, ['--label', 'durability'])).token;
  });
  afterAll(async () => {
    serve?.child.kill('SIGKILL');
    await serve?.exited;
    await restarted?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const scim = (scimUrl: string, method: string, route: string, body?: unknown) =>
    request(`${scimUrl}${route}`, method, body, {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/scim+json',
    });

  it('keeps every acknowledged create through a SIGKILL during a burst of concurrent writes', async () => {
    serve = await spawnServe(dataDir);
    const { scimUrl } = serve.ready;
    const acknowledged: { id: string; userName: string }[] = [];
    let sent = 0;
    let cut = 0; // requests that got no answer: in flight at the kill, or sent after it
    let killed = false;
    // CLIENTS workers keep creating users, like Okta's parallel provisioning, until the kill stops them.
    const worker = async () => {
      while (sent < MAX_SENT) {
        const i = sent++;
        try {
          const res = await scim(scimUrl, 'POST', '/Users', oktaUser(`burst${i}@example.com`));
          if (res.status !== 201) throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
          acknowledged.push({ id: res.body.id, userName: res.body.userName });
          if (acknowledged.length >= KILL_AFTER && !killed) {
            killed = true;
            serve!.child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
          cut++;
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, worker));
    expect(await serve.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(cut).toBeGreaterThan(0); // the kill really came mid-burst

    // restart on the same folder, in this process (the dead server's lock is stale, so it takes the folder)
    restarted = await startTestServer({ dataDir });
    const listed = await restarted.scim('GET', '/Users?count=1000');
    expect(listed.status).toBe(200);
    const stored = new Map<string, string>(
      listed.body.Resources.map((u: { id: string; userName: string }) => [u.id, u.userName]),
    );
    for (const user of acknowledged) expect(stored.get(user.id), user.userName).toBe(user.userName);
    expect(stored.size).toBeLessThanOrEqual(sent);
    // unacknowledged creates may or may not have landed, but never half: each stored user is whole
    for (const user of listed.body.Resources)
      expect(user).toMatchObject({
        userName: expect.stringMatching(/^burst\d+@example\.com$/),
        active: true,
        name: expect.any(Object),
      });
    // the token created before the crash still works
    expect((await scim(restarted.scimUrl, 'GET', '/Users?count=0')).status).toBe(200);

    // the store's files parse
    const snapshot = JSON.parse(await readFile(path.join(dataDir, 'directory.json'), 'utf8')) as unknown;
    expect(snapshot).toEqual(expect.any(Object));

    // and the server takes writes again
    expect((await restarted.scim('POST', '/Users', oktaUser('after.restart@example.com'))).status).toBe(201);
  });

  it('refuses a second serve on a folder that is already served, with a clear message and a non-zero exit', async () => {
    expect(restarted).toBeDefined();
    const second = await runCli(['serve', '--data', dataDir, '--json']);
    expect(second.code).not.toBe(0);
    expect(second.stdout).toBe('');
    const lines = second.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/in use by scim-desk serve/);
    expect(lines[0]).toContain(`pid ${process.pid}`); // the restarted server runs in this process
    // the running server is unaffected
    expect((await restarted!.scim('GET', '/Users?count=0')).status).toBe(200);
  });
});
