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
  CommittedChange,
  DirectoryStore,
  EventDeriver,
  GroupEntry,
  MemberEntry,
  StoreTransaction,
} from '../directory-store.js';
import type { DurableTransaction, Store } from '../types.js';
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

  constructor(
    /** The journaled store; its synchronous interface stays available to callers not moved over yet. */
    readonly journaled: Store,
    private readonly log: (line: string) => void = () => undefined,
  ) {
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
      const name = user ? (stringOf(user.data.displayName) ?? stringOf(user.data.userName)) : stringOf(this.journaled.getGroup(member.value)?.data.displayName);
      if (name !== undefined) entry.name = name;
      return entry;
    });
  }

  async groupsOf(memberId: string): Promise<GroupEntry[]> {
    const groups: GroupEntry[] = [];
    for (const id of this.journaled.groupIdsOfMember(memberId)) {
      const displayName = stringOf(this.journaled.getGroup(id)?.data.displayName);
      groups.push(displayName === undefined ? { id } : { id, displayName });
    }
    return groups;
  }

  async listUsers(query: RecordQuery): Promise<RecordPage<ResourceRecord>> {
    return this.list('users', query);
  }

  async listGroups(query: RecordQuery): Promise<RecordPage<ResourceRecord>> {
    return this.list('groups', query);
  }

  private list(kind: Kind, query: RecordQuery): RecordPage<ResourceRecord> {
    const repo = this.journaled;
    const get = kind === 'users' ? (id: string) => repo.getUser(id) : (id: string) => repo.getGroup(id);
    const end = query.offset + query.limit;
    if (!query.where && !query.sort) {
      // Creation order, nothing to test: only the page is looked at.
      const ids = kind === 'users' ? repo.userIds() : repo.groupIds();
      const records = ids.slice(query.offset, end).map(get).filter((r): r is ResourceRecord => r !== undefined);
      return { total: ids.length, records };
    }
    const matches = query.where ? compileCondition(query.where) : () => true;
    const candidates = (query.where && this.indexedCandidates(kind, query.where)) ?? (kind === 'users' ? repo.userIds() : repo.groupIds());
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
          const display = member.display ?? (user ? (user.data.displayName ?? user.data.userName) : repo.getGroup(member.value)?.data.displayName);
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
      if (condition.kind !== 'compare' || condition.op !== 'eq' || condition.affix || condition.type !== 'string') continue;
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
      try {
        result = await work(tx);
        if (this.derivers.size > 0 && tx.ops.length > 0) {
          const changes = tx.changes();
          for (const derive of this.derivers) tx.emit(derive(changes));
        }
      } finally {
        tx.close();
      }
      // Applied in memory synchronously; the queue moves on while the journal write is in flight.
      const durable = this.journaled.commit(tx.ops, tx.events);
      return { result, durable };
    });
    this.queue = run.catch(() => undefined);
    return run.then(async ({ result, durable }) => {
      await durable;
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

  private publish(committed: DurableTransaction): void {
    if (this.subscribers.size === 0) return;
    const change: CommittedChange = { position: committed.seq, summary: summarise(committed.ops), events: [...committed.events] };
    for (const subscriber of this.subscribers) {
      try {
        subscriber.change(change);
      } catch (error) {
        this.log(`store: a change subscriber threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async eventsAfter(after: number, limit: number): Promise<OutboxEvent[]> {
    return [...this.journaled.eventsAfter(after, limit)];
  }

  async eventBounds() {
    return this.journaled.eventBounds();
  }

  async pruneEvents(through: number): Promise<void> {
    await this.journaled.commit([{ op: 'pruneEvents', through }]);
  }

  async close(): Promise<void> {
    await this.queue;
    this.stopFollowing();
    await this.journaled.close();
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function listOf(id: string | undefined): readonly string[] {
  return id === undefined ? [] : [id];
}

/** Which records and documents a transaction's ops touched. */
export function summarise(ops: readonly StoreOp[]): CommittedChange['summary'] {
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
      case 'removeMembers':
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
  return { users: [...users], groups: [...groups], docs: [...docs.values()] };
}
