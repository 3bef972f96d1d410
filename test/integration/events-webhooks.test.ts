/**
 * The change feed and signed webhooks over real HTTP (docs/events.md), with a real receiver on 127.0.0.1 that
 * verifies every delivery with the `standardwebhooks` package.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ChangeEvent,
  EventFeedPage,
  ItemList,
  WebhookCreated,
  WebhookDelivery,
  WebhookInfo,
} from '../../server/admin/contract.js';
import { GLOBAL_OU_ID, SUPER_ADMIN_ROLE_ID } from '../../server/admin/contract.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { request, startTestServer, type TestServer } from '../helpers/scim-server.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const RETRY_SCHEDULE_MS = [40, 80, 160, 320, 640];
/** Longer than any wait of the schedule, jitter included. */
const PAST_ANY_RETRY_MS = 1_000;

let server: TestServer;
let receiver: WebhookReceiver;
/** Retries wait on this clock: a test moves it past a backoff instead of waiting for one. */
let clock: ManualClock;

const deliveryOptions = (extra: Record<string, unknown> = {}) => ({
  retryScheduleMs: RETRY_SCHEDULE_MS,
  jitter: 0.1,
  timeoutMs: 2_000,
  progressIntervalMs: 50,
  timers: clock,
  ...extra,
});

beforeEach(async () => {
  clock = new ManualClock();
  server = await startTestServer({ desk: { webhooks: deliveryOptions() } });
  receiver = await new WebhookReceiver().listen();
});
afterEach(async () => {
  await server.stop();
  await receiver.close();
});

async function subscribe(target: WebhookReceiver, events?: string[]): Promise<WebhookCreated> {
  const created = await server.api<WebhookCreated>('POST', '/api/webhooks', {
    url: target.url,
    ...(events ? { events } : {}),
  });
  expect(created.status).toBe(201);
  target.secret = created.body.secret;
  return created.body;
}

async function feed(after?: string): Promise<EventFeedPage> {
  const response = await server.api<EventFeedPage>(
    'GET',
    `/api/events${after === undefined ? '' : `?after=${after}&limit=1000`}`,
  );
  expect(response.status).toBe(200);
  return response.body;
}

async function endpoint(): Promise<WebhookInfo> {
  return (await server.api<ItemList<WebhookInfo>>('GET', '/api/webhooks')).body.items[0]!;
}

async function deliveries(id: string): Promise<WebhookDelivery[]> {
  return (await server.api<ItemList<WebhookDelivery>>('GET', `/api/webhooks/${id}/deliveries`)).body.items;
}

/** Polls the admin API until `check` holds for what it read (the server delivers in the background). */
function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeout = 15_000): Promise<T> {
  return vi.waitUntil(
    async () => {
      const value = await read();
      return check(value) ? value : undefined;
    },
    { timeout, interval: 25 },
  ) as Promise<T>;
}

async function createUser(userName: string, extra: Record<string, unknown> = {}) {
  const created = await server.scim('POST', '/Users', {
    schemas: [USER],
    userName,
    name: { givenName: 'A', familyName: 'B' },
    active: true,
    ...extra,
  });
  expect(created.status).toBe(201);
  return created.body as { id: string };
}

/** Okta's story: assign a user (with Sync Password on), push a group with them, deactivate them. */
async function oktaStory() {
  const user = await createUser('ada@example.com', { password: 'Sup3r-secret!' });
  const group = await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Clumio Admins', members: [] });
  expect(group.status).toBe(201);
  const push = await server.scim('PATCH', `/Groups/${group.body.id}`, {
    schemas: [PATCH],
    Operations: [{ op: 'add', path: 'members', value: [{ value: user.id, display: 'ada@example.com' }] }],
  });
  expect(push.status).toBeLessThan(300);
  const off = await server.scim('PATCH', `/Users/${user.id}`, {
    schemas: [PATCH],
    Operations: [{ op: 'replace', value: { active: false } }],
  });
  expect(off.status).toBe(200);
  return { userId: user.id, groupId: group.body.id as string };
}

