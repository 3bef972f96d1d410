/**
 * The embedded store (lowdb snapshot + journal, all in memory) behind the asynchronous contract.
 *
 * Reads answer from memory; listings narrow candidates with the in-memory indexes (id, userName, group
 * displayName, externalId) and test the rest in memory. Transactions run one at a time through a queue (a
 * transaction's reads cannot go stale before it commits); the queue is released as soon as the transaction is
 * applied in memory, and the caller waits for durability outside it, so group commit keeps batching the
 * journal writes of concurrent requests. Positions in the commit log are journal seqs.
 */
import type {
  ChangeSubscriber,
  ChangeSummary,
  CommittedChange,
  DirectoryStore,
  EventDeriver,
  GroupEntry,
  MemberEntry,
  MembershipChange,
  StoreTransaction,
  TransactionChanges,
  UserWithGroups,
} from '../directory-store.js';
import type { DurableTransaction, Store, StoreStats } from '../types.js';
import { compileCondition, sortSubjects, type Subject } from '../query/evaluate.js';
import type { Condition, RecordPage, RecordQuery } from '../query/types.js';
import { toText } from '../query/values.js';
import type { DocumentCollection, OutboxEvent, ResourceRecord, StoreOp } from '../types.js';
import { EmbeddedTransaction } from './embedded-transaction.js';

type Kind = 'users' | 'groups';

export class EmbeddedDirectoryStore implements DirectoryStore {
  readonly backend = 'embedded' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly derivers = new Set<EventDeriver>();
  private readonly subscribers = new Set<ChangeSubscriber>();
  private readonly stopFollowing: () => void;
  /** What each transaction of this store changed, by journal seq, until it is published. */
  private readonly summaries = new Map<number, ChangeSummary>();
  /** Deliveries to the subscribers, one after the other in seq order. */
  private deliveries: Promise<void> = Promise.resolve();
  private deliveredThrough: number;
  private waiting: { position: number; resolve: () => void }[] = [];

  constructor(
    /** The journaled store; its synchronous interface stays available to callers not moved over yet. */
    readonly journaled: Store,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    this.deliveredThrough = journaled.stats().durableSeq;
    this.stopFollowing = journaled.onDurable((committed) => this.publish(committed));
  }

  // ---- reads ----

  async getUser(id: string) {
    return this.journaled.getUser(id);
  }
  async getGroup(id: string) {
    return this.journaled.getGroup(id);
  }
  async findUserIdByUserName(userName: string) {
    return this.journaled.findUserIdByUserName(userName);
  }
  async findGroupIdByDisplayName(displayName: string) {
    return this.journaled.findGroupIdByDisplayName(displayName);
  }
  async getDoc<T>(collection: DocumentCollection, id: string) {
    return this.journaled.getDoc<T>(collection, id);
  }
  async listDocs<T>(collection: DocumentCollection) {
    return this.journaled.listDocs<T>(collection);
  }
  async listDocEntries<T>(collection: DocumentCollection) {
    return this.journaled.docEntries(collection) as [string, T][];
  }
  async isMember(groupId: string, memberId: string) {
    return this.journaled.members(groupId).has(memberId);
  }
  async userCount() {
    return this.journaled.userCount();
  }
  async groupCount() {
    return this.journaled.groupCount();
  }

  async members(groupId: string): Promise<MemberEntry[]> {
    return [...this.journaled.members(groupId).values()].map((member) => {
      const user = this.journaled.getUser(member.value);
      const type = member.type ?? (user ? 'User' : 'Group');
      const entry: MemberEntry = { value: member.value, type };
      if (member.display !== undefined) entry.display = member.display;
      const name = user
        ? (stringOf(user.data.displayName) ?? stringOf(user.data.userName))
        : stringOf(this.journaled.getGroup(member.value)?.data.displayName);
      if (name !== undefined) entry.name = name;
      return entry;
    });
  }

  async groupsOf(memberId: string): Promise<GroupEntry[]> {
    return this.groupEntries(memberId);
  }

  private groupEntries(memberId: string): GroupEntry[] {
    const groups: GroupEntry[] = [];
    for (const id of this.journaled.groupIdsOfMember(memberId)) {
      const displayName = stringOf(this.journaled.getGroup(id)?.data.displayName);
      groups.push(displayName === undefined ? { id } : { id, displayName });
    }
    return groups;
  }

  async getUserWithGroups(id: string): Promise<UserWithGroups | undefined> {
    const record = this.journaled.getUser(id);
    return record ? { record, groups: this.groupEntries(id) } : undefined;
  }

  async listUsersWithGroups(query: RecordQuery): Promise<RecordPage<UserWithGroups>> {
    const page = this.list('users', query);
    return {
      total: page.total,
      records: page.records.map((record) => ({ record, groups: this.groupEntries(record.id) })),
    };
  }

  async listUsers(query: RecordQuery): Promise<RecordPage<ResourceRecord>> {
    return this.list('users', query);
  }

  async listGroups(query: RecordQuery): Promise<RecordPage<ResourceRecord>> {
    return this.list('groups', query);
  }

