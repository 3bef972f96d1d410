import { constants } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeStoreOp, deepFreeze } from './decode.js';
import { DirectoryState } from './directory-state.js';
import { ensureDirectory, errorMessage, syncDirectory } from './durable-fs.js';
import { scanJournal } from './journal/journal-reader.js';
import { JournalWriter } from './journal/journal-writer.js';
import { openNoFollow } from './private-files.js';
import { JOURNAL_DIR_NAME, listSegments } from './journal/segments.js';
import { SnapshotFile } from './snapshot/snapshot-file.js';
import { systemTimers, type Timers } from '../time/timers.js';
import type {
  CommitContext,
  DocumentCollection,
  DurableTransaction,
  EventInput,
  Member,
  OutboxEvent,
  ResourceRecord,
  Store,
  StoreOp,
  StoreStats,
} from './types.js';
import { StoreError } from './types.js';

export interface OpenStoreOptions {
  /** Compact (new snapshot, fresh journal segment) once the current segment reaches this size, or the size of
   * the snapshot times `compactAtSnapshotRatio` if that is larger. Default 64 MiB. */
  compactAtBytes?: number;
  /** Default 1: the journal may grow as large as the snapshot, so a compaction (whose cost is the snapshot's
   * size) is paid for by at least as many bytes of journal. 0 makes `compactAtBytes` a fixed threshold. */
  compactAtSnapshotRatio?: number;
  /** fsync/fdatasync every write (default true). Only tests of pure logic turn it off. */
  fsync?: boolean;
  /** Write a snapshot on close() when the journal has anything new, so the next start reads one file. Default true. */
  compactOnClose?: boolean;
  /** A due compaction waits for this long without commits (a quiet moment), unless the journal reaches twice
   * its threshold. Default 200 ms; 0 compacts as soon as it is due. */
  compactWhenQuietMs?: number;
  /** The clock the quiet moment is measured on (tests pass one they move forward). Default: the system's. */
  timers?: Timers;
  /** Where problems that do not fail a commit go (a failed background compaction, a throwing listener). */
  log?: (line: string) => void;
}

const DEFAULT_COMPACT_AT_BYTES = 64 * 1024 * 1024;

/**
 * The lowdb-backed directory repository: memory is the truth for reads, an append-only journal makes
 * each transaction durable at a cost independent of directory size, and the lowdb document
 * (`directory.json`) is a snapshot that compaction rewrites now and then. See docs/storage.md.
 */
export async function openStore(dir: string, options: OpenStoreOptions = {}): Promise<Store> {
  const fsync = options.fsync ?? true;
  await ensureDirectory(dir);
  const journalDir = join(dir, JOURNAL_DIR_NAME);
  const snapshotFile = new SnapshotFile(dir, fsync);

  // 1. Read and check everything, in memory only: a refusal must leave every file as it was.
  const { document, migratedFrom } = await snapshotFile.load();
  const state = new DirectoryState();
  state.load(document);
  const segments = await listSegments(journalDir);
  const scan = await scanJournal(segments, document.seq, (transaction) => {
    const ops = deepFreeze(transaction.ops);
    state.check(ops);
    state.apply(ops);
  });

  // 2. Everything checked out: now repair and tidy.
  await ensureDirectory(journalDir);
  for (const leftover of await snapshotFile.leftoverTemporaryFiles()) await unlink(leftover);
  if (scan.tornTail) {
    const torn = await openNoFollow(scan.tornTail.path, constants.O_WRONLY); // never through a link
    try {
      await torn.truncate(scan.tornTail.validBytes);
    } finally {
      await torn.close();
    }
    options.log?.(`store: discarded a torn last line (${scan.tornTail.discardedBytes} bytes) in ${scan.tornTail.path}`);
  }
  // Empty trailing segments are dropped so a segment's name always equals the seq of its first line.
  const kept = scan.live.filter((segment) => segment.validBytes > 0);
  const removable = [...scan.obsolete, ...scan.live.filter((segment) => segment.validBytes === 0)];
  for (const segment of removable) await unlink(segment.path);
  if (fsync && (scan.tornTail || removable.length > 0)) await syncDirectory(journalDir);

  const writer = new JournalWriter({
    journalDir,
    fsync,
    segments: kept.map((segment) => ({ path: segment.path, bytes: segment.validBytes })),
    durableSeq: scan.lastSeq,
  });
  const store = new JournaledStore(state, writer, snapshotFile, {
    seq: scan.lastSeq,
    snapshotSeq: document.seq,
    compactAtBytes: options.compactAtBytes ?? DEFAULT_COMPACT_AT_BYTES,
    compactAtSnapshotRatio: options.compactAtSnapshotRatio ?? 1,
    compactOnClose: options.compactOnClose ?? true,
    compactWhenQuietMs: options.compactWhenQuietMs ?? 200,
    timers: options.timers ?? systemTimers,
    log: options.log ?? (() => undefined),
  });
  if (migratedFrom !== undefined) {
    const backup = await snapshotFile.backUp(migratedFrom);
    options.log?.(
      `store: migrated ${snapshotFile.path} from schema version ${migratedFrom}; the old file is kept as ${backup}`,
    );
    await store.compact(true);
  }
  return store;
}

