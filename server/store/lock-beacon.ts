import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { rm } from 'node:fs/promises';
import { isErrnoException } from './durable-fs.js';
import { listenPrivately } from './private-files.js';

/**
 * A lock holder's proof of life: a local socket the holder listens on for as long as it holds the lock.
 * The kernel closes it the moment the process dies (also while it is still a zombie), and no other
 * process listens on its random name, so "it accepts a connection" proves the holder itself is alive,
 * where `kill(pid, 0)` is fooled by a recycled pid (a container restarted on the same volume).
 */
export interface LockBeacon {
  readonly path: string;
  close(): Promise<void>;
}

const BEACON_PREFIX = '.lock-';
const MAX_SOCKET_PATH = 100; // Linux allows 107 bytes, macOS 103; keep a margin

/**
 * The beacon lives in the data folder when its path is short enough, so a second container on the same
 * volume sees it too; otherwise in the temp folder. Windows uses a named pipe, which dies with its process.
 */
export function beaconPathFor(dataDir: string, nonce: string): string {
  if (process.platform === 'win32') return `\\\\.\\pipe\\scim-desk-${nonce}`;
  const inFolder = join(dataDir, `${BEACON_PREFIX}${nonce}.sock`);
  return inFolder.length <= MAX_SOCKET_PATH ? inFolder : join(tmpdir(), `scim-desk${BEACON_PREFIX}${nonce}.sock`);
}

export async function startBeacon(path: string): Promise<LockBeacon> {
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end();
  });
  // Private (0600) whatever the umask: only the owner's processes need to probe it.
  const remove = await listenPrivately(server, path);
  // The beacon must never keep a finished CLI command (or a stopping server) alive.
  server.unref();
  return {
    path,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await remove();
    },
  };
}

export type BeaconAnswer = 'alive' | 'gone';

/**
 * Connects to a holder's beacon. Refused or missing means the holder is gone; anything else (accepted,
 * a permission error, a full backlog, no answer in time) counts as alive, because a wrong "gone" would
 * let two servers write one folder, while a wrong "alive" only asks the admin to look.
 */
export function probeBeacon(path: string, timeoutMs = 2000): Promise<BeaconAnswer> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    const done = (answer: BeaconAnswer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done('alive'), timeoutMs);
    socket.once('connect', () => done('alive'));
    socket.once('error', (error) => {
      const gone =
        isErrnoException(error) &&
        (error.code === 'ECONNREFUSED' || error.code === 'ENOENT' || error.code === 'ENOTSOCK');
      done(gone ? 'gone' : 'alive');
    });
  });
}

/** Removes a dead holder's beacon file, but only a file that is one of ours by name. */
export async function removeStaleBeacon(path: string): Promise<void> {
  if (process.platform === 'win32' || !basename(path).includes(BEACON_PREFIX) || !path.endsWith('.sock')) return;
  await rm(path, { force: true }).catch(() => undefined);
}