  async usersWithGroups(ids: readonly string[]): Promise<UserWithGroups[]> {
    const found: UserWithGroups[] = [];
    for (const id of new Set(ids)) {
      const record = this.journaled.getUser(id);
      if (record) found.push({ record, groups: this.groupEntries(id) });
    }
    return found;
  }

  async docEntriesOf<T>(collection: DocumentCollection, ids: readonly string[]): Promise<[string, T][]> {
    const found: [string, T][] = [];
    for (const id of new Set(ids)) {
      const doc = this.journaled.getDoc<T>(collection, id);
      if (doc !== undefined) found.push([id, doc]);
    }
    return found;
  }

  async *walkDocIds(collection: DocumentCollection, pageSize: number): AsyncIterable<string[]> {
    const ids = this.journaled.docEntries(collection).map(([id]) => id);
    for (let start = 0; start < ids.length; start += pageSize) yield ids.slice(start, start + pageSize);
  }

  async *walkUsers(pageSize: number): AsyncIterable<ResourceRecord[]> {
    const ids = this.journaled.userIds();
    for (let start = 0; start < ids.length; start += pageSize) {
      const page: ResourceRecord[] = [];
      for (const id of ids.slice(start, start + pageSize)) {
        const record = this.journaled.getUser(id);
        if (record) page.push(record);
      }
      yield page;
    }
  }

  private list(kind: Kind, query: RecordQuery): RecordPage<ResourceRecord> {
    const repo = this.journaled;
    const get = kind === 'users' ? (id: string) => repo.getUser(id) : (id: string) => repo.getGroup(id);
    const end = query.offset + query.limit;
    if (!query.where && !query.sort) {
      // Creation order, nothing to test: only the page is looked at.
      const ids = kind === 'users' ? repo.userIds() : repo.groupIds();
      const records = ids
        .slice(query.offset, end)
        .map(get)
        .filter((r): r is ResourceRecord => r !== undefined);
      return { total: ids.length, records };
    }
    const matches = query.where ? compileCondition(query.where) : () => true;
    const candidates =
      (query.where && this.indexedCandidates(kind, query.where)) ??
      (kind === 'users' ? repo.userIds() : repo.groupIds());
    let subjects: (Subject & { record: ResourceRecord })[] = [];
    for (const id of candidates) {
      const record = get(id);
      if (!record) continue;
      const subject = this.subject(record);
      if (matches(subject)) subjects.push(subject);
    }
    if (query.sort) subjects = sortSubjects(subjects, query.sort);
    return { total: subjects.length, records: subjects.slice(query.offset, end).map((s) => s.record) };
  }

  private subject(record: ResourceRecord): Subject & { record: ResourceRecord } {
    const repo = this.journaled;
    return {
      record,
      data: record.data,
      *elements(collection) {
        if (collection === 'groups') {
          for (const id of repo.groupIdsOfMember(record.id)) {
            const element: Record<string, unknown> = { value: id, type: 'direct' };
            const displayName = repo.getGroup(id)?.data.displayName;
            if (displayName !== undefined) element.display = displayName;
            yield element;
          }
          return;
        }
        for (const member of repo.members(record.id).values()) {
          const user = repo.getUser(member.value);
          const type = member.type ?? (user ? 'User' : 'Group');
          const display =
            member.display ??
            (user ? (user.data.displayName ?? user.data.userName) : repo.getGroup(member.value)?.data.displayName);
          const element: Record<string, unknown> = { value: member.value, type };
          if (display !== undefined) element.display = display;
          yield element;
        }
      },
    };
  }

  /**
   * Ids an index can answer for an equality that every match must satisfy (a top-level `eq`, alone or in a
   * chain of `and`s), or undefined when none applies. The full condition is still tested on each.
   */
  private indexedCandidates(kind: Kind, where: Condition): readonly string[] | undefined {
    const repo = this.journaled;
    const stack: Condition[] = [where];
    while (stack.length > 0) {
      const condition = stack.pop()!;
      if (condition.kind === 'and') {
        stack.push(...condition.conditions);
        continue;
      }
      if (condition.kind === 'false') return [];
      if (condition.kind !== 'compare' || condition.op !== 'eq' || condition.affix || condition.type !== 'string')
        continue;
      const value = toText(condition.value, true);
      if (value === undefined) continue;
      const { field } = condition;
      if (field.kind === 'id') return (kind === 'users' ? repo.getUser(value) : repo.getGroup(value)) ? [value] : [];
      if (field.kind !== 'data' || field.path.length !== 1 || field.path[0]!.multiValued) continue;
      const name = field.path[0]!.name;
      if (name === 'externalId' && condition.caseExact) {
        return kind === 'users' ? repo.findUserIdsByExternalId(value) : repo.findGroupIdsByExternalId(value);
      }
      // The name indexes fold case, so they hold every case-exact match too.
      if (kind === 'users' && name === 'userName') return listOf(repo.findUserIdByUserName(value));
      if (kind === 'groups' && name === 'displayName') return listOf(repo.findGroupIdByDisplayName(value));
    }
    return undefined;
  }

  // ---- writes ----

  transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const tx = new EmbeddedTransaction(this.journaled, (collection) => this.journaled.docEntries(collection));
      let result: T;
      let changes: TransactionChanges | undefined;
      try {
        result = await work(tx);
        if (tx.ops.length > 0 || tx.events.length > 0) {
          changes = tx.changes();
          if (tx.ops.length > 0) for (const derive of this.derivers) tx.emit(derive(changes));
        }
      } finally {
        tx.close();
      }
      if (!changes) return { result, seq: undefined, durable: Promise.resolve() };
      // Applied in memory synchronously; the queue moves on while the journal write is in flight.
      const durable = this.journaled.commit(tx.ops, tx.events);
      const seq = this.journaled.stats().seq;
      this.summaries.set(seq, tx.summary(changes));
      durable.catch(() => this.summaries.delete(seq));
      return { result, seq, durable };
    });
    this.queue = run.catch(() => undefined);
    return run.then(async ({ result, seq, durable }) => {
      await durable;
      if (seq !== undefined) {
        await this.whenDelivered(seq);
        await Promise.all([...this.subscribers].map((subscriber) => subscriber.settled?.(seq)));
      }
      return result;
    });
  }

  deriveEvents(deriver: EventDeriver): () => void {
    this.derivers.add(deriver);
    return () => this.derivers.delete(deriver);
  }

  // ---- committed changes and the feed ----

  subscribe(subscriber: ChangeSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  catchUp(): Promise<void> {
    return this.deliveries;
  }

  /** Hands each durable transaction to the subscribers, one after the other (each waits for the last). */
  private publish(committed: DurableTransaction): void {
    const summary = this.summaries.get(committed.seq) ?? summarise(committed.ops);
    this.summaries.delete(committed.seq);
    const change: CommittedChange = { position: committed.seq, summary, events: [...committed.events] };
    this.deliveries = this.deliveries.then(() => this.deliver(change));
  }

  /** One subscriber after the other, in the order they subscribed (a cache first, then what reads it). */
  private async deliver(change: CommittedChange): Promise<void> {
    for (const subscriber of this.subscribers) {
      try {
        const followed = subscriber.change(change);
        if (followed) await followed.catch((error: unknown) => this.report(error));
      } catch (error) {
        this.report(error);
      }
    }
    this.deliveredThrough = change.position;
    if (this.waiting.length === 0) return;
    const still: typeof this.waiting = [];
    for (const waiter of this.waiting) {
      if (waiter.position <= change.position) waiter.resolve();
      else still.push(waiter);
    }
    this.waiting = still;
  }

  private whenDelivered(position: number): Promise<void> {
    if (position <= this.deliveredThrough) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ position, resolve }));
  }

  private report(error: unknown): void {
    this.log(`store: a change subscriber failed: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Only events whose journal line is on disk leave the store. */
  async eventsAfter(after: number, limit: number): Promise<OutboxEvent[]> {
    const durable = this.journaled.durableEventPos();
    if (after >= durable) return [];
    const events = this.journaled.eventsAfter(after, limit);
    return events.at(-1)!.pos <= durable ? [...events] : events.filter((event) => event.pos <= durable);
  }

  async eventBounds() {
    const { first } = this.journaled.eventBounds();
    const last = this.journaled.durableEventPos();
    return { first: first > last ? 0 : first, last };
  }

  async pruneEvents(through: number): Promise<void> {
    await this.journaled.commit([{ op: 'pruneEvents', through }]);
  }

  async close(): Promise<void> {
    await this.queue;
    await this.journaled.close();
    await this.deliveries;
    this.stopFollowing();
  }

  /** The journaled store's figures (the bench and the tests read them). */
  stats(): StoreStats {
    return this.journaled.stats();
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function listOf(id: string | undefined): readonly string[] {
  return id === undefined ? [] : [id];
}

/**
 * Which records and documents a transaction's ops touched, for a transaction written without this adapter
 * (its membership changes are the ops', not net).
 */
export function summarise(ops: readonly StoreOp[]): CommittedChange['summary'] {
  const memberships: MembershipChange[] = [];
  const users = new Set<string>();
  const groups = new Set<string>();
  const docs = new Map<string, { collection: DocumentCollection; id: string }>();
  for (const op of ops) {
    switch (op.op) {
      case 'putUser':
        users.add(op.record.id);
        break;
      case 'deleteUser':
        users.add(op.id);
        break;
      case 'putGroup':
        groups.add(op.record.id);
        break;
      case 'deleteGroup':
        groups.add(op.id);
        break;
      case 'addMembers':
        groups.add(op.groupId);
        memberships.push({ groupId: op.groupId, added: op.members.map((member) => member.value), removed: [] });
        break;
      case 'removeMembers':
        groups.add(op.groupId);
        memberships.push({ groupId: op.groupId, added: [], removed: [...op.values] });
        break;
      case 'clearMembers':
        groups.add(op.groupId);
        break;
      case 'putDoc':
      case 'deleteDoc':
        docs.set(`${op.collection}\u0000${op.id}`, { collection: op.collection, id: op.id });
        break;
      default:
        break;
    }
  }
  return { users: [...users], groups: [...groups], docs: [...docs.values()], memberships };
}
