/**
 * What SCIM Desk remembers about the change that locked the current admin out: the settings document
 * `admin-lockout`, written by the lock-out watch (lockout-watch.ts) once the change is durable, completed with
 * the SCIM request when the activity log records it, and deleted when the lock-out is over. The lock-out itself
 * is always derived from the directory and the rules (admin-lockout.ts); this adds only what the state cannot
 * tell afterwards: which change, which request, when, and the admin as they were just before.
 */
import { isRecord } from '../util/is-record.js';
import type { DocumentReader } from '../store/directory-store.js';
import type { DocOp } from '../store/doc-ops.js';
import type { AdminLockoutCauseKind, AdminLockoutRequest } from './access-types.js';

export const ADMIN_LOCKOUT_DOC = 'admin-lockout';

export interface LockoutRecord {
  userId: string;
  userName: string;
  /** When the change was committed (ISO 8601). */
  at: string;
  cause: { kind: AdminLockoutCauseKind; group: { id: string; displayName: string } | null; renamedTo: string | null };
  /** The admin just before the change: undoing it in the identity provider restores this. */
  before: { active: boolean; groups: string[] };
  /** The rules that gave the admin Super Admin on the Global OU just before the change. */
  rules: { rule_id: string; name: string }[];
  request: AdminLockoutRequest | null;
}

const CAUSE_KINDS: readonly AdminLockoutCauseKind[] = [
  'member-removed',
  'user-deactivated',
  'user-deleted',
  'group-renamed',
  'group-deleted',
  'other',
];

const isString = (value: unknown): value is string => typeof value === 'string';
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

function isRequest(value: unknown): value is AdminLockoutRequest {
  return (
    isRecord(value) &&
    isString(value.activityId) &&
    isString(value.time) &&
    isString(value.method) &&
    isString(value.path) &&
    typeof value.status === 'number' &&
    (value.userAgent === null || isString(value.userAgent)) &&
    (value.tokenLabel === null || isString(value.tokenLabel))
  );
}

function isLockoutRecord(value: unknown): value is LockoutRecord {
  if (!isRecord(value) || !isString(value.userId) || !isString(value.userName) || !isString(value.at)) return false;
  const { cause, before, rules, request } = value;
  if (!isRecord(cause) || !CAUSE_KINDS.some((kind) => kind === cause.kind)) return false;
  if (cause.group !== null && !(isRecord(cause.group) && isString(cause.group.id) && isString(cause.group.displayName)))
    return false;
  if (cause.renamedTo !== null && !isString(cause.renamedTo)) return false;
  if (!isRecord(before) || typeof before.active !== 'boolean' || !isStringArray(before.groups)) return false;
  if (!Array.isArray(rules) || !rules.every((r) => isRecord(r) && isString(r.rule_id) && isString(r.name)))
    return false;
  return request === null || isRequest(request);
}

/** The stored record, or undefined (none, or not one: a hand-edited data file cannot crash the server). */
export function storedLockoutRecord(repo: DocumentReader): LockoutRecord | undefined {
  const doc = repo.getDoc<unknown>('settings', ADMIN_LOCKOUT_DOC);
  return isLockoutRecord(doc) ? doc : undefined;
}

export const putLockoutRecordOp = (record: LockoutRecord): DocOp => ({
  op: 'putDoc',
  collection: 'settings',
  id: ADMIN_LOCKOUT_DOC,
  doc: record,
});
export const deleteLockoutRecordOp = (): DocOp => ({ op: 'deleteDoc', collection: 'settings', id: ADMIN_LOCKOUT_DOC });
