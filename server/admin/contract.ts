/**
 * The admin REST API (`/api/*` on the admin listener): the one typed source of truth shared by the server
 * (server/admin implements it) and the renderer (renderer/src/api imports it). Types and route constants
 * only; this file imports nothing, so the renderer can compile it without Node types.
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

// ---------------------------------------------------------------------------------------------------------
// Routes

/** Path patterns in Express 5 syntax (`:id`). Build concrete paths with {@link apiPath}. */
export const API_ROUTES = {
  roles: '/api/roles',
  organizationalUnits: '/api/organizational-units',
  organizationalUnit: '/api/organizational-units/:id',
  rules: '/api/rules',
  rulesPreview: '/api/rules/preview',
  rulesExport: '/api/rules/export',
  rulesImport: '/api/rules/import',
  rule: '/api/rules/:id',
  autoUserProvisioning: '/api/settings/auto-user-provisioning',
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
  setupDiagnose: '/api/setup/diagnose',
  setupOktaErrors: '/api/setup/okta-errors',
  setupEntraErrors: '/api/setup/entra-errors',
  setupGroupNames: '/api/setup/group-names',
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
} as const;

export type ApiRouteName = keyof typeof API_ROUTES;

/** Fills `:id`, `:deliveryId`, … in a route pattern (URI-encoded); a parameter not given stays as it is. */
export function apiPath(pattern: string, params: Record<string, string | undefined> = {}): string {
  return pattern.replace(/:([A-Za-z]+)/g, (whole, name: string) => (params[name] === undefined ? whole : encodeURIComponent(params[name])));
}

/** Query parameter carrying the admin token in the login URL printed by `serve` (`/?token=...`). */
export const LOGIN_TOKEN_PARAM = 'token';
/** Query parameter carrying the admin token on `GET /api/activity/stream` only (EventSource sends no headers). */
export const STREAM_TOKEN_PARAM = 'access_token';
/** SSE event name of one {@link ActivityEvent} on the stream; `data:` is the event's JSON, `id:` its `id`. */
export const ACTIVITY_SSE_EVENT = 'activity';

/** Fixed ids from Clumio's public API (DESIGN §3). */
export const SUPER_ADMIN_ROLE_ID = '00000000-0000-0000-0000-000000000000';
export const GLOBAL_OU_ID = '00000000-0000-0000-0000-000000000000';

// ---------------------------------------------------------------------------------------------------------
// Errors

/** Every non-2xx answer (except 204-less transport failures) has this body. */
export interface ApiErrorBody {
  error: ApiError;
}

/** A discriminated union on `code`; `message` is a plain sentence the UI may show as is. */
export type ApiError =
  | { code: 'unauthorized'; message: string; details?: undefined } // 401
  | { code: 'too_many_attempts'; message: string; details?: undefined } // 429 wrong admin tokens, Retry-After
  | { code: 'misdirected_request'; message: string; details?: undefined } // 421 foreign Host header
  | { code: 'not_found'; message: string; details?: undefined } // 404
  | { code: 'invalid_query'; message: string; details?: FieldIssues } // 400
  | { code: 'invalid_body'; message: string; details?: FieldIssues } // 400 malformed JSON or wrong shape
  | { code: 'invalid_rule'; message: string; details: FieldIssues } // 400 rule validation (duplicate name included)
  | { code: 'invalid_organizational_unit'; message: string; details?: FieldIssues } // 400 name, duplicate, cycle, Global OU
  | { code: 'organizational_unit_in_use'; message: string; details: { rules: RuleRef[] } } // 409 delete refused
  | { code: 'organizational_unit_has_children'; message: string; details: { child_ids: string[] } } // 409
  | { code: 'guard_refused'; message: string; details: GuardRefusal } // 409 lockout guard (DESIGN §3)
  | { code: 'rehearsal_running'; message: string; details?: undefined } // 409 a rehearsal is already running
  | { code: 'not_running'; message: string; details?: undefined } // 409 needs a running server (webhook retry offline)
  | { code: 'tunnel_failed'; message: string; details?: undefined } // 502 the tunnel provider could not start
  | { code: 'payload_too_large'; message: string; details?: undefined } // 413
  | { code: 'internal'; message: string; details?: undefined }; // 500

