/**
 * Which events a transaction yields (docs/events.md#event-types-and-payloads), derived at the store level from
 * the state before and after it (a real store in a temporary folder), plus the retry schedule, retention and
 * event filters.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../../server/events/delivery-worker.js';
import { directoryEvents } from '../../server/events/directory-events.js';
import { invalidEventFilter, matchesEventFilter } from '../../server/events/event-types.js';
import { pruneThrough } from '../../server/events/retention.js';
import { openStore, type Store } from '../../server/store/index.js';
import { EmbeddedDirectoryStore } from '../../server/store/embedded/embedded-directory-store.js';
import type { ResourceRecord, StoreOp } from '../../server/store/types.js';
import { applyOps } from '../helpers/embedded-services.js';

let dir: string;
let store: Store;

/** Writes the ops as one transaction of the store contract, whose deriver adds the directory events. */
const contracts = new WeakMap<Store, EmbeddedDirectoryStore>();
const commit = (ops: StoreOp[]): Promise<void> => {
  let contract = contracts.get(store);
  if (!contract) {
    contracts.set(store, (contract = new EmbeddedDirectoryStore(store)));
    contract.deriveEvents(directoryEvents);
  }
  return contract.transact((tx) => applyOps(tx, ops));
};

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-events-'));
  store = await openStore(dir, { fsync: false });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

let version = 0;
const record = (id: string, data: Record<string, unknown>): ResourceRecord => ({
  id,
  meta: { created: '2026-12-06T00:00:00.000Z', lastModified: '2026-12-06T00:00:00.000Z', version: ++version },
  data,
});
const types = () => store.eventsAfter(0, 1000).map((e) => `${e.type} ${e.key}`);

describe('directory events', () => {
  it('tells created, updated, deactivated, reactivated and deleted users apart', async () => {
    await commit([{ op: 'putUser', record: record('u1', { userName: 'a@x', active: true }) }]);
    await commit([{ op: 'putUser', record: record('u1', { userName: 'a@x', active: true, title: 'Eng' }) }]);
    await commit([{ op: 'putUser', record: record('u1', { userName: 'a@x', active: false, title: 'Eng' }) }]);
    await commit([{ op: 'putUser', record: record('u1', { userName: 'a@x', active: true, title: 'Eng' }) }]);
    await commit([{ op: 'deleteUser', id: 'u1' }]);
    expect(types()).toEqual([
      'user.created user:u1',
      'user.updated user:u1',
      'user.deactivated user:u1',
      'user.reactivated user:u1',
      'user.deleted user:u1',
    ]);
    const deleted = store.eventsAfter(4, 1)[0]!;
    expect(deleted.data).toMatchObject({
      id: 'u1',
      userName: 'a@x',
      meta: { resourceType: 'User', location: '/scim/v2/Users/u1' },
    });
  });

  it('reports the net membership change of a transaction, and no group.updated for members alone', async () => {
    await commit([
      { op: 'putUser', record: record('u1', { userName: 'a@x' }) },
      { op: 'putUser', record: record('u2', { userName: 'b@x' }) },
      { op: 'putUser', record: record('u3', { userName: 'c@x' }) },
      { op: 'putGroup', record: record('g1', { displayName: 'G' }) },
      { op: 'addMembers', groupId: 'g1', members: [{ value: 'u1' }, { value: 'u2' }] },
    ]);
    const first = store.eventBounds().last;
    // A PUT of the group: clear, then re-add u2 and add u3. Net: u1 out, u3 in.
    await commit([
      { op: 'putGroup', record: record('g1', { displayName: 'G' }) },
      { op: 'clearMembers', groupId: 'g1' },
      { op: 'addMembers', groupId: 'g1', members: [{ value: 'u2' }, { value: 'u3' }] },
    ]);
    const events = store.eventsAfter(first, 100);
    expect(events.map((e) => [e.type, e.data.member_ids])).toEqual([
      ['group.members_added', ['u3']],
      ['group.members_removed', ['u1']],
    ]);
    // Adding an existing member again changes nothing; a rename is an update.
    const second = store.eventBounds().last;
    await commit([{ op: 'addMembers', groupId: 'g1', members: [{ value: 'u2' }] }]);
    await commit([{ op: 'putGroup', record: record('g1', { displayName: 'Renamed' }) }]);
    expect(store.eventsAfter(second, 100).map((e) => [e.type, e.data.displayName])).toEqual([
      ['group.updated', 'Renamed'],
    ]);
  });

  it('records events in the journal line: they replay after a restart, with their positions', async () => {
    await commit([{ op: 'putUser', record: record('u1', { userName: 'a@x' }) }]);
    await commit([{ op: 'putGroup', record: record('g1', { displayName: 'G' }) }]);
    const before = store.eventsAfter(0, 10);
    await store.close();
    store = await openStore(dir, { fsync: false, compactOnClose: false });
    expect(store.eventsAfter(0, 10)).toEqual(before);
    expect(store.eventBounds()).toEqual({ first: 1, last: 2 });
    expect(store.durableEventPos()).toBe(2);
  });

  it('a refused transaction records nothing', async () => {
    await expect(store.commit([{ op: 'deleteUser', id: 'nobody' }])).rejects.toThrow(/unknown user/);
    expect(store.eventBounds()).toEqual({ first: 0, last: 0 });
  });

  it('prunes by pos and keeps positions increasing', async () => {
    for (let i = 0; i < 5; i++) await commit([{ op: 'putUser', record: record(`u${i}`, { userName: `${i}@x` }) }]);
    await store.commit([{ op: 'pruneEvents', through: 3 }]);
    expect(store.eventBounds()).toEqual({ first: 4, last: 5 });
    await commit([{ op: 'putUser', record: record('u9', { userName: '9@x' }) }]);
    expect(store.eventsAfter(0, 10).map((e) => e.pos)).toEqual([4, 5, 6]);
    await store.compact();
    await store.close();
    store = await openStore(dir, { fsync: false });
    expect(store.eventBounds()).toEqual({ first: 4, last: 6 });
  });
});

describe('retry schedule, retention, filters', () => {
  it('retries for more than 24 hours even with the most jitter', () => {
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total * 0.8).toBeGreaterThan(24 * 3600_000);
    expect([...DEFAULT_RETRY_SCHEDULE_MS]).toEqual([...DEFAULT_RETRY_SCHEDULE_MS].sort((a, b) => a - b)); // never shorter
  });

  it('keeps the newest events, and what a delivering endpoint is owed up to a bound', () => {
    expect(pruneThrough({ first: 0, last: 0 }, 10, 100, undefined)).toBeUndefined();
    expect(pruneThrough({ first: 1, last: 50 }, 10, 100, undefined)).toBe(40);
    expect(pruneThrough({ first: 1, last: 50 }, 10, 100, 20)).toBe(20);
    expect(pruneThrough({ first: 1, last: 500 }, 10, 100, 20)).toBe(400);
    expect(pruneThrough({ first: 45, last: 50 }, 10, 100, undefined)).toBeUndefined();
  });

  it('matches type names and wildcards, and names what is wrong', () => {
    expect(matchesEventFilter([], 'user.created')).toBe(true);
    expect(matchesEventFilter(['user.*'], 'user.deleted')).toBe(true);
    expect(matchesEventFilter(['user.*'], 'group.created')).toBe(false);
    expect(matchesEventFilter(['access.granted'], 'access.revoked')).toBe(false);
    expect(invalidEventFilter('group.*')).toBeUndefined();
    expect(invalidEventFilter('user.exploded')).toBe('"user.exploded" is not an event type');
  });
});
