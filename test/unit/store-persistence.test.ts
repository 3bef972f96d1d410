import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.js';
import type { Store } from '../../server/store/index.js';
import { StoreError } from '../../server/store/types.js';
import { groupRecord, makeDataDir, modeOf, removeDataDir, userRecord } from '../helpers/store-fixtures.js';

let dataDir: string;
const open: Store[] = [];

async function openFresh(options: Parameters<typeof openStore>[1] = {}): Promise<Store> {
  const store = await openStore(dataDir, { fsync: false, ...options });
  open.push(store);
  return store;
}

beforeEach(async () => {
  dataDir = await makeDataDir();
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.close().catch(() => undefined);
  await removeDataDir(dataDir);
});

describe('a store survives a restart', () => {
  it('keeps users, groups, memberships and documents, in creation order, across a reopen', async () => {
    const store = await openFresh();
    const alice = userRecord('alice@example.com', { externalId: 'ext-a' });
    const bob = userRecord('bob@example.com');
    const admins = groupRecord('Clumio Admins', { externalId: 'ext-g' });
    await store.commit([{ op: 'putUser', record: alice }]);
    await store.commit([{ op: 'putUser', record: bob }]);
    await store.commit([
      { op: 'putGroup', record: admins },
      {
        op: 'addMembers',
        groupId: admins.id,
        members: [
          { value: bob.id, type: 'User' },
          { value: alice.id, display: 'Alice' },
        ],
      },
    ]);
    await store.commit([{ op: 'putDoc', collection: 'settings', id: 'autoProvisioning', doc: { is_enabled: true } }]);
    await store.close();

    const reopened = await openFresh();
    expect(reopened.userIds()).toEqual([alice.id, bob.id]);
    expect(reopened.getUser(alice.id)).toEqual(alice);
    expect(reopened.findUserIdByUserName('ALICE@example.COM')).toBe(alice.id);
    expect(reopened.findUserIdsByExternalId('ext-a')).toEqual([alice.id]);
    expect(reopened.findGroupIdByDisplayName('clumio admins')).toBe(admins.id);
    expect(reopened.findGroupIdsByExternalId('ext-g')).toEqual([admins.id]);
    expect([...reopened.members(admins.id).values()]).toEqual([
      { value: bob.id, type: 'User' },
      { value: alice.id, display: 'Alice' },
    ]);
    expect([...reopened.groupIdsOfMember(bob.id)]).toEqual([admins.id]);
    expect(reopened.getDoc('settings', 'autoProvisioning')).toEqual({ is_enabled: true });
  });

  it('replays the journal in commit order when there was no clean close', async () => {
    const store = await openFresh({ compactOnClose: false });
    const user = userRecord('carol@example.com');
    await store.commit([{ op: 'putUser', record: user }]);
    for (let version = 2; version <= 5; version++) {
      await store.commit([
        {
          op: 'putUser',
          record: { ...user, meta: { ...user.meta, version }, data: { ...user.data, title: `v${version}` } },
        },
      ]);
    }
    await store.commit([{ op: 'putDoc', collection: 'rules', id: 'r1', doc: { name: 'first' } }]);
    await store.commit([{ op: 'deleteDoc', collection: 'rules', id: 'r1' }]);
    await store.close();
    expect(await readdir(join(dataDir))).not.toContain('directory.json');

    const reopened = await openFresh();
    expect(reopened.getUser(user.id)?.meta.version).toBe(5);
    expect(reopened.getUser(user.id)?.data.title).toBe('v5');
    expect(reopened.listDocs('rules')).toEqual([]);
    expect(reopened.stats().seq).toBe(7);
  });

  it('writes a snapshot on close so the next start reads one file, and the journal is emptied', async () => {
    const store = await openFresh();
    await store.commit([{ op: 'putUser', record: userRecord('dave@example.com') }]);
    await store.close();
    const snapshot = JSON.parse(await readFile(join(dataDir, 'directory.json'), 'utf8')) as Record<string, unknown>;
    expect(snapshot).toMatchObject({ format: 'scim-desk', schemaVersion: 2, seq: 1 });
    expect(await readdir(join(dataDir, 'journal'))).toEqual([]);
  });

  it('creates the data folder 0700 and every file 0600', async () => {
    const store = await openFresh({ fsync: true });
    await store.commit([{ op: 'putUser', record: userRecord('erin@example.com') }]);
    const [segment] = await readdir(join(dataDir, 'journal'));
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(join(dataDir, 'journal'))).toBe(0o700);
    expect(await modeOf(join(dataDir, 'journal', segment ?? 'missing'))).toBe(0o600);
    await store.close();
    expect(await modeOf(join(dataDir, 'directory.json'))).toBe(0o600);
  });
});

