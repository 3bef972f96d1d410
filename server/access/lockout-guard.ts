/**
 * The lockout guard applied to a target: while auto user provisioning is on (or being turned on), no admin
 * change may take Super Admin on the Global OU from the current admin: rule create, edit, delete, import,
 * enabling, and changing the current admin. While it is off every change is allowed, but previews still
 * show the verdict. The check itself is the rules engine's (rules/guard.ts); this module decides what it is
 * asked about a target's facts, words refusals for the admin API, and words the warnings for changes from
 * the identity provider, which are never refused (Okta or Entra is the source of truth).
 *
 * Everything here is a function of a target's facts and the proposed change, so another target (a Clumio
 * account read through its API) is guarded by the same code. A rule for an admin who is already locked out
 * (by the identity provider) would also go here: the verdict sees the state before and after the change.
 */
import type { ActivityInput, ActivityResourceType } from '../activity/types.js';
import type { AccessChange } from '../rules/access.js';
import type { AccessIndex } from '../rules/access-index.js';
import { describeGrants } from '../rules/describe-change.js';
import { checkGroupRename, checkLockoutGuard, type LockoutGuardResult } from '../rules/guard.js';
import { GLOBAL_OU_ID, GLOBAL_OU_NAME } from '../rules/organizational-units.js';
import type { Rule } from '../rules/rule.js';
import { SUPER_ADMIN_ROLE_ID, type Role } from '../rules/roles.js';
import { RuleNames, toGuardRefusal } from './access-shapes.js';
import type { GuardRefusal } from './access-types.js';
import type { RulesFacts } from './rules-facts.js';

export interface ProposedChange {
  /** The complete rule set after the change (default: unchanged). */
  rules?: readonly Rule[];
  /** The current admin after the change (default: unchanged). */
  currentAdmin?: string | null;
  /** Turning auto user provisioning on (checked as "enable", not as a change). */
  enabling?: boolean;
}

/** Whether the guard may refuse the change: only while auto user provisioning is on or being turned on. */
export function guardEnforced(facts: RulesFacts, change: ProposedChange): boolean {
  return change.enabling === true || facts.autoUserProvisioning();
}

/** What the guard says about a change, enforced or not (previews show it even while disabled). */
export function guardVerdict(facts: RulesFacts, change: ProposedChange): LockoutGuardResult {
  const previousAdmin = facts.currentAdmin();
  const current = facts.rules();
  return checkLockoutGuard({
    enabled: true,
    currentAdmin: change.currentAdmin === undefined ? previousAdmin : change.currentAdmin,
    rules: change.rules ?? current,
    users: facts.index(),
    roles: facts.roles,
    ...(change.enabling ? {} : { previousRules: current, previousAdmin }),
  });
}

/** A refusal in the admin API's words, naming the rules involved (before or after the change). */
export function guardRefusal(facts: RulesFacts, change: ProposedChange, result: Extract<LockoutGuardResult, { ok: false }>): GuardRefusal {
  const admin = change.currentAdmin === undefined ? facts.currentAdmin() : change.currentAdmin;
  return toGuardRefusal(result, new RuleNames(change.rules ?? [], facts.rules()), admin);
}

const onGlobal = (a: { role_id: string; organizational_unit_id: string }) => a.role_id === SUPER_ADMIN_ROLE_ID && a.organizational_unit_id === GLOBAL_OU_ID;

function warning(action: string, message: string, ruleIds: readonly string[], resource: { type: ActivityResourceType; id: string; name: string }): ActivityInput {
  return { kind: 'admin', action, message, detail: { outcome: 'warning', rule_ids: [...ruleIds], resource } };
}

/**
 * A change from the identity provider cannot be refused, so when one takes Super Admin on the Global OU from
 * the current admin while auto user provisioning is on, the log says so at once.
 */
export function adminLostSuperAdminWarnings(changes: readonly AccessChange[], currentAdmin: string | null, enabled: boolean): ActivityInput[] {
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
    if ('warning' in result) warnings.push(warning('guard.group_rename_warning', result.warning.message, result.warning.rule_ids, { type: 'Group', id: groupId, name: to }));
  }
  return warnings;
}
