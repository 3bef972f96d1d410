/**
 * `/api/clumio/*`: the admin's real Clumio account (its rules, roles and OUs, plans and applies, the auto user
 * provisioning switch, the lock-out alarm), and `GET /api/rules/export/check`, which checks SCIM Desk's own
 * export against it. Everything is the account service's (server/clumio-account/); this router answers.
 */
import type { AdminServices } from '../admin-services.js';
import { AdminRouter } from '../typed-router.js';

export function clumioAccountRouter(services: AdminServices) {
  const account = services.clumioAccount;
  const api = new AdminRouter();

  api.on('GET /api/clumio/status', () => account.status());
  api.on('GET /api/clumio/rules', () => account.rules());
  api.on('GET /api/clumio/roles', () => account.roles());
  api.on('GET /api/clumio/organizational-units', () => account.organizationalUnits());
  api.on('POST /api/clumio/rules/plan', (req) => account.plan(req.body));
  api.on('POST /api/clumio/rules/apply', (req) => account.apply(req.body));
  api.on('POST /api/clumio/rules/import-to-local', () => account.copyToLocal());
  api.on('GET /api/clumio/auto-user-provisioning', () => account.autoUserProvisioning());
  api.on('PUT /api/clumio/auto-user-provisioning', (req) => account.setAutoUserProvisioning(req.body));
  api.on('GET /api/rules/export/check', () => account.checkLocalExport());
  return api.router;
}
