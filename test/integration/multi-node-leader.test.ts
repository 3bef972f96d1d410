/**
 * What one node at a time does for two real `scim-desk serve --store postgres://…` processes on one database
 * (docs/scale-out.md, "One leader"): webhooks are delivered once per event, in order per resource, to a real
 * receiver on loopback; access events of a rule change are recorded once, not once per node; the access index
 * and the wizard's evidence read the same on both nodes; and when the leader is killed (kill -9) under load,
 * the other node takes over and every acknowledged change's events still arrive.
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_KEY_FILE } from '../../server/secrets/secret-box.js';
import { BACKUP_ADMIN, rule as rule_ } from '../helpers/admin-fixtures.js';
import { clusterNode, type ClusterNode } from '../helpers/cluster-node.js';
import { startServe, type ServeProcess } from '../helpers/e2e-serve.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { PATCH_OP } from '../helpers/scim-server.js';
import { WebhookReceiver, type ReceivedEvent } from '../helpers/webhook-receiver.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LEADS = 'leader: this node leads';

type Node = ClusterNode;

interface FeedEvent {
  id: string;
  type: string;
  data: Record<string, any>;
}

/** Resolves once `check` holds, checking again as soon as the last check answered; fails after `ms`. Returns the wait. */
async function eventually(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setImmediate(resolve)); // let I/O in between checks (not a sleep)
  }
  return performance.now() - started;
}

/** The resource an event is about: its order is kept per resource. */
function resourceOf(event: { type: string; data: Record<string, any> }): string {
  if (event.type.startsWith('group.')) return `group:${event.data.id}`;
  return `user:${event.data.user?.id ?? event.data.id}`;
}

/** The ids of each resource's events, in the order given. */
function perResource(
  events: readonly { id: string; type: string; data: Record<string, any> }[],
): Map<string, string[]> {
  const order = new Map<string, string[]>();
  for (const event of events) {
    const key = resourceOf(event);
    let list = order.get(key);
    if (!list) order.set(key, (list = []));
    list.push(event.id);
  }
  return order;
}

/** Each event's first arrival, in arrival order. */
function firstArrivals(received: readonly ReceivedEvent[]): ReceivedEvent[] {
  const seen = new Set<string>();
  return received.filter((event) => !seen.has(event.id) && seen.add(event.id));
}

