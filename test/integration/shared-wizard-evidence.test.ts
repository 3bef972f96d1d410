/**
 * The wizard's evidence shared by nodes on one PostgreSQL database (server/activity/shared-wizard-evidence.ts,
 * docs/decisions.md#wizard-evidence-shared-by-the-nodes): two nodes' activity logs (real ones, in data folders
 * of their own) on the run's real PostgreSQL. What both logged adds up, concurrent merges lose nothing, a
 * sequence split across nodes is recognised, and the first node brings its own evidence along.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../server/activity/activity-log.js';
import { SharedWizardEvidence } from '../../server/activity/shared-wizard-evidence.js';
import { SharedEvidenceTable } from '../../server/store/postgres/index.js';
import { migrate } from '../../server/store/postgres/migrate.js';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { scimRequest } from '../helpers/scim-activity.js';

const databases: TestDatabase[] = [];
const folders: string[] = [];
const logs: ActivityLog[] = [];
let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
  databases.push(database);
  const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
  try {
    await migrate(sql);
  } finally {
    await sql.end();
  }
});
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});
afterAll(async () => {
  for (const db of databases) await db.drop();
});

/** A node's activity log, sharing its evidence through the database (merging every `intervalMs`). */
async function node(intervalMs = 5): Promise<{ log: ActivityLog; shared: SharedWizardEvidence }> {
  const folder = await mkdtemp(join(tmpdir(), 'scimdesk-shared-evidence-'));
  folders.push(folder);
  const log = await ActivityLog.open(folder, { evidenceIntervalMs: 10 });
  logs.push(log);
  const shared = await SharedWizardEvidence.open(new SharedEvidenceTable(database.url), log.wizardEvidence.current, {
    intervalMs,
  });
  log.shareEvidence(shared);
  return { log, shared };
}

const lookup = (n: number) => scimRequest({ method: 'GET', path: `/scim/v2/Users/u${n}` });
const deactivate = (id: string) =>
  scimRequest({
    method: 'PATCH',
    path: `/scim/v2/Users/${id}`,
    requestBody: { Operations: [{ op: 'replace', value: { active: false } }] },
  });
const remove = (id: string) => scimRequest({ method: 'DELETE', path: `/scim/v2/Users/${id}`, status: 204 });

describe('the wizard evidence shared by the nodes', () => {
  it('adds up what both nodes logged, merging at the same time, and both read the same', async () => {
    const a = await node();
    const b = await node();
    for (let i = 0; i < 30; i++) {
      a.log.append(lookup(i));
      b.log.append(lookup(i));
    }
    await Promise.all([a.shared.flush(), b.shared.flush()]);
    const [onA, onB] = await Promise.all([a.log.evidenceNow(), b.log.evidenceNow()]);
    expect(onA).toEqual(onB);
    expect(onA.summary.requests?.count).toBe(60);
    expect(onA.summary.authenticated?.count).toBe(60);
    // Each node's own file still holds only its own share.
    expect(a.log.wizardEvidence.current.summary.requests?.count).toBe(30);
  });

  it("shows a node's own requests at once, before they are merged", async () => {
    const a = await node(60_000);
    const b = await node(60_000);
    a.log.append(lookup(1));
    expect((await a.log.evidenceNow()).summary.requests?.count).toBe(1);
    expect((await b.log.evidenceNow()).summary.requests).toBeUndefined();
    await a.shared.flush();
    expect((await b.log.evidenceNow()).summary.requests?.count).toBe(1);
    expect((await a.log.evidenceNow()).summary.requests?.count).toBe(1); // not counted twice
  });

  it('recognises a hard delete after a soft delete when each reached another node', async () => {
    const a = await node();
    const b = await node();
    a.log.append(deactivate('u7'));
    await a.shared.flush();
    b.log.append(remove('u7'));
    await b.shared.flush();
    const evidence = await a.log.evidenceNow();
    expect(evidence.lastDeleteAfterSoftDelete).toMatchObject({ method: 'DELETE', resourceId: 'u7' });
    // Neither node alone saw the sequence.
    expect(a.log.wizardEvidence.current.lastDeleteAfterSoftDelete).toBeUndefined();
    expect(b.log.wizardEvidence.current.lastDeleteAfterSoftDelete).toBeUndefined();
  });

  it('the first node on a database brings its evidence along; a later one finds the shared evidence', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'scimdesk-shared-evidence-'));
    folders.push(folder);
    const before = await ActivityLog.open(folder, { evidenceIntervalMs: 10 });
    before.append(lookup(1));
    before.append(lookup(2));
    await before.close(); // a data folder used on the embedded store, now moved to PostgreSQL
    const first = await ActivityLog.open(folder, { evidenceIntervalMs: 10 });
    logs.push(first);
    first.shareEvidence(
      await SharedWizardEvidence.open(new SharedEvidenceTable(database.url), first.wizardEvidence.current),
    );
    const later = await node();
    expect((await later.log.evidenceNow()).summary.requests?.count).toBe(2);
    expect(later.log.wizardEvidence.current.summary.requests).toBeUndefined();
  });
});
