/**
 * The lockout guard applied to a target: while auto user provisioning is on (or being turned on), no admin
 * change may take Super Admin on the Global OU from the current admin: rule create, edit, delete, import,
 * enabling, and changing the current admin. While it is off every change is allowed, but previews still
 * show the verdict. The check itself is the rules engine's (rules/guard.ts); this module decides what it is
 * asked about a target's facts, words refusals for the admin API, and words the warnings for changes from
 * the identity provider, which are never refused (Okta or Entra is the source of truth).
 *
 * Everything here is a function of a target's facts and the proposed change, so another target (a Clumio
 * account read through its API) is guarded by the same code.
 *
 * When the identity provider has already locked the current admin out (auto user provisioning on, no Super
 * Admin on the Global OU), refusing every rule change for it would block unrelated work with a reason that
 * blames the wrong change. So the verdict compares the state before and after: a change that gives the admin
 * Super Admin back is allowed; a change that leaves things as they are is allowed with a note saying the admin
 * is already locked out, and by what; only a change that closes the way back (the admin would not get Super
 * Admin even once the identity provider's change is undone) is refused, naming the real cause.
 */
import type { ActivityInput, ActivityResourceType } from '../activity/types.js';
import type { AccessChange } from '../rules/access.js';
import type { AccessIndex } from '../rules/access-index.js';
import { describeGrants } from '../rules/describe-change.js';
import {
  checkGroupRename,
  checkLockoutGuard,
  getsSuperAdminOnGlobal,
  joinReasons,
  superAdminLoss,
  superAdminRules,
  type LockoutGuardResult,
} from '../rules/guard.js';
import { GLOBAL_OU_ID, GLOBAL_OU_NAME } from '../rules/organizational-units.js';
import type { Rule } from '../rules/rule.js';
import { SUPER_ADMIN_ROLE_ID, type Role } from '../rules/roles.js';
import { RuleNames, toGuardRefusal } from './access-shapes.js';
import type { GuardRefusal } from './access-types.js';
import type { LockoutMemory, RulesFacts } from './rules-facts.js';

export interface ProposedChange {
  /** The complete rule set after the change (default: unchanged). */
  rules?: readonly Rule[];
  /** The current admin after the change (default: unchanged). */
  currentAdmin?: string | null;
  /** Turning auto user provisioning on (checked as "enable", not as a change). */
  enabling?: boolean;
}

/** Whether the guard may refuse the change: only while auto user provisioning is on or being turned on. */
export function guardEnforced(facts: Pick<RulesFacts, 'autoUserProvisioning'>, change: ProposedChange): boolean {
  return change.enabling === true || facts.autoUserProvisioning();
}

/** The guard's verdict; an allowed change may carry a note (the admin is already locked out). */
export type GuardResult = LockoutGuardResult | { readonly ok: true; readonly note: string };

/** What the guard says about a change, enforced or not (previews show it even while disabled). */
export function guardVerdict(facts: RulesFacts, change: ProposedChange): GuardResult {
  const previousAdmin = facts.currentAdmin();
  const current = facts.rules();
  const verdict = checkLockoutGuard({
    enabled: true,
    currentAdmin: change.currentAdmin === undefined ? previousAdmin : change.currentAdmin,
    rules: change.rules ?? current,
    users: facts.index(),
    roles: facts.roles,
    ...(change.enabling ? {} : { previousRules: current, previousAdmin }),
  });
  // Only a change of the rules meets an admin already locked out: enabling cannot (it was on), and a new
  // current admin is judged on their own.
  const proposed = change.rules;
  if (
    proposed === undefined ||
    change.enabling === true ||
    change.currentAdmin !== undefined ||
    !facts.autoUserProvisioning()
  )
    return verdict;
  const memory = facts.lockout?.() ?? null;
  const already = alreadyLockedOut(facts, memory);
  if (already === null) return verdict;
  if (verdict.ok)
    return {
      ok: true,
      note: `${already} This change gives ${previousAdmin} Super Admin on the ${GLOBAL_OU_NAME} again.`,
    };
  const closed = closesWayBack(facts, proposed, memory);
  if (closed === null) return { ok: true, note: `${already} This change does not make it worse.` };
  return {
    ok: false,
    code: 'current-admin-locked-out',
    reason: `${already} This change would make it worse: ${closed.reason}. Undo that change in the identity provider, or turn auto user provisioning off, first.`,
    rule_ids: closed.rule_ids,
  };
}

/**
 * "The current admin … is already locked out: <the change>." while auto user provisioning is on and the
 * admin has no Super Admin on the Global OU under the stored rules; null otherwise (or with no admin set).
 */
function alreadyLockedOut(facts: RulesFacts, memory: LockoutMemory | null): string | null {
  const admin = facts.currentAdmin();
  if (admin === null) return null;
  const now = checkLockoutGuard({
    enabled: true,
    currentAdmin: admin,
    rules: facts.rules(),
    users: facts.index(),
    roles: facts.roles,
  });
  if (now.ok) return null;
  if (memory?.cause) return `The current admin ${admin} is already locked out: ${memory.cause}.`;
  const standing =
    now.code === 'current-admin-not-found'
      ? 'they are no longer in the directory'
      : now.code === 'current-admin-inactive'
        ? 'they are deactivated'
        : `they have no Super Admin on the ${GLOBAL_OU_NAME}`;
  return `The current admin ${admin} is already locked out: ${standing}.`;
}

