/**
 * A SCIM Desk node on PostgreSQL whose database goes away: SCIM requests get a SCIM 503 within the store's
 * bounds (never a hang), and the node serves again by itself once the database is back. The network is cut
 * by a TCP proxy between the node and the run's real PostgreSQL (silent, then refusing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';
import { startTcpFaultProxy, type TcpFaultProxy } from '../helpers/tcp-fault-proxy.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('the database out of reach', () => {
  let database: TestDatabase;
  let proxy: TcpFaultProxy;
  let server: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    proxy = await startTcpFaultProxy(database.info.host, database.info.port);
    server = await startTestServer({ desk: { store: database.urlVia('127.0.0.1', proxy.port) } });
  }, 60_000);
  afterAll(async () => {
    await proxy?.setMode('pass');
    await server?.stop();
    await proxy?.close();
    await database?.drop();
  });

  const timed = async <T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const started = performance.now();
    const value = await run();
    return { value, ms: performance.now() - started };
  };

  it('answers 503 in SCIM form within the bound while the database is silent, then serves again by itself', async () => {
    const created = await server.scim('POST', '/Users', { schemas: [USER], userName: 'before@example.com' });
    expect(created.status).toBe(201);

    await proxy.setMode('blackhole');
    const read = await timed(() => server.scim('GET', `/Users/${created.body.id}`));
    expect(read.value.status).toBe(503);
    expect(read.value.body).toMatchObject({ schemas: [ERROR], status: '503' });
    expect(read.value.headers.get('retry-after')).toBe('1');
    // The store's bounds: 5 s for a query, 10 s for a transaction (and a margin for a busy machine).
    expect(read.ms).toBeLessThan(9_000);
    const write = await timed(() => server.scim('POST', '/Users', { schemas: [USER], userName: 'during@example.com' }));
    expect(write.value.status).toBe(503);
    expect(write.ms).toBeLessThan(15_000);

    await proxy.setMode('pass');
    // No restart, no operator: the next requests find the database again.
    let again = await server.scim('GET', `/Users/${created.body.id}`);
    while (again.status === 503) again = await server.scim('GET', `/Users/${created.body.id}`);
    expect(again.status).toBe(200);
    // A create the client retries after a 503 is safe: it was not acknowledged, so it is either absent or a 409.
    const retried = await server.scim('POST', '/Users', { schemas: [USER], userName: 'during@example.com' });
    expect([201, 409]).toContain(retried.status);
  }, 60_000);

  it('answers 503 at once while the database refuses connections, and recovers when it is back', async () => {
    await proxy.setMode('refuse');
    const list = await timed(() => server.scim('GET', '/Users?filter=userName%20eq%20%22before@example.com%22'));
    expect(list.value.status).toBe(503);
    expect(list.ms).toBeLessThan(9_000);
    // Tokens are checked from the node's memory: an outage is a 503, never a 401.
    expect(list.value.status).not.toBe(401);

    await proxy.setMode('pass');
    let found = await server.scim('GET', '/Users?filter=userName%20eq%20%22before@example.com%22');
    while (found.status === 503)
      found = await server.scim('GET', '/Users?filter=userName%20eq%20%22before@example.com%22');
    expect(found.status).toBe(200);
    expect(found.body.totalResults).toBe(1);
  }, 60_000);
});
