import { activityDirectory } from './activity-files.js';
import { ActivityIdGenerator } from './activity-id.js';
import { ActivityLane, mergeOldestFirst, mergePages, withBodies } from './activity-lane.js';
import { bodiesJson, joinLine, type SplitEntry } from './activity-line.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './activity-query.js';
import type { ActivityPage, ActivityQuery } from './activity-query.js';
import { keepsRequestBody } from './kept-body.js';
import { WizardEvidence, type ActivitySummary, type WizardEvidenceState } from './wizard-evidence.js';
import { EvidenceWriter, evidenceFilePath, loadEvidence } from './wizard-evidence-file.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  redact,
  redactForLog,
  redactJsonTextForLog,
  redactQuery,
  redactText,
} from './redact.js';
import { deriveScimSignals, describeScimPath, resourceNameOf } from './scim-request-facts.js';
import type { ActivityEntry, ActivityInput, ScimActivity } from './types.js';
import {
  UnauthenticatedTraffic,
  isUnauthenticated,
  type SummaryInput,
  type UnauthenticatedTrafficOptions,
} from './unauthenticated-traffic.js';

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
  /**
   * SCIM requests that presented no valid token are sampled and summarised (unauthenticated-traffic.ts) into
   * a lane of their own: `unauthenticated.jsonl`, rotated at `maxFileBytes` (default 512 KB) over `maxFiles`
   * files (default 2), its last `memoryEntries` (default 200) in memory. It never evicts the main log.
   */
  unauthenticated?: UnauthenticatedTrafficOptions & {
    maxFileBytes?: number;
    maxFiles?: number;
    memoryEntries?: number;
  };
  /** Appends are written in batches this often (default 100 ms). */
  flushIntervalMs?: number;
  now?: () => Date;
  /** Where write failures are reported; the log keeps working in memory. */
  onError?: (message: string) => void;
}

export type ActivityListener = (entry: ActivityEntry) => void;

const MAX_PATH_CHARS = 2048;
const MAX_USER_AGENT_CHARS = 512;

/**
 * Every SCIM request, access change and admin action, as append-only, rotated JSON-lines files with the
 * recent past in memory. Redaction happens here, on the way in, so no caller can forget it. Writes are
 * batched: the log is not on the durability path of SCIM responses.
 *
 * Two lanes with budgets of their own (activity-lane.ts): the main one (`activity.jsonl`) for authenticated
 * SCIM requests, access changes and admin actions, and a small one (`unauthenticated.jsonl`) for requests
 * that presented no valid token, sampled and summarised per interval, so that what anyone can send never
 * rotates out the record of what the identity provider and the admin did. Queries read both as one log.
 *
 * It also keeps the setup wizard's evidence (wizard-evidence.ts): bounded aggregates of every SCIM request
 * ever logged (counted ones included), persisted in their own small file, so the checks never depend on how
 * much of the log is in memory.
 */
/** What the log needs of the shared evidence (shared-wizard-evidence.ts). */
export interface SharedEvidence {
  observe(entry: ActivityEntry): void;
  read(): Promise<Readonly<WizardEvidenceState>>;
  /** Writes what is pending, then lets go of the database. */
  close(): Promise<void>;
}

export class ActivityLog {
  private readonly ids = new ActivityIdGenerator();
  private readonly listeners = new Set<ActivityListener>();
  private readonly traffic: UnauthenticatedTraffic;
  private timer: NodeJS.Timeout | undefined;
  private summaryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The evidence every node shares, on PostgreSQL (undefined: this node's own is the wizard's). */
  private shared: SharedEvidence | undefined;

  private constructor(
    private readonly main: ActivityLane,
    private readonly unauthenticated: ActivityLane,
    private readonly evidence: WizardEvidence,
    private readonly evidenceWriter: EvidenceWriter,
    private readonly options: Required<
      Pick<ActivityLogOptions, 'maxBodyBytes' | 'flushIntervalMs' | 'now' | 'onError'>
    >,
    trafficOptions: UnauthenticatedTrafficOptions,
  ) {
    this.traffic = new UnauthenticatedTraffic(trafficOptions);
  }

