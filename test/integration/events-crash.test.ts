/**
 * The durable outbox (docs/events.md#nothing-lost-the-durable-outbox): kill -9 of the server during a 16-client
 * write load loses no event of an acknowledged change. A real `scim-desk serve` child process, a real receiver
 * verifying every signature; after the restart, every acknowledged create's user.created arrives (at least once).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventFeedPage, WebhookCreated } from '../../server/admin/contract.js';
import { createTokenWithCli, spawnServe, type ServeProcess } from '../helpers/cli.js';
import { oktaUser, request, startTestServer, type TestServer } from '../helpers/scim-server.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const CLIENTS = 16;
const KILL_AFTER = 120;
const MAX_SENT = 2000;

describe('events across kill -9', { timeout: 120_000 }, () => {
  let dataDir: string;
  let serve: ServeProcess | undefined;
  let restarted: TestServer | undefined;
  const receiver = new WebhookReceiver();

  afterAll(async () => {
    serve?.child.kill('SIGKILL');
    await serve?.exited;
    await restarted?.stop();
    await receiver.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('delivers the event of every acknowledged change after a SIGKILL mid-load', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-events-crash-'));
    await receiver.listen();
    const token = (await createTokenWithCli(dataDir, ['--label', 'crash'])).token;
    // The endpoint is added through the admin API of an in-process server, which then stops.
    const setup = await startTestServer({ dataDir });
    const hook = await setup.api<WebhookCreated>('POST', '/api/webhooks', {
      url: receiver.url,
      events: ['user.created'],
    });
    expect(hook.status).toBe(201);
    receiver.secret = hook.body.secret;
    await setup.desk.stop();

    serve = await spawnServe(dataDir);
    const { scimUrl } = serve.ready;
    const acknowledged: string[] = [];
    let sent = 0;
    let killed = false;
    const worker = async () => {
      while (sent < MAX_SENT) {
        const i = sent++;
        try {
          const res = await request(`${scimUrl}/Users`, 'POST', oktaUser(`load${i}@example.com`), {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/scim+json',
          });
          if (res.status !== 201) throw new Error(`unexpected ${res.status}`);
          acknowledged.push(res.body.id as string);
          if (acknowledged.length >= KILL_AFTER && !killed) {
            killed = true;
            serve!.child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, worker));
    expect(await serve.exited).toMatchObject({ signal: 'SIGKILL' });
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
    const beforeRestart = new Set(receiver.received.map((e) => e.data.id as string));
    expect(beforeRestart.size).toBeLessThanOrEqual(acknowledged.length + CLIENTS);

    restarted = await startTestServer({ dataDir });
    await receiver.waitFor((got) => {
      const ids = new Set(got.map((e) => e.data.id as string));
      return acknowledged.every((id) => ids.has(id));
    }, 30_000);
    expect(receiver.rejected).toEqual([]);
    // Every delivered event is a real one of the feed (no event of an unacknowledged change that did not land).
    const stored = new Set<string>();
    for (let after = '0'; ;) {
      const page = (await restarted.api<EventFeedPage>('GET', `/api/events?after=${after}&limit=1000`)).body;
      if (page.events.length === 0) break;
      for (const event of page.events) stored.add(event.id);
      after = page.next;
    }
    for (const event of receiver.received) expect(stored.has(event.id)).toBe(true);
    const users = (await restarted.scim('GET', '/Users?count=0')).body.totalResults as number;
    expect(new Set(receiver.received.map((e) => e.id)).size).toBe(users); // one user.created per stored user
  });
});
