/**
 * The admin API's one error type. A handler throws an AdminError (or a domain error that answer-errors.ts
 * translates into one) and the app's error handler answers it as the contract's `{ error: { code, message,
 * details } }`. The status follows from the code, so a code always answers with the same status.
 */
import type { ApiError, ApiErrorBody, ApiErrorCode, FieldIssue } from './contract.js';

/** Every error code with its HTTP status. */
export const ERROR_STATUS: Record<ApiErrorCode, number> = {
  unauthorized: 401,
  too_many_attempts: 429,
  misdirected_request: 421,
  not_found: 404,
  invalid_query: 400,
  invalid_body: 400,
  invalid_rule: 400,
  invalid_organizational_unit: 400,
  organizational_unit_in_use: 409,
  organizational_unit_has_children: 409,
  guard_refused: 409,
  rehearsal_running: 409,
  not_running: 409,
  tunnel_failed: 502,
  connection_failed: 400,
  not_connected: 409,
  tenant_unavailable: 502,
  apply_incomplete: 502,
  payload_too_large: 413,
  internal: 500,
};

export class AdminError extends Error {
  readonly status: number;

  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'AdminError';
    this.status = ERROR_STATUS[error.code];
  }

  /** The answer's body: `details` only when there are some. */
  get body(): ApiErrorBody {
    const { code, message, details } = this.error;
    return { error: { code, message, ...(details === undefined ? {} : { details }) } as ApiError };
  }
}

export const notFound = (message: string) => new AdminError({ code: 'not_found', message });

export const invalidQuery = (field: string, message: string) =>
  new AdminError({ code: 'invalid_query', message: `${field}: ${message}`, details: { issues: [{ field, message }] } });

export const invalidBody = (message: string, issues?: FieldIssue[]) =>
  new AdminError({ code: 'invalid_body', message, ...(issues ? { details: { issues } } : {}) });

export const internalError = () =>
  new AdminError({ code: 'internal', message: 'The server failed to handle the request.' });
