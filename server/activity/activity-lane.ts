import {
  ActivityFileWriter,
  readAllLines,
  readLinesNewestFirst,
  readRecentLines,
  type LogFiles,
} from './activity-files.js';
import { bodiesOf, parseLine, type SplitEntry } from './activity-line.js';
import { matchesFields, searchableText, type ActivityPage, type ActivityQuery } from './activity-query.js';
import { EntryWindow } from './entry-window.js';
import { PendingLines } from './pending-lines.js';
import type { ActivityEntry } from './types.js';

export interface LaneOptions {
  files: LogFiles;
  /** Rotate the current file when it would pass this size. */
  maxFileBytes: number;
  /** Most recent entries kept in memory and loaded on open. */
  memoryEntries: number;
  /** Bytes of entry summaries held in memory (outside the JS heap). */
  memorySummaryBytes: number;
  /** Bytes of bodies held in memory (outside the JS heap); older bodies stay on disk only. */
  memoryBodyBytes: number;
}

const MAX_PENDING_BYTES = 1024 * 1024;

/**
 * One part of the activity log with a budget of its own: its rotated files, the recent past in memory, and
 * the lines waiting to be written. The log keeps authenticated traffic and everyone else's in separate lanes,
 * so that what anyone can send never rotates out what the admin needs to keep.
 */
export class ActivityLane {
  private readonly pending = new PendingLines();
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly files: LogFiles,
    private readonly writer: ActivityFileWriter,
    private readonly window: EntryWindow,
    private readonly onError: (message: string) => void,
  ) {}

  /** Opens the lane's files and reads back its most recent lines (oldest first, parsed). */
  static async open(
    options: LaneOptions,
    onError: (message: string) => void,
  ): Promise<{ lane: ActivityLane; recent: SplitEntry[] }> {
    const memoryEntries = Math.max(1, options.memoryEntries);
    const [opened, read] = await Promise.allSettled([
      ActivityFileWriter.open(options.files, options.maxFileBytes),
      readRecentLines(options.files, memoryEntries),
    ]);
    if (opened.status === 'rejected' || read.status === 'rejected') {
      if (opened.status === 'fulfilled') await opened.value.close();
      throw opened.status === 'rejected' ? opened.reason : (read as PromiseRejectedResult).reason;
    }
    const [writer, lines] = [opened.value, read.value];
    const window = new EntryWindow(memoryEntries, options.memorySummaryBytes, options.memoryBodyBytes);
    const lane = new ActivityLane(options.files, writer, window, onError);
    const recent = lines.map(parseLine).filter((split): split is SplitEntry => split !== undefined);
    for (const split of recent) window.push(split.entry.id, split.summary, split.bodies);
    return { lane, recent };
  }

  /** Every entry on disk, oldest first (for rebuilding what is derived from the whole log). */
  async *allEntries(): AsyncGenerator<SplitEntry> {
    for await (const line of readAllLines(this.files)) {
      const split = parseLine(line);
      if (split) yield split;
    }
  }

  /** Keeps an entry in memory and queues its line; true when the batch is big enough to write now. */
  push(id: string, summary: string, bodies: string | undefined, line: string | undefined): boolean {
    this.window.push(id, summary, bodies);
    if (line === undefined) return false;
    this.pending.push(line);
    return this.pending.bytes >= MAX_PENDING_BYTES;
  }

  /** Writes what is pending (one write at a time). */
  flush(): Promise<void> {
    if (!this.pending.isEmpty) {
      const lines = this.pending.take();
      this.writing = this.writing
        .then(() => this.writer.write(lines))
        .finally(() => lines.release())
        .catch((error: unknown) => {
          this.onError(`Could not write the activity log: ${error instanceof Error ? error.message : String(error)}`);
        });
    }
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }

  /** Entries in memory matching the query, newest first, with their bodies when still in memory. */
  query(query: ActivityQuery, limit: number): ActivityPage {
    const needle = needleOf(query);
    const entries: ActivityEntry[] = [];
    const start = query.before === undefined ? this.window.length : this.window.lowerBound(query.before);
    for (let index = start - 1; index >= 0; index--) {
      const entry = this.window.entryAt(index);
      if (!matchesFields(entry, query)) continue;
      const bodies = this.window.bodiesTextAt(index);
      if (needle !== undefined && !searchableText(entry).includes(needle) && !bodies?.toLowerCase().includes(needle))
        continue;
      if (entries.length === limit) return { entries, nextCursor: entries[entries.length - 1]?.id ?? null };
      entries.push(withBodies(entry, bodies));
    }
    return { entries, nextCursor: null };
  }

  /**
   * Like query(), but pages back past the in-memory window: entries older than it, and entries whose bodies
   * memory no longer holds, are read from the files (newest first), with their bodies.
   */
  async page(query: ActivityQuery, limit: number): Promise<ActivityPage> {
    const needle = needleOf(query);
    const entries: ActivityEntry[] = [];
    const start = query.before === undefined ? this.window.length : this.window.lowerBound(query.before);
    let index = start - 1;
    for (; index >= 0 && !this.window.bodiesDroppedAt(index); index--) {
      const entry = this.window.entryAt(index);
      if (!matchesFields(entry, query)) continue;
      const bodies = this.window.bodiesTextAt(index);
      if (needle !== undefined && !searchableText(entry).includes(needle) && !bodies?.toLowerCase().includes(needle))
        continue;
      if (entries.length === limit) return { entries, nextCursor: entries[entries.length - 1]!.id };
      entries.push(withBodies(entry, bodies));
    }
    // The rest is on disk: everything older than the first entry memory could not answer in full.
    let cursor =
      index >= 0 ? nextId(this.window.idAt(index)) : start > 0 ? this.window.idAt(0) : (query.before ?? null);
    for await (const line of readLinesNewestFirst(this.files)) {
      const split = parseLine(line);
      if (!split || (cursor !== null && split.entry.id >= cursor)) continue;
      cursor = split.entry.id;
      if (!matchesFields(split.entry, query)) continue;
      if (
        needle !== undefined &&
        !searchableText(split.entry).includes(needle) &&
        !split.bodies?.toLowerCase().includes(needle)
      )
        continue;
      if (entries.length === limit) return { entries, nextCursor: entries[entries.length - 1]!.id };
      entries.push(withBodies(split.entry, split.bodies));
    }
    return { entries, nextCursor: null };
  }

  /** One entry by id, with its bodies when still in memory. */
  get(id: string): ActivityEntry | undefined {
    const index = this.window.lowerBound(id);
    if (index >= this.window.length || this.window.idAt(index) !== id) return undefined;
    return withBodies(this.window.entryAt(index), this.window.bodiesTextAt(index));
  }

  /** The entries in memory, oldest first, without bodies. */
  *entries(): IterableIterator<ActivityEntry> {
    for (let index = 0; index < this.window.length; index++) yield this.window.entryAt(index);
  }
}

