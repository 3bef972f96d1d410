/** Finding and removing what rehearsals created: resources whose origin is a rehearsal token. */
import type { TokenService } from '../auth/token-service.js';
import type { DirectoryRepository, StoreOp } from '../store/types.js';
import { isRehearsalTokenLabel } from './rehearsal-token.js';

export function rehearsalTokenIds(tokens: TokenService): Set<string> {
  return new Set(tokens.list().filter((t) => isRehearsalTokenLabel(t.label)).map((t) => t.id));
}

export function rehearsalResources(repo: DirectoryRepository, tokenIds: ReadonlySet<string>): { userIds: string[]; groupIds: string[] } {
  const mine = (origin: string | undefined) => origin !== undefined && tokenIds.has(origin);
  return {
    userIds: repo.userIds().filter((id) => mine(repo.getUser(id)?.origin)),
    groupIds: repo.groupIds().filter((id) => mine(repo.getGroup(id)?.origin)),
  };
}

/** Removes rehearsal users and groups in one transaction (groups first: their memberships go with them). */
export async function removeRehearsalData(repo: DirectoryRepository, tokens: TokenService): Promise<{ users: number; groups: number }> {
  const { userIds, groupIds } = rehearsalResources(repo, rehearsalTokenIds(tokens));
  const ops: StoreOp[] = [
    ...groupIds.map((id): StoreOp => ({ op: 'deleteGroup', id })),
    ...userIds.map((id): StoreOp => ({ op: 'deleteUser', id })),
  ];
  if (ops.length > 0) await repo.commit(ops);
  return { users: userIds.length, groups: groupIds.length };
}
