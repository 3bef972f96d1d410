/**
 * The bench's bulk seed (bench/bulk-seed.ts) must leave what the server's own write path leaves for the same
 * creates and member PATCHes, on both stores: the same records (attributes, versions, origin), the same
 * members in the same order, the same counts, a change feed that goes on the same way after it, and all of
 * it again after a restart. Each store is seeded twice, once through `Directory` (creates of 1,000 users per
 * transaction, members added 1,000 per PATCH, as the seed did before it was bulk) and once in bulk, and the
 * two are compared by userName and displayName (ids and times are the only things that differ).
 * Real stores: a data folder in a temp dir, a database on the test PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../bench/bulk-seed.js';
import { SEED_GROUP_SIZE, seedGroupCount, seedGroupName, userBody, userName } from '../../bench/seed-data.js';
import { Directory } from '../../server/directory/directory.js';
import { directoryEvents } from '../../server/events/directory-events.js';
import { sanitizeResource } from '../../server/scim/resources/sanitize.js';
import { groupResourceType, userResourceType } from '../../server/scim/schemas/index.js';
import type { DirectoryStore } from '../../server/store/directory-store.js';
import { EmbeddedDirectoryStore } from '../../server/store/embedded/embedded-directory-store.js';
import { openStore } from '../../server/store/index.js';
import { openPostgresStore } from '../../server/store/postgres/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { makeDataDir, removeDataDir } from '../helpers/store-fixtures.js';

const USERS = 6_000; // two seeded groups of 6,000 (the group size capped by the directory's)
const ORIGIN = 'token-of-the-seed';

/** The seed as it was before it was bulk: the server's write path, in transactions of 1,000. */
async function seedThroughWritePath(store: DirectoryStore): Promise<void> {
  store.deriveEvents(directoryEvents);
  const directory = new Directory(store);
  const ids: string[] = [];
  for (let from = 0; from < USERS; from += 1000) {
    const batch = Array.from(
      { length: Math.min(1000, USERS - from) },
      (_, k) => sanitizeResource(userBody(from + k), userResourceType).data,
    );
    for (const record of await directory.createUsers(batch, ORIGIN)) ids.push(record.id);
  }
  const groups = seedGroupCount(USERS);
  const half = Math.floor(USERS / groups);
  const size = Math.min(SEED_GROUP_SIZE, USERS);
  for (let g = 0; g < groups; g++) {
    const { data } = sanitizeResource(
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: seedGroupName(g), members: [] },
      groupResourceType,
    );
    const group = await directory.createGroup(data, [], ORIGIN);
    for (let start = 0; start < size; start += 1000) {
      const members = Array.from({ length: Math.min(1000, size - start) }, (_, k) => {
        const i = (g * half + start + k) % USERS;
        return { value: ids[i]!, display: userName(i) };
      });
      await directory.updateGroup(group.id, () => ({ members: [{ kind: 'add', members }] }));
    }
  }
}

/** Everything a reader sees, keyed by names instead of ids, without the times. */
async function contents(store: DirectoryStore): Promise<unknown> {
  const users = new Map<string, unknown>();
  const names = new Map<string, string>();
  for await (const page of store.walkUsers(1000)) {
    for (const record of page) {
      const withGroups = (await store.getUserWithGroups(record.id))!;
      names.set(record.id, String(record.data.userName));
      users.set(String(record.data.userName), {
        data: record.data,
        version: record.meta.version,
        origin: record.origin,
        groups: withGroups.groups.map((group) => group.displayName),
      });
    }
  }
  const groups = new Map<string, unknown>();
  const { records } = await store.listGroups({ offset: 0, limit: 100 });
  for (const group of records) {
    const members = await store.members(group.id);
    groups.set(String(group.data.displayName), {
      data: group.data,
      version: group.meta.version,
      origin: group.origin,
      members: members.map((member) => [names.get(member.value), member.type, member.display]),
    });
  }
  const firstPage = await store.listUsers({ offset: 0, limit: 5 });
  const byName = await store.findUserIdByUserName(userName(4321).toUpperCase());
  return {
    users: Object.fromEntries([...users].sort(([a], [b]) => a.localeCompare(b))),
    groups: Object.fromEntries(groups),
    counts: { users: await store.userCount(), groups: await store.groupCount() },
    firstPage: firstPage.records.map((record) => record.data.userName),
    total: firstPage.total,
    lookup: byName === undefined ? undefined : names.get(byName),
  };
}

