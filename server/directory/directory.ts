import { randomUUID } from 'node:crypto';
import type { DirectoryStore, StoreTransaction, UserWithGroups } from '../store/directory-store.js';
import { StoreError, UnknownMemberError, type Member, type ResourceRecord } from '../store/types.js';
import { DirectoryError } from './errors.js';

/**
 * The directory domain: users, groups and memberships with their invariants (unique userName and group
 * displayName, case-insensitive; members must exist; deleting a user drops its memberships).
 *
 * Every change is one store transaction that reads what it changes: the read locks it until the transaction
 * ends (a row lock in PostgreSQL, the embedded store's one-at-a-time queue), so a concurrent request on this
 * node or another cannot slip in between the read and the write: no lost updates (fleetdm/fleet #50724 is
 * the failure this avoids). A change that is computed from the current resource (PUT checks, PATCH) gets it
 * inside the transaction, through a callback.
 */
export class Directory {
  constructor(
    readonly store: DirectoryStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ---- users ----

  getUser(id: string): Promise<ResourceRecord | undefined> {
    return this.store.getUser(id);
  }

  async requireUser(id: string): Promise<ResourceRecord> {
    return required(await this.store.getUser(id), 'User', id);
  }

  /** The user and the groups it belongs to, in one read. */
  async requireUserWithGroups(id: string): Promise<UserWithGroups> {
    const found = await this.store.getUserWithGroups(id);
    required(found?.record, 'User', id);
    return found!;
  }

  createUser(data: Record<string, unknown>, origin?: string): Promise<ResourceRecord> {
    const userName = requireString(data, 'userName');
    const record = this.newRecord({ active: true, ...data }, origin);
    return this.write(
      async (tx) => {
        // A userName another user has: the store refuses the write (StoreError('conflict'), below).
        await tx.putUser(record);
        return record;
      },
      () => userNameTaken(userName),
    );
  }

  /**
   * Many users in one transaction, each the record createUser would write: a bulk load (the benchmark seeds a
   * large directory this way). A userName taken by another user, or twice in `users`, fails the whole batch.
   */
  createUsers(users: readonly Record<string, unknown>[], origin?: string): Promise<ResourceRecord[]> {
    const records = users.map((data) => {
      requireString(data, 'userName');
      return this.newRecord({ active: true, ...data }, origin);
    });
    return this.write(
      async (tx) => {
        // Issued together: a database client pipelines them on the transaction's connection (one round trip
        // for the batch instead of three per user); each still writes, and is derived from, in this order.
        await Promise.all(records.map((record) => tx.putUser(record)));
        return records;
      },
      () => new DirectoryError('uniqueness', 'A userName of the batch is taken.'),
    );
  }

  /**
   * PUT and PATCH: `change` gets the stored user (locked until the transaction ends) and returns its new
   * attributes; it may throw (a failed If-Match, a bad PATCH) and nothing is written.
   */
  updateUser(id: string, change: (current: ResourceRecord) => Record<string, unknown>): Promise<ResourceRecord> {
    let userName = '';
    return this.write(
      async (tx) => {
        const current = required(await tx.getUser(id), 'User', id);
        const data = change(current);
        userName = requireString(data, 'userName');
        const record = this.nextVersion(current, data);
        await tx.putUser(record);
        return record;
      },
      () => userNameTaken(userName),
    );
  }

  /** `check` sees the user first (If-Match). The store drops the user from every group in the same transaction. */
  async deleteUser(id: string, check: (current: ResourceRecord) => void = () => undefined): Promise<void> {
    await this.write(async (tx) => {
      check(required(await tx.getUser(id), 'User', id));
      await tx.deleteUser(id);
    });
  }

  // ---- groups ----

  getGroup(id: string): Promise<ResourceRecord | undefined> {
    return this.store.getGroup(id);
  }

  async requireGroup(id: string): Promise<ResourceRecord> {
    return required(await this.store.getGroup(id), 'Group', id);
  }

  createGroup(data: Record<string, unknown>, members: Member[], origin?: string): Promise<ResourceRecord> {
    const displayName = requireString(data, 'displayName');
    const record = this.newRecord(data, origin);
    checkMembers(members, record.id);
    return this.write(
      async (tx) => {
        await tx.putGroup(record);
        if (members.length > 0) await tx.addMembers(record.id, members);
        return record;
      },
      () => displayNameTaken(displayName),
    );
  }

  /**
   * Updates a group: `change` gets the stored group and returns new attributes (or none: unchanged) and
   * membership steps, applied in order in the same transaction. A member add or remove is its own store
   * operation: the member list is never rewritten.
   *
   * A change of members alone (Okta's and Entra's member batches) locks the group last: the steps run first,
   * then the store raises the group's version under its lock, so concurrent batches to one group take turns
   * only for the end of their transactions (on PostgreSQL the group's row lock is held until the COMMIT is
   * on disk). `change` first sees the group as committed before the transaction; if another change came in
   * between, it sees the locked group again, so its checks (If-Match) hold on the version it replaces.
   * A change of attributes computes them from the group as locked, before anything else.
   */
  async updateGroup(id: string, change: (current: ResourceRecord) => GroupChange): Promise<ResourceRecord> {
    const seen = required(await this.store.getGroup(id), 'Group', id);
    const planned = change(seen);
    if (planned.data !== undefined) return this.replaceGroup(id, change);
    try {
      return await this.write(async (tx) => {
        await applySteps(tx, id, planned.members ?? []);
        const touched = await tx.touchGroup(id, this.now().toISOString());
        const before = required(touched?.before, 'Group', id);
        if (before.meta.version !== seen.meta.version) change(before);
        return touched!.after!;
      });
    } catch (error) {
      // The group deleted since the first look: its members' rows then fail the store's reference check
      // before the group is locked. That is a missing group, not a bad member.
      if (error instanceof StoreError && error.code === 'invalid' && !(await this.store.getGroup(id)))
        throw new DirectoryError('not-found', `Group ${id} not found.`);
      throw error;
    }
  }

  /** An update that changes attributes: everything computed from the group as locked. */
  private replaceGroup(id: string, change: (current: ResourceRecord) => GroupChange): Promise<ResourceRecord> {
    let displayName = '';
    return this.write(
      async (tx) => {
        const current = required(await tx.getGroup(id), 'Group', id);
        const { data = current.data, members = [] } = change(current);
        displayName = requireString(data, 'displayName');
        const record = this.nextVersion(current, data);
        await tx.putGroup(record);
        await applySteps(tx, id, members);
        return record;
      },
      () => displayNameTaken(displayName),
    );
  }

  /** `check` sees the group first (If-Match). The store drops its memberships, and the group from groups it belonged to. */
  async deleteGroup(id: string, check: (current: ResourceRecord) => void = () => undefined): Promise<void> {
    await this.write(async (tx) => {
      check(required(await tx.getGroup(id), 'Group', id));
      await tx.deleteGroup(id);
    });
  }

  /**
   * Runs one transaction. The store keeps the invariants (a userName or group displayName another record
   * has, case-insensitively, is refused however the writes race: a unique index lets one through), so the
   * directory does not look the name up first (a round trip per write on a database): the store's refusals
   * become the directory's errors. Okta shows the group's as "Resource [GROUP]: with displayName already
   * exists" on a failed push.
   */
  private async write<T>(work: (tx: StoreTransaction) => Promise<T>, taken?: () => DirectoryError): Promise<T> {
    try {
      return await this.store.transact(work);
    } catch (error) {
      if (error instanceof UnknownMemberError)
        throw new DirectoryError('invalid-value', `Member "${error.member}" is not a known User or Group id.`);
      if (error instanceof StoreError && error.code === 'conflict' && taken) throw taken();
      throw error;
    }
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
      meta: {
        created: current.meta.created,
        lastModified: this.now().toISOString(),
        version: current.meta.version + 1,
      },
    };
  }
}

