/**
 * A clock that moves only when the test moves it. It stands in for the system clock where the server takes
 * one (`Timers` for retry backoff and quiet moments, `now` for timestamps and token expiry), so a test says
 * "two minutes later" instead of sleeping two minutes, or hoping a 150 ms window is long enough.
 */
import type { Timers } from '../../server/time/timers.js';

interface Pending {
  at: number;
  order: number;
  callback: () => void;
}

export class ManualClock implements Timers {
  private ms: number;
  private pending: Pending[] = [];
  private scheduled = 0;

  /** Starts at `startMs` (milliseconds since the epoch; default the real time now). */
  constructor(startMs = Date.now()) {
    this.ms = startMs;
  }

  now(): number {
    return this.ms;
  }

  /** The clock's time as a Date, for options that take `() => Date`. */
  readonly date = (): Date => new Date(this.ms);

  setTimeout(callback: () => void, ms: number): () => void {
    const entry: Pending = { at: this.ms + Math.max(0, ms), order: this.scheduled++, callback };
    this.pending.push(entry);
    return () => {
      this.pending = this.pending.filter((other) => other !== entry);
    };
  }

  /** Timers scheduled and not yet run or cancelled. */
  get timersPending(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, running each timer that falls due at its own time, earliest first. */
  advance(ms: number): void {
    const target = this.ms + ms;
    for (;;) {
      const due = this.pending.filter((entry) => entry.at <= target).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.pending = this.pending.filter((entry) => entry !== due);
      this.ms = due.at;
      due.callback();
    }
    this.ms = target;
  }
}
