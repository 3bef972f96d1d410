import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FILE_MODE, errorMessage, isErrnoException, syncDirectory } from '../durable-fs.js';
import { APPEND_NO_FOLLOW, openNoFollow } from '../private-files.js';
import { StoreError } from '../types.js';
import { segmentPath } from './segments.js';

interface QueuedLine {
  seq: number;
  /** The segment chosen when the transaction was committed: a rotation never moves a line. */
  segment: string;
  text: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface JournalWriterStart {
  journalDir: string;
  fsync: boolean;
  /** Live segments in order, with their sizes; the last one (if any) is appended to. */
  segments: Array<{ path: string; bytes: number }>;
  /** Seq of the last transaction already on disk. */
  durableSeq: number;
}

/**
 * The single writer of the journal, with group commit: every line queued while a write and its
 * fdatasync are in flight goes out in the next single write + fdatasync, and all their promises
 * resolve together. A failed write or sync rejects those promises and every later one: the journal
 * never claims durability it does not have.
 */
export class JournalWriter {
  private queue: QueuedLine[] = [];
  private flushing = false;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly durableWaiters: Array<{ seq: number; resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly handles = new Map<string, FileHandle>();
  /** Live segment path -> bytes on disk, in seq order. */
  private readonly segments = new Map<string, number>();
  private current: string;
  private readonly journalDir: string;
  private readonly fsync: boolean;

  failure: StoreError | undefined;
  durableSeq: number;
  syncs = 0;
  batches = 0;
  /** Called after each durable batch (the store checks whether to compact). */
  afterBatch: () => void = () => undefined;

  constructor(start: JournalWriterStart) {
    this.journalDir = start.journalDir;
    this.fsync = start.fsync;
    this.durableSeq = start.durableSeq;
    for (const segment of start.segments) this.segments.set(segment.path, segment.bytes);
    const last = start.segments.at(-1);
    this.current = last ? last.path : segmentPath(start.journalDir, start.durableSeq + 1);
    if (!last) this.segments.set(this.current, 0);
  }

  /** Bytes in all live segments. */
  get totalBytes(): number {
    let total = 0;
    for (const bytes of this.segments.values()) total += bytes;
    return total;
  }

  /** Bytes in the segment new lines go to (what compaction thresholds look at). */
  get currentBytes(): number {
    return this.segments.get(this.current) ?? 0;
  }

  /** Queues one transaction line (ending in "\n"); resolves once it is on disk. */
  append(seq: number, text: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ seq, segment: this.current, text, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // setImmediate, not a microtask: requests parsed in the same I/O turn join the first batch.
        setImmediate(() => void this.flushLoop());
      }
    });
  }

  /**
   * Lines committed from now on go to a new segment starting at `firstSeq`. Returns the older segments,
   * which hold only seqs below `firstSeq` (lines still queued for them are written there first).
   */
  rotate(firstSeq: number): string[] {
    const older = [...this.segments.keys()];
    this.current = segmentPath(this.journalDir, firstSeq);
    this.segments.set(this.current, 0);
    return older;
  }

  /** Deletes segments a durable snapshot has made obsolete. */
  async removeSegments(paths: readonly string[]): Promise<void> {
    for (const path of paths) {
      if (path === this.current) continue;
      await this.handles.get(path)?.close();
      this.handles.delete(path);
      await unlink(path).catch((error: unknown) => {
        if (!(isErrnoException(error) && error.code === 'ENOENT')) throw error;
      });
      this.segments.delete(path);
    }
    if (this.fsync && paths.length > 0) await syncDirectory(this.journalDir);
  }

  /** Resolves once every transaction up to `seq` is durable; rejects if the journal failed first. */
  whenDurable(seq: number): Promise<void> {
    if (this.durableSeq >= seq) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.durableWaiters.push({ seq, resolve, reject }));
  }

  /** Resolves when nothing is queued or being written (whether or not it succeeded). */
  drain(): Promise<void> {
    if (!this.flushing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.drain();
    for (const handle of this.handles.values()) await handle.close();
    this.handles.clear();
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0 && !this.failure) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.writeBatch(batch);
      } catch (error) {
        this.fail(error, batch);
        break;
      }
      this.batches++;
      this.durableSeq = batch[batch.length - 1]?.seq ?? this.durableSeq;
      for (const line of batch) line.resolve();
      this.releaseDurableWaiters();
      this.afterBatch();
    }
    this.flushing = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async writeBatch(batch: readonly QueuedLine[]): Promise<void> {
    // A batch spans two segments only around a rotation: write each run in order.
    let start = 0;
    while (start < batch.length) {
      const segment = batch[start]?.segment ?? this.current;
      let end = start;
      while (end < batch.length && batch[end]?.segment === segment) end++;
      const bytes = this.encode(
        batch
          .slice(start, end)
          .map((line) => line.text)
          .join(''),
      );
      const handle = await this.handleFor(segment);
      for (let offset = 0; offset < bytes.length;) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
      }
      if (this.fsync) {
        await handle.datasync();
        this.syncs++;
      }
      this.segments.set(segment, (this.segments.get(segment) ?? 0) + bytes.length);
      start = end;
    }
    for (const [path, handle] of this.handles) {
      if (path !== this.current) {
        this.handles.delete(path);
        await handle.close();
      }
    }
  }

  /** Batches are written one at a time, so one buffer serves them all: a fresh 100 KB+ buffer per batch
   * (16 member PATCHes) costs its page faults every time. */
  private scratch = Buffer.allocUnsafe(256 * 1024);

  private encode(text: string): Buffer {
    if (text.length * 3 > this.scratch.length) {
      const bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(bytes, this.scratch.length * 2));
    }
    return this.scratch.subarray(0, this.scratch.write(text, 0, 'utf8'));
  }

  private async handleFor(path: string): Promise<FileHandle> {
    const open_ = this.handles.get(path);
    if (open_) return open_;
    let handle: FileHandle;
    try {
      handle = await open(
        path,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL,
        FILE_MODE,
      );
      // A new file's directory entry must be durable too, or the whole segment can vanish in a crash.
      if (this.fsync) await syncDirectory(dirname(path));
    } catch (error) {
      if (!(isErrnoException(error) && error.code === 'EEXIST')) throw error;
      handle = await openNoFollow(path, APPEND_NO_FOLLOW, FILE_MODE); // never through a link
    }
    this.handles.set(path, handle);
    return handle;
  }

  private fail(error: unknown, batch: readonly QueuedLine[]): void {
    this.failure = new StoreError(
      'io',
      `writing the journal in ${this.journalDir} failed (${errorMessage(error)}); the store accepts no more writes and the last ${batch.length + this.queue.length} transaction(s) may not be on disk`,
    );
    for (const line of [...batch, ...this.queue.splice(0)]) line.reject(this.failure);
    for (const waiter of this.durableWaiters.splice(0)) waiter.reject(this.failure);
  }

  private releaseDurableWaiters(): void {
    for (let i = this.durableWaiters.length - 1; i >= 0; i--) {
      const waiter = this.durableWaiters[i];
      if (waiter && waiter.seq <= this.durableSeq) {
        this.durableWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
