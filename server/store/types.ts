/**
 * The directory repository: the one interface through which SCIM, rules and admin code reach storage.
 * Reads are synchronous and served from memory; writes are transactions that resolve once durable.
 * lowdb lives behind this interface only (server/store/lowdb/), so another backend can follow.
 */

export interface RecordMeta {
  created: string; // ISO 8601
  lastModified: string; // ISO 8601
  version: number; // bumped on every change; the ETag is W/"<version>"
}

/** A SCIM resource as stored: client attributes in `data`, server-owned fields beside it. */
export interface ResourceRecord {
  id: string;
  meta: RecordMeta;
  /** The resource's attributes as accepted (schemas, userName, name, emails, active, extension objects, ...),
   * without id, meta, groups, members or password. */
  data: Record<string, unknown>;
  /** Id of the SCIM token whose request created the resource (rehearsal data is removed by it). */
  origin?: string;
}

export interface Member {
  value: string; // member resource id
  display?: string;
  type?: 'User' | 'Group';
}

/** Admin-side collections stored beside the directory, each a map of JSON documents by id. `accessGrants`
 * holds what the change feed has told of each user's access (one document per user that has some). */
export type DocumentCollection =
  'tokens' | 'rules' | 'organizationalUnits' | 'settings' | 'webhooks' | 'webhookProgress' | 'accessGrants';

/**
 * One event of the change feed and the webhooks' outbox (docs/events.md), recorded in the same journal line
 * as the change that caused it. `pos` is its place in the feed (1, 2, 3, … in commit order); `key` names the
 * resource whose events are delivered in order (`user:<id>`, `group:<id>`).
 */
export interface OutboxEvent {
  pos: number;
  id: string;
  type: string;
  timestamp: string;
  key: string;
  data: Record<string, unknown>;
}

/** An event as a commit listener emits it: the store stamps `pos`. */
export type EventInput = Omit<OutboxEvent, 'pos'>;

/** What a commit listener gets besides the ops: a way to add events to the same durable transaction, and
 * when that transaction is durable (what is derived for the world outside, such as activity lines, waits for it). */
export interface CommitContext {
  emit(events: readonly EventInput[]): void;
  /** Resolves once the transaction is durable, before its commit() promise does; rejects if its write fails. */
  readonly durable: Promise<void>;
}

export type StoreOp =
  | { op: 'putUser'; record: ResourceRecord }
  | { op: 'deleteUser'; id: string } // also removes the user from every group
  | { op: 'putGroup'; record: ResourceRecord }
  | { op: 'deleteGroup'; id: string } // also drops its members and its own memberships in other groups
  | { op: 'addMembers'; groupId: string; members: Member[] } // existing values are replaced (display/type updated)
  | { op: 'removeMembers'; groupId: string; values: string[] }
  | { op: 'clearMembers'; groupId: string }
  | { op: 'putDoc'; collection: DocumentCollection; id: string; doc: unknown }
  | { op: 'deleteDoc'; collection: DocumentCollection; id: string }
  /** Added by the store itself to a transaction whose listeners emitted events (never by callers). */
  | { op: 'recordEvents'; events: OutboxEvent[] }
  /** Drops events up to and including `through` from the feed (retention). */
  | { op: 'pruneEvents'; through: number };

export interface DirectoryRepository {
  // Users: stable order is creation order.
  getUser(id: string): ResourceRecord | undefined;
  /** Case-insensitive (RFC 7643: userName is caseExact=false). */
  findUserIdByUserName(userName: string): string | undefined;
  findUserIdsByExternalId(externalId: string): readonly string[];
  userIds(): readonly string[];
  userCount(): number;

  // Groups: stable order is creation order.
  getGroup(id: string): ResourceRecord | undefined;
  /** Case-insensitive. */
  findGroupIdByDisplayName(displayName: string): string | undefined;
  findGroupIdsByExternalId(externalId: string): readonly string[];
  groupIds(): readonly string[];
  groupCount(): number;

  /** Members of a group in insertion order (empty map for unknown groups). */
  members(groupId: string): ReadonlyMap<string, Member>;
  /** Ids of groups that have `memberId` as a member. */
  groupIdsOfMember(memberId: string): ReadonlySet<string>;

