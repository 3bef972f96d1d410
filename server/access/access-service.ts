/**
 * Keeps the rules engine's access index in step with the directory, and writes every change of a user's
 * access to the activity log once the transaction that caused it is durable.
 *
 * It listens to the repository's committed transactions (whoever wrote them: the SCIM endpoint, the admin
 * API, an offline CLI command) and re-evaluates only the users a transaction touches:
 *   putUser / deleteUser            that user
 *   addMembers / removeMembers      those members
 *   clearMembers                    the group's former members
 *   putGroup with a new displayName the group's members (before and after)
 *   deleteGroup                     its former members
 *   a rule document put or deleted  everyone (the index diffs and reports only real changes)
 * Former members come from the index, which still holds the state before the transaction; names come from
 * this service's own group id -> displayName map, because the repository has already forgotten them.
 * A transaction that only adds members (with the groups' new versions: what a SCIM PATCH commits) is
 * applied as a delta instead: each new member joins one group name in the index.
 *
 * Access is computed whether or not auto user provisioning is enabled (the preview and the admin's "who has
 * what" need it either way), and changes are logged either way too: an admin designing rules wants to see
 * them. While provisioning is off, each message says that it is a preview only.
 */
import { ActivityQueue } from '../activity/activity-queue.js';
import type { ActivityInput, ActivitySink } from '../activity/types.js';
import { AccessIndex } from '../rules/access-index.js';
import { diffAccess, type Access, type AccessChange, type Conflict } from '../rules/access.js';
import { describeGrants } from '../rules/describe-change.js';
import { organizationalUnitName } from '../rules/organizational-units.js';
import type { Rule } from '../rules/rule.js';
import { BUILT_IN_ROLES, roleName, type Role } from '../rules/roles.js';
import type { CommitContext, DirectoryRepository, ResourceRecord, StoreOp } from '../store/types.js';
import { directoryUserOf, directoryUsers, groupNameOf } from './directory-users.js';
import { adminLostSuperAdminWarnings, groupRenameWarnings, type GroupRename } from './lockout-guard.js';
import { autoUserProvisioningEnabled, generalSettings, organizationalUnits, storedRules } from './stored-config.js';

export interface AccessServiceOptions {
  readonly repo: DirectoryRepository;
  /** Where access changes and guard warnings go, once their transaction is durable: the ActivityLog, or
   * the queue that orders them after the admin change that caused them. */
  readonly activity: ActivitySink | ActivityQueue;
  readonly roles?: readonly Role[];
  /** Where a failure to follow a commit is reported (default: stderr). */
  readonly report?: (message: string) => void;
}

function displayNameOf(record: ResourceRecord): string | undefined {
  return typeof record.data.displayName === 'string' ? record.data.displayName : undefined;
}

