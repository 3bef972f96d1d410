/**
 * Why a connection could not be made or used, in the connections' own words; the admin API answers each
 * kind with its error code (400 for a request to fix, 409 without a connection, 502 when the service failed).
 */
import { explainTenantError } from '../tenants/error-sentence.js';
import type { TenantApiError, TenantErrorInfo } from '../tenants/tenant-error.js';
import type { TenantCallFailure } from './connection-types.js';

export type ConnectionFailure =
  /** The request itself is wrong (a missing field, a token in an argument). */
  | { kind: 'invalid'; message: string; issues: { field: string; message: string }[] }
  /** Connecting: the service refused or could not be reached (a bad URL, 401, 403, 429, a timeout). */
  | { kind: 'refused'; message: string; failure: TenantCallFailure }
  /** The service is not connected (or, for Okta, no app is picked). */
  | { kind: 'not_connected'; message: string }
  /** A connected service failed a read or a write that was needed now. */
  | { kind: 'unavailable'; message: string; failure: TenantCallFailure };

export class ConnectionError extends Error {
  constructor(readonly failure: ConnectionFailure) {
    super(failure.message);
    this.name = 'ConnectionError';
  }
}

/** A client's error in the API's fields (nothing in them can hold a token). */
export function callFailure(info: TenantErrorInfo): TenantCallFailure {
  return {
    service: info.service,
    kind: info.kind,
    operation: info.operation,
    method: info.method,
    path: info.path,
    status: info.status,
    service_code: info.serviceCode,
    required_scopes: [...info.requiredScopes],
    required_role: info.requiredRole,
    retry_at: info.retryAt,
  };
}

/** A client's error as a ConnectionError of `kind`, worded by the one explainer of tenant errors. */
export function fromTenantError(kind: 'refused' | 'unavailable', error: TenantApiError, now: number): ConnectionError {
  return new ConnectionError({ kind, message: explainTenantError(error.info, now), failure: callFailure(error.info) });
}

/** A failed reading of the snapshot as the reason something cannot be done now. */
export function unavailable(failed: { error: TenantErrorInfo; sentence: string }): ConnectionError {
  return new ConnectionError({ kind: 'unavailable', message: failed.sentence, failure: callFailure(failed.error) });
}

export const notConnected = (message: string) => new ConnectionError({ kind: 'not_connected', message });

export const invalidConnection = (message: string, issues: { field: string; message: string }[] = []) =>
  new ConnectionError({ kind: 'invalid', message, issues });