describe('the change feed and webhooks', () => {
  it("Okta's create, push group, deactivate: exactly these events, in order, signed, in the feed and at the receiver", async () => {
    await subscribe(receiver);
    const { userId, groupId } = await oktaStory();
    const expected = ['user.created', 'group.created', 'group.members_added', 'user.deactivated'];
    await receiver.waitFor((got) => got.length >= expected.length);
    // Once the endpoint is owed nothing, everything it will get has arrived.
    await eventually(endpoint, (info) => info.backlog === 0);
    expect(receiver.rejected).toEqual([]);
    expect(receiver.received.map((e) => e.type)).toEqual(expected);

    const [created, group, members, deactivated] = receiver.received;
    expect(created!.id).toMatch(/^evt_/);
    expect(created!.headers['webhook-id']).toBe(created!.id);
    expect(created!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(created!.data).toMatchObject({ id: userId, userName: 'ada@example.com', active: true, schemas: [USER] });
    expect(JSON.stringify(receiver.received)).not.toContain('Sup3r-secret!');
    expect(group!.data).toEqual({ id: groupId, displayName: 'Clumio Admins' });
    expect(members!.data).toEqual({ id: groupId, displayName: 'Clumio Admins', member_ids: [userId] });
    expect(deactivated!.data).toMatchObject({ id: userId, active: false });
    expect(Date.parse(created!.timestamp)).not.toBeNaN();

    // The feed has the same events in the same order, in the shapes docs/events.md documents.
    const page = await feed();
    expect(page.events.map((e) => e.type)).toEqual(expected);
    expect(page.events.map((e) => e.id)).toEqual(receiver.received.map((e) => e.id));
    expect(Object.keys(page.events[0]!).sort()).toEqual(['data', 'id', 'timestamp', 'type']);
    expect((await feed(page.next)).events).toEqual([]);
    const tail = await feed('0');
    expect(tail.events.map((e: ChangeEvent) => e.id)).toEqual(page.events.map((e) => e.id));
  });

  it('a refused change produces no event; a rules change yields access.* events with the rule', async () => {
    await subscribe(receiver, ['user.*', 'access.*']);
    const user = await createUser('grace@example.com');
    expect((await server.scim('POST', '/Users', { schemas: [USER], userName: 'GRACE@example.com' })).status).toBe(409);
    const group = await server.scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Backup Team',
      members: [{ value: user.id }],
    });
    expect(group.status).toBe(201);
    const rule = await server.api('POST', '/api/rules', {
      name: 'Backup Team are Super Admins',
      condition: JSON.stringify({ 'user.groups': { $eq: 'Backup Team' } }),
      provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
    });
    expect(rule.status).toBe(201);
    await receiver.waitFor((got) => got.some((e) => e.type === 'access.granted'));
    expect(receiver.received.map((e) => e.type)).toEqual(['user.created', 'access.granted']); // group.* filtered out, the 409 made nothing
    expect(receiver.received[1]!.data).toEqual({
      user: { id: user.id, userName: 'grace@example.com' },
      role_id: SUPER_ADMIN_ROLE_ID,
      organizational_unit_id: GLOBAL_OU_ID,
      rule: { id: rule.body.rule_id, name: 'Backup Team are Super Admins' },
      auto_user_provisioning_enabled: false,
    });

    // Removing the member revokes it, in the same transaction as the membership change.
    await server.scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${user.id}"]` }],
    });
    await receiver.waitFor((got) => got.some((e) => e.type === 'access.revoked'));
    const all = (await feed()).events.map((e) => e.type);
    expect(all.slice(-2)).toEqual(['group.members_removed', 'access.revoked']);
  });

  it('gives a receiver that was down its backlog when it is back, in order per resource', async () => {
    const hook = await subscribe(receiver);
    receiver.mode = 'down';
    const ada = await createUser('ada@example.com');
    const bob = await createUser('bob@example.com');
    for (const [i, id] of [ada.id, bob.id, ada.id, bob.id].entries()) {
      const title = `Title ${i}`;
      expect(
        (
          await server.scim('PATCH', `/Users/${id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'replace', path: 'title', value: title }],
          })
        ).status,
      ).toBe(200);
    }
    await server.scim('PATCH', `/Users/${ada.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    const owed = (await feed()).events;
    expect(owed).toHaveLength(7);
    // The first event of each user is tried and refused; the rest of each user's events wait behind it.
    await eventually(
      () => deliveries(hook.id),
      (attempts) => attempts.length === 2,
    );
    expect(await endpoint()).toMatchObject({ status: 'active', backlog: 7 }); // two failures in a row: not yet failing
    clock.advance(RETRY_SCHEDULE_MS[0]! / 2);
    expect(clock.timersPending).toBe(1); // no retry before the backoff: the wake-up for it is still to come
    clock.advance(PAST_ANY_RETRY_MS);
    await eventually(
      () => deliveries(hook.id),
      (attempts) => attempts.length === 4,
    );
    const listed = await endpoint();
    expect(listed).toMatchObject({ id: hook.id, status: 'failing', backlog: 7 });
    expect(listed.lastDelivery).toMatchObject({
      succeeded: false,
      status_code: 503,
      response_excerpt: 'down for maintenance',
    });
    expect((await deliveries(hook.id)).map((d) => d.attempt).sort()).toEqual([1, 1, 2, 2]);
    expect(receiver.received).toEqual([]);

    receiver.mode = 'ok';
    clock.advance(PAST_ANY_RETRY_MS);
    await receiver.waitFor((got) => new Set(got.map((e) => e.id)).size === 7, 20_000);
    for (const userId of [ada.id, bob.id]) {
      const fed = owed.filter((e) => e.data.id === userId).map((e) => e.id);
      const arrived = receiver.ids().filter((id) => fed.includes(id));
      expect(arrived).toEqual(fed);
    }
    const after = await eventually(endpoint, (info) => info.backlog === 0);
    expect(after.status).toBe('active');
    const attempts = await deliveries(hook.id);
    expect(attempts[0]).toMatchObject({ succeeded: true, status_code: 200 });
    expect(attempts.some((d) => !d.succeeded && d.attempt >= 2)).toBe(true);
    expect(attempts.every((d) => d.latency_ms >= 0)).toBe(true);
  });

  it('never follows a redirect, disables an endpoint that used up its retries, and enables it again', async () => {
    const hook = await subscribe(receiver);
    receiver.mode = 'redirect';
    await createUser('ada@example.com');
    // Each attempt fails; the clock moves past each backoff in turn until the schedule is used up.
    for (let attempt = 1; attempt <= RETRY_SCHEDULE_MS.length; attempt++) {
      await eventually(
        () => deliveries(hook.id),
        (tried) => tried.length === attempt,
      );
      expect(await endpoint()).toMatchObject({ status: attempt < 3 ? 'active' : 'failing', backlog: 1 });
      clock.advance(PAST_ANY_RETRY_MS);
    }
    const info = await eventually(endpoint, (listed) => listed.status === 'disabled');
    expect(info).toMatchObject({ status: 'disabled', backlog: 1 });
    expect(await deliveries(hook.id)).toHaveLength(RETRY_SCHEDULE_MS.length + 1);
    expect(info.disabledReason).toMatch(
      /failed 6 times over the whole retry schedule; last: redirect to .* not followed/,
    );
    expect(receiver.received).toEqual([]);

    // Disabled is stored: it survives a restart, and "enable" is the way back.
    await server.restart();
    expect((await server.api<ItemList<WebhookInfo>>('GET', '/api/webhooks')).body.items[0]!.status).toBe('disabled');
    receiver.mode = 'ok';
    const enabled = await server.api<WebhookInfo>('POST', `/api/webhooks/${hook.id}/enable`);
    expect(enabled.status).toBe(200);
    await receiver.waitFor((got) => got.length === 1);
    expect(receiver.received[0]!.type).toBe('user.created');
  });

  it('retries one delivery on request', async () => {
    const hook = await subscribe(receiver);
    await createUser('ada@example.com');
    await receiver.waitFor((got) => got.length === 1);
    const [delivery] = (await server.api<ItemList<WebhookDelivery>>('GET', `/api/webhooks/${hook.id}/deliveries`)).body
      .items;
    const retried = await server.api('POST', `/api/webhooks/${hook.id}/deliveries/${delivery!.id}/retry`);
    expect(retried).toMatchObject({ status: 202, body: { outcome: 'resent' } });
    await receiver.waitFor((got) => got.length === 2);
    expect(receiver.received[1]!.id).toBe(receiver.received[0]!.id); // the same event: a receiver deduplicates by webhook-id
    expect((await server.api('POST', `/api/webhooks/${hook.id}/deliveries/dlv_nope/retry`)).status).toBe(404);
  });

  it('a hanging receiver holds up neither SCIM requests nor another endpoint', async () => {
    // Attempts time out only after ten minutes here: anything that waited on the hanging endpoint would wait
    // past the test's own timeout, so finishing at all is the proof. (What deliveries cost: npm run bench -- --webhook.)
    await server.stop();
    server = await startTestServer({ desk: { webhooks: deliveryOptions({ timeoutMs: 600_000 }) } });
    const hanging = await new WebhookReceiver().listen();
    hanging.mode = 'hang';
    try {
      const stuck = await subscribe(hanging);
      await subscribe(receiver);
      for (let i = 0; i < 60; i++) await createUser(`user${i}@example.com`);
      await receiver.waitFor((got) => got.length === 60);
      // All the while the hanging endpoint had its full 8 requests in flight, none of them answered.
      await vi.waitUntil(() => hanging.held === 8, { timeout: 15_000 });
      expect(hanging.received).toEqual([]);
      expect(await deliveries(stuck.id)).toEqual([]);
    } finally {
      await hanging.close();
    }
  });

  it('validates endpoints, keeps secrets out of the data files, and serves none of this on the SCIM listener', async () => {
    const bad = await server.api('POST', '/api/webhooks', {
      url: 'ftp://example.com/x',
      events: ['user.created', 'users.*', 'nope'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues).toEqual([
      { field: 'url', message: 'must be an http or https URL' },
      { field: 'events', message: '"users.*" matches no event type (prefixes: user, group, access)' },
      { field: 'events', message: '"nope" is not an event type' },
    ]);
    const hook = await subscribe(receiver, ['group.*']);
    expect(hook).toMatchObject({ url: receiver.url, events: ['group.*'], status: 'active', backlog: 0 });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const listed = (await server.api<ItemList<WebhookInfo>>('GET', '/api/webhooks')).body.items;
    expect(JSON.stringify(listed)).not.toContain(hook.secret);

    await server.restart();
    for (const file of [
      'directory.json',
      ...(await readdir(path.join(server.dataDir, 'journal'))).map((f) => path.join('journal', f)),
    ]) {
      const text = await readFile(path.join(server.dataDir, file), 'utf8').catch(() => '');
      expect(text, file).not.toContain(hook.secret.slice('whsec_'.length));
    }
    // Still signs after the restart: the sealed secret opens with the folder's key.
    await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'After restart' });
    await receiver.waitFor((got) => got.length === 1);
    expect(receiver.rejected).toEqual([]);

    for (const route of ['/api/events', '/api/webhooks']) {
      const viaScim = await request(`${new URL(server.scimUrl).origin}${route}`, 'GET', undefined, {
        Authorization: `Bearer ${server.token}`,
      });
      expect(viaScim.status, route).toBe(404);
    }
    expect((await server.api('DELETE', `/api/webhooks/${hook.id}`)).status).toBe(204);
    expect((await server.api<ItemList<WebhookInfo>>('GET', '/api/webhooks')).body.items).toEqual([]);
    expect((await server.api('GET', '/api/events?after=abc')).status).toBe(400);
    expect((await server.api('GET', '/api/events?limit=0')).status).toBe(400);
  });
});