/**
 * Whether the proposed rules close the way back: the admin as they were before the identity provider's
 * change gets Super Admin on the Global OU from the stored rules but would not from the proposed ones. Without
 * that memory, any change to a rule that gives Super Admin on the Global OU counts as closing it.
 */
function closesWayBack(
  facts: RulesFacts,
  proposed: readonly Rule[],
  memory: LockoutMemory | null,
): { reason: string; rule_ids: string[] } | null {
  const current = facts.rules();
  const wayBack = memory?.wayBack;
  if (wayBack && getsSuperAdminOnGlobal(wayBack, current, facts.roles)) {
    const loss = superAdminLoss(wayBack, current, proposed, facts.roles);
    if (loss.rule_ids.length === 0) return null;
    return {
      reason: `even once that change is undone, ${wayBack.userName} would not get Super Admin on the ${GLOBAL_OU_NAME}, because ${joinReasons(loss.reasons)}`,
      rule_ids: loss.rule_ids,
    };
  }
  const next = new Map(proposed.map((rule) => [rule.rule_id, rule]));
  const fates: string[] = [];
  const ids: string[] = [];
  for (const rule of superAdminRules(current)) {
    const after = next.get(rule.rule_id);
    const fate = !after
      ? 'would be deleted'
      : superAdminRules([after]).length === 0
        ? `would no longer give Super Admin on the ${GLOBAL_OU_NAME}`
        : after.condition !== rule.condition
          ? 'would match other groups'
          : null;
    if (fate === null) continue;
    fates.push(`rule '${rule.name}' ${fate}`);
    ids.push(rule.rule_id);
  }
  if (fates.length === 0) return null;
  return {
    reason: `the rules that give Super Admin on the ${GLOBAL_OU_NAME} are the way back, and ${joinReasons(fates)}`,
    rule_ids: ids,
  };
}

/** A refusal in the admin API's words, naming the rules involved (before or after the change). */
export function guardRefusal(
  facts: RulesFacts,
  change: ProposedChange,
  result: Extract<GuardResult, { ok: false }>,
): GuardRefusal {
  const admin = change.currentAdmin === undefined ? facts.currentAdmin() : change.currentAdmin;
  return toGuardRefusal(result, new RuleNames(change.rules ?? [], facts.rules()), admin);
}

const onGlobal = (a: { role_id: string; organizational_unit_id: string }) =>
  a.role_id === SUPER_ADMIN_ROLE_ID && a.organizational_unit_id === GLOBAL_OU_ID;

function warning(
  action: string,
  message: string,
  ruleIds: readonly string[],
  resource: { type: ActivityResourceType; id: string; name: string },
): ActivityInput {
  return { kind: 'admin', action, message, detail: { outcome: 'warning', rule_ids: [...ruleIds], resource } };
}

/**
 * A change from the identity provider cannot be refused, so when one takes Super Admin on the Global OU from
 * the current admin while auto user provisioning is on, the log says so at once.
 */
export function adminLostSuperAdminWarnings(
  changes: readonly AccessChange[],
  currentAdmin: string | null,
  enabled: boolean,
): ActivityInput[] {
  if (currentAdmin === null || !enabled) return [];
  const key = currentAdmin.toLowerCase();
  const warnings: ActivityInput[] = [];
  for (const change of changes) {
    if (change.userName.toLowerCase() !== key) continue;
    const lost = change.lost.find(onGlobal);
    if (!lost || change.gained.some(onGlobal)) continue;
    warnings.push(
      warning(
        'guard.current_admin_lost_super_admin',
        `The current admin ${change.userName} lost Super Admin on the ${GLOBAL_OU_NAME} through a change from the identity provider (had it ${describeGrants(lost.rules)}). Fix the group membership in Okta or the rule.`,
        lost.rules.map((g) => g.rule_id),
        { type: 'User', id: change.user_id, name: change.userName },
      ),
    );
  }
  return warnings;
}

export interface GroupRename {
  groupId: string;
  from: string;
  to: string;
}

/** Group renames from the identity provider that cost the current admin Super Admin, checked before the index moves on. */
export function groupRenameWarnings(
  renames: readonly GroupRename[],
  state: { index: AccessIndex; roles: readonly Role[]; currentAdmin: string | null; enabled: boolean },
): ActivityInput[] {
  const warnings: ActivityInput[] = [];
  for (const { groupId, from, to } of renames) {
    const result = checkGroupRename({
      enabled: state.enabled,
      currentAdmin: state.currentAdmin,
      rules: state.index.rules,
      users: state.index,
      from,
      to,
      roles: state.roles,
    });
    if ('warning' in result)
      warnings.push(
        warning('guard.group_rename_warning', result.warning.message, result.warning.rule_ids, {
          type: 'Group',
          id: groupId,
          name: to,
        }),
      );
  }
  return warnings;
}