describe('two nodes on one PostgreSQL database: one leader', () => {
  let database: TestDatabase;
  let a: Node;
  let b: Node;
  let token: string;
  let bFolder: string;
  const receiver = new WebhookReceiver();

  const node = (serve: ServeProcess): Node => clusterNode(serve, () => token);

  const feed = async (n: Node): Promise<FeedEvent[]> => {
    const events: FeedEvent[] = [];
    let after = '0';
    for (;;) {
      const page = await n.api<{ events: FeedEvent[]; next: string }>('GET', `/api/events?after=${after}&limit=1000`);
      events.push(...page.body.events);
      if (page.body.events.length < 1000) return events;
      after = page.body.next;
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await receiver.listen();
    // A starts first and leads. Both nodes must open what the other sealed: B gets A's key before it starts.
    a = node(await startServe({ args: ['--store', database.url] }));
    bFolder = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-node-b-'));
    const bData = path.join(bFolder, 'data');
    await mkdir(bData, { mode: 0o700 });
    await copyFile(path.join(a.serve.dataDir, SECRET_KEY_FILE), path.join(bData, SECRET_KEY_FILE));
    b = node(await startServe({ dataDir: bData, args: ['--store', database.url] }));
    expect(a.serve.stderr()).toContain(LEADS);
    expect(b.serve.stderr()).not.toContain(LEADS);

    const created = await a.api<{ secret: string }>('POST', '/api/tokens', { label: 'Okta', expiresAt: null });
    expect(created.status).toBe(201);
    token = created.body.secret;
    await eventually(async () => (await b.scim('GET', '/Users?count=1')).status === 200, 5_000, 'the token on B');
    // The endpoint is added through the node that does not deliver: the leader follows it.
    const hook = await b.api<{ secret: string }>('POST', '/api/webhooks', { url: receiver.url, events: [] });
    expect(hook.status).toBe(201);
    receiver.secret = hook.body.secret;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.serve.stop(), b?.serve.stop()]);
    await receiver.close();
    if (bFolder) await rm(bFolder, { recursive: true, force: true });
    await database?.drop();
  });

  it('writes through both nodes: every event delivered exactly once, in order per resource', async () => {
    const users = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (i % 2 === 0 ? a : b).scim('POST', '/Users', { schemas: [USER], userName: `spread${i}@example.com` }),
      ),
    );
    expect(users.map((u) => u.status)).toEqual(users.map(() => 201));
    const group = await b.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Spread' });
    // Each user changed again through the other node, at once; then added to the group through either node,
    // one after the other (racing member PATCHes are multi-node.test.ts's subject, not this one's).
    await Promise.all(
      users.map(async (user, i) => {
        const patched = await (i % 2 === 0 ? b : a).scim('PATCH', `/Users/${user.body.id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'replace', path: 'title', value: `Title ${i}` }],
        });
        expect(patched.status).toBe(200);
      }),
    );
    for (const [i, user] of users.entries()) {
      const added = await (i % 3 === 0 ? a : b).scim('PATCH', `/Groups/${group.body.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }],
      });
      expect([200, 204]).toContain(added.status);
    }
    const events = await feed(a);
    expect(await feed(b)).toEqual(events);
    expect(events.filter((e) => e.type === 'user.created')).toHaveLength(24);
    await receiver.waitFor((received) => {
      const ids = new Set(received.map((e) => e.id));
      return events.every((e) => ids.has(e.id));
    }, 20_000);
    expect(receiver.rejected).toEqual([]);
    // Exactly once: no node died, so nothing was sent twice (two delivering nodes would send everything twice).
    expect(receiver.received.length).toBe(new Set(receiver.received.map((e) => e.id)).size);
    // In order per resource: each resource's events arrived in feed order.
    expect(perResource(firstArrivals(receiver.received))).toEqual(perResource(events));
  });

  it('a rule change made on the standby node yields its access events once, not once per node', async () => {
    const group = await a.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Backup Team' });
    const members = await Promise.all(
      [0, 1, 2].map((i) => b.scim('POST', '/Users', { schemas: [USER], userName: `backup${i}@example.com` })),
    );
    await a.scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: members.map((m) => ({ value: m.body.id })) }],
    });
    const before = (await feed(a)).length;
    const rule = await b.api(
      'POST',
      '/api/rules',
      rule_('Backup team', { $contains: { $in: ['Backup Team'] } }, BACKUP_ADMIN),
    );
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const granted = (events: readonly FeedEvent[]) =>
      events.filter((e) => e.type === 'access.granted' && e.data.role_id === BACKUP_ADMIN);
    await eventually(async () => granted(await feed(b)).length >= 3, 10_000, 'the access events');
    // Give a second recorder (if there were one) the time to write its copy: the leader has followed the rule
    // change, and so has the standby, once a later change of the standby's own is followed by both.
    const marker = await b.scim('POST', '/Users', { schemas: [USER], userName: 'after-rule@example.com' });
    await eventually(
      async () => (await feed(a)).some((e) => e.type === 'user.created' && e.data.id === marker.body.id),
      10_000,
      'the marker',
    );
    const after = (await feed(a)).slice(before);
    const grants = granted(after);
    expect(grants.map((e) => e.data.user.id).sort()).toEqual(members.map((m) => m.body.id as string).sort());
    await receiver.waitFor((received) => grants.every((g) => received.some((e) => e.id === g.id)), 20_000);
    for (const grant of grants) expect(receiver.received.filter((e) => e.id === grant.id)).toHaveLength(1);
  });

  it('the access index reads the same on both nodes', async () => {
    const users = async (n: Node) => (await n.api<{ items: unknown[] }>('GET', '/api/users?limit=500')).body.items;
    await eventually(
      async () => JSON.stringify(await users(a)) === JSON.stringify(await users(b)),
      5_000,
      'the same users and access on both nodes',
    );
    const listed = await users(a);
    const withAccess = (listed as { access?: unknown[] }[]).filter((u) => (u.access ?? []).length > 0);
    expect(withAccess.length).toBeGreaterThanOrEqual(3);
  });

  it("the wizard's evidence reads the same on both nodes: each settles its steps from traffic either node got", async () => {
    type Step = { id: string; state: string; evidence: { summary: string; at: string | null } | null };
    const steps = async (n: Node) =>
      (await n.api<{ steps: Step[] }>('GET', '/api/setup')).body.steps.map(({ id, state, evidence }) => ({
        id,
        state,
        evidence,
      }));
    // A user created through node A; Okta's import-time lookup reaches node B only; a profile update node A.
    const created = await a.scim('POST', '/Users', { schemas: [USER], userName: 'evidence@example.com' });
    expect(created.status).toBe(201);
    const lookup = await b.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "evidence@example.com"')}`);
    expect(lookup.status).toBe(200);
    const someone = lookup.body.Resources[0].id as string;
    const update = await a.scim('PATCH', `/Users/${someone}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'title', value: 'Evidence' }],
    });
    expect(update.status).toBe(200);
    let onA: Step[] = [];
    let onB: Step[] = [];
    await eventually(
      async () => {
        [onA, onB] = await Promise.all([steps(a), steps(b)]);
        return JSON.stringify(onA) === JSON.stringify(onB);
      },
      10_000,
      'the same steps on both nodes',
    );
    // Both requests show on both nodes, though each reached one node only.
    const summaries = JSON.stringify(onA.map((step) => step.evidence?.summary ?? ''));
    expect(summaries).toContain('evidence@example.com');
    expect(onA.filter((step) => step.evidence !== null).length).toBeGreaterThanOrEqual(2);
  });

  it('kill -9 of the leader under load: the other node takes over, and every acknowledged change is delivered', async () => {
    const acknowledged: string[] = [];
    const load = (n: Node, prefix: string, count: number) =>
      (async () => {
        for (let i = 0; i < count; i++) {
          const res = await n
            .scim('POST', '/Users', { schemas: [USER], userName: `${prefix}${i}@example.com` })
            .catch(() => undefined);
          if (res?.status === 201) acknowledged.push(res.body.id as string);
        }
      })();
    const deliveredBefore = new Set(receiver.received.map((e) => e.id));
    const onA = load(a, 'kill-a-', 150);
    const onB = load(b, 'kill-b-', 60);
    await eventually(() => acknowledged.length >= 20, 30_000, 'some load acknowledged');
    await a.serve.kill();
    const killedAt = performance.now();
    await eventually(() => b.serve.stderr().includes(LEADS), 10_000, 'node B taking the lead');
    const takeoverMs = performance.now() - killedAt;
    await Promise.all([onA, onB]);
    // A killed session ends at once; B tries the lock every second.
    expect(takeoverMs).toBeLessThan(5_000);

    const created = (received: readonly ReceivedEvent[]) =>
      new Set(received.filter((e) => e.type === 'user.created').map((e) => e.data.id as string));
    await receiver.waitFor((received) => {
      const arrived = created(received);
      return acknowledged.every((id) => arrived.has(id));
    }, 30_000);
    // And everything else in the feed, too.
    const events = await feed(b);
    await receiver.waitFor((received) => {
      const ids = new Set(received.map((e) => e.id));
      return events.every((e) => ids.has(e.id));
    }, 30_000);
    expect(perResource(firstArrivals(receiver.received))).toEqual(perResource(events));
    // At least once, not a storm: an event arrives at most twice (once from A, once more from B for what A
    // delivered after its last stored progress), and only events of this test's load.
    const counts = new Map<string, number>();
    for (const event of receiver.received) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    for (const [id, count] of counts) {
      expect(count, id).toBeLessThanOrEqual(2);
      if (count === 2) expect(deliveredBefore.has(id), id).toBe(false);
    }
  });

  it('a clean stop (SIGTERM) logs nothing alarming', async () => {
    // Writes under way while it stops: their changes are in the log for whoever follows it next.
    const writes = Array.from({ length: 20 }, (_, i) =>
      b.scim('POST', '/Users', { schemas: [USER], userName: `stop${i}@example.com` }).catch(() => undefined),
    );
    await eventually(
      async () => (await feed(b)).some((e) => e.data.userName === 'stop0@example.com'),
      10_000,
      'a write',
    );
    await b.serve.stop();
    await Promise.all(writes);
    expect(b.serve.stderr()).not.toMatch(/not followed|CONNECTION_ENDED|failed/);
  });
});
