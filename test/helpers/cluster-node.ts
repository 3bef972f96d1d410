/**
 * One `scim-desk serve` process of a multi-node test, with its two doors: SCIM (as Okta calls it) and the admin
 * API (with the node's own session token).
 */
import type { ServeProcess } from './e2e-serve.js';
import { request, type HttpResult } from './scim-server.js';

export interface ClusterNode {
  serve: ServeProcess;
  /** A SCIM request with the bearer `token` gives (the test's SCIM token, read when the request is made). */
  scim<T = any>(method: string, path: string, body?: unknown, bearer?: string): Promise<HttpResult<T>>;
  api<T = any>(method: string, path: string, body?: unknown): Promise<HttpResult<T>>;
}

export function clusterNode(serve: ServeProcess, token: () => string): ClusterNode {
  return {
    serve,
    scim: (method, path, body, bearer = token()) =>
      request(`${serve.scimUrl}${path}`, method, body, {
        Authorization: `Bearer ${bearer}`,
        'Content-Type': 'application/scim+json',
        'User-Agent': 'Okta SCIM Client 1.0.0',
      }),
    api: (method, path, body) =>
      request(`${serve.adminOrigin}${path}`, method, body, {
        Authorization: `Bearer ${serve.adminToken}`,
        'Content-Type': 'application/json',
      }),
  };
}