export type ApiErrorCode = ApiError['code'];

/** Validation problems, one per offending field. `field` is a dotted path such as `provision.role_id`. */
export interface FieldIssues {
  issues: FieldIssue[];
}
export interface FieldIssue {
  field: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------------------
// Shared shapes

export interface Page<T> {
  items: T[];
  /** Items matching the query (all pages). */
  total: number;
  offset: number;
  limit: number;
}

/** Plain list without paging (small collections: roles, OUs, rules, tokens). */
export interface ItemList<T> {
  items: T[];
}

/** A SCIM resource as the SCIM endpoint would serve it (RFC 7643), never with a password. */
export interface ScimResource {
  schemas: string[];
  id: string;
  externalId?: string;
  meta: { resourceType: 'User' | 'Group'; created: string; lastModified: string; location: string; version: string };
  [attribute: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------
// Roles and organizational units (Clumio field names)

/** `GET /api/roles` → `ItemList<Role>`, most privileged first (the order used to resolve conflicts). */
export interface Role {
  id: string;
  name: string;
  description: string;
}

/** The Global OU has `parent_id: null`; every other OU has a parent. Names are unique. */
export interface OrganizationalUnit {
  id: string;
  name: string;
  parent_id: string | null;
  description: string;
}

/** `POST /api/organizational-units` → 201 OrganizationalUnit. `parent_id` defaults to the Global OU. */
export interface OrganizationalUnitInput {
  name: string;
  parent_id?: string;
  description?: string;
}

/** `PUT /api/organizational-units/:id` → 200 OrganizationalUnit: rename, move (new `parent_id`) or
 * describe; absent fields keep their value. The Global OU cannot be moved or deleted. `DELETE` answers 204,
 * or 409 `organizational_unit_in_use` naming the rules, `organizational_unit_has_children`, or
 * `guard_refused`. Unknown id: 404. */
export type OrganizationalUnitUpdate = Partial<OrganizationalUnitInput>;

// ---------------------------------------------------------------------------------------------------------
// Rules (Clumio wire format)

/**
 * The body of `POST /api/rules` and `PUT /api/rules/:id`, and one element of an export file: exactly what
 * Clumio's create-rule API takes. `condition` is a STRING holding JSON over `user.groups`, in one of six
 * forms ("Clumio-style, not Clumio-verified" matching: see server/rules/condition.ts):
 * - `{"user.groups":{"$eq":"A"}}` "This group"; `{"user.groups":{"$in":["A","B"]}}` "ANY of these groups";
 *   `{"user.groups":{"$all":["A","B"]}}` "ALL of these groups";
 * - `{"user.groups":{"$contains":{"$in":["k"]}}}` "Group CONTAINS this keyword" (one keyword),
 *   the same with several keywords "... ANY of these keywords", and
 *   `{"user.groups":{"$contains":{"$all":["k","l"]}}}` "... ALL of these keywords".
 * A PUT body may repeat the rule's own `rule_id` (as GET returned it); any other extra field is a 400.
 */
export interface RuleInput {
  name: string;
  condition: string;
  provision: RuleProvision;
}
export interface RuleProvision {
  role_id: string;
  organizational_unit_ids: string[];
}

/** A stored rule: `GET /api/rules/:id`, and the answer to POST (201) and PUT (200). DELETE answers 204. */
export interface Rule extends RuleInput {
  rule_id: string;
}

/** One row of `GET /api/rules` → `ItemList<RuleListItem>` (sorted by name). */
export interface RuleListItem extends Rule {
  /** Active users this rule currently grants access to (whether or not another rule also does). */
  user_count: number;
}

export interface RuleRef {
  /** null for a rule of a proposed set that is not stored yet. */
  rule_id: string | null;
  name: string;
}

/** `GET /api/rules/export` (a download, `Content-Disposition: attachment`) and the body of
 * `POST /api/rules/import`: each element is a valid body for Clumio's create-rule API. */
export interface RulesFile {
  rules: RuleInput[];
}

/**
 * `POST /api/rules/import?dryRun=true|false` with a {@link RulesFile}: the file REPLACES the whole rule set;
 * rules are matched to stored ones by name. `dryRun=true` (the default) stores nothing. Invalid rules answer
 * 400 `invalid_rule` with issues whose `field` is prefixed `rules[i].`; a set that breaks the guard while
 * auto user provisioning is on answers 409 `guard_refused` (even for a dry run, so the UI learns it first).
 */
export interface RulesImportResult {
  dry_run: boolean;
  applied: boolean;
  created: string[]; // rule names
  updated: string[];
  deleted: string[];
  unchanged: string[];
  preview: RulesPreview;
}

// ---------------------------------------------------------------------------------------------------------
// Access and its explanation

/** One grant: a role on one OU, with every rule (and group) that gives it. */
export interface AccessGrant {
  role_id: string;
  organizational_unit_id: string;
  rules: AccessReason[];
}
export interface AccessReason {
  rule_id: string | null; // null only in previews of unsaved rules
  name: string;
  /** The user's group through which the rule matched (the first, for ALL-forms). */
  via_group: string;
  /** Every user group the condition used (several for the ALL-forms). */
  via_groups: string[];
}

/** Two or more matching rules give different roles on one OU: the most privileged role wins. */
export interface AccessConflict {
  organizational_unit_id: string;
  chosen_role_id: string;
  candidates: { role_id: string; rules: RuleRef[] }[];
}

// ---------------------------------------------------------------------------------------------------------
// Preview and guard

/**
 * `POST /api/rules/preview`: the complete proposed rule set. Rules that carry a `rule_id` are edits of the
 * stored rule with that id; rules without one are new; stored rules missing from the set are deletions.
 * Invalid rules answer 400 `invalid_rule` (fields prefixed `rules[i].`). Nothing is stored.
 */
export interface RulesPreviewRequest {
  rules: (RuleInput & { rule_id?: string })[];
  /** true: preview turning auto user provisioning on with this set. "Before" is then no rule-based access
   * at all (so every grant is gained), and the guard is checked as `PUT is_enabled=true` would check it. */
  enabling?: boolean;
}

export interface RulesPreview {
  /** Users whose access changes, sorted by user_name. */
  users: UserAccessDiff[];
  /** Conflicts in the proposed set (after the change), per user. */
  conflicts: UserAccessConflict[];
  warnings: RuleWarning[];
  totals: {
    users_evaluated: number; // active users
    users_gaining: number;
    users_losing: number;
    users_with_access_after: number;
    users_without_access_after: number; // active users matching no rule
  };
  /** What the lockout guard says about the proposed set (computed even while disabled). */
  guard: GuardState;
}

export interface UserAccessDiff {
  user_id: string;
  user_name: string;
  display_name: string | null;
  gained: AccessGrant[];
  lost: AccessGrant[];
  /** Same OU, different role (also listed in gained/lost). */
  role_changes: { organizational_unit_id: string; from_role_id: string; to_role_id: string }[];
  /** Had some access before and none after. */
  left_without_access: boolean;
}

export interface UserAccessConflict extends AccessConflict {
  user_id: string;
  user_name: string;
}

/** Problems with group names and keywords in conditions; they never block saving. */
export type RuleWarning =
  | { kind: 'unknown_group'; rule: RuleRef; value: string; message: string }
  | { kind: 'near_miss'; rule: RuleRef; value: string; suggestion: string; message: string } // case/spacing
  | { kind: 'keyword_matches_nothing'; rule: RuleRef; value: string; message: string }
  | { kind: 'generated_group_name'; rule: RuleRef; value: string; message: string } // a group named like a UUID (issue 12)
  | { kind: 'matches_no_user'; rule: RuleRef; message: string }
  | { kind: 'current_admin_unknown'; value: string; message: string };

export interface GuardState {
  /** true while auto user provisioning is on (the guard then refuses changes that fail it). */
  enforced: boolean;
  verdict: GuardVerdict;
}
export type GuardVerdict = { allowed: true } | ({ allowed: false } & GuardRefusal);

/** Why the guard refuses (DESIGN §3), with the rules involved. The 409 body's `details`. */
export interface GuardRefusal {
  reason:
    | 'no_super_admin_rule' // no rule gives Super Admin on the Global OU
    | 'current_admin_not_set' // settings.current_admin is empty
    | 'current_admin_unknown' // no user with that userName has been provisioned
    | 'current_admin_inactive'
    | 'current_admin_loses_super_admin'; // the admin would not keep Super Admin on the Global OU
  /** A plain sentence, e.g. "alice@example.com would lose Super Admin on the Global OU: rule 'Admins' is deleted." */
  message: string;
  rules: RuleRef[];
  current_admin: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// Settings

/** `GET, PUT /api/settings/auto-user-provisioning` (Clumio's shape). PUT `{ is_enabled: true }` answers 409
 * `guard_refused` when the guard refuses; disabling is always allowed. */
export interface AutoUserProvisioningSetting {
  is_enabled: boolean;
}

export type ProvisioningMethod = 'scim' | 'saml' | 'none';

/** The wizard's setup profile: which identity provider provisions into SCIM Desk. */
export type IdentityProvider = 'okta' | 'entra';

/** `GET /api/settings` → Settings; `PUT /api/settings` takes a {@link SettingsUpdate} and answers the new
 * Settings, or 409 `guard_refused` (changing current_admin while auto user provisioning is on). */
export interface Settings {
  /** The admin's own Okta userName (the account that must keep Super Admin on the Global OU). */
  current_admin: string | null;
  provisioning_method: ProvisioningMethod;
  /** Default `okta`. Switching keeps all data; `GET /api/setup` then answers that profile's steps. */
  identity_provider: IdentityProvider;
}
export type SettingsUpdate = Partial<Settings>;

// ---------------------------------------------------------------------------------------------------------
// Directory

/**
 * `GET /api/users` → `Page<UserListItem>`, in creation order. Search and filters combine (AND).
 * Defaults: offset 0, limit 50; limit at most 500.
 */
export interface UsersQuery {
  /** Case-insensitive substring of userName, displayName, given/family name or an email. */
  q?: string;
  offset?: number;
  limit?: number;
  active?: boolean;
  /** `any`: has some access; `none`: has no access. */
  access?: 'any' | 'none';
  /** Member of this group (group id). */
  group?: string;
}

export interface UserListItem {
  id: string;
  userName: string;
  displayName: string | null;
  email: string | null; // the primary (or first) email
  active: boolean;
  groupCount: number;
  access: AccessGrant[];
}

export interface GroupRef {
  id: string;
  displayName: string;
}

/** `GET /api/users/:id`. `user` is the SCIM resource (enterprise extension included; never a password). */
export interface UserDetail {
  user: ScimResource;
  groups: GroupRef[];
  access: AccessGrant[];
  conflicts: AccessConflict[];
}

/** `GET /api/groups` → `Page<GroupListItem>` (sorted by displayName). Defaults: offset 0, limit 50, max 500. */
export interface GroupsQuery {
  /** Case-insensitive substring of displayName. */
  q?: string;
  offset?: number;
  limit?: number;
}

export interface GroupListItem {
  id: string;
  displayName: string;
  externalId: string | null;
  memberCount: number;
}

/** `GET /api/groups/:id`. `group` is the SCIM resource without `members`; `members` lists the first 1000. */
export interface GroupDetail {
  group: ScimResource;
  memberCount: number;
  members: { id: string; userName: string; displayName: string | null; active: boolean }[];
}

// ---------------------------------------------------------------------------------------------------------
// Activity

export type ActivityKind = 'scim_request' | 'access_change' | 'admin_change';
export type ActivityStatus = 'ok' | 'failed';
export type ActivityResourceType = 'User' | 'Group' | 'Rule' | 'OrganizationalUnit' | 'Token' | 'Setting' | 'Webhook';

/**
 * `GET /api/activity` → `ActivityPage`, newest first. Paging walks back with `before` (an event id);
 * `limit` defaults to 100, at most 1000.
 */
export interface ActivityQuery {
  /** Case-insensitive text anywhere in the event, bodies included. */
  q?: string;
  kind?: ActivityKind;
  status?: ActivityStatus;
  /** Events about this resource type. */
  resource?: ActivityResourceType;
  /** Events about this resource id. */
  resourceId?: string;
  /** Only events older than this event id. */
  before?: string;
  limit?: number;
}

export interface ActivityPage {
  items: ActivityEvent[];
  /** Pass as `before` to get the next (older) page; null when there is none. */
  nextBefore: string | null;
}

interface ActivityBase {
  /** Time-sortable: plain string comparison orders events (also the SSE `id:` and the paging cursor). */
  id: string;
  at: string;
  status: ActivityStatus;
  /** One line for lists, e.g. "POST /Users 201 created alice@example.com". */
  summary: string;
  resource: { type: ActivityResourceType; id: string | null; name: string | null } | null;
}

/** A request that arrived at the SCIM listener. Bodies are redacted: passwords and tokens are replaced by
 * "[redacted]", and bodies over 64 KiB are truncated. */
export interface ScimRequestEvent extends ActivityBase {
  kind: 'scim_request';
  request: {
    method: string;
    /** Path relative to the SCIM base, with the query string, e.g. `/Users?filter=...`. */
    path: string;
    userAgent: string | null;
    remoteAddress: string | null;
    /** The SCIM token that authenticated it; null when authentication failed. */
    token: { id: string; label: string } | null;
    body: unknown;
  };
  response: {
    status: number;
    durationMs: number;
    scimType: string | null;
    body: unknown;
  };
  /** For failures: what it means and what to do, in plain words (e.g. the missing `Bearer` fix). */
  hint: string | null;
}

/** One change of one user's access, written by the rules engine. */
export interface AccessChangeEvent extends ActivityBase {
  kind: 'access_change';
  user: { id: string; userName: string };
  change: 'gained' | 'lost';
  role_id: string;
  organizational_unit_id: string;
  /** Why (the rules and groups that gave it; for `lost`, the ones that used to). */
  rules: AccessReason[];
}

/** A change made through the admin API (rule saved, OU moved, token created or revoked, setting changed). */
export interface AdminChangeEvent extends ActivityBase {
  kind: 'admin_change';
  action: string; // e.g. `rule.created`, `token.revoked`, `auto_user_provisioning.enabled`
  /** A refused change is logged with status `failed` and the refusal's message here. */
  detail: string | null;
}

export type ActivityEvent = ScimRequestEvent | AccessChangeEvent | AdminChangeEvent;

// ---------------------------------------------------------------------------------------------------------
// SCIM tokens

/** `GET /api/tokens` → `ItemList<TokenInfo>` (newest first). `DELETE /api/tokens/:id` revokes: 204. */
export interface TokenInfo {
  id: string;
  label: string;
  /** The secret's recognisable start (e.g. `scimdesk_ab12`), so the admin can tell tokens apart. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  lastUsedBy: string | null; // user agent of the last authenticated request
  expired: boolean;
}

/** `POST /api/tokens` body. */
export interface TokenCreateRequest {
  label: string;
  /** null: never expires. Must be in the future. */
  expiresAt: string | null;
}

/** `POST /api/tokens` → 201. The only time the secret is ever sent; it is stored as a hash. */
export interface TokenCreated {
  token: TokenInfo;
  secret: string;
}

// ---------------------------------------------------------------------------------------------------------
// Status and setup

/** `GET /api/status`: the endpoint as the admin needs to see it. */
export interface EndpointStatus {
  version: string;
  /** Local SCIM base URL, e.g. `http://127.0.0.1:8080/scim/v2`. */
  scimUrl: string;
  /** The public HTTPS base URL Okta uses (tunnel or the admin's own), when known. */
  publicScimUrl: string | null;
  running: boolean;
  startedAt: string;
  dataDir: string;
  autoUserProvisioning: boolean;
  counts: { users: number; activeUsers: number; groups: number; rules: number; tokens: number };
}

export type SetupStepState = 'todo' | 'waiting' | 'done' | 'failed' | 'confirmed';

/** `GET /api/setup` → SetupState: the wizard's steps in order (DESIGN §7, issue 5), for the profile of
 * `identity_provider` (issue 12). */
export interface SetupState {
  identityProvider: IdentityProvider;
  /** false until the admin picked a profile (the console asks on first run; `okta` meanwhile). */
  identityProviderChosen: boolean;
  steps: SetupStep[];
  /** Where setups commonly go wrong, as observed in the traffic (never blocking). */
  warnings: SetupWarning[];
  /** What SCIM Desk noticed about the identity provider's traffic that is not a problem (e.g. Entra's PATCH dialect). */
  notes: SetupNote[];
  /** Every step is done or confirmed. */
  complete: boolean;
}
/** How a step is settled: by the SCIM traffic that arrived, by SCIM Desk's own state (tokens, rules,
 * settings, tunnel probe), or only by the admin's confirmation (nothing observable). */
export type SetupCheck = 'traffic' | 'state' | 'confirmation';
export interface SetupStep {
  id: SetupStepId;
  title: string;
  state: SetupStepState;
  check: SetupCheck;
  /** The admin may confirm this step (`POST /api/setup/steps/:id/confirm`) when traffic cannot show it. */
  confirmable: boolean;
  /** What settled the state: which request, when, from which user agent. null while nothing has. */
  evidence: SetupEvidence | null;
  /** What to do when the step failed or is still open; null when there is nothing to do. */
  fix: string | null;
}
export interface SetupEvidence {
  summary: string;
  at: string | null;
  activityId: string | null;
  userAgent: string | null;
}

/** The wizard's steps (DESIGN §7). The Okta profile has the shared ones and Okta's; the Entra profile has
 * the shared ones and the `entra-*` ones (docs/entra.md). */
export type SetupStepId =
  | 'endpoint'
  | 'token'
  | 'username-format'
  | 'connector-test'
  | 'create-users'
  | 'update-users'
  | 'deactivate-users'
  | 'sync-password-off'
  | 'push-groups'
  | 'admin-account'
  | 'super-admin-rule'
  | 'provisioning-method'
  | 'enable-auto-provisioning'
  | 'entra-create-app'
  | 'entra-credentials'
  | 'entra-test-connection'
  | 'entra-assignment'
  | 'entra-attribute-mapping'
  | 'entra-provision-on-demand'
  | 'entra-start-provisioning'
  | 'entra-first-cycle'
  | 'entra-deactivation';

export interface SetupWarning {
  id:
    | 'sync-password-on'
    | 'group-used-for-assignment'
    | 'group-name-exists'
    | 'public-url-changed'
    | 'not-https'
    /** Group displayNames that look like UUIDs or mail nicknames (Clumio: remove the mailNickname mapping). */
    | 'group-name-generated'
    /** Entra profile: userNames that are not e-mail addresses. */
    | 'username-not-email';
  message: string;
  fix: string;
  evidence: SetupEvidence | null;
}

export interface SetupNote {
  id: 'entra-patch-dialect' | 'entra-cycle-interval';
  message: string;
  evidence: SetupEvidence | null;
}

/** A group whose displayName looks generated (`GET /api/setup/group-names` → `ItemList<GroupNameFlag>`),
 * flagged before any rule is written against it. `mail-nickname` is flagged in the Entra profile only. */
export interface GroupNameFlag {
  id: string;
  displayName: string;
  reason: 'uuid' | 'mail-nickname';
  message: string;
}

/** `POST /api/setup/steps/:id/confirm` body (default `{ confirmed: true }`); `confirmed: false` withdraws it.
 * Answers the new SetupState. Steps that are not confirmable answer 400 `invalid_body`. */
export interface SetupConfirmRequest {
  confirmed?: boolean;
}

/** One error text an identity provider shows: `GET /api/setup/okta-errors` and `GET /api/setup/entra-errors`
 * → `ItemList<IdpErrorInfo>` (docs/setup-wizard.md and docs/entra.md cite each one's source). */
export interface IdpErrorInfo {
  id: string;
  idp: IdentityProvider;
  /** The message (or provisioning-log error code) as the identity provider shows it: the pick list label. */
  title: string;
  cause: string;
  fix: string;
  /** The public page that documents or reports this text. */
  source: string;
  /** What SCIM Desk saw in the traffic that bears on it (e.g. the newest refused token); null when nothing does. */
  seen: string | null;
}
export type OktaErrorInfo = IdpErrorInfo;
/** `POST /api/setup/diagnose` `{ text }` (pasted from Okta or Entra) → matches, best first (empty when none);
 * the current profile's catalogue first. */
export interface DiagnoseRequest {
  text: string;
}
export interface DiagnoseResult {
  matches: IdpErrorInfo[];
}

// ---------------------------------------------------------------------------------------------------------
// Reaching the endpoint: tunnels and the self-probe

export type TunnelProvider = 'localtunnel' | 'cloudflared' | 'ngrok' | 'custom';

/** `POST /api/tunnel` body: start a provider (stopping the current one), or record the admin's own URL.
 * `url` is required for `custom` (the public base URL, with or without `/scim/v2`); `host` is the
 * localtunnel server (default https://localtunnel.me). Answers TunnelStatus. `DELETE /api/tunnel` stops it. */
export interface TunnelStartRequest {
  provider: TunnelProvider;
  url?: string;
  host?: string;
}

export type TunnelPhase = 'off' | 'starting' | 'running' | 'reconnecting' | 'failed';

/** `GET /api/tunnel`. */
export interface TunnelStatus {
  provider: TunnelProvider | null;
  phase: TunnelPhase;
  /** Public origin, e.g. `https://abc.loca.lt`; null until known. */
  publicUrl: string | null;
  /** `<publicUrl>/scim/v2`: what to paste into Okta as the base URL. */
  publicScimUrl: string | null;
  /** Providers whose executable was found on PATH (localtunnel and custom are always available). */
  available: TunnelProvider[];
  /** The public SCIM URL last given to Okta (acknowledged by the admin or first shown). */
  oktaBaseUrl: string | null;
  /** The public URL changed since it was given to Okta: Okta's base URL must be updated. */
  urlChanged: boolean;
  /** The last failure (provider exit, connection error), in plain words. */
  error: string | null;
  probe: TunnelProbeResult | null;
}

/** `POST /api/tunnel/probe` → the self-probe over the public URL (also kept in TunnelStatus.probe). */
export interface TunnelProbeResult {
  outcome: 'ok' | 'not-https' | 'unreachable' | 'someone-else' | 'no-public-url';
  /** ok and not-https: the request came back to this endpoint. */
  reachedThisEndpoint: boolean;
  url: string | null;
  status: number | null;
  message: string;
  at: string;
}

/** `POST /api/tunnel/acknowledge`: "I pasted the current public URL into Okta" (clears `urlChanged`). */

// ---------------------------------------------------------------------------------------------------------
// Okta rehearsal (demo mode)

/** The PATCH dialect of Entra's provisioning job: the default one, or the RFC-compliant one the Tenant URL
 * flag `?aadOptscim062020` selects. */
export type EntraDialect = 'default' | 'aadOptscim062020';

/** `POST /api/rehearsal` body → 202 RehearsalStatus; 409 `rehearsal_running` while one runs. */
export interface RehearsalRequest {
  /** Which identity provider to play (default: the current profile). */
  idp?: IdentityProvider;
  /** Entra only (default `default`). */
  entraDialect?: EntraDialect;
  /** Users to assign (2-50, default 5). */
  users?: number;
  /** Groups to push (1-8, default 3); the first is the admin group "Clumio Admins". */
  groups?: number;
  /** The admin's own userName: created if missing and pushed in the admin group. */
  admin?: string;
  /** No pause between requests (default: 300-600 ms, a pace the admin can watch). */
  fast?: boolean;
}

/** `GET /api/rehearsal`. `DELETE /api/rehearsal` removes rehearsal users and groups → RehearsalRemoved. */
export interface RehearsalStatus {
  phase: 'idle' | 'running' | 'finished' | 'failed';
  /** What the current or last run played; null before the first. */
  idp: IdentityProvider | null;
  entraDialect: EntraDialect | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Requests sent so far, and the plan's total. */
  requestsSent: number;
  requestsPlanned: number;
  /** The current or last step, e.g. "Group push: Backup Team". */
  step: string | null;
  error: string | null;
  /** Users and groups in the directory created by rehearsal tokens. */
  data: { users: number; groups: number };
}

export interface RehearsalRemoved {
  users: number;
  groups: number;
}

// ---------------------------------------------------------------------------------------------------------
// The whole API as one map (for typed clients and handlers)

/** Every route: `'METHOD /path'` → its query, body and success response. `void` = 204 No Content. */
export interface AdminApi {
  'GET /api/roles': { query: undefined; body: undefined; response: ItemList<Role> };
  'GET /api/organizational-units': { query: undefined; body: undefined; response: ItemList<OrganizationalUnit> };
  'POST /api/organizational-units': { query: undefined; body: OrganizationalUnitInput; response: OrganizationalUnit };
  'PUT /api/organizational-units/:id': { query: undefined; body: OrganizationalUnitUpdate; response: OrganizationalUnit };
  'DELETE /api/organizational-units/:id': { query: undefined; body: undefined; response: void };
  'GET /api/rules': { query: undefined; body: undefined; response: ItemList<RuleListItem> };
  'POST /api/rules': { query: undefined; body: RuleInput; response: Rule };
  'GET /api/rules/:id': { query: undefined; body: undefined; response: Rule };
  'PUT /api/rules/:id': { query: undefined; body: RuleInput; response: Rule };
  'DELETE /api/rules/:id': { query: undefined; body: undefined; response: void };
  'POST /api/rules/preview': { query: undefined; body: RulesPreviewRequest; response: RulesPreview };
  'GET /api/rules/export': { query: undefined; body: undefined; response: RulesFile };
  'POST /api/rules/import': { query: { dryRun?: boolean }; body: RulesFile; response: RulesImportResult };
  'GET /api/settings/auto-user-provisioning': { query: undefined; body: undefined; response: AutoUserProvisioningSetting };
  'PUT /api/settings/auto-user-provisioning': { query: undefined; body: AutoUserProvisioningSetting; response: AutoUserProvisioningSetting };
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
  'GET /api/setup/okta-errors': { query: undefined; body: undefined; response: ItemList<IdpErrorInfo> };
  'GET /api/setup/entra-errors': { query: undefined; body: undefined; response: ItemList<IdpErrorInfo> };
  'GET /api/setup/group-names': { query: undefined; body: undefined; response: ItemList<GroupNameFlag> };
  'POST /api/setup/diagnose': { query: undefined; body: DiagnoseRequest; response: DiagnoseResult };
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
  'POST /api/webhooks/:id/deliveries/:deliveryId/retry': { query: undefined; body: undefined; response: WebhookRetryResult };
  'POST /api/webhooks/:id/enable': { query: undefined; body: undefined; response: WebhookInfo };
}

export type AdminApiRoute = keyof AdminApi;

// ---------------------------------------------------------------------------------------------------------
// Change feed and webhooks (issue 11, docs/events.md)

/** One event of the feed, as the feed and the webhooks publish it. */
export interface ChangeEvent {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** `GET /api/events?after=CURSOR&limit=N` (limit 1-1000, default 100; no `after`: from the oldest retained). */
export interface EventFeedQuery {
  after?: string;
  limit?: number;
}
/** `next` is the cursor to pass as `after` to get what follows (the same one when nothing new arrived). */
export interface EventFeedPage {
  events: ChangeEvent[];
  next: string;
}

export interface WebhookCreateRequest {
  url: string;
  /** Type names and `prefix.*` wildcards (default: every event). */
  events?: string[];
}

export type WebhookStatus = 'active' | 'failing' | 'disabled';

export interface WebhookDelivery {
  id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  at: string;
  succeeded: boolean;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  response_excerpt: string;
}

export interface WebhookInfo {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  status: WebhookStatus;
  /** Why it was disabled, when it is. */
  disabledReason: string | null;
  lastDelivery: WebhookDelivery | null;
  /** Events it is owed and has not received yet. */
  backlog: number;
}

/** `POST /api/webhooks` → 201: the only answer that carries the signing secret. */
export interface WebhookCreated extends WebhookInfo {
  secret: string;
}

/** `retrying`: the event was still owed and is tried now; `resent`: an already delivered event sent again. */
export interface WebhookRetryResult {
  outcome: 'retrying' | 'resent';
}
