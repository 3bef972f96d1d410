/**
 * The slice of the directory the rules look at, read from the repository: a user's userName, whether it
 * is active, and the display names of the groups it is a DIRECT member of. Okta and Entra push flat
 * groups, so nested group membership is not followed (a group inside a group gives its members nothing).
 */
import type { DirectoryUser } from '../rules/access.js';
import type { DirectoryRepository } from '../store/types.js';

/** SCIM's `active` defaults to true; only an explicit false deactivates (Okta's off-boarding signal). */
export function isActiveRecord(data: Record<string, unknown>): boolean {
  return data.active !== false;
}

export function groupNameOf(repo: DirectoryRepository, groupId: string): string | undefined {
  const name = repo.getGroup(groupId)?.data.displayName;
  return typeof name === 'string' ? name : undefined;
}

/** `nameOf` resolves group ids to display names (default: from the repository; a cached map is faster). */
export function directoryUserOf(
  repo: DirectoryRepository,
  id: string,
  nameOf: (groupId: string) => string | undefined = (groupId) => groupNameOf(repo, groupId),
): DirectoryUser | undefined {
  const record = repo.getUser(id);
  if (!record) return undefined;
  const groups: string[] = [];
  for (const groupId of repo.groupIdsOfMember(id)) {
    const name = nameOf(groupId);
    if (name !== undefined) groups.push(name);
  }
  return { id, userName: String(record.data.userName ?? ''), active: isActiveRecord(record.data), groups };
}

export function* directoryUsers(repo: DirectoryRepository, nameOf?: (groupId: string) => string | undefined): IterableIterator<DirectoryUser> {
  for (const id of repo.userIds()) {
    const user = directoryUserOf(repo, id, nameOf);
    if (user) yield user;
  }
}
