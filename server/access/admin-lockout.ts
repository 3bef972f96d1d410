/**
 * The current admin locked out by the identity provider. While auto user provisioning is on, Super Admin on
 * the Global OU is what lets the admin administer Clumio at all; a change from Okta or Entra cannot be refused
 * (the identity provider is the source of truth), so when one takes it away SCIM Desk raises an alarm that
 * lasts as long as the lock-out: who lacks what, which change and request caused it, when, and the two ways
 * out (undo the change in the identity provider, or turn auto user provisioning off).
 *
 * The lock-out is derived from the directory and the rules as they are now (the access index), so it ends by
 * itself; what caused it comes from the record the lock-out watch keeps (lockout-record.ts).
 */
import { fillWords, type WordValues } from '../identity-providers/fill.js';
import type { IdentityProfile } from '../identity-providers/profile.js';
import { profileFor } from '../identity-providers/registry.js';
import type { Access, DirectoryUser } from '../rules/access.js';
import type { AccessIndex } from '../rules/access-index.js';
import { superAdminRules } from '../rules/guard.js';
import { GLOBAL_OU_ID, GLOBAL_OU_NAME } from '../rules/organizational-units.js';
import { SUPER_ADMIN_ROLE_ID } from '../rules/roles.js';
import type { DocumentReader } from '../store/directory-store.js';
import type { AccessService } from './access-service.js';
import type { AdminLockout, AdminLockoutCause, AdminLockoutRequest } from './access-types.js';
import { storedLockoutRecord, type LockoutRecord } from './lockout-record.js';
import type { LockoutMemory } from './rules-facts.js';
import { autoUserProvisioningEnabled, generalSettings } from './stored-config.js';

export const isSuperAdminOnGlobal = (access: Pick<Access, 'role_id' | 'organizational_unit_id'>): boolean =>
  access.role_id === SUPER_ADMIN_ROLE_ID && access.organizational_unit_id === GLOBAL_OU_ID;

/** How the current admin stands: `ok` (Super Admin on the Global OU), or why not. */
export type AdminStanding = 'ok' | 'not-found' | 'inactive' | 'no-super-admin';

export function adminStanding(
  index: AccessIndex,
  currentAdmin: string,
): { standing: AdminStanding; admin: DirectoryUser | undefined } {
  const admin = index.findUserByUserName(currentAdmin);
  if (!admin) return { standing: 'not-found', admin };
  if (!admin.active) return { standing: 'inactive', admin };
  return { standing: index.accessOf(admin.id).some(isSuperAdminOnGlobal) ? 'ok' : 'no-super-admin', admin };
}

/** Whether the current admin is locked out now: auto user provisioning on, and no Super Admin on the Global OU. */
export function isAdminLockedOut(repo: DocumentReader, access: AccessService): boolean {
  if (!autoUserProvisioningEnabled(repo)) return false;
  const { current_admin } = generalSettings(repo);
  return current_admin !== null && adminStanding(access.index, current_admin).standing !== 'ok';
}

const TURN_OFF = (admin: string) =>
  `Or turn auto user provisioning off (Rules page > Disable auto user provisioning), which is always allowed; turn it on again once ${admin} has Super Admin on the ${GLOBAL_OU_NAME}.`;

function ruleList(rules: readonly { name: string }[]): string {
  if (rules.length === 0) return 'the Super Admin rule';
  return rules.map((r) => `rule '${r.name}'`).join(rules.length === 2 ? ' or ' : ', ');
}

/** The change in words: by the identity provider when a request of its made it, else in the passive. */
function causeSummary(record: LockoutRecord, idp: IdentityProfile): string {
  const by = record.request ? idp.words.short : null;
  const admin = record.userName;
  const group = record.cause.group?.displayName ?? '';
  switch (record.cause.kind) {
    case 'member-removed':
      return by ? `${by} removed ${admin} from "${group}"` : `${admin} was removed from "${group}"`;
    case 'user-deactivated':
      return by ? `${by} deactivated ${admin}` : `${admin} was deactivated`;
    case 'user-deleted':
      return by ? `${by} deleted ${admin}` : `${admin} was deleted`;
    case 'group-renamed':
      return by
        ? `${by} renamed "${group}" to "${record.cause.renamedTo ?? ''}"`
        : `"${group}" was renamed to "${record.cause.renamedTo ?? ''}"`;
    case 'group-deleted':
      return by ? `${by} deleted the group "${group}"` : `the group "${group}" was deleted`;
    case 'other':
      return by ? `${by} changed ${admin}'s account or groups` : `${admin}'s account or groups changed`;
  }
}

