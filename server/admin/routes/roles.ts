import { Router } from 'express';
import type { AccessService } from '../../access/access-service.js';
import type { ItemList, Role } from '../contract.js';

/** `GET /api/roles`: the built-in roles, most privileged first (the order that resolves conflicts). */
export function rolesRouter(access: AccessService) {
  const router = Router();
  router.get('/roles', (_req, res) => {
    const items = access.roles.map(({ id, name, description }) => ({ id, name, description }));
    res.json({ items } satisfies ItemList<Role>);
  });
  return router;
}
