/**
 * A fact read from a tenant, with its evidence: what the API said, when, from which calls. A failed read is
 * a fact too (the checklist shows "Okta did not allow SCIM Desk to read the System Log" on that one step), so
 * one refused call never hides the rest of the snapshot.
 */
import type { Answer, ApiCall } from '../api-call.js';
import { explainTenantError } from '../error-sentence.js';
import { isTenantApiError, type TenantErrorInfo } from '../tenant-error.js';

export interface Evidence {
  /** The calls the fact was read from, in the order they answered. */
  calls: readonly ApiCall[];
  /** What the API said, in a line ("username format ${source.email} (BUILT_IN)"). */
  said: string;
  /** When the last of the calls answered (ISO 8601). */
  at: string;
}

export type Reading<T> =
  | { ok: true; value: T; evidence: Evidence }
  | {
      ok: false;
      error: TenantErrorInfo;
      /** The error as one sentence with what to do (error-sentence.ts). */
      sentence: string;
      /** The calls that answered before the one that failed. */
      calls: readonly ApiCall[];
      at: string;
    };

export type Failed = Extract<Reading<unknown>, { ok: false }>;

export function fact<T>(value: T, calls: readonly ApiCall[], said: string, now: number): Reading<T> {
  const at = calls.reduce(
    (latest, call) => (call.at > latest ? call.at : latest),
    calls[0]?.at ?? new Date(now).toISOString(),
  );
  return { ok: true, value, evidence: { calls, said, at } };
}

/** A TenantApiError as a failed reading; anything else is a bug and is thrown on. */
export function failure(error: unknown, calls: readonly ApiCall[], now: number): Failed {
  if (!isTenantApiError(error)) throw error;
  const info = error.toJSON();
  return { ok: false, error: info, sentence: explainTenantError(info, now), calls, at: new Date(now).toISOString() };
}

/** One call, read into a fact. */
export async function readOne<T, V = T>(
  call: () => Promise<Answer<T>>,
  now: () => number,
  said: (value: T) => string,
  shape: (value: T) => V = (value) => value as unknown as V,
): Promise<Reading<V>> {
  try {
    const answer = await call();
    return fact(shape(answer.value), [answer.call], said(answer.value), now());
  } catch (error) {
    return failure(error, [], now());
  }
}

/** Bounded concurrency for a burst of reads: a snapshot never sends more than `limit` requests at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiting one, so no newcomer can slip in between.
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
