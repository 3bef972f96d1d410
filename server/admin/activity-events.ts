/**
 * Activity log entries (server/activity) as the admin API's ActivityEvents (contract.ts), and the API's
 * activity filters applied to them.
 */
import type { AccessActivity, ActivityEntry, AdminActivity, ScimActivity } from '../activity/types.js';
import { readAdminDetail } from '../activity/admin-changes.js';
import type {
  AccessChangeEvent,
  ActivityEvent,
  ActivityKind,
  ActivityResourceType,
  ActivityStatus,
  AdminChangeEvent,
  ScimRequestEvent,
} from './contract.js';

const SCIM_BASE_PATH = '/scim/v2';

export const LOG_KIND: Record<ActivityKind, ActivityEntry['kind']> = {
  scim_request: 'scim',
  access_change: 'access',
  admin_change: 'admin',
};

function scimPath(entry: ScimActivity): string {
  const path = entry.path.startsWith(SCIM_BASE_PATH) ? entry.path.slice(SCIM_BASE_PATH.length) || '/' : entry.path;
  return entry.query ? `${path}?${entry.query}` : path;
}

function scimTypeOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const scimType = (body as Record<string, unknown>).scimType;
  return typeof scimType === 'string' ? scimType : null;
}

function fromScim(entry: ScimActivity): ScimRequestEvent {
  const path = scimPath(entry);
  const resourceType = entry.resourceType === 'User' || entry.resourceType === 'Group' ? entry.resourceType : undefined;
  return {
    kind: 'scim_request',
    id: entry.id,
    at: entry.time,
    status: entry.status < 400 ? 'ok' : 'failed',
    summary: `${entry.method} ${path.split('?')[0]} ${entry.status}${entry.resourceName ? ` ${entry.resourceName}` : ''}`,
    resource: resourceType
      ? { type: resourceType, id: entry.resourceId ?? null, name: entry.resourceName ?? null }
      : null,
    request: {
      method: entry.method,
      path,
      userAgent: entry.userAgent,
      remoteAddress: entry.clientIp,
      token: entry.tokenId ? { id: entry.tokenId, label: entry.tokenLabel ?? '' } : null,
      body: entry.requestBody ?? null,
    },
    response: {
      status: entry.status,
      durationMs: entry.durationMs,
      scimType: scimTypeOf(entry.responseBody),
      body: entry.responseBody ?? null,
    },
    hint: entry.authHint ?? null,
  };
}

function fromAccess(entry: AccessActivity): AccessChangeEvent {
  return {
    kind: 'access_change',
    id: entry.id,
    at: entry.time,
    status: 'ok',
    summary: entry.message,
    resource: { type: 'User', id: entry.user_id, name: entry.userName },
    user: { id: entry.user_id, userName: entry.userName },
    change: entry.change,
    role_id: entry.role_id,
    organizational_unit_id: entry.organizational_unit_id,
    rules:
      entry.rule_id !== undefined
        ? [
            {
              rule_id: entry.rule_id,
              name: entry.rule_name ?? entry.rule_id,
              via_group: entry.via_group ?? '',
              via_groups: entry.via_group ? [entry.via_group] : [],
            },
          ]
        : [],
  };
}

function fromAdmin(entry: AdminActivity): AdminChangeEvent {
  const detail = readAdminDetail(entry.detail);
  return {
    kind: 'admin_change',
    id: entry.id,
    at: entry.time,
    status: detail.outcome === 'refused' ? 'failed' : 'ok',
    summary: entry.message,
    resource: detail.resource,
    action: entry.action,
    detail: detail.outcome === 'ok' ? null : entry.message,
  };
}

export function toActivityEvent(entry: ActivityEntry): ActivityEvent {
  switch (entry.kind) {
    case 'scim':
      return fromScim(entry);
    case 'access':
      return fromAccess(entry);
    case 'admin':
      return fromAdmin(entry);
  }
}

/**
 * The event as JSON text. An entry that cannot be serialized (a hand-edited file, or a body some older
 * version kept in a shape that cannot be written back) is sent as what can be shown of it, with a summary
 * saying so: one bad entry never fails a page of the activity API, the live stream or the console.
 */
export function activityEventJson(event: ActivityEvent): string {
  try {
    return JSON.stringify(event);
  } catch {
    return JSON.stringify(unshowable(event));
  }
}

const NOT_SHOWN = '[this body cannot be shown]';

function unshowable(event: ActivityEvent): ActivityEvent {
  const summary = `${typeof event.summary === 'string' ? event.summary.slice(0, 200) : 'An activity entry'} (this entry cannot be shown in full)`;
  const base = {
    id: String(event.id),
    at: String(event.at),
    status: event.status === 'ok' ? ('ok' as const) : ('failed' as const),
    summary,
    resource: null,
  };
  if (event.kind === 'scim_request') {
    const { request, response } = event;
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 2048) : null);
    return {
      ...base,
      kind: 'scim_request',
      request: {
        method: text(request.method) ?? '?',
        path: text(request.path) ?? '?',
        userAgent: text(request.userAgent),
        remoteAddress: text(request.remoteAddress),
        token: null,
        body: NOT_SHOWN,
      },
      response: {
        status: Number(response.status) || 0,
        durationMs: Number(response.durationMs) || 0,
        scimType: text(response.scimType),
        body: NOT_SHOWN,
      },
      hint: text(event.hint),
    };
  }
  return { ...base, kind: 'admin_change', action: 'activity.unreadable', detail: null };
}

export interface ActivityFilter {
  kind?: ActivityKind;
  status?: ActivityStatus;
  resource?: ActivityResourceType;
  resourceId?: string;
}

export function matchesFilter(event: ActivityEvent, filter: ActivityFilter): boolean {
  if (filter.kind !== undefined && event.kind !== filter.kind) return false;
  if (filter.status !== undefined && event.status !== filter.status) return false;
  if (filter.resource !== undefined && event.resource?.type !== filter.resource) return false;
  if (filter.resourceId !== undefined && event.resource?.id !== filter.resourceId) return false;
  return true;
}
