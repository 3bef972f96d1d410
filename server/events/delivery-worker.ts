/**
 * Delivers the change feed to every webhook endpoint (docs/events.md), off the commit path:
 * - only events whose transaction is durable leave the process;
 * - at least once: progress is stored in batches (every `progressIntervalMs`), so after a crash the events
 *   delivered since the last batch are sent again, never skipped;
 * - in order per resource (`user:<id>`, `group:<id>`): an event waits while an earlier one for the same
 *   resource is in flight or waiting for a retry; other resources go on (up to `concurrency` in flight);
 * - retried with exponential backoff and jitter (about 27 to 40 hours in all by default), each attempt with
 *   a timeout, redirects never followed (a 3xx is a failure);
 * - after `failingAfter` failures in a row the endpoint is `failing`; when an event has used up every retry,
 *   the endpoint is `disabled` (stored, so it survives restarts) until enabled again, which resumes from that
 *   event.
 * Each endpoint is its own lane: a slow or dead one never holds another, and nothing here blocks a commit.
 */
import type { ClientRequest } from 'node:http';
import type { DirectoryStore } from '../store/directory-store.js';
import type { DocumentCache } from '../store/document-cache.js';
import { writeDocs } from '../store/doc-ops.js';
import type { OutboxEvent } from '../store/types.js';
import { errorMessage } from '../store/durable-fs.js';
import { newDeliveryId } from './event-id.js';
import { matchesEventFilter } from './event-types.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { postWebhook } from './post-webhook.js';
import { signatureHeaders } from './signature.js';
import { systemTimers, type Timers } from '../time/timers.js';
import {
  progressOf,
  publicEvent,
  putProgressOp,
  putWebhookOp,
  webhook,
  webhooks,
  type WebhookDoc,
} from './webhook-endpoints.js';
import type { WebhookDelivery, WebhookStatus } from './webhook-types.js';

/** Waits after the 1st, 2nd, … failed attempt: 5 s, 30 s, 2 min, 5 min, 30 min, 1 h, 2 h, 4 h, 6 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5e3, 30e3, 120e3, 300e3, 1.8e6, 3.6e6, 7.2e6, 14.4e6, 21.6e6, 36e6, 36e6,
];

export interface DeliveryOptions {
  retryScheduleMs?: readonly number[];
  /** Each wait is multiplied by a random factor in [1 - jitter, 1 + jitter] (default 0.2). */
  jitter?: number;
  timeoutMs?: number;
  concurrency?: number;
  failingAfter?: number;
  progressIntervalMs?: number;
  /** The clock retries wait on (tests pass one they move forward). Default: the system's. */
  timers?: Timers;
  now?: () => Date;
  log?: (line: string) => void;
}

interface Failure {
  attempts: number;
  nextAt: number;
}

const RESPONSE_EXCERPT = 500;
const ATTEMPTS_KEPT = 200;
const WINDOW = 2000;

class Lane {
  hook: WebhookDoc;
  /** Whether the stored endpoint was disabled at the last look (its enabling may come from another node). */
  storedDisabled: boolean;
  url: URL;
  secret: string;
  /** Subscribed events not yet delivered, in feed order (settled ones are dropped from the front). */
  pending: OutboxEvent[] = [];
  settled = new Set<number>();
  inflight = new Set<number>();
  failures = new Map<number, Failure>();
  loadedThrough: number;
  delivered: number;
  consecutiveFailures = 0;
  attempts: WebhookDelivery[] = [];
  dirty = false;
  closed = false;
  /** Cancels the wake-up for the next retry, if one is scheduled. */
  cancelWake: (() => void) | undefined;
  /** A read of the feed into the window is under way; `pumpAgain`: a pump was asked for meanwhile. */
  refilling = false;
  pumpAgain = false;

  constructor(hook: WebhookDoc, secret: string, delivered: number, done: readonly number[]) {
    this.hook = hook;
    this.storedDisabled = hook.disabled !== null;
    this.url = new URL(hook.url);
    this.secret = secret;
    this.delivered = delivered;
    this.loadedThrough = delivered;
    for (const pos of done) this.settled.add(pos);
  }

  get lastAttempt(): WebhookDelivery | null {
    return this.attempts.at(-1) ?? null;
  }
}

