/**
 * Two real `scim-desk serve --store postgres://…` nodes on one database behind a real nginx on loopback, with the
 * very configuration docs/scale-out.md shows (docs/nginx/scim-desk.conf.template; the test fills in the nodes'
 * and the balancer's addresses): requests through the balancer reach both nodes, a user created on one is read
 * through the balancer, meta.location names the balancer, and with one node killed the balancer keeps answering.
 *
 * nginx runs unprivileged-friendly: its prefix, temp folders, pid file and logs in a temp folder, `daemon off;`,
 * listening on a free loopback port; stopped at the end. It is /usr/sbin/nginx (Debian's `nginx`, installed by
 * .ci/run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/e2e-serve.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { request, type HttpResult } from '../helpers/scim-server.js';

const NGINX = '/usr/sbin/nginx';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const TEMPLATE = path.join(REPO_ROOT, 'docs', 'nginx', 'scim-desk.conf.template');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once `check` holds, checking again as soon as the last check answered; fails after `ms`. */
async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const started = performance.now();
  while (!(await check().catch(() => false))) {
    if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setImmediate(resolve)); // let I/O in between checks (not a sleep)
  }
}

/** The documented template with its three names filled in, and nothing else changed. */
function renderTemplate(
  template: string,
  values: Record<'SCIM_DESK_NODE_1' | 'SCIM_DESK_NODE_2' | 'SCIM_DESK_LISTEN', string>,
): string {
  return template.replace(/\$\{(SCIM_DESK_[A-Z0-9_]+)\}/g, (whole, name: string) => {
    const value = (values as Record<string, string>)[name];
    if (value === undefined) throw new Error(`the template names ${whole}, which the test does not fill in`);
    return value;
  });
}

interface Nginx {
  port: number;
  stderr(): string;
  stop(): Promise<void>;
}

/** nginx in the foreground with everything it writes under `dir`; resolves once it answers through the balancer. */
async function startNginx(dir: string, port: number, site: string): Promise<Nginx> {
  // As root, nginx's workers run as `nobody`: they must be able to reach the temp folders it creates here.
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, 'scim-desk.conf'), site);
  await writeFile(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${dir}/access.log;`,
      `  client_body_temp_path ${dir}/client_body;`,
      `  proxy_temp_path ${dir}/proxy;`,
      `  fastcgi_temp_path ${dir}/fastcgi;`,
      `  uwsgi_temp_path ${dir}/uwsgi;`,
      `  scgi_temp_path ${dir}/scgi;`,
      `  include ${dir}/scim-desk.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  let output = '';
  // `-e`: the log nginx writes before it has read its configuration, which is /var/log/nginx otherwise.
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'startup.log')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    stderr: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT'); // graceful shutdown
      await exited;
    },
  };
}

