/**
 * The asynchronous store contract: what every backend (the embedded lowdb + journal store, PostgreSQL)
 * provides, so that no caller needs the whole directory in memory and several server processes can share one
 * database. docs/scale-out.md explains the guarantees and what each rests on.
 *
 * - Reads are asynchronous and answer from committed state. Listings take a store-neutral query
 *   (./query/types.ts) and return one page plus the total, so a backend answers with its indexes.
 * - Writes happen in `transact`: a read-modify-write whose reads lock what they read and whose writes apply
 *   all or nothing, with the directory's invariants checked by the store itself (unique userName and group
 *   displayName, case-insensitively; members exist; a deleted user or group leaves every group).
 * - Every committed transaction gets a position in the commit log; its events get positions in the change
 *   feed. Both mean the same on every node. Subscribers see committed changes after they are durable, in
 *   commit order, at least once.
 */
import type { RecordPage, RecordQuery } from './query/types.js';
import type { DocumentCollection, EventInput, Member, OutboxEvent, ResourceRecord } from './types.js';

export type StoreBackend = 'embedded' | 'postgres';

/** A member as listed: its type resolved, and the name to show when the membership stores none. */
export interface MemberEntry {
  value: string;
  type: 'User' | 'Group';
  /** The display stored with the membership, if any. */
  display?: string;
  /** The member's own name now: a group's displayName, a user's displayName or else userName. */
  name?: string;
}

/** A group a member belongs to. */
export interface GroupEntry {
  id: string;
  displayName?: string;
}

/** A user and the groups it belongs to, read together (its SCIM representation and the rules need both). */
export interface UserWithGroups {
  record: ResourceRecord;
  groups: GroupEntry[];
}

/**
 * Synchronous reads of the admin documents (rules, settings, tokens, webhooks, …): what a node keeps in
 * memory and renews from the committed changes (DocumentCache), so a request never waits for the database
 * to learn a setting.
 */
export interface DocumentReader {
  getDoc<T>(collection: DocumentCollection, id: string): T | undefined;
  listDocs<T>(collection: DocumentCollection): T[];
}

/** Reads shared by the store and a transaction. */
export interface StoreReads {
  getUser(id: string): Promise<ResourceRecord | undefined>;
  getGroup(id: string): Promise<ResourceRecord | undefined>;
  /** Case-insensitive. */
  findUserIdByUserName(userName: string): Promise<string | undefined>;
  /** Case-insensitive. */
  findGroupIdByDisplayName(displayName: string): Promise<string | undefined>;
  getDoc<T>(collection: DocumentCollection, id: string): Promise<T | undefined>;
  listDocs<T>(collection: DocumentCollection): Promise<T[]>;
  /** A collection's documents with their ids, in the order they were first written. */
  listDocEntries<T>(collection: DocumentCollection): Promise<[string, T][]>;
  /** Whether `memberId` is a member of `groupId`. */
  isMember(groupId: string, memberId: string): Promise<boolean>;
}

/** Inside `transact`: reads that lock what they read (until the transaction ends) and see its own writes. */
export interface StoreTransaction extends StoreReads {
  /** Creates or replaces a user (`record.meta.version` as the caller computed it). A userName another user
   * has (case-insensitively) rejects with StoreError('conflict'). */
  putUser(record: ResourceRecord): Promise<void>;
  /** Deletes a user and every membership of it. */
  deleteUser(id: string): Promise<void>;
  /** Creates or replaces a group; a displayName another group has rejects with StoreError('conflict'). */
  putGroup(record: ResourceRecord): Promise<void>;
  /** Deletes a group, its members and its own memberships in other groups. */
  deleteGroup(id: string): Promise<void>;
  /**
   * Records a change of the group's members alone: its version goes up by one and its lastModified becomes
   * `lastModified`, its attributes unchanged. Locks the group now (until the transaction ends), so a caller
   * that changes members first holds the lock only for the end of its transaction; concurrent member batches
   * to one group then take turns for that end alone, each still with a version of its own. Undefined when
   * there is no such group (nothing is written).
   */
  touchGroup(id: string, lastModified: string): Promise<RecordChange | undefined>;
  /** Adds members (an existing one keeps its place; its display is updated). A member that is no user or
   * group rejects with StoreError('invalid'). Never rewrites the member list. */
  addMembers(groupId: string, members: readonly Member[]): Promise<void>;
  removeMembers(groupId: string, values: readonly string[]): Promise<void>;
  clearMembers(groupId: string): Promise<void>;
  putDoc(collection: DocumentCollection, id: string, doc: unknown): Promise<void>;
  deleteDoc(collection: DocumentCollection, id: string): Promise<void>;
  /** Records events in this transaction: durable exactly when its changes are, and only if it commits. */
  emit(events: readonly EventInput[]): void;
}

