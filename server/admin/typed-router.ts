/**
 * Routes typed from the contract. A handler is registered under its `'METHOD /api/path'` key of AdminApi and
 * must answer that route's response type, so the compiler checks every body the API sends. Path parameters
 * are typed from the pattern; the query and the body arrive as what they are, unknown until parsed.
 */
import { Router, type Request, type Response } from 'express';
import type { AdminApi, AdminApiRoute } from './contract.js';

type MethodOf<R extends string> = R extends `${infer M} ${string}` ? Lowercase<M> : never;
type PathOf<R extends string> = R extends `${string} ${infer P}` ? P : never;
type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type RouteRequest<R extends AdminApiRoute> = Request<{ [K in ParamNames<PathOf<R>>]: string }, unknown, unknown>;
export type ResponseOf<R extends AdminApiRoute> = AdminApi[R]['response'];

const REPLY = Symbol('reply');

/** An answer other than a plain 200 with the body. */
export interface Reply<T> {
  readonly [REPLY]: true;
  readonly status: 200 | 201 | 202 | 204;
  readonly body: T;
  /** Sent as a file to save (`Content-Disposition: attachment`), pretty-printed. */
  readonly fileName?: string;
  /** The body already serialised, sent as it is (a route that serialises each item on its own). */
  readonly json?: string;
}

export const created = <T>(body: T): Reply<T> => ({ [REPLY]: true, status: 201, body });
export const accepted = <T>(body: T): Reply<T> => ({ [REPLY]: true, status: 202, body });
export const noContent: Reply<void> = { [REPLY]: true, status: 204, body: undefined };
export const download = <T>(fileName: string, body: T): Reply<T> => ({ [REPLY]: true, status: 200, body, fileName });
/** A 200 whose body is JSON text the handler built itself, typed as the value it encodes. */
export const jsonText = <T>(json: string): Reply<T> => ({ [REPLY]: true, status: 200, body: undefined as T, json });

/** What a handler returns: the response body, or a Reply carrying it (204 for the routes that answer nothing). */
export type Answer<T> = [T] extends [void] ? Reply<void> : T | Reply<T>;

function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === 'object' && value !== null && REPLY in value;
}

function send(res: Response, answer: unknown): void {
  if (!isReply(answer)) {
    res.json(answer);
  } else if (answer.json !== undefined) {
    res.status(answer.status).type('application/json').send(answer.json);
  } else if (answer.status === 204) {
    res.status(204).end();
  } else if (answer.fileName !== undefined) {
    res.setHeader('Content-Disposition', `attachment; filename="${answer.fileName}"`);
    res.type('application/json').send(`${JSON.stringify(answer.body, null, 2)}\n`);
  } else {
    res.status(answer.status).json(answer.body);
  }
}

/** One concern's routes (mounted under `/api`); `router` is what the API router mounts. */
export class AdminRouter {
  readonly router = Router();

  /** Answers `route` with what `handler` returns; a thrown error goes to the API's error handler. */
  on<R extends AdminApiRoute>(
    route: R,
    handler: (req: RouteRequest<R>) => Answer<ResponseOf<R>> | Promise<Answer<ResponseOf<R>>>,
  ): this {
    this.mount(route, async (req, res) => send(res, await handler(req as RouteRequest<R>)));
    return this;
  }

  /** A route that writes its own response (a stream of events). */
  stream<R extends AdminApiRoute>(route: R, handler: (req: RouteRequest<R>, res: Response) => void): this {
    this.mount(route, (req, res) => handler(req as RouteRequest<R>, res));
    return this;
  }

  private mount(route: AdminApiRoute, handler: (req: Request, res: Response) => unknown): void {
    const space = route.indexOf(' ');
    const method = route.slice(0, space).toLowerCase() as MethodOf<AdminApiRoute>;
    const path = route.slice(space + 1).replace(/^\/api/, '');
    this.router[method](path, handler);
  }
}
