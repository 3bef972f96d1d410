/**
 * Seeds a large directory for the bench without going through HTTP (1,000,000 SCIM creates would take hours):
 * the same records, memberships, derived events and feed positions SCIM requests would leave, written through
 * the server's own write path (Directory over the DirectoryStore, with the directory-events deriver), only in
 * large transactions. Users are those of the bench (`bench/seed-data.ts`); every user joins two of the seeded
 * groups, added 1,000 members per transaction as a member PATCH adds them. The change feed is pruned to the
 * server's retention as the server itself would have done meanwhile.
 *
 * Run by bench/run.ts in a process of its own (the embedded store holds the directory in memory while it
 * writes): `tsx bench/seed.ts --data DIR [--store URL] --users N --origin TOKEN_ID --ids FILE`. It writes the
 * users' ids, one a line in creation order, to FILE, and prints one JSON line with what it did.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { Directory } from '../server/directory/directory.js';
import { directoryEvents } from '../server/events/directory-events.js';
import { DEFAULT_FEED_RETENTION, pruneThrough } from '../server/events/retention.js';
import { sanitizeResource } from '../server/scim/resources/sanitize.js';
import { groupResourceType, userResourceType } from '../server/scim/schemas/index.js';
import type { DirectoryStore } from '../server/store/directory-store.js';
import { EmbeddedDirectoryStore } from '../server/store/embedded/embedded-directory-store.js';
import { openStore } from '../server/store/index.js';
import { openPostgresStore } from '../server/store/postgres/index.js';
import { SEED_GROUP_SIZE, seedGroupCount, seedGroupName, userBody, userName } from './seed-data.js';

/** Users per transaction, and members per member-adding transaction (SCIM's limit for one request). */
const USER_BATCH = 1000;
const MEMBER_BATCH = 1000;

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    store: { type: 'string' },
    users: { type: 'string' },
    origin: { type: 'string' },
    ids: { type: 'string' },
  },
  strict: true,
});
const users = Number(values.users);
if (!values.data || !values.ids || !Number.isSafeInteger(users) || users < 1) {
  console.error('usage: tsx bench/seed.ts --data DIR [--store URL] --users N [--origin TOKEN_ID] --ids FILE');
  process.exit(2);
}

const log = (line: string) => console.error(`seed: ${line}`);
const store: DirectoryStore = values.store
  ? // A bulk load's transactions are large: bounds for a batch, not for a SCIM request.
    await openPostgresStore(values.store, { log, queryTimeoutMs: 120_000, transactionTimeoutMs: 300_000 })
  : new EmbeddedDirectoryStore(await openStore(values.data, { log }), log);
store.deriveEvents(directoryEvents);
const directory = new Directory(store);
const origin = values.origin;

async function pruneFeed(): Promise<void> {
  const through = pruneThrough(await store.eventBounds(), DEFAULT_FEED_RETENTION, 0, undefined);
  if (through !== undefined) await store.pruneEvents(through);
}

const started = performance.now();
let lastProgress = started;
const progress = (what: string) => {
  const now = performance.now();
  if (now - lastProgress < 10_000) return;
  lastProgress = now;
  log(`${what} (${((now - started) / 1000).toFixed(0)} s)`);
};

const ids: string[] = new Array(users);
const idsFile = createWriteStream(values.ids);
let next = 0;
let batches = 0;
// Two batches in flight: the database writes one while the next is prepared and sent.
await Promise.all(
  Array.from({ length: 2 }, async () => {
    while (next < users) {
      const from = next;
      next = Math.min(users, next + USER_BATCH);
      const batch = Array.from(
        { length: next - from },
        (_, k) => sanitizeResource(userBody(from + k), userResourceType).data,
      );
      const records = await directory.createUsers(batch, origin);
      records.forEach((record, k) => (ids[from + k] = record.id));
      if (++batches % 100 === 0) await pruneFeed();
      progress(`${Math.min(users, batches * USER_BATCH)} of ${users} users`);
    }
  }),
);
for (let from = 0; from < users; from += 10_000) idsFile.write(ids.slice(from, from + 10_000).join('\n') + '\n');
await new Promise<void>((resolve, reject) =>
  idsFile.end((error?: Error | null) => (error ? reject(error) : resolve())),
);
const usersSeconds = (performance.now() - started) / 1000;

// Group g holds users g*half … g*half + SEED_GROUP_SIZE - 1 (wrapping): every user is in two groups.
const groups = seedGroupCount(users);
const half = Math.floor(users / groups);
let memberships = 0;
for (let g = 0; g < groups; g++) {
  const { data } = sanitizeResource(
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: seedGroupName(g), members: [] },
    groupResourceType,
  );
  const group = await directory.createGroup(data, [], origin);
  const size = Math.min(SEED_GROUP_SIZE, users);
  for (let start = 0; start < size; start += MEMBER_BATCH) {
    const members = Array.from({ length: Math.min(MEMBER_BATCH, size - start) }, (_, k) => {
      const i = (g * half + start + k) % users;
      return { value: ids[i]!, display: userName(i) };
    });
    await directory.updateGroup(group.id, () => ({ members: [{ kind: 'add', members }] }));
    memberships += members.length;
  }
  await pruneFeed();
  progress(`${g + 1} of ${groups} groups`);
}
await pruneFeed();
await store.close();
console.log(
  JSON.stringify({
    users,
    groups,
    memberships,
    usersSeconds: Math.round(usersSeconds),
    seconds: Math.round((performance.now() - started) / 1000),
  }),
);
