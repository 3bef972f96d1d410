import { isActiveRecord } from '../../access/directory-users.js';
import { autoUserProvisioningEnabled } from '../../access/stored-config.js';
import type { AdminServices } from '../admin-services.js';
import type { EndpointStatus } from '../contract.js';
import { AdminRouter } from '../typed-router.js';

/** `GET /api/status`: the endpoint as the admin needs to see it. */
export function statusRouter(services: AdminServices, urls: { scimUrl: () => string; publicScimUrl: () => string | null }) {
  const api = new AdminRouter();
  api.on('GET /api/status', () => {
    const { store } = services;
    let activeUsers = 0;
    for (const id of store.userIds()) {
      const record = store.getUser(id);
      if (record && isActiveRecord(record.data)) activeUsers += 1;
    }
    const status: EndpointStatus = {
      version: services.version,
      scimUrl: urls.scimUrl(),
      publicScimUrl: urls.publicScimUrl(),
      running: true,
      startedAt: services.startedAt,
      dataDir: services.dataDir,
      autoUserProvisioning: autoUserProvisioningEnabled(store),
      counts: {
        users: store.userCount(),
        activeUsers,
        groups: store.groupCount(),
        rules: services.rules.current().length,
        tokens: services.tokens.list().filter((t) => t.state === 'active').length,
      },
    };
    return status;
  });
  return api.router;
}
