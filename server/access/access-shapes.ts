/**
 * The rules engine's results in the admin API's shapes (access-types.ts): grants with their explanations,
 * conflicts with rule names, guard refusals with reason codes, and whole previews.
 */
import type { AccessPreview, EnablePreview } from '../rules/preview.js';
import type { Access, Conflict, RuleGrant } from '../rules/access.js';
import { parseCondition } from '../rules/condition.js';
import type { GroupNameWarning } from '../rules/group-name-warnings.js';
import type { LockoutGuardCode, LockoutGuardResult } from '../rules/guard.js';
import type { Rule } from '../rules/rule.js';
import type {
  AccessConflict,
  AccessGrant,
  AccessReason,
  GuardRefusal,
  GuardState,
  RuleRef,
  RuleWarning,
  RulesPreview,
  UserAccessConflict,
  UserAccessDiff,
  UserAccessGrant,
} from './access-types.js';
import type { GuardResult } from './lockout-guard.js';

/** Rule ids the preview invented for proposed rules without one (preview.ts `withRuleIds`). */
const isPlaceholderId = (id: string) => id.startsWith('proposed-');

/** Looks rule names up by id across several rule sets (before and after a change). */
export class RuleNames {
  private readonly names = new Map<string, string>();
  constructor(...sets: readonly (readonly Rule[])[]) {
    for (const set of sets)
      for (const rule of set) if (!this.names.has(rule.rule_id)) this.names.set(rule.rule_id, rule.name);
  }
  ref(id: string): RuleRef {
    return { rule_id: isPlaceholderId(id) ? null : id, name: this.names.get(id) ?? id };
  }
}

export function toAccessReason(grant: RuleGrant): AccessReason {
  return {
    rule_id: isPlaceholderId(grant.rule_id) ? null : grant.rule_id,
    name: grant.name,
    via_group: grant.via_group,
    via_groups: [...grant.via_groups],
  };
}

export function toAccessGrant(access: Access): AccessGrant {
  return {
    role_id: access.role_id,
    organizational_unit_id: access.organizational_unit_id,
    rules: access.rules.map(toAccessReason),
  };
}

/** A user's grants as the directory shows them, each saying whether it applies now. */
export function toUserAccessGrants(access: readonly Access[], inEffect: boolean): UserAccessGrant[] {
  return access.map((grant) => ({ ...toAccessGrant(grant), in_effect: inEffect }));
}

export function toAccessConflict(conflict: Conflict, names: RuleNames): AccessConflict {
  return {
    organizational_unit_id: conflict.organizational_unit_id,
    chosen_role_id: conflict.winner.role_id,
    candidates: [conflict.winner, ...conflict.losers].map((claim) => ({
      role_id: claim.role_id,
      rules: claim.rule_ids.map((id) => names.ref(id)),
    })),
  };
}

const REASONS: Record<LockoutGuardCode, GuardRefusal['reason']> = {
  'no-super-admin-rule': 'no_super_admin_rule',
  'no-current-admin': 'current_admin_not_set',
  'current-admin-not-found': 'current_admin_unknown',
  'current-admin-inactive': 'current_admin_inactive',
  'current-admin-loses-super-admin': 'current_admin_loses_super_admin',
  'current-admin-locked-out': 'current_admin_locked_out',
};

export function toGuardRefusal(
  result: Extract<LockoutGuardResult, { ok: false }>,
  names: RuleNames,
  currentAdmin: string | null,
): GuardRefusal {
  return {
    reason: REASONS[result.code],
    message: result.reason,
    rules: result.rule_ids.map((id) => names.ref(id)),
    current_admin: currentAdmin,
  };
}

export function toGuardState(
  enforced: boolean,
  result: GuardResult,
  names: RuleNames,
  currentAdmin: string | null,
): GuardState {
  if (!result.ok) return { enforced, verdict: { allowed: false, ...toGuardRefusal(result, names, currentAdmin) } };
  return { enforced, verdict: 'note' in result ? { allowed: true, note: result.note } : { allowed: true } };
}

/** Near misses and unknown names; `$contains` keywords that match no group name get their own kind. */
export function toRuleWarning(warning: GroupNameWarning, rules: readonly Rule[], names: RuleNames): RuleWarning {
  const rule = rules.find((r) => r.name === warning.rule_name);
  const ref: RuleRef = rule ? names.ref(rule.rule_id) : { rule_id: null, name: warning.rule_name };
  if (warning.kind === 'near-miss') {
    return {
      kind: 'near_miss',
      rule: ref,
      value: warning.group,
      suggestion: warning.suggestion ?? '',
      message: warning.message,
    };
  }
  if (warning.kind === 'generated-name')
    return { kind: 'generated_group_name', rule: ref, value: warning.group, message: warning.message };
  const parsed = rule ? parseCondition(rule.condition) : undefined;
  const isKeyword =
    parsed?.ok === true && (parsed.condition.kind === 'contains-any' || parsed.condition.kind === 'contains-all');
  return {
    kind: isKeyword ? 'keyword_matches_nothing' : 'unknown_group',
    rule: ref,
    value: warning.group,
    message: warning.message,
  };
}

export interface PreviewFacts {
  /** Display names by user id (the preview itself knows only userNames). */
  displayName(userId: string): string | null;
  userName(userId: string): string;
  /** Active users in the directory, and those of them with some access before the change. */
  activeUsers: number;
  activeWithAccessBefore: number;
  hadAccessBefore(userId: string): boolean;
  extraWarnings: RuleWarning[];
  guard: GuardState;
}

export function toRulesPreview(
  preview: AccessPreview | EnablePreview,
  proposed: readonly Rule[],
  names: RuleNames,
  facts: PreviewFacts,
): RulesPreview {
  const users: UserAccessDiff[] = preview.users.map((diff) => ({
    user_id: diff.user_id,
    user_name: diff.userName,
    display_name: facts.displayName(diff.user_id),
    gained: diff.gained.map(toAccessGrant),
    lost: diff.lost.map(toAccessGrant),
    role_changes: diff.role_changes.map((c) => ({
      organizational_unit_id: c.organizational_unit_id,
      from_role_id: c.from,
      to_role_id: c.to,
    })),
    left_without_access: diff.left_without_access,
  }));
  const conflicts: UserAccessConflict[] = preview.conflicts.map((conflict) => ({
    user_id: conflict.user_id,
    user_name: facts.userName(conflict.user_id),
    ...toAccessConflict(conflict, names),
  }));
  let withAccessAfter: number;
  if ('without_access' in preview) {
    // Enabling: nobody has access before, so everyone with access after gains it.
    withAccessAfter = preview.counts.users_gaining;
  } else {
    const newlyWith = preview.users.filter((d) => d.gained.length > 0 && !facts.hadAccessBefore(d.user_id)).length;
    const leaving = preview.users.filter((d) => d.left_without_access).length;
    withAccessAfter = facts.activeWithAccessBefore + newlyWith - leaving;
  }
  return {
    users,
    conflicts,
    warnings: [...preview.warnings.map((w) => toRuleWarning(w, proposed, names)), ...facts.extraWarnings],
    totals: {
      users_evaluated: facts.activeUsers,
      users_gaining: preview.counts.users_gaining,
      users_losing: preview.counts.users_losing,
      users_with_access_after: withAccessAfter,
      users_without_access_after: facts.activeUsers - withAccessAfter,
    },
    guard: facts.guard,
  };
}
