/**
 * What the rules give a user: one access entry per OU, each explained by the rules (and groups) behind it,
 * plus the conflicts resolved on the way. Shapes follow the admin API (docs/admin-api.md#routes).
 */

/** The slice of a directory user the rules look at. `groups` are group display names. */
export interface DirectoryUser {
  readonly id: string;
  readonly userName: string;
  readonly active: boolean;
  readonly groups: readonly string[];
  /** For showing the user (previews); the rules never look at it. */
  readonly displayName?: string;
}

/** Why a user holds an access: one matching rule and the group(s) that satisfied its condition. */
export interface RuleGrant {
  readonly rule_id: string;
  readonly name: string;
  /**
   * The first of `via_groups` (code-unit order): the one group the UI shows. For `$all` conditions every
   * listed group was needed, so `via_groups` names them all and `via_group` is only the first.
   */
  readonly via_group: string;
  /**
   * Every group of the user that satisfied the condition, sorted: for `$eq`/`$in` the listed groups the user
   * is in; for `$all` all listed groups; for `$contains` every group name holding the keyword(s).
   */
  readonly via_groups: readonly string[];
}

/** One role on one OU. A user has at most one entry per OU (the most privileged role wins). */
export interface Access {
  readonly role_id: string;
  readonly organizational_unit_id: string;
  /** The matching rules that give this role on this OU, in rule-set order. */
  readonly rules: readonly RuleGrant[];
}

export interface RoleClaim {
  readonly role_id: string;
  readonly rule_ids: readonly string[];
}

/** Two or more rules gave one user different roles on one OU; the highest-ranked role won. */
export interface Conflict {
  readonly user_id: string;
  readonly organizational_unit_id: string;
  readonly winner: RoleClaim;
  /** Most privileged first. */
  readonly losers: readonly RoleClaim[];
}

export interface UserAccess {
  /** Sorted by organizational_unit_id. */
  readonly access: readonly Access[];
  readonly conflicts: readonly Conflict[];
}

/** A change of one user's access: (role, OU) pairs gained and lost. Explanations alone are not changes. */
export interface AccessChange {
  readonly user_id: string;
  readonly userName: string;
  /** With the explanations that now hold. */
  readonly gained: readonly Access[];
  /** With the explanations that held before. */
  readonly lost: readonly Access[];
}

export const NO_ACCESS: UserAccess = Object.freeze({ access: Object.freeze([]), conflicts: Object.freeze([]) });

/**
 * Gained and lost (role, OU) pairs between two access lists sorted by OU id. A role change on an OU shows
 * as the old role lost and the new one gained.
 */
export function diffAccess(
  before: readonly Access[],
  after: readonly Access[],
): { gained: readonly Access[]; lost: readonly Access[] } {
  // Whole-list cases share the input arrays (both are immutable): no copy for 50k first-time grants.
  if (before.length === 0) return { gained: after, lost: before };
  if (after.length === 0) return { gained: after, lost: before };
  const gained: Access[] = [];
  const lost: Access[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const b = before[i];
    const a = after[j];
    if (b && (!a || b.organizational_unit_id < a.organizational_unit_id)) {
      lost.push(b);
      i++;
    } else if (a && (!b || a.organizational_unit_id < b.organizational_unit_id)) {
      gained.push(a);
      j++;
    } else if (a && b) {
      if (a.role_id !== b.role_id) {
        lost.push(b);
        gained.push(a);
      }
      i++;
      j++;
    }
  }
  return { gained, lost };
}

/** Whether two access lists hold the same (role, OU) pairs (explanations aside). Allocates nothing. */
export function sameAccess(a: readonly Access[], b: readonly Access[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.organizational_unit_id !== b[i]!.organizational_unit_id || a[i]!.role_id !== b[i]!.role_id) return false;
  }
  return true;
}

function sameGrants(a: readonly RuleGrant[], b: readonly RuleGrant[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.rule_id !== y.rule_id || x.name !== y.name || x.via_groups.length !== y.via_groups.length) return false;
    for (let j = 0; j < x.via_groups.length; j++) if (x.via_groups[j] !== y.via_groups[j]) return false;
  }
  return true;
}

function sameClaim(a: RoleClaim, b: RoleClaim): boolean {
  return (
    a.role_id === b.role_id &&
    a.rule_ids.length === b.rule_ids.length &&
    a.rule_ids.every((id, i) => id === b.rule_ids[i])
  );
}

/** Whether two results are equal, explanations and conflicts included (so the older object can be kept). */
export function sameUserAccess(a: UserAccess, b: UserAccess): boolean {
  if (a === b) return true;
  if (!sameAccess(a.access, b.access) || a.conflicts.length !== b.conflicts.length) return false;
  for (let i = 0; i < a.access.length; i++) if (!sameGrants(a.access[i]!.rules, b.access[i]!.rules)) return false;
  for (let i = 0; i < a.conflicts.length; i++) {
    const x = a.conflicts[i]!;
    const y = b.conflicts[i]!;
    if (x.organizational_unit_id !== y.organizational_unit_id || !sameClaim(x.winner, y.winner)) return false;
    if (x.losers.length !== y.losers.length || !x.losers.every((l, j) => sameClaim(l, y.losers[j]!))) return false;
  }
  return true;
}

/** Rule ids that appear in the explanations of an access list (the rules that actually grant something). */
export function grantingRuleIds(access: readonly Access[]): string[] {
  const ids: string[] = [];
  for (const entry of access) {
    for (const grant of entry.rules) if (!ids.includes(grant.rule_id)) ids.push(grant.rule_id);
  }
  return ids;
}

export function sortByOrganizationalUnit(access: Access[]): Access[] {
  return access.sort((x, y) =>
    x.organizational_unit_id < y.organizational_unit_id
      ? -1
      : x.organizational_unit_id > y.organizational_unit_id
        ? 1
        : 0,
  );
}
