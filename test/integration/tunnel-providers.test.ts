/**
 * cloudflared and ngrok support, tested with stand-in executables first on PATH (the real ones cannot be
 * installed here: no binary in npm or Debian and no network). They print their public URL exactly the way
 * the real tools do; SCIM Desk reads it, tunnels only the SCIM listener's port, and stops them with the app.
 * Also: the admin's own URL, and the self-probe against another server.
 */
import { readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SetupState, TunnelProbeResult, TunnelStatus } from '../../server/admin/contract.js';
import { startScimDesk, type RunningScimDesk } from '../../server/core/index.js';
import { request } from '../helpers/scim-server.js';
import { writeTunnelStandIns } from '../helpers/tunnel-stand-ins.js';

let desk: RunningScimDesk;
let dataDir: string;
let standIns: string;
const originalLogDir = process.env.STAND_IN_LOG_DIR;

const api = <T = any>(method: string, route: string, body?: unknown) =>
  request<T>(`${desk.adminOrigin}${route}`, method, body, {
    Authorization: `Bearer ${desk.adminToken}`,
    'Content-Type': 'application/json',
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function startDesk(searchPath: string) {
  desk = await startScimDesk({ dataDir, guidedSetup: { searchPath } });
}

beforeEach(async () => {
  standIns = await writeTunnelStandIns();
  process.env.STAND_IN_LOG_DIR = standIns;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-providers-'));
  await startDesk(`${standIns}${path.delimiter}${process.env.PATH}`);
});

afterEach(async () => {
  await desk.stop();
  process.env.STAND_IN_LOG_DIR = originalLogDir;
  await rm(dataDir, { recursive: true, force: true });
  await rm(standIns, { recursive: true, force: true });
});

describe('cloudflared and ngrok found on PATH', () => {
  it('offers them when found, and not when absent', async () => {
    expect((await api<TunnelStatus>('GET', '/api/tunnel')).body.available).toEqual([
      'localtunnel',
      'cloudflared',
      'ngrok',
      'custom',
    ]);
    await desk.stop();
    await startDesk('/nonexistent');
    expect((await api<TunnelStatus>('GET', '/api/tunnel')).body.available).toEqual(['localtunnel', 'custom']);
    const refused = await api('POST', '/api/tunnel', { provider: 'ngrok' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/ngrok was not found on PATH/);
  });

  it('runs a cloudflared quick tunnel to the SCIM listener, reads its URL, and stops it with the app', async () => {
    const started = await api<TunnelStatus>('POST', '/api/tunnel', { provider: 'cloudflared' });
    expect(started.body).toMatchObject({
      provider: 'cloudflared',
      phase: 'running',
      publicScimUrl: 'https://seasonal-deck-organisms-sf.trycloudflare.com/scim/v2',
    });
    const run = JSON.parse(await readFile(path.join(standIns, 'cloudflared.json'), 'utf8')) as {
      args: string[];
      pid: number;
    };
    const scimPort = new URL(desk.scimUrl).port;
    expect(run.args).toEqual(['tunnel', '--no-autoupdate', '--url', `http://127.0.0.1:${scimPort}`]);
    expect(run.args.join(' ')).not.toContain(new URL(desk.adminOrigin).port);

    // A request carrying the public Host (as cloudflared forwards it) gets public locations.
    const token = (await api<{ secret: string }>('POST', '/api/tokens', { label: 'Okta', expiresAt: null })).body
      .secret;
    const created = await request(
      `${desk.scimUrl}/Groups`,
      'POST',
      { displayName: 'Clumio Admins' },
      {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/scim+json',
        'X-Forwarded-Host': 'seasonal-deck-organisms-sf.trycloudflare.com',
      },
    );
    expect(created.headers.get('location')).toBe(
      `https://seasonal-deck-organisms-sf.trycloudflare.com/scim/v2/Groups/${created.body.id}`,
    );
    // That authenticated request came through the public URL: the identity provider calls it now.
    await expect
      .poll(async () => (await api<TunnelStatus>('GET', '/api/tunnel')).body.oktaBaseUrl)
      .toBe('https://seasonal-deck-organisms-sf.trycloudflare.com/scim/v2');

    expect(alive(run.pid)).toBe(true);
    await desk.stop();
    expect(alive(run.pid)).toBe(false);
    await startDesk(`${standIns}${path.delimiter}${process.env.PATH}`);
  });

  it('runs ngrok with JSON logs on stdout and reads the "started tunnel" URL', async () => {
    const started = await api<TunnelStatus>('POST', '/api/tunnel', { provider: 'ngrok' });
    expect(started.body).toMatchObject({
      provider: 'ngrok',
      phase: 'running',
      publicUrl: 'https://7e1f-203-0-113-9.ngrok-free.app',
    });
    const run = JSON.parse(await readFile(path.join(standIns, 'ngrok.json'), 'utf8')) as {
      args: string[];
      pid: number;
    };
    expect(run.args).toEqual(['http', new URL(desk.scimUrl).port, '--log', 'stdout', '--log-format', 'json']);

    const stopped = await api<TunnelStatus>('DELETE', '/api/tunnel');
    expect(stopped.body).toMatchObject({ provider: null, phase: 'off', publicScimUrl: null });
    expect(alive(run.pid)).toBe(false);
  });
});

describe('your own public URL and the self-probe', () => {
  let other: http.Server;
  let otherUrl: string;

  beforeEach(async () => {
    // Someone else's server at the public URL: localtunnel's reminder page, as a browser would get it.
    other = http.createServer((_req, res) => {
      res
        .writeHead(401, { 'Content-Type': 'text/html' })
        .end('<html><h1>Friendly Reminder</h1> This website is served for free via a loca.lt tunnel.</html>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => other.close(resolve));
  });

  it('keeps a pasted URL across restarts, with or without /scim/v2', async () => {
    const saved = await api<TunnelStatus>('POST', '/api/tunnel', {
      provider: 'custom',
      url: 'https://scim.example.com/',
    });
    expect(saved.body).toMatchObject({
      provider: 'custom',
      phase: 'running',
      publicScimUrl: 'https://scim.example.com/scim/v2',
    });
    expect((await api('POST', '/api/tunnel', { provider: 'custom', url: 'ftp://x' })).status).toBe(400);
    await desk.stop();
    await startDesk('/nonexistent');
    expect((await api<TunnelStatus>('GET', '/api/tunnel')).body.publicScimUrl).toBe('https://scim.example.com/scim/v2');
  });

  it('reports this endpoint over the SCIM listener, someone else, and unreachable', async () => {
    await api('POST', '/api/tunnel', { provider: 'custom', url: desk.scimUrl });
    let probe = (await api<TunnelProbeResult>('POST', '/api/tunnel/probe')).body;
    expect(probe).toMatchObject({ outcome: 'not-https', reachedThisEndpoint: true });

    await api('POST', '/api/tunnel', { provider: 'custom', url: otherUrl });
    probe = (await api<TunnelProbeResult>('POST', '/api/tunnel/probe')).body;
    expect(probe).toMatchObject({ outcome: 'someone-else', reachedThisEndpoint: false, status: 401 });
    expect(probe.message).toMatch(/localtunnel's "Friendly Reminder" page/);

    // The admin listener is not the SCIM listener either: it never echoes the marker.
    await api('POST', '/api/tunnel', { provider: 'custom', url: desk.adminOrigin });
    expect((await api<TunnelProbeResult>('POST', '/api/tunnel/probe')).body.outcome).toBe('someone-else');

    await api('POST', '/api/tunnel', { provider: 'custom', url: 'http://127.0.0.1:1' });
    probe = (await api<TunnelProbeResult>('POST', '/api/tunnel/probe')).body;
    expect(probe).toMatchObject({ outcome: 'unreachable', status: null });
    expect(probe.message).toContain('nothing accepts connections at 127.0.0.1:1 (connection refused)');
  });

  it('says in words that https:// was spoken to a server that speaks plain HTTP, never the OpenSSL line', async () => {
    const port = (other.address() as AddressInfo).port;
    await api('POST', '/api/tunnel', { provider: 'custom', url: `https://127.0.0.1:${port}` });
    const probe = (await api<TunnelProbeResult>('POST', '/api/tunnel/probe')).body;
    expect(probe).toMatchObject({ outcome: 'unreachable', status: null });
    expect(probe.message).toContain(
      `127.0.0.1:${port} answered in plain HTTP where HTTPS was expected: what listens there speaks http, not https`,
    );
    expect(probe.message).not.toMatch(/wrong version number|ssl3_get_record|SSL routines/i);
    const endpoint = (await api<SetupState>('GET', '/api/setup')).body.steps.find((s) => s.id === 'endpoint')!;
    expect(endpoint).toMatchObject({ state: 'failed', evidence: { summary: probe.message } });
  });

  it('never flags a URL of your own as changed before the identity provider called it (typed twice, corrected)', async () => {
    await api('POST', '/api/tunnel', { provider: 'custom', url: 'https://scim.exmaple.com' });
    const corrected = (
      await api<TunnelStatus>('POST', '/api/tunnel', { provider: 'custom', url: 'https://scim.example.com' })
    ).body;
    expect(corrected).toMatchObject({
      publicScimUrl: 'https://scim.example.com/scim/v2',
      oktaBaseUrl: null,
      urlChanged: false,
    });
    const warnings = (await api<SetupState>('GET', '/api/setup')).body.warnings.map((w) => w.id);
    expect(warnings).not.toContain('public-url-changed');
  });
});
