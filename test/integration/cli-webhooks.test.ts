/**
 * `scim-desk webhooks add|list|remove` and `scim-desk events tail` as a user runs them (real processes):
 * offline on a stopped data folder, and through a running server's control socket.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLI, REPO_ROOT, runCli } from '../helpers/cli.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('scim-desk webhooks and events', { timeout: 120_000 }, () => {
  let server: TestServer | undefined;
  let dataDir: string | undefined;
  const receiver = new WebhookReceiver();
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    await receiver.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  it('adds, lists and removes endpoints offline; the running server then delivers to them', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-cli-webhooks-'));
    await receiver.listen();
    const added = await runCli([
      'webhooks',
      'add',
      receiver.url,
      '--events',
      'user.*, group.created',
      '--json',
      '--data',
      dataDir,
    ]);
    expect(added.code).toBe(0);
    const hook = JSON.parse(added.stdout) as { id: string; url: string; events: string[]; secret: string };
    expect(hook).toMatchObject({ url: receiver.url, events: ['user.*', 'group.created'] });
    expect(hook.secret).toMatch(/^whsec_/);
    receiver.secret = hook.secret;

    const listed = await runCli(['webhooks', 'list', '--data', dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${hook.id}  active`);
    expect(listed.stdout).not.toContain(hook.secret);

    const refused = await runCli(['webhooks', 'add', 'not a url', '--data', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/url: must be an absolute URL/);
    expect((await runCli(['webhooks', 'add', '--data', dataDir])).code).toBe(2);

    server = await startTestServer({ dataDir });
    await server.scim('POST', '/Users', { schemas: [USER], userName: 'ada@example.com' });
    await receiver.waitFor((got) => got.length === 1);
    expect(receiver.received[0]!.type).toBe('user.created');

    // Through the running server's control socket.
    const removed = await runCli(['webhooks', 'remove', hook.id, '--data', dataDir]);
    expect(removed).toMatchObject({ code: 0, stdout: `Removed webhook ${hook.id}.\n` });
    expect((await server.api('GET', '/api/webhooks')).body.items).toEqual([]);
  });

  it('events tail follows the feed of a running server, one JSON line per event, and Ctrl-C exits 0', async () => {
    server = await startTestServer();
    await server.scim('POST', '/Users', { schemas: [USER], userName: 'before@example.com' }); // before the tail: not printed
    const child = spawn(process.execPath, [CLI, 'events', 'tail', '--data', server.dataDir, '--interval', '100'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
    const following = new Promise<string>((resolve) =>
      createInterface({ input: child.stderr! }).on('line', (line) => line.includes('following') && resolve(line)),
    );
    try {
      // Once the tail has its starting point (it says so on stderr), change things.
      expect(await following).toMatch(/^scim-desk: following the change feed after cursor \d+ \(Ctrl-C stops\)\.$/);
      const created = await server.scim('POST', '/Users', { schemas: [USER], userName: 'tailed@example.com' });
      await server.scim('POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Tailed',
      });
      await vi.waitUntil(() => lines.length >= 2, { timeout: 15_000, interval: 50 });
      const events = lines.map((line) => JSON.parse(line) as { id: string; type: string; data: { id: string } });
      expect(events.map((e) => e.type)).toEqual(['user.created', 'group.created']);
      expect(events[0]!.data.id).toBe(created.body.id);
      expect(events[0]!.id).toMatch(/^evt_/);
    } finally {
      child.kill('SIGINT');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
