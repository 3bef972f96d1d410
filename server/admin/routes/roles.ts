import type { AccessService } from '../../access/access-service.js';
import { AdminRouter } from '../typed-router.js';

/** `GET /api/roles`: the built-in roles, most privileged first (the order that resolves conflicts). */
export function rolesRouter(access: AccessService) {
  return new AdminRouter().on('GET /api/roles', () => ({
    items: access.roles.map(({ id, name, description }) => ({ id, name, description })),
  })).router;
}
