import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startScimDesk, type RunningScimDesk, type ScimDeskOptions } from '../../server/core/index.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A real SCIM Desk on 127.0.0.1:0 with a real data folder in a temp dir, and a SCIM token for it. */
export interface TestServer {
  desk: RunningScimDesk;
  dataDir: string;
  scimUrl: string;
  token: string;
  /** A SCIM request as Okta sends it: Bearer token, application/scim+json. */
  scim<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
  /** An admin API request with the session token. */
  api<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Which store the SCIM story tests run on: the embedded one, or (the `integration-postgres` project sets
 * SCIM_DESK_TEST_STORE=postgres) a fresh database of the run's PostgreSQL for each server.
 */
export const TEST_STORE = process.env.SCIM_DESK_TEST_STORE === 'postgres' ? 'postgres' : 'embedded';

/**
 * `desk`: more options for the server (webhook retry schedule, feed retention, ...), kept across restarts.
 * `store`: the store to run on (default TEST_STORE); `postgres` gets a database of its own, dropped on stop.
 */
export async function startTestServer(
  options: { dataDir?: string; desk?: Partial<ScimDeskOptions>; store?: 'embedded' | 'postgres' } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'scim-desk-test-')));
  const ownsDir = options.dataDir === undefined;
  const database: TestDatabase | undefined =
    (options.store ?? TEST_STORE) === 'postgres' && options.desk?.store === undefined
      ? await createTestDatabase()
      : undefined;
  const start = () =>
    startScimDesk({
      ...(database ? { store: database.url } : {}),
      ...options.desk,
      dataDir,
      scimPort: 0,
      adminPort: 0,
    });
  let desk = await start();

  const api: TestServer['api'] = (method, route, body, headers = {}) =>
    request(`${desk.adminOrigin}${route}`, method, body, {
      Authorization: `Bearer ${desk.adminToken}`,
      'Content-Type': 'application/json',
      ...headers,
    });

  const created = await api<{ secret: string }>('POST', '/api/tokens', { label: 'Okta test', expiresAt: null });
  if (created.status !== 201)
    throw new Error(`token creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  const token = created.body.secret;

  const server: TestServer = {
    get desk() {
      return desk;
    },
    dataDir,
    get scimUrl() {
      return desk.scimUrl;
    },
    token,
    scim: (method, route, body, headers = {}) =>
      request(`${desk.scimUrl}${route}`, method, body, {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/scim+json',
        'User-Agent': 'Okta SCIM Client 1.0.0',
        ...headers,
      }),
    api,
    async restart() {
      await desk.stop();
      desk = await start();
    },
    async stop() {
      await desk.stop();
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
  return server;
}

export async function request<T = any>(
  url: string,
  method: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

/** Okta's user creation body (docs/interop.md#okta-user-create). */
export function oktaUser(userName: string, extra: Record<string, unknown> = {}) {
  const [given = 'Test', family = 'User'] = userName.split('@')[0]!.split('.');
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `${given} ${family}`,
    locale: 'en-US',
    externalId: `00u${Math.random().toString(36).slice(2, 12)}`,
    groups: [],
    password: 'Sup3rSecret!',
    active: true,
    ...extra,
  };
}

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
