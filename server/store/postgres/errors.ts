/**
 * What PostgreSQL and the client library report, as the store's errors: a uniqueness violation is a
 * `conflict`, a broken reference or a value PostgreSQL cannot hold is `invalid`, and anything that says the
 * database is out of reach (refused, closed, timed out, shutting down) is `unavailable`, which the SCIM layer
 * answers with 503. Serialisation failures and deadlocks are retried by the store.
 */
import { StoreError } from '../types.js';

/** Errors of the client library (postgres.js) and of node:net that mean "no database right now". */
const UNAVAILABLE_CODES = new Set([
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isRetryable(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01'; // serialization_failure, deadlock_detected
}

export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === undefined) return error;
  if (code === '23505')
    return new StoreError('conflict', `${describeConstraint(error)} already exists; nothing was changed`);
  if (code === '23503' || code === '23514')
    return new StoreError('invalid', `a member or group that does not exist (${message}); nothing was changed`);
  if (code === '22P05' || code === '22021' || code === '54000' || code === '22001')
    return new StoreError('invalid', `a value PostgreSQL cannot store (${message}); nothing was changed`);
  if (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    code === '57014' ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '53300'
  ) {
    return new StoreError('unavailable', `the database is unavailable: ${message}`);
  }
  return error;
}

function describeConstraint(error: unknown): string {
  const constraint = (error as { constraint_name?: unknown }).constraint_name;
  if (constraint === 'scim_desk_users_user_name') return 'a user with this userName';
  if (constraint === 'scim_desk_groups_display_name') return 'a group with this displayName';
  return 'a record with this key';
}

/** Rejects with StoreError('unavailable') if `work` has not settled within `ms`: no caller waits forever. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreError('unavailable', `the database did not answer ${what} within ${ms} ms`)),
      ms,
    );
  });
  work.catch(() => undefined); // a late failure after the deadline is nobody's concern
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
