/**
 * The admin documents (rules, settings, tokens, webhooks, …) of one node, in memory: read at start, then
 * renewed from each committed change that touched them, whichever node wrote it. Every request reads a
 * setting or a token hash without waiting for the database; a change on another node arrives within the time
 * its notification takes (a second at most: the commit log is polled too). The store returns a transaction of
 * this node only after the cache followed it, so the node reads its own writes.
 *
 * Only the collections given are kept; documents that exist per user (which can be as many as users) are not
 * for a cache.
 */
import type { ChangeSubscriber, CommittedChange, DirectoryStore, DocumentReader } from './directory-store.js';
import type { DocumentCollection } from './types.js';

/** The collections a node keeps in memory: small, read on hot paths, written by admins. */
export const CACHED_COLLECTIONS: readonly DocumentCollection[] = [
  'tokens',
  'rules',
  'organizationalUnits',
  'settings',
  'webhooks',
  'webhookProgress',
];

export class DocumentCache implements DocumentReader {
  /** Documents by id, in the store's order (a renewed document keeps its place; a new one goes last). */
  private readonly collections = new Map<DocumentCollection, Map<string, unknown>>();
  private unsubscribe: (() => void) | undefined;
  private readonly listeners = new Set<(collection: DocumentCollection, id: string) => void>();
  private reloading: Promise<void> | undefined;

  private constructor(
    private readonly store: DirectoryStore,
    private readonly kept: readonly DocumentCollection[],
  ) {}

  /** Reads every kept collection and starts following changes. */
  static async open(
    store: DirectoryStore,
    collections: readonly DocumentCollection[] = CACHED_COLLECTIONS,
  ): Promise<DocumentCache> {
    const cache = new DocumentCache(store, collections);
    // Subscribed before reading, so a change committed meanwhile is applied after the read, never lost.
    const subscriber: ChangeSubscriber = { change: (change) => cache.follow(change), resync: () => cache.reload() };
    cache.unsubscribe = store.subscribe(subscriber);
    await cache.reload();
    return cache;
  }

  getDoc<T>(collection: DocumentCollection, id: string): T | undefined {
    return this.collection(collection).get(id) as T | undefined;
  }

  listDocs<T>(collection: DocumentCollection): T[] {
    return [...this.collection(collection).values()] as T[];
  }

  /** Ids with their documents, in order. */
  entries<T>(collection: DocumentCollection): [string, T][] {
    return [...this.collection(collection)] as [string, T][];
  }

  /** Told of each document renewed or removed (after the cache holds the new state); returns the removal. */
  onChange(listener: (collection: DocumentCollection, id: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private collection(collection: DocumentCollection): Map<string, unknown> {
    const found = this.collections.get(collection);
    if (found) return found;
    if (!this.kept.includes(collection))
      throw new Error(`the ${collection} collection is not kept in the document cache`);
    const created = new Map<string, unknown>();
    this.collections.set(collection, created);
    return created;
  }

  private async follow(change: CommittedChange): Promise<void> {
    const touched = change.summary.docs.filter((doc) => this.kept.includes(doc.collection));
    if (touched.length === 0) return;
    // What a reload under way read may be older than what is read here: it goes first.
    if (this.reloading) await this.reloading;
    const docs = await Promise.all(touched.map(({ collection, id }) => this.store.getDoc<unknown>(collection, id)));
    touched.forEach(({ collection, id }, i) => {
      const doc = docs[i];
      if (doc === undefined) this.collection(collection).delete(id);
      else this.collection(collection).set(id, doc);
    });
    for (const { collection, id } of touched) this.tell(collection, id);
  }

  private reload(): Promise<void> {
    const reloading = this.readAll().finally(() => {
      if (this.reloading === reloading) this.reloading = undefined;
    });
    this.reloading = reloading;
    return reloading;
  }

  private async readAll(): Promise<void> {
    const read = await Promise.all(
      this.kept.map(async (collection) => [collection, await this.store.listDocEntries(collection)] as const),
    );
    for (const [collection, entries] of read) {
      const before = this.collections.get(collection) ?? new Map<string, unknown>();
      this.collections.set(collection, new Map(entries));
      for (const id of new Set([...before.keys(), ...entries.map(([id]) => id)])) this.tell(collection, id);
    }
  }

  private tell(collection: DocumentCollection, id: string): void {
    for (const listener of this.listeners) listener(collection, id);
  }
}
