/** What every rehearsal shares: its pace, its progress callbacks, and a sender that keeps both. */
import type { ScimCall, ScimClient } from './scim-client.js';

export interface RehearsalRunOptions {
  /** Pause before each request after the first (ms); 0 = as fast as possible. */
  pace: () => number;
  /** Called when a new stage starts, e.g. "Assign ada.lovelace@example.com". */
  onStep?: (step: string) => void;
  /** Aborts between requests. */
  signal?: AbortSignal;
}

export interface RehearsalOutcome {
  userIds: string[];
  groupIds: string[];
}

/** A pace an admin can watch: 300-600 ms between requests. */
export const watchablePace = () => 300 + Math.floor(Math.random() * 300);

export type Send = (method: string, path: string, body: unknown, expected: readonly number[]) => Promise<ScimCall>;

/** Sends through `client`, pausing before every request but the first, and stopping between requests when aborted. */
export function pacedSender(client: ScimClient, options: RehearsalRunOptions): Send {
  let first = true;
  return async (method, path, body, expected) => {
    if (!first) await pause(options.pace(), options.signal);
    first = false;
    options.signal?.throwIfAborted();
    return client.expect(method, path, body, expected);
  };
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
