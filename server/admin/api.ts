import { Router } from 'express';
import type { Services } from '../core/services.js';
import { VERSION } from '../core/version.js';
import type { EndpointStatus } from './contract.js';
import { tokensRouter } from './routes/tokens.js';

export interface ApiContext {
  services: Services;
  scimUrl: () => string;
  publicScimUrl: () => string | null;
}

/** The `/api` router: one sub-router per concern. */
export function createApiRouter(context: ApiContext) {
  const { services } = context;
  const router = Router();
  router.use(tokensRouter(services.tokens));
  router.get('/status', (_req, res) => {
    const { store } = services;
    let activeUsers = 0;
    for (const id of store.userIds()) if (store.getUser(id)?.data.active !== false) activeUsers += 1;
    const status: EndpointStatus = {
      version: VERSION,
      scimUrl: context.scimUrl(),
      publicScimUrl: context.publicScimUrl(),
      running: true,
      startedAt: services.startedAt,
      dataDir: services.dataDir,
      autoUserProvisioning: false,
      counts: {
        users: store.userCount(),
        activeUsers,
        groups: store.groupCount(),
        rules: store.listDocs('rules').length,
        tokens: services.tokens.list().filter((t) => t.state === 'active').length,
      },
    };
    res.json(status);
  });
  return router;
}
