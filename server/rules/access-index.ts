/**
 * The live picture of who has which access: current users, current rules and the computed access, kept
 * up to date incrementally. Every mutation returns the access changes it caused (only users whose
 * (role, OU) pairs changed), which the caller writes to the activity log.
 *
 * A SCIM change touches only the users it names: upsertUser re-evaluates one user (microseconds); a group
 * rename or delete re-evaluates that group's members, found through the group -> members index.
 */
import {
  NO_ACCESS,
  diffAccess,
  sameAccess,
  sameUserAccess,
  grantingRuleIds,
  type Access,
  type AccessChange,
  type Conflict,
  type DirectoryUser,
  type UserAccess,
} from './access.js';
import { RuleEvaluator, type RuleProblem } from './evaluator.js';
import type { Rule } from './rule.js';
import { BUILT_IN_ROLES, type Role } from './roles.js';

/** Mutable on purpose: re-evaluation replaces `result` in place (50k users, no garbage per pass). */
interface UserState {
  user: DirectoryUser;
  result: UserAccess;
  readonly slot: number;
}

export interface AccessIndexOptions {
  readonly roles?: readonly Role[];
  readonly rules?: readonly Rule[];
  readonly users?: Iterable<DirectoryUser>;
}

export class AccessIndex {
  readonly roles: readonly Role[];
  private evaluator: RuleEvaluator;
  private readonly states = new Map<string, UserState>();
  private slots: (UserState | undefined)[] = [];
  private freeSlots: number[] = [];
  private readonly idByUserName = new Map<string, string>();
  /** Group display name -> slots of its members. Sets: removing one member of a 50,000-member group must be O(1). */
  private readonly members = new Map<string, Set<number>>();
  /** rule_id -> users it grants something to; undefined until asked after a full re-evaluation. */
  private grantCounts: Map<string, number> | undefined = new Map();

  constructor(options: AccessIndexOptions = {}) {
    this.roles = options.roles ?? BUILT_IN_ROLES;
    this.evaluator = new RuleEvaluator(options.rules ?? [], this.roles);
    if (options.users) this.loadUsers(options.users);
  }

  get rules(): readonly Rule[] {
    return this.evaluator.rules;
  }

  /** Stored rules that could not be compiled (they match nobody). */
  get ruleProblems(): readonly RuleProblem[] {
    return this.evaluator.problems;
  }

  get userCount(): number {
    return this.states.size;
  }

  /** Replaces every user at once (start-up); the initial state is not reported as changes. */
  loadUsers(users: Iterable<DirectoryUser>): void {
    this.states.clear();
    this.slots = [];
    this.freeSlots = [];
    this.idByUserName.clear();
    this.members.clear();
    this.grantCounts = undefined;
    for (const user of users) {
      const duplicate = this.states.get(user.id);
      if (duplicate) this.drop(duplicate);
      this.add(copyUser(user));
    }
  }

  /** Replaces the rule set and re-evaluates everyone. */
  setRules(rules: readonly Rule[]): AccessChange[] {
    this.evaluator = new RuleEvaluator(rules, this.roles);
    this.grantCounts = undefined;
    const changes: AccessChange[] = [];
    for (const state of this.states.values()) {
      const result = this.evaluator.evaluate(state.user);
      if (sameUserAccess(state.result, result)) continue; // keep the older object: less to retain, less GC
      const change = changeOf(state.user, state.result, result);
      if (change) changes.push(change);
      state.result = result;
    }
    return changes;
  }

  /** A user created or changed (attributes, active, group memberships). */
  upsertUser(user: DirectoryUser): AccessChange[] {
    const copy = copyUser(user);
    const previous = this.states.get(copy.id);
    const before = previous?.result ?? NO_ACCESS;
    const state = previous ? this.update(previous, copy) : this.add(copy);
    this.countGrants(before, -1);
    this.countGrants(state.result, +1);
    const change = changeOf(copy, before, state.result);
    return change ? [change] : [];
  }

