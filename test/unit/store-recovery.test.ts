import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.js';
import type { Store } from '../../server/store/index.js';
import {
  folderContents,
  groupRecord,
  makeDataDir,
  modeOf,
  removeDataDir,
  userRecord,
} from '../helpers/store-fixtures.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await makeDataDir();
});
afterEach(async () => {
  await removeDataDir(dataDir);
});

/** Commits `count` users and stops without a final snapshot, as a crash would. */
async function journalOfUsers(count: number): Promise<Store> {
  const store = await openStore(dataDir, { fsync: false, compactOnClose: false });
  for (let i = 0; i < count; i++)
    await store.commit([{ op: 'putUser', record: userRecord(`user${i}@example.com`, {}, `id-${i}`) }]);
  await store.close();
  return store;
}

async function onlySegment(): Promise<string> {
  const names = await readdir(join(dataDir, 'journal'));
  expect(names).toHaveLength(1);
  return join(dataDir, 'journal', names[0] ?? '');
}

async function expectRefusal(code: string, mentions: string): Promise<void> {
  const before = await folderContents(dataDir);
  const error = await openStore(dataDir, { fsync: false }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toMatchObject({ name: 'StoreError', code });
  expect((error as Error).message).toContain(mentions);
  expect(await folderContents(dataDir)).toEqual(before);
}

describe('a crash during an append', () => {
  it('discards a torn last line, truncates it, and opens with everything before it', async () => {
    await journalOfUsers(3);
    const segment = await onlySegment();
    const complete = await readFile(segment);
    await appendFile(segment, '{"seq":4,"ops":[{"op":"putUser","rec');

    const store = await openStore(dataDir, { fsync: false });
    expect(store.userIds()).toEqual(['id-0', 'id-1', 'id-2']);
    expect(await readFile(segment)).toEqual(complete);
    await store.commit([{ op: 'putUser', record: userRecord('after@example.com', {}, 'id-after') }]);
    expect(store.stats().seq).toBe(4);
    await store.close();

    const reopened = await openStore(dataDir, { fsync: false });
    expect(reopened.userIds()).toEqual(['id-0', 'id-1', 'id-2', 'id-after']);
    await reopened.close();
  });
  it('also discards a tail of zero bytes, as a power loss can leave after an unsynced append', async () => {
    await journalOfUsers(2);
    const segment = await onlySegment();
    const complete = await readFile(segment);
    await appendFile(segment, Buffer.alloc(512));
    const store = await openStore(dataDir, { fsync: false });
    expect(store.userCount()).toBe(2);
    expect(await readFile(segment)).toEqual(complete);
    await store.close();
  });
});

describe('a crash during a compaction', () => {
  it('opens after the snapshot was written but before the old segment was deleted, and keeps going', async () => {
    await journalOfUsers(3);
    const segment = await onlySegment();
    const oldSegment = await readFile(segment);
    const store = await openStore(dataDir, { fsync: false, compactOnClose: false });
    await store.compact();
    await store.close();
    await writeFile(segment, oldSegment); // as if the crash came before the deletion

    const reopened = await openStore(dataDir, { fsync: false, compactOnClose: false });
    expect(reopened.userIds()).toEqual(['id-0', 'id-1', 'id-2']);
    await reopened.commit([{ op: 'putUser', record: userRecord('next@example.com', {}, 'id-next') }]);
    await reopened.close();
    expect(await readdir(join(dataDir, 'journal'))).toEqual(['0000000000000004.jsonl']);

    const again = await openStore(dataDir, { fsync: false });
    expect(again.userIds()).toEqual(['id-0', 'id-1', 'id-2', 'id-next']);
    await again.close();
  });
});

describe('damaged or foreign files are refused and left byte-identical', () => {
  it('refuses an unparsable line in the middle of the journal, naming the file and line', async () => {
    await journalOfUsers(3);
    const segment = await onlySegment();
    const lines = (await readFile(segment, 'utf8')).split('\n');
    lines[1] = '{"seq":2,"ops":[garbage';
    await writeFile(segment, lines.join('\n'));
    await expectRefusal('corrupt', `${segment} line 2`);
  });

  it('refuses a journal with a missing transaction', async () => {
    await journalOfUsers(3);
    const segment = await onlySegment();
    const lines = (await readFile(segment, 'utf8')).split('\n');
    lines.splice(1, 1);
    await writeFile(segment, lines.join('\n'));
    await expectRefusal('corrupt', 'a transaction is missing');
  });

  it('refuses an unparsable snapshot', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'directory.json'), '{"format":"scim-desk","schemaVersion":1,"seq":0,"users":[');
    await expectRefusal('corrupt', join(dataDir, 'directory.json'));
  });

  it('refuses a snapshot that is JSON but not ours', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'directory.json'), JSON.stringify({ users: [], posts: [] }));
    await expectRefusal('corrupt', 'document.format');
  });

  it('refuses a snapshot from a newer version', async () => {
    const store = await openStore(dataDir, { fsync: false });
    await store.commit([{ op: 'putUser', record: userRecord('zoe@example.com') }]);
    await store.close();
    const path = join(dataDir, 'directory.json');
    const document = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...document, schemaVersion: 3 }));
    await expectRefusal('newer-version', 'schema version 3');
  });
});

describe('migrating an older snapshot', () => {
  it('migrates a v0 file forward and keeps the original as directory.json.v0.bak', async () => {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const user = userRecord('legacy@example.com', {}, 'legacy-user');
    const group = groupRecord('Legacy Group', {}, 'legacy-group');
    const v0 = JSON.stringify({
      format: 'scim-desk',
      schemaVersion: 0,
      users: [user],
      groups: [{ ...group, members: [{ value: user.id, type: 'User' }] }],
      settings: { autoProvisioning: { is_enabled: false } },
    });
    const path = join(dataDir, 'directory.json');
    await writeFile(path, v0);

    const store = await openStore(dataDir, { fsync: false });
    expect(store.getUser(user.id)).toEqual(user);
    expect(store.getGroup(group.id)).toEqual(group);
    expect([...store.members(group.id).keys()]).toEqual([user.id]);
    expect(store.getDoc('settings', 'autoProvisioning')).toEqual({ is_enabled: false });
    await store.close();

    expect(await readFile(`${path}.v0.bak`, 'utf8')).toBe(v0);
    expect(await modeOf(`${path}.v0.bak`)).toBe(0o600);
    const migrated = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(migrated).toMatchObject({
      format: 'scim-desk',
      schemaVersion: 2,
      events: [],
      lastEventPos: 0,
      memberships: { [group.id]: [{ value: user.id }] },
    });
  });
});
