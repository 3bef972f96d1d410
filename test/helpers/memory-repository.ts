import type {
  ChangeSubscriber,
  DirectoryStore,
  DocumentReader,
  StoreTransaction,
} from '../../server/store/directory-store.js';
import type { DocOp } from '../../server/store/doc-ops.js';
import type { DocumentCollection, OutboxEvent, ResourceRecord } from '../../server/store/types.js';

/**
 * An in-memory store for unit tests of code that only needs the document collections (tokens, rules,
 * settings, ...): `store` is the asynchronous contract, `documents` what a node keeps in memory (as the
 * DocumentCache does). Documents really are stored (as JSON copies, like on disk), transactions are atomic and
 * the cache follows them before `transact` resolves; users and groups are an always-empty directory. The real
 * stores are exercised by the integration tests.
 */
export class MemoryRepository {
  private readonly docs = new Map<DocumentCollection, Map<string, string>>();
  private readonly listeners = new Set<(collection: DocumentCollection, id: string) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Every committed transaction's writes, in order, for assertions. */
  readonly committed: DocOp[][] = [];
  /** When set, the next transaction rejects with this error and changes nothing (a failing disk). */
  failNextCommit: Error | undefined;

  readonly documents: DocumentReader & {
    onChange(listener: (collection: DocumentCollection, id: string) => void): () => void;
  } = {
    getDoc: <T>(collection: DocumentCollection, id: string) => this.read<T>(collection, id),
    listDocs: <T>(collection: DocumentCollection) =>
      [...(this.docs.get(collection)?.values() ?? [])].map((json) => JSON.parse(json) as T),
    onChange: (listener) => {
      this.listeners.add(listener);
      return () => this.listeners.delete(listener);
    },
  };

  readonly store: DirectoryStore = {
    backend: 'embedded',
    getUser: async () => undefined,
    getGroup: async () => undefined,
    findUserIdByUserName: async () => undefined,
    findGroupIdByDisplayName: async () => undefined,
    getDoc: async <T>(collection: DocumentCollection, id: string) => this.read<T>(collection, id),
    listDocs: async <T>(collection: DocumentCollection) => this.documents.listDocs<T>(collection),
    listDocEntries: async <T>(collection: DocumentCollection) =>
      [...(this.docs.get(collection) ?? [])].map(([id, json]) => [id, JSON.parse(json) as T] as [string, T]),
    isMember: async () => false,
    listUsers: async () => ({ total: 0, records: [] as ResourceRecord[] }),
    listGroups: async () => ({ total: 0, records: [] as ResourceRecord[] }),
    walkUsers: async function* () {},
    members: async () => [],
    groupsOf: async () => [],
    getUserWithGroups: async () => undefined,
    listUsersWithGroups: async () => ({ total: 0, records: [] }),
    usersWithGroups: async () => [],
    docEntriesOf: async <T>(collection: DocumentCollection, ids: readonly string[]) =>
      ids.flatMap((id) => {
        const doc = this.read<T>(collection, id);
        return doc === undefined ? [] : [[id, doc] as [string, T]];
      }),
    walkDocIds: async function* () {},
    userCount: async () => 0,
    groupCount: async () => 0,
    transact: <T>(work: (tx: StoreTransaction) => Promise<T>) => {
      const run = this.queue.then(() => this.run(work));
      this.queue = run.catch(() => undefined);
      return run;
    },
    deriveEvents: () => () => undefined,
    subscribe: (_subscriber: ChangeSubscriber) => () => undefined,
    catchUp: async () => undefined,
    eventsAfter: async (): Promise<OutboxEvent[]> => [],
    eventBounds: async () => ({ first: 0, last: 0 }),
    pruneEvents: async () => undefined,
    close: async () => undefined,
  };

  /** Everything stored, as the text a data file would hold (to look for leaked secrets). */
  dump(): string {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [collection, docs] of this.docs) {
      out[collection] = Object.fromEntries([...docs].map(([id, json]) => [id, JSON.parse(json) as unknown]));
    }
    return JSON.stringify(out);
  }

  private read<T>(collection: DocumentCollection, id: string): T | undefined {
    const json = this.docs.get(collection)?.get(id);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  private async run<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    const ops: DocOp[] = [];
    const pending = new Map<string, string | undefined>();
    const key = (collection: DocumentCollection, id: string) => `${collection}\u0000${id}`;
    const directory = () => Promise.reject(new Error('MemoryRepository keeps documents only'));
    const tx: StoreTransaction = {
      ...this.store,
      getDoc: async <D>(collection: DocumentCollection, id: string) => {
        const k = key(collection, id);
        if (pending.has(k)) {
          const json = pending.get(k);
          return json === undefined ? undefined : (JSON.parse(json) as D);
        }
        return this.read<D>(collection, id);
      },
      putDoc: async (collection, id, doc) => {
        pending.set(key(collection, id), JSON.stringify(doc));
        ops.push({ op: 'putDoc', collection, id, doc });
      },
      deleteDoc: async (collection, id) => {
        pending.set(key(collection, id), undefined);
        ops.push({ op: 'deleteDoc', collection, id });
      },
      putUser: directory,
      deleteUser: directory,
      putGroup: directory,
      deleteGroup: directory,
      touchGroup: directory,
      addMembers: directory,
      removeMembers: directory,
      clearMembers: directory,
      emit: () => undefined, // documents raise no events
    };
    const result = await work(tx);
    if (ops.length === 0) return result;
    const failure = this.failNextCommit;
    if (failure) {
      this.failNextCommit = undefined;
      throw failure;
    }
    for (const op of ops) {
      if (op.op === 'putDoc') this.collection(op.collection).set(op.id, JSON.stringify(op.doc));
      else this.collection(op.collection).delete(op.id);
    }
    this.committed.push(ops);
    for (const op of ops) for (const listener of this.listeners) listener(op.collection, op.id);
    return result;
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

/** A fresh MemoryRepository's store and documents, as a service's first two arguments. */
export function memoryStore(): [DirectoryStore, MemoryRepository['documents']] {
  const repo = new MemoryRepository();
  return [repo.store, repo.documents];
}
