import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import { createApiRouter } from '../admin/api.js';
import { createAdminApp } from '../admin/app.js';
import { LOGIN_TOKEN_PARAM } from '../admin/contract.js';
import { SCIM_BASE_PATH } from '../scim/endpoint.js';
import { createScimApp } from '../scim/http/scim-app.js';
import { createGuidedSetup, type GuidedSetup } from '../setup/guided-setup.js';
import { acquireDataFolderLock } from '../store/data-folder-lock.js';
import { reapOrphanedTunnel } from '../tunnel/orphan-reaper.js';
import { limitHeapGrowth } from './heap-growth.js';
import { closeServer, listenSocket, listenTcp, portOf } from './listen.js';
import { openServices } from './services.js';
import { DeliveryWorker } from '../events/delivery-worker.js';
import { startRetention } from '../events/retention.js';
import type { RunningScimDesk, ScimDeskOptions } from './types.js';

/** The control socket lets `scim-desk token ...` reach a running server; its file mode (0600) guards it. */
export const controlSocketPath = (dataDir: string) => path.join(dataDir, 'control.sock');
const MAX_SOCKET_PATH = 100; // Linux allows 107 bytes; keep a margin

/** Starts one SCIM Desk: data folder lock, store, SCIM listener, admin listener, control socket. */
export async function startScimDesk(options: ScimDeskOptions): Promise<RunningScimDesk> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const lock = await acquireDataFolderLock(dataDir, { holder: 'server', command: 'serve' });
  const servers: Server[] = [];
  let removeSocket = async () => {};
  let services;
  try {
    services = await openServices(dataDir, {
      now: options.now,
      ...(options.tenants ? { tenants: options.tenants } : {}),
      ...(options.store ? { store: options.store } : {}),
      accessIndexInBackground: true,
    });
  } catch (error) {
    await lock.release();
    throw error;
  }
  try {
    // A tunnel left running by a crashed earlier run (its watchdog killed with it) is stopped first.
    const reaped = await reapOrphanedTunnel(dataDir);
    if (reaped) {
      services.activity.append({
        kind: 'admin',
        action: 'tunnel.reaped',
        message: `Stopped ${path.basename(reaped.executable)} (pid ${reaped.pid}) left running by an earlier run that did not stop cleanly.`,
      });
    }
    const host = options.host ?? '127.0.0.1';
    let scimUrl = '';
    let guided: GuidedSetup | undefined;
    const scimApp = createScimApp({
      protocol: services.protocol,
      tokens: services.tokens,
      limiter: services.limiter,
      record: (exchange) => services.activity.append(exchange),
      // Tunnelled requests see the public URL in Location and meta.location; local ones keep the local URL.
      publicBaseUrl: (arrivedAs) => guided?.tunnel.publicBaseFor(arrivedAs),
      isProbeMarker: (marker) => guided?.tunnel.isProbeMarker(marker) ?? false,
    });
    const scimServer = await listenTcp(scimApp, host, options.scimPort ?? 0);
    servers.push(scimServer);
    scimUrl = `http://${host.includes(':') ? `[${host}]` : host}:${portOf(scimServer)}${SCIM_BASE_PATH}`;
    guided = createGuidedSetup(
      services,
      { scimUrl: () => scimUrl, scimPort: () => portOf(scimServer), scimHost: host },
      options.guidedSetup,
    );
    const guidedSetup = guided;
    // Webhooks (docs/events.md): delivered off the commit path, never from the SCIM side, by the leading node
    // only (on PostgreSQL one node of all; on the embedded store always this one). Each term of leadership
    // has a worker of its own, which resumes from the progress stored in the database.
    const secrets = await services.secrets();
    let worker: DeliveryWorker | undefined;
    let stopRetention = () => {};
    const webhookDelivery = { current: () => worker };
    const stopDelivering = services.leadership.run({
      name: 'webhook delivery',
      start: () => {
        const delivery = new DeliveryWorker(services.store, services.documents, secrets, { log, ...options.webhooks });
        worker = delivery;
        delivery.start();
        // The feed keeps what the endpoints are owed, as the worker knows it.
        stopRetention = startRetention(services.store, {
          lowestOwed: () => delivery.lowestOwed(),
          log,
          ...options.eventRetention,
        });
      },
      stop: async () => {
        stopRetention();
        const delivery = worker;
        worker = undefined;
        await delivery?.stop();
      },
    });
    await services.leadership.settled();
    // The connected Okta org and Clumio account are read at once, then on a slow interval (never a storm).
    services.tenants.start();

    const adminToken = options.adminToken ?? randomBytes(32).toString('base64url');
    // Aborted on stop, so open activity streams (SSE) end instead of holding the listeners open.
    const shutdown = new AbortController();
    const context = {
      services,
      scimUrl: () => scimUrl,
      publicScimUrl: () => guidedSetup.tunnel.publicScimUrl,
      shutdown: shutdown.signal,
      guidedSetup,
      webhookDelivery,
    };
    let adminPort = 0;
    const adminApp = createAdminApp({
      adminToken,
      port: () => adminPort,
      api: createApiRouter(context),
      ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
    });
    const adminServer = await listenTcp(adminApp, '127.0.0.1', options.adminPort ?? 0);
    servers.push(adminServer);
    adminPort = portOf(adminServer);
    const adminOrigin = `http://127.0.0.1:${adminPort}`;

    const socketPath = controlSocketPath(dataDir);
    let controlSocket: string | null = null;
    if (socketPath.length <= MAX_SOCKET_PATH && process.platform !== 'win32') {
      const controlApp = createAdminApp({ adminToken: undefined, port: () => 0, api: createApiRouter(context) });
      const listening = await listenSocket(controlApp, socketPath);
      servers.push(listening.server);
      removeSocket = listening.remove;
      controlSocket = socketPath;
    } else {
      log(`scim-desk: data folder path too long for a control socket; token commands need the server stopped.`);
    }
    await lock.update({
      holder: 'server',
      command: 'serve',
      ...(controlSocket ? { controlSocket } : {}),
      scimUrl,
      adminUrl: adminOrigin,
    });
    // Only now: loading the directory is one long burst of growth, which a tight limit would slow down.
    limitHeapGrowth();

    let stopping: Promise<void> | undefined;
    return {
      scimUrl,
      adminUrl: `${adminOrigin}/?${LOGIN_TOKEN_PARAM}=${adminToken}`,
      adminOrigin,
      adminToken,
      dataDir,
      stop: () =>
        (stopping ??= (async () => {
          shutdown.abort();
          await stopDelivering();
          await guidedSetup.close();
          await Promise.all(servers.map((s) => closeServer(s)));
          await removeSocket();
          await services.close();
          await lock.release();
        })()),
    };
  } catch (error) {
    await Promise.all(servers.map((s) => closeServer(s, 0)));
    await removeSocket();
    await services.close();
    await lock.release();
    throw error;
  }
}
