/**
 * The HTTP plumbing shared by the fakes of Okta's and Clumio's APIs: a real server on 127.0.0.1, port 0, that
 * records every request (method, path, query, headers, the Authorization scheme, the body parsed as JSON
 * whatever its Content-Type), can hold requests unanswered (a service that does not answer), and answers what
 * the service-specific fake decides. The token itself is never recorded, only whether it was the right one.
 */
import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The path as sent (percent-encoded), without the query. */
  path: string;
  /** The query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /** The raw query string, with its `?`, or ''. */
  search: string;
  /** Lower-cased names; `authorization` reduced to its scheme. */
  headers: Record<string, string>;
  accept: string | null;
  authorizationScheme: string | null;
  /** The credentials after the scheme were the fake's token. */
  tokenMatched: boolean;
  contentType: string | null;
  /** The body parsed as JSON; undefined when empty or not JSON (see `bodyIsJson`). */
  body: unknown;
  bodyIsJson: boolean;
  rawBody: string;
  /** On the fake's clock. */
  receivedAt: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Serialized as JSON unless it is a string. */
  body?: unknown;
}

export abstract class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests this returns true for are recorded and never answered (until `close`). */
  holdWhen: ((request: RecordedRequest) => boolean) | null = null;
  /** The token the fake accepts. */
  token: string;
  private server: Server | undefined;
  private readonly held: ServerResponse[] = [];
  private readonly events = new EventEmitter();
  private inFlight = 0;
  /** The most requests this fake had received and not yet answered at one time. */
  maxInFlight = 0;
  port = 0;

  constructor(
    token: string,
    protected readonly now: () => number,
  ) {
    this.token = token;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<this> {
    this.server = createServer((req, res) => void this.receive(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.held.splice(0)) res.destroy();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** How many requests are held unanswered now. */
  get heldCount(): number {
    return this.held.filter((res) => !res.destroyed).length;
  }

  /** Resolves once `count` requests have been held in all. */
  untilHeld(count = 1): Promise<void> {
    return this.until('held', () => this.held.length >= count);
  }

  /** Resolves once `count` requests have been received in all. */
  untilReceived(count: number): Promise<void> {
    return this.until('request', () => this.requests.length >= count);
  }

  /** Requests to paths matching `pattern`, in arrival order. */
  requestsTo(pattern: RegExp | string): RecordedRequest[] {
    return this.requests.filter((r) => (typeof pattern === 'string' ? r.path === pattern : pattern.test(r.path)));
  }

  protected abstract answer(request: RecordedRequest): Reply;

  /** Headers every answer carries (a rate-limit statement, a request id). */
  protected commonHeaders(_request: RecordedRequest): Record<string, string> {
    return {};
  }

  private until(event: string, done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        this.events.off(event, check);
        resolve();
      };
      this.events.on(event, check);
    });
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.once('close', () => (this.inFlight -= 1));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const authorization = headers.authorization ?? null;
    const [scheme, ...credentials] = authorization ? authorization.split(' ') : [];
    if (authorization) headers.authorization = `${scheme} <redacted>`;
    let body: unknown;
    let bodyIsJson = false;
    if (rawBody.trim() !== '') {
      try {
        body = JSON.parse(rawBody);
        bodyIsJson = true;
      } catch {
        body = undefined;
      }
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      search: url.search,
      headers,
      accept: headers.accept ?? null,
      authorizationScheme: scheme ?? null,
      tokenMatched: credentials.join(' ') === this.token,
      contentType: headers['content-type'] ?? null,
      body,
      bodyIsJson,
      rawBody,
      receivedAt: this.now(),
    };
    this.requests.push(request);
    this.events.emit('request');
    if (this.holdWhen?.(request)) {
      this.held.push(res);
      this.events.emit('held');
      return;
    }
    const reply = this.answer(request);
    const text =
      reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(reply.body !== undefined && typeof reply.body !== 'string' ? { 'Content-Type': 'application/json' } : {}),
      ...this.commonHeaders(request),
      ...reply.headers,
    });
    res.end(text);
  }
}