describe('two nodes behind nginx, configured as docs/scale-out.md shows', () => {
  let database: TestDatabase;
  let dir: string;
  let nodes: ServeProcess[];
  let nginx: Nginx;
  let token: string;
  let balancer: string;

  const scim = <T = any>(base: string, method: string, pathAndQuery: string, body?: unknown): Promise<HttpResult<T>> =>
    request(`${base}${pathAndQuery}`, method, body, {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/scim+json',
      'User-Agent': 'Okta SCIM Client 1.0.0',
    });
  /** How many SCIM requests for `pathPart` a node's own activity log shows it answered. */
  const answeredBy = async (node: ServeProcess, pathPart: string) => {
    const page = await request<{ items: Array<{ kind: string; request?: { path: string } }> }>(
      `${node.adminOrigin}/api/activity?limit=1000`,
      'GET',
      undefined,
      { Authorization: `Bearer ${node.adminToken}` },
    );
    return page.body.items.filter((item) => item.kind === 'scim_request' && item.request!.path.includes(pathPart))
      .length;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    nodes = [await startServe({ args: ['--store', database.url] })];
    nodes.push(await startServe({ args: ['--store', database.url] }));
    const created = await request<{ secret: string }>(
      `${nodes[0]!.adminOrigin}/api/tokens`,
      'POST',
      { label: 'Okta', expiresAt: null },
      { Authorization: `Bearer ${nodes[0]!.adminToken}`, 'Content-Type': 'application/json' },
    );
    expect(created.status).toBe(201);
    token = created.body.secret;
    await eventually(
      async () => (await scim(nodes[1]!.scimUrl, 'GET', '/Users?count=1')).status === 200,
      5_000,
      'the token reaching the second node',
    );

    dir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-nginx-'));
    const template = await readFile(TEMPLATE, 'utf8');
    const hostPort = (url: string) => new URL(url).host;
    const port = await freePort();
    nginx = await startNginx(
      dir,
      port,
      renderTemplate(template, {
        SCIM_DESK_NODE_1: hostPort(nodes[0]!.scimUrl),
        SCIM_DESK_NODE_2: hostPort(nodes[1]!.scimUrl),
        SCIM_DESK_LISTEN: `127.0.0.1:${port}`,
      }),
    );
    balancer = `http://127.0.0.1:${nginx.port}/scim/v2`;
    await eventually(
      async () => (await fetch(`${balancer}/ServiceProviderConfig`)).status === 200,
      15_000,
      `nginx answering (${nginx.stderr()})`,
    );
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all((nodes ?? []).map((node) => node.stop()));
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the documented template is filled in by the test, not copied: it names both nodes and the listen address', async () => {
    const template = await readFile(TEMPLATE, 'utf8');
    for (const name of ['${SCIM_DESK_NODE_1}', '${SCIM_DESK_NODE_2}', '${SCIM_DESK_LISTEN}'])
      expect(template).toContain(name);
    const docs = await readFile(path.join(REPO_ROOT, 'docs', 'scale-out.md'), 'utf8');
    // The doc shows the file itself, line for line.
    expect(docs).toContain(template.trim());
  });

  it('spreads requests over both nodes, and a user created on one node is read through the balancer', async () => {
    const created = await scim(nodes[0]!.scimUrl, 'POST', '/Users', {
      schemas: [USER],
      userName: 'through-nginx@example.com',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const reads = await Promise.all(Array.from({ length: 20 }, () => scim(balancer, 'GET', `/Users/${id}`)));
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.body.userName).toBe('through-nginx@example.com');
      expect(read.body.meta.version).toBe(created.body.meta.version);
    }
    // Round robin: each node's own log shows some of those reads.
    await eventually(
      async () => (await answeredBy(nodes[0]!, id)) >= 2 && (await answeredBy(nodes[1]!, id)) >= 1,
      5_000,
      "reads in both nodes' activity logs",
    );
  });

  it('meta.location and the Location header name the balancer, not the node that answered', async () => {
    const created = await scim(balancer, 'POST', '/Users', { schemas: [USER], userName: 'location@example.com' });
    expect(created.status).toBe(201);
    const expected = `${balancer}/Users/${created.body.id as string}`;
    expect(created.body.meta.location).toBe(expected);
    expect(created.headers.get('location')).toBe(expected);
    const listed = await scim(
      balancer,
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "location@example.com"')}`,
    );
    expect(listed.body.Resources[0].meta.location).toBe(expected);
  });

  it('with one node killed, the balancer keeps answering every request, creates included', async () => {
    const before = await scim(balancer, 'POST', '/Users', { schemas: [USER], userName: 'before-kill@example.com' });
    expect(before.status).toBe(201);
    await nodes[0]!.kill();
    const answers = [];
    for (let i = 0; i < 10; i++) {
      answers.push(await scim(balancer, 'GET', `/Users/${before.body.id as string}`));
      answers.push(
        await scim(balancer, 'POST', '/Users', { schemas: [USER], userName: `after-kill-${i}@example.com` }),
      );
    }
    expect(answers.map((answer) => answer.status)).toEqual(answers.map((_, i) => (i % 2 === 0 ? 200 : 201)));
    const listed = await scim(balancer, 'GET', `/Users?filter=${encodeURIComponent('userName sw "after-kill-"')}`);
    expect(listed.body.totalResults).toBe(10);
  });

  it('stops cleanly', async () => {
    await nginx.stop();
    expect(nginx.stderr()).not.toMatch(/\[emerg\]/);
    await expect(fetch(`${balancer}/ServiceProviderConfig`)).rejects.toThrow();
  });
});
