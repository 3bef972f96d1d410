import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../server/store/index.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { groupRecord, makeDataDir, removeDataDir, userRecord } from '../helpers/store-fixtures.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await makeDataDir();
});
afterEach(async () => {
  await removeDataDir(dataDir);
});

describe('group commit', () => {
  it('makes 100 concurrent commits durable with far fewer fdatasyncs', async () => {
    const store = await openStore(dataDir, { fsync: true });
    const commits = Array.from({ length: 100 }, (_, i) =>
      store.commit([{ op: 'putUser', record: userRecord(`concurrent${i}@example.com`) }]),
    );
    await Promise.all(commits);
    const { journalSyncs, durableSeq } = store.stats();
    expect(durableSeq).toBe(100);
    expect(journalSyncs).toBeGreaterThan(0);
    expect(journalSyncs).toBeLessThanOrEqual(5);
    await store.close();
  });

  it('batches commits that arrive while a write is in flight into the next write', async () => {
    const store = await openStore(dataDir, { fsync: true, compactOnClose: false });
    const first = store.commit([{ op: 'putUser', record: userRecord('first@example.com') }]);
    // The first batch leaves on the next turn of the event loop; these arrive during its write.
    await new Promise((resolve) => setImmediate(resolve));
    const later = Array.from({ length: 20 }, (_, i) =>
      store.commit([{ op: 'putUser', record: userRecord(`later${i}@example.com`) }]),
    );
    await Promise.all([first, ...later]);
    expect(store.stats().journalBatches).toBeLessThanOrEqual(3);
    await store.close();
  });

  it('serialises concurrent membership changes to one group without losing any', async () => {
    const store = await openStore(dataDir, { fsync: false });
    const group = groupRecord('Everyone');
    const users = Array.from({ length: 50 }, (_, i) => userRecord(`member${i}@example.com`));
    await store.commit([
      { op: 'putGroup', record: group },
      ...users.map((record) => ({ op: 'putUser' as const, record })),
    ]);
    await Promise.all(
      users.map((user) => store.commit([{ op: 'addMembers', groupId: group.id, members: [{ value: user.id }] }])),
    );
    await store.close();
    const reopened = await openStore(dataDir, { fsync: false });
    expect(reopened.members(group.id).size).toBe(50);
    await reopened.close();
  });
});

