import { existsSync } from 'node:fs';
import { MIN_ADMIN_TOKEN_LENGTH } from '../../admin/security.js';
import { startScimDesk } from '../../core/index.js';
import { RENDERER_DIR } from '../../core/paths.js';
import { StoreError } from '../../store/types.js';
import { parseCommandArgs, portFlag } from '../args.js';
import { CliError } from '../cli-error.js';
import { resolveDataDir } from '../data-dir.js';
import { describeStore, STORE_ENV } from '../../core/store-location.js';
import { storeFlag } from '../data-folder-access.js';

export const SERVE_HELP = `Usage: scim-desk serve [--data DIR] [--store URL] [--scim-port N] [--admin-port N] [--host ADDR] [--json]

Starts the SCIM 2.0 endpoint and the admin console.

  --data DIR        data folder (default: $SCIM_DESK_DATA or the per-user data folder)
  --store URL       keep the directory in PostgreSQL, shared with other nodes:
                    postgres://user:password@host:5432/db (default: $${STORE_ENV}, else the data folder)
  --scim-port N     SCIM listener port (default 0 = any free port)
  --admin-port N    admin console port, always on 127.0.0.1 (default 0 = any free port)
  --host ADDR       address the SCIM listener binds (default 127.0.0.1)
  --json            print one JSON line {"scimUrl","adminUrl","pid"} when ready

The admin session token is random per start unless SCIM_DESK_ADMIN_TOKEN is set (at least 32 characters).
Stop with Ctrl-C (SIGINT) or SIGTERM: pending writes finish first.`;

export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    data: { type: 'string' },
    store: { type: 'string' },
    'scim-port': { type: 'string' },
    'admin-port': { type: 'string' },
    host: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    console.log(SERVE_HELP);
    return 0;
  }
  const scimPort = portFlag(values['scim-port'], '--scim-port');
  const adminPort = portFlag(values['admin-port'], '--admin-port');
  const adminToken = process.env.SCIM_DESK_ADMIN_TOKEN;
  if (adminToken !== undefined && adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new CliError(
      `SCIM_DESK_ADMIN_TOKEN must have at least ${MIN_ADMIN_TOKEN_LENGTH} characters (it has ${adminToken.length}); for example: export SCIM_DESK_ADMIN_TOKEN=$(openssl rand -base64 32)`,
    );
  }
  const store = storeFlag(values.store);
  let desk;
  try {
    desk = await startScimDesk({
      dataDir: resolveDataDir(values.data),
      ...(store ? { store } : {}),
      ...(scimPort !== undefined ? { scimPort } : {}),
      ...(adminPort !== undefined ? { adminPort } : {}),
      ...(values.host ? { host: values.host } : {}),
      ...(adminToken ? { adminToken } : {}),
      ...(existsSync(RENDERER_DIR) ? { rendererDir: RENDERER_DIR } : {}),
      log: (line) => console.error(line),
    });
  } catch (error) {
    if (error instanceof StoreError) throw new CliError(error.message);
    if (error instanceof Error && 'code' in error && (error.code === 'EADDRINUSE' || error.code === 'EACCES')) {
      throw new CliError(`cannot listen: ${error.message}`);
    }
    throw error;
  }
  if (values.json) {
    console.log(JSON.stringify({ scimUrl: desk.scimUrl, adminUrl: desk.adminUrl, pid: process.pid }));
  } else {
    console.log(`SCIM base URL:  ${desk.scimUrl}`);
    console.log(`Admin console:  ${desk.adminUrl}`);
    console.log(`Data folder:    ${desk.dataDir}`);
    if (store) console.log(`Store:          ${describeStore(store)}`);
    if (!existsSync(RENDERER_DIR))
      console.log('(the console UI is not built: run `npm run build` in the SCIM Desk folder)');
    console.log('Press Ctrl-C to stop.');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await desk.stop();
  return 0;
}
