// A SIGKILLed server must not leave cloudflared/ngrok running (docs/tunnel.md#never-left-running). The tunnels are
// stand-in executables (the real ones cannot be installed here); the servers are real `scim-desk serve` processes.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spawnServe, type ServeProcess } from '../helpers/cli.js';
import { request } from '../helpers/scim-server.js';
import { makeDataDir, removeDataDir } from '../helpers/store-fixtures.js';
import { writeTunnelStandIns } from '../helpers/tunnel-stand-ins.js';

let dataDir: string;
let standIns: string;
const saved = { PATH: process.env.PATH, STAND_IN_LOG_DIR: process.env.STAND_IN_LOG_DIR };
const servers: ServeProcess[] = [];
const strays: number[] = [];

beforeEach(async () => {
  dataDir = await makeDataDir();
  standIns = await writeTunnelStandIns();
  // Spawned servers inherit these: the stand-ins first on PATH, and where they record their pid.
  process.env.PATH = `${standIns}${path.delimiter}${saved.PATH ?? ''}`;
  process.env.STAND_IN_LOG_DIR = standIns;
});
afterEach(async () => {
  for (const server of servers.splice(0)) server.child.kill('SIGKILL');
  for (const pid of strays.splice(0)) killQuietly(pid);
  process.env.PATH = saved.PATH;
  if (saved.STAND_IN_LOG_DIR === undefined) delete process.env.STAND_IN_LOG_DIR;
  else process.env.STAND_IN_LOG_DIR = saved.STAND_IN_LOG_DIR;
  await rm(standIns, { recursive: true, force: true });
  await removeDataDir(dataDir);
});

function killQuietly(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Running and not a zombie (a dead child not yet reaped by its new parent still "exists"). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Whether `check` came true within `timeoutMs` (checked every 50 ms). */
function until(check: () => boolean, timeoutMs = 8000): Promise<boolean> {
  return vi.waitUntil(check, { timeout: timeoutMs, interval: 50 }).then(
    () => true,
    () => false,
  );
}

/** The admin API of a `serve` started with `spawnServe`, through its printed login URL. */
function adminApi<T>(server: ServeProcess, method: string, route: string, body?: unknown) {
  const admin = new URL(server.ready.adminUrl!);
  const token = admin.searchParams.get('token')!;
  return request<T>(`${admin.origin}${route}`, method, body, {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  });
}

async function serveWithTunnel(): Promise<{ server: ServeProcess; tunnel: { pid: number; ppid: number } }> {
  const server = await spawnServe(dataDir);
  servers.push(server);
  const started = await adminApi<{ phase: string }>(server, 'POST', '/api/tunnel', { provider: 'cloudflared' });
  expect(started.body.phase).toBe('running');
  const tunnel = JSON.parse(await readFile(path.join(standIns, 'cloudflared.json'), 'utf8')) as {
    pid: number;
    ppid: number;
  };
  strays.push(tunnel.pid, tunnel.ppid);
  expect(running(tunnel.pid)).toBe(true);
  return { server, tunnel };
}

describe('a tunnel child of a server that is killed', () => {
  it('stops when the server is SIGKILLed (its watchdog sees the lifeline close)', async () => {
    const { server, tunnel } = await serveWithTunnel();
    expect(tunnel.ppid).not.toBe(server.child.pid); // it runs under the watchdog, not the server itself
    server.child.kill('SIGKILL');
    await server.exited;
    expect(await until(() => !running(tunnel.pid))).toBe(true);
    expect(await until(() => !running(tunnel.ppid))).toBe(true);
  });

  it('is reaped by the next start when its watchdog was killed too', async () => {
    const { server, tunnel } = await serveWithTunnel();
    expect(existsSync(path.join(dataDir, 'tunnel-process.json'))).toBe(true);
    process.kill(tunnel.ppid, 'SIGKILL');
    server.child.kill('SIGKILL');
    await server.exited;
    expect(await until(() => !running(tunnel.ppid))).toBe(true);
    expect(running(tunnel.pid)).toBe(true); // orphaned: nothing else would ever stop it

    // The next start reaps it before it listens, and says so in the activity log.
    const next = await spawnServe(dataDir);
    servers.push(next);
    expect(running(tunnel.pid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'tunnel-process.json'))).toBe(false);
    const activity = await adminApi<{ items: { summary: string }[] }>(next, 'GET', '/api/activity?limit=50');
    expect(activity.body.items.map((item) => item.summary)).toContainEqual(
      expect.stringContaining(`(pid ${tunnel.pid}) left running by an earlier run`),
    );
  });

  it('never signals a recycled pid that no longer runs the tunnel executable', async () => {
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    strays.push(bystander.pid!);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFile(
      path.join(dataDir, 'tunnel-process.json'),
      JSON.stringify({ pid: bystander.pid, executable: path.join(standIns, 'cloudflared'), watchdogPid: 1 }),
    );
    // The reaper runs before the server listens: once it is ready, the decision has been made.
    const server = await spawnServe(dataDir);
    servers.push(server);
    expect(existsSync(path.join(dataDir, 'tunnel-process.json'))).toBe(false); // the record was read and dropped
    expect(running(bystander.pid!)).toBe(true);
    const activity = await adminApi<{ items: { summary: string }[] }>(server, 'GET', '/api/activity?limit=50');
    expect(JSON.stringify(activity.body.items)).not.toContain('left running by an earlier run');
  });
});
