import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { DecodeError } from '../decode.js';
import { copyFileDurably, isErrnoException, isTemporaryFileOf } from '../durable-fs.js';
import { DurableJsonFile } from '../lowdb/durable-json-file.js';
import { StoreError } from '../types.js';
import { migrateForward } from './migrations.js';
import type { SnapshotDocument } from './snapshot-document.js';
import { CURRENT_SCHEMA_VERSION, decodeSnapshot, emptySnapshot, readVersionStamp } from './snapshot-document.js';
import { isRecord } from '../../util/is-record.js';

export const SNAPSHOT_FILE_NAME = 'directory.json';

export interface LoadedSnapshot {
  document: SnapshotDocument;
  /** The schema version the file had when it was older than ours (migrated in memory, not yet written). */
  migratedFrom: number | undefined;
}

/** The lowdb document `directory.json`: read, decode, migrate in memory, and write atomically. */
export class SnapshotFile {
  readonly path: string;
  private readonly adapter: DurableJsonFile;
  private readonly db: Low<unknown>;

  constructor(
    private readonly dir: string,
    private readonly fsync: boolean,
  ) {
    this.path = join(dir, SNAPSHOT_FILE_NAME);
    this.adapter = new DurableJsonFile(this.path, fsync);
    this.db = new Low<unknown>(this.adapter, null);
  }

  get bytes(): number {
    return this.adapter.bytes;
  }

  /** Reads the file (missing = empty directory). Writes nothing, whatever it finds. */
  async load(): Promise<LoadedSnapshot> {
    await this.db.read();
    const raw = this.db.data;
    this.db.data = null; // the decoded records live in the directory state; don't pin a second tree
    if (raw === null) return { document: emptySnapshot(), migratedFrom: undefined };
    try {
      const version = readVersionStamp(raw);
      if (version > CURRENT_SCHEMA_VERSION) {
        throw new StoreError(
          'newer-version',
          `${this.path} was written by a newer SCIM Desk (schema version ${version}; this one reads up to ${CURRENT_SCHEMA_VERSION}). It was left untouched: run the newer version on this data folder.`,
        );
      }
      if (version < CURRENT_SCHEMA_VERSION && isRecord(raw)) {
        return { document: decodeSnapshot(migrateForward(raw, version)), migratedFrom: version };
      }
      return { document: decodeSnapshot(raw), migratedFrom: undefined };
    } catch (error) {
      if (error instanceof DecodeError) {
        throw new StoreError(
          'corrupt',
          `${this.path} is not a valid SCIM Desk directory (${error.message}). It was left untouched: restore it from a backup, or move it away to start with an empty directory.`,
        );
      }
      throw error;
    }
  }

  /** Keeps a copy of the current file before a migration replaces it: `directory.json.v<N>.bak`. */
  async backUp(version: number): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const target = `${this.path}.v${version}${attempt === 1 ? '' : `.${attempt}`}.bak`;
      try {
        await copyFileDurably(this.path, target, this.fsync);
        return target;
      } catch (error) {
        if (!(isErrnoException(error) && error.code === 'EEXIST')) throw error;
      }
    }
  }

  async write(document: SnapshotDocument): Promise<void> {
    this.db.data = document;
    try {
      await this.db.write();
    } finally {
      this.db.data = null;
    }
  }

  /** Names of temp files from writes a crash interrupted (safe to delete: the rename never happened). */
  async leftoverTemporaryFiles(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((name) => isTemporaryFileOf(this.path, name)).map((name) => join(this.dir, name));
  }
}
