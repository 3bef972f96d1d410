import express, { type Request, type Response } from 'express';
import { parse as parseQueryString, type ParsedUrlQuery } from 'node:querystring';
import type { ActivityInput } from '../../activity/types.js';
import type { AuthResult } from '../../auth/auth-result.js';
import { presentedTokenKey, type FailedAuthLimiter } from '../../auth/failed-auth-limiter.js';
import type { TokenService } from '../../auth/token-service.js';
import { SCIM_BASE_PATH, SELF_PROBE_HEADER } from '../endpoint.js';
import { ScimError } from '../errors.js';
import { errorResponse, isDiscoveryPath, type ScimProtocol } from '../protocol/handle.js';
import type { ScimRequest, ScimRequestFacts, ScimResponse } from '../protocol/types.js';
import { endAfterBody, readJsonBody, type JsonBody } from './read-body.js';

/** What the adapter tells the activity log about each request (the log redacts bodies on the way in). */
export type ScimExchange = Extract<ActivityInput, { kind: 'scim' }>;

export interface ScimAppDependencies {
  protocol: ScimProtocol;
  tokens: TokenService;
  limiter: FailedAuthLimiter;
  record: (exchange: ScimExchange) => void;
  /** The public base URL for a request that arrived through a tunnel or proxy (compared by its Host or
   * X-Forwarded-Host); undefined keeps the URL derived from Host, so local requests keep local URLs.
   * `authenticated`: the request carried a valid token (the identity provider calls that URL). */
  publicBaseUrl?: (arrivedAs: {
    host: string | undefined;
    forwardedHost: string | undefined;
    authenticated: boolean;
  }) => string | undefined;
  /** The tunnel self-probe: true when `marker` is one this SCIM Desk just sent to its own public URL. */
  isProbeMarker?: (marker: string) => boolean;
}

/**
 * The SCIM listener: `/scim/v2/*` and nothing else, so the admin API can never be reached through a
 * tunnel. A thin adapter from Express to the framework-free protocol core.
 */
export function createScimApp(deps: ScimAppDependencies) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // ETags are the resources' versions, not body hashes
  app.set('query parser', 'simple');

  // One middleware, no mounted sub-path: the router's prefix matching costs more than this whole check.
  app.use((req, res) => {
    const marker = req.headers[SELF_PROBE_HEADER];
    if (typeof marker === 'string' && deps.isProbeMarker?.(marker)) res.setHeader(SELF_PROBE_HEADER, marker);
    const path = scimPathOf(req.path);
    if (path !== undefined) {
      void handle(deps, req, res, path);
      return;
    }
    send(
      req,
      res,
      errorResponse(new ScimError(404, undefined, `Not found. The SCIM endpoint is at ${SCIM_BASE_PATH}.`)),
    );
    deps.record(exchangeOf(req, 404, 0, {}));
  });
  return app;
}

/** The path below the SCIM base (`/Users/1`, or '' for the base itself), or undefined outside it.
 * Case-insensitive like Express's mount paths, which this replaces. */
export function scimPathOf(fullPath: string): string | undefined {
  if (
    fullPath.length < SCIM_BASE_PATH.length ||
    fullPath.slice(0, SCIM_BASE_PATH.length).toLowerCase() !== SCIM_BASE_PATH
  )
    return undefined;
  const rest = fullPath.slice(SCIM_BASE_PATH.length);
  if (rest === '' || rest === '/') return '';
  return rest.startsWith('/') ? rest : undefined;
}

