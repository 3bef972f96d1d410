import type { StoreTransaction } from '../../server/store/directory-store.js';
import { DocumentCache } from '../../server/store/document-cache.js';
import { EmbeddedDirectoryStore } from '../../server/store/embedded/embedded-directory-store.js';
import { openStore, type Store } from '../../server/store/index.js';
import type { StoreOp } from '../../server/store/types.js';

/**
 * The embedded store as the server opens it (the journaled store behind the asynchronous contract, and the
 * node's document cache), for tests of what follows committed changes. `commit` writes ops as one transaction
 * of the contract: it resolves once the change is durable and every subscriber (the access index, the cache)
 * has followed it, like a request of the server.
 */
export interface EmbeddedServices {
  journaled: Store;
  store: EmbeddedDirectoryStore;
  documents: DocumentCache;
  commit(ops: readonly StoreOp[]): Promise<void>;
  close(): Promise<void>;
}

export async function openEmbeddedServices(dataDir: string): Promise<EmbeddedServices> {
  const journaled = await openStore(dataDir, { fsync: false });
  const store = new EmbeddedDirectoryStore(journaled);
  const documents = await DocumentCache.open(store);
  return {
    journaled,
    store,
    documents,
    commit: (ops) => store.transact((tx) => applyOps(tx, ops)),
    async close() {
      documents.close();
      await store.close();
    },
  };
}

/** The ops as calls of a transaction, in order. */
export async function applyOps(tx: StoreTransaction, ops: readonly StoreOp[]): Promise<void> {
  for (const op of ops) {
    switch (op.op) {
      case 'putUser':
        await tx.putUser(op.record);
        break;
      case 'deleteUser':
        await tx.deleteUser(op.id);
        break;
      case 'putGroup':
        await tx.putGroup(op.record);
        break;
      case 'deleteGroup':
        await tx.deleteGroup(op.id);
        break;
      case 'addMembers':
        await tx.addMembers(op.groupId, op.members);
        break;
      case 'removeMembers':
        await tx.removeMembers(op.groupId, op.values);
        break;
      case 'clearMembers':
        await tx.clearMembers(op.groupId);
        break;
      case 'putDoc':
        await tx.putDoc(op.collection, op.id, op.doc);
        break;
      case 'deleteDoc':
        await tx.deleteDoc(op.collection, op.id);
        break;
      default:
        throw new Error(`${op.op} is the store's own op`);
    }
  }
}