/** A user or group as one transaction changed it. */
export interface RecordChange {
  id: string;
  /** Undefined when the transaction created it. */
  before: ResourceRecord | undefined;
  /** Undefined when the transaction deleted it. */
  after: ResourceRecord | undefined;
}

/** A group's net membership change in one transaction (a member removed and added again is neither). */
export interface MembershipChange {
  groupId: string;
  added: string[];
  removed: string[];
}

/** What one transaction changed, as it is about to commit: what event derivers see. */
export interface TransactionChanges {
  users: RecordChange[];
  groups: RecordChange[];
  memberships: MembershipChange[];
  docs: { collection: DocumentCollection; id: string; deleted: boolean }[];
}

/**
 * Turns a transaction's changes into events, inside the transaction, so they commit with it. Must be
 * synchronous and pure: it may run again if the backend retries the transaction.
 */
export type EventDeriver = (changes: TransactionChanges) => readonly EventInput[];

/** Which records and documents a committed transaction touched (what caches on other nodes drop). */
export interface ChangeSummary {
  users: string[];
  groups: string[];
  docs: { collection: DocumentCollection; id: string }[];
  /**
   * Each group's net membership change (what the access index follows without re-reading whole groups). On
   * PostgreSQL a deleted group's members are reported as removed (what a node that holds no index needs).
   */
  memberships: MembershipChange[];
  /** Groups whose displayName changed (neither created nor deleted), with their names before and after. */
  renamedGroups?: GroupRenamed[];
}

export interface GroupRenamed {
  groupId: string;
  from?: string;
  to?: string;
}

/** The groups a transaction renamed: what a node that keeps no group names learns a rename from. */
export function renamedGroups(changes: TransactionChanges): GroupRenamed[] {
  const nameOf = (record: ResourceRecord | undefined) =>
    typeof record?.data.displayName === 'string' ? record.data.displayName : undefined;
  const renamed: GroupRenamed[] = [];
  for (const { id, before, after } of changes.groups) {
    if (!before || !after) continue;
    const from = nameOf(before);
    const to = nameOf(after);
    if (from === to) continue;
    const rename: GroupRenamed = { groupId: id };
    if (from !== undefined) rename.from = from;
    if (to !== undefined) rename.to = to;
    renamed.push(rename);
  }
  return renamed;
}

/** `renamedGroups` for a summary: left out when there is none (the commit log keeps summaries short). */
export function renames(changes: TransactionChanges): Pick<ChangeSummary, 'renamedGroups'> {
  const renamed = renamedGroups(changes);
  return renamed.length > 0 ? { renamedGroups: renamed } : {};
}

export interface CommittedChange {
  /** Position in the commit log: increasing in commit order, the same on every node. */
  position: number;
  summary: ChangeSummary;
  /** The transaction's events with their feed positions. */
  events: OutboxEvent[];
}