export class DeliveryWorker {
  private readonly lanes = new Map<string, Lane>();
  private readonly schedule: readonly number[];
  private readonly options: Required<Omit<DeliveryOptions, 'retryScheduleMs'>>;
  private unsubscribe: (() => void)[] = [];
  private progressTimer: NodeJS.Timeout | undefined;
  private pumpQueued = false;
  private stopped = false;
  private readonly requests = new Set<ClientRequest>();

  constructor(
    private readonly store: DirectoryStore,
    /** The endpoints and their stored progress as this node keeps them. */
    private readonly documents: Pick<DocumentCache, 'getDoc' | 'listDocs' | 'onChange'>,
    private readonly box: SecretBox,
    options: DeliveryOptions = {},
  ) {
    this.schedule = options.retryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS;
    this.options = {
      jitter: options.jitter ?? 0.2,
      timeoutMs: options.timeoutMs ?? 10_000,
      concurrency: options.concurrency ?? 8,
      failingAfter: options.failingAfter ?? 3,
      progressIntervalMs: options.progressIntervalMs ?? 500,
      timers: options.timers ?? systemTimers,
      now: options.now ?? (() => new Date()),
      log: options.log ?? (() => undefined),
    };
  }

  start(): void {
    this.sync();
    // New events are in the feed once their change is durable: the store tells each committed change.
    this.unsubscribe.push(
      this.store.subscribe({
        change: (change) => {
          if (change.events.length > 0) this.queuePump();
        },
        resync: () => this.queuePump(),
      }),
    );
    // Endpoints added, removed or changed (by the API, a CLI command, another node), once the cache holds them.
    this.unsubscribe.push(
      this.documents.onChange((collection) => {
        if (collection === 'webhooks') setImmediate(() => this.sync());
      }),
    );
    this.progressTimer = setInterval(() => void this.saveProgress(), this.options.progressIntervalMs);
    this.progressTimer.unref();
    this.queuePump();
  }

  /** Stops sending (in-flight attempts are aborted and will be retried) and stores the progress made. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    clearInterval(this.progressTimer);
    for (const lane of this.lanes.values()) lane.cancelWake?.();
    for (const request of this.requests) request.destroy(new Error('SCIM Desk is stopping'));
    await this.saveProgress().catch(() => undefined);
  }

  async status(
    id: string,
  ): Promise<{ status: WebhookStatus; lastDelivery: WebhookDelivery | null; backlog: number } | undefined> {
    const lane = this.lanes.get(id);
    if (!lane) return undefined;
    const status: WebhookStatus = lane.hook.disabled
      ? 'disabled'
      : lane.consecutiveFailures >= this.options.failingAfter
        ? 'failing'
        : 'active';
    let backlog = 0;
    for (const event of lane.pending) if (!lane.settled.has(event.pos)) backlog++;
    for await (const event of this.unloaded(lane.loadedThrough))
      if (matchesEventFilter(lane.hook.events, event.type)) backlog++;
    return { status, lastDelivery: lane.lastAttempt, backlog };
  }

  deliveries(id: string): readonly WebhookDelivery[] | undefined {
    return this.lanes.get(id)?.attempts.slice().reverse();
  }

  /** Sends the event of one past attempt again now. Undefined when the endpoint, attempt or event is gone. */
  async retry(id: string, deliveryId: string): Promise<'retrying' | 'resent' | undefined> {
    const lane = this.lanes.get(id);
    const attempt = lane?.attempts.find((a) => a.id === deliveryId);
    if (!lane || !attempt) return undefined;
    const waiting = lane.pending.find((e) => e.id === attempt.event_id && !lane.settled.has(e.pos));
    if (waiting) {
      // Still owed: try it now, in its place (order per resource is kept).
      const failure = lane.failures.get(waiting.pos);
      if (failure) failure.nextAt = 0;
      this.pump(lane);
      return 'retrying';
    }
    const event = await this.findEvent(attempt.event_id);
    if (!event) return undefined;
    void this.send(lane, event, attempt.attempt + 1, true);
    return 'resent';
  }

  /** Clears a disabled state; delivery resumes from the event that used up its retries. */
  async enable(id: string): Promise<boolean> {
    const hook = webhook(this.documents, id);
    if (!hook) return false;
    const lane = this.lanes.get(id);
    if (lane) {
      lane.failures.clear();
      lane.consecutiveFailures = 0;
    }
    if (hook.disabled) await writeDocs(this.store, [putWebhookOp({ ...hook, disabled: null })]);
    this.sync();
    this.queuePump();
    return true;
  }

  // ---- lanes ----