async function handle(deps: ScimAppDependencies, req: Request, res: Response, path: string) {
  const started = performance.now();
  let auth: AuthResult | undefined;
  let response: ScimResponse;
  let facts: ScimRequestFacts = {};
  let body: JsonBody | undefined;
  try {
    if (!isDiscoveryPath(path)) {
      auth = deps.tokens.authenticate(req.headers.authorization);
      if (!auth.ok) {
        // Limited per presented token, never per address: see presentedTokenKey.
        const key = presentedTokenKey(req.headers.authorization);
        const decision = key === undefined ? ({ limited: false } as const) : deps.limiter.check(key);
        response = decision.limited
          ? errorResponse(
              new ScimError(
                429,
                undefined,
                `Too many failed authentications with this token; retry in ${decision.retryAfterSeconds} s. ${auth.hint}`,
              ),
            )
          : errorResponse(new ScimError(401, undefined, auth.hint));
        if (decision.limited) response.headers['Retry-After'] = String(decision.retryAfterSeconds);
        else response.headers['WWW-Authenticate'] = 'Bearer realm="SCIM Desk"';
        send(req, res, response);
        deps.record(exchangeOf(req, response.status, performance.now() - started, { auth }));
        return;
      }
    }
    // Discovery paths are read-only: a body sent to one is never read (the answer is 405).
    body =
      req.method === 'GET' || req.method === 'DELETE' || isDiscoveryPath(path) ? undefined : await readJsonBody(req);
    const scimRequest: ScimRequest = {
      method: req.method,
      path,
      query: queryOf(req.url) as Record<string, string>, // a repeated parameter stays an array, as before
      headers: {
        ...(typeof req.headers['if-match'] === 'string' ? { ifMatch: req.headers['if-match'] } : {}),
        ...(typeof req.headers['if-none-match'] === 'string' ? { ifNoneMatch: req.headers['if-none-match'] } : {}),
      },
      body: body?.value,
      baseUrl:
        deps.publicBaseUrl?.({
          host: req.headers.host,
          forwardedHost: headerValue(req.headers['x-forwarded-host']),
          authenticated: auth?.ok === true,
        }) ?? `${isEncrypted(req) ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}${SCIM_BASE_PATH}`,
      ...(auth?.ok ? { tokenId: auth.token.id } : {}),
    };
    ({ response, facts } = await deps.protocol.handle(scimRequest));
  } catch (error) {
    response = errorResponse(error);
  }
  const sent = send(req, res, response);
  const listed = summarise(response.body);
  deps.record(
    exchangeOf(req, response.status, performance.now() - started, {
      ...(auth ? { auth } : {}),
      facts,
      ...(body ? { requestBody: body.value, requestJson: body.text } : {}),
      // A list is logged as its summary; anything else as the very text that was sent.
      ...(listed === response.body ? { responseBody: response.body, responseJson: sent } : { responseBody: listed }),
    }),
  );
}

/** The query parameters, parsed as Express's 'simple' parser does (node:querystring), without Express's
 * per-access getter (parseurl + parse on every read of req.query). */
function queryOf(url: string): ParsedUrlQuery {
  const mark = url.indexOf('?');
  return mark === -1 ? {} : { ...parseQueryString(url.slice(mark + 1)) };
}

/** What req.protocol says without `trust proxy` (which the SCIM app does not set): TLS on the socket itself. */
function isEncrypted(req: Request): boolean {
  return (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Writes the response; returns the body text sent, if any. When the request's body has not all arrived (an
 * early 413, a 401, a 405 on a discovery path), the answer goes out at once with `Connection: close`, and the
 * response ends once the client has finished sending (endAfterBody), so that it reads the answer.
 */
function send(req: Request, res: Response, response: ScimResponse): string | undefined {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  const text = response.body === undefined ? undefined : JSON.stringify(response.body);
  if (!bodyPending(req)) {
    res.end(text);
    return text;
  }
  res.setHeader('Connection', 'close');
  res.setHeader('Content-Length', text === undefined ? 0 : Buffer.byteLength(text));
  if (text === undefined) res.flushHeaders();
  else res.write(text);
  endAfterBody(req, res);
  return text;
}

/** Whether the request has a body that has not all been read (a request without one is complete at once,
 * though Node marks it so only after the handler's first tick). */
function bodyPending(req: Request): boolean {
  if (req.complete) return false;
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** List responses are summarised in the activity log: a page of 100 users is not worth keeping. */
function summarise(body: unknown): unknown {
  if (body && typeof body === 'object' && Array.isArray((body as { Resources?: unknown }).Resources)) {
    const list = body as { Resources: unknown[] };
    return { ...list, Resources: `[${list.Resources.length} resources]` };
  }
  return body;
}

function exchangeOf(
  req: Request,
  status: number,
  durationMs: number,
  extra: {
    auth?: AuthResult;
    facts?: ScimRequestFacts;
    requestBody?: unknown;
    responseBody?: unknown;
    requestJson?: string;
    responseJson?: string | undefined;
  },
): ScimExchange {
  const token = extra.auth?.ok ? extra.auth.token : extra.auth?.token;
  const [pathPart = '', queryPart = ''] = req.originalUrl.split('?', 2);
  const exchange: ScimExchange = {
    kind: 'scim',
    method: req.method,
    path: pathPart,
    query: queryPart,
    status,
    durationMs: Math.round(durationMs * 100) / 100,
    tokenId: token?.id ?? null,
    tokenLabel: token?.label ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    // The socket is gone once a client that was refused mid-upload (413) has hung up.
    clientIp: req.socket?.remoteAddress ?? null,
  };
  if (extra.facts?.resourceType) exchange.resourceType = extra.facts.resourceType;
  if (extra.facts?.resourceId) exchange.resourceId = extra.facts.resourceId;
  if (extra.auth && !extra.auth.ok) {
    exchange.authFailure = extra.auth.reason;
    exchange.authHint = extra.auth.hint;
  }
  if (extra.requestBody !== undefined) exchange.requestBody = extra.requestBody;
  if (extra.responseBody !== undefined) exchange.responseBody = extra.responseBody;
  if (extra.requestJson !== undefined) exchange.requestJson = extra.requestJson;
  if (extra.responseJson !== undefined) exchange.responseJson = extra.responseJson;
  return exchange;
}
