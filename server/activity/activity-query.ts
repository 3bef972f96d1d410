import type { ActivityEntry, ActivityKind, ScimResourceType } from './types.js';

export interface ActivityQuery {
  kind?: ActivityKind;
  /** 'success' = status < 400, 'error' = status >= 400, a number = that status. SCIM entries only. */
  status?: 'success' | 'error' | number;
  resourceType?: ScimResourceType;
  /** A SCIM resource id; also matches access changes of that user. */
  resourceId?: string;
  /** Case-insensitive text anywhere in the entry, bodies included. */
  search?: string;
  /** Paging cursor: only entries older than this id. */
  before?: string;
  /** Page size (default 100, at most 1,000). */
  limit?: number;
}

export interface ActivityPage {
  /** Newest first. */
  entries: ActivityEntry[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Tests everything but `search`, which needs the bodies and so is done by the log. */
export function matchesFields(entry: ActivityEntry, query: ActivityQuery): boolean {
  if (query.kind !== undefined && entry.kind !== query.kind) return false;
  if (query.status !== undefined) {
    if (entry.kind !== 'scim') return false;
    if (query.status === 'success' && entry.status >= 400) return false;
    if (query.status === 'error' && entry.status < 400) return false;
    if (typeof query.status === 'number' && entry.status !== query.status) return false;
  }
  if (query.resourceType !== undefined && (entry.kind !== 'scim' || entry.resourceType !== query.resourceType))
    return false;
  if (query.resourceId !== undefined) {
    const id = entry.kind === 'scim' ? entry.resourceId : entry.kind === 'access' ? entry.user_id : undefined;
    if (id !== query.resourceId) return false;
  }
  return true;
}

/** The entry's searchable text, lower-cased (bodies are searched separately). */
export function searchableText(entry: ActivityEntry): string {
  switch (entry.kind) {
    case 'scim':
      return [
        entry.method,
        entry.path,
        entry.query,
        String(entry.status),
        entry.tokenLabel,
        entry.userAgent,
        entry.clientIp,
        entry.resourceType,
        entry.resourceId,
        entry.resourceName,
        entry.authFailure,
        entry.authHint,
        entry.signals.join(' '),
      ]
        .filter((part) => part !== undefined && part !== null)
        .join('\n')
        .toLowerCase();
    case 'access':
      return [
        entry.userName,
        entry.user_id,
        entry.change,
        entry.role_id,
        entry.organizational_unit_id,
        entry.rule_name,
        entry.via_group,
        entry.message,
      ]
        .filter((part) => part !== undefined)
        .join('\n')
        .toLowerCase();
    case 'admin':
      return `${entry.action}\n${entry.message}`.toLowerCase();
  }
}
