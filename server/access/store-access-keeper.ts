/**
 * The access keeper of PostgreSQL: no user in memory but the current admin. The rules only ask which groups
 * a user is a direct member of, and their conditions are positive (a user in no group a rule names has no
 * access), so what a change did to access is found from the change alone:
 *
 *   a user written or deleted          that user
 *   members added or removed           those members (a deleted group's members are reported removed)
 *   a group renamed                    its members now (a rename keeps the members)
 *   a rule document put or deleted     everyone, walked a page at a time
 *
 * Those users are read from the database with their groups (one read per change), evaluated, and compared
 * with what was told (`accessGrants`, read for those users only). So only the leader, which tells, computes
 * anything; the other nodes keep the admin up to date (the lock-out watch and the alarm read it) and nothing
 * else. A node's memory does not grow with the directory, and a restart reads nothing but the admin.
 */
import { AccessIndex } from '../rules/access-index.js';
import {
  NO_ACCESS,
  diffAccess,
  type Access,
  type AccessChange,
  type Conflict,
  type DirectoryUser,
  type UserAccess,
} from '../rules/access.js';
import { RuleEvaluator } from '../rules/evaluator.js';
import type { Rule } from '../rules/rule.js';
import type { Role } from '../rules/roles.js';
import type { CommittedChange, DirectoryStore, DocumentReader, UserWithGroups } from '../store/directory-store.js';
import { ACTIVE_USER } from '../store/query/active-users.js';
import {
  ACCESS_GRANTS,
  atOnce,
  type AccessKeeper,
  type Turn,
  type FollowContext,
  type FollowResult,
  type ToldAccess,
} from './access-keeper.js';
import { everyRecord, withGroupsToDirectoryUser } from './directory-users.js';
import type { GroupRename } from './lockout-guard.js';
import { generalSettings, storedRules } from './stored-config.js';