/** Two pages of the same query from different lanes, as one: the newest `limit` of both. */
export function mergePages(a: ActivityPage, b: ActivityPage, limit: number): ActivityPage {
  if (b.entries.length === 0 && b.nextCursor === null) return a;
  if (a.entries.length === 0 && a.nextCursor === null) return b;
  const merged = [...a.entries, ...b.entries].sort((x, y) => (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
  const entries = merged.slice(0, limit);
  const more = merged.length > limit || a.nextCursor !== null || b.nextCursor !== null;
  return { entries, nextCursor: more && entries.length > 0 ? entries[entries.length - 1]!.id : null };
}

/** Entries of several lanes (each oldest first) as one sequence, oldest first. */
export async function* mergeOldestFirst(sources: AsyncGenerator<SplitEntry>[]): AsyncGenerator<SplitEntry> {
  const heads = await Promise.all(sources.map((source) => source.next()));
  for (;;) {
    let pick = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (head.done) continue;
      if (pick === -1 || head.value.entry.id < (heads[pick]!.value as SplitEntry).entry.id) pick = i;
    }
    if (pick === -1) return;
    yield heads[pick]!.value as SplitEntry;
    heads[pick] = await sources[pick]!.next();
  }
}

function needleOf(query: ActivityQuery): string | undefined {
  return query.search?.trim().toLowerCase() || undefined;
}

/** The smallest id greater than `id` in string order: a cursor that includes `id` itself. */
function nextId(id: string): string {
  return `${id}\u0000`;
}

/** The entry with its bodies (a JSON object text holding requestBody and/or responseBody) parsed in. */
export function withBodies(entry: ActivityEntry, bodies: string | undefined): ActivityEntry {
  return bodies === undefined ? entry : { ...entry, ...bodiesOf(bodies) };
}
