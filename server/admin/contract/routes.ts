/** Every route of the admin API: path patterns, the query parameters that carry tokens, and the typed map
 * of each route's query, body and answer (for typed clients and handlers). */
import type { ActivityPage, ActivityQuery } from './activity.js';
import type { ItemList, Page } from './common.js';
import type { GroupDetail, GroupListItem, GroupsQuery, UserDetail, UserListItem, UsersQuery } from './directory.js';
import type { EventFeedPage, EventFeedQuery } from './events.js';
import type { RehearsalRemoved, RehearsalRequest, RehearsalStatus } from './rehearsal.js';
import type {
  OrganizationalUnit,
  OrganizationalUnitInput,
  OrganizationalUnitUpdate,
  Role,
  Rule,
  RuleInput,
  RuleListItem,
  RulesFile,
  RulesImportResult,
  RulesPreview,
  RulesPreviewRequest,
} from './rules.js';
import type { AdminLockoutStatus, AutoUserProvisioningSetting, Settings, SettingsUpdate } from './settings.js';
import type {
  ClumioAccountList,
  ClumioAccountOrganizationalUnit,
  ClumioAccountRole,
  ClumioAccountStatus,
  ClumioAutoUserProvisioningSetting,
  ClumioRulesApplied,
  ClumioRulesPlan,
  ClumioRulesRequest,
  ImportedFromClumio,
  RulesExportCheck,
} from './clumio-account.js';
import type {
  ClumioConnectRequest,
  ClumioConnectionInfo,
  Connections,
  OktaAppChoice,
  OktaAppPick,
  OktaConnectRequest,
  OktaConnectionInfo,
} from './connections.js';
import type {
  DiagnoseRequest,
  DiagnoseResult,
  GroupNameFlag,
  IdentityProviderChoice,
  IdpErrorInfo,
  SetupConfirmRequest,
  SetupState,
} from './setup.js';
import type { EndpointStatus } from './status.js';
import type { TokenCreateRequest, TokenCreated, TokenInfo } from './tokens.js';
import type { TunnelProbeResult, TunnelStartRequest, TunnelStatus } from './tunnel.js';
import type {
  WebhookCreateRequest,
  WebhookCreated,
  WebhookDelivery,
  WebhookInfo,
  WebhookRetryResult,
} from './webhooks.js';

