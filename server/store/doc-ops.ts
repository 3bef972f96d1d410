/**
 * Admin documents written as ops: the shape the op builders of each concern return (a rule put, a setting
 * deleted), applied in one transaction.
 */
import type { DirectoryStore, StoreTransaction } from './directory-store.js';
import type { StoreOp } from './types.js';

export type DocOp = Extract<StoreOp, { op: 'putDoc' | 'deleteDoc' }>;

/** Applies the ops inside `tx`, in order. */
export async function applyDocOps(tx: StoreTransaction, ops: readonly DocOp[]): Promise<void> {
  for (const op of ops) {
    if (op.op === 'putDoc') await tx.putDoc(op.collection, op.id, op.doc);
    else await tx.deleteDoc(op.collection, op.id);
  }
}

/** Writes the ops as one transaction; resolves once it is durable (and this node's caches followed it). */
export function writeDocs(store: DirectoryStore, ops: readonly DocOp[]): Promise<void> {
  return store.transact((tx) => applyDocOps(tx, ops));
}
