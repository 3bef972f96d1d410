import { ActivityFileWriter, activityDirectory, readAllLines, readLinesNewestFirst, readRecentLines } from './activity-files.js';
import { ActivityIdGenerator } from './activity-id.js';
import { bodiesJson, bodiesOf, joinLine, parseLine, type SplitEntry } from './activity-line.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, matchesFields, searchableText } from './activity-query.js';
import type { ActivityPage, ActivityQuery } from './activity-query.js';
import { EntryWindow } from './entry-window.js';
import { WizardEvidence, type ActivitySummary } from './wizard-evidence.js';
import { EvidenceWriter, evidenceFilePath, loadEvidence } from './wizard-evidence-file.js';
import { PendingLines } from './pending-lines.js';
import { DEFAULT_MAX_BODY_BYTES, redact, redactForLog, redactJsonTextForLog, redactQuery, redactText } from './redact.js';
import { deriveScimSignals, describeScimPath, resourceNameOf } from './scim-request-facts.js';
import type { ActivityEntry, ActivityInput, ScimActivity } from './types.js';

export interface ActivityLogOptions {
  /** Rotate the current file when it would pass this size (default 10 MB). */
  maxFileBytes?: number;
  /** Files kept, the current one included (default 5). */
  maxFiles?: number;
  /** Most recent entries kept in memory and loaded on open (default 1,000: the Activity page's first pages
   * and the live stream's replay; older pages are read from the files). */
  memoryEntries?: number;
  /** Bytes of entry summaries held in memory (default 1 MB, outside the JS heap); fewer entries stay in
   * memory if their summaries need more. */
  memorySummaryBytes?: number;
  /** Bytes of bodies held in memory (default 2 MB, outside the JS heap); older bodies stay on disk only. */
  memoryBodyBytes?: number;
  /** The wizard's evidence is written at most this often while traffic arrives (default 1 s). */
  evidenceIntervalMs?: number;
  /** A body larger than this is logged as a summary (default 64 KB). */
  maxBodyBytes?: number;
  /** Appends are written in batches this often (default 100 ms). */
  flushIntervalMs?: number;
  now?: () => Date;
  /** Where write failures are reported; the log keeps working in memory. */
  onError?: (message: string) => void;
}

export type ActivityListener = (entry: ActivityEntry) => void;

const MAX_PATH_CHARS = 2048;
const MAX_USER_AGENT_CHARS = 512;
const MAX_PENDING_BYTES = 1024 * 1024;

/**
 * Every SCIM request, access change and admin action, as an append-only, rotated JSON-lines file with the
 * recent past in memory. Redaction happens here, on the way in, so no caller can forget it. Writes are
 * batched: the log is not on the durability path of SCIM responses.
 *
 * It also keeps the setup wizard's evidence (wizard-evidence.ts): bounded aggregates of every SCIM request
 * ever logged, persisted in their own small file, so the checks never depend on how much of the log is in
 * memory.
 */