  /**
   * A known user joined (`joined`) or left a group, by display name: the same outcome as upsertUser with the
   * group added or removed, without rebuilding the user (a 100-member PATCH calls this 100 times). Returns the
   * change, null when the user's access stayed the same, or undefined for an unknown user (the caller can fall
   * back to upsertUser).
   */
  changeGroup(userId: string, groupName: string, joined: boolean): AccessChange | null | undefined {
    const state = this.states.get(userId);
    if (!state) return undefined;
    const { user } = state;
    const index = user.groups.indexOf(groupName);
    if (joined === (index !== -1)) return null;
    const groups = joined ? [...user.groups, groupName] : user.groups.filter((g) => g !== groupName);
    state.user = { ...user, groups };
    if (joined) {
      const slots = this.members.get(groupName);
      if (slots) slots.add(state.slot);
      else this.members.set(groupName, new Set([state.slot]));
    } else {
      const slots = this.members.get(groupName);
      slots?.delete(state.slot);
      if (slots?.size === 0) this.members.delete(groupName);
    }
    const before = state.result;
    const after = this.evaluator.evaluate(state.user);
    if (after === before) return null; // NO_ACCESS both times: the common case while no rule names the group
    state.result = after;
    this.countGrants(before, -1);
    this.countGrants(after, +1);
    return changeOf(state.user, before, after) ?? null;
  }

  removeUser(id: string): AccessChange[] {
    const state = this.states.get(id);
    if (!state) return [];
    this.drop(state);
    this.countGrants(state.result, -1);
    const change = changeOf(state.user, state.result, NO_ACCESS);
    return change ? [change] : [];
  }

  /** A group's display name changed: its members now carry the new name. */
  renameGroup(from: string, to: string): AccessChange[] {
    if (from === to) return [];
    return this.rewriteGroup(from, (groups) => dedupe(groups.map((g) => (g === from ? to : g))));
  }

  /** A group was deleted: its members lose it. */
  removeGroup(name: string): AccessChange[] {
    return this.rewriteGroup(name, (groups) => groups.filter((g) => g !== name));
  }

  accessOf(userId: string): readonly Access[] {
    return this.states.get(userId)?.result.access ?? [];
  }

  conflictsOf(userId: string): readonly Conflict[] {
    return this.states.get(userId)?.result.conflicts ?? [];
  }

  conflicts(): Conflict[] {
    const all: Conflict[] = [];
    for (const state of this.states.values())
      if (state.result.conflicts.length > 0) all.push(...state.result.conflicts);
    return all;
  }

  /** How many users hold at least one access through this rule. */
  usersGrantedBy(ruleId: string): number {
    if (!this.grantCounts) {
      this.grantCounts = new Map();
      for (const state of this.states.values()) this.countGrants(state.result, +1);
    }
    return this.grantCounts.get(ruleId) ?? 0;
  }

  getUser(id: string): DirectoryUser | undefined {
    return this.states.get(id)?.user;
  }

  /** Case-insensitive, like SCIM userName. */
  findUserByUserName(userName: string): DirectoryUser | undefined {
    const id = this.idByUserName.get(userName.toLowerCase());
    return id === undefined ? undefined : this.getUser(id);
  }

  *users(): IterableIterator<DirectoryUser> {
    for (const state of this.states.values()) yield state.user;
  }

  /** Group names that have at least one member. */
  groupNames(): string[] {
    return [...this.members.keys()];
  }

  /** The users in a group (by exact display name). */
  membersOf(groupName: string): DirectoryUser[] {
    const slots = this.members.get(groupName);
    if (!slots) return [];
    const users: DirectoryUser[] = [];
    for (const slot of slots) users.push(this.slots[slot]!.user);
    return users;
  }

