import { readBytesNoFollow } from '../private-files.js';
import type { Adapter } from 'lowdb';
import { errorMessage, isErrnoException, writeJsonAtomically } from '../durable-fs.js';
import { parseJsonBytes } from '../parse-json-bytes.js';
import { StoreError } from '../types.js';

/**
 * lowdb adapter for the snapshot file. Unlike lowdb's JSONFile (steno) it fsyncs the temp file and the
 * folder around the rename and creates the file with mode 0600, and it refuses, rather than
 * overwrites, a file it cannot parse. `read` returns the parsed JSON unchecked; the caller decodes it.
 */
export class DurableJsonFile implements Adapter<unknown> {
  /** Size in bytes of the file as last read or written. */
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly fsync: boolean,
  ) {}

  async read(): Promise<unknown> {
    let bytes: Buffer;
    try {
      bytes = await readBytesNoFollow(this.path);
    } catch (error) {
      if (isErrnoException(error) && error.code === 'ENOENT') return null;
      if (error instanceof StoreError) throw error; // a link in place of the snapshot
      throw new StoreError('io', `cannot read ${this.path}: ${errorMessage(error)}`);
    }
    this.bytes = bytes.length;
    try {
      // In pieces past a few hundred MB: one string cannot hold a snapshot of a million users.
      return parseJsonBytes(bytes);
    } catch (error) {
      throw new StoreError(
        'corrupt',
        `${this.path} is not valid JSON (${errorMessage(error)}). It was left untouched: restore it from a backup, or move it away to start with an empty directory.`,
      );
    }
  }

  /** Written in pieces (see writeJsonAtomically): a 50,000-user snapshot neither pauses SCIM requests nor
   * needs a second copy of itself as one string. */
  async write(data: unknown): Promise<void> {
    this.bytes = await writeJsonAtomically(this.path, data, this.fsync);
  }
}