interface StoreSettings {
  seq: number;
  snapshotSeq: number;
  compactAtBytes: number;
  compactAtSnapshotRatio: number;
  compactOnClose: boolean;
  compactWhenQuietMs: number;
  timers: Timers;
  log: (line: string) => void;
}

class JournaledStore implements Store {
  private seq: number;
  private snapshotSeq: number;
  private closing: Promise<void> | undefined;
  private compacting: Promise<void> | undefined;
  private compactions = 0;
  /** After a failed compaction, wait for this much more journal before trying again. */
  private nextCompactionAtBytes: number;
  private readonly listeners = new Set<(ops: readonly StoreOp[], commit: CommitContext) => void>();
  private readonly beforeApply = new Set<(ops: readonly StoreOp[]) => void>();
  private readonly durableEventListeners = new Set<(lastPos: number) => void>();
  private readonly durableListeners = new Set<(committed: DurableTransaction) => void>();
  private durableEvents: number;
  private lastCommitAt = 0;
  /** Cancels the pending quiet-moment check, if one is scheduled. */
  private cancelQuietCheck: (() => void) | undefined;

  constructor(
    private readonly state: DirectoryState,
    private readonly writer: JournalWriter,
    private readonly snapshotFile: SnapshotFile,
    private readonly settings: StoreSettings,
  ) {
    this.seq = settings.seq;
    this.snapshotSeq = settings.snapshotSeq;
    this.nextCompactionAtBytes = this.compactionThreshold();
    this.durableEvents = state.events.last; // everything replayed at open is on disk
    writer.afterBatch = () => this.compactIfDue();
  }

  // ---- reads: straight from memory ----

  getUser(id: string): ResourceRecord | undefined {
    return this.state.users.byId.get(id);
  }
  findUserIdByUserName(userName: string): string | undefined {
    return this.state.users.findByName(userName);
  }
  findUserIdsByExternalId(externalId: string): readonly string[] {
    return this.state.users.findByExternalId(externalId);
  }
  userIds(): readonly string[] {
    return this.state.users.ids();
  }
  userCount(): number {
    return this.state.users.byId.size;
  }
  getGroup(id: string): ResourceRecord | undefined {
    return this.state.groups.byId.get(id);
  }
  findGroupIdByDisplayName(displayName: string): string | undefined {
    return this.state.groups.findByName(displayName);
  }
  findGroupIdsByExternalId(externalId: string): readonly string[] {
    return this.state.groups.findByExternalId(externalId);
  }
  groupIds(): readonly string[] {
    return this.state.groups.ids();
  }
  groupCount(): number {
    return this.state.groups.byId.size;
  }
  members(groupId: string): ReadonlyMap<string, Member> {
    return this.state.members(groupId);
  }
  groupIdsOfMember(memberId: string): ReadonlySet<string> {
    return this.state.groupIdsOfMember(memberId);
  }
  getDoc<T>(collection: DocumentCollection, id: string): T | undefined {
    return this.state.getDoc(collection, id) as T | undefined;
  }
  listDocs<T>(collection: DocumentCollection): T[] {
    return this.state.listDocs(collection) as T[];
  }
  docEntries(collection: DocumentCollection): [string, unknown][] {
    return this.state.docEntries(collection);
  }
  eventsAfter(after: number, limit: number): readonly OutboxEvent[] {
    return this.state.events.after(after, limit);
  }
  eventBounds(): { first: number; last: number } {
    return { first: this.state.events.first, last: this.state.events.last };
  }

