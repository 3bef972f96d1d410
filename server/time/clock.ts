/**
 * Wall-clock time with waits, for code that compares its time with dates other services send (rate-limit
 * resets, `Date` headers) and that sleeps (backoff, deadlines, refresh intervals). A test passes a clock it
 * moves itself, so a wait is checked without real time passing.
 */
import type { Timers } from './timers.js';

export interface Clock extends Timers {
  /** Milliseconds since the epoch (a difference of two readings is elapsed time, as for any Timers). */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, Math.max(0, ms));
    timer.unref(); // a pending refresh or deadline must never keep the process alive on its own
    return () => clearTimeout(timer);
  },
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