export type MembershipStep =
  { kind: 'add'; members: Member[] } | { kind: 'remove'; values: string[] } | { kind: 'clear' };

export interface GroupChange {
  data?: Record<string, unknown>;
  members?: MembershipStep[];
}

/** Membership steps in order (a member add or remove is its own store operation). */
async function applySteps(tx: StoreTransaction, groupId: string, steps: readonly MembershipStep[]): Promise<void> {
  for (const step of steps) {
    if (step.kind === 'clear') await tx.clearMembers(groupId);
    else if (step.kind === 'add') {
      checkMembers(step.members, groupId);
      if (step.members.length > 0) await tx.addMembers(groupId, step.members);
    } else if (step.values.length > 0) await tx.removeMembers(groupId, step.values);
  }
}

function required(record: ResourceRecord | undefined, type: 'User' | 'Group', id: string): ResourceRecord {
  if (!record) throw new DirectoryError('not-found', `${type} ${id} not found.`);
  return record;
}

/** A group cannot contain itself; the store checks that every other member exists (and fills in its type). */
function checkMembers(members: readonly Member[], groupId: string): void {
  if (members.some((member) => member.value === groupId))
    throw new DirectoryError('invalid-value', 'A group cannot be a member of itself.');
}

const userNameTaken = (userName: string) =>
  new DirectoryError('uniqueness', `A user with userName "${userName}" already exists.`);
const displayNameTaken = (displayName: string) =>
  new DirectoryError('uniqueness', `A group with displayName "${displayName}" already exists.`);

function requireString(data: Record<string, unknown>, name: string): string {
  const value = data[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DirectoryError('invalid-value', `${name} is required and must be a non-empty string.`);
  }
  return value;
}
