import { Router } from 'express';
import type { AdminServices } from './admin-services.js';
import { activityRouter } from './routes/activity.js';
import { directoryRouter } from './routes/directory.js';
import { organizationalUnitsRouter } from './routes/organizational-units.js';
import { rolesRouter } from './routes/roles.js';
import { rehearsalRouter } from './routes/rehearsal.js';
import { rulesRouter } from './routes/rules.js';
import { settingsRouter } from './routes/settings.js';
import { setupRouter } from './routes/setup.js';
import { statusRouter } from './routes/status.js';
import { tokensRouter } from './routes/tokens.js';
import { tunnelRouter } from './routes/tunnel.js';
import type { GuidedSetup } from '../setup/guided-setup.js';
import type { DeliveryWorker } from '../events/delivery-worker.js';
import { eventsRouter } from './routes/events.js';
import { webhooksRouter } from './routes/webhooks.js';
import { connectionsRouter } from './routes/connections.js';
import { clumioAccountRouter } from './routes/clumio-account.js';

export interface ApiContext {
  services: AdminServices;
  scimUrl: () => string;
  publicScimUrl: () => string | null;
  /** Aborted when the server stops: ends open activity streams. */
  shutdown?: AbortSignal;
  /** Interval of the activity stream's keep-alive pings (default 15 s). */
  keepAliveMs?: number;
  /** Tunnel and rehearsal of a running server (absent in the CLI's offline admin API). */
  guidedSetup?: GuidedSetup;
  /** A running server's webhook delivery (absent offline: endpoints are still managed): `current()` is its
   * worker while this node leads, undefined while another node delivers. */
  webhookDelivery?: { current(): DeliveryWorker | undefined };
}

/** The `/api` router: one sub-router per concern (server/admin/routes/), then the API's error answers. */
export function createApiRouter(context: ApiContext) {
  const { services } = context;
  const router = Router();
  // Right after a start the access index may still be reading the directory (a million users take seconds):
  // the console's answers wait for it rather than show a partial picture.
  router.use((_req, _res, next) => {
    services.access.ready().then(() => next(), next);
  });
  router.use(tokensRouter(services.tokens, services.activity));
  router.use(statusRouter(services, context));
  router.use(rolesRouter(services.access));
  router.use(organizationalUnitsRouter(services));
  router.use(rulesRouter(services.rules));
  router.use(settingsRouter(services));
  router.use(directoryRouter(services, context.scimUrl));
  router.use(
    activityRouter(services.activity, {
      ...(context.shutdown ? { shutdown: context.shutdown } : {}),
      ...(context.keepAliveMs !== undefined ? { keepAliveMs: context.keepAliveMs } : {}),
    }),
  );
  router.use(setupRouter(services, context.guidedSetup));
  router.use(tunnelRouter(context.guidedSetup));
  router.use(rehearsalRouter(context.guidedSetup));
  router.use(eventsRouter(services.store));
  router.use(webhooksRouter(services, context.webhookDelivery));
  router.use(connectionsRouter(services));
  router.use(clumioAccountRouter(services));
  return router;
}
