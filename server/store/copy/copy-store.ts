/**
 * Copies everything one store holds into another (empty) one, through the store contract, so any backend can
 * be the source or the target: users, groups, memberships, every document collection and the retained events
 * of the change feed. Nothing is read whole: records come in pages, a group's members and the feed in chunks,
 * and each page is written in one transaction of the target.
 *
 * Order matters and is kept: users and groups in creation order (the SCIM listings' default order), all
 * records before any membership (a group may hold a group created after it), members in the order they were
 * added, documents in the order they were first written. Events are copied with their feed positions: the
 * target's feed has been started right after the source's oldest retained position (./copy-locations.ts),
 * so the target numbers them exactly as the source did, and cursors held by webhooks (`startAfter`, their
 * delivery progress) and by change-feed readers mean the same events in the copy.
 *
 * A target that can load in bulk (PostgreSQL's COPY, ../postgres/bulk-load.ts) takes the records, memberships
 * and documents that way, in one transaction committed before the events are copied: a million users in
 * minutes instead of an hour of statements. The events always go through the store contract, so the
 * target's sequencer numbers them as the source did.
 *
 * The checksum is computed twice over the same canonical form (./store-digest.ts): once over what was read
 * from the source while copying, once over the target, read again from scratch afterwards.
 */
import type { DirectoryStore, MemberEntry } from '../directory-store.js';
import { DOCUMENT_COLLECTIONS } from '../decode.js';
import type { DocumentCollection, Member, OutboxEvent, ResourceRecord } from '../types.js';
import { StoreDigest, type FeedBounds, type StoreCounts } from './store-digest.js';

/** Records per page read and per transaction written. */
export const COPY_PAGE_SIZE = 500;

export type CopyPhase = 'users' | 'groups' | 'memberships' | 'documents' | 'events';

export interface CopyProgress {
  phase: CopyPhase;
  done: number;
  /** Known for users, groups and events; undefined where counting first would mean reading twice. */
  total: number | undefined;
}

export interface StoreReading {
  counts: StoreCounts;
  feed: FeedBounds;
  checksum: string;
}

interface Visitor {
  users(records: ResourceRecord[]): Promise<void>;
  groups(records: ResourceRecord[]): Promise<void>;
  members(groupId: string, members: MemberEntry[]): Promise<void>;
  docs(collection: DocumentCollection, entries: [string, unknown][]): Promise<void>;
  events(events: OutboxEvent[]): Promise<void>;
}

/** Writes records, memberships and documents in bulk, in the order a copy visits them; nothing is visible
 * before `finish`, and `abort` leaves the target as it was. */
