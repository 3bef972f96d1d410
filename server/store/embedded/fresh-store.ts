/**
 * Starting a data folder's store afresh, for `scim-desk store copy`: the store's own files (the snapshot and
 * the journal) replaced by an empty snapshot whose change feed continues after a given position, so the
 * events copied in next keep the positions they had. Everything else in the folder (its lock, its secret key,
 * its activity log) is left alone. The caller holds the folder's lock.
 */
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { JOURNAL_DIR_NAME } from '../journal/segments.js';
import { emptySnapshot } from '../snapshot/snapshot-document.js';
import { SNAPSHOT_FILE_NAME, SnapshotFile } from '../snapshot/snapshot-file.js';

/** Whether the folder holds a store (a snapshot or a journal). */
export async function hasStoreFiles(dir: string): Promise<boolean> {
  for (const name of [SNAPSHOT_FILE_NAME, JOURNAL_DIR_NAME]) {
    try {
      await access(join(dir, name));
      return true;
    } catch {
      // not this one
    }
  }
  return false;
}

/** Replaces the folder's store with an empty one whose next event gets position `lastEventPos + 1`. */
export async function startFreshStore(dir: string, lastEventPos: number): Promise<void> {
  await rm(join(dir, JOURNAL_DIR_NAME), { recursive: true, force: true });
  await new SnapshotFile(dir, true).write({ ...emptySnapshot(), lastEventPos });
}
