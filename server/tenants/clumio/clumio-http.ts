/**
 * One request to the Clumio REST API with Node's fetch: the resource's versioned `Accept`, the Bearer token,
 * the OU context header (always sent, empty when none is set, as Clumio's Go SDK does), a bounded timeout,
 * and bounded backoff on 429 (Clumio allows 100 requests per second per organization and documents no
 * rate-limit headers). A 429 is retried for writes too: the gateway refused the request before it ran.
 * Bodies are read as JSON whatever their Content-Type.
 */
import type { Clock } from '../../time/clock.js';
import { Deadline } from '../deadline.js';
import { networkCodeOf } from '../network-error.js';
import { kindForStatus, TenantApiError, type TenantErrorFields } from '../tenant-error.js';
import type { ClumioOperation } from './clumio-operations.js';

export interface ClumioHttpOptions {
  baseUrl: string;
  apiToken: string;
  /** The OU to act in; '' acts in the token's own scope. */
  organizationalUnitContext: string;
  clock: Clock;
  timeoutMs: number;
  /** 429s retried per request. */
  maxRetries: number;
  /** First backoff after a 429; doubles per retry. */
  backoffMs: number;
  /** No single backoff is longer than this. */
  maxBackoffMs: number;
  fetch: typeof fetch;
}

export interface ClumioAnswer {
  status: number;
  /** The parsed JSON body; null when there was none. */
  body: unknown;
  /** Path and query as sent. */
  path: string;
  at: number;
}

export class ClumioHttp {
  readonly #token: string;
  private readonly host: string;

  constructor(
    private readonly options: Omit<ClumioHttpOptions, 'apiToken'>,
    apiToken: string,
  ) {
    this.#token = apiToken;
    this.host = new URL(options.baseUrl).host;
  }

  async send(
    operation: ClumioOperation,
    path: string,
    request: { query?: Record<string, string>; body?: unknown } = {},
  ): Promise<ClumioAnswer> {
    const url = new URL(this.options.baseUrl + path);
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
    const sentPath = url.pathname.slice(new URL(this.options.baseUrl).pathname.replace(/\/$/, '').length) + url.search;
    const fields: TenantErrorFields = {
      service: 'clumio',
      kind: 'bad_response',
      operation: operation.does,
      method: operation.method,
      path: sentPath,
      host: this.host,
      requiredRole: operation.role,
    };
    const headers: Record<string, string> = {
      Accept: operation.accept,
      Authorization: `Bearer ${this.#token}`,
      'x-clumio-organizationalunit-context': this.options.organizationalUnitContext,
    };
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    for (let refusals = 0; ; refusals += 1) {
      const deadline = new Deadline(this.options.clock, this.options.timeoutMs);
      let status: number;
      let text: string;
      let retryAfter: string | null;
      let location: string | null;
      try {
        const response = await this.options.fetch(url, {
          method: operation.method,
          headers,
          body,
          signal: deadline.signal,
          redirect: 'manual',
        });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
        location = response.headers.get('location');
        text = await response.text();
      } catch (error) {
        if (deadline.timedOut)
          throw new TenantApiError({ ...fields, kind: 'timeout', timeoutMs: this.options.timeoutMs });
        throw new TenantApiError({ ...fields, kind: 'unreachable', networkCode: networkCodeOf(error) });
      } finally {
        deadline.clear();
      }
      const at = this.options.clock.now();

      if (status === 429 && refusals < this.options.maxRetries) {
        await this.options.clock.sleep(this.backoff(refusals, retryAfter));
        continue;
      }
      const parsed = parseJson(text);
      if (status >= 200 && status < 300) {
        if (parsed === INVALID)
          throw new TenantApiError({ ...fields, status, serviceMessage: 'the answer is not JSON' });
        return { status, body: parsed, path: sentPath, at };
      }
      if (status >= 300 && status < 400) {
        const target = location ? ` to ${originOf(location, url)}` : '';
        throw new TenantApiError({
          ...fields,
          status,
          serviceMessage: `the API answered with a redirect${target}; check the base URL`,
        });
      }
      throw new TenantApiError({ ...fields, ...describeError(parsed), kind: kindForStatus(status), status });
    }
  }

  private backoff(refusals: number, retryAfter: string | null): number {
    const stated = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : null;
    return Math.min(stated ?? this.options.backoffMs * 2 ** refusals, this.options.maxBackoffMs);
  }
}

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

/** Clumio's error body: `{"errors": [{"error_code": 111, "error_message": "The request is invalid."}]}`. */
function describeError(body: unknown): Pick<TenantErrorFields, 'serviceCode' | 'serviceMessage'> {
  const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors) || errors.length === 0) return {};
  const first = errors[0] as { error_code?: unknown; error_message?: unknown };
  const messages = errors
    .map((entry) => (entry as { error_message?: unknown })?.error_message)
    .filter((message): message is string => typeof message === 'string' && message !== '');
  return {
    serviceCode:
      typeof first.error_code === 'number' || typeof first.error_code === 'string' ? String(first.error_code) : null,
    serviceMessage: messages.length > 0 ? messages.join('; ') : null,
  };
}

function originOf(location: string, base: URL): string {
  try {
    const target = new URL(location, base);
    return target.origin + target.pathname;
  } catch {
    return 'elsewhere';
  }
}
