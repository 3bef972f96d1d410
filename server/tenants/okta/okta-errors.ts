/**
 * Whatever the Okta SDK, node-fetch or the executor threw, as one TenantApiError; anything else is a bug and
 * is thrown on. The SDK's errors keep the response headers and the request URL: only the fields below are
 * copied, never the error itself.
 */
import { kindForStatus, TenantApiError, type TenantErrorFields } from '../tenant-error.js';
import { networkCodeOf } from '../network-error.js';
import type { OktaOperation } from './okta-operations.js';
import { OktaDeadlineExceeded, RateLimitWaitTooLong } from './okta-request-executor.js';
import type { RateBudget } from './okta-rate-budget.js';
import { OktaShapeError } from './okta-types.js';

export interface FailedCall {
  operation: OktaOperation;
  host: string;
  /** Path and query of the request that failed, when known. */
  path: string | null;
  timeoutMs: number;
  budget: RateBudget;
}

interface SdkHttpError {
  name: string;
  status: number | string;
  url?: string;
  errorCode?: unknown;
  errorSummary?: unknown;
  errorCauses?: unknown;
  headers?: { get(name: string): string | null };
}

export function toOktaError(error: unknown, call: FailedCall): TenantApiError {
  if (error instanceof TenantApiError) return error;
  const base: TenantErrorFields = {
    service: 'okta',
    kind: 'bad_response',
    operation: call.operation.does,
    method: call.operation.method,
    host: call.host,
    path: call.path,
    requiredScopes: call.operation.scopes,
  };
  if (error instanceof RateLimitWaitTooLong) {
    return new TenantApiError({ ...base, kind: 'rate_limited', retryAt: new Date(error.retryAt).toISOString() });
  }
  if (error instanceof OktaDeadlineExceeded || isAbort(error)) {
    return new TenantApiError({ ...base, kind: 'timeout', timeoutMs: call.timeoutMs });
  }
  if (isSdkHttpError(error)) {
    const status = Number(error.status);
    const fields: TenantErrorFields = {
      ...base,
      kind: kindForStatus(status),
      status,
      path: pathOf(error.url) ?? call.path,
    };
    if (error.name === 'OktaApiError') {
      fields.serviceCode = typeof error.errorCode === 'string' ? error.errorCode : null;
      fields.serviceMessage = typeof error.errorSummary === 'string' && error.errorSummary ? error.errorSummary : null;
      fields.causes = Array.isArray(error.errorCauses)
        ? error.errorCauses
            .map((cause) => (cause as { errorSummary?: unknown })?.errorSummary)
            .filter((s): s is string => typeof s === 'string')
        : [];
    }
    if (status === 429 && error.headers) {
      const resetAt = call.budget.localResetTime(error.headers);
      if (resetAt !== null) fields.retryAt = new Date(resetAt).toISOString();
    }
    return new TenantApiError(fields);
  }
  const networkCode = networkCodeOf(error);
  if (networkCode) return new TenantApiError({ ...base, kind: 'unreachable', networkCode });
  const fetchType =
    error && typeof error === 'object' && (error as { name?: unknown }).name === 'FetchError'
      ? (error as { type?: unknown }).type
      : null;
  if (fetchType === 'invalid-json' || error instanceof SyntaxError || error instanceof OktaShapeError) {
    // A 2xx whose body is not JSON, or not the shape Okta documents.
    return new TenantApiError({ ...base, kind: 'bad_response', serviceMessage: describeBadBody(error) });
  }
  if (fetchType !== null)
    return new TenantApiError({
      ...base,
      kind: 'unreachable',
      networkCode: typeof fetchType === 'string' ? fetchType : null,
    });
  throw error; // not a failure of Okta or the network: a bug, which must not pass for one
}

function isSdkHttpError(error: unknown): error is SdkHttpError {
  if (!error || typeof error !== 'object') return false;
  const { name, status } = error as { name?: unknown; status?: unknown };
  return (name === 'OktaApiError' || name === 'HttpError') && Number.isInteger(Number(status));
}

function isAbort(error: unknown): boolean {
  return (
    !!error &&
    typeof error === 'object' &&
    ((error as { name?: unknown }).name === 'AbortError' || (error as { type?: unknown }).type === 'aborted')
  );
}

function pathOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return null;
  }
}

function describeBadBody(error: unknown): string {
  if (!(error instanceof OktaShapeError)) return 'the answer is not JSON';
  return `the answer does not have the shape of an Okta API answer (${error.message})`;
}
