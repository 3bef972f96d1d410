/**
 * Admin actions in the activity log (`kind: 'admin'`). The log's admin entries carry a free `detail`;
 * this module gives it one shape, which the admin API (server/admin/activity-events.ts) reads back to build
 * its AdminChangeEvent: the resource acted on, and whether the change went through or was refused (by the
 * lockout guard).
 */
import type { ActivityInput, ActivityResourceType, ActivitySink } from './types.js';
import { isRecord } from '../util/is-record.js';

export interface AdminResource {
  type: ActivityResourceType;
  id: string | null;
  name: string | null;
}

export type AdminOutcome = 'ok' | 'refused' | 'warning';

export interface AdminDetail {
  resource: AdminResource | null;
  outcome: AdminOutcome;
  /** Rule ids involved (guard refusals and warnings). */
  rule_ids?: string[];
}

export type { ActivitySink };

/** The activity line of an admin change (or of its refusal). */
export function adminChange(
  action: string,
  message: string,
  resource: AdminResource | null,
  outcome: AdminOutcome = 'ok',
  ruleIds?: readonly string[],
): ActivityInput {
  const detail: AdminDetail = { resource, outcome, ...(ruleIds ? { rule_ids: [...ruleIds] } : {}) };
  return { kind: 'admin', action, message, detail };
}

export function logAdminChange(
  activity: ActivitySink,
  action: string,
  message: string,
  resource: AdminResource | null,
  outcome: AdminOutcome = 'ok',
  ruleIds?: readonly string[],
): void {
  activity.append(adminChange(action, message, resource, outcome, ruleIds));
}

const RESOURCE_TYPES: readonly ActivityResourceType[] = [
  'User',
  'Group',
  'Rule',
  'OrganizationalUnit',
  'Token',
  'Setting',
];

/** Reads back what logAdminChange wrote (older or foreign entries give nulls). */
export function readAdminDetail(detail: unknown): AdminDetail {
  if (!isRecord(detail)) return { resource: null, outcome: 'ok' };
  const outcome: AdminOutcome = detail.outcome === 'refused' || detail.outcome === 'warning' ? detail.outcome : 'ok';
  const r = detail.resource;
  const type = isRecord(r) ? RESOURCE_TYPES.find((t) => t === r.type) : undefined;
  const resource =
    isRecord(r) && type !== undefined
      ? { type, id: typeof r.id === 'string' ? r.id : null, name: typeof r.name === 'string' ? r.name : null }
      : null;
  return { resource, outcome };
}
