// Requests without a valid token have a lane and a budget of their own in the activity log: a flood of them is
// sampled and summarised, and never evicts the record of authenticated requests and access changes.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLog, type ActivityLogOptions } from '../../server/activity/activity-log.js';
import type { ActivityEntry, AdminActivity } from '../../server/activity/types.js';
import {
  UNAUTHENTICATED_SUMMARY_ACTION,
  type UnauthenticatedSummaryDetail,
} from '../../server/activity/unauthenticated-traffic.js';
import { scimRequest } from '../helpers/scim-activity.js';

let dataDir: string;
let log: ActivityLog;
let now: number;
const clock = () => new Date(now);

async function open(options: ActivityLogOptions = {}) {
  log = await ActivityLog.open(dataDir, { now: clock, ...options });
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-unauthenticated-'));
  now = Date.parse('2026-03-01T10:00:00.000Z');
});
afterEach(async () => {
  await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

const junk = (i: number, clientIp = '127.0.0.1') =>
  scimRequest({
    method: 'GET',
    path: '/scim/v2/Users',
    status: 401,
    tokenId: null,
    tokenLabel: null,
    clientIp,
    authFailure: 'unknown',
    authHint: `hint ${i}`,
    responseBody: { detail: 'x'.repeat(300) },
  });
const oktaCreate = (i: number) =>
  scimRequest({
    method: 'POST',
    path: '/scim/v2/Users',
    status: 201,
    requestBody: { userName: `user${i}@example.com` },
    responseBody: { id: `u-${i}`, userName: `user${i}@example.com` },
  });
const describeEntry = (e: ActivityEntry) =>
  e.kind === 'scim' ? `${e.method} ${e.status} ${e.resourceName ?? ''}`.trim() : e.kind === 'admin' ? e.action : e.kind;

async function filesOf(base: string) {
  const names = (await readdir(join(dataDir, 'activity'))).filter((name) => name.startsWith(`${base}.`));
  const sizes = await Promise.all(names.map(async (name) => (await stat(join(dataDir, 'activity', name))).size));
  return { names, bytes: sizes.reduce((a, b) => a + b, 0) };
}

describe('a flood of requests without a valid token', () => {
  it('never evicts authenticated requests and access changes, on disk or in memory', async () => {
    // A main log small enough that 20,000 logged 401s would have rotated everything away many times over.
    await open({
      maxFileBytes: 64 * 1024,
      maxFiles: 2,
      memoryEntries: 100,
      unauthenticated: { maxFileBytes: 32 * 1024, maxFiles: 2, memoryEntries: 50 },
    });
    for (let i = 0; i < 10; i++) log.append(oktaCreate(i));
    log.append({
      kind: 'access',
      user_id: 'u-1',
      userName: 'user1@example.com',
      change: 'gained',
      role_id: 'r',
      organizational_unit_id: 'ou',
      message: 'gained Super Admin',
    });
    await log.flush();
    const mainBefore = await filesOf('activity');

    for (let i = 0; i < 20_000; i++) {
      now += 20; // 50 a second, for 400 s: several intervals
      log.append(junk(i, `10.0.0.${i % 7}`));
    }
    await log.flush();

    expect(await filesOf('activity')).toEqual(mainBefore); // not one byte more in the main log
    const other = await filesOf('unauthenticated');
    expect(other.bytes).toBeLessThanOrEqual(2 * 32 * 1024);
    const authenticated = (await log.page({ kind: 'scim', status: 201, limit: 1000 })).entries;
    expect(authenticated.map(describeEntry)).toEqual(
      Array.from({ length: 10 }, (_, i) => `POST 201 user${9 - i}@example.com`),
    );
    expect((await log.page({ kind: 'access' })).entries).toHaveLength(1);
    // the wizard still counted every one of them
    expect(log.summary().authFailures.unknown?.count).toBe(20_000);

    // after a restart, too
    await log.close();
    await open({
      maxFileBytes: 64 * 1024,
      maxFiles: 2,
      memoryEntries: 100,
      unauthenticated: { maxFileBytes: 32 * 1024, maxFiles: 2, memoryEntries: 50 },
    });
    expect((await log.page({ kind: 'scim', status: 201, limit: 1000 })).entries).toHaveLength(10);
  });

  it('keeps the first three of each source and reason per interval, and counts the rest in one summary entry', async () => {
    await open();
    log.append(oktaCreate(1));
    for (let i = 0; i < 500; i++) log.append(junk(i, '203.0.113.5'));
    for (let i = 0; i < 5; i++)
      log.append(
        scimRequest({
          method: 'GET',
          path: '/scim/v2/Users',
          status: 401,
          tokenId: null,
          tokenLabel: null,
          clientIp: '203.0.113.5',
          authFailure: 'missing',
          authHint: 'no header',
        }),
      );
    for (let i = 0; i < 4; i++)
      log.append(
        scimRequest({
          method: 'GET',
          path: '/scim/v2/Schemas',
          status: 200,
          tokenId: null,
          tokenLabel: null,
          clientIp: '198.51.100.7',
        }),
      );

    const before = log.query({ limit: 1000 }).entries.map(describeEntry);
    expect(before).toEqual([
      'GET 200',
      'GET 200',
      'GET 200',
      'GET 401',
      'GET 401',
      'GET 401',
      'GET 401',
      'GET 401',
      'GET 401',
      'POST 201 user1@example.com',
    ]);

    now += 60_000; // the interval is over: the next request closes it first
    log.append(junk(1000, '203.0.113.5'));
    const [newest, summary] = log.query({ limit: 2 }).entries as [ActivityEntry, AdminActivity];
    expect(describeEntry(newest)).toBe('GET 401');
    expect(summary).toMatchObject({ kind: 'admin', action: UNAUTHENTICATED_SUMMARY_ACTION });
    expect(summary.message).toMatch(
      /^509 SCIM requests without a valid token from 2026-03-01T10:00:00.000Z to 2026-03-01T10:01:00.000Z, 9 of them kept as entries \(203\.0\.113\.5: 500 × 401 unknown token; 203\.0\.113\.5: 5 × 401 no token; 198\.51\.100\.7: 4 × 200 discovery\)\.$/,
    );
    expect(summary.detail as UnauthenticatedSummaryDetail).toMatchObject({
      outcome: 'refused',
      total: 509,
      itemised: 9,
      counts: [
        { source: '203.0.113.5', reason: '401 unknown token', count: 500 },
        { source: '203.0.113.5', reason: '401 no token', count: 5 },
        { source: '198.51.100.7', reason: '200 discovery', count: 4 },
      ],
    });
  });

  it('bounds the samples of an interval however many sources there are', async () => {
    await open({ unauthenticated: { sampledKeys: 20, countedKeys: 100 } });
    for (let i = 0; i < 5_000; i++) log.append(junk(i, `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`));
    log.summariseUnauthenticated();
    const entries = log.query({ limit: 1000 }).entries;
    expect(entries.filter((e) => e.kind === 'scim')).toHaveLength(20);
    const summary = entries.find((e): e is AdminActivity => e.kind === 'admin')!;
    const detail = summary.detail as UnauthenticatedSummaryDetail;
    expect(detail.total).toBe(5_000);
    expect(detail.counts.find((c) => c.source === 'other sources')?.count).toBe(4_900); // the first 100 pairs are counted by name
  });

  it("writes a quiet interval's summary when the log closes, and nothing when every request was kept", async () => {
    await open();
    log.append(junk(1));
    log.append(junk(2));
    await log.close();
    await open();
    expect(log.query().entries.map(describeEntry)).toEqual(['GET 401', 'GET 401']);
    for (let i = 0; i < 10; i++) log.append(junk(i));
    await log.close();
    await open();
    expect(log.query({ limit: 3 }).entries.map(describeEntry)).toEqual([
      UNAUTHENTICATED_SUMMARY_ACTION,
      'GET 401',
      'GET 401',
    ]);
  });
});
