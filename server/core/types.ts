import type { DeliveryOptions } from '../events/delivery-worker.js';
import type { RetentionOptions } from '../events/retention.js';
import type { GuidedSetupOptions } from '../setup/guided-setup.js';
import type { TenantOptions } from './services.js';

/** Options and handle of one running SCIM Desk core: what the CLI, the Electron shell and tests all own. */
export interface ScimDeskOptions {
  /** Data folder (created 0700 if missing): the node's own (lock, control socket, activity log, keys). */
  dataDir: string;
  /** A PostgreSQL connection string: the directory lives there, shared by every node given the same one.
   * Default: the embedded store in the data folder. */
  store?: string;
  /** SCIM listener port; 0 = any free port. */
  scimPort?: number;
  /** Address the SCIM listener binds (default 127.0.0.1; a tunnel or reverse proxy reaches it there). */
  host?: string;
  /** Admin listener port (always bound to 127.0.0.1); 0 = any free port. */
  adminPort?: number;
  /** Fixed admin session token (SCIM_DESK_ADMIN_TOKEN); random per start when absent. */
  adminToken?: string;
  /** Folder holding the built renderer (index.html); the admin listener serves it when present. */
  rendererDir?: string;
  /** Tunnel and rehearsal options (tests: a loopback resolver for the self-probe, a PATH for cloudflared/ngrok). */
  guidedSetup?: GuidedSetupOptions;
  /** Webhook delivery tuning (tests: a short retry schedule, a short timeout). */
  webhooks?: DeliveryOptions;
  /** Change feed retention (tests: a small window, a short interval). */
  eventRetention?: RetentionOptions;
  /** The clients of the admin's Okta org and Clumio account (tests: a clock they move, a short timeout). */
  tenants?: TenantOptions;
  /** The current time for the directory's timestamps and token expiry (tests pass a clock they move forward).
   * Default: the system clock. */
  now?: () => Date;
  /** Where human-readable log lines go (never secrets). Default: none. */
  log?: (line: string) => void;
}

export interface RunningScimDesk {
  /** `http://HOST:PORT/scim/v2` */
  scimUrl: string;
  /** `http://127.0.0.1:PORT/?token=...` — the one-time login URL for the UI. */
  adminUrl: string;
  /** The admin listener's origin without the token, e.g. `http://127.0.0.1:PORT`. */
  adminOrigin: string;
  adminToken: string;
  dataDir: string;
  /** Stop accepting, finish pending writes, release the data folder. */
  stop(): Promise<void>;
}
