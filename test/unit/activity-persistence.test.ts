import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../server/activity/activity-log.js';
import type { ActivityLogOptions } from '../../server/activity/activity-log.js';
import type { ActivityEntry } from '../../server/activity/types.js';
import { scimRequest } from '../helpers/scim-activity.js';

let dataDir: string;
const open: ActivityLog[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-activity-'));
});

afterEach(async () => {
  for (const log of open.splice(0)) await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function openLog(options: ActivityLogOptions = {}): Promise<ActivityLog> {
  const log = await ActivityLog.open(dataDir, options);
  open.push(log);
  return log;
}

const activityDir = () => join(dataDir, 'activity');
const messages = (log: ActivityLog) => [...log.entries()].map((e) => (e.kind === 'admin' ? e.message : e.kind));

describe('after a restart', () => {
  it('finds the entries, with bodies, and keeps ids increasing', async () => {
    const first = await openLog();
    first.append({ kind: 'admin', action: 'a', message: 'before restart' });
    const { id } = first.append(
      scimRequest({
        method: 'POST',
        path: '/scim/v2/Users',
        status: 201,
        requestBody: { userName: 'ada@example.com' },
        responseBody: { id: 'u1' },
      }),
    );
    const created = first.get(id);
    expect(created).toMatchObject({ requestBody: { userName: 'ada@example.com' }, responseBody: { id: 'u1' } });
    await first.close();

    const second = await openLog();
    expect(messages(second)).toEqual(['before restart', 'scim']);
    expect(second.get(id)).toEqual(created);
    const after = second.append({ kind: 'admin', action: 'a', message: 'after restart' });
    expect(after.id > id).toBe(true);
  });

  it('skips a torn last line and starts the next entry on a fresh line', async () => {
    const first = await openLog();
    first.append({ kind: 'admin', action: 'a', message: 'whole' });
    await first.close();
    await appendFile(join(activityDir(), 'activity.jsonl'), '{"kind":"admin","id":"99999', 'utf8'); // crash mid-write

    const second = await openLog();
    expect(messages(second)).toEqual(['whole']);
    second.append({ kind: 'admin', action: 'a', message: 'next' });
    await second.close();

    const third = await openLog();
    expect(messages(third)).toEqual(['whole', 'next']);
  });

  it('loads only the most recent entries, across rotated files', async () => {
    const first = await openLog({ maxFileBytes: 2_000, maxFiles: 10 });
    for (let i = 0; i < 100; i++) {
      first.append({ kind: 'admin', action: 'a', message: `m${i}` });
      if (i % 10 === 9) await first.flush();
    }
    await first.close();

    const second = await openLog({ maxFiles: 10, memoryEntries: 30 });
    expect(messages(second)).toEqual(Array.from({ length: 30 }, (_, i) => `m${70 + i}`));
  });
});

describe('rotation', () => {
  it('rotates at the size limit and keeps at most maxFiles files, dropping the oldest', async () => {
    const log = await openLog({ maxFileBytes: 1_000, maxFiles: 3 });
    for (let i = 0; i < 200; i++) {
      log.append({ kind: 'admin', action: 'a', message: `m${i}` });
      if (i % 5 === 4) await log.flush();
    }
    await log.close();

    expect((await readdir(activityDir())).filter((name) => name.startsWith('activity')).sort()).toEqual([
      'activity.1.jsonl',
      'activity.2.jsonl',
      'activity.jsonl',
    ]);
    const read = async (name: string) =>
      (await readFile(join(activityDir(), name), 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as ActivityEntry & { message: string }).message);
    const [oldest, middle, current] = await Promise.all(
      ['activity.2.jsonl', 'activity.1.jsonl', 'activity.jsonl'].map(read),
    );
    const all = [...oldest!, ...middle!, ...current!];
    expect(all.at(-1)).toBe('m199');
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => `m${200 - all.length + i}`)); // contiguous, in order
    expect(all.length).toBeLessThan(200); // the oldest were dropped
    for (const name of ['activity.jsonl', 'activity.1.jsonl']) {
      expect((await readFile(join(activityDir(), name))).length).toBeLessThanOrEqual(1_000);
    }
  });
});

