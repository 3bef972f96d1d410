/** An HTTP client that calls a SCIM endpoint the way an identity provider does: its User-Agent, Bearer token
 * and media type. */

export const OKTA_USER_AGENT = 'Okta SCIM Client 1.0.0';
/**
 * Microsoft documents no User-Agent for its provisioning service, so the Entra rehearsal says what it is
 * rather than pretend; SCIM Desk recognises Entra's traffic by its request shapes, never by this header.
 */
export const ENTRA_REHEARSAL_USER_AGENT = 'SCIM Desk Entra rehearsal (Microsoft Entra provisioning request shapes)';
export const SCIM_MEDIA_TYPE = 'application/scim+json';

export interface ScimCall {
  method: string;
  /** Relative to the base URL, with the query, e.g. `/Users?startIndex=1&count=2`. */
  path: string;
  status: number;
  body: unknown;
}

export class ScimCallError extends Error {
  constructor(
    readonly call: ScimCall,
    message: string,
  ) {
    super(message);
    this.name = 'ScimCallError';
  }
}

export class ScimClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly onCall: (call: ScimCall) => void = () => {},
    private readonly userAgent: string = OKTA_USER_AGENT,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async call(method: string, path: string, body?: unknown): Promise<ScimCall> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.token}`,
      'User-Agent': this.userAgent,
      Accept: `${SCIM_MEDIA_TYPE}, application/json`,
    };
    if (body !== undefined) headers['Content-Type'] = `${SCIM_MEDIA_TYPE}; charset=utf-8`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new Error(
        `cannot reach ${this.baseUrl}: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
        { cause: error },
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    const call: ScimCall = { method, path, status: response.status, body: parsed };
    this.onCall(call);
    return call;
  }

  /** Like call, but anything outside `expected` statuses is an error naming the SCIM detail. */
  async expect(method: string, path: string, body: unknown, expected: readonly number[]): Promise<ScimCall> {
    const call = await this.call(method, path, body);
    if (!expected.includes(call.status)) {
      const detail = (call.body as { detail?: unknown } | undefined)?.detail;
      throw new ScimCallError(
        call,
        `${method} ${path} answered ${call.status}${typeof detail === 'string' ? `: ${detail}` : ''}`,
      );
    }
    return call;
  }
}
