/**
 * The admin REST API (`/api/*` on the admin listener): the one typed source of truth shared by the server
 * (server/admin implements it) and the renderer (renderer/src/api imports it). One piece per area in
 * contract/; each domain's own vocabulary (setup steps, tunnel status, rehearsal, previews, webhook
 * deliveries) lives in its folder and is re-exported here. Types, route constants and `apiPath` only, with
 * no Node imports anywhere below, so the renderer compiles it as it is.
 *
 * Conventions
 * - Authentication: every request carries `Authorization: Bearer <admin token>`. The one exception is the
 *   SSE stream `GET /api/activity/stream`, because EventSource cannot send headers: it accepts the admin
 *   token as the `access_token` query parameter (and only there). Missing/wrong token: 401 `unauthorized`.
 *   A foreign Host header: 421 `misdirected_request`. No CORS headers are ever sent.
 * - The UI login URL is `http://127.0.0.1:PORT/?token=<admin token>`; the renderer moves the token into
 *   sessionStorage and cleans the URL.
 * - Bodies are JSON (`application/json`); errors are always {@link ApiErrorBody}.
 * - Casing: what models Clumio's API (rules, roles, organizational units, the auto user provisioning
 *   setting, access grants, preview, settings) uses Clumio's snake_case; SCIM resources keep SCIM's
 *   camelCase; what is SCIM Desk's own (directory lists, activity, tokens, status, setup) uses camelCase.
 * - Lists of SCIM Desk's own data page with `offset` (0-based) and `limit`, and answer {@link Page}.
 *   Query values arrive as strings; the server parses them and answers 400 `invalid_query` when malformed.
 * - Timestamps are ISO 8601 strings.
 */

export * from './contract/routes.js';
export * from './contract/errors.js';
export * from './contract/common.js';
export * from './contract/rules.js';
export * from './contract/settings.js';
export * from './contract/directory.js';
export * from './contract/activity.js';
export * from './contract/tokens.js';
export * from './contract/status.js';
export * from './contract/setup.js';
export * from './contract/tunnel.js';
export * from './contract/rehearsal.js';
export * from './contract/events.js';
export * from './contract/webhooks.js';
export * from './contract/connections.js';
export * from './contract/clumio-account.js';
