/**
 * Storage write-path sanity check (not a test): N user puts from 16 concurrent writers, fsync on,
 * then a restart. Prints commits/s, fdatasyncs, bytes, restart time and RSS.
 * Usage: npx tsx bench/store-bench.ts [users=10000] [writers=16]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../server/store/index.js';
import type { ResourceRecord } from '../server/store/index.js';

const users = Number(process.argv[2] ?? 10_000);
const writers = Number(process.argv[3] ?? 16);
const root = await mkdtemp(join(tmpdir(), 'scim-desk-store-bench-'));
const dataDir = join(root, 'data');

function userRecord(n: number): ResourceRecord {
  const time = new Date().toISOString();
  const userName = `bench.user${n}@example.com`;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    meta: { created: time, lastModified: time, version: 1 },
    data: {
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:User',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      ],
      userName,
      externalId: `00u${n}`,
      name: { givenName: 'Bench', familyName: `User ${n}`, formatted: `Bench User ${n}` },
      displayName: `Bench User ${n}`,
      emails: [{ value: userName, type: 'work', primary: true }],
      active: true,
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
        department: 'Engineering',
        employeeNumber: String(n),
      },
    },
  };
}

try {
  const store = await openStore(dataDir);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < users) await store.commit([{ op: 'putUser', record: userRecord(next++) }]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stats = store.stats();
  console.log(`${users} user puts, ${writers} concurrent writers, fsync on`);
  console.log(`  ${Math.round(users / seconds)} commits/s (${seconds.toFixed(2)} s)`);
  console.log(
    `  ${stats.journalSyncs} fdatasyncs (${(users / Math.max(1, stats.journalSyncs)).toFixed(1)} commits per sync), ${stats.compactions} compactions`,
  );
  const closeStarted = performance.now();
  await store.close();
  console.log(
    `  close with final snapshot: ${Math.round(performance.now() - closeStarted)} ms, snapshot ${(store.stats().snapshotBytes / 1e6).toFixed(1)} MB`,
  );

  const openStarted = performance.now();
  const reopened = await openStore(dataDir);
  console.log(`  restart: ${Math.round(performance.now() - openStarted)} ms for ${reopened.userCount()} users`);
  console.log(
    `  RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
  );
  await reopened.close();
} finally {
  await rm(root, { recursive: true, force: true });
}
