import type { PublicToken } from './token-record.js';

export type AuthFailureReason = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired';

/** The outcome of checking one request's credentials. `hint` is a readable explanation with the fix, written
 * for the setup wizard and the activity view; it never contains the presented secret. */
export type AuthResult =
  | { ok: true; token: PublicToken }
  | {
      ok: false;
      reason: AuthFailureReason;
      hint: string;
      /** The token that was recognised but refused (revoked or expired). */
      token?: PublicToken;
    };