export class ActivityLog {
  private readonly ids = new ActivityIdGenerator();
  private readonly listeners = new Set<ActivityListener>();
  private readonly pending = new PendingLines();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly directory: string,
    private readonly maxFiles: number,
    private readonly writer: ActivityFileWriter,
    private readonly window: EntryWindow,
    private readonly evidence: WizardEvidence,
    private readonly evidenceWriter: EvidenceWriter,
    private readonly options: Required<Pick<ActivityLogOptions, 'maxBodyBytes' | 'flushIntervalMs' | 'now' | 'onError'>>,
  ) {}

  /** Opens (creating if needed) the log of a data folder, loads its most recent entries and the wizard's
   * evidence (rebuilt from the files when it is missing or unreadable). */
  static async open(dataDir: string, options: ActivityLogOptions = {}): Promise<ActivityLog> {
    const directory = activityDirectory(dataDir);
    const maxFiles = Math.max(1, options.maxFiles ?? 5);
    const memoryEntries = Math.max(1, options.memoryEntries ?? 1_000);
    const now = options.now ?? (() => new Date());
    const onError = options.onError ?? (() => {});
    const evidencePath = evidenceFilePath(dataDir);
    const [writer, loaded, recentLines] = await Promise.all([
      ActivityFileWriter.open(directory, options.maxFileBytes ?? 10 * 1024 * 1024, maxFiles),
      loadEvidence(evidencePath, now),
      readRecentLines(directory, maxFiles, memoryEntries),
    ]);
    const recent = recentLines.map(parseLine).filter((split): split is SplitEntry => split !== undefined);
    const evidence = new WizardEvidence(loaded.outcome === 'loaded' ? loaded.state : undefined);
    // Entries logged after the evidence was last written (a crash) are folded in again; when they may reach
    // back past what was loaded, or there is no evidence yet (an older data folder), the whole log is read.
    const watermark = evidence.current.watermark;
    const reachesBack = recent.length >= memoryEntries && (watermark === null || watermark < recent[0]!.entry.id);
    if (loaded.outcome !== 'loaded' || reachesBack) {
      for await (const line of readAllLines(directory, maxFiles)) {
        const split = parseLine(line);
        if (split) evidence.observe(split.entry);
      }
    } else {
      for (const split of recent) evidence.observe(split.entry);
    }
    const evidenceWriter = new EvidenceWriter(evidencePath, evidence, options.evidenceIntervalMs ?? 1_000, onError);
    const window = new EntryWindow(memoryEntries, options.memorySummaryBytes ?? 1024 * 1024, options.memoryBodyBytes ?? 2 * 1024 * 1024);
    const log = new ActivityLog(directory, maxFiles, writer, window, evidence, evidenceWriter, {
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      flushIntervalMs: options.flushIntervalMs ?? 100,
      now,
      onError,
    });
    if (watermark !== null) log.ids.observe(watermark);
    for (const split of recent) log.remember(Object.freeze(split.entry), split.summary, split.bodies, true);
    if (loaded.outcome === 'set-aside') {
      const message = `The wizard's evidence file could not be used: ${loaded.reason}. It was kept as ${loaded.keptAs} and the evidence was rebuilt from the activity log.`;
      onError(message);
      log.append({ kind: 'admin', action: 'setup.evidence_rebuilt', message });
    }
    if (evidence.takeChanged() || loaded.outcome !== 'loaded') {
      evidence.markChanged();
      evidenceWriter.schedule();
    }
    return log;
  }

  /** Records an entry (redacted, with id and time) and returns it as stored (bodies: `get(id)`). */
  append(input: ActivityInput): ActivityEntry {
    const time = this.options.now();
    const id = this.ids.next(time.getTime());
    let entry: ActivityEntry;
    let bodies: string | undefined;
    if (input.kind === 'scim') {
      ({ entry, bodies } = this.scimEntry(input, id, time.toISOString()));
    } else if (input.kind === 'access') {
      entry = { ...input, id, time: time.toISOString(), message: redactText(input.message) };
    } else {
      entry = { ...input, id, time: time.toISOString(), message: redactText(input.message) };
      if (input.detail !== undefined) entry.detail = redact(input.detail, { maxBytes: this.options.maxBodyBytes });
    }
    Object.freeze(entry);
    const summary = JSON.stringify(entry);
    const line = joinLine(summary, bodies);
    this.remember(entry, summary, bodies);

    if (this.closed) {
      this.options.onError('Activity appended after the log was closed: kept in memory only.');
    } else {
      this.pending.push(line);
      // A busy server writes early rather than letting the batch grow without bound.
      if (this.pending.bytes >= MAX_PENDING_BYTES) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs).unref();
    }
    if (this.listeners.size > 0) {
      // Bodies are parsed back from the redacted text only when someone listens (the live activity view).
      const full = withBodies(entry, bodies);
      for (const listener of this.listeners) {
        try {
          listener(full);
        } catch (error) {
          this.options.onError(`An activity listener failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    return entry;
  }

  /** Entries matching the query, newest first, with their bodies when still in memory. */
  query(query: ActivityQuery = {}): ActivityPage {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)));
    const needle = query.search?.trim().toLowerCase() || undefined;
    const entries: ActivityEntry[] = [];
    const start = query.before === undefined ? this.window.length : this.window.lowerBound(query.before);
    for (let index = start - 1; index >= 0; index--) {
      const entry = this.window.entryAt(index);
      if (!matchesFields(entry, query)) continue;
      const bodies = this.window.bodiesTextAt(index);
      if (needle !== undefined && !searchableText(entry).includes(needle) && !bodies?.toLowerCase().includes(needle)) continue;
      if (entries.length === limit) return { entries, nextCursor: entries[entries.length - 1]?.id ?? null };
      entries.push(withBodies(entry, bodies));
    }
    return { entries, nextCursor: null };
  }

  /**
   * Like query(), but pages back past the in-memory window: entries older than it, and entries whose bodies
   * memory no longer holds, are read from the files (newest first), with their bodies.
   */
  async page(query: ActivityQuery = {}): Promise<ActivityPage> {
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)));
    const needle = query.search?.trim().toLowerCase() || undefined;
    const entries: ActivityEntry[] = [];
    const start = query.before === undefined ? this.window.length : this.window.lowerBound(query.before);
    let index = start - 1;
    for (; index >= 0 && !this.window.bodiesDroppedAt(index); index--) {
      const entry = this.window.entryAt(index);
      if (!matchesFields(entry, query)) continue;
      const bodies = this.window.bodiesTextAt(index);
      if (needle !== undefined && !searchableText(entry).includes(needle) && !bodies?.toLowerCase().includes(needle)) continue;
      if (entries.length === limit) return { entries, nextCursor: entries[entries.length - 1]!.id };
      entries.push(withBodies(entry, bodies));
    }
    // The rest is on disk: everything older than the first entry memory could not answer in full.
    let cursor = index >= 0 ? nextId(this.window.idAt(index)) : start > 0 ? this.window.idAt(0) : (query.before ?? null);
    for await (const line of readLinesNewestFirst(this.directory, this.maxFiles)) {
      const split = parseLine(line);
      if (!split || (cursor !== null && split.entry.id >= cursor)) continue;
      cursor = split.entry.id;
      if (!matchesFields(split.entry, query)) continue;
      if (needle !== undefined && !searchableText(split.entry).includes(needle) && !split.bodies?.toLowerCase().includes(needle)) continue;
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

  /** The entries in memory, oldest first, without bodies (the live stream's replay). */
  *entries(): IterableIterator<ActivityEntry> {
    for (let index = 0; index < this.window.length; index++) yield this.window.entryAt(index);
  }

  /** Aggregates for the wizard (first/last evidence per kind of request, auth failures), over the whole log. */
  summary(): Readonly<ActivitySummary> {
    return this.evidence.summary;
  }

  /** Everything the wizard's checks remember about the traffic (persisted on its own). */
  get wizardEvidence(): WizardEvidence {
    return this.evidence;
  }

  /** Calls `listener` with every entry appended from now on; returns the unsubscribe function. */
  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes what is pending now (appends are otherwise batched). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.pending.isEmpty) {
      const lines = this.pending.take();
      this.writing = this.writing
        .then(() => this.writer.write(lines))
        .finally(() => lines.release())
        .catch((error: unknown) => {
          this.options.onError(`Could not write the activity log: ${error instanceof Error ? error.message : String(error)}`);
        });
    }
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true; // later appends stay in memory only
    this.listeners.clear();
    await this.flush();
    await this.writer.close();
    await this.evidenceWriter.close();
  }

  private scimEntry(input: Extract<ActivityInput, { kind: 'scim' }>, id: string, time: string): { entry: ScimActivity; bodies: string | undefined } {
    const target = describeScimPath(input.path);
    const resourceType = input.resourceType ?? (target.known ? target.resourceType : undefined);
    let resourceId = input.resourceId ?? (target.known ? target.resourceId : undefined);
    if (resourceId === undefined && input.method.toUpperCase() === 'POST' && input.status === 201) {
      const created = (input.responseBody as { id?: unknown } | null | undefined)?.id;
      if (typeof created === 'string') resourceId = created;
    }
    const resourceName = input.resourceName ?? resourceNameOf(resourceType, input.requestBody, input.responseBody);
    // Signals read the body before redaction (a redacted password key still counts as sent).
    const signals = deriveScimSignals(input, target);
    const { maxBodyBytes } = this.options;
    // Text the caller already has (the body as received, the response as sent) is redacted as text: no copy.
    const request =
      input.requestJson !== undefined ? redactJsonTextForLog(input.requestJson, maxBodyBytes) : input.requestBody === undefined ? undefined : redactForLog(input.requestBody, maxBodyBytes).json;
    const response =
      input.responseJson !== undefined ? redactJsonTextForLog(input.responseJson, maxBodyBytes) : input.responseBody === undefined ? undefined : redactForLog(input.responseBody, maxBodyBytes).json;

    const entry: ScimActivity = {
      kind: 'scim',
      id,
      time,
      method: input.method.toUpperCase().slice(0, 16),
      path: redactText(input.path.slice(0, MAX_PATH_CHARS)),
      query: redactQuery(input.query.slice(0, MAX_PATH_CHARS)),
      status: input.status,
      durationMs: input.durationMs,
      tokenId: input.tokenId,
      tokenLabel: input.tokenLabel,
      userAgent: input.userAgent === null ? null : redactText(input.userAgent.slice(0, MAX_USER_AGENT_CHARS)),
      clientIp: input.clientIp,
      signals,
    };
    if (resourceType !== undefined) entry.resourceType = resourceType;
    if (resourceId !== undefined) entry.resourceId = redactText(resourceId.slice(0, 256));
    if (resourceName !== undefined) entry.resourceName = redactText(resourceName);
    if (input.authFailure !== undefined) entry.authFailure = input.authFailure;
    if (input.authHint !== undefined) entry.authHint = redactText(input.authHint);
    return { entry, bodies: bodiesJson(request, response) };
  }

  private remember(entry: ActivityEntry, summary: string, bodies: string | undefined, fromDisk = false): void {
    this.window.push(entry.id, summary, bodies);
    if (fromDisk) {
      this.ids.observe(entry.id); // new ids come from the generator itself
      return; // the evidence saw it when it was appended (or when it was rebuilt at open)
    }
    this.evidence.observe(entry);
    if (!this.closed) this.evidenceWriter.schedule();
  }
}

/** The smallest id greater than `id` in string order: a cursor that includes `id` itself. */
function nextId(id: string): string {
  return `${id}\u0000`;
}

/** The entry with its bodies (a JSON object text holding requestBody and/or responseBody) parsed in. */
function withBodies(entry: ActivityEntry, bodies: string | undefined): ActivityEntry {
  return bodies === undefined ? entry : { ...entry, ...bodiesOf(bodies) };
}
