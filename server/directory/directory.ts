import { randomUUID } from 'node:crypto';
import type { DirectoryRepository, Member, ResourceRecord, StoreOp } from '../store/types.js';
import { DirectoryError } from './errors.js';

/**
 * The directory domain: users, groups and memberships with their invariants (unique userName and group
 * displayName, case-insensitive; members must exist; deleting a user drops its memberships).
 *
 * Every method reads and prepares synchronously and then commits, so concurrent requests cannot interleave
 * between the read and the in-memory apply: no lost updates (fleetdm/fleet #50724 is the failure this avoids).
 */
export class Directory {
  constructor(
    readonly repo: DirectoryRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ---- users ----

  createUser(data: Record<string, unknown>, origin?: string): { record: ResourceRecord; done: Promise<void> } {
    const userName = requireString(data, 'userName');
    if (this.repo.findUserIdByUserName(userName) !== undefined) {
      throw new DirectoryError('uniqueness', `A user with userName "${userName}" already exists.`);
    }
    const record = this.newRecord({ active: true, ...data }, origin);
    return { record, done: this.repo.commit([{ op: 'putUser', record }]) };
  }

  /** PUT and the result of a PATCH: replaces the stored attributes. */
  replaceUser(id: string, data: Record<string, unknown>): { record: ResourceRecord; done: Promise<void> } {
    const current = this.requireUser(id);
    const userName = requireString(data, 'userName');
    const holder = this.repo.findUserIdByUserName(userName);
    if (holder !== undefined && holder !== id) throw new DirectoryError('uniqueness', `A user with userName "${userName}" already exists.`);
    const record = this.nextVersion(current, data);
    return { record, done: this.repo.commit([{ op: 'putUser', record }]) };
  }

  /** The store drops the user from every group in the same transaction. */
  deleteUser(id: string): Promise<void> {
    this.requireUser(id);
    return this.repo.commit([{ op: 'deleteUser', id }]);
  }

  requireUser(id: string): ResourceRecord {
    const record = this.repo.getUser(id);
    if (!record) throw new DirectoryError('not-found', `User ${id} not found.`);
    return record;
  }

  // ---- groups ----

  createGroup(data: Record<string, unknown>, members: Member[], origin?: string) {
    const displayName = requireString(data, 'displayName');
    if (this.repo.findGroupIdByDisplayName(displayName) !== undefined) {
      // Okta shows this text as "Resource [GROUP]: with displayName already exists" on a failed push.
      throw new DirectoryError('uniqueness', `A group with displayName "${displayName}" already exists.`);
    }
    const record = this.newRecord(data, origin);
    const ops: StoreOp[] = [{ op: 'putGroup', record }];
    const checked = this.checkMembers(members, record.id);
    if (checked.length > 0) ops.push({ op: 'addMembers', groupId: record.id, members: checked });
    return { record, done: this.repo.commit(ops) };
  }

  /**
   * Updates a group: new attributes (or unchanged when undefined) and membership changes, in one transaction.
   * `replaceMembers` (PUT, `replace members`) takes precedence over the incremental changes.
   */
  updateGroup(id: string, change: GroupChange) {
    const current = this.requireGroup(id);
    const data = change.data ?? current.data;
    const displayName = requireString(data, 'displayName');
    const holder = this.repo.findGroupIdByDisplayName(displayName);
    if (holder !== undefined && holder !== id) throw new DirectoryError('uniqueness', `A group with displayName "${displayName}" already exists.`);
    const record = this.nextVersion(current, data);
    const ops: StoreOp[] = [{ op: 'putGroup', record }];
    for (const step of change.members ?? []) {
      if (step.kind === 'clear') ops.push({ op: 'clearMembers', groupId: id });
      else if (step.kind === 'add') {
        const checked = this.checkMembers(step.members, id);
        if (checked.length > 0) ops.push({ op: 'addMembers', groupId: id, members: checked });
      } else if (step.values.length > 0) ops.push({ op: 'removeMembers', groupId: id, values: step.values });
    }
    return { record, done: this.repo.commit(ops) };
  }

  /** The store drops the group's memberships, and the group from groups it belonged to, in the same transaction. */
  deleteGroup(id: string): Promise<void> {
    this.requireGroup(id);
    return this.repo.commit([{ op: 'deleteGroup', id }]);
  }

  requireGroup(id: string): ResourceRecord {
    const record = this.repo.getGroup(id);
    if (!record) throw new DirectoryError('not-found', `Group ${id} not found.`);
    return record;
  }

  /** Members must be existing users or groups; `type` is filled in from what the id is. */
  private checkMembers(members: Member[], groupId: string): Member[] {
    const seen = new Map<string, Member>();
    for (const member of members) {
      if (member.value === groupId) throw new DirectoryError('invalid-value', 'A group cannot be a member of itself.');
      const type = this.repo.getUser(member.value) ? 'User' : this.repo.getGroup(member.value) ? 'Group' : undefined;
      if (!type) throw new DirectoryError('invalid-value', `Member "${member.value}" is not a known User or Group id.`);
      const clean: Member = { value: member.value, type };
      if (member.display !== undefined) clean.display = member.display;
      seen.set(member.value, clean);
    }
    return [...seen.values()];
  }

  private newRecord(data: Record<string, unknown>, origin?: string): ResourceRecord {
    const time = this.now().toISOString();
    const record: ResourceRecord = { id: randomUUID(), meta: { created: time, lastModified: time, version: 1 }, data };
    if (origin !== undefined) record.origin = origin;
    return record;
  }

  private nextVersion(current: ResourceRecord, data: Record<string, unknown>): ResourceRecord {
    return {
      ...current,
      data,
      meta: { created: current.meta.created, lastModified: this.now().toISOString(), version: current.meta.version + 1 },
    };
  }
}

export type MembershipStep =
  | { kind: 'add'; members: Member[] }
  | { kind: 'remove'; values: string[] }
  | { kind: 'clear' };

export interface GroupChange {
  data?: Record<string, unknown>;
  members?: MembershipStep[];
}

function requireString(data: Record<string, unknown>, name: string): string {
  const value = data[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DirectoryError('invalid-value', `${name} is required and must be a non-empty string.`);
  }
  return value;
}
