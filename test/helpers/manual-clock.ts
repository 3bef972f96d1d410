/**
 * A clock that moves only when the test moves it. It stands in for the system clock wherever the server takes
 * one (`Timers` for retry backoff and quiet moments, `Clock` for rate-limit waits and deadlines, `now` for
 * timestamps and token expiry), so a test says "two minutes later" instead of sleeping two minutes. Sleeps
 * (waits a client chose, such as a rate-limit reset) are told apart from plain timers, so a test can wait until
 * a client sleeps, check how long it chose to sleep, and let exactly that time pass.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../../server/time/clock.js';

interface Pending {
  at: number;
  order: number;
  callback: () => void;
  /** Set for sleeps: the length asked for. */
  sleepMs?: number;
}

export class ManualClock implements Clock {
  private ms: number;
  private pending: Pending[] = [];
  private scheduled = 0;
  private readonly events = new EventEmitter();

  /** Starts at `start` (ms since the epoch or an ISO string; default 2026-12-07T10:00:00Z). */
  constructor(start: number | string = Date.UTC(2026, 11, 7, 10, 0, 0)) {
    this.ms = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.ms;
  }

  /** The clock's time as a Date, for options that take `() => Date`. */
  readonly date = (): Date => new Date(this.ms);

  setTimeout(callback: () => void, ms: number): () => void {
    return this.schedule({ at: this.ms + Math.max(0, ms), order: this.scheduled++, callback });
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const cancel = this.schedule({
        at: this.ms + Math.max(0, ms),
        order: this.scheduled++,
        callback: resolve,
        sleepMs: ms,
      });
      signal?.addEventListener('abort', () => {
        cancel();
        reject(signal.reason);
      });
      this.events.emit('sleep', ms);
    });
  }

  /** Timers and sleeps scheduled and not yet run or cancelled. */
  get timersPending(): number {
    return this.pending.length;
  }

  /** The sleeps pending now, in ms as asked. */
  sleeping(): number[] {
    return this.pending.flatMap((entry) => (entry.sleepMs === undefined ? [] : [entry.sleepMs]));
  }

  /** Resolves with the length of the next sleep asked for (or of one already pending). */
  untilSleeping(): Promise<number> {
    const pending = this.sleeping();
    if (pending.length > 0) return Promise.resolve(pending[0]!);
    return new Promise((resolve) => this.events.once('sleep', resolve));
  }

  /** Moves time forward by `ms`, running each timer that falls due at its own time, earliest first. */
  advance(ms: number): void {
    const target = this.ms + ms;
    for (;;) {
      const due = this.pending
        .filter((entry) => entry.at <= target)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.pending = this.pending.filter((entry) => entry !== due);
      this.ms = Math.max(this.ms, due.at);
      due.callback();
    }
    this.ms = target;
  }

  private schedule(entry: Pending): () => void {
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((other) => other !== entry);
    };
  }
}
