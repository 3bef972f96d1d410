import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createApiRouter } from '../admin/api.js';
import { createAdminApp } from '../admin/app.js';
import { closeServer, listenTcp, portOf } from '../core/listen.js';
import { openServices } from '../core/services.js';
import { StoreLocationError, storeUrlFrom } from '../core/store-location.js';
import { acquireDataFolderLock, readDataFolderLock } from '../store/data-folder-lock.js';
import { StoreError } from '../store/types.js';
import { AdminClient } from './admin-client.js';
import { CliError } from './cli-error.js';
import { resolveDataDir } from './data-dir.js';

/** The node's data folder, and the PostgreSQL database its directory lives in (none: the data folder). */
export interface DataLocation {
  dataDir: string;
  store?: string;
}

/** `--data DIR` and `--store URL` (or their environment variables) as a command names them. */
export function dataLocation(values: { data?: string | undefined; store?: string | undefined }): DataLocation {
  const store = storeFlag(values.store);
  return { dataDir: resolveDataDir(values.data), ...(store ? { store } : {}) };
}

/** `--store URL` (or SCIM_DESK_STORE), checked: the PostgreSQL database a command acts on, if any. */
export function storeFlag(flag: string | undefined): string | undefined {
  try {
    return storeUrlFrom(flag);
  } catch (error) {
    if (error instanceof StoreLocationError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * Runs a CLI command against a data folder through the admin API, whether or not a server runs on it:
 * - a running `scim-desk serve` is reached over its control socket, so it sees the change at once and stays
 *   the only writer (no write can be lost between two processes);
 * - otherwise the command takes the data-folder lock itself and serves the same API in-process on a
 *   loopback port with a one-time token, for the duration of the command. With `store` (a PostgreSQL
 *   connection string) that API acts on the shared database: every node follows the change within a second.
 */
export async function withAdminApi<T>(
  { dataDir, store }: DataLocation,
  command: string,
  run: (client: AdminClient, mode: 'online' | 'offline') => Promise<T>,
): Promise<T> {
  const running = await readDataFolderLock(dataDir);
  if (running?.holder === 'server') {
    if (!running.controlSocket || !existsSync(running.controlSocket)) {
      throw new CliError(
        `a SCIM Desk server (pid ${running.pid}) runs on ${dataDir} without a control socket; stop it first`,
      );
    }
    return run(new AdminClient({ socketPath: running.controlSocket }), 'online');
  }
  let lock;
  try {
    lock = await acquireDataFolderLock(dataDir, { holder: 'cli', command });
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(error.message);
    throw error;
  }
  try {
    const services = await openServices(dataDir, store ? { store } : {}).catch((error: unknown) => {
      throw error instanceof StoreError ? new CliError(error.message) : error;
    });
    const token = randomBytes(32).toString('base64url');
    let port = 0;
    const app = createAdminApp({
      adminToken: token,
      port: () => port,
      api: createApiRouter({ services, scimUrl: () => '', publicScimUrl: () => null }),
    });
    const server = await listenTcp(app, '127.0.0.1', 0);
    port = portOf(server);
    try {
      return await run(new AdminClient({ port, token }), 'offline');
    } finally {
      await closeServer(server, 0);
      await services.close();
    }
  } finally {
    await lock.release();
  }
}