describe('memory', () => {
  it('holds at most memoryEntries entries, newest kept', async () => {
    const log = await openLog({ memoryEntries: 10 });
    for (let i = 0; i < 25; i++) log.append({ kind: 'admin', action: 'a', message: `m${i}` });
    expect(messages(log)).toEqual(Array.from({ length: 10 }, (_, i) => `m${15 + i}`));
    expect(log.query({ limit: 1000 }).entries).toHaveLength(10);
  });

  it('drops the bodies of the oldest entries beyond the body budget, keeping the entries', async () => {
    const log = await openLog({ memoryBodyBytes: 1_000 });
    const ids = Array.from(
      { length: 20 },
      (_, i) =>
        log.append(
          scimRequest({
            method: 'PUT',
            path: `/scim/v2/Users/u${i}`,
            requestBody: { userName: `user${i}@example.com`, title: 'x'.repeat(100) },
          }),
        ).id,
    );
    expect(log.get(ids[19]!)).toHaveProperty('requestBody');
    expect(log.get(ids[0]!)).not.toHaveProperty('requestBody');
    expect(log.get(ids[0]!)).toMatchObject({ resourceId: 'u0', resourceName: 'user0@example.com' });
  });

  it('replaces a huge body by a summary in the log', async () => {
    const log = await openLog({ maxBodyBytes: 10_000 });
    const members = Array.from({ length: 2_000 }, (_, i) => ({ value: `member-${i}` }));
    const entry = log.append(
      scimRequest({
        method: 'PATCH',
        path: '/scim/v2/Groups/g1',
        requestBody: { Operations: [{ op: 'add', path: 'members', value: members }] },
      }),
    );
    expect(log.get(entry.id)).toMatchObject({
      requestBody: { '[truncated]': true },
      signals: ['group-update', 'membership-change', 'member-add', 'patch-lowercase-ops'],
    });
    await log.close();
    expect((await readFile(join(activityDir(), 'activity.jsonl'))).length).toBeLessThan(5_000);
  });
});

describe('damaged files', () => {
  it('keeps the summary of an entry torn inside its bodies, and serves it without bodies', async () => {
    const first = await openLog();
    first.append(
      scimRequest({
        method: 'PUT',
        path: '/scim/v2/Users/u1',
        requestBody: { userName: 'ada@example.com', title: 'x'.repeat(200) },
      }),
    );
    await first.close();
    const file = join(activityDir(), 'activity.jsonl');
    const line = (await readFile(file, 'utf8')).trimEnd();
    await rm(file);
    await appendFile(file, line.slice(0, line.indexOf('xxxx')) + 'x}', 'utf8'); // torn mid-body, ends in "}"

    const second = await openLog();
    second.append({ kind: 'admin', action: 'a', message: 'after' });
    await second.close();
    const third = await openLog();
    const [torn] = [...third.entries()];
    expect(torn).toMatchObject({ kind: 'scim', resourceId: 'u1' });
    expect(third.get(torn!.id)).not.toHaveProperty('requestBody');
    expect(messages(third)).toEqual(['scim', 'after']);
  });

  it('reads lines that span its read chunks whole', async () => {
    const first = await openLog({ maxBodyBytes: 4 * 1024 * 1024 });
    const big = 'y'.repeat(700_000);
    for (let i = 0; i < 4; i++)
      first.append(scimRequest({ method: 'PUT', path: `/scim/v2/Users/u${i}`, requestBody: { title: big } }));
    await first.close();
    const second = await openLog({ memoryEntries: 3, memoryBodyBytes: 8 * 1024 * 1024 });
    const loaded = [...second.entries()];
    expect(loaded.map((e) => (e.kind === 'scim' ? e.resourceId : ''))).toEqual(['u1', 'u2', 'u3']);
    expect(second.get(loaded[0]!.id)).toMatchObject({ requestBody: { title: big } });
  });
});