export interface BulkTarget {
  users(records: readonly ResourceRecord[]): Promise<void>;
  groups(records: readonly ResourceRecord[]): Promise<void>;
  members(groupId: string, members: readonly MemberEntry[]): Promise<void>;
  docs(collection: DocumentCollection, entries: readonly (readonly [string, unknown])[]): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/** Where the target's feed must start so that the copied events keep their positions. */
export function feedStartFor(feed: FeedBounds): number {
  return feed.first === 0 ? feed.last : feed.first - 1;
}

/**
 * Copies `source` into `target` (which the caller has emptied and whose feed starts at `feedStartFor`),
 * through `bulk` when the target has one.
 */
export async function copyStore(
  source: DirectoryStore,
  target: DirectoryStore,
  onProgress: (progress: CopyProgress) => void = () => undefined,
  bulk?: BulkTarget,
): Promise<{ source: StoreReading; target: StoreReading }> {
  const digest = new StoreDigest();
  const feed = await source.eventBounds();
  const totals = {
    users: await source.userCount(),
    groups: await source.groupCount(),
    events: feed.first === 0 ? 0 : feed.last - feed.first + 1,
  };
  const done = { users: 0, groups: 0, memberships: 0, documents: 0, events: 0 };
  const progressed = (phase: CopyPhase, count: number) => {
    done[phase] += count;
    onProgress({
      phase,
      done: done[phase],
      total: phase === 'memberships' || phase === 'documents' ? undefined : totals[phase],
    });
  };
  let bulkOpen = bulk !== undefined;
  const finishBulk = async () => {
    if (!bulkOpen) return;
    bulkOpen = false;
    await bulk!.finish();
  };
  const transactional: Visitor = {
    async users(records) {
      await target.transact(async (tx) => {
        for (const record of records) await tx.putUser(record);
      });
      progressed('users', records.length);
    },
    async groups(records) {
      await target.transact(async (tx) => {
        for (const record of records) await tx.putGroup(record);
      });
      progressed('groups', records.length);
    },
    async members(groupId, members) {
      await target.transact((tx) => tx.addMembers(groupId, members.map(asMember)));
      progressed('memberships', members.length);
    },
    async docs(collection, entries) {
      await target.transact(async (tx) => {
        for (const [id, doc] of entries) await tx.putDoc(collection, id, doc);
      });
      progressed('documents', entries.length);
    },
    async events(events) {
      await finishBulk();
      await target.transact(async (tx) => {
        tx.emit(events.map(({ pos: _pos, ...event }) => event));
      });
      progressed('events', events.length);
    },
  };
  const visitor: Visitor = bulk
    ? {
        async users(records) {
          await bulk.users(records);
          progressed('users', records.length);
        },
        async groups(records) {
          await bulk.groups(records);
          progressed('groups', records.length);
        },
        async members(groupId, members) {
          await bulk.members(groupId, members);
          progressed('memberships', members.length);
        },
        async docs(collection, entries) {
          await bulk.docs(collection, entries);
          progressed('documents', entries.length);
        },
        events: transactional.events,
      }
    : transactional;
  try {
    await walkStore(source, digest, visitor);
    await finishBulk();
  } catch (error) {
    if (bulkOpen) await bulk!.abort();
    throw error;
  }
  const sourceReading: StoreReading = { counts: digest.counts, feed, checksum: digest.finish(feed) };
  return { source: sourceReading, target: await readStore(target) };
}

/** Reads a whole store, page by page, into its counts and checksum. */
export async function readStore(store: DirectoryStore): Promise<StoreReading> {
  const digest = new StoreDigest();
  const nothing = async () => undefined;
  await walkStore(store, digest, { users: nothing, groups: nothing, members: nothing, docs: nothing, events: nothing });
  const feed = await store.eventBounds();
  return { counts: digest.counts, feed, checksum: digest.finish(feed) };
}

/** Whether a store holds anything at all, feed positions included (a target must start empty). */
export async function storeContents(
  store: DirectoryStore,
): Promise<{ users: number; groups: number; documents: number; lastEventPos: number }> {
  let documents = 0;
  for (const collection of DOCUMENT_COLLECTIONS) documents += (await store.listDocEntries(collection)).length;
  return {
    users: await store.userCount(),
    groups: await store.groupCount(),
    documents,
    lastEventPos: (await store.eventBounds()).last,
  };
}

/** Visits the store in the order a copy must write it, feeding every item to the digest first. */
async function walkStore(store: DirectoryStore, digest: StoreDigest, visit: Visitor): Promise<void> {
  for await (const records of pages((offset) => store.listUsers({ offset, limit: COPY_PAGE_SIZE }))) {
    for (const record of records) digest.user(record);
    await visit.users(records);
  }
  for await (const records of pages((offset) => store.listGroups({ offset, limit: COPY_PAGE_SIZE }))) {
    for (const record of records) digest.group(record);
    await visit.groups(records);
  }
  for await (const groups of pages((offset) => store.listGroups({ offset, limit: COPY_PAGE_SIZE }))) {
    for (const group of groups) {
      const members = await store.members(group.id);
      for (let start = 0; start < members.length; start += COPY_PAGE_SIZE) {
        const chunk = members.slice(start, start + COPY_PAGE_SIZE);
        for (const member of chunk) digest.member(group.id, member);
        await visit.members(group.id, chunk);
      }
    }
  }
  for (const collection of DOCUMENT_COLLECTIONS) {
    const entries = await store.listDocEntries(collection);
    for (let start = 0; start < entries.length; start += COPY_PAGE_SIZE) {
      const chunk = entries.slice(start, start + COPY_PAGE_SIZE);
      for (const [id, doc] of chunk) digest.doc(collection, id, doc);
      await visit.docs(collection, chunk);
    }
  }
  for (let after = 0; ;) {
    const events = await store.eventsAfter(after, COPY_PAGE_SIZE);
    if (events.length === 0) break;
    for (const event of events) digest.event(event);
    await visit.events(events);
    after = events.at(-1)!.pos;
  }
}

/** Pages of a creation-ordered listing until one comes back short. */
async function* pages(
  list: (offset: number) => Promise<{ records: ResourceRecord[] }>,
): AsyncGenerator<ResourceRecord[]> {
  for (let offset = 0; ; offset += COPY_PAGE_SIZE) {
    const { records } = await list(offset);
    if (records.length > 0) yield records;
    if (records.length < COPY_PAGE_SIZE) return;
  }
}

function asMember(entry: MemberEntry): Member {
  const member: Member = { value: entry.value, type: entry.type };
  if (entry.display !== undefined) member.display = entry.display;
  return member;
}
