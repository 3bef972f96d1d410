/**
 * The timers background work runs on (webhook retry backoff, the store's quiet moment before compacting).
 * Production uses the system's; a test passes a clock it moves forward itself, so that "retried after the
 * backoff" or "compacted once commits stopped" is checked without waiting for real time to pass.
 */
export interface Timers {
  /** Milliseconds on a monotonic clock: only differences mean anything. */
  now(): number;
  /** Calls `callback` once `ms` have passed on this clock; returns a function that cancels the call. */
  setTimeout(callback: () => void, ms: number): () => void;
}

/** The process's own clock. Its timers never keep the process alive on their own. */
export const systemTimers: Timers = {
  now: () => performance.now(),
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
