/**
 * The access keeper of the embedded store: every user in an AccessIndex, read at start. A change re-evaluates
 * the users it touched in memory (members added to a group are applied as a delta), and what was told is kept
 * in memory too while this node leads. The embedded store holds the whole directory in memory anyway; this is
 * its speed (a 100-member PATCH re-evaluates in microseconds, a rule change in milliseconds).
 */
import { AccessIndex } from '../rules/access-index.js';
import {
  diffAccess,
  type Access,
  type AccessChange,
  type Conflict,
  type DirectoryUser,
  type UserAccess,
} from '../rules/access.js';
import type { Rule } from '../rules/rule.js';
import type { Role } from '../rules/roles.js';
import type { ChangeSummary, CommittedChange, DirectoryStore, DocumentReader } from '../store/directory-store.js';
import type { ResourceRecord } from '../store/types.js';
import {
  ACCESS_GRANTS,
  atOnce,
  type AccessKeeper,
  type Turn,
  type FollowContext,
  type FollowResult,
  type ToldAccess,
} from './access-keeper.js';
import { directoryUserOf, readDirectory } from './directory-users.js';
import type { GroupRename } from './lockout-guard.js';
import { storedRules } from './stored-config.js';

function displayNameOf(record: ResourceRecord | undefined): string | undefined {
  return typeof record?.data.displayName === 'string' ? record.data.displayName : undefined;
}

export class MemoryAccessKeeper implements AccessKeeper {
  private readonly groupNames = new Map<string, string>();
  private current: AccessIndex;
  /** What the feed has been told, by user id (kept in the store's `accessGrants`), while this node leads. */
  private toldMap = new Map<string, ToldAccess>();

  constructor(
    private readonly store: DirectoryStore,
    private readonly documents: DocumentReader,
    private readonly roles: readonly Role[],
  ) {
    this.current = new AccessIndex({ roles });
  }

  get heldUsers(): number {
    return this.current.userCount;
  }

  get index(): AccessIndex {
    return this.current;
  }

  get rules(): readonly Rule[] {
    return this.current.rules;
  }

  async load(): Promise<void> {
    const { users, groupNames } = await readDirectory(this.store);
    this.groupNames.clear();
    for (const [id, name] of groupNames) this.groupNames.set(id, name);
    this.current = new AccessIndex({ roles: this.roles, rules: storedRules(this.documents), users });
  }

  async beginLead(): Promise<void> {
    this.toldMap = new Map(await this.store.listDocEntries<ToldAccess>(ACCESS_GRANTS));
  }

  async follow(change: CommittedChange, context: FollowContext): Promise<FollowResult> {
    return this.apply(change.summary, context);
  }

  /** Everyone at once: the index is in memory, and comparing it takes milliseconds. */
  async compareEveryone(page: (changes: AccessChange[]) => Promise<void>, turn: Turn = atOnce): Promise<void> {
    await turn(async () => {
      const changes: AccessChange[] = [];
      const seen = new Set<string>();
      for (const user of this.current.users()) {
        seen.add(user.id);
        const { gained, lost } = diffAccess(this.toldMap.get(user.id)?.access ?? [], this.current.accessOf(user.id));
        if (gained.length > 0 || lost.length > 0)
          changes.push({ user_id: user.id, userName: user.userName, gained, lost });
      }
      for (const [id, told] of this.toldMap)
        if (!seen.has(id) && told.access.length > 0)
          changes.push({ user_id: id, userName: told.userName, gained: [], lost: told.access });
      await page(changes);
    });
  }

  told(change: AccessChange): ToldAccess | undefined {
    const access = this.current.accessOf(change.user_id);
    const entry = access.length > 0 ? { userName: change.userName, access: [...access] } : undefined;
    if (entry) this.toldMap.set(change.user_id, entry);
    else this.toldMap.delete(change.user_id);
    return entry;
  }

  written(): void {}

  async accessOfUsers(ids: readonly string[]): Promise<Map<string, UserAccess>> {
    return new Map(
      ids.map((id) => [id, { access: this.current.accessOf(id), conflicts: this.current.conflictsOf(id) }]),
    );
  }

