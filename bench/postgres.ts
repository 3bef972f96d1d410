/**
 * `--store postgres`: a PostgreSQL for the bench (test/setup/postgres-cluster-process.ts --durable, in a temp folder,
 * stopped at the end), a fresh database per run, and that database's size.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import type { PostgresClusterInfo } from '../test/setup/postgres-cluster.js';

export interface BenchPostgres {
  /** Creates an empty database; answers its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Gathers the planner's statistics (what autovacuum does some time after a bulk load). */
  analyze(name: string): Promise<void>;
  /** The database's size on disk, MB. */
  sizeMb(name: string): Promise<number>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function startBenchPostgres(): Promise<BenchPostgres> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('../test/setup/postgres-cluster-process.ts', import.meta.url).pathname, '--durable'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A bench that fails midway closes the child's stdin by exiting, and the child stops the cluster.
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the bench's PostgreSQL exited with code ${code} before it was ready`)),
    );
    createInterface({ input: child.stdout }).once('line', (line) => {
      const answer = JSON.parse(line) as { info?: PostgresClusterInfo; error?: string };
      if (!answer.info) return reject(new Error(`could not start the bench's PostgreSQL: ${answer.error ?? line}`));
      const info = answer.info;
      const connection = { host: info.host, port: info.port, user: info.user, password: info.password };
      const admin = postgres({ ...connection, database: 'postgres', max: 1, onnotice: () => undefined });
      resolve({
        async createDatabase(name) {
          await admin.unsafe(`CREATE DATABASE ${name}`);
          return `postgres://${info.user}:${info.password}@${info.host}:${info.port}/${name}`;
        },
        async analyze(name) {
          const db = postgres({ ...connection, database: name, max: 1, onnotice: () => undefined });
          try {
            await db.unsafe('ANALYZE');
          } finally {
            await db.end();
          }
        },
        async sizeMb(name) {
          const [row] = await admin`SELECT pg_database_size(${name}) AS bytes`;
          return Number(row!.bytes) / 1024 / 1024;
        },
        async dropDatabase(name) {
          await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
        async stop() {
          await admin.end();
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}