  getDoc<T>(collection: DocumentCollection, id: string): T | undefined;
  listDocs<T>(collection: DocumentCollection): T[];

  /**
   * Applies the ops to memory synchronously and atomically (all or none: a failing op throws and
   * nothing changes), then resolves once they are durable on disk. Ops committed while a write is in
   * flight are written together (group commit). `events` are recorded in the same transaction.
   */
  commit(ops: StoreOp[], events?: readonly EventInput[]): Promise<void>;

  /**
   * Subscribes to committed transactions (applied in memory, not yet written); returns the unsubscribe
   * function. Listeners run synchronously, in subscription order, and may add events to the transaction
   * through `commit.emit`: they are written in the same journal line, so they are durable exactly when the
   * change is.
   */
  onCommit(listener: (ops: readonly StoreOp[], commit: CommitContext) => void): () => void;

  /** Runs before a checked transaction is applied: what derivers need from the state before it. */
  onBeforeApply(listener: (ops: readonly StoreOp[]) => void): () => void;

  /** The feed: events with `pos` > `after`, oldest first, at most `limit`. */
  eventsAfter(after: number, limit: number): readonly OutboxEvent[];
  /** The feed's bounds: the oldest retained pos (0 when empty) and the last pos ever recorded. */
  eventBounds(): { first: number; last: number };
}

export interface StoreStats {
  /** Seq of the last transaction applied in memory. */
  seq: number;
  /** Seq of the last transaction known to be on disk. */
  durableSeq: number;
  /** Seq the snapshot file covers. */
  snapshotSeq: number;
  journalBytes: number;
  snapshotBytes: number;
  /** Journal fdatasyncs so far (group commit makes this far smaller than the number of commits). */
  journalSyncs: number;
  /** Journal write batches so far. */
  journalBatches: number;
  compactions: number;
  /** Set once a journal write failed: the store then refuses every commit. */
  failure: string | undefined;
}

/** The repository as its owner holds it: with its life cycle, its figures and the feed's durability. */
export interface Store extends DirectoryRepository {
  /** Stops accepting commits, waits for pending writes, writes a final snapshot (unless disabled). */
  close(): Promise<void>;
  stats(): StoreStats;
  /** Writes a snapshot now and drops the journal segments it covers; commits keep flowing meanwhile. */
  compact(): Promise<void>;
  /** The last event pos whose transaction is durable: only those may leave the process (webhooks). */
  durableEventPos(): number;
  /** Called, in order, each time a transaction that recorded events has become durable. */
  onEventsDurable(listener: (lastPos: number) => void): () => void;
  /** A collection's documents with their ids. */
  docEntries(collection: DocumentCollection): [string, unknown][];
  /** Called, in seq order, each time a transaction has become durable: its seq, its ops and its events. */
  onDurable(listener: (committed: DurableTransaction) => void): () => void;
}

/** A transaction as written: what `onDurable` listeners get. */
export interface DurableTransaction {
  seq: number;
  ops: readonly StoreOp[];
  events: readonly OutboxEvent[];
}

/**
 * `invalid` (added with the lowdb store): a transaction that cannot apply (unknown id, unknown member,
 * not JSON-serialisable); nothing changed. `conflict`: a transaction would break a uniqueness rule (a
 * userName or group displayName that another record has); nothing changed. `unavailable`: the database
 * could not be reached or did not answer in time; the caller may retry (SCIM answers 503). `unsafe`: the data
 * folder, or a file in it, is not one SCIM Desk can trust (owned by someone else, writable by others, a
 * symbolic link); nothing was written. The other codes concern the data folder or the store's life.
 */
export type StoreErrorCode =
  'corrupt' | 'newer-version' | 'locked' | 'io' | 'closed' | 'invalid' | 'conflict' | 'unavailable' | 'unsafe';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** A member to add that is neither a user nor a group (`invalid`): names the value, so callers can say which. */
export class UnknownMemberError extends StoreError {
  constructor(readonly member: string) {
    super('invalid', `unknown member ${member}; nothing was changed`);
  }
}
