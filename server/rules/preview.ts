/**
 * "Who would gain, lose or change access?" before a rule change is saved, or before auto user
 * provisioning is enabled.
 *
 * previewRules evaluates only the users a change can affect: a user's access can only change if one of
 * their groups satisfies (part of) the condition of an added, removed or changed rule, before or after.
 * Everyone else keeps exactly what they have, so they are not evaluated.
 *
 * previewEnable compares against "nobody has rule-derived access": enabling overwrites every existing
 * permission ("When you enable Auto User Provisioning, all existing permissions are overwritten",
 * docs/decisions.md#enabling-starts-from-no-access), so everything the rules give is a gain and the users left
 * without access are listed.
 */
import { NO_ACCESS, diffAccess, type Access, type Conflict, type DirectoryUser, type UserAccess } from './access.js';
import { AccessIndex } from './access-index.js';
import { canonicalCondition } from './condition.js';
import { RuleEvaluator } from './evaluator.js';
import { KnownGroups, groupNameWarnings, type GroupNameWarning } from './group-name-warnings.js';
import type { Rule, RuleBody } from './rule.js';
import { BUILT_IN_ROLES, type Role } from './roles.js';

/** A rule of a proposed set: new rules may have no id yet. */
export interface ProposedRule extends RuleBody {
  readonly rule_id?: string;
}

/** Users to preview against: the live index (fast: group membership is indexed) or a plain list. */
export type Population = AccessIndex | readonly DirectoryUser[];

export interface PreviewContext {
  readonly roles?: readonly Role[];
  /** Every group display name in the directory (empty groups included); the population's groups are added. */
  readonly knownGroups?: Iterable<string>;
}

export interface RoleChange {
  readonly organizational_unit_id: string;
  readonly from: string;
  readonly to: string;
}

export interface UserAccessDiff {
  readonly user_id: string;
  readonly userName: string;
  /** Every (role, OU) gained, role changes included (the new role). */
  readonly gained: readonly Access[];
  /** Every (role, OU) lost, role changes included (the old role). */
  readonly lost: readonly Access[];
  /** The OUs where one role replaced another: the same facts as a lost/gained pair, for display. */
  readonly role_changes: readonly RoleChange[];
  /** Had some access before and none after. */
  readonly left_without_access: boolean;
}

export interface RuleRef {
  readonly rule_id: string;
  readonly name: string;
}

export interface PreviewCounts {
  readonly users_evaluated: number;
  readonly users_affected: number;
  readonly users_gaining: number;
  readonly users_losing: number;
  readonly role_changes: number;
  readonly left_without_access: number;
  readonly conflicts: number;
}

export interface AccessPreview {
  /** Affected users, by userName. */
  readonly users: readonly UserAccessDiff[];
  /** Conflicts in the proposed state among the evaluated users (those the change can affect). */
  readonly conflicts: readonly Conflict[];
  readonly warnings: readonly GroupNameWarning[];
  readonly counts: PreviewCounts;
  readonly rule_changes: {
    readonly added: readonly RuleRef[];
    readonly removed: readonly RuleRef[];
    readonly changed: readonly RuleRef[];
  };
}

export interface EnablePreview extends AccessPreview {
  /** Active users the rules give nothing: provisioned, but unable to do anything (docs/decisions.md#rule-evaluation). */
  readonly without_access: readonly { readonly user_id: string; readonly userName: string }[];
}

/** Gives proposed rules without an id a placeholder (`proposed-1`, ...) so diffs can name them. */
export function withRuleIds(rules: readonly ProposedRule[]): Rule[] {
  let next = 0;
  return rules.map((rule) =>
    rule.rule_id !== undefined ? (rule as Rule) : { ...rule, rule_id: `proposed-${++next}` },
  );
}

/** Whether two versions of a rule can give different access or explanations. */
export function ruleDiffers(a: Rule, b: Rule): boolean {
  if (a.name !== b.name || a.provision.role_id !== b.provision.role_id) return true;
  const ousA = [...new Set(a.provision.organizational_unit_ids)].sort();
  const ousB = [...new Set(b.provision.organizational_unit_ids)].sort();
  if (ousA.length !== ousB.length || ousA.some((ou, i) => ou !== ousB[i])) return true;
  return canonicalCondition(a.condition) !== canonicalCondition(b.condition);
}

