/**
 * The wizard's evidence lives in its own small file, not in the activity window
 * (docs/decisions.md#wizard-evidence-in-its-own-file). It survives a restart whatever the window holds, stays
 * bounded, is rebuilt from the log when missing (an older data folder) or unreadable (set aside, never
 * overwritten), and catches up on entries logged after its last write. The Activity page pages back past the
 * window into the files.
 */
import { copyFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLog, type ActivityLogOptions } from '../../server/activity/activity-log.js';
import { EVIDENCE_LIMITS } from '../../server/activity/wizard-evidence.js';
import { EVIDENCE_FILE } from '../../server/activity/wizard-evidence-file.js';
import { scimRequest } from '../helpers/scim-activity.js';

let dataDir: string;
const open: ActivityLog[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-evidence-'));
});
afterEach(async () => {
  for (const log of open.splice(0)) await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function openLog(options: ActivityLogOptions = {}): Promise<ActivityLog> {
  const log = await ActivityLog.open(dataDir, { evidenceIntervalMs: 10, ...options });
  open.push(log);
  return log;
}
async function closeLog(log: ActivityLog): Promise<void> {
  open.splice(open.indexOf(log), 1);
  await log.close();
}

const evidencePath = () => join(dataDir, EVIDENCE_FILE);
const connectorTest = () => scimRequest({ method: 'GET', path: '/scim/v2/Users', query: 'startIndex=1&count=2' });
const create = (n: number) =>
  scimRequest({
    method: 'POST',
    path: '/scim/v2/Users',
    status: 201,
    requestBody: { userName: `user${n}@example.com` },
    responseBody: { id: `u${n}`, userName: `user${n}@example.com` },
  });
const profileUpdate = () =>
  scimRequest({
    method: 'PUT',
    path: '/scim/v2/Users/u1',
    requestBody: { userName: 'user1@example.com', title: 'Engineer', active: true },
  });
const lookups = (log: ActivityLog, count: number) => {
  for (let i = 0; i < count; i++) log.append(scimRequest({ method: 'GET', path: `/scim/v2/Users/u${i}` }));
};

describe('the evidence file', () => {
  it('keeps every fact after a restart although the window no longer holds the requests', async () => {
    const first = await openLog({ memoryEntries: 5 });
    first.append(connectorTest());
    first.append(create(1));
    first.append(profileUpdate());
    lookups(first, 20); // far more than the window
    expect([...first.entries()].some((e) => e.kind === 'scim' && e.signals.includes('connector-test'))).toBe(false);
    await closeLog(first);

    const second = await openLog({ memoryEntries: 5 });
    const evidence = second.wizardEvidence.current;
    expect(evidence.summary.succeeded['connector-test']).toMatchObject({
      count: 1,
      first: { path: '/scim/v2/Users', query: 'startIndex=1&count=2' },
    });
    expect(evidence.summary.succeeded['user-create']?.first).toMatchObject({
      resourceName: 'user1@example.com',
      resourceId: 'u1',
    });
    expect(evidence.lastProfileUpdate).toMatchObject({ method: 'PUT', resourceId: 'u1' });
    expect(evidence.summary.requests?.count).toBe(23);
    expect(second.wizardEvidence.userCreation('u1', 'USER1@example.com')?.resourceId).toBe('u1');
  });

  it('is written atomically, 0600, and stays small whatever the traffic', async () => {
    const log = await openLog({ memoryEntries: 10 });
    for (let i = 0; i < 500; i++) log.append(create(i));
    for (let i = 0; i < 60; i++)
      log.append(
        scimRequest({
          method: 'POST',
          path: '/scim/v2/Groups',
          status: 409,
          requestBody: { displayName: `Group ${i}` },
        }),
      );
    lookups(log, 2_000);
    await closeLog(log);
    const file = await stat(evidencePath());
    expect(file.mode & 0o777).toBe(0o600);
    expect(file.size).toBeLessThan(100_000);
    const saved = JSON.parse(await readFile(evidencePath(), 'utf8'));
    expect(saved).toMatchObject({ format: 'scim-desk-wizard-evidence', version: 1 });
    expect(saved.userCreates).toHaveLength(EVIDENCE_LIMITS.userCreates);
    expect(saved.userCreates.at(-1).resourceName).toBe('user499@example.com');
    expect(saved.groupNameConflicts).toHaveLength(EVIDENCE_LIMITS.groupNameConflicts);
    expect(saved.summary.succeeded['user-create'].count).toBe(500);
    expect((await readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it("keeps the current admin's arrival however many users arrive after it", async () => {
    const log = await openLog();
    log.wizardEvidence.watch(() => 'User3@Example.com');
    for (let i = 0; i < 300; i++) log.append(create(i));
    await closeLog(log);
    const reopened = await openLog();
    expect(reopened.wizardEvidence.userCreation('u3', 'user3@example.com')).toMatchObject({ resourceId: 'u3' });
    expect(reopened.wizardEvidence.userCreation('u4', 'user4@example.com')).toBeUndefined(); // long forgotten, and never watched
  });

  it('catches up on entries logged after its last write (a crash between the two writes)', async () => {
    const first = await openLog({ memoryEntries: 3 });
    first.append(connectorTest());
    await closeLog(first);
    await copyFile(evidencePath(), `${evidencePath()}.old`);

    const second = await openLog({ memoryEntries: 3 });
    second.append(create(1));
    lookups(second, 10); // the creation leaves the window before the next start
    await closeLog(second);
    await copyFile(`${evidencePath()}.old`, evidencePath()); // as if the evidence write had been lost

    const third = await openLog({ memoryEntries: 3 });
    const summary = third.summary();
    expect(summary.succeeded['connector-test']?.count).toBe(1);
    expect(summary.succeeded['user-create']?.first.resourceId).toBe('u1');
    expect(summary.requests?.count).toBe(12); // nothing counted twice
    // New entries still count after the catch-up.
    third.append(connectorTest());
    expect(third.summary().succeeded['connector-test']?.count).toBe(2);
  });

  it('seeds itself from the activity files of a data folder that has none (an older SCIM Desk)', async () => {
    const first = await openLog({ memoryEntries: 4 });
    first.append(connectorTest());
    first.append(create(7));
    lookups(first, 30);
    await closeLog(first);
    await rm(evidencePath());

    const second = await openLog({ memoryEntries: 4 });
    expect(second.summary().succeeded['connector-test']?.count).toBe(1);
    expect(second.summary().succeeded['user-create']?.first.resourceName).toBe('user7@example.com');
    await closeLog(second);
    expect(JSON.parse(await readFile(evidencePath(), 'utf8')).summary.requests.count).toBe(32);
  });

  it.each([
    ['damaged', '{"format":"scim-desk-wizard-evidence","version":1,"summary":', /unreadable/, /not valid JSON/],
    [
      'written by a newer SCIM Desk',
      JSON.stringify({ format: 'scim-desk-wizard-evidence', version: 9, summary: {} }),
      /\.v9-/,
      /newer SCIM Desk \(format version 9/,
    ],
    [
      'of the wrong shape',
      JSON.stringify({
        format: 'scim-desk-wizard-evidence',
        version: 1,
        watermark: null,
        summary: { succeeded: { 'user-create': { count: 'x' } } },
      }),
      /unreadable/,
      /summary\.succeeded is damaged/,
    ],
  ])(
    'a file %s is set aside (never overwritten), reported, and rebuilt from the log',
    async (_what, content, keptName, reason) => {
      const first = await openLog();
      first.append(connectorTest());
      await closeLog(first);
      await writeFile(evidencePath(), content, { mode: 0o600 });

      const errors: string[] = [];
      const second = await openLog({ onError: (message) => errors.push(message) });
      expect(second.summary().succeeded['connector-test']?.count).toBe(1);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(reason);
      const keptAs = (await readdir(dataDir)).filter((name) => name.startsWith(`${EVIDENCE_FILE}.`));
      expect(keptAs).toHaveLength(1);
      expect(keptAs[0]).toMatch(keptName);
      expect(await readFile(join(dataDir, keptAs[0]!), 'utf8')).toBe(content);
      // The admin sees it in the activity log.
      expect(second.query({ kind: 'admin' }).entries[0]).toMatchObject({ action: 'setup.evidence_rebuilt' });
      await closeLog(second);
      expect(JSON.parse(await readFile(evidencePath(), 'utf8')).version).toBe(1);
    },
  );
});

describe('paging past the window', () => {
  it('reads older pages from the rotated files, newest first, each entry once', async () => {
    const log = await openLog({ memoryEntries: 10, maxFileBytes: 2_000, maxFiles: 20 });
    for (let i = 0; i < 60; i++) {
      log.append({ kind: 'admin', action: 'a', message: `m${i}` });
      if (i % 10 === 9) await log.flush();
    }
    await log.flush();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await log.page({ limit: 7, ...(cursor ? { before: cursor } : {}) });
      seen.push(...page.entries.map((e) => (e.kind === 'admin' ? e.message : '?')));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => `m${59 - i}`));
    expect(log.query({ limit: 1000 }).entries).toHaveLength(10); // the window itself stays small
  });

  it('serves entries whose bodies memory dropped with their bodies from the files, and searches them', async () => {
    const log = await openLog({ memoryBodyBytes: 1_000 });
    for (let i = 0; i < 20; i++)
      log.append(
        scimRequest({
          method: 'PUT',
          path: `/scim/v2/Users/u${i}`,
          requestBody: { userName: `user${i}@example.com`, title: `t${i}-${'x'.repeat(100)}` },
        }),
      );
    await log.flush();
    const page = await log.page({ limit: 100 });
    expect(page.entries).toHaveLength(20);
    expect(page.entries.every((e) => e.kind === 'scim' && e.requestBody !== undefined)).toBe(true);
    const found = await log.page({ search: 't0-xx' });
    expect(found.entries.map((e) => (e.kind === 'scim' ? e.resourceId : ''))).toEqual(['u0']);
  });
});
