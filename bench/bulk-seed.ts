/**
 * Seeds a large directory for the bench in minutes instead of the hour SCIM creates (or the write path's
 * statements) would take for a million users: the records, versions and memberships the write path would
 * leave after the same creates and member PATCHes, written in bulk. Users are those of the bench
 * (`bench/seed-data.ts`) as the server sanitizes and stores them; every user joins two of the seeded groups,
 * added 1,000 members per PATCH (so a group of 10,000 is at version 11).
 *
 * - PostgreSQL: the database is migrated as a node would, then loaded with `COPY` in one transaction, the
 *   indexes built once at the end (server/store/postgres/bulk-load.ts).
 * - Embedded: the records go to the store in transactions of 10,000 users (a group with all its members in
 *   one), with compaction held back, and closing the store writes the snapshot once with the store's own
 *   snapshot writer.
 *
 * What differs from the write path, on purpose: no change-feed events and no commit-log rows are written for
 * the seeded records (a bulk load is not a stream of changes; the write path's feed would in any case keep
 * only the last 10,000 of its millions of events). A node started afterwards reads the directory as it finds it.
 */
import { randomUUID } from 'node:crypto';
import { sanitizeResource } from '../server/scim/resources/sanitize.js';
import { groupResourceType, userResourceType } from '../server/scim/schemas/index.js';
import { openStore } from '../server/store/index.js';
import { PostgresBulkLoad } from '../server/store/postgres/bulk-load.js';
import { openPostgresStore } from '../server/store/postgres/index.js';
import type { ResourceRecord, StoreOp } from '../server/store/types.js';
import { SEED_GROUP_SIZE, seedGroupCount, seedGroupName, userBody, userName } from './seed-data.js';

/** Users per batch (a transaction of the embedded store, a chunk of the COPY stream). */
const USER_BATCH = 10_000;
/** Members per PATCH the write path's seed sent: each bumps the group's version. */
const MEMBERS_PER_PATCH = 1000;

export interface SeedOptions {
  /** The data folder (the embedded store's, or the node's when `store` is given). */
  data: string;
  /** A postgres:// URL: seed that database instead of the folder's embedded store. */
  store?: string;
  users: number;
  /** The id of the SCIM token the records are attributed to (as if its requests had created them). */
  origin?: string;
  log?: (line: string) => void;
}

export interface SeedResult {
  /** The users' ids in creation order: user i is `userName(i)`. */
  ids: string[];
  groups: number;
  memberships: number;
}

/** The record the write path stores for a create with this body (Directory: `active` defaults to true). */
function newRecord(data: Record<string, unknown>, time: string, origin: string | undefined): ResourceRecord {
  const record: ResourceRecord = { id: randomUUID(), meta: { created: time, lastModified: time, version: 1 }, data };
  if (origin !== undefined) record.origin = origin;
  return record;
}

export const seededUser = (i: number, time: string, origin?: string): ResourceRecord =>
  newRecord({ active: true, ...sanitizeResource(userBody(i), userResourceType).data }, time, origin);

/** Seeded group g after its members were added, MEMBERS_PER_PATCH at a time. */
function seededGroup(g: number, size: number, created: string, modified: string, origin?: string): ResourceRecord {
  const { data } = sanitizeResource(
    { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: seedGroupName(g), members: [] },
    groupResourceType,
  );
  const record = newRecord(data, created, origin);
  record.meta = { created, lastModified: modified, version: 1 + Math.ceil(size / MEMBERS_PER_PATCH) };
  return record;
}

/** Group g holds users g*half … g*half + SEED_GROUP_SIZE - 1 (wrapping): every user is in two groups. */
function groupMembers(g: number, ids: readonly string[]): { value: string; type: 'User'; display: string }[] {
  const users = ids.length;
  const half = Math.floor(users / seedGroupCount(users));
  const size = Math.min(SEED_GROUP_SIZE, users);
  return Array.from({ length: size }, (_, k) => {
    const i = (g * half + k) % users;
    return { value: ids[i]!, type: 'User' as const, display: userName(i) };
  });
}

export async function seedDirectory(options: SeedOptions): Promise<SeedResult> {
  const { users, origin } = options;
  const log = options.log ?? (() => undefined);
  const ids: string[] = new Array<string>(users);
  const groups = seedGroupCount(users);
  let memberships = 0;
  const created = new Date().toISOString();
  const usersFrom = (from: number) =>
    Array.from({ length: Math.min(USER_BATCH, users - from) }, (_, k) => {
      const record = seededUser(from + k, created, origin);
      ids[from + k] = record.id;
      return record;
    });
  const progress = progressLog(log);

  if (options.store) {
    // Migrated as a node would at start, so the load writes into today's schema.
    await (await openPostgresStore(options.store, { log })).close();
    const load = await PostgresBulkLoad.start(options.store, log);
    try {
      for (let from = 0; from < users; from += USER_BATCH) {
        await load.users(usersFrom(from));
        progress(`${Math.min(users, from + USER_BATCH)} of ${users} users`);
      }
      const modified = new Date().toISOString();
      const groupRecords = Array.from({ length: groups }, (_, g) =>
        seededGroup(g, Math.min(SEED_GROUP_SIZE, users), created, modified, origin),
      );
      await load.groups(groupRecords);
      for (let g = 0; g < groups; g++) {
        const members = groupMembers(g, ids);
        await load.members(groupRecords[g]!.id, members);
        memberships += members.length;
        progress(`${g + 1} of ${groups} groups`);
      }
      await load.finish(log);
    } catch (error) {
      await load.abort();
      throw error;
    }
    return { ids, groups, memberships };
  }

  // Compaction held back until close: the snapshot is written once, with everything in it.
  const store = await openStore(options.data, {
    log,
    compactAtBytes: Number.MAX_SAFE_INTEGER,
    compactAtSnapshotRatio: 0,
  });
  try {
    for (let from = 0; from < users; from += USER_BATCH) {
      await store.commit(usersFrom(from).map((record): StoreOp => ({ op: 'putUser', record })));
      progress(`${Math.min(users, from + USER_BATCH)} of ${users} users`);
    }
    const modified = new Date().toISOString();
    for (let g = 0; g < groups; g++) {
      const group = seededGroup(g, Math.min(SEED_GROUP_SIZE, users), created, modified, origin);
      const members = groupMembers(g, ids);
      await store.commit([
        { op: 'putGroup', record: group },
        { op: 'addMembers', groupId: group.id, members },
      ]);
      memberships += members.length;
      progress(`${g + 1} of ${groups} groups`);
    }
  } finally {
    await store.close();
  }
  return { ids, groups, memberships };
}

function progressLog(log: (line: string) => void): (what: string) => void {
  const started = performance.now();
  let last = started;
  return (what) => {
    const now = performance.now();
    if (now - last < 10_000) return;
    last = now;
    log(`${what} (${((now - started) / 1000).toFixed(0)} s)`);
  };
}