  /** The live index holds everyone already. */
  async population(): Promise<AccessIndex> {
    return this.current;
  }

  async *everyone(): AsyncIterable<readonly DirectoryUser[]> {
    yield [...this.current.users()];
  }

  async activeUsers(): Promise<number> {
    let count = 0;
    for (const user of this.current.users()) if (user.active) count++;
    return count;
  }

  async groupDisplayNames(): Promise<string[]> {
    return [...this.groupNames.values()];
  }

  accessOf(userId: string): readonly Access[] {
    return this.current.accessOf(userId);
  }

  conflictsOf(userId: string): readonly Conflict[] {
    return this.current.conflictsOf(userId);
  }

  /** Re-evaluates what one committed change touched. */
  private async apply(summary: ChangeSummary, context: FollowContext): Promise<FollowResult> {
    const rulesChanged = summary.docs.some((doc) => doc.collection === 'rules');
    const groups = new Map<string, ResourceRecord | undefined>();
    for (const id of summary.groups) groups.set(id, await this.store.getGroup(id));
    const renamedOrDeleted = [...groups].some(
      ([id, record]) => this.groupNames.has(id) && this.groupNames.get(id) !== displayNameOf(record),
    );
    const onlyAdded =
      !rulesChanged &&
      !renamedOrDeleted &&
      summary.users.length === 0 &&
      summary.memberships.every((m) => m.removed.length === 0);
    if (onlyAdded) return { changes: await this.applyAddedMembers(summary, groups), warned: false };

    const affected = new Set<string>(summary.users);
    const renames: GroupRename[] = [];
    const formerMembers = (name: string | undefined) => {
      if (name !== undefined) for (const user of this.current.membersOf(name)) affected.add(user.id);
    };
    for (const [id, record] of groups) {
      const before = this.groupNames.get(id);
      const after = displayNameOf(record);
      if (!record) {
        formerMembers(before);
        this.groupNames.delete(id);
        continue;
      }
      if (after !== undefined) this.groupNames.set(id, after);
      if (before !== undefined && before !== after) {
        if (after !== undefined) renames.push({ groupId: id, from: before, to: after });
        formerMembers(before);
        for (const member of await this.store.members(id)) affected.add(member.value);
      }
    }
    for (const { added, removed } of summary.memberships)
      for (const value of [...added, ...removed]) affected.add(value);

    // Before the index moves on: does a rename through SCIM cost the current admin Super Admin?
    const warned = renames.length > 0 && context.warnAboutRenames(renames);
    const changes: AccessChange[] = [];
    for (const id of affected) changes.push(...(await this.reevaluate(id)));
    if (rulesChanged) changes.push(...this.current.setRules(storedRules(this.documents)));
    return { changes, warned };
  }

  /**
   * The most common SCIM write, members added to groups (with the groups' new versions, or a new group):
   * each new member joins one group, applied as that delta instead of re-reading all of the user's groups
   * (a 100-member PATCH).
   */
  private async applyAddedMembers(
    summary: ChangeSummary,
    groups: Map<string, ResourceRecord | undefined>,
  ): Promise<AccessChange[]> {
    for (const [id, record] of groups) {
      const name = displayNameOf(record);
      if (name !== undefined) this.groupNames.set(id, name);
    }
    const changes: AccessChange[] = [];
    for (const { groupId, added } of summary.memberships) {
      const name = this.groupNames.get(groupId);
      if (name === undefined) continue; // a group without a displayName matches no rule
      for (const member of added) {
        const change = this.current.changeGroup(member, name, true);
        if (change) changes.push(change);
        else if (change === undefined) changes.push(...(await this.reevaluate(member)));
      }
    }
    return changes;
  }

  private async reevaluate(id: string): Promise<AccessChange[]> {
    const user = await directoryUserOf(this.store, id);
    if (user) return this.current.upsertUser(user);
    return this.current.getUser(id) ? this.current.removeUser(id) : [];
  }
}