export class AccessService {
  readonly roles: readonly Role[];
  private readonly repo: DirectoryRepository;
  private readonly activity: ActivityQueue;
  private readonly report: (message: string) => void;
  private readonly groupNames = new Map<string, string>();
  /** Activity lines of the transaction being followed, handed to the queue when it is done. */
  private pending: ActivityInput[] = [];
  /** Undefined while no rule is stored: then nobody has any access, and the index (a copy of every user) is
   * built only when something asks for it or the first rule arrives (a 50,000-user start saves ~150 ms). */
  private current: AccessIndex | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Told of each transaction's access changes while it is being committed (the change feed's access.*). */
  private readonly changeListeners = new Set<(changes: readonly AccessChange[], commit: CommitContext) => void>();

  constructor(options: AccessServiceOptions) {
    this.repo = options.repo;
    this.report = options.report ?? ((message) => console.error(`scim-desk: ${message}`));
    this.activity = options.activity instanceof ActivityQueue ? options.activity : new ActivityQueue(options.activity, this.report);
    this.roles = options.roles ?? BUILT_IN_ROLES;
  }

  /** Evaluates every user against the stored rules (not logged: nothing changed) and starts following commits. */
  start(): void {
    if (this.unsubscribe) return;
    this.load();
    this.unsubscribe = this.repo.onCommit((ops, commit) => this.follow(ops, commit));
  }

  /** Group names and the index, read from the store as it is now. */
  private load(): void {
    this.groupNames.clear();
    for (const id of this.repo.groupIds()) {
      const name = groupNameOf(this.repo, id);
      if (name !== undefined) this.groupNames.set(id, name);
    }
    const rules = storedRules(this.repo);
    this.current = rules.length > 0 ? this.buildIndex(rules) : undefined;
  }

  /**
   * Follows one committed transaction: the index moves on, and what changed reaches the activity log once
   * the transaction is durable (and the change feed in the same journal line). If following fails, the
   * index is not trusted to be right: the failure is reported and the index rebuilt from the store, so it
   * agrees with the directory again; the changes logged are those between what it knew and the rebuilt one.
   */
  private follow(ops: readonly StoreOp[], commit: CommitContext): void {
    const before = this.current;
    let changes: AccessChange[];
    try {
      changes = this.apply(ops);
    } catch (error) {
      changes = this.rebuild(before, error);
    }
    const lines = this.pending;
    this.pending = [];
    this.activity.afterDurable(commit.durable, lines);
    if (changes.length === 0) return;
    for (const listener of this.changeListeners) {
      try {
        listener(changes, commit);
      } catch (error) {
        this.report(`an access-change listener failed, so this transaction's access events are missing from the change feed: ${messageOf(error)}`);
      }
    }
  }

  private rebuild(before: AccessIndex | undefined, error: unknown): AccessChange[] {
    this.report(`the access index failed to follow a commit (${messageOf(error)}); rebuilding it from the store`);
    this.pending = [];
    this.load();
    const changes = changesBetween(before, this.current);
    if (changes.length > 0) {
      this.log(changes);
      this.warnIfAdminLockedOut(changes);
    }
    return changes;
  }

  /** Subscribes to access changes as transactions commit; `commit` adds events to the same transaction. */
  onAccessChanges(listener: (changes: readonly AccessChange[], commit: CommitContext) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private buildIndex(rules: readonly Rule[]): AccessIndex {
    return new AccessIndex({ roles: this.roles, rules, users: directoryUsers(this.repo, this.nameOf) });
  }

  /** The index, built now if it was waiting for a first use. */
  private get live(): AccessIndex {
    return (this.current ??= this.buildIndex(storedRules(this.repo)));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The live index: current users, rules and access (also the population for previews and the guard). */
  get index(): AccessIndex {
    return this.live;
  }

  get rules(): readonly Rule[] {
    return this.current?.rules ?? [];
  }

  accessOf(userId: string): readonly Access[] {
    return this.current?.accessOf(userId) ?? [];
  }

  conflictsOf(userId: string): readonly Conflict[] {
    return this.current?.conflictsOf(userId) ?? [];
  }

  /** Every group display name in the directory, empty groups included (for near-miss warnings). */
  groupDisplayNames(): string[] {
    return [...this.groupNames.values()];
  }

  /** Re-evaluates what one committed transaction touched; returns the access changes it logged. */
  private apply(ops: readonly StoreOp[]): AccessChange[] {
    if (!this.current) return this.applyWithoutIndex(ops);
    const membersAdded = ops.every((op) => op.op === 'addMembers' || (op.op === 'putGroup' && !this.isRename(op.record)));
    const { changes, warned } = membersAdded ? { changes: this.applyAddedMembers(ops), warned: false } : this.reevaluateTouched(ops);
    if (changes.length > 0) this.log(changes);
    if (changes.length > 0 && !warned) this.warnIfAdminLockedOut(changes);
    return changes;
  }

  /**
   * The most common SCIM write, members added to groups (with the groups' new versions, or a new group):
   * each new member joins one group, applied as that delta instead of re-reading all of the user's groups
   * (a 100-member PATCH).
   */
  private applyAddedMembers(ops: readonly StoreOp[]): AccessChange[] {
    for (const op of ops) if (op.op === 'putGroup') this.noteGroupName(op.record);
    const changes: AccessChange[] = [];
    for (const op of ops) {
      if (op.op !== 'addMembers') continue;
      const name = this.groupNames.get(op.groupId);
      if (name === undefined) continue; // a group without a displayName matches no rule
      for (const member of op.members) {
        if (member.type === 'Group') continue;
        const change = this.live.changeGroup(member.value, name, true);
        if (change) changes.push(change);
        else if (change === undefined) changes.push(...this.reevaluate(member.value));
      }
    }
    return changes;
  }

  /**
   * No index yet, so no rule so far and nobody has access: only group names are followed, until a rule
   * arrives. Then everyone is evaluated from "no access", so the diff logs what the new rules grant.
   */
  private applyWithoutIndex(ops: readonly StoreOp[]): AccessChange[] {
    for (const op of ops) {
      if (op.op === 'putGroup') this.noteGroupName(op.record);
      else if (op.op === 'deleteGroup') this.groupNames.delete(op.id);
    }
    const rules = storedRules(this.repo);
    if (rules.length === 0) return [];
    this.current = this.buildIndex([]);
    const changes = this.current.setRules(rules);
    if (changes.length > 0) {
      this.log(changes);
      this.warnIfAdminLockedOut(changes);
    }
    return changes;
  }

  /** Would this group record change the display name the rules know the group by? */
  private isRename(record: ResourceRecord): boolean {
    const before = this.groupNames.get(record.id);
    return before !== undefined && before !== displayNameOf(record);
  }

  private noteGroupName(record: ResourceRecord): void {
    const name = displayNameOf(record);
    if (name !== undefined) this.groupNames.set(record.id, name);
  }

  private reevaluate(id: string): AccessChange[] {
    const user = directoryUserOf(this.repo, id, this.nameOf);
    if (user) return this.live.upsertUser(user);
    return this.live.getUser(id) ? this.live.removeUser(id) : [];
  }

  private reevaluateTouched(ops: readonly StoreOp[]): { changes: AccessChange[]; warned: boolean } {
    const affected = new Set<string>();
    const renames: GroupRename[] = [];
    const namesBefore = new Map(this.groupNames);
    const formerMembers = (groupId: string) => {
      const name = namesBefore.get(groupId);
      if (name !== undefined) for (const user of this.live.membersOf(name)) affected.add(user.id);
    };
    let rulesChanged = false;

    for (const op of ops) {
      switch (op.op) {
        case 'putUser':
          affected.add(op.record.id);
          break;
        case 'deleteUser':
          affected.add(op.id);
          break;
        case 'putGroup': {
          const before = namesBefore.get(op.record.id);
          const after = displayNameOf(op.record);
          this.noteGroupName(op.record);
          if (before !== undefined && before !== after) {
            if (after !== undefined) renames.push({ groupId: op.record.id, from: before, to: after });
            formerMembers(op.record.id);
            for (const id of this.repo.members(op.record.id).keys()) affected.add(id);
          }
          break;
        }
        case 'deleteGroup':
          formerMembers(op.id);
          this.groupNames.delete(op.id);
          break;
        case 'addMembers':
          for (const member of op.members) if (member.type !== 'Group') affected.add(member.value);
          break;
        case 'removeMembers':
          for (const value of op.values) affected.add(value);
          break;
        case 'clearMembers':
          formerMembers(op.groupId);
          break;
        case 'putDoc':
        case 'deleteDoc':
          if (op.collection === 'rules') rulesChanged = true;
          break;
      }
    }

    // Before the index moves on: does a rename through SCIM cost the current admin Super Admin?
    const warned = renames.length > 0 && this.warnAboutRenames(renames);

    const changes: AccessChange[] = [];
    for (const id of affected) changes.push(...this.reevaluate(id));
    if (rulesChanged) changes.push(...this.live.setRules(storedRules(this.repo)));
    return { changes, warned };
  }

  /** Group names from this service's map, which apply() keeps current before re-evaluating anyone. */
  private readonly nameOf = (groupId: string) => this.groupNames.get(groupId);

  private warnIfAdminLockedOut(changes: readonly AccessChange[]): void {
    const { current_admin } = generalSettings(this.repo);
    this.pending.push(...adminLostSuperAdminWarnings(changes, current_admin, autoUserProvisioningEnabled(this.repo)));
  }

  /** Returns whether a warning was logged. */
  private warnAboutRenames(renames: readonly GroupRename[]): boolean {
    const { current_admin } = generalSettings(this.repo);
    const warnings = groupRenameWarnings(renames, { index: this.live, roles: this.roles, currentAdmin: current_admin, enabled: autoUserProvisioningEnabled(this.repo) });
    this.pending.push(...warnings);
    return warnings.length > 0;
  }

  private log(changes: readonly AccessChange[]): void {
    const units = organizationalUnits(this.repo);
    const previewOnly = autoUserProvisioningEnabled(this.repo) ? '' : ' (preview only: auto user provisioning is off)';
    const entry = (change: AccessChange, access: Access, kind: 'gained' | 'lost'): ActivityInput => {
      const what = `${roleName(this.roles, access.role_id)} on OU ${organizationalUnitName(units, access.organizational_unit_id)}`;
      const why = describeGrants(access.rules);
      const first = access.rules[0];
      return {
        kind: 'access',
        user_id: change.user_id,
        userName: change.userName,
        change: kind,
        role_id: access.role_id,
        organizational_unit_id: access.organizational_unit_id,
        ...(first ? { rule_id: first.rule_id, rule_name: first.name, via_group: first.via_group } : {}),
        message: `${change.userName} ${kind === 'gained' ? `gained ${what} ${why}` : `lost ${what} (had it ${why})`}${previewOnly}`,
      };
    };
    for (const change of changes) {
      for (const access of change.lost) this.pending.push(entry(change, access, 'lost'));
      for (const access of change.gained) this.pending.push(entry(change, access, 'gained'));
    }
  }
}

/** Every user's (role, OU) pairs gained and lost between two indexes (either may be absent: no rules). */
function changesBetween(before: AccessIndex | undefined, after: AccessIndex | undefined): AccessChange[] {
  const changes: AccessChange[] = [];
  const seen = new Set<string>();
  for (const index of [after, before]) {
    for (const user of index?.users() ?? []) {
      if (seen.has(user.id)) continue;
      seen.add(user.id);
      const { gained, lost } = diffAccess(before?.accessOf(user.id) ?? [], after?.accessOf(user.id) ?? []);
      if (gained.length > 0 || lost.length > 0) changes.push({ user_id: user.id, userName: user.userName, gained, lost });
    }
  }
  return changes;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
