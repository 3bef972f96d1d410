/**
 * What only the PostgreSQL backend has: migrations applied at start by several nodes at once, and a database
 * that goes away (a silent network, a refusing server, connections killed by the server) and comes back.
 * Real PostgreSQL (test/setup/postgres-cluster.ts); the faults come from a TCP proxy on loopback in front of it.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommittedChange } from '../../server/store/directory-store.js';
import { migrate, MIGRATIONS, openPostgresStore } from '../../server/store/postgres/index.js';
import { StoreError } from '../../server/store/types.js';
import { Directory } from '../../server/directory/directory.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { groupRecord, userRecord } from '../helpers/store-fixtures.js';
import { startTcpFaultProxy, type TcpFaultProxy } from '../helpers/tcp-fault-proxy.js';

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a rejection');
}

describe('migrations', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('four nodes starting at once on an empty database apply each migration exactly once', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const connections = Array.from({ length: 4 }, () => postgres(database.url, { max: 1, onnotice: () => undefined }));
    try {
      const applied = await Promise.all(connections.map((sql) => migrate(sql)));
      // Exactly one node applied each migration; the others found it applied.
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
      const rows = await connections[0]!`SELECT version FROM scim_desk_migrations ORDER BY version`;
      expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((m) => m.version));
      // Opening a store on the migrated database applies nothing and works.
      const store = await openPostgresStore(database.url);
      await store.transact((tx) => tx.putUser(userRecord('ada')));
      expect(await store.findUserIdByUserName('ADA')).toBeDefined();
      await store.close();
    } finally {
      await Promise.all(connections.map((sql) => sql.end()));
    }
  });

  it('refuses a database that a newer SCIM Desk migrated, and changes nothing in it', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
    try {
      await migrate(sql);
      await sql`INSERT INTO scim_desk_migrations (version, name) VALUES (999, 'from the future')`;
      const error = await storeError(openPostgresStore(database.url));
      expect(error.code).toBe('newer-version');
      expect(error.message).toMatch(/schema version 999/);
      const [row] = await sql`SELECT count(*)::int AS n FROM scim_desk_migrations`;
      expect(row!.n).toBe(MIGRATIONS.length + 1);
    } finally {
      await sql.end();
    }
  });
});

describe('the database going away', () => {
  let database: TestDatabase;
  let proxy: TcpFaultProxy;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await startTcpFaultProxy(database.info.host, database.info.port);
  });
  afterAll(async () => {
    await proxy.close();
    await database.drop();
  });

  it('a silent network: every call fails with `unavailable` within its bound; back, the same store works again and catches up', async () => {
    const other = await openPostgresStore(database.url); // a second node with a working network
    const store = await openPostgresStore(database.urlVia('127.0.0.1', proxy.port), {
      queryTimeoutMs: 1_000,
      transactionTimeoutMs: 2_000,
      connectTimeoutSeconds: 1,
      pollIntervalMs: 100,
    });
    const seen: CommittedChange[] = [];
    store.subscribe({ change: (change) => void seen.push(change), resync: () => undefined });
    try {
      const ada = userRecord('ada');
      await store.transact((tx) => tx.putUser(ada));
      await proxy.setMode('blackhole');
      const started = Date.now();
      expect((await storeError(store.getUser(ada.id))).code).toBe('unavailable');
      expect((await storeError(store.transact((tx) => tx.putUser(userRecord('bob'))))).code).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(8_000); // bounded: one query bound plus one transaction bound, with room
      // Meanwhile another node commits a change.
      await other.transact((tx) => tx.putDoc('settings', 'general', { autoUserProvisioning: true }));
      await proxy.setMode('pass');
      await until(
        async () => (await store.getUser(ada.id).catch(() => undefined)) !== undefined,
        'the store to answer again',
      );
      await until(
        () => seen.some((change) => change.summary.docs.some((doc) => doc.id === 'general')),
        'the missed change to be delivered',
      );
      expect(await store.getDoc('settings', 'general')).toEqual({ autoUserProvisioning: true });
    } finally {
      await proxy.setMode('pass');
      await store.close();
      await other.close();
    }
  });

  it('a refusing server: calls fail fast with `unavailable`; nothing acknowledged is lost; reconnects by itself', async () => {
    const store = await openPostgresStore(database.urlVia('127.0.0.1', proxy.port), {
      queryTimeoutMs: 1_000,
      connectTimeoutSeconds: 1,
    });
    try {
      const acknowledged = userRecord('carol');
      await store.transact((tx) => tx.putUser(acknowledged));
      await proxy.setMode('refuse');
      expect((await storeError(store.findUserIdByUserName('carol'))).code).toBe('unavailable');
      await proxy.setMode('pass');
      await until(
        async () => (await store.findUserIdByUserName('carol').catch(() => undefined)) === acknowledged.id,
        'the store to reconnect',
      );
    } finally {
      await proxy.setMode('pass');
      await store.close();
    }
  });

  it('connections killed by the server (a restart, a failover): the store reconnects and goes on', async () => {
    const store = await openPostgresStore(database.url, { queryTimeoutMs: 2_000 });
    const admin = postgres(database.url, { max: 1, onnotice: () => undefined });
    try {
      const dave = userRecord('dave');
      await store.transact((tx) => tx.putUser(dave));
      const killed =
        await admin`SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = 'scim-desk' AND datname = ${database.name}`;
      expect(killed.length).toBeGreaterThan(0);
      // A call may meet a connection the server just closed: that is `unavailable`, never a hang or another error.
      await until(async () => {
        try {
          return (await store.getUser(dave.id))?.id === dave.id;
        } catch (error) {
          expect(error).toBeInstanceOf(StoreError);
          expect((error as StoreError).code).toBe('unavailable');
          return false;
        }
      }, 'the store to reconnect');
      await store.transact((tx) => tx.putUser(userRecord('erin')));
      expect(await store.findUserIdByUserName('erin')).toBeDefined();
      // Member adds and removes send text[] parameters: the array types read by the first connection still
      // serve the connections opened since (they are not read again).
      const team = groupRecord('Team');
      await store.transact(async (tx) => {
        await tx.putGroup(team);
        await tx.addMembers(team.id, [{ value: dave.id }]);
      });
      await store.transact((tx) => tx.removeMembers(team.id, [dave.id]));
      expect(await store.members(team.id)).toEqual([]);
    } finally {
      await admin.end();
      await store.close();
    }
  });
});

describe('a clean close', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('a store closed while its transactions still follow their changes logs nothing alarming, and loses nothing', async () => {
    const lines: string[] = [];
    const store = await openPostgresStore(database.url, { log: (line) => lines.push(line) });
    // Not awaited, as a token's last-use write is not: the close meets them committing and following.
    const writes = Array.from({ length: 10 }, (_, i) =>
      store.transact((tx) => tx.putUser(userRecord(`closing${i}`))).catch((error: unknown) => error),
    );
    await new Promise((resolve) => setImmediate(resolve));
    await store.close();
    const outcomes = await Promise.all(writes);
    expect(lines).toEqual([]);
    // The close let them finish: each was acknowledged, and is there.
    expect(outcomes).toEqual(outcomes.map(() => undefined));
    const reopened = await openPostgresStore(database.url);
    try {
      for (const [i, outcome] of outcomes.entries())
        if (outcome === undefined) expect(await reopened.findUserIdByUserName(`closing${i}`)).toBeDefined();
    } finally {
      await reopened.close();
    }
  });
});

describe('member batches to one group from two nodes', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('lose no member, and each batch gets a version of its own (the group is locked last)', async () => {
    const stores = [await openPostgresStore(database.url), await openPostgresStore(database.url)];
    try {
      const [one, two] = stores.map((store) => new Directory(store)) as [Directory, Directory];
      const group = await one.createGroup({ displayName: 'Engineering' }, []);
      const users = await one.createUsers(Array.from({ length: 120 }, (_, i) => ({ userName: `batch-${i}` })));
      // 12 batches of 10, half through each node, all at once.
      const batches = Array.from({ length: 12 }, (_, b) => users.slice(b * 10, b * 10 + 10));
      const written = await Promise.all(
        batches.map((batch, b) =>
          (b % 2 === 0 ? one : two).updateGroup(group.id, () => ({
            members: [{ kind: 'add', members: batch.map((user) => ({ value: user.id })) }],
          })),
        ),
      );
      const versions = written.map((record) => record.meta.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
      // Both nodes read the same group: every member, the last version.
      for (const store of stores) {
        const members = await store.members(group.id);
        expect(new Set(members.map((member) => member.value))).toEqual(new Set(users.map((user) => user.id)));
        expect((await store.getGroup(group.id))!.meta.version).toBe(13);
      }
      // The group's attributes are as they were; lastModified is the last batch's.
      const stored = (await stores[1]!.getGroup(group.id))!;
      expect(stored.data).toEqual(group.data);
      expect(stored.meta.lastModified).toBe(written.find((record) => record.meta.version === 13)!.meta.lastModified);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('checks If-Match on the version it replaces, even when another batch came in between', async () => {
    const store = await openPostgresStore(database.url);
    try {
      const directory = new Directory(store);
      const group = await directory.createGroup({ displayName: 'Sales' }, []);
      const [ada, bob] = await directory.createUsers([{ userName: 'if-match-ada' }, { userName: 'if-match-bob' }]);
      // A store whose transactions start only once another batch to the group has committed: the batch lands
      // between the change's first look (version 1) and its transaction locking the group (version 2).
      const other = () =>
        directory.updateGroup(group.id, () => ({ members: [{ kind: 'add', members: [{ value: bob!.id }] }] }));
      const late = new Proxy(store, {
        get: (target, key) =>
          key === 'transact'
            ? async (work: Parameters<typeof store.transact>[0]) => {
                await other();
                return target.transact(work);
              }
            : Reflect.get(target, key),
      });
      const seen: number[] = [];
      const refused = new Directory(late).updateGroup(group.id, (current) => {
        seen.push(current.meta.version);
        if (current.meta.version !== 1) throw new Error(`precondition failed: version ${current.meta.version}`);
        return { members: [{ kind: 'add', members: [{ value: ada!.id }] }] };
      });
      await expect(refused).rejects.toThrow(/precondition failed: version 2/);
      expect(seen).toEqual([1, 2]);
      // Nothing of the refused change was written.
      expect((await store.members(group.id)).map((member) => member.value)).toEqual([bob!.id]);
      expect((await store.getGroup(group.id))!.meta.version).toBe(2);
    } finally {
      await store.close();
    }
  });

  it("answers not-found when the group is deleted between a member batch's first look and its transaction", async () => {
    const store = await openPostgresStore(database.url);
    try {
      const directory = new Directory(store);
      const group = await directory.createGroup({ displayName: 'Gone' }, []);
      const [ada] = await directory.createUsers([{ userName: 'deleted-group-ada' }]);
      // A store whose transactions start only once the group has been deleted by another writer.
      const late = new Proxy(store, {
        get: (target, key) =>
          key === 'transact'
            ? async (work: Parameters<typeof store.transact>[0]) => {
                await directory.deleteGroup(group.id);
                return target.transact(work);
              }
            : Reflect.get(target, key),
      });
      const batch = new Directory(late).updateGroup(group.id, () => ({
        members: [{ kind: 'add', members: [{ value: ada!.id }] }],
      }));
      await expect(batch).rejects.toMatchObject({ code: 'not-found' });
      expect(await store.getGroup(group.id)).toBeUndefined();
      expect(await store.groupsOf(ada!.id)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('indexes', () => {
  it('has no trigram index on lastModified (version 4), and a substring filter on it still answers', async () => {
    const database = await createTestDatabase();
    const store = await openPostgresStore(database.url);
    const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
    try {
      const indexes = await sql<{ indexname: string }[]>`
        SELECT indexname FROM pg_indexes WHERE tablename IN ('scim_desk_users', 'scim_desk_groups') ORDER BY indexname`;
      const names = indexes.map((row) => row.indexname);
      expect(names).not.toContain('scim_desk_users_last_modified_trgm');
      expect(names).not.toContain('scim_desk_groups_last_modified_trgm');
      expect(names).toContain('scim_desk_users_last_modified');
      expect(names).toContain('scim_desk_users_user_name_trgm');
      await store.transact(async (tx) => {
        await tx.putUser(userRecord('dec', {}, 'u-dec'));
        await tx.putUser({
          ...userRecord('jan', {}, 'u-jan'),
          meta: { created: '2026-01-05T00:00:00.000Z', lastModified: '2026-01-05T00:00:00.000Z', version: 1 },
        });
      });
      const page = await store.listUsers({
        where: {
          kind: 'compare',
          field: { kind: 'lastModified' },
          op: 'co',
          value: '01-05',
          type: 'string',
          caseExact: false,
        },
        offset: 0,
        limit: 10,
      });
      expect(page.records.map((record) => record.id)).toEqual(['u-jan']);
      expect(page.total).toBe(1);
    } finally {
      await sql.end();
      await store.close();
      await database.drop();
    }
  });
});
