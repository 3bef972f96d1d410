/**
 * The connections to the admin's real Okta org and Clumio account (`/api/connections`). Tokens go in once
 * (PUT), are checked against the service, stored sealed, and never come back in any answer.
 *
 * - `PUT /api/connections/okta` {@link OktaConnectRequest} → 200 {@link OktaConnectionInfo}, after checking the
 *   token against Okta (the app, when `app_id` is given; else the org's apps). 400 `connection_failed` when
 *   Okta refuses or cannot be reached (a bad URL, https required except for loopback hosts, 401, 403 naming the
 *   scope, 404 for an unknown app, 429, a timeout): `message` says what happened and what to do, `details` is
 *   a {@link TenantCallFailure}. `DELETE` → 204 (404 without a connection).
 * - `GET /api/connections/okta/apps` → the org's apps to pick the Clumio app from (the likely one first);
 *   `PUT /api/connections/okta/app` {@link OktaAppPick} → the connection with that app.
 * - `PUT /api/connections/clumio` {@link ClumioConnectRequest} → 200 {@link ClumioConnectionInfo}, same errors
 *   (a 403 names the role the token's user needs). `DELETE` → 204.
 * - `GET /api/connections` → {@link Connections}; `POST /api/connections/refresh` reads both services again
 *   (joining a read under way) and answers the same.
 * Without the connection a route needs: 409 `not_connected`.
 */
export type {
  ClumioConnectRequest,
  ClumioConnectionInfo,
  ConnectionCheck,
  ConnectionProblem,
  ConnectionReading,
  Connections,
  OktaAppChoice,
  OktaAppPick,
  OktaConnectRequest,
  OktaConnectionInfo,
  TenantCallFailure,
  TenantServiceName,
} from '../../connections/connection-types.js';

/** Clumio's regional API hosts, by the portal the account signs in to (the console offers them). */
export { CLUMIO_REGIONAL_BASE_URLS, type ClumioRegion } from '../../tenants/clumio/clumio-regions.js';