describe('compaction', () => {
  it('compacts while writes keep flowing: nothing is lost and old segments are removed', async () => {
    const store = await openStore(dataDir, {
      fsync: true,
      compactAtBytes: 8 * 1024,
      compactAtSnapshotRatio: 0,
      compactOnClose: false,
    });
    const ids: string[] = [];
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      for (let i = 0; i < 100; i++) {
        const record = userRecord(`w${writer}-${i}@example.com`, { title: 'x'.repeat(100) });
        ids.push(record.id);
        await store.commit([{ op: 'putUser', record }]);
      }
    });
    await Promise.all(writers);
    const stats = store.stats();
    expect(stats.compactions).toBeGreaterThanOrEqual(2);
    expect(stats.snapshotSeq).toBeGreaterThan(0);
    expect(stats.journalBytes).toBeLessThan(3 * 8 * 1024);
    await store.close();

    const segments = await readdir(join(dataDir, 'journal'));
    expect(segments.length).toBeLessThanOrEqual(2);
    const reopened = await openStore(dataDir, { fsync: false });
    expect(reopened.userCount()).toBe(400);
    expect(reopened.userIds()).toEqual(ids);
    await reopened.close();
  });

  it('lets the journal grow as large as the snapshot before compacting again', async () => {
    const store = await openStore(dataDir, { fsync: false, compactAtBytes: 1024, compactOnClose: false });
    for (let i = 0; i < 100; i++)
      await store.commit([{ op: 'putUser', record: userRecord(`base${i}@example.com`, { title: 'x'.repeat(100) }) }]);
    await store.compact();
    const { snapshotBytes, compactions } = store.stats();
    expect(snapshotBytes).toBeGreaterThan(10 * 1024);
    // Journal well past compactAtBytes but short of the snapshot's size: no compaction yet.
    let i = 0;
    while (store.stats().journalBytes < snapshotBytes / 2)
      await store.commit([{ op: 'putUser', record: userRecord(`more${i++}@example.com`) }]);
    expect(store.stats().compactions).toBe(compactions);
    while (store.stats().compactions === compactions && i < 10_000)
      await store.commit([{ op: 'putUser', record: userRecord(`more${i++}@example.com`) }]);
    expect(store.stats().compactions).toBe(compactions + 1);
    await store.close();
  });

  it('waits for a quiet moment to compact, unless the journal reaches twice the threshold', async () => {
    // The quiet moment is measured on a clock the test moves: commits "keep coming" because no time passes.
    const clock = new ManualClock();
    const store = await openStore(dataDir, {
      fsync: false,
      compactAtBytes: 4 * 1024,
      compactAtSnapshotRatio: 0,
      compactWhenQuietMs: 150,
      compactOnClose: false,
      timers: clock,
    });
    let i = 0;
    const commitOne = () =>
      store.commit([{ op: 'putUser', record: userRecord(`q${i++}@example.com`, { title: 'x'.repeat(100) }) }]);
    while (store.stats().journalBytes < 5 * 1024) await commitOne();
    expect(store.stats().compactions).toBe(0); // due, but commits keep coming
    expect(clock.timersPending).toBe(1); // the check for a quiet moment
    clock.advance(149);
    expect(store.stats().compactions).toBe(0); // not quiet for long enough yet
    clock.advance(1);
    await vi.waitFor(() => expect(store.stats().compactions).toBe(1), { timeout: 10_000 }); // the quiet moment came
    // A steady stream past twice the threshold compacts without waiting.
    while (store.stats().journalBytes < 9 * 1024 && store.stats().compactions === 1) await commitOne();
    while (store.stats().compactions === 1 && store.stats().journalBytes < 12 * 1024) await commitOne();
    expect(store.stats().compactions).toBe(2);
    await store.close();
  });

  it('compacts on demand and keeps accepting commits made during the snapshot write', async () => {
    const store = await openStore(dataDir, { fsync: true, compactOnClose: false });
    for (let i = 0; i < 50; i++) await store.commit([{ op: 'putUser', record: userRecord(`pre${i}@example.com`) }]);
    const compaction = store.compact();
    const during = store.commit([{ op: 'putUser', record: userRecord('during@example.com') }]);
    await Promise.all([compaction, during]);
    expect(store.stats().snapshotSeq).toBe(50);
    await store.close();

    const reopened = await openStore(dataDir, { fsync: false });
    expect(reopened.findUserIdByUserName('during@example.com')).toBeDefined();
    expect(reopened.userCount()).toBe(51);
    await reopened.close();
  });
});

describe('a failing disk', () => {
  it('rejects the commits it could not write and every later one, and says so in stats', async () => {
    const store = await openStore(dataDir, { fsync: true, compactOnClose: false });
    await store.commit([{ op: 'putUser', record: userRecord('before@example.com') }]);
    await rm(join(dataDir, 'journal'), { recursive: true });
    // The compaction points new commits at a new segment, which can no longer be created.
    const compaction = store.compact().catch((error: unknown) => error);
    const lost = store.commit([{ op: 'putUser', record: userRecord('lost@example.com') }]);
    await expect(lost).rejects.toMatchObject({ name: 'StoreError', code: 'io' });
    await expect(store.commit([{ op: 'putUser', record: userRecord('later@example.com') }])).rejects.toMatchObject({
      code: 'io',
    });
    expect(store.stats().failure).toMatch(/writing the journal/);
    expect(store.stats().durableSeq).toBe(1);
    await compaction;
    await store.close();
  });
});
