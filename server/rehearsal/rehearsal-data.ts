/** Finding and removing what rehearsals created: resources whose origin is a rehearsal token. */
import type { TokenService } from '../auth/token-service.js';
import type { DirectoryStore } from '../store/directory-store.js';
import type { Condition, RecordQuery } from '../store/query/types.js';
import type { ResourceRecord } from '../store/types.js';
import { isRehearsalTokenLabel } from './rehearsal-token.js';

export function rehearsalTokenIds(tokens: TokenService): Set<string> {
  return new Set(
    tokens
      .list()
      .filter((t) => isRehearsalTokenLabel(t.label))
      .map((t) => t.id),
  );
}

/** Records created by one of the tokens: the store selects them by origin, a page at a time. */
async function createdBy(
  list: (query: RecordQuery) => Promise<{ records: ResourceRecord[] }>,
  tokenIds: ReadonlySet<string>,
): Promise<string[]> {
  if (tokenIds.size === 0) return [];
  const where: Condition = {
    kind: 'or',
    conditions: [...tokenIds].map((id): Condition => ({
      kind: 'compare',
      field: { kind: 'origin' },
      op: 'eq',
      value: id,
      type: 'string',
      caseExact: true,
    })),
  };
  const ids: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { records } = await list({ where, offset, limit: PAGE });
    ids.push(...records.map((record) => record.id));
    if (records.length < PAGE) return ids;
  }
}

const PAGE = 1000;

export async function rehearsalResources(
  store: DirectoryStore,
  tokenIds: ReadonlySet<string>,
): Promise<{ userIds: string[]; groupIds: string[] }> {
  const [userIds, groupIds] = await Promise.all([
    createdBy((query) => store.listUsers(query), tokenIds),
    createdBy((query) => store.listGroups(query), tokenIds),
  ]);
  return { userIds, groupIds };
}

/** Removes rehearsal users and groups in one transaction (groups first: their memberships go with them). */
export async function removeRehearsalData(
  store: DirectoryStore,
  tokens: TokenService,
): Promise<{ users: number; groups: number }> {
  const { userIds, groupIds } = await rehearsalResources(store, rehearsalTokenIds(tokens));
  if (userIds.length + groupIds.length > 0) {
    await store.transact(async (tx) => {
      for (const id of groupIds) if (await tx.getGroup(id)) await tx.deleteGroup(id);
      for (const id of userIds) if (await tx.getUser(id)) await tx.deleteUser(id);
    });
  }
  return { users: userIds.length, groups: groupIds.length };
}
