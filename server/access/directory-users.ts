/**
 * The slice of the directory the rules look at, read from the store: a user's userName, whether it is
 * active, and the display names of the groups it is a DIRECT member of. Okta and Entra push flat groups, so
 * nested group membership is not followed (a group inside a group gives its members nothing).
 */
import type { DirectoryUser } from '../rules/access.js';
import type { DirectoryStore, UserWithGroups } from '../store/directory-store.js';
import type { ResourceRecord } from '../store/types.js';

/** SCIM's `active` defaults to true; only an explicit false deactivates (Okta's off-boarding signal). */
export function isActiveRecord(data: Record<string, unknown>): boolean {
  return data.active !== false;
}

export function toDirectoryUser(record: ResourceRecord, groups: string[]): DirectoryUser {
  const user = {
    id: record.id,
    userName: String(record.data.userName ?? ''),
    active: isActiveRecord(record.data),
    groups,
  };
  return typeof record.data.displayName === 'string' ? { ...user, displayName: record.data.displayName } : user;
}

/** A user read with its groups, as the rules see it (groups without a display name give nothing). */
export function withGroupsToDirectoryUser(found: UserWithGroups): DirectoryUser {
  return toDirectoryUser(
    found.record,
    found.groups.flatMap((group) => (group.displayName === undefined ? [] : [group.displayName])),
  );
}

/** One user as the rules see it now, or undefined when there is no such user. */
export async function directoryUserOf(store: DirectoryStore, id: string): Promise<DirectoryUser | undefined> {
  const found = await store.getUserWithGroups(id);
  return found && withGroupsToDirectoryUser(found);
}

const PAGE = 1000;

/** Every record of one kind, a page at a time, in creation order. */
export async function* everyRecord(list: DirectoryStore['listUsers']): AsyncGenerator<ResourceRecord> {
  for (let offset = 0; ; offset += PAGE) {
    const { records } = await list({ offset, limit: PAGE });
    yield* records;
    if (records.length < PAGE) return;
  }
}

/**
 * Every user as the rules see it, and every group's display name: the groups are read with their members
 * (one read per group, not per user), then the users a page at a time.
 */
export async function readDirectory(
  store: DirectoryStore,
): Promise<{ users: DirectoryUser[]; groupNames: Map<string, string> }> {
  const groupNames = new Map<string, string>();
  const groupsOfUser = new Map<string, string[]>();
  for await (const group of everyRecord((query) => store.listGroups(query))) {
    const name = typeof group.data.displayName === 'string' ? group.data.displayName : undefined;
    if (name === undefined) continue;
    groupNames.set(group.id, name);
    for (const member of await store.members(group.id)) {
      if (member.type !== 'User') continue;
      const groups = groupsOfUser.get(member.value);
      if (groups) groups.push(name);
      else groupsOfUser.set(member.value, [name]);
    }
  }
  const users: DirectoryUser[] = [];
  for await (const records of store.walkUsers(PAGE))
    for (const record of records) users.push(toDirectoryUser(record, groupsOfUser.get(record.id) ?? []));
  return { users, groupNames };
}