  private sync(): void {
    if (this.stopped) return;
    const current = new Map(webhooks(this.documents).map((hook) => [hook.id, hook]));
    for (const [id, lane] of this.lanes) {
      if (!current.has(id)) {
        lane.closed = true;
        lane.cancelWake?.();
        this.lanes.delete(id);
      }
    }
    for (const hook of current.values()) {
      const lane = this.lanes.get(hook.id);
      if (lane) {
        // Enabled again elsewhere (another node's API, a CLI command): resume at once, as enable() does.
        if (lane.storedDisabled && !hook.disabled) {
          lane.failures.clear();
          lane.consecutiveFailures = 0;
        }
        lane.hook = hook;
        lane.storedDisabled = hook.disabled !== null;
        continue;
      }
      try {
        const progress = progressOf(this.documents, hook);
        this.lanes.set(hook.id, new Lane(hook, this.box.open(hook.secret), progress.delivered, progress.done));
      } catch (error) {
        this.options.log(
          `webhooks: cannot use the secret of ${hook.id} (${errorMessage(error)}); it gets no deliveries`,
        );
      }
    }
    this.queuePump();
  }

  private queuePump(): void {
    if (this.pumpQueued || this.stopped) return;
    this.pumpQueued = true;
    setImmediate(() => {
      this.pumpQueued = false;
      for (const lane of this.lanes.values()) this.pump(lane);
    });
  }

  /** The feed after a position (only durable events leave the store). */
  private async *unloaded(after: number): AsyncGenerator<OutboxEvent> {
    for (;;) {
      const batch = await this.store.eventsAfter(after, 1000);
      if (batch.length === 0) return;
      yield* batch;
      after = batch.at(-1)!.pos;
    }
  }

  /** Loads durable events into the lane's window, skipping the ones it is not subscribed to. */
  private async refill(lane: Lane): Promise<void> {
    if (lane.pending.length >= WINDOW) return;
    for await (const event of this.unloaded(lane.loadedThrough)) {
      lane.loadedThrough = event.pos;
      if (lane.settled.has(event.pos)) continue;
      if (matchesEventFilter(lane.hook.events, event.type)) lane.pending.push(event);
      if (lane.pending.length >= WINDOW) break;
    }
    this.advance(lane);
  }

  /** Drops settled events from the front and moves the stored watermark. */
  private advance(lane: Lane): void {
    let i = 0;
    while (i < lane.pending.length && lane.settled.has(lane.pending[i]!.pos)) i++;
    if (i > 0) lane.pending.splice(0, i);
    const watermark = lane.pending.length > 0 ? lane.pending[0]!.pos - 1 : lane.loadedThrough;
    if (watermark !== lane.delivered) {
      lane.delivered = watermark;
      for (const pos of lane.settled) if (pos <= watermark) lane.settled.delete(pos);
      lane.dirty = true;
    }
  }

  /** Reads what is new into the window, then sends what may go; one read of the feed at a time per lane. */
  private pump(lane: Lane): void {
    if (this.stopped || lane.closed || lane.hook.disabled) return;
    if (lane.refilling) {
      lane.pumpAgain = true;
      return;
    }
    lane.refilling = true;
    this.refill(lane)
      .catch((error: unknown) =>
        this.options.log(
          `webhooks: could not read the change feed for ${lane.hook.id} (${errorMessage(error)}); trying again with the next change`,
        ),
      )
      .finally(() => {
        lane.refilling = false;
        this.dispatch(lane);
        if (lane.pumpAgain) {
          lane.pumpAgain = false;
          this.pump(lane);
        }
      });
  }

  private dispatch(lane: Lane): void {
    if (this.stopped || lane.closed || lane.hook.disabled) return;
    const now = this.options.timers.now();
    const busy = new Set<string>();
    let soonest = Infinity;
    for (const event of lane.pending) {
      if (lane.inflight.size >= this.options.concurrency) break;
      if (lane.settled.has(event.pos)) continue;
      if (busy.has(event.key)) continue;
      busy.add(event.key); // whatever happens to this one, later events of its resource wait
      if (lane.inflight.has(event.pos)) continue;
      const failure = lane.failures.get(event.pos);
      if (failure && failure.nextAt > now) {
        soonest = Math.min(soonest, failure.nextAt);
        continue;
      }
      void this.send(lane, event, (failure?.attempts ?? 0) + 1, false);
    }
    lane.cancelWake?.();
    lane.cancelWake =
      soonest === Infinity
        ? undefined
        : this.options.timers.setTimeout(() => this.pump(lane), Math.max(0, soonest - now));
  }

