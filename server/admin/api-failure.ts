/**
 * One error type for the admin API's handlers: throw an ApiFailure and the router answers it as the
 * contract's `{ error: { code, message, details } }` with its status. Anything else is a 500.
 */
import type { NextFunction, Request, Response } from 'express';
import type { ApiError, FieldIssue } from './contract.js';
import { sendError } from './security.js';

type Status = 400 | 404 | 409;

export class ApiFailure extends Error {
  constructor(
    readonly status: Status,
    readonly error: ApiError,
  ) {
    super(error.message);
    this.name = 'ApiFailure';
  }
}

export const notFound = (message: string) => new ApiFailure(404, { code: 'not_found', message });

export const invalidQuery = (field: string, message: string) =>
  new ApiFailure(400, { code: 'invalid_query', message: `${field}: ${message}`, details: { issues: [{ field, message }] } });

export const invalidBody = (message: string, issues?: FieldIssue[]) =>
  new ApiFailure(400, { code: 'invalid_body', message, ...(issues ? { details: { issues } } : {}) });

/** The last middleware of the /api router. */
export function answerApiFailures(error: unknown, _req: Request, res: Response, next: NextFunction) {
  if (!(error instanceof ApiFailure)) return next(error);
  sendError(res, error.status, error.error.code, error.error.message, error.error.details);
}