/** Users read, evaluated and compared at a time (one read of users and one of their told access each). */
export const ACCESS_PAGE = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export class StoreAccessKeeper implements AccessKeeper {
  /** The current admin only (with the rules): what the lock-out watch, the alarm and the guard's admin read. */
  private pinned: AccessIndex;
  /** The admin's groups, id -> display name: a rename of one of them is known with its old name. */
  private adminGroups = new Map<string, string>();
  private evaluator: RuleEvaluator;
  /** Told access this node wrote or is writing and the store may not show yet: read before the store. */
  private readonly unwritten = new Map<string, ToldAccess | undefined>();
  /** Access now of the users of the change (or page) being followed: what is recorded when it is told. */
  private now = new Map<string, readonly Access[]>();

  constructor(
    private readonly store: DirectoryStore,
    private readonly documents: DocumentReader,
    private readonly roles: readonly Role[],
    private readonly pageSize = ACCESS_PAGE,
  ) {
    this.pinned = new AccessIndex({ roles });
    this.evaluator = new RuleEvaluator([], roles);
  }

  get heldUsers(): number {
    return this.pinned.userCount;
  }

  get index(): AccessIndex {
    return this.pinned;
  }

  get rules(): readonly Rule[] {
    return this.pinned.rules;
  }

  async load(): Promise<void> {
    const rules = storedRules(this.documents);
    this.pinned = new AccessIndex({ roles: this.roles, rules });
    this.evaluator = new RuleEvaluator(rules, this.roles);
    await this.pinAdmin();
  }

  async beginLead(): Promise<void> {}

  async follow(change: CommittedChange, context: FollowContext): Promise<FollowResult> {
    const { summary } = change;
    const rulesChanged = summary.docs.some((doc) => doc.collection === 'rules');
    const settingsChanged = summary.docs.some((doc) => doc.collection === 'settings');
    const renamed = summary.renamedGroups ?? [];
    if (rulesChanged) {
      const rules = storedRules(this.documents);
      this.evaluator = new RuleEvaluator(rules, this.roles);
      this.pinned.setRules(rules);
    }
    if (!context.leading) {
      if (settingsChanged || this.touchesAdmin(change)) await this.pinAdmin();
      return { changes: [], warned: false };
    }

    // Before the admin moves on: does a rename through SCIM cost the current admin Super Admin?
    const renames: GroupRename[] = [];
    for (const { groupId, from, to } of renamed)
      if (from !== undefined && to !== undefined) renames.push({ groupId, from, to });
    const warned = renames.length > 0 && context.warnAboutRenames(renames);

    if (rulesChanged) {
      await this.compareEveryone((changes) => context.tellPage(changes));
      if (settingsChanged) await this.pinAdmin();
      return { changes: [], warned };
    }
    const affected = new Set<string>(summary.users);
    for (const { added, removed } of summary.memberships) for (const id of [...added, ...removed]) affected.add(id);
    for (const { groupId } of renamed)
      for (const member of await this.store.members(groupId)) if (member.type === 'User') affected.add(member.value);
    const changes: AccessChange[] = [];
    this.now = new Map();
    for (const ids of chunks([...affected], this.pageSize)) changes.push(...(await this.compare(ids)));
    if (settingsChanged) await this.pinAdmin();
    return { changes, warned };
  }

  /**
   * A page at a time, each compared in its own turn: changes committed meanwhile are followed between pages
   * (what they tell is read as told by the pages after them).
   */
  async compareEveryone(page: (changes: AccessChange[]) => Promise<void>, turn: Turn = atOnce): Promise<void> {
    const comparePage = (ids: readonly string[]) =>
      turn(async () => {
        this.now = new Map();
        const changes = await this.compare(ids);
        if (changes.length > 0) await page(changes);
        this.now = new Map();
      });
    for await (const records of this.store.walkUsers(this.pageSize))
      await comparePage(records.map((record) => record.id));
    // Told of, but no longer in the directory (a crash between a deletion and its access events).
    for await (const ids of this.store.walkDocIds(ACCESS_GRANTS, this.pageSize)) {
      const found = new Set((await this.store.usersWithGroups(ids)).map((user) => user.record.id));
      const gone = ids.filter((id) => !found.has(id));
      if (gone.length > 0) await comparePage(gone);
    }
  }

  told(change: AccessChange): ToldAccess | undefined {
    const access = this.now.get(change.user_id) ?? [];
    const entry = access.length > 0 ? { userName: change.userName, access: [...access] } : undefined;
    this.unwritten.set(change.user_id, entry);
    return entry;
  }

  written(entries: readonly (readonly [string, ToldAccess | undefined])[]): void {
    // A later tell of the same user may be queued behind this write: only its own entry is dropped.
    for (const [id, entry] of entries) if (this.unwritten.get(id) === entry) this.unwritten.delete(id);
  }

  async accessOfUsers(ids: readonly string[]): Promise<Map<string, UserAccess>> {
    const result = new Map<string, UserAccess>();
    for (const part of chunks(ids, this.pageSize))
      for (const found of await this.store.usersWithGroups(part))
        result.set(found.record.id, this.evaluator.evaluate(withGroupsToDirectoryUser(found)));
    return result;
  }

  async population(ruleSets: readonly (readonly Rule[])[], userNames: readonly string[]): Promise<AccessIndex> {
    const evaluators = ruleSets.map((rules) => new RuleEvaluator(rules, this.roles));
    const ids = new Set<string>();
    for await (const group of everyRecord((query) => this.store.listGroups(query))) {
      const name = typeof group.data.displayName === 'string' ? group.data.displayName : undefined;
      if (name === undefined || !evaluators.some((evaluator) => evaluator.isRelevantGroup(name))) continue;
      for (const member of await this.store.members(group.id)) if (member.type === 'User') ids.add(member.value);
    }
    for (const userName of userNames) {
      const id = await this.store.findUserIdByUserName(userName);
      if (id !== undefined) ids.add(id);
    }
    const users: DirectoryUser[] = [];
    for (const part of chunks([...ids], this.pageSize))
      for (const found of await this.store.usersWithGroups(part)) users.push(withGroupsToDirectoryUser(found));
    return new AccessIndex({ roles: this.roles, rules: this.pinned.rules, users });
  }

  async *everyone(): AsyncIterable<readonly DirectoryUser[]> {
    for await (const records of this.store.walkUsers(this.pageSize))
      yield (await this.store.usersWithGroups(records.map((record) => record.id))).map(withGroupsToDirectoryUser);
  }

  async activeUsers(): Promise<number> {
    return (await this.store.listUsers({ where: ACTIVE_USER, offset: 0, limit: 0 })).total;
  }

  async groupDisplayNames(): Promise<string[]> {
    const names: string[] = [];
    for await (const group of everyRecord((query) => this.store.listGroups(query)))
      if (typeof group.data.displayName === 'string') names.push(group.data.displayName);
    return names;
  }

  accessOf(userId: string): readonly Access[] {
    return this.pinned.accessOf(userId);
  }

  conflictsOf(userId: string): readonly Conflict[] {
    return this.pinned.conflictsOf(userId);
  }

  /** These users as the rules see them now, against what was told: the changes (their access now is kept for `told`). */
  private async compare(ids: readonly string[]): Promise<AccessChange[]> {
    const [found, stored] = await Promise.all([
      this.store.usersWithGroups(ids),
      this.store.docEntriesOf<ToldAccess>(
        ACCESS_GRANTS,
        ids.filter((id) => !this.unwritten.has(id)),
      ),
    ]);
    const told = new Map<string, ToldAccess | undefined>(stored);
    for (const id of ids) if (this.unwritten.has(id)) told.set(id, this.unwritten.get(id));
    const users = new Map(found.map((user) => [user.record.id, user]));
    const admin = generalSettings(this.documents).current_admin?.toLowerCase();
    const changes: AccessChange[] = [];
    for (const id of ids) {
      const read = users.get(id);
      const user = read && withGroupsToDirectoryUser(read);
      const result = user ? this.evaluator.evaluate(user) : NO_ACCESS;
      this.now.set(id, result.access);
      const before = told.get(id);
      const { gained, lost } = diffAccess(before?.access ?? [], result.access);
      if (gained.length > 0 || lost.length > 0)
        changes.push({ user_id: id, userName: user?.userName ?? before?.userName ?? id, gained, lost });
      if (read && user && user.userName.toLowerCase() === admin) this.pin(read);
      else if (this.pinned.getUser(id)) this.pinned.removeUser(id);
    }
    return changes;
  }

  /** Whether a change may have changed the admin: the admin written, or one of the admin's groups touched. */
  private touchesAdmin(change: CommittedChange): boolean {
    const admin = [...this.pinned.users()][0];
    const { summary } = change;
    if (!admin) return summary.users.length > 0; // a user created with the admin's userName
    return (
      summary.users.includes(admin.id) ||
      summary.groups.some((id) => this.adminGroups.has(id)) ||
      summary.memberships.some((m) => m.added.includes(admin.id))
    );
  }

  /** Reads the current admin (by userName) into the pinned index, with the names of its groups. */
  private async pinAdmin(): Promise<void> {
    const userName = generalSettings(this.documents).current_admin;
    const id = userName === null ? undefined : await this.store.findUserIdByUserName(userName);
    const found = id === undefined ? undefined : await this.store.getUserWithGroups(id);
    for (const user of [...this.pinned.users()]) if (user.id !== found?.record.id) this.pinned.removeUser(user.id);
    this.adminGroups = new Map();
    if (found) this.pin(found);
  }

  private pin(found: UserWithGroups): void {
    for (const user of [...this.pinned.users()]) if (user.id !== found.record.id) this.pinned.removeUser(user.id);
    this.pinned.upsertUser(withGroupsToDirectoryUser(found));
    this.adminGroups = new Map();
    for (const group of found.groups)
      if (group.displayName !== undefined) this.adminGroups.set(group.id, group.displayName);
  }
}