export interface ChangeSubscriber {
  /**
   * Each committed transaction (of any node), after it is durable, in commit order. A subscriber that follows
   * it asynchronously returns a promise: the next change waits for it, and a transaction of this node returns
   * only once its change has been followed, so whatever a node derives from changes (caches, the access index)
   * already shows the node's own write when the writer resumes. It must therefore never wait for a transaction
   * of its own (that transaction would wait for it). Subscribers are told one after the other, in the order
   * they subscribed: what a later one reads from an earlier one (a cache) is already up to date.
   */
  change(change: CommittedChange): void | Promise<void>;
  /** Changes were missed (the commit log was pruned while this node was cut off): re-read what you keep. */
  resync(): void | Promise<void>;
  /**
   * What the subscriber started because of the change at `position` and could not await while following it
   * (a transaction of its own: it would wait for this very delivery), done. A transaction of this node
   * returns once that is settled too, so its writer sees what was derived from its change (access changes
   * recorded, their activity lines logged). Only that change's own follow-ups: a follow-up transaction never
   * waits for itself.
   */
  settled?(position: number): Promise<void> | undefined;
}

export interface DirectoryStore extends StoreReads {
  readonly backend: StoreBackend;

  listUsers(query: RecordQuery): Promise<RecordPage<ResourceRecord>>;
  listGroups(query: RecordQuery): Promise<RecordPage<ResourceRecord>>;
  /**
   * Every user, a page of at most `pageSize` at a time, in an order of the backend's choosing: for a reader
   * that must see everyone (the access index at start). No count and no offset, so each page costs the same
   * however far the walk has come (a listing's offset makes walking a million users quadratic). A user
   * written during the walk may or may not be seen: follow the committed changes to catch up.
   */
  walkUsers(pageSize: number): AsyncIterable<ResourceRecord[]>;
  /** A group's members in the order they were added (empty for an unknown group). */
  members(groupId: string): Promise<MemberEntry[]>;
  /** The groups that have `memberId` as a member, in the order the memberships were made. */
  groupsOf(memberId: string): Promise<GroupEntry[]>;
  /** A user with its groups (as `groupsOf`), in one read: a database answers both with one round trip. */
  getUserWithGroups(id: string): Promise<UserWithGroups | undefined>;
  /** `listUsers` with each user's groups: one read for a page, not one more per user. */
  listUsersWithGroups(query: RecordQuery): Promise<RecordPage<UserWithGroups>>;
  /** The users among `ids` that exist, each with its groups, in one read (unknown ids are left out). */
  usersWithGroups(ids: readonly string[]): Promise<UserWithGroups[]>;
  /** The documents among `ids` of one collection that exist, with their ids, in one read. */
  docEntriesOf<T>(collection: DocumentCollection, ids: readonly string[]): Promise<[string, T][]>;
  /** A collection's document ids, a page at a time (keyset, like `walkUsers`): for a reader that must see them all. */
  walkDocIds(collection: DocumentCollection, pageSize: number): AsyncIterable<string[]>;
  userCount(): Promise<number>;
  groupCount(): Promise<number>;

  /**
   * Runs `work` as one transaction and returns its result once the transaction is durable. Reads inside lock
   * what they read, so a read-modify-write cannot lose a concurrent update on any backend. If `work` throws,
   * nothing changes. A backend may run `work` again after a serialisation failure, so it must not have
   * effects outside the transaction.
   */
  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;

  /** Adds a deriver that runs at the end of every transaction; returns its removal. */
  deriveEvents(deriver: EventDeriver): () => void;

  /** Follows committed changes from now on; returns the unsubscribe function. */
  subscribe(subscriber: ChangeSubscriber): () => void;
  /**
   * Resolves once every change committed (and numbered) before the call has been handed to this node's
   * subscribers and followed by them: what a node that takes the lead waits for before it compares what it
   * derived with what the previous leader recorded.
   */
  catchUp(): Promise<void>;

  /** The change feed: events with position > `after`, oldest first, at most `limit`. */
  eventsAfter(after: number, limit: number): Promise<OutboxEvent[]>;
  /** The oldest retained feed position (0 when empty) and the last one ever assigned. */
  eventBounds(): Promise<{ first: number; last: number }>;
  /** Drops feed events up to and including `through` (retention). */
  pruneEvents(through: number): Promise<void>;

  close(): Promise<void>;
}
