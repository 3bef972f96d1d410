/**
 * Two real `scim-desk serve --store postgres://…` processes on one database (the run's PostgreSQL, a database of
 * this file's own), each with its own data folder, as two nodes behind a load balancer: whatever node a request
 * reaches, the answer is the same, and concurrency across the nodes loses nothing (docs/scale-out.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_ADMIN, rule as rule_ } from '../helpers/admin-fixtures.js';
import { clusterNode, type ClusterNode } from '../helpers/cluster-node.js';
import { startServe, type ServeProcess } from '../helpers/e2e-serve.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { PATCH_OP, request, type HttpResult } from '../helpers/scim-server.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

type Node = ClusterNode;

/** Resolves once `check` holds, checking again as soon as the last check answered; fails after `ms`. Returns the wait. */
async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setImmediate(resolve)); // let I/O in between checks (not a sleep)
  }
  return performance.now() - started;
}

describe('two nodes on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: Node;
  let b: Node;
  let token: string;

  const node = (serve: ServeProcess): Node => clusterNode(serve, () => token);

  beforeAll(async () => {
    database = await createTestDatabase();
    // One after the other: the first creates the schema (the second would wait for its lock anyway).
    a = node(await startServe({ args: ['--store', database.url] }));
    b = node(await startServe({ args: ['--store', database.url] }));
    const created = await a.api<{ secret: string }>('POST', '/api/tokens', { label: 'Okta', expiresAt: null });
    expect(created.status).toBe(201);
    token = created.body.secret;
    // A token made on one node works on the other once it has followed the change.
    await eventually(
      async () => (await b.scim('GET', '/Users?count=1')).status === 200,
      5_000,
      'the token reaching node B',
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.serve.stop(), b?.serve.stop()]);
    await database?.drop();
  });

  it("never prints the connection string's password", () => {
    for (const serve of [a.serve, b.serve]) expect(serve.stderr()).not.toContain(database.info.password);
  });

  it('concurrent member PATCHes to one group on both nodes lose no member, and versions agree', async () => {
    const group = await a.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Everyone' });
    expect(group.status).toBe(201);
    const users = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 === 0 ? a : b).scim('POST', '/Users', { schemas: [USER], userName: `member${i}@example.com` }),
      ),
    );
    expect(users.map((u) => u.status)).toEqual(users.map(() => 201));
    // Okta's PATCH add, one member each, half through each node, all at once.
    const patches = await Promise.all(
      users.map((user, i) =>
        (i % 2 === 0 ? a : b).scim('PATCH', `/Groups/${group.body.id}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: [{ value: user.body.id }] }],
        }),
      ),
    );
    expect(patches.map((p) => p.status).every((status) => status === 200 || status === 204)).toBe(true);
    const [onA, onB] = await Promise.all([
      a.scim('GET', `/Groups/${group.body.id}`),
      b.scim('GET', `/Groups/${group.body.id}`),
    ]);
    const ids = (res: HttpResult) => (res.body.members as { value: string }[]).map((m) => m.value).sort();
    const expected = users.map((u) => u.body.id as string).sort();
    expect(ids(onA)).toEqual(expected);
    expect(ids(onB)).toEqual(expected);
    expect(onA.body.meta.version).toBe(onB.body.meta.version);
    expect(onA.headers.get('etag')).toBe(onB.headers.get('etag'));
  });

  it('racing creates of one userName on both nodes: one 201 and one 409', async () => {
    for (let round = 0; round < 5; round++) {
      const body = { schemas: [USER], userName: `race${round}@example.com` };
      const answers = await Promise.all([
        a.scim('POST', '/Users', body),
        b.scim('POST', '/Users', { ...body, userName: body.userName.toUpperCase() }),
      ]);
      expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
      expect(answers.find((res) => res.status === 409)!.body.scimType).toBe('uniqueness');
    }
  });

  it('ETags and meta.version agree on both nodes after a write on either', async () => {
    const created = await a.scim('POST', '/Users', { schemas: [USER], userName: 'etag@example.com' });
    const patched = await b.scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'title', value: 'Engineer' }],
    });
    expect(patched.status).toBe(200);
    const [onA, onB] = await Promise.all([
      a.scim('GET', `/Users/${created.body.id}`),
      b.scim('GET', `/Users/${created.body.id}`),
    ]);
    expect(onA.body.meta.version).toBe(patched.body.meta.version);
    expect(onB.body.meta.version).toBe(patched.body.meta.version);
    expect(onA.body.title).toBe('Engineer');
    // A stale If-Match is refused on the other node too.
    const stale = await a.scim(
      'PUT',
      `/Users/${created.body.id}`,
      { schemas: [USER], userName: 'etag@example.com' },
      undefined,
    );
    expect(stale.status).toBe(200);
    const refused = await request(
      `${b.serve.scimUrl}/Users/${created.body.id}`,
      'PUT',
      { schemas: [USER], userName: 'etag@example.com' },
      {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/scim+json',
        'If-Match': patched.body.meta.version,
      },
    );
    expect(refused.status).toBe(412);
  });

  it('an admin change on one node takes effect on the other within a second: a rule, a setting, a token, a webhook', async () => {
    const rule = await a.api(
      'POST',
      '/api/rules',
      rule_('Backup team', { $contains: { $in: ['Backup Team'] } }, BACKUP_ADMIN),
    );
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const ruleMs = await eventually(
      async () =>
        (await b.api<{ items: { rule_id: string }[] }>('GET', '/api/rules')).body.items.some(
          (r) => r.rule_id === rule.body.rule_id,
        ),
      1_000,
      'the rule on node B',
    );

    const settings = await b.api('PUT', '/api/settings', { current_admin: 'admin@example.com' });
    expect(settings.status).toBe(200);
    const settingMs = await eventually(
      async () =>
        (await a.api<{ current_admin: string | null }>('GET', '/api/settings')).body.current_admin ===
        'admin@example.com',
      1_000,
      'the setting on node A',
    );

    const second = await b.api<{ secret: string; token: { id: string } }>('POST', '/api/tokens', {
      label: 'Second',
      expiresAt: null,
    });
    const tokenMs = await eventually(
      async () => (await a.scim('GET', '/Users?count=1', undefined, second.body.secret)).status === 200,
      1_000,
      'the new token on node A',
    );
    expect((await a.api('DELETE', `/api/tokens/${second.body.token.id}`)).status).toBeLessThan(300);
    const revokedMs = await eventually(
      async () => (await b.scim('GET', '/Users?count=1', undefined, second.body.secret)).status === 401,
      1_000,
      'the revocation on node B',
    );

    const hook = await a.api<{ id: string }>('POST', '/api/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['user.created'],
    });
    expect(hook.status).toBe(201);
    const hookMs = await eventually(
      async () =>
        (await b.api<{ items: { id: string }[] }>('GET', '/api/webhooks')).body.items.some(
          (h) => h.id === hook.body.id,
        ),
      1_000,
      'the webhook on node B',
    );
    for (const ms of [ruleMs, settingMs, tokenMs, revokedMs, hookMs]) expect(ms).toBeLessThan(1_000);
  });

  it('the change feed means the same on both nodes', async () => {
    const created = await a.scim('POST', '/Users', { schemas: [USER], userName: 'feed@example.com' });
    await b.scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    const feed = async (n: Node) =>
      (await n.api<{ events: { id: string; type: string }[] }>('GET', '/api/events?limit=1000')).body.events;
    const [onA, onB] = await Promise.all([feed(a), feed(b)]);
    expect(onA.map((e) => e.id)).toEqual(onB.map((e) => e.id));
    const mine = onA
      .filter((e) => e.type.startsWith('user.') && JSON.stringify(e).includes(created.body.id as string))
      .map((e) => e.type);
    expect(mine).toEqual(['user.created', 'user.deactivated']);
  });

  it('kill -9 of one node under load: the other keeps serving, and every acknowledged create is there', async () => {
    const acknowledged: string[] = [];
    let refusedByB = 0;
    const load = (n: Node, prefix: string, count: number) =>
      (async () => {
        for (let i = 0; i < count; i++) {
          const res = await n
            .scim('POST', '/Users', { schemas: [USER], userName: `${prefix}${i}@example.com` })
            .catch(() => undefined);
          if (res?.status === 201) acknowledged.push(res.body.id as string);
          else if (n === b) refusedByB++;
        }
      })();
    const onA = load(a, 'load-a-', 200);
    const onB = load(b, 'load-b-', 40);
    await eventually(async () => acknowledged.length >= 20, 30_000, 'some load acknowledged');
    await a.serve.kill();
    await Promise.all([onA, onB]);
    expect(refusedByB).toBe(0);
    // Node B answers for every user either node acknowledged.
    for (const id of acknowledged) expect((await b.scim('GET', `/Users/${id}`)).status, id).toBe(200);
    expect((await b.scim('POST', '/Users', { schemas: [USER], userName: 'after-kill@example.com' })).status).toBe(201);
  });
});
