import type { AuthFailureReason } from '../auth/auth-result.js';

/** What an admin change or an access change is about (the admin API's activity filter `resource`). */
export type ActivityResourceType = 'User' | 'Group' | 'Rule' | 'OrganizationalUnit' | 'Token' | 'Setting' | 'Webhook';

/** What a SCIM request addressed, read from its path. */
export type ScimResourceType = 'User' | 'Group' | 'ServiceProviderConfig' | 'ResourceType' | 'Schema' | 'Bulk' | 'Me';

/**
 * Facts about a SCIM request's shape, derived once when it is logged (from the unredacted body) and stored
 * with the entry, so the wizard's checks work after a restart without re-reading bodies. Outcome is
 * separate: combine with `status` and `authFailure`.
 */
export type ScimSignal =
  | 'connector-test' // Okta "Test API Credentials": GET /Users?startIndex=1&count=2
  | 'user-lookup' // GET /Users?filter=userName eq "..."
  | 'user-list'
  | 'user-create'
  | 'user-update' // PUT or PATCH /Users/{id}
  | 'user-deactivate' // active set to false (pathless PATCH, path "active", or PUT)
  | 'user-reactivate' // PATCH setting active to true
  | 'user-delete'
  | 'group-list'
  | 'group-create'
  | 'group-update'
  | 'membership-change' // members added, removed or replaced (PATCH, PUT, or POST with members)
  | 'group-delete'
  | 'password-sent' // a password attribute in the body (Okta "Sync Password" on): redacted, flagged
  | 'unknown-path' // not a SCIM endpoint we serve (wrong base URL)
  // Shapes the Microsoft Entra provisioning service sends (docs/entra.md):
  | 'guid-probe' // GET /Users or /Groups?filter=<attr> eq "<random GUID>" finding nothing: Test Connection, cycle start
  | 'external-id-lookup' // GET /Users?filter=externalId eq ...
  | 'group-lookup' // GET /Groups?filter=displayName eq ... (or externalId eq ...)
  | 'member-add' // a group PATCH adding members
  | 'member-remove' // a group PATCH removing members (filtered path or a value list)
  | 'patch-capitalised-ops' // PATCH op names "Add"/"Replace"/"Remove": Entra's default job
  | 'patch-lowercase-ops' // every PATCH op name in lower case (RFC 7644; Entra with aadOptscim062020, Okta)
  | 'active-as-string'; // active sent as "True"/"False" (Entra's default job)

export interface ScimActivity {
  kind: 'scim';
  id: string;
  time: string; // ISO 8601
  method: string;
  /** The URL path as received, e.g. `/scim/v2/Users/2819c223`. */
  path: string;
  /** The raw query string without `?` (redacted), e.g. `startIndex=1&count=2`. */
  query: string;
  status: number;
  durationMs: number;
  tokenId: string | null;
  tokenLabel: string | null;
  userAgent: string | null;
  clientIp: string | null;
  resourceType?: ScimResourceType;
  resourceId?: string;
  /** userName or displayName of the resource, when the request or response names it. */
  resourceName?: string;
  authFailure?: AuthFailureReason;
  /** The explanation and fix that came with an authentication failure. */
  authHint?: string;
  signals: ScimSignal[];
  requestBody?: unknown;
  responseBody?: unknown;
}

/** A user gained or lost one (role, organizational unit) access through the rules. */
export interface AccessActivity {
  kind: 'access';
  id: string;
  time: string;
  user_id: string;
  userName: string;
  change: 'gained' | 'lost';
  role_id: string;
  organizational_unit_id: string;
  rule_id?: string;
  rule_name?: string;
  via_group?: string;
  message: string;
}

/** Something the admin did: rule saved, auto provisioning enabled, token created, rehearsal removed... */
export interface AdminActivity {
  kind: 'admin';
  id: string;
  time: string;
  action: string;
  message: string;
  detail?: unknown;
}

export type ActivityEntry = ScimActivity | AccessActivity | AdminActivity;
export type ActivityKind = ActivityEntry['kind'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What callers append: the log assigns id and time, derives signals, and fills resource fields from the
 * path when they are not given. */
export type ActivityInput =
  | (Omit<ScimActivity, 'id' | 'time' | 'signals' | 'resourceType' | 'resourceId' | 'resourceName'> &
      Partial<Pick<ScimActivity, 'resourceType' | 'resourceId' | 'resourceName'>> &
      ScimBodyTexts)
  | DistributiveOmit<AccessActivity | AdminActivity, 'id' | 'time'>;

/** The bodies as the JSON text the caller already has (request as received, response as sent). When given,
 * the log redacts and stores this text instead of serializing `requestBody`/`responseBody` again; the
 * parsed values are still read for the entry's signals and resource name. */
export interface ScimBodyTexts {
  requestJson?: string;
  responseJson?: string;
}

/** Where activity lines go: the ActivityLog, or anything that takes lines the same way. */
export interface ActivitySink {
  append(input: ActivityInput): unknown;
}
