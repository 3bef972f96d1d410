/**
 * Keeps the last tenant snapshot, so the checklist and the rules preview do not each call Okta and Clumio:
 * a read happens on demand (`refresh`) and on a slow interval, and concurrent refreshes share the one read in
 * flight. The interval restarts after every read, so an on-demand refresh also pushes the next one back.
 */
import type { Clock } from '../../time/clock.js';

export interface SnapshotCacheOptions<T> {
  read: () => Promise<T>;
  clock: Clock;
  /** Time between reads while started (default 5 minutes). */
  refreshEveryMs?: number;
  /** Told about every completed read. */
  onRead?: (value: T) => void;
  /** Told about a read that threw (the previous snapshot is kept). */
  onError?: (error: unknown) => void;
}

export class SnapshotCache<T> {
  private latest: { value: T; readAt: number } | null = null;
  private inFlight: Promise<T> | null = null;
  private cancelTimer: (() => void) | null = null;
  private started = false;
  /** Bumped by `invalidate`: a read that began before it must not become the snapshot. */
  private generation = 0;
  private readonly refreshEveryMs: number;

  constructor(private readonly options: SnapshotCacheOptions<T>) {
    this.refreshEveryMs = options.refreshEveryMs ?? 5 * 60_000;
  }

  /** The last snapshot and when it was read, without reading. */
  current(): { value: T; readAt: number } | null {
    return this.latest;
  }

  /** The read in flight, if any. */
  pending(): Promise<T> | null {
    return this.inFlight;
  }

  /** The last snapshot if it is younger than `maxAgeMs` (default: any age), else a fresh read. */
  async get(maxAgeMs = Number.POSITIVE_INFINITY): Promise<T> {
    if (this.latest && this.options.clock.now() - this.latest.readAt <= maxAgeMs) return this.latest.value;
    return this.refresh();
  }

  /** Reads now, or joins the read already in flight. */
  refresh(): Promise<T> {
    if (this.inFlight) return this.inFlight;
    this.cancelTimer?.();
    this.cancelTimer = null;
    const generation = this.generation;
    let read: Promise<T> | null = null;
    read = (async () => {
      try {
        const value = await this.options.read();
        if (generation === this.generation) this.latest = { value, readAt: this.options.clock.now() };
        this.options.onRead?.(value);
        return value;
      } catch (error) {
        this.options.onError?.(error);
        throw error;
      } finally {
        if (this.inFlight === read) {
          this.inFlight = null;
          this.schedule();
        }
      }
    })();
    this.inFlight = read;
    return read;
  }

  /** Reads on the interval from now on (the first read after one interval, or at once with `immediately`). */
  start(immediately = false): void {
    if (this.started) return;
    this.started = true;
    if (immediately) this.refresh().catch(() => {});
    else this.schedule();
  }

  stop(): void {
    this.started = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /**
   * Replaces part of the snapshot with what was just read again (an apply's fresh rules), keeping when the
   * rest was read. A read already in flight began before it, so its answer no longer becomes the snapshot.
   */
  update(change: (value: T) => T): void {
    if (!this.latest) return;
    this.generation += 1;
    this.latest = { value: change(this.latest.value), readAt: this.latest.readAt };
  }

  /** Forgets the snapshot (a connection changed): the next `get` reads. */
  invalidate(): void {
    this.generation += 1;
    this.latest = null;
    this.inFlight = null; // the next refresh reads afresh; the old read still settles for whoever awaits it
    this.schedule();
  }

  private schedule(): void {
    if (!this.started || this.inFlight) return;
    this.cancelTimer?.();
    this.cancelTimer = this.options.clock.setTimeout(() => {
      this.cancelTimer = null;
      this.refresh().catch(() => {}); // onError has it; the next interval tries again
    }, this.refreshEveryMs);
  }
}
