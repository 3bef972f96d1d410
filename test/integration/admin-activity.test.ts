import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiRouter } from '../../server/admin/api.js';
import { createAdminApp } from '../../server/admin/app.js';
import type { ActivityEvent, ActivityPage } from '../../server/admin/contract.js';
import { closeServer, listenTcp, portOf } from '../../server/core/listen.js';
import { openServices } from '../../server/core/services.js';
import { createUser, lastEventId } from '../helpers/admin-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

/** An open SSE connection that collects frames as they arrive. */
function openStream(url: string, headers: Record<string, string> = {}) {
  let text = '';
  const waiters: (() => void)[] = [];
  let request!: http.ClientRequest;
  const ready = new Promise<number>((resolve, reject) => {
    request = http.get(url, { headers }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        for (const wake of waiters.splice(0)) wake();
      });
      resolve(res.statusCode ?? 0);
    });
    request.on('error', reject);
  });
  const events = () =>
    text
      .split('\n\n')
      .filter((frame) => frame.includes('event: activity'))
      .map((frame) => {
        const id = /^id: (.*)$/m.exec(frame)![1]!;
        const data = JSON.parse(/^data: (.*)$/m.exec(frame)![1]!) as ActivityEvent;
        return { id, data };
      });
  return {
    ready,
    events,
    text: () => text,
    async until(predicate: () => boolean, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`stream timed out; got:\n${text}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
    close: () => request.destroy(),
  };
}

describe('activity', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  const streamUrl = () =>
    `${server.desk.adminOrigin}/api/activity/stream?access_token=${encodeURIComponent(server.desk.adminToken)}`;

  it('lists SCIM requests and admin changes newest first, in the contract shape, without secrets', async () => {
    await createUser(server, 'ann@example.com');
    const res = await server.api<ActivityPage>('GET', '/api/activity?limit=2');
    expect(res.status).toBe(200);
    const [newest] = res.body.items;
    expect(newest).toMatchObject({
      kind: 'scim_request',
      status: 'ok',
      summary: 'POST /Users 201 ann@example.com',
      resource: { type: 'User', name: 'ann@example.com' },
      request: { method: 'POST', path: '/Users', token: { label: 'Okta test' }, userAgent: 'Okta SCIM Client 1.0.0' },
      response: { status: 201, scimType: null },
    });
    expect(JSON.stringify(newest)).not.toContain('Sup3rSecret!');
    expect(res.body.items[1]).toMatchObject({
      kind: 'admin_change',
      action: 'token.created',
      resource: { type: 'Token' },
    });
  });

  it('pages back with before, and filters by kind, status and resource', async () => {
    for (let i = 0; i < 3; i++)
      await server.scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "x${i}@example.com"`)}`);
    await server.scim('GET', '/Users/nope');
    const first = await server.api<ActivityPage>('GET', '/api/activity?kind=scim_request&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextBefore).toBe(first.body.items[1]!.id);
    const second = await server.api<ActivityPage>(
      'GET',
      `/api/activity?kind=scim_request&limit=2&before=${first.body.nextBefore}`,
    );
    expect(second.body.items.every((e) => e.id < first.body.items[1]!.id)).toBe(true);
    const failed = await server.api<ActivityPage>('GET', '/api/activity?status=failed');
    expect(failed.body.items.map((e) => e.summary)).toEqual(['GET /Users/nope 404']);
    const tokens = await server.api<ActivityPage>('GET', '/api/activity?resource=Token');
    expect(tokens.body.items.map((e) => e.kind)).toEqual(['admin_change']);
    const all = await server.api<ActivityPage>('GET', '/api/activity?limit=1000');
    expect(all.body.nextBefore).toBeNull();
  });

  it('streams new events as SSE (event: activity, id: the event id)', async () => {
    const stream = openStream(streamUrl());
    expect(await stream.ready).toBe(200);
    await stream.until(() => stream.text().includes(': connected'));
    await createUser(server, 'bob@example.com');
    await stream.until(() => stream.events().length > 0);
    const [event] = stream.events();
    expect(event!.data).toMatchObject({ kind: 'scim_request', summary: 'POST /Users 201 bob@example.com' });
    expect(event!.id).toBe(event!.data.id);
    stream.close();
  });

  it('replays what was missed after Last-Event-ID', async () => {
    const mark = await lastEventId(server);
    await createUser(server, 'cid@example.com');
    await createUser(server, 'dee@example.com');
    const stream = openStream(streamUrl(), { 'Last-Event-ID': mark });
    await stream.until(() => stream.events().length >= 2);
    expect(stream.events().map((e) => e.data.summary)).toEqual([
      'POST /Users 201 cid@example.com',
      'POST /Users 201 dee@example.com',
    ]);
    stream.close();
  });

  it('refuses the stream without the token', async () => {
    const res = await fetch(`${server.desk.adminOrigin}/api/activity/stream`);
    expect(res.status).toBe(401);
  });
});

describe('activity stream keep-alive', () => {
  it('sends ": ping" comments while nothing happens, and ends streams on shutdown', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-sse-'));
    const services = await openServices(dataDir);
    const shutdown = new AbortController();
    const app = createAdminApp({
      adminToken: undefined,
      port: () => 0,
      api: createApiRouter({
        services,
        scimUrl: () => '',
        publicScimUrl: () => null,
        keepAliveMs: 30,
        shutdown: shutdown.signal,
      }),
    });
    const listener = await listenTcp(app, '127.0.0.1', 0);
    try {
      const stream = openStream(`http://127.0.0.1:${portOf(listener)}/api/activity/stream`);
      await stream.until(() => (stream.text().match(/: ping/g) ?? []).length >= 2);
      shutdown.abort();
      await closeServer(listener, 2000);
    } finally {
      await services.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