/** Path patterns in Express 5 syntax (`:id`). Build concrete paths with {@link apiPath}. */
export const API_ROUTES = {
  roles: '/api/roles',
  organizationalUnits: '/api/organizational-units',
  organizationalUnit: '/api/organizational-units/:id',
  rules: '/api/rules',
  rulesPreview: '/api/rules/preview',
  rulesExport: '/api/rules/export',
  rulesImport: '/api/rules/import',
  rulesExportCheck: '/api/rules/export/check',
  rule: '/api/rules/:id',
  autoUserProvisioning: '/api/settings/auto-user-provisioning',
  adminLockout: '/api/admin-lockout',
  settings: '/api/settings',
  users: '/api/users',
  user: '/api/users/:id',
  groups: '/api/groups',
  group: '/api/groups/:id',
  activity: '/api/activity',
  activityStream: '/api/activity/stream',
  tokens: '/api/tokens',
  token: '/api/tokens/:id',
  status: '/api/status',
  setup: '/api/setup',
  setupStepConfirm: '/api/setup/steps/:id/confirm',
  setupRefresh: '/api/setup/refresh',
  setupDiagnose: '/api/setup/diagnose',
  setupErrors: '/api/setup/errors',
  setupOktaErrors: '/api/setup/okta-errors',
  setupEntraErrors: '/api/setup/entra-errors',
  setupGroupNames: '/api/setup/group-names',
  identityProviders: '/api/identity-providers',
  tunnel: '/api/tunnel',
  tunnelProbe: '/api/tunnel/probe',
  tunnelAcknowledge: '/api/tunnel/acknowledge',
  rehearsal: '/api/rehearsal',
  events: '/api/events',
  webhooks: '/api/webhooks',
  webhook: '/api/webhooks/:id',
  webhookDeliveries: '/api/webhooks/:id/deliveries',
  webhookRetry: '/api/webhooks/:id/deliveries/:deliveryId/retry',
  webhookEnable: '/api/webhooks/:id/enable',
  connections: '/api/connections',
  connectionsRefresh: '/api/connections/refresh',
  oktaConnection: '/api/connections/okta',
  oktaApps: '/api/connections/okta/apps',
  oktaApp: '/api/connections/okta/app',
  clumioConnection: '/api/connections/clumio',
  clumioStatus: '/api/clumio/status',
  clumioRules: '/api/clumio/rules',
  clumioRoles: '/api/clumio/roles',
  clumioOrganizationalUnits: '/api/clumio/organizational-units',
  clumioRulesPlan: '/api/clumio/rules/plan',
  clumioRulesApply: '/api/clumio/rules/apply',
  clumioRulesImportToLocal: '/api/clumio/rules/import-to-local',
  clumioAutoUserProvisioning: '/api/clumio/auto-user-provisioning',
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;

/** Fills `:id`, `:deliveryId`, … in a route pattern (URI-encoded); a parameter not given stays as it is. */
export function apiPath(pattern: string, params: Record<string, string | undefined> = {}): string {
  return pattern.replace(/:([A-Za-z]+)/g, (whole, name: string) =>
    params[name] === undefined ? whole : encodeURIComponent(params[name]),
  );
}

/** Query parameter carrying the admin token in the login URL printed by `serve` (`/?token=...`). */
export const LOGIN_TOKEN_PARAM = 'token';
/** Query parameter carrying the admin token on `GET /api/activity/stream` only (EventSource sends no headers). */
export const STREAM_TOKEN_PARAM = 'access_token';
/** SSE event name of one ActivityEvent on the stream; `data:` is the event's JSON, `id:` its `id`. */
export const ACTIVITY_SSE_EVENT = 'activity';

/** Every route: `'METHOD /path'` → its query, body and success response. `void` = 204 No Content. */
export interface AdminApi {
  'GET /api/roles': { query: undefined; body: undefined; response: ItemList<Role> };
  'GET /api/organizational-units': { query: undefined; body: undefined; response: ItemList<OrganizationalUnit> };
  'POST /api/organizational-units': { query: undefined; body: OrganizationalUnitInput; response: OrganizationalUnit };
  'PUT /api/organizational-units/:id': {
    query: undefined;
    body: OrganizationalUnitUpdate;
    response: OrganizationalUnit;
  };
  'DELETE /api/organizational-units/:id': { query: undefined; body: undefined; response: void };
  'GET /api/rules': { query: undefined; body: undefined; response: ItemList<RuleListItem> };
  'POST /api/rules': { query: undefined; body: RuleInput; response: Rule };
  'GET /api/rules/:id': { query: undefined; body: undefined; response: Rule };
  'PUT /api/rules/:id': { query: undefined; body: RuleInput; response: Rule };
  'DELETE /api/rules/:id': { query: undefined; body: undefined; response: void };
  'POST /api/rules/preview': { query: undefined; body: RulesPreviewRequest; response: RulesPreview };
  'GET /api/rules/export': { query: undefined; body: undefined; response: RulesFile };
  'POST /api/rules/import': { query: { dryRun?: boolean }; body: RulesFile; response: RulesImportResult };
  'GET /api/rules/export/check': { query: undefined; body: undefined; response: RulesExportCheck };
  'GET /api/settings/auto-user-provisioning': {
    query: undefined;
    body: undefined;
    response: AutoUserProvisioningSetting;
  };
  'PUT /api/settings/auto-user-provisioning': {
    query: undefined;
    body: AutoUserProvisioningSetting;
    response: AutoUserProvisioningSetting;
  };
  'GET /api/admin-lockout': { query: undefined; body: undefined; response: AdminLockoutStatus };
  'GET /api/settings': { query: undefined; body: undefined; response: Settings };
  'PUT /api/settings': { query: undefined; body: SettingsUpdate; response: Settings };
  'GET /api/users': { query: UsersQuery; body: undefined; response: Page<UserListItem> };
  'GET /api/users/:id': { query: undefined; body: undefined; response: UserDetail };
  'GET /api/groups': { query: GroupsQuery; body: undefined; response: Page<GroupListItem> };
  'GET /api/groups/:id': { query: undefined; body: undefined; response: GroupDetail };
  'GET /api/activity': { query: ActivityQuery; body: undefined; response: ActivityPage };
  /** SSE (`text/event-stream`): `event: activity` per new ActivityEvent, `: ping` comments every 15 s.
   * Auth by `?access_token=`; `Last-Event-ID` (an event id) resumes after it. Filters are applied client-side. */
  'GET /api/activity/stream': { query: { access_token: string }; body: undefined; response: never };
  'GET /api/tokens': { query: undefined; body: undefined; response: ItemList<TokenInfo> };
  'POST /api/tokens': { query: undefined; body: TokenCreateRequest; response: TokenCreated };
  'DELETE /api/tokens/:id': { query: undefined; body: undefined; response: void };
  'GET /api/status': { query: undefined; body: undefined; response: EndpointStatus };
  'GET /api/setup': { query: undefined; body: undefined; response: SetupState };
  'POST /api/setup/steps/:id/confirm': { query: undefined; body: SetupConfirmRequest; response: SetupState };
  /** Reads the Okta org and the Clumio account now (joining a read under way), then answers the checklist. */
  'POST /api/setup/refresh': { query: undefined; body: undefined; response: SetupState };
  'GET /api/setup/errors': { query: undefined; body: undefined; response: ItemList<IdpErrorInfo> };
  'GET /api/setup/okta-errors': { query: undefined; body: undefined; response: ItemList<IdpErrorInfo> };
  'GET /api/setup/entra-errors': { query: undefined; body: undefined; response: ItemList<IdpErrorInfo> };
  'GET /api/setup/group-names': { query: undefined; body: undefined; response: ItemList<GroupNameFlag> };
  'POST /api/setup/diagnose': { query: undefined; body: DiagnoseRequest; response: DiagnoseResult };
  'GET /api/identity-providers': { query: undefined; body: undefined; response: ItemList<IdentityProviderChoice> };
  'GET /api/tunnel': { query: undefined; body: undefined; response: TunnelStatus };
  'POST /api/tunnel': { query: undefined; body: TunnelStartRequest; response: TunnelStatus };
  'DELETE /api/tunnel': { query: undefined; body: undefined; response: TunnelStatus };
  'POST /api/tunnel/probe': { query: undefined; body: undefined; response: TunnelProbeResult };
  'POST /api/tunnel/acknowledge': { query: undefined; body: undefined; response: TunnelStatus };
  'GET /api/rehearsal': { query: undefined; body: undefined; response: RehearsalStatus };
  'POST /api/rehearsal': { query: undefined; body: RehearsalRequest; response: RehearsalStatus };
  'DELETE /api/rehearsal': { query: undefined; body: undefined; response: RehearsalRemoved };
  'GET /api/events': { query: EventFeedQuery; body: undefined; response: EventFeedPage };
  'GET /api/webhooks': { query: undefined; body: undefined; response: ItemList<WebhookInfo> };
  'POST /api/webhooks': { query: undefined; body: WebhookCreateRequest; response: WebhookCreated };
  'DELETE /api/webhooks/:id': { query: undefined; body: undefined; response: void };
  'GET /api/webhooks/:id/deliveries': { query: undefined; body: undefined; response: ItemList<WebhookDelivery> };
  'POST /api/webhooks/:id/deliveries/:deliveryId/retry': {
    query: undefined;
    body: undefined;
    response: WebhookRetryResult;
  };
  'POST /api/webhooks/:id/enable': { query: undefined; body: undefined; response: WebhookInfo };
  'GET /api/connections': { query: undefined; body: undefined; response: Connections };
  'POST /api/connections/refresh': { query: undefined; body: undefined; response: Connections };
  'PUT /api/connections/okta': { query: undefined; body: OktaConnectRequest; response: OktaConnectionInfo };
  'DELETE /api/connections/okta': { query: undefined; body: undefined; response: void };
  'GET /api/connections/okta/apps': { query: undefined; body: undefined; response: ItemList<OktaAppChoice> };
  'PUT /api/connections/okta/app': { query: undefined; body: OktaAppPick; response: OktaConnectionInfo };
  'PUT /api/connections/clumio': { query: undefined; body: ClumioConnectRequest; response: ClumioConnectionInfo };
  'DELETE /api/connections/clumio': { query: undefined; body: undefined; response: void };
  'GET /api/clumio/status': { query: undefined; body: undefined; response: ClumioAccountStatus };
  'GET /api/clumio/rules': { query: undefined; body: undefined; response: ClumioAccountList<Rule> };
  'GET /api/clumio/roles': { query: undefined; body: undefined; response: ClumioAccountList<ClumioAccountRole> };
  'GET /api/clumio/organizational-units': {
    query: undefined;
    body: undefined;
    response: ClumioAccountList<ClumioAccountOrganizationalUnit>;
  };
  'POST /api/clumio/rules/plan': { query: undefined; body: ClumioRulesRequest; response: ClumioRulesPlan };
  'POST /api/clumio/rules/apply': { query: undefined; body: ClumioRulesRequest; response: ClumioRulesApplied };
  'POST /api/clumio/rules/import-to-local': { query: undefined; body: undefined; response: ImportedFromClumio };
  'GET /api/clumio/auto-user-provisioning': {
    query: undefined;
    body: undefined;
    response: ClumioAutoUserProvisioningSetting;
  };
  'PUT /api/clumio/auto-user-provisioning': {
    query: undefined;
    body: ClumioAutoUserProvisioningSetting;
    response: ClumioAutoUserProvisioningSetting;
  };
}

export type AdminApiRoute = keyof AdminApi;

/** Every route of {@link AdminApi} as a value: what the server must mount, and nothing else. */
export const API_ENDPOINTS = [
  'GET /api/roles',
  'GET /api/organizational-units',
  'POST /api/organizational-units',
  'PUT /api/organizational-units/:id',
  'DELETE /api/organizational-units/:id',
  'GET /api/rules',
  'POST /api/rules',
  'GET /api/rules/:id',
  'PUT /api/rules/:id',
  'DELETE /api/rules/:id',
  'POST /api/rules/preview',
  'GET /api/rules/export',
  'POST /api/rules/import',
  'GET /api/rules/export/check',
  'GET /api/settings/auto-user-provisioning',
  'PUT /api/settings/auto-user-provisioning',
  'GET /api/admin-lockout',
  'GET /api/settings',
  'PUT /api/settings',
  'GET /api/users',
  'GET /api/users/:id',
  'GET /api/groups',
  'GET /api/groups/:id',
  'GET /api/activity',
  'GET /api/activity/stream',
  'GET /api/tokens',
  'POST /api/tokens',
  'DELETE /api/tokens/:id',
  'GET /api/status',
  'GET /api/setup',
  'POST /api/setup/steps/:id/confirm',
  'GET /api/setup/errors',
  'GET /api/setup/okta-errors',
  'GET /api/setup/entra-errors',
  'GET /api/setup/group-names',
  'POST /api/setup/diagnose',
  'POST /api/setup/refresh',
  'GET /api/identity-providers',
  'GET /api/tunnel',
  'POST /api/tunnel',
  'DELETE /api/tunnel',
  'POST /api/tunnel/probe',
  'POST /api/tunnel/acknowledge',
  'GET /api/rehearsal',
  'POST /api/rehearsal',
  'DELETE /api/rehearsal',
  'GET /api/events',
  'GET /api/webhooks',
  'POST /api/webhooks',
  'DELETE /api/webhooks/:id',
  'GET /api/webhooks/:id/deliveries',
  'POST /api/webhooks/:id/deliveries/:deliveryId/retry',
  'POST /api/webhooks/:id/enable',
  'GET /api/connections',
  'POST /api/connections/refresh',
  'PUT /api/connections/okta',
  'DELETE /api/connections/okta',
  'GET /api/connections/okta/apps',
  'PUT /api/connections/okta/app',
  'PUT /api/connections/clumio',
  'DELETE /api/connections/clumio',
  'GET /api/clumio/status',
  'GET /api/clumio/rules',
  'GET /api/clumio/roles',
  'GET /api/clumio/organizational-units',
  'POST /api/clumio/rules/plan',
  'POST /api/clumio/rules/apply',
  'POST /api/clumio/rules/import-to-local',
  'GET /api/clumio/auto-user-provisioning',
  'PUT /api/clumio/auto-user-provisioning',
] as const satisfies readonly AdminApiRoute[];

// Compile-time checks that the three views of the API agree: every AdminApi route is listed above, and its
// path is one of API_ROUTES (and every API_ROUTES path has a route).
type RoutePath<R> = R extends `${string} ${infer P}` ? P : never;
type Assert<T extends true> = T;
type _EveryRouteListed = Assert<
  [Exclude<AdminApiRoute, (typeof API_ENDPOINTS)[number]>] extends [never] ? true : false
>;
type _EveryPathNamed = Assert<
  [Exclude<RoutePath<AdminApiRoute>, (typeof API_ROUTES)[ApiRouteName]>] extends [never] ? true : false
>;
type _EveryNameRouted = Assert<
  [Exclude<(typeof API_ROUTES)[ApiRouteName], RoutePath<AdminApiRoute>>] extends [never] ? true : false
>;