export function previewRules(
  current: readonly Rule[],
  proposed: readonly ProposedRule[],
  users: Population,
  context: PreviewContext = {},
): AccessPreview {
  const roles = context.roles ?? BUILT_IN_ROLES;
  const proposedRules = withRuleIds(proposed);
  const currentById = new Map(current.map((rule) => [rule.rule_id, rule]));
  const proposedIds = new Set(proposedRules.map((rule) => rule.rule_id));
  const added: Rule[] = [];
  const changed: Rule[] = [];
  const involved: Rule[] = [];
  for (const rule of proposedRules) {
    const before = currentById.get(rule.rule_id);
    if (!before) {
      added.push(rule);
      involved.push(rule);
    } else if (ruleDiffers(before, rule)) {
      changed.push(rule);
      involved.push(before, rule);
    }
  }
  const removed = current.filter((rule) => !proposedIds.has(rule.rule_id));
  involved.push(...removed);

  const relevance = new RuleEvaluator(involved, roles);
  const candidates = involved.length === 0 ? [] : affectedCandidates(users, relevance);
  const beforeEvaluator = new RuleEvaluator(current, roles);
  const afterEvaluator = new RuleEvaluator(proposedRules, roles);
  const result = compare(
    candidates,
    (user) => beforeEvaluator.evaluate(user),
    (user) => afterEvaluator.evaluate(user),
  );

  const known = new KnownGroups(knownGroupNames(users, context.knownGroups));
  return {
    ...result,
    warnings: groupNameWarnings([...added, ...changed], known),
    rule_changes: { added: added.map(ref), removed: removed.map(ref), changed: changed.map(ref) },
  };
}

export function previewEnable(rules: readonly Rule[], users: Population, context: PreviewContext = {}): EnablePreview {
  const evaluator = new RuleEvaluator(rules, context.roles ?? BUILT_IN_ROLES);
  const everyone = users instanceof AccessIndex ? [...users.users()] : users;
  const withoutAccess: { user_id: string; userName: string }[] = [];
  const result = compare(
    everyone,
    () => NO_ACCESS,
    (user) => {
      const access = evaluator.evaluate(user);
      if (user.active && access.access.length === 0) withoutAccess.push({ user_id: user.id, userName: user.userName });
      return access;
    },
  );
  const known = new KnownGroups(knownGroupNames(users, context.knownGroups));
  return {
    ...result,
    warnings: groupNameWarnings(rules, known),
    rule_changes: { added: rules.map(ref), removed: [], changed: [] },
    without_access: withoutAccess.sort(byUserName),
  };
}

function ref(rule: Rule): RuleRef {
  return { rule_id: rule.rule_id, name: rule.name };
}

function byUserName(a: { userName: string }, b: { userName: string }): number {
  return a.userName < b.userName ? -1 : a.userName > b.userName ? 1 : 0;
}

/** Users having at least one group relevant to the involved rules. */
function affectedCandidates(users: Population, relevance: RuleEvaluator): DirectoryUser[] {
  if (users instanceof AccessIndex) return users.membersOfGroups((group) => relevance.isRelevantGroup(group));
  return users.filter((user) => user.groups.some((group) => relevance.isRelevantGroup(group)));
}

function knownGroupNames(users: Population, extra: Iterable<string> | undefined): Set<string> {
  const names = new Set<string>(extra ?? []);
  if (users instanceof AccessIndex) for (const name of users.groupNames()) names.add(name);
  else for (const user of users) for (const group of user.groups) names.add(group);
  return names;
}

function compare(
  users: Iterable<DirectoryUser>,
  before: (user: DirectoryUser) => UserAccess,
  after: (user: DirectoryUser) => UserAccess,
): Pick<AccessPreview, 'users' | 'conflicts' | 'counts'> {
  const diffs: UserAccessDiff[] = [];
  const conflicts: Conflict[] = [];
  let evaluated = 0;
  let gaining = 0;
  let losing = 0;
  let roleChanges = 0;
  let leftWithout = 0;
  for (const user of users) {
    evaluated++;
    const was = before(user);
    const will = after(user);
    conflicts.push(...will.conflicts);
    if (was.access.length === 0 && will.access.length === 0) continue;
    const { gained, lost } = diffAccess(was.access, will.access);
    if (gained.length === 0 && lost.length === 0) continue;
    const lostRole = new Map(lost.map((a) => [a.organizational_unit_id, a.role_id]));
    const role_changes: RoleChange[] = [];
    for (const g of gained) {
      const from = lostRole.get(g.organizational_unit_id);
      if (from !== undefined)
        role_changes.push({ organizational_unit_id: g.organizational_unit_id, from, to: g.role_id });
    }
    const left = was.access.length > 0 && will.access.length === 0;
    if (gained.length > role_changes.length) gaining++;
    if (lost.length > role_changes.length) losing++;
    roleChanges += role_changes.length;
    if (left) leftWithout++;
    diffs.push({ user_id: user.id, userName: user.userName, gained, lost, role_changes, left_without_access: left });
  }
  diffs.sort(byUserName);
  return {
    users: diffs,
    conflicts,
    counts: {
      users_evaluated: evaluated,
      users_affected: diffs.length,
      users_gaining: gaining,
      users_losing: losing,
      role_changes: roleChanges,
      left_without_access: leftWithout,
      conflicts: conflicts.length,
    },
  };
}
