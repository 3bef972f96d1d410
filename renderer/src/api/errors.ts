import type { ApiError } from '../../../server/admin/contract';
import { isRecord } from './is-record';

/** What can go wrong with one API call, as the UI needs to tell it apart. */
export type FailureCause =
  | { kind: 'api'; status: number; error: ApiError } // the server answered with its error body
  | { kind: 'network'; message: string } // no answer (server stopped, connection refused)
  | { kind: 'unexpected'; status: number; text: string }; // an answer that is not our JSON (proxy page, bug)

export class ApiFailure extends Error {
  constructor(readonly cause: FailureCause) {
    super(describeCause(cause));
    this.name = 'ApiFailure';
  }

  /** The API error when the server sent one with this code. */
  apiError<C extends ApiError['code']>(code: C): Extract<ApiError, { code: C }> | undefined {
    if (this.cause.kind !== 'api' || this.cause.error.code !== code) return undefined;
    return this.cause.error as Extract<ApiError, { code: C }>;
  }
}

function describeCause(cause: FailureCause): string {
  switch (cause.kind) {
    case 'api':
      if (cause.error.code === 'unauthorized') {
        return 'The server did not accept this admin session. Open the admin console link that "npm run serve" or "scim-desk serve" printed, or restart the desktop app.';
      }
      return cause.error.message;
    case 'network':
      return 'The SCIM Desk server did not answer. Is it still running?';
    case 'unexpected':
      return `The server answered ${cause.status} with something that is not SCIM Desk's JSON.`;
  }
}

/** A readable sentence for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Parses an error body; returns undefined unless it has the contract's `{ error: { code, message } }` shape. */
export function parseApiErrorBody(body: unknown): ApiError | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  // The server is ours and speaks the contract; an unknown code still has a readable message.
  return body.error as unknown as ApiError;
}