  // ---- writes ----

  /**
   * Synchronously: serialise, check and apply (or reject with nothing changed), let the listeners see it
   * and add events, then queue the journal line (the ops and those events together). The promise settles
   * when the line is durable. An empty transaction writes nothing and resolves once everything committed
   * before it is durable (a barrier). `events` are recorded in the same line, before the listeners' own.
   */
  commit(ops: StoreOp[], events: readonly EventInput[] = []): Promise<void> {
    if (this.closing) return Promise.reject(new StoreError('closed', 'the store is closed'));
    if (this.writer.failure) return Promise.reject(this.writer.failure);
    if (ops.length === 0 && events.length === 0) return this.writer.whenDurable(this.seq);
    const seq = this.seq + 1;
    let line: string;
    let applied: StoreOp[];
    try {
      line = JSON.stringify({ seq, ops });
      // Memory holds the JSON round trip of the ops: exactly what a replay of this line will produce,
      // frozen, and not shared with the caller's objects.
      const parsed = (JSON.parse(line) as { ops: unknown[] }).ops;
      applied = deepFreeze(parsed.map((op, i) => decodeStoreOp(op, `ops[${i}]`)));
      this.state.check(applied);
    } catch (error) {
      return Promise.reject(
        error instanceof StoreError ? error : new StoreError('invalid', `invalid transaction: ${errorMessage(error)}`),
      );
    }
    for (const listener of this.beforeApply) this.guarded(() => listener(applied));
    this.state.apply(applied);
    this.seq = seq;
    this.lastCommitAt = this.settings.timers.now();
    const emitted: EventInput[] = [...events];
    // One promise for the listeners and the caller: what listeners chain on it runs before the caller resumes.
    let settle: { resolve(): void; reject(error: unknown): void } | undefined;
    const durable = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const context: CommitContext = { emit: (more) => emitted.push(...more), durable };
    for (const listener of this.listeners) this.guarded(() => listener(applied, context));
    let recorded: readonly OutboxEvent[] = [];
    if (emitted.length > 0) {
      const op = this.recordEvents(emitted);
      recorded = op.events;
      line =
        ops.length === 0
          ? `${line.slice(0, -2)}${JSON.stringify(op)}]}`
          : `${line.slice(0, -2)},${JSON.stringify(op)}]}`;
    }
    const lastPos = this.state.events.last;
    const written = this.writer.append(seq, `${line}\n`);
    if (emitted.length > 0) {
      written.then(
        () => this.eventsDurable(lastPos),
        () => undefined, // the caller sees the failure; these events never leave the process
      );
    }
    written.then(settle!.resolve, settle!.reject);
    return this.afterDurable(durable, seq, applied, recorded);
  }

  /** Tells the onDurable listeners once `durable` settles well (the caller still gets `durable`'s outcome). */
  private afterDurable(
    durable: Promise<void>,
    seq: number,
    ops: readonly StoreOp[],
    events: readonly OutboxEvent[],
  ): Promise<void> {
    if (this.durableListeners.size === 0) return durable;
    durable.then(
      () => {
        for (const listener of this.durableListeners) this.guarded(() => listener({ seq, ops, events }));
      },
      () => undefined,
    );
    return durable;
  }

  onDurable(listener: (committed: DurableTransaction) => void): () => void {
    this.durableListeners.add(listener);
    return () => this.durableListeners.delete(listener);
  }

  durableEventPos(): number {
    return this.durableEvents;
  }

  onEventsDurable(listener: (lastPos: number) => void): () => void {
    this.durableEventListeners.add(listener);
    return () => this.durableEventListeners.delete(listener);
  }

  private eventsDurable(lastPos: number): void {
    if (lastPos <= this.durableEvents) return;
    this.durableEvents = lastPos;
    for (const listener of this.durableEventListeners) this.guarded(() => listener(lastPos));
  }

