/**
 * The store contract (server/store/directory-store.ts), the SAME tests on every backend: the embedded store
 * (lowdb snapshot + journal in a temp data folder) and PostgreSQL (a real server, test/setup/postgres-cluster.ts).
 * "Two instances" are two nodes on one database for PostgreSQL; the embedded store is one node, so both handles
 * are the one store there, and the tests state what must hold either way.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  ChangeSubscriber,
  CommittedChange,
  DirectoryStore,
  TransactionChanges,
} from '../../server/store/directory-store.js';
import { EmbeddedDirectoryStore } from '../../server/store/embedded/embedded-directory-store.js';
import { openStore } from '../../server/store/index.js';
import { openPostgresStore } from '../../server/store/postgres/index.js';
import type { EventInput, ResourceRecord } from '../../server/store/types.js';
import { StoreError } from '../../server/store/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { groupRecord, makeDataDir, removeDataDir, userRecord } from '../helpers/store-fixtures.js';
import {
  expectedIds,
  expectedSortedIds,
  groupFilters,
  groupResourceType,
  loadCorpus,
  storeIds,
  storeSortedIds,
  userFilters,
  userResourceType,
  userSorts,
} from '../helpers/store-query-corpus.js';

interface Instances {
  a: DirectoryStore;
  b: DirectoryStore;
  close(): Promise<void>;
}

interface Backend {
  name: string;
  open(): Promise<Instances>;
}

const databases: TestDatabase[] = [];

const backends: Backend[] = [
  {
    name: 'embedded',
    async open() {
      const dir = await makeDataDir();
      const store = new EmbeddedDirectoryStore(await openStore(dir, { fsync: false }));
      return {
        a: store,
        b: store,
        close: async () => {
          await store.close();
          await removeDataDir(dir);
        },
      };
    },
  },
  {
    name: 'postgres',
    async open() {
      const database = await createTestDatabase();
      databases.push(database);
      const [a, b] = await Promise.all([
        openPostgresStore(database.url, { pollIntervalMs: 200 }),
        openPostgresStore(database.url, { pollIntervalMs: 200 }),
      ]);
      return {
        a,
        b,
        close: async () => {
          await Promise.all([a.close(), b.close()]);
        },
      };
    },
  },
];

afterAll(async () => {
  for (const database of databases) await database.drop();
});

/** Waits until `check` holds (polled on a short timer), failing after `ms`. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a rejection');
}

const next = (record: ResourceRecord, data: Record<string, unknown>): ResourceRecord => ({
  ...record,
  data,
  meta: { ...record.meta, lastModified: new Date().toISOString(), version: record.meta.version + 1 },
});

function event(key: string, data: Record<string, unknown>): EventInput {
  return {
    id: `evt_${key}_${String(data.version)}_${Math.random().toString(36).slice(2)}`,
    type: 'test.changed',
    timestamp: new Date().toISOString(),
    key,
    data,
  };
}

describe.each(backends)('the store contract on the $name backend', (backend) => {
  let stores: Instances;

  beforeEach(async () => {
    stores = await backend.open();
  });
  afterEach(async () => {
    await stores.close();
  });

  describe('reads', () => {
    it('reads what a transaction wrote: records, names case-insensitively, members with their names, groups of a member, documents', async () => {
      const { a, b } = stores;
      const ada = userRecord('Ada@Example.com', { displayName: 'Ada Lovelace' });
      const bob = userRecord('bob@example.com');
      const admins = groupRecord('Admins');
      const ops = groupRecord('Ops');
      await a.transact(async (tx) => {
        await tx.putUser(ada);
        await tx.putUser(bob);
        await tx.putGroup(admins);
        await tx.putGroup(ops);
        await tx.addMembers(admins.id, [{ value: ada.id }, { value: bob.id, display: 'Bobby' }, { value: ops.id }]);
        await tx.putDoc('settings', 'general', { autoUserProvisioning: true });
        await tx.putDoc('rules', 'r1', { id: 'r1', name: 'first' });
        await tx.putDoc('rules', 'r2', { id: 'r2', name: 'second' });
      });
      expect(await b.getUser(ada.id)).toEqual(ada);
      expect(await b.getGroup(admins.id)).toEqual(admins);
      expect(await b.getUser(admins.id)).toBeUndefined();
      expect(await b.findUserIdByUserName('ADA@example.COM')).toBe(ada.id);
      expect(await b.findUserIdByUserName('nobody')).toBeUndefined();
      expect(await b.findGroupIdByDisplayName('admins')).toBe(admins.id);
      expect(await b.members(admins.id)).toEqual([
        { value: ada.id, type: 'User', name: 'Ada Lovelace' },
        { value: bob.id, type: 'User', display: 'Bobby', name: 'bob@example.com' },
        { value: ops.id, type: 'Group', name: 'Ops' },
      ]);
      expect(await b.members('no-such-group')).toEqual([]);
      expect(await b.groupsOf(ada.id)).toEqual([{ id: admins.id, displayName: 'Admins' }]);
      expect(await b.groupsOf(ops.id)).toEqual([{ id: admins.id, displayName: 'Admins' }]);
      // A user with its groups in one read, and a page of users with theirs: what groupsOf gives, in order.
      await a.transact((tx) => tx.addMembers(ops.id, [{ value: ada.id }]));
      const adaGroups = [
        { id: admins.id, displayName: 'Admins' },
        { id: ops.id, displayName: 'Ops' },
      ];
      expect(await b.groupsOf(ada.id)).toEqual(adaGroups);
      expect(await b.getUserWithGroups(ada.id)).toEqual({ record: ada, groups: adaGroups });
      expect(await b.getUserWithGroups(admins.id)).toBeUndefined();
      expect(await b.listUsersWithGroups({ offset: 0, limit: 10 })).toEqual({
        total: 2,
        records: [
          { record: ada, groups: adaGroups },
          { record: bob, groups: [{ id: admins.id, displayName: 'Admins' }] },
        ],
      });
      expect(await b.listUsersWithGroups({ offset: 1, limit: 1 })).toEqual({
        total: 2,
        records: [{ record: bob, groups: [{ id: admins.id, displayName: 'Admins' }] }],
      });
      expect(await b.listUsersWithGroups({ offset: 5, limit: 1 })).toEqual({ total: 2, records: [] });
      expect(await b.isMember(admins.id, bob.id)).toBe(true);
      expect(await b.isMember(ops.id, bob.id)).toBe(false);
      expect(await b.getDoc('settings', 'general')).toEqual({ autoUserProvisioning: true });
      expect(await b.listDocs('rules')).toEqual([
        { id: 'r1', name: 'first' },
        { id: 'r2', name: 'second' },
      ]);
      expect(await b.userCount()).toBe(2);
      expect(await b.groupCount()).toBe(2);
    });
  });

  describe('queries', () => {
    beforeEach(async () => {
      await loadCorpus(stores.a);
    });

    it('answers every filter of the corpus (indexed and not) as the SCIM engine answers it', async () => {
      for (const filter of userFilters)
        expect(await storeIds(stores.b, userResourceType, filter), filter).toEqual(
          expectedIds(userResourceType, filter),
        );
      for (const filter of groupFilters)
        expect(await storeIds(stores.b, groupResourceType, filter), filter).toEqual(
          expectedIds(groupResourceType, filter),
        );
    });

    it('sorts as the SCIM engine sorts, missing values last ascending and first descending', async () => {
      for (const [sortBy, order] of userSorts) {
        expect(await storeSortedIds(stores.b, userResourceType, sortBy, order), `${sortBy} ${order}`).toEqual(
          expectedSortedIds(userResourceType, sortBy, order),
        );
      }
    });

    it('pages: offset and limit select a slice, the total counts every match, limit 0 only counts', async () => {
      const all = await stores.b.listUsers({ offset: 0, limit: 100 });
      expect(all.total).toBe(5);
      const page = await stores.b.listUsers({ offset: 1, limit: 2 });
      expect(page).toEqual({ total: 5, records: all.records.slice(1, 3) });
      expect(await stores.b.listUsers({ offset: 10, limit: 2 })).toEqual({ total: 5, records: [] });
      const active = {
        kind: 'compare',
        field: { kind: 'data', path: [{ name: 'active', multiValued: false }] },
        op: 'eq',
        value: true,
        type: 'boolean',
        caseExact: true,
      } as const;
      expect(await stores.b.listUsers({ where: active, offset: 0, limit: 0 })).toEqual({ total: 4, records: [] });
      const sorted = await stores.b.listUsers({
        sort: {
          field: { kind: 'data', path: [{ name: 'userName', multiValued: false }] },
          type: 'string',
          caseExact: false,
          descending: false,
        },
        offset: 3,
        limit: 5,
      });
      expect(sorted.total).toBe(5);
      expect(sorted.records.map((r) => r.data.userName)).toEqual(['jyoung@contoso.com', 'Émile.Zola@Example.fr']);
    });

    it('walks every user a page at a time, each once, with no page larger than asked', async () => {
      const all = await stores.b.listUsers({ offset: 0, limit: 100 });
      const pages: ResourceRecord[][] = [];
      for await (const page of stores.b.walkUsers(2)) pages.push(page);
      expect(pages.every((page) => page.length > 0 && page.length <= 2)).toBe(true);
      const walked = pages.flat();
      expect(walked).toHaveLength(all.total);
      const byId = (a: ResourceRecord, b: ResourceRecord) => (a.id < b.id ? -1 : 1);
      expect([...walked].sort(byId)).toEqual([...all.records].sort(byId));
    });
  });

  describe('transactions', () => {
    it('all or nothing: a transaction whose work throws leaves no trace', async () => {
      const { a, b } = stores;
      const ada = userRecord('ada');
      await expect(
        a.transact(async (tx) => {
          await tx.putUser(ada);
          await tx.putDoc('settings', 'x', { on: true });
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await b.getUser(ada.id)).toBeUndefined();
      expect(await b.getDoc('settings', 'x')).toBeUndefined();
      expect(await b.eventBounds()).toEqual({ first: 0, last: 0 });
    });

    it('keeps the invariants: members must exist, ids are a user or a group, deleting a user drops its memberships', async () => {
      const { a, b } = stores;
      const ada = userRecord('ada');
      const team = groupRecord('Team');
      await a.transact(async (tx) => {
        await tx.putUser(ada);
        await tx.putGroup(team);
        await tx.addMembers(team.id, [{ value: ada.id }]);
      });
      const unknown = await rejection(
        a.transact(async (tx) => {
          await tx.putUser(userRecord('carol'));
          await tx.addMembers(team.id, [{ value: 'no-such-id' }]);
        }),
      );
      expect(unknown.code).toBe('invalid');
      expect(await b.findUserIdByUserName('carol')).toBeUndefined();
      expect((await rejection(a.transact((tx) => tx.putUser({ ...userRecord('x'), id: team.id })))).code).toBe(
        'invalid',
      );
      expect((await rejection(a.transact((tx) => tx.addMembers('no-such-group', [{ value: ada.id }])))).code).toBe(
        'invalid',
      );
      await a.transact((tx) => tx.deleteUser(ada.id));
      expect(await b.members(team.id)).toEqual([]);
      expect(await b.groupsOf(ada.id)).toEqual([]);
    });

    it('reads inside a transaction see its own writes', async () => {
      const ada = userRecord('ada');
      const team = groupRecord('Team');
      const seen = await stores.a.transact(async (tx) => {
        await tx.putUser(ada);
        await tx.putGroup(team);
        await tx.addMembers(team.id, [{ value: ada.id }]);
        await tx.putDoc('rules', 'r', { id: 'r' });
        return {
          user: await tx.getUser(ada.id),
          byName: await tx.findUserIdByUserName('ADA'),
          member: await tx.isMember(team.id, ada.id),
          rules: await tx.listDocs('rules'),
        };
      });
      expect(seen).toEqual({ user: ada, byName: ada.id, member: true, rules: [{ id: 'r' }] });
    });

    it('racing creates of one userName from two instances: one wins, the other gets a conflict', async () => {
      const { a, b } = stores;
      for (let round = 0; round < 5; round++) {
        const results = await Promise.allSettled([
          a.transact((tx) => tx.putUser(userRecord(`racer${round}@example.com`))),
          b.transact((tx) => tx.putUser(userRecord(`RACER${round}@example.com`))),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(failed.reason).toBeInstanceOf(StoreError);
        expect((failed.reason as StoreError).code).toBe('conflict');
      }
      expect((await a.listUsers({ offset: 0, limit: 100 })).total).toBe(5);
      const renamed = userRecord('someone-else');
      await a.transact((tx) => tx.putUser(renamed));
      expect(
        (await rejection(b.transact((tx) => tx.putUser(next(renamed, { userName: 'Racer0@example.com' }))))).code,
      ).toBe('conflict');
      expect(
        (await rejection(a.transact((tx) => tx.putGroup(groupRecord('G')).then(() => tx.putGroup(groupRecord('g'))))))
          .code,
      ).toBe('conflict');
    });

    it('concurrent member adds and removes on one group from two instances lose nothing, and versions agree', async () => {
      const { a, b } = stores;
      const team = groupRecord('Team');
      const users = Array.from({ length: 40 }, (_, i) => userRecord(`member${i}@example.com`));
      await a.transact(async (tx) => {
        for (const user of users) await tx.putUser(user);
        await tx.putGroup(team);
        await tx.addMembers(
          team.id,
          users.slice(0, 10).map((u) => ({ value: u.id })),
        ); // 0-9 are members to start with
      });
      // 30 transactions, alternating instances: add 10-39 one by one, remove 0-9, each bumping the group's version
      // through a read-modify-write of the group (what a SCIM PATCH does).
      const patch = (
        store: DirectoryStore,
        change: (tx: Parameters<Parameters<DirectoryStore['transact']>[0]>[0]) => Promise<void>,
      ) =>
        store.transact(async (tx) => {
          const group = (await tx.getGroup(team.id))!;
          await tx.putGroup(next(group, group.data));
          await change(tx);
        });
      await Promise.all([
        ...users.slice(10).map((user, i) => patch(i % 2 ? a : b, (tx) => tx.addMembers(team.id, [{ value: user.id }]))),
        ...users.slice(0, 10).map((user, i) => patch(i % 2 ? b : a, (tx) => tx.removeMembers(team.id, [user.id]))),
      ]);
      const members = (await a.members(team.id)).map((m) => m.value).sort();
      expect(members).toEqual(
        users
          .slice(10)
          .map((u) => u.id)
          .sort(),
      );
      expect((await b.members(team.id)).map((m) => m.value).sort()).toEqual(members);
      const [fromA, fromB] = [await a.getGroup(team.id), await b.getGroup(team.id)];
      expect(fromA!.meta.version).toBe(1 + 40);
      expect(fromB).toEqual(fromA);
    });
  });

  describe('events and committed changes', () => {
    it('events commit with their transaction, in per-resource order, with positions that mean the same on both instances', async () => {
      const { a, b } = stores;
      const ada = userRecord('ada');
      await a.transact(async (tx) => {
        await tx.putUser(ada);
        tx.emit([event(`user:${ada.id}`, { version: 1 })]);
      });
      // Concurrent read-modify-writes of one user from both instances, each emitting the version it wrote.
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? a : b).transact(async (tx) => {
            const user = (await tx.getUser(ada.id))!;
            const updated = next(user, { ...user.data, title: `t${i}` });
            await tx.putUser(updated);
            tx.emit([event(`user:${ada.id}`, { version: updated.meta.version })]);
          }),
        ),
      );
      const [feedA, feedB] = [await a.eventsAfter(0, 100), await b.eventsAfter(0, 100)];
      expect(feedB).toEqual(feedA);
      expect(feedA.map((e) => e.data.version)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
      expect(feedA.map((e) => e.pos)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
      expect(await b.eventsAfter(feedA[9]!.pos, 2)).toEqual(feedA.slice(10, 12));
      expect(await a.eventBounds()).toEqual({ first: 1, last: 13 });
      await b.pruneEvents(5);
      expect(await a.eventBounds()).toEqual({ first: 6, last: 13 });
      expect((await a.eventsAfter(0, 100)).map((e) => e.pos)).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    });

    it("a change committed on one instance reaches the other instance's subscribers, after it is durable, in commit order", async () => {
      const { a, b } = stores;
      const seen: CommittedChange[] = [];
      const subscriber: ChangeSubscriber = { change: (change) => void seen.push(change), resync: () => undefined };
      const unsubscribe = b.subscribe(subscriber);
      try {
        await a.transact((tx) => tx.putDoc('settings', 'general', { autoUserProvisioning: true }));
        const ada = userRecord('ada');
        await a.transact(async (tx) => {
          await tx.putUser(ada);
          tx.emit([event(`user:${ada.id}`, { version: 1 })]);
        });
        await until(() => seen.length >= 2, 'two changes on the other instance');
        expect(seen[0]!.summary).toEqual({
          users: [],
          groups: [],
          docs: [{ collection: 'settings', id: 'general' }],
          memberships: [],
        });
        expect(seen[1]!.summary).toEqual({ users: [ada.id], groups: [], docs: [], memberships: [] });
        expect(seen[1]!.events.map((e) => e.key)).toEqual([`user:${ada.id}`]);
        expect(seen[1]!.position).toBeGreaterThan(seen[0]!.position);
        // The settings change is visible on the other instance when its notification arrives.
        expect(await b.getDoc('settings', 'general')).toEqual({ autoUserProvisioning: true });
      } finally {
        unsubscribe();
      }
    });

    it("a transaction returns once this instance's subscribers have followed its change, in order, with its net membership changes", async () => {
      const { a } = stores;
      // A subscriber that follows asynchronously (as a cache re-reading what changed does).
      const followed: { position: number; memberships: unknown }[] = [];
      const unsubscribe = a.subscribe({
        change: async (change) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          followed.push({ position: change.position, memberships: change.summary.memberships });
        },
        resync: () => undefined,
      });
      try {
        const ada = userRecord('ada');
        const bob = userRecord('bob');
        const team = groupRecord('Team');
        await a.transact(async (tx) => {
          await tx.putUser(ada);
          await tx.putUser(bob);
          await tx.putGroup(team);
          await tx.addMembers(team.id, [{ value: ada.id }]);
        });
        expect(followed).toHaveLength(1);
        expect(followed[0]!.memberships).toEqual([{ groupId: team.id, added: [ada.id], removed: [] }]);
        await Promise.all([
          a.transact(async (tx) => {
            await tx.clearMembers(team.id);
            await tx.addMembers(team.id, [{ value: ada.id }, { value: bob.id }]);
          }),
          a.transact((tx) => tx.putDoc('settings', 'general', { x: 1 })),
        ]);
        expect(followed).toHaveLength(3);
        expect(followed.map((f) => f.position)).toEqual([...followed.map((f) => f.position)].sort((x, y) => x - y));
        expect(followed.map((f) => f.memberships)).toContainEqual([{ groupId: team.id, added: [bob.id], removed: [] }]);
      } finally {
        unsubscribe();
      }
    });

    it('event derivers see what a transaction changed (before and after, net membership changes) and their events commit with it', async () => {
      const { a, b } = stores;
      const seen: TransactionChanges[] = [];
      const stop = a.deriveEvents((changes) => {
        seen.push(changes);
        return changes.memberships.map((m) => event(`group:${m.groupId}`, { added: m.added, removed: m.removed }));
      });
      try {
        const ada = userRecord('ada');
        const bob = userRecord('bob');
        const team = groupRecord('Team');
        await a.transact(async (tx) => {
          await tx.putUser(ada);
          await tx.putUser(bob);
          await tx.putGroup(team);
          await tx.addMembers(team.id, [{ value: ada.id }]);
        });
        expect(seen[0]).toEqual({
          users: [
            { id: ada.id, before: undefined, after: ada },
            { id: bob.id, before: undefined, after: bob },
          ],
          groups: [{ id: team.id, before: undefined, after: team }],
          memberships: [{ groupId: team.id, added: [ada.id], removed: [] }],
          docs: [],
        });
        // A PUT of the members: clear and re-add. Only the real difference counts.
        await a.transact(async (tx) => {
          await tx.clearMembers(team.id);
          await tx.addMembers(team.id, [{ value: ada.id }, { value: bob.id }]);
        });
        expect(seen[1]!.memberships).toEqual([{ groupId: team.id, added: [bob.id], removed: [] }]);
        await a.transact(async (tx) => {
          await tx.removeMembers(team.id, [ada.id]);
          await tx.addMembers(team.id, [{ value: ada.id }]);
          await tx.removeMembers(team.id, [bob.id]);
        });
        expect(seen[2]!.memberships).toEqual([{ groupId: team.id, added: [], removed: [bob.id] }]);
        const feed = await b.eventsAfter(0, 10);
        expect(feed.map((e) => e.data)).toEqual([
          { added: [ada.id], removed: [] },
          { added: [bob.id], removed: [] },
          { added: [], removed: [bob.id] },
        ]);
      } finally {
        stop();
      }
    });
  });
});
