/**
 * The storage layer's entry point. Callers get a DirectoryRepository that is also closable; nothing
 * outside server/store imports lowdb, the journal or the snapshot format.
 */
export { openStore } from './journaled-store.js';
export type { OpenStoreOptions } from './journaled-store.js';
export { acquireDataFolderLock, readDataFolderLock, DATA_FOLDER_LOCK_FILE_NAME } from './data-folder-lock.js';
export type { DataFolderLock, DataFolderLockInfo, DataFolderLockRequest } from './data-folder-lock.js';
export { StoreError } from './types.js';
export type {
  DirectoryRepository,
  DocumentCollection,
  Member,
  ResourceRecord,
  Store,
  StoreErrorCode,
  StoreOp,
  StoreStats,
} from './types.js';
