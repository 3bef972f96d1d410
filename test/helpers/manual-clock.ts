/**
 * A clock the test drives: timers fire only when `advance` passes them. Sleeps (waits a client chose, such
 * as a rate-limit reset) are kept apart from plain timers (deadlines, refresh intervals), so a test can wait
 * until a client is sleeping, check how long it chose to sleep, and let exactly that time pass.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../../server/tenants/clock.js';

interface Timer {
  due: number;
  fire: () => void;
  sleep: boolean;
  ms: number;
}

export class ManualClock implements Clock {
  private time: number;
  private readonly timers = new Set<Timer>();
  private readonly events = new EventEmitter();

  constructor(start: number | string = Date.UTC(2026, 11, 7, 10, 0, 0)) {
    this.time = typeof start === 'string' ? Date.parse(start) : start;
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = { due: this.time + Math.max(0, ms), fire: fn, sleep: false, ms };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer: Timer = { due: this.time + Math.max(0, ms), fire: resolve, sleep: true, ms };
      this.timers.add(timer);
      signal?.addEventListener('abort', () => {
        this.timers.delete(timer);
        reject(signal.reason);
      });
      this.events.emit('sleep', ms);
    });
  }

  /** The sleeps pending now, in ms as asked. */
  sleeping(): number[] {
    return [...this.timers].filter((t) => t.sleep).map((t) => t.ms);
  }

  /** Resolves with the length of the next sleep asked for (or of one already pending). */
  untilSleeping(): Promise<number> {
    const pending = this.sleeping();
    if (pending.length > 0) return Promise.resolve(pending[0]!);
    return new Promise((resolve) => this.events.once('sleep', resolve));
  }

  /** Moves time forward, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = [...this.timers].filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.timers.delete(next);
      this.time = Math.max(this.time, next.due);
      next.fire();
    }
    this.time = end;
  }
}
