/**
 * `/api/connections`: the admin's Okta org and Clumio account. Checking, sealing and storing is the
 * connections service's (server/connections/); this router parses and answers. No answer holds a token.
 */
import type { AdminServices } from '../admin-services.js';
import { describeConnections, clumioInfo, oktaInfo } from '../../connections/connections-view.js';
import { notFound } from '../admin-error.js';
import { AdminRouter, noContent } from '../typed-router.js';

export function connectionsRouter(services: AdminServices) {
  const { connections, tenants } = services;
  const api = new AdminRouter();
  const view = () => describeConnections(connections, tenants);

  api.on('GET /api/connections', view);

  api.on('POST /api/connections/refresh', async () => {
    if (tenants.connected()) await tenants.refresh();
    return view();
  });

  api.on('PUT /api/connections/okta', async (req) =>
    oktaInfo(await connections.connectOkta(req.body), tenants.current(), tenants.reading()),
  );

  api.on('DELETE /api/connections/okta', async () => {
    if (!(await connections.disconnect('okta'))) throw notFound('Okta is not connected.');
    return noContent;
  });

  api.on('GET /api/connections/okta/apps', async () => ({ items: await connections.listOktaApps() }));

  api.on('PUT /api/connections/okta/app', async (req) =>
    oktaInfo(await connections.pickOktaApp(req.body), tenants.current(), tenants.reading()),
  );

  api.on('PUT /api/connections/clumio', async (req) =>
    clumioInfo(await connections.connectClumio(req.body), tenants.current(), tenants.reading()),
  );

  api.on('DELETE /api/connections/clumio', async () => {
    if (!(await connections.disconnect('clumio'))) throw notFound('Clumio is not connected.');
    return noContent;
  });
  return api.router;
}