describe('transactions are all or nothing', () => {
  it('applies every op of a transaction together', async () => {
    const store = await openFresh();
    const user = userRecord('frank@example.com');
    const group = groupRecord('Backup Team');
    const seen: number[] = [];
    store.onCommit((ops) => seen.push(ops.length));
    const done = store.commit([
      { op: 'putUser', record: user },
      { op: 'putGroup', record: group },
      { op: 'addMembers', groupId: group.id, members: [{ value: user.id }] },
    ]);
    // Applied in memory before the write is durable, and listeners have run.
    expect(store.members(group.id).has(user.id)).toBe(true);
    expect(seen).toEqual([3]);
    await done;
  });

  it('rejects a transaction with one bad op and leaves memory and disk unchanged', async () => {
    const store = await openFresh();
    const group = groupRecord('Helpdesk');
    await store.commit([{ op: 'putGroup', record: group }]);
    const before = store.stats().seq;
    const ghost = userRecord('ghost@example.com');
    const attempt = store.commit([
      { op: 'putUser', record: ghost },
      { op: 'addMembers', groupId: group.id, members: [{ value: 'no-such-user' }] },
    ]);
    await expect(attempt).rejects.toMatchObject({ name: 'StoreError', code: 'invalid' });
    expect(store.getUser(ghost.id)).toBeUndefined();
    expect(store.findUserIdByUserName('ghost@example.com')).toBeUndefined();
    expect(store.members(group.id).size).toBe(0);
    expect(store.stats().seq).toBe(before);
  });

  it('refuses deletes of unknown ids and values that are not JSON', async () => {
    const store = await openFresh();
    await expect(store.commit([{ op: 'deleteUser', id: 'nobody' }])).rejects.toBeInstanceOf(StoreError);
    await expect(store.commit([{ op: 'deleteGroup', id: 'nothing' }])).rejects.toBeInstanceOf(StoreError);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(
      store.commit([{ op: 'putDoc', collection: 'settings', id: 'x', doc: circular }]),
    ).rejects.toMatchObject({ code: 'invalid' });
    expect(store.stats().seq).toBe(0);
  });

  it('stores its own frozen copy, so callers cannot change stored data without a commit', async () => {
    const store = await openFresh();
    const user = userRecord('gina@example.com', { emails: [{ value: 'gina@example.com' }] });
    await store.commit([{ op: 'putUser', record: user }]);
    user.data.userName = 'changed@example.com';
    const stored = store.getUser(user.id);
    expect(stored?.data.userName).toBe('gina@example.com');
    expect(() => {
      (stored?.data.emails as Array<{ value: string }>)[0]!.value = 'x';
    }).toThrow(TypeError);
  });

  it('rejects commits after close', async () => {
    const store = await openFresh();
    await store.close();
    await expect(store.commit([{ op: 'putUser', record: userRecord('late@example.com') }])).rejects.toMatchObject({
      code: 'closed',
    });
  });
});