/** A write after the seed, and what the change feed then says: the event the write made, whatever came before. */
async function writeAndReadFeed(store: DirectoryStore): Promise<unknown> {
  store.deriveEvents(directoryEvents);
  const before = (await store.eventBounds()).last;
  const directory = new Directory(store);
  const user = await directory.createUser(sanitizeResource(userBody(USERS), userResourceType).data, ORIGIN);
  const groupId = (await store.findGroupIdByDisplayName(seedGroupName(1)))!;
  await directory.updateGroup(groupId, () => ({ members: [{ kind: 'add', members: [{ value: user.id }] }] }));
  const events = await store.eventsAfter(before, 100);
  expect(events.map((event) => event.pos)).toEqual(events.map((_, k) => before + 1 + k));
  return events.map((event) => ({
    type: event.type,
    data: JSON.parse(
      JSON.stringify(event.data)
        .split(user.id)
        .join('<new>')
        .split(groupId)
        .join('<group>')
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>'),
    ) as unknown,
  }));
}

interface Backend {
  name: string;
  open(): Promise<DirectoryStore>;
  seedInBulk(): Promise<void>;
  dispose(): Promise<void>;
}

function folderBackend(): Backend {
  let dir = '';
  return {
    name: 'embedded',
    async open() {
      dir ||= await makeDataDir();
      return new EmbeddedDirectoryStore(await openStore(dir));
    },
    async seedInBulk() {
      dir ||= await makeDataDir();
      await seedDirectory({ data: dir, users: USERS, origin: ORIGIN });
    },
    dispose: () => removeDataDir(dir),
  };
}

function postgresBackend(): Backend {
  let database: TestDatabase | undefined;
  const url = async () => (database ??= await createTestDatabase()).url;
  return {
    name: 'PostgreSQL',
    open: async () => openPostgresStore(await url()),
    async seedInBulk() {
      await seedDirectory({ data: '', store: await url(), users: USERS, origin: ORIGIN });
    },
    dispose: async () => database?.drop(),
  };
}

describe.each([
  ['embedded', folderBackend],
  ['PostgreSQL', postgresBackend],
])('the bulk seed on the %s store', (_name, backend) => {
  const written = backend();
  const bulk = backend();
  let expected: unknown;

  beforeAll(async () => {
    const store = await written.open();
    try {
      await seedThroughWritePath(store);
      expected = await contents(store);
    } finally {
      await store.close();
    }
    await bulk.seedInBulk();
  }, 300_000);

  afterAll(async () => {
    await written.dispose();
    await bulk.dispose();
  });

  it('leaves the records, memberships and counts the write path leaves', async () => {
    const store = await bulk.open();
    try {
      const seen = (await contents(store)) as { counts: { users: number; groups: number } };
      expect(seen.counts).toEqual({ users: USERS, groups: 2 });
      expect(seen).toEqual(expected);
    } finally {
      await store.close();
    }
  }, 300_000);

  it('goes on after a restart as the written store does: same answers, same events for the next writes', async () => {
    const feeds: unknown[] = [];
    for (const seeded of [written, bulk]) {
      // Opened twice: the second open is the restart, and reads what the first wrote after the seed.
      const store = await seeded.open();
      try {
        feeds.push(await writeAndReadFeed(store));
      } finally {
        await store.close();
      }
      const reopened = await seeded.open();
      try {
        const user = (await reopened.findUserIdByUserName(userName(USERS)))!;
        const groups = (await reopened.getUserWithGroups(user))!.groups.map((group) => group.displayName);
        expect(groups).toEqual([seedGroupName(1)]);
        expect(await reopened.userCount()).toBe(USERS + 1);
      } finally {
        await reopened.close();
      }
    }
    expect(feeds[1]).toEqual(feeds[0]);
    expect(feeds[0]).toEqual([
      expect.objectContaining({ type: 'user.created' }),
      expect.objectContaining({ type: expect.stringMatching(/^group\./) as unknown }),
    ]);
  }, 300_000);
});
