/** The activity log as the admin API serves it (`/api/activity` and its SSE stream). */
import type { AccessReason } from '../../access/access-types.js';
import type { ActivityResourceType } from '../../activity/types.js';

export type { ActivityResourceType };

export type ActivityKind = 'scim_request' | 'access_change' | 'admin_change';
export type ActivityStatus = 'ok' | 'failed';

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