/** "PATCH /scim/v2/Groups/… → 204 at 2026-12-08T14:05:03.120Z" */
export function describeLockoutRequest(request: AdminLockoutRequest): string {
  return `${request.method} ${request.path} → ${request.status} at ${request.time}`;
}

function firstWayOut(
  record: LockoutRecord | undefined,
  admin: string,
  currentRules: readonly { name: string }[],
  idp: IdentityProfile,
): string {
  const say = (template: string, values: WordValues) => fillWords(template, idp.words, values);
  const rules = ruleList(record && record.rules.length > 0 ? record.rules : currentRules);
  if (!record) return say(idp.lockout.anyGroup, { admin, rules });
  const group = record.cause.group?.displayName;
  switch (record.cause.kind) {
    case 'member-removed':
      return say(idp.lockout.backInGroup, { admin, group: group ?? '' });
    case 'user-deactivated':
      return say(idp.lockout.reactivate, { admin });
    case 'user-deleted':
      return say(idp.lockout.reassign, {
        admin,
        groups: record.before.groups.map((g) => `"${g}"`).join(', ') || 'the admin group',
      });
    case 'group-renamed':
      return say(idp.lockout.renameBack, { from: group ?? '', to: record.cause.renamedTo ?? '', rules });
    case 'group-deleted':
      return say(idp.lockout.recreate, { admin, group: group ?? '' });
    case 'other':
      return say(idp.lockout.anyGroup, { admin, rules });
  }
}

function standingMessage(admin: string, standing: Exclude<AdminStanding, 'ok'>): string {
  const lockedOut = 'while auto user provisioning is on: they are locked out of administering Clumio';
  switch (standing) {
    case 'not-found':
      return `The current admin ${admin} is no longer in the directory ${lockedOut}.`;
    case 'inactive':
      return `The current admin ${admin} is deactivated, so the rules give them nothing, ${lockedOut}.`;
    case 'no-super-admin':
      return `The current admin ${admin} has no Super Admin on the ${GLOBAL_OU_NAME} ${lockedOut}.`;
  }
}

/** The record, when it is about the current admin. */
function recordFor(repo: DocumentReader, currentAdmin: string): LockoutRecord | undefined {
  const record = storedLockoutRecord(repo);
  return record && record.userName.toLowerCase() === currentAdmin.toLowerCase() ? record : undefined;
}

/** The lock-out as the admin API answers it, or null when there is none. */
export function adminLockout(repo: DocumentReader, access: AccessService): AdminLockout | null {
  if (!autoUserProvisioningEnabled(repo)) return null;
  const { current_admin, identity_provider, apps } = generalSettings(repo);
  if (current_admin === null) return null;
  const index = access.index;
  const { standing, admin } = adminStanding(index, current_admin);
  if (standing === 'ok') return null;
  const name = admin?.userName ?? current_admin;
  const record = recordFor(repo, current_admin);
  const idp = profileFor(identity_provider, apps);
  const currentRules = superAdminRules(index.rules).map((r) => ({ rule_id: r.rule_id, name: r.name }));
  const cause: AdminLockoutCause | null = record
    ? {
        kind: record.cause.kind,
        group: record.cause.group,
        renamedTo: record.cause.renamedTo,
        summary: causeSummary(record, idp),
      }
    : null;
  return {
    currentAdmin: name,
    message: standingMessage(name, standing),
    cause,
    since: record?.at ?? null,
    request: record?.request ?? null,
    rules: record ? record.rules.map((r) => ({ rule_id: r.rule_id, name: r.name })) : currentRules,
    waysOut: [firstWayOut(record, name, currentRules, idp), TURN_OFF(name)],
  };
}

/**
 * What the lockout guard needs to know of a lock-out: the change in words, and the admin as they were before
 * it (null when not recorded). Null when the admin is not locked out.
 */
export function lockoutMemory(repo: DocumentReader, access: AccessService): LockoutMemory | null {
  if (!isAdminLockedOut(repo, access)) return null;
  const { current_admin, identity_provider, apps } = generalSettings(repo);
  const record = current_admin === null ? undefined : recordFor(repo, current_admin);
  if (!record) return { cause: null, wayBack: null };
  const request = record.request ? ` (${describeLockoutRequest(record.request)})` : ` (at ${record.at})`;
  return {
    cause: `${causeSummary(record, profileFor(identity_provider, apps))}${request}`,
    wayBack: { id: record.userId, userName: record.userName, active: true, groups: record.before.groups },
  };
}