describe('indexes stay consistent', () => {
  it('follows renames of userName, displayName and externalId', async () => {
    const store = await openFresh();
    const user = userRecord('old@example.com', { externalId: 'e1' });
    const group = groupRecord('Old Name');
    await store.commit([
      { op: 'putUser', record: user },
      { op: 'putGroup', record: group },
    ]);
    await store.commit([
      { op: 'putUser', record: { ...user, data: { ...user.data, userName: 'new@example.com', externalId: 'e2' } } },
      { op: 'putGroup', record: { ...group, data: { ...group.data, displayName: 'New Name' } } },
    ]);
    expect(store.findUserIdByUserName('old@example.com')).toBeUndefined();
    expect(store.findUserIdByUserName('NEW@example.com')).toBe(user.id);
    expect(store.findUserIdsByExternalId('e1')).toEqual([]);
    expect(store.findUserIdsByExternalId('e2')).toEqual([user.id]);
    expect(store.findGroupIdByDisplayName('old name')).toBeUndefined();
    expect(store.findGroupIdByDisplayName('new name')).toBe(group.id);
    expect(store.userIds()).toEqual([user.id]); // a replace keeps the creation-order position
  });

  it('finds every record that shares an externalId, and forgets each one as it goes', async () => {
    const store = await openFresh();
    const a = userRecord('a@example.com', { externalId: 'shared' });
    const b = userRecord('b@example.com', { externalId: 'shared' });
    const c = userRecord('c@example.com', { externalId: 'shared' });
    await store.commit([
      { op: 'putUser', record: a },
      { op: 'putUser', record: b },
      { op: 'putUser', record: c },
    ]);
    expect([...store.findUserIdsByExternalId('shared')].sort()).toEqual([a.id, b.id, c.id].sort());
    await store.commit([{ op: 'putUser', record: a }]); // a replace keeps it indexed once
    await store.commit([{ op: 'deleteUser', id: b.id }]);
    expect([...store.findUserIdsByExternalId('shared')].sort()).toEqual([a.id, c.id].sort());
    await store.commit([{ op: 'putUser', record: { ...c, data: { ...c.data, externalId: 'own' } } }]);
    expect(store.findUserIdsByExternalId('shared')).toEqual([a.id]);
    expect(store.findUserIdsByExternalId('own')).toEqual([c.id]);
    await store.commit([{ op: 'deleteUser', id: a.id }]);
    expect(store.findUserIdsByExternalId('shared')).toEqual([]);
    await store.close();
  });

  it('drops a deleted user or group from every group it was a member of', async () => {
    const store = await openFresh();
    const user = userRecord('henry@example.com');
    const inner = groupRecord('Inner');
    const outer = groupRecord('Outer');
    await store.commit([
      { op: 'putUser', record: user },
      { op: 'putGroup', record: inner },
      { op: 'putGroup', record: outer },
      { op: 'addMembers', groupId: inner.id, members: [{ value: user.id }] },
      { op: 'addMembers', groupId: outer.id, members: [{ value: user.id }, { value: inner.id, type: 'Group' }] },
    ]);
    await store.commit([{ op: 'deleteUser', id: user.id }]);
    expect(store.members(inner.id).size).toBe(0);
    expect([...store.members(outer.id).keys()]).toEqual([inner.id]);
    expect(store.groupIdsOfMember(user.id).size).toBe(0);
    await store.commit([{ op: 'deleteGroup', id: inner.id }]);
    expect(store.members(outer.id).size).toBe(0);
    expect(store.groupIds()).toEqual([outer.id]);
    expect(store.findUserIdByUserName('henry@example.com')).toBeUndefined();
  });

  it('serves userIds() from a cache that follows inserts and deletes', async () => {
    const store = await openFresh();
    const a = userRecord('a@example.com');
    const b = userRecord('b@example.com');
    await store.commit([
      { op: 'putUser', record: a },
      { op: 'putUser', record: b },
    ]);
    const first = store.userIds();
    expect(store.userIds()).toBe(first);
    await store.commit([{ op: 'deleteUser', id: a.id }]);
    expect(store.userIds()).toEqual([b.id]);
    expect(store.userCount()).toBe(1);
  });
});