  /** Opens (creating if needed) the log of a data folder, loads its most recent entries and the wizard's
   * evidence (rebuilt from the files when it is missing or unreadable). */
  static async open(dataDir: string, options: ActivityLogOptions = {}): Promise<ActivityLog> {
    const directory = activityDirectory(dataDir);
    const memoryEntries = Math.max(1, options.memoryEntries ?? 1_000);
    const now = options.now ?? (() => new Date());
    const onError = options.onError ?? (() => {});
    const evidencePath = evidenceFilePath(dataDir);
    const other = options.unauthenticated ?? {};
    const otherMemoryEntries = Math.max(1, other.memoryEntries ?? 200);
    const [mainOpened, otherOpened, evidenceRead] = await Promise.allSettled([
      ActivityLane.open(
        {
          files: { directory, base: 'activity', maxFiles: Math.max(1, options.maxFiles ?? 5) },
          maxFileBytes: options.maxFileBytes ?? 10 * 1024 * 1024,
          memoryEntries,
          memorySummaryBytes: options.memorySummaryBytes ?? 1024 * 1024,
          memoryBodyBytes: options.memoryBodyBytes ?? 2 * 1024 * 1024,
        },
        onError,
      ),
      ActivityLane.open(
        {
          files: { directory, base: 'unauthenticated', maxFiles: Math.max(1, other.maxFiles ?? 2) },
          maxFileBytes: other.maxFileBytes ?? 512 * 1024,
          memoryEntries: otherMemoryEntries,
          memorySummaryBytes: 256 * 1024,
          memoryBodyBytes: 256 * 1024,
        },
        onError,
      ),
      loadEvidence(evidencePath, now),
    ]);
    if (mainOpened.status === 'rejected' || otherOpened.status === 'rejected' || evidenceRead.status === 'rejected') {
      // Whatever did open is closed again (a link where one lane's file belongs must not leave the other open).
      if (mainOpened.status === 'fulfilled') await mainOpened.value.lane.close();
      if (otherOpened.status === 'fulfilled') await otherOpened.value.lane.close();
      throw [mainOpened, otherOpened, evidenceRead].find(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      )!.reason;
    }
    const [main, unauthenticated, loaded] = [mainOpened.value, otherOpened.value, evidenceRead.value];
    const evidence = new WizardEvidence(loaded.outcome === 'loaded' ? loaded.state : undefined);
    // Entries logged after the evidence was last written (a crash) are folded in again; when they may reach
    // back past what was loaded, or there is no evidence yet (an older data folder), the whole log is read.
    const watermark = evidence.current.watermark;
    const reachesBack = (recent: SplitEntry[], capacity: number) =>
      recent.length >= capacity && (watermark === null || watermark < recent[0]!.entry.id);
    const rebuild =
      loaded.outcome !== 'loaded' ||
      reachesBack(main.recent, memoryEntries) ||
      reachesBack(unauthenticated.recent, otherMemoryEntries);
    if (rebuild) {
      for await (const split of mergeOldestFirst([main.lane.allEntries(), unauthenticated.lane.allEntries()]))
        evidence.observe(split.entry);
    } else {
      for (const split of oldestFirst(main.recent, unauthenticated.recent)) evidence.observe(split.entry);
    }
    const evidenceWriter = new EvidenceWriter(evidencePath, evidence, options.evidenceIntervalMs ?? 1_000, onError);
    const log = new ActivityLog(
      main.lane,
      unauthenticated.lane,
      evidence,
      evidenceWriter,
      {
        maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        flushIntervalMs: options.flushIntervalMs ?? 100,
        now,
        onError,
      },
      other,
    );
    if (watermark !== null) log.ids.observe(watermark);
    for (const split of [...main.recent, ...unauthenticated.recent]) log.ids.observe(split.entry.id);
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

  /** Records an entry (redacted, with id and time) and returns it as stored (bodies: `get(id)`). A request
   * without a valid token that is only counted (see unauthenticated-traffic.ts) is returned but not stored. */
  append(input: ActivityInput): ActivityEntry {
    const time = this.options.now();
    const unauthenticated = input.kind === 'scim' && isUnauthenticated(input);
    if (unauthenticated) {
      // An interval that is over gets its summary first, so the log stays in time order.
      const ended = this.traffic.endIfOver(time.getTime());
      if (ended) this.store(this.unauthenticated, this.summaryEntry(ended, time));
    }
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
    if (unauthenticated && entry.kind === 'scim') {
      if (!this.traffic.observe(entry, time.getTime())) {
        this.observe(entry); // the wizard still counts it
        return entry;
      }
      this.store(this.unauthenticated, entry, bodies);
      this.scheduleSummary(time.getTime());
    } else {
      this.store(this.main, entry, bodies);
    }
    return entry;
  }

  /** Entries matching the query, newest first, with their bodies when still in memory. */
  query(query: ActivityQuery = {}): ActivityPage {
    const limit = pageSize(query);
    return mergePages(this.main.query(query, limit), this.unauthenticated.query(query, limit), limit);
  }

  /**
   * Like query(), but pages back past the in-memory window: entries older than it, and entries whose bodies
   * memory no longer holds, are read from the files (newest first), with their bodies.
   */
  async page(query: ActivityQuery = {}): Promise<ActivityPage> {
    const limit = pageSize(query);
    const [main, other] = await Promise.all([this.main.page(query, limit), this.unauthenticated.page(query, limit)]);
    return mergePages(main, other, limit);
  }

  /** One entry by id, with its bodies when still in memory. */
  get(id: string): ActivityEntry | undefined {
    return this.main.get(id) ?? this.unauthenticated.get(id);
  }

  /** The entries in memory, oldest first, without bodies (the live stream's replay). */
  *entries(): IterableIterator<ActivityEntry> {
    const main = [...this.main.entries()];
    const other = [...this.unauthenticated.entries()];
    let i = 0;
    let j = 0;
    while (i < main.length || j < other.length) {
      if (j >= other.length || (i < main.length && main[i]!.id < other[j]!.id)) yield main[i++]!;
      else yield other[j++]!;
    }
  }

  /** Aggregates for the wizard (first/last evidence per kind of request, auth failures), over the whole log. */
  summary(): Readonly<ActivitySummary> {
    return this.evidence.summary;
  }

  /** Everything the wizard's checks remember about the traffic this node saw (persisted on its own). */
  get wizardEvidence(): WizardEvidence {
    return this.evidence;
  }

  /** From now on, entries are also folded into the evidence every node shares, and the wizard reads that. */
  shareEvidence(shared: SharedEvidence): void {
    this.shared = shared;
  }

  /** The evidence the wizard reads: the shared one when there is one, else this node's. */
  async evidenceNow(): Promise<Readonly<WizardEvidenceState>> {
    return this.shared ? this.shared.read() : this.evidence.current;
  }

  /** Calls `listener` with every entry appended from now on; returns the unsubscribe function. */
  subscribe(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes what is pending now (appends are otherwise batched). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await Promise.all([this.main.flush(), this.unauthenticated.flush()]);
  }

  /** Ends the current interval of unauthenticated traffic now, appending its summary if it needs one. */
  summariseUnauthenticated(): void {
    if (this.summaryTimer) {
      clearTimeout(this.summaryTimer);
      this.summaryTimer = undefined;
    }
    if (this.traffic.intervalEnd === undefined) return;
    const time = this.options.now();
    const ended = this.traffic.end(time.getTime());
    if (ended) this.store(this.unauthenticated, this.summaryEntry(ended, time));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.summariseUnauthenticated();
    this.closed = true; // later appends stay in memory only
    this.listeners.clear();
    await this.flush();
    await Promise.all([this.main.close(), this.unauthenticated.close()]);
    await this.evidenceWriter.close();
    await this.shared?.close();
  }

  /** Keeps the entry in its lane, queues it for the files, and tells listeners and the wizard. */
  private store(lane: ActivityLane, entry: ActivityEntry, bodies?: string): void {
    const summary = JSON.stringify(entry);
    const writeNow = lane.push(entry.id, summary, bodies, this.closed ? undefined : joinLine(summary, bodies));
    this.observe(entry);
    if (this.closed) {
      this.options.onError('Activity appended after the log was closed: kept in memory only.');
    } else if (writeNow) {
      // A busy server writes early rather than letting the batch grow without bound.
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs).unref();
    }
    if (this.listeners.size > 0) {
      // Bodies are parsed back from the redacted text only when someone listens (the live activity view).
      const full = withBodies(entry, bodies);
      for (const listener of this.listeners) {
        try {
          listener(full);
        } catch (error) {
          this.options.onError(
            `An activity listener failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
  }

  private observe(entry: ActivityEntry): void {
    this.evidence.observe(entry);
    this.shared?.observe(entry);
    if (!this.closed) this.evidenceWriter.schedule();
  }

  /** A summary entry for the unauthenticated lane (built like any admin entry). */
  private summaryEntry(input: SummaryInput, time: Date): ActivityEntry {
    const entry = {
      ...input,
      id: this.ids.next(time.getTime()),
      time: time.toISOString(),
      message: redactText(input.message),
    };
    if (input.detail !== undefined) entry.detail = redact(input.detail, { maxBytes: this.options.maxBodyBytes });
    return Object.freeze(entry);
  }

  /** A quiet interval still gets its summary, at its end. */
  private scheduleSummary(nowMs: number): void {
    if (this.summaryTimer || this.closed) return;
    const end = this.traffic.intervalEnd;
    if (end === undefined) return;
    this.summaryTimer = setTimeout(
      () => {
        this.summaryTimer = undefined;
        if (this.closed) return;
        const time = this.options.now();
        const ended = this.traffic.endIfOver(time.getTime());
        if (ended) this.store(this.unauthenticated, this.summaryEntry(ended, time));
        else this.scheduleSummary(time.getTime()); // a newer interval is still open
      },
      Math.max(0, end - nowMs),
    ).unref();
  }

  private scimEntry(
    input: Extract<ActivityInput, { kind: 'scim' }>,
    id: string,
    time: string,
  ): { entry: ScimActivity; bodies: string | undefined } {
    const target = describeScimPath(input.path);
    const resourceType = input.resourceType ?? (target.known ? target.resourceType : undefined);
    let resourceId = input.resourceId ?? (target.known ? target.resourceId : undefined);
    if (resourceId === undefined && input.method.toUpperCase() === 'POST' && input.status === 201) {
      const created = (input.responseBody as { id?: unknown } | null | undefined)?.id;
      if (typeof created === 'string') resourceId = created;
    }
    const keepsBody = keepsRequestBody(input, target);
    const resourceName =
      input.resourceName ?? resourceNameOf(resourceType, keepsBody ? input.requestBody : undefined, input.responseBody);
    // Signals read the body before redaction (a redacted password key still counts as sent).
    const signals = deriveScimSignals(input, target);
    const { maxBodyBytes } = this.options;
    // Text the caller already has (the body as received, the response as sent) is redacted as text: no copy.
    const request = !keepsBody
      ? undefined
      : input.requestJson !== undefined
        ? redactJsonTextForLog(input.requestJson, maxBodyBytes)
        : input.requestBody === undefined
          ? undefined
          : redactForLog(input.requestBody, maxBodyBytes).json;
    const response =
      input.responseJson !== undefined
        ? redactJsonTextForLog(input.responseJson, maxBodyBytes)
        : input.responseBody === undefined
          ? undefined
          : redactForLog(input.responseBody, maxBodyBytes).json;

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
}

function pageSize(query: ActivityQuery): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)));
}

/** Two lanes' recent entries (each oldest first) as one list, oldest first. */
function oldestFirst(a: SplitEntry[], b: SplitEntry[]): SplitEntry[] {
  return [...a, ...b].sort((x, y) => (x.entry.id < y.entry.id ? -1 : x.entry.id > y.entry.id ? 1 : 0));
}
