/**
 * The one typed client of the admin API. Every call names a route of the contract (`'GET /api/users'`);
 * the compiler then knows its params, query, body and answer. Same origin only; the admin token goes in
 * the Authorization header.
 */
import type { AdminApi, AdminApiRoute } from '../../../server/admin/contract';
import { apiPath } from '../../../server/admin/contract';
import { ApiFailure, parseApiErrorBody } from './errors';
import { adminToken } from './session';

type QueryValue = string | number | boolean | undefined;

/** Options of one call: `id` (and `deliveryId`) for routes with `:id` (`:deliveryId`), then query and body when the route has them. */
export type CallOptions<R extends AdminApiRoute> = (R extends `${string}:id${string}`
  ? { id: string }
  : { id?: never }) &
  (R extends `${string}:deliveryId${string}` ? { deliveryId: string } : { deliveryId?: never }) &
  (AdminApi[R]['query'] extends undefined ? { query?: never } : { query?: AdminApi[R]['query'] }) &
  (AdminApi[R]['body'] extends undefined ? { body?: never } : { body: AdminApi[R]['body'] }) & {
    signal?: AbortSignal;
  };

type Listener = (refusal: ApiFailure) => void;
const unauthorizedListeners = new Set<Listener>();

/**
 * The server's refusal of this window's session (401, or 429 once too many wrong admin tokens were tried), once
 * it came. Nothing more is sent after it: every request would be refused the same way and count against the
 * admin token's budget of wrong tries, and the page says it once (the session banner).
 */
let sessionRefused: ApiFailure | null = null;

/** Called when the server refuses the session, so the app can show how to log in again. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  if (sessionRefused) listener(sessionRefused);
  return () => unauthorizedListeners.delete(listener);
}

export function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export async function call<R extends AdminApiRoute>(
  route: R,
  options: CallOptions<R>,
): Promise<AdminApi[R]['response']> {
  const space = route.indexOf(' ');
  const method = route.slice(0, space);
  const path =
    apiPath(route.slice(space + 1), { id: options.id, deliveryId: options.deliveryId }) +
    queryString(options.query as Record<string, QueryValue>);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (sessionRefused) throw sessionRefused;
  const token = adminToken();
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, signal: options.signal, credentials: 'same-origin' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiFailure({ kind: 'network', message: String(error) });
  }

  if (response.status === 204) return undefined as AdminApi[R]['response'];
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiFailure({ kind: 'unexpected', status: response.status, text: text.slice(0, 200) });
  }
  if (!response.ok) {
    const error = parseApiErrorBody(json);
    if (error && (error.code === 'unauthorized' || error.code === 'too_many_attempts')) {
      sessionRefused ??= new ApiFailure({ kind: 'api', status: response.status, error });
      unauthorizedListeners.forEach((listener) => listener(sessionRefused!));
      throw sessionRefused;
    }
    if (error) throw new ApiFailure({ kind: 'api', status: response.status, error });
    throw new ApiFailure({ kind: 'unexpected', status: response.status, text: text.slice(0, 200) });
  }
  // The server implements the same contract file: parse (JSON), then trust the shape.
  return json as AdminApi[R]['response'];
}

/** Shorthand for calls without options. */
export function get<R extends AdminApiRoute & `GET ${string}`>(route: R, options?: CallOptions<R>) {
  return call(route, (options ?? {}) as CallOptions<R>);
}
