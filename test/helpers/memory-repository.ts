import type { CommitContext, DirectoryRepository, DocumentCollection, Member, OutboxEvent, ResourceRecord, StoreOp } from '../../server/store/types.js';

/**
 * An in-memory DirectoryRepository for unit tests of code that only needs the document collections
 * (tokens, rules, settings, ...). Documents really are stored (as JSON copies, like on disk), commits are
 * atomic and notify listeners synchronously; users and groups are an always-empty directory. The real
 * store is exercised by the integration tests.
 */
export class MemoryRepository implements DirectoryRepository {
  private readonly docs = new Map<DocumentCollection, Map<string, string>>();
  private readonly listeners = new Set<(ops: readonly StoreOp[], commit: CommitContext) => void>();
  /** Every committed transaction, in order, for assertions. */
  readonly committed: StoreOp[][] = [];
  /** When set, the next commit rejects with this error and changes nothing (a failing disk). */
  failNextCommit: Error | undefined;

  getUser(): ResourceRecord | undefined {
    return undefined;
  }
  findUserIdByUserName(): string | undefined {
    return undefined;
  }
  findUserIdsByExternalId(): readonly string[] {
    return [];
  }
  userIds(): readonly string[] {
    return [];
  }
  userCount(): number {
    return 0;
  }
  getGroup(): ResourceRecord | undefined {
    return undefined;
  }
  findGroupIdByDisplayName(): string | undefined {
    return undefined;
  }
  findGroupIdsByExternalId(): readonly string[] {
    return [];
  }
  groupIds(): readonly string[] {
    return [];
  }
  groupCount(): number {
    return 0;
  }
  members(): ReadonlyMap<string, Member> {
    return new Map();
  }
  groupIdsOfMember(): ReadonlySet<string> {
    return new Set();
  }

  getDoc<T>(collection: DocumentCollection, id: string): T | undefined {
    const json = this.docs.get(collection)?.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  listDocs<T>(collection: DocumentCollection): T[] {
    return [...(this.docs.get(collection)?.values() ?? [])].map((json) => JSON.parse(json) as T);
  }

  commit(ops: StoreOp[]): Promise<void> {
    const failure = this.failNextCommit;
    if (failure) {
      this.failNextCommit = undefined;
      return Promise.reject(failure);
    }
    const unsupported = ops.find((op) => op.op !== 'putDoc' && op.op !== 'deleteDoc');
    if (unsupported) throw new Error(`MemoryRepository keeps documents only; got ${unsupported.op}`);
    for (const op of ops) {
      if (op.op === 'putDoc') this.collection(op.collection).set(op.id, JSON.stringify(op.doc));
      else if (op.op === 'deleteDoc') this.collection(op.collection).delete(op.id);
    }
    this.committed.push([...ops]);
    const durable = Promise.resolve(); // "durable" at once: nothing is written
    for (const listener of this.listeners) listener(ops, { emit: () => undefined, durable }); // documents raise no events
    return durable;
  }

  onCommit(listener: (ops: readonly StoreOp[], commit: CommitContext) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onBeforeApply(): () => void {
    return () => undefined;
  }

  eventsAfter(): readonly OutboxEvent[] {
    return [];
  }

  eventBounds() {
    return { first: 0, last: 0 };
  }

  /** Everything stored, as the text a data file would hold (to look for leaked secrets). */
  dump(): string {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [collection, docs] of this.docs) {
      out[collection] = Object.fromEntries([...docs].map(([id, json]) => [id, JSON.parse(json) as unknown]));
    }
    return JSON.stringify(out);
  }

  private collection(name: DocumentCollection): Map<string, string> {
    let docs = this.docs.get(name);
    if (!docs) {
      docs = new Map();
      this.docs.set(name, docs);
    }
    return docs;
  }
}
