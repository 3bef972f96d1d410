import { autoUserProvisioningEnabled } from '../../access/stored-config.js';
import type { AdminServices } from '../admin-services.js';
import type { EndpointStatus } from '../contract.js';
import { ACTIVE_USER } from '../../store/query/active-users.js';
import { AdminRouter } from '../typed-router.js';

/** `GET /api/status`: the endpoint as the admin needs to see it. */
export function statusRouter(
  services: AdminServices,
  urls: { scimUrl: () => string; publicScimUrl: () => string | null },
) {
  const api = new AdminRouter();
  api.on('GET /api/status', async () => {
    const { store, documents } = services;
    // Counted by the store: SCIM's `active` defaults to true, only an explicit false is inactive.
    const [users, groups, active] = await Promise.all([
      store.userCount(),
      store.groupCount(),
      store.listUsers({ where: ACTIVE_USER, offset: 0, limit: 0 }),
    ]);
    const status: EndpointStatus = {
      version: services.version,
      scimUrl: urls.scimUrl(),
      publicScimUrl: urls.publicScimUrl(),
      running: true,
      startedAt: services.startedAt,
      dataDir: services.dataDir,
      autoUserProvisioning: autoUserProvisioningEnabled(documents),
      counts: {
        users,
        activeUsers: active.total,
        groups,
        rules: services.rules.current().length,
        tokens: services.tokens.list().filter((t) => t.state === 'active').length,
      },
    };
    return status;
  });
  return api.router;
}
