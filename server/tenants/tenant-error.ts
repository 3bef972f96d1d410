/**
 * One error vocabulary for the Okta and the Clumio client, so the admin API, the CLI and the checklist turn
 * any failure into one sentence (see error-sentence.ts) without knowing which library raised it.
 *
 * An error never carries the API token: messages are built here from fields that cannot hold it, and no
 * error sets `cause` (a library's error keeps its request options, which hold the Authorization header).
 */

export type TenantService = 'okta' | 'clumio';

export type TenantErrorKind =
  /** Not a URL, not https (http is allowed for loopback only), or carrying credentials, a query or a fragment. */
  | 'bad_url'
  /** DNS found no such host, the connection was refused or reset, TLS failed. */
  | 'unreachable'
  /** No answer within the client's bound. */
  | 'timeout'
  /** 401: the token is wrong, expired or revoked. */
  | 'unauthorized'
  /** 403: the token's scope (Okta) or its user's role (Clumio) does not allow the call. */
  | 'forbidden'
  /** 404: e.g. no app with that id. */
  | 'not_found'
  /** 429 after the bounded retries, or a rate-limit wait longer than the client may wait. */
  | 'rate_limited'
  /** Any other 4xx (400, 405, 406, 409, 412): the service refused the request itself. */
  | 'rejected'
  /** 5xx. */
  | 'server_error'
  /** A 2xx answer that is not the service's JSON (a captive portal, a wrong URL answering HTML). */
  | 'bad_response';

/** What a failed call was: the facts layer and the admin API show it as evidence. */
export interface TenantErrorInfo {
  service: TenantService;
  kind: TenantErrorKind;
  /** What SCIM Desk was doing, in words: "list the app's group push mappings". */
  operation: string;
  method: string | null;
  /** Path and query of the request, never the host's credentials (there are none: see service-url.ts). */
  path: string | null;
  /** The host the call went to. */
  host: string | null;
  status: number | null;
  /** Okta's `errorCode` (E0000xxx) or Clumio's `error_code`. */
  serviceCode: string | null;
  /** Okta's `errorSummary` or Clumio's `error_message`. */
  serviceMessage: string | null;
  /** Okta's `errorCauses[].errorSummary`. */
  causes: readonly string[];
  /** Okta: the OAuth scopes the call needs (an SSWS token needs an admin who holds them). */
  requiredScopes: readonly string[];
  /** Clumio: the role the token's user needs. */
  requiredRole: string | null;
  /** For `rate_limited`: when the service says the budget is back (ISO 8601), when it says so. */
  retryAt: string | null;
  /** For `unreachable`: the system error code (ENOTFOUND, ECONNREFUSED…). */
  networkCode: string | null;
  /** For `timeout`: the bound that passed. */
  timeoutMs: number | null;
}

export type TenantErrorFields = Partial<TenantErrorInfo> & Pick<TenantErrorInfo, 'service' | 'kind' | 'operation'>;

export class TenantApiError extends Error {
  readonly info: Readonly<TenantErrorInfo>;

  constructor(fields: TenantErrorFields) {
    const info: TenantErrorInfo = {
      method: null,
      path: null,
      host: null,
      status: null,
      serviceCode: null,
      serviceMessage: null,
      causes: [],
      requiredScopes: [],
      requiredRole: null,
      retryAt: null,
      networkCode: null,
      timeoutMs: null,
      ...fields,
    };
    super(technicalMessage(info));
    this.name = 'TenantApiError';
    this.info = Object.freeze(info);
  }

  get kind(): TenantErrorKind {
    return this.info.kind;
  }

  get service(): TenantService {
    return this.info.service;
  }

  get status(): number | null {
    return this.info.status;
  }

  toJSON(): TenantErrorInfo {
    return { ...this.info };
  }
}

export function isTenantApiError(value: unknown): value is TenantApiError {
  return value instanceof TenantApiError;
}

/** The error kind an HTTP status maps to (2xx has none). */
export function kindForStatus(status: number): TenantErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'rejected';
}

function technicalMessage(info: TenantErrorInfo): string {
  const service = info.service === 'okta' ? 'Okta' : 'Clumio';
  const call = info.method && info.path ? ` (${info.method} ${info.path.split('?')[0]})` : '';
  const status = info.status === null ? '' : ` ${info.status}`;
  const code = info.serviceCode ? ` ${info.serviceCode}` : '';
  const said = info.serviceMessage ? `: ${info.serviceMessage}` : '';
  return `${service} ${info.kind}${status}${code} while trying to ${info.operation}${call}${said}`;
}