  /** The users in any of the groups the predicate accepts, each once. */
  membersOfGroups(accept: (groupName: string) => boolean): DirectoryUser[] {
    const seen = new Uint8Array(this.slots.length);
    const users: DirectoryUser[] = [];
    for (const [group, slots] of this.members) {
      if (!accept(group)) continue;
      for (const slot of slots) {
        if (seen[slot]) continue;
        seen[slot] = 1;
        users.push(this.slots[slot]!.user);
      }
    }
    return users;
  }

  private rewriteGroup(name: string, rewrite: (groups: readonly string[]) => string[]): AccessChange[] {
    const changes: AccessChange[] = [];
    for (const user of this.membersOf(name))
      changes.push(...this.upsertUser({ ...user, groups: rewrite(user.groups) }));
    return changes;
  }

  private add(user: DirectoryUser): UserState {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const state: UserState = { user, result: this.evaluator.evaluate(user), slot };
    this.slots[slot] = state;
    this.states.set(user.id, state);
    this.idByUserName.set(user.userName.toLowerCase(), user.id);
    for (const group of user.groups) {
      const slots = this.members.get(group);
      if (slots) slots.add(slot);
      else this.members.set(group, new Set([slot]));
    }
    return state;
  }

  /** Changes a known user in place: only the groups that changed touch the group index (a 100-member PATCH
   * on users who are in 20 groups each must not rebuild 2,000 index entries). */
  private update(state: UserState, user: DirectoryUser): UserState {
    const before = state.user;
    if (before.userName !== user.userName && before.userName.toLowerCase() !== user.userName.toLowerCase()) {
      if (this.idByUserName.get(before.userName.toLowerCase()) === user.id)
        this.idByUserName.delete(before.userName.toLowerCase());
      this.idByUserName.set(user.userName.toLowerCase(), user.id);
    }
    // Users are in tens of groups at most: linear scans beat building two Sets on every membership change.
    const now = user.groups;
    for (const group of before.groups) {
      if (now.includes(group)) continue;
      const slots = this.members.get(group);
      if (!slots) continue;
      slots.delete(state.slot);
      if (slots.size === 0) this.members.delete(group);
    }
    for (const group of now) {
      if (before.groups.includes(group)) continue;
      const slots = this.members.get(group);
      if (slots) slots.add(state.slot);
      else this.members.set(group, new Set([state.slot]));
    }
    state.user = user;
    state.result = this.evaluator.evaluate(user);
    return state;
  }

  private drop(state: UserState): void {
    const { user, slot } = state;
    this.states.delete(user.id);
    this.slots[slot] = undefined;
    this.freeSlots.push(slot);
    if (this.idByUserName.get(user.userName.toLowerCase()) === user.id)
      this.idByUserName.delete(user.userName.toLowerCase());
    for (const group of user.groups) {
      const slots = this.members.get(group);
      if (!slots) continue;
      slots.delete(slot);
      if (slots.size === 0) this.members.delete(group);
    }
  }

  private countGrants(result: UserAccess, delta: 1 | -1): void {
    const counts = this.grantCounts;
    if (!counts || result.access.length === 0) return;
    for (const ruleId of grantingRuleIds(result.access)) {
      const count = (counts.get(ruleId) ?? 0) + delta;
      if (count > 0) counts.set(ruleId, count);
      else counts.delete(ruleId);
    }
  }
}

function copyUser(user: DirectoryUser): DirectoryUser {
  const copy = { id: user.id, userName: user.userName, active: user.active, groups: [...user.groups] };
  return user.displayName === undefined ? copy : { ...copy, displayName: user.displayName };
}

function dedupe(groups: string[]): string[] {
  return groups.length < 2 ? groups : [...new Set(groups)];
}

function changeOf(user: DirectoryUser, before: UserAccess, after: UserAccess): AccessChange | undefined {
  if (before.access === after.access || sameAccess(before.access, after.access)) return undefined;
  const { gained, lost } = diffAccess(before.access, after.access);
  if (gained.length === 0 && lost.length === 0) return undefined;
  return { user_id: user.id, userName: user.userName, gained, lost };
}