  /**
   * Stamps the emitted events with their feed positions and applies them; the caller appends the op to the
   * transaction's line, so the change and its events become durable in the same write.
   */
  private recordEvents(emitted: readonly EventInput[]): Extract<StoreOp, { op: 'recordEvents' }> {
    let pos = this.state.events.nextPos();
    const op = deepFreeze({
      op: 'recordEvents' as const,
      events: emitted.map((event): OutboxEvent => ({ pos: pos++, ...event })),
    });
    this.state.apply([op]);
    return op;
  }

  private guarded(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.settings.log(`store: a commit listener threw: ${errorMessage(error)}`);
    }
  }

  onCommit(listener: (ops: readonly StoreOp[], commit: CommitContext) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onBeforeApply(listener: (ops: readonly StoreOp[]) => void): () => void {
    this.beforeApply.add(listener);
    return () => this.beforeApply.delete(listener);
  }

  // ---- lifecycle ----

  compact(force = false): Promise<void> {
    this.compacting ??= this.runCompaction(force).finally(() => {
      this.compacting = undefined;
    });
    return this.compacting;
  }

  close(): Promise<void> {
    this.cancelQuietCheck?.();
    this.closing ??= (async () => {
      await this.writer.drain();
      await this.compacting?.catch(() => undefined);
      if (this.settings.compactOnClose && !this.writer.failure) await this.compact();
      await this.writer.close();
    })();
    return this.closing;
  }

  stats(): StoreStats {
    return {
      seq: this.seq,
      durableSeq: this.writer.durableSeq,
      snapshotSeq: this.snapshotSeq,
      journalBytes: this.writer.totalBytes,
      snapshotBytes: this.snapshotFile.bytes,
      journalSyncs: this.writer.syncs,
      journalBatches: this.writer.batches,
      compactions: this.compactions,
      failure: this.writer.failure?.message,
    };
  }

  /** Journal bytes that make a compaction due: compaction rewrites the whole snapshot, so the journal may grow
   * in proportion to it (amortised, each journal byte pays for a constant amount of snapshot writing). */
  private compactionThreshold(): number {
    return Math.max(this.settings.compactAtBytes, this.snapshotFile.bytes * this.settings.compactAtSnapshotRatio);
  }

  /**
   * A compaction takes a few hundred ms of CPU at 50,000 users; in the middle of an Okta push it would slow
   * every request. Once due, it waits for a quiet moment (no commit for compactWhenQuietMs), and runs at once
   * only if the journal reaches twice its threshold (which bounds crash recovery).
   */
  private compactIfDue(): void {
    if (this.compacting || this.closing || this.writer.currentBytes < this.nextCompactionAtBytes) return;
    const quietMs = this.settings.compactWhenQuietMs;
    const overdue = this.writer.currentBytes >= 2 * this.nextCompactionAtBytes;
    if (quietMs > 0 && !overdue) {
      const waited = this.settings.timers.now() - this.lastCommitAt;
      if (waited < quietMs) {
        this.cancelQuietCheck ??= this.settings.timers.setTimeout(() => {
          this.cancelQuietCheck = undefined;
          this.compactIfDue();
        }, quietMs - waited);
        return;
      }
    }
    this.compact().catch((error: unknown) => {
      this.nextCompactionAtBytes = this.writer.currentBytes + this.settings.compactAtBytes;
      this.settings.log(`store: compaction failed, the journal keeps growing: ${errorMessage(error)}`);
    });
  }

  /**
   * Snapshot of memory as of `seq` (taken synchronously, so later commits cannot leak in), new lines to a
   * new segment, wait until the old segments hold everything up to `seq`, write the snapshot atomically
   * through lowdb, and only then delete the old segments. A crash at any step leaves a snapshot and a
   * journal that together replay to the same state.
   */
  private async runCompaction(force: boolean): Promise<void> {
    const seq = this.seq;
    if (seq === this.snapshotSeq && !force) return;
    const document = this.state.toSnapshot(seq);
    const older = this.writer.rotate(seq + 1);
    await this.writer.whenDurable(seq);
    await this.snapshotFile.write(document);
    this.snapshotSeq = seq;
    this.compactions++;
    this.nextCompactionAtBytes = this.compactionThreshold();
    await this.writer.removeSegments(older);
  }
}