  private async send(lane: Lane, event: OutboxEvent, attempt: number, manual: boolean): Promise<void> {
    if (!manual) lane.inflight.add(event.pos);
    const at = this.options.now();
    const body = JSON.stringify(publicEvent(event));
    const started = performance.now();
    let statusCode: number | null = null;
    let excerpt = '';
    let error: string | null = null;
    try {
      const answer = await postWebhook(
        lane.url,
        body,
        {
          'Content-Type': 'application/json',
          'User-Agent': 'SCIM-Desk-Webhooks/1',
          ...signatureHeaders(lane.secret, event.id, body, at),
        },
        { timeoutMs: this.options.timeoutMs, excerptLength: RESPONSE_EXCERPT, inflight: this.requests },
      );
      statusCode = answer.statusCode;
      excerpt = answer.excerpt;
      if (statusCode >= 300 && statusCode < 400)
        error = `redirect to ${answer.location ?? '(no location)'} not followed`;
      else if (statusCode < 200 || statusCode >= 300) error = `answered ${statusCode}`;
    } catch (failure) {
      error = errorMessage(failure);
    }
    const record: WebhookDelivery = {
      id: newDeliveryId(),
      event_id: event.id,
      event_type: event.type,
      attempt,
      at: at.toISOString(),
      succeeded: error === null,
      status_code: statusCode,
      latency_ms: Math.round(performance.now() - started),
      error,
      response_excerpt: excerpt,
    };
    lane.attempts.push(record);
    if (lane.attempts.length > ATTEMPTS_KEPT) lane.attempts.splice(0, lane.attempts.length - ATTEMPTS_KEPT);
    if (manual || this.stopped || lane.closed) return;
    lane.inflight.delete(event.pos);
    if (error === null) {
      lane.settled.add(event.pos);
      lane.failures.delete(event.pos);
      lane.consecutiveFailures = 0;
      lane.dirty = true;
      this.advance(lane);
    } else {
      lane.consecutiveFailures++;
      const wait = this.schedule[attempt - 1];
      if (wait === undefined) {
        await this.disable(
          lane,
          `event ${event.id} (${event.type}) failed ${attempt} times over the whole retry schedule; last: ${error}`,
        );
        return;
      }
      const factor = 1 + (Math.random() * 2 - 1) * this.options.jitter;
      lane.failures.set(event.pos, { attempts: attempt, nextAt: this.options.timers.now() + wait * factor });
    }
    this.pump(lane);
  }

  private async disable(lane: Lane, reason: string): Promise<void> {
    const hook = webhook(this.documents, lane.hook.id);
    if (!hook) return;
    const disabled = { ...hook, disabled: { at: this.options.now().toISOString(), reason } };
    lane.hook = disabled;
    this.options.log(`webhooks: ${hook.url} disabled: ${reason}`);
    await writeDocs(this.store, [putWebhookOp(disabled)]).catch((error: unknown) =>
      this.options.log(`webhooks: could not store the disabled state: ${errorMessage(error)}`),
    );
  }

  private async findEvent(id: string): Promise<OutboxEvent | undefined> {
    const { first } = await this.store.eventBounds();
    for (let after = first - 1; ;) {
      const batch = await this.store.eventsAfter(after, 5000);
      if (batch.length === 0) return undefined;
      const found = batch.find((event) => event.id === id);
      if (found) return found;
      after = batch.at(-1)!.pos;
    }
  }

  /** Stores every lane's watermark that moved, in one commit. */
  private async saveProgress(): Promise<void> {
    const ops = [];
    for (const lane of this.lanes.values()) {
      if (!lane.dirty || !webhook(this.documents, lane.hook.id)) continue;
      lane.dirty = false;
      ops.push(
        putProgressOp(lane.hook.id, { delivered: lane.delivered, done: [...lane.settled].sort((a, b) => a - b) }),
      );
    }
    if (ops.length > 0)
      await writeDocs(this.store, ops).catch((error: unknown) =>
        this.options.log(`webhooks: could not store delivery progress: ${errorMessage(error)}`),
      );
  }

  /** The lowest watermark of the endpoints still delivering: retention keeps what they are owed. */
  lowestOwed(): number | undefined {
    let lowest: number | undefined;
    for (const lane of this.lanes.values())
      if (!lane.hook.disabled) lowest = Math.min(lowest ?? Infinity, lane.delivered);
    return lowest;
  }
}
