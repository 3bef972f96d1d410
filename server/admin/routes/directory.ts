/**
 * `/api/users` and `/api/groups`: the directory as the admin browses it, each user with the access the
 * rules give them. Search and filters are store queries (a substring of the searched attributes, answered by
 * the store's indexes where it has them); paging is by offset and limit.
 */
import type { Request } from 'express';
import { RuleNames, toAccessConflict, toUserAccessGrants } from '../../access/access-shapes.js';
import { isActiveRecord } from '../../access/directory-users.js';
import type { AdminServices } from '../admin-services.js';
import { renderGroup, renderUser } from '../../scim/resources/representation.js';
import type { Condition, PathStep, RecordQuery } from '../../store/query/types.js';
import { ACTIVE_USER, INACTIVE_USER } from '../../store/query/active-users.js';
import type { Access } from '../../rules/access.js';
import type { ResourceRecord } from '../../store/types.js';
import { notFound } from '../admin-error.js';
import type { GroupDetail, GroupListItem, GroupRef, ScimResource, UserDetail, UserListItem } from '../contract.js';
import { booleanParam, enumParam, integerParam, stringParam } from '../query.js';
import { AdminRouter } from '../typed-router.js';

const MAX_LIMIT = 500;
const MAX_GROUP_MEMBERS_SHOWN = 1000;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function primaryEmail(data: Record<string, unknown>): string | null {
  if (!Array.isArray(data.emails)) return null;
  const emails = data.emails.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
  const chosen = emails.find((e) => e.primary === true) ?? emails[0];
  return chosen ? text(chosen.value) : null;
}

/** What the search box looks through: userName, displayName, given, family and formatted name, emails. */
const SEARCHED: readonly (readonly PathStep[])[] = [
  [{ name: 'userName', multiValued: false }],
  [{ name: 'displayName', multiValued: false }],
  [
    { name: 'name', multiValued: false },
    { name: 'givenName', multiValued: false },
  ],
  [
    { name: 'name', multiValued: false },
    { name: 'familyName', multiValued: false },
  ],
  [
    { name: 'name', multiValued: false },
    { name: 'formatted', multiValued: false },
  ],
  [
    { name: 'emails', multiValued: true },
    { name: 'value', multiValued: false },
  ],
];

const contains = (path: readonly PathStep[], value: string): Condition => ({
  kind: 'compare',
  field: { kind: 'data', path },
  op: 'co',
  value,
  type: 'string',
  caseExact: false,
});

/** The console's user filters as a store query: the store answers them, never a scan in the node. */
function userCondition(
  q: string | undefined,
  active: boolean | undefined,
  group: string | undefined,
): Condition | undefined {
  const conditions: Condition[] = [];
  if (q !== undefined && q !== '')
    conditions.push({ kind: 'or', conditions: SEARCHED.map((path) => contains(path, q)) });
  if (active !== undefined) {
    conditions.push(active ? ACTIVE_USER : INACTIVE_USER);
  }
  if (group !== undefined) {
    conditions.push({
      kind: 'any',
      collection: { kind: 'groups' },
      condition: {
        kind: 'compare',
        field: { kind: 'data', path: [{ name: 'value', multiValued: false }] },
        op: 'eq',
        value: group,
        type: 'string',
        caseExact: true,
      },
    });
  }
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { kind: 'and', conditions };
}

const STORE_PAGE = 1000;

function paging(req: Request) {
  return {
    offset: integerParam(req, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
    limit: integerParam(req, 'limit', { min: 1, max: MAX_LIMIT, fallback: 50 }),
  };
}

export function directoryRouter(services: AdminServices, scimUrl: () => string) {
  const { store, access } = services;
  const api = new AdminRouter();

  const groupRefs = async (userId: string): Promise<GroupRef[]> =>
    (await store.groupsOf(userId))
      .map((group) => ({ id: group.id, displayName: group.displayName ?? group.id }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));

  const listItem = async (
    record: ResourceRecord,
    grants: readonly Access[],
    inEffect: boolean,
  ): Promise<UserListItem> => ({
    id: record.id,
    userName: text(record.data.userName) ?? '',
    displayName: text(record.data.displayName),
    email: primaryEmail(record.data),
    active: isActiveRecord(record.data),
    groupCount: (await store.groupsOf(record.id)).length,
    access: toUserAccessGrants(grants, inEffect),
  });

  /** A page of users as listed, with their access (read for that page only). */
  const listItems = async (records: readonly ResourceRecord[], inEffect: boolean): Promise<UserListItem[]> => {
    const grants = await access.accessOfUsers(records.map((record) => record.id));
    return Promise.all(records.map((record) => listItem(record, grants.get(record.id)?.access ?? [], inEffect)));
  };

  api.on('GET /api/users', async (req) => {
    const q = stringParam(req, 'q')?.toLowerCase();
    const active = booleanParam(req, 'active');
    const hasAccess = enumParam(req, 'access', ['any', 'none'] as const);
    const group = stringParam(req, 'group');
    const { offset, limit } = paging(req);
    const where = userCondition(q, active, group);
    // Access is computed either way; it applies only while auto user provisioning is on.
    const inEffect = services.rules.autoUserProvisioning();
    if (hasAccess === undefined) {
      const page = await store.listUsers({ ...(where ? { where } : {}), offset, limit });
      return {
        items: await listItems(page.records, inEffect),
        total: page.total,
        offset,
        limit,
      };
    }
    // Access is computed, not stored with the users: the store's matches are read a page at a time.
    const matches: ResourceRecord[] = [];
    let total = 0;
    for (let from = 0; ; from += STORE_PAGE) {
      const query: RecordQuery = { ...(where ? { where } : {}), offset: from, limit: STORE_PAGE };
      const { records } = await store.listUsers(query);
      const grants = await access.accessOfUsers(records.map((record) => record.id));
      for (const record of records) {
        if ((grants.get(record.id)?.access.length ?? 0) > 0 !== (hasAccess === 'any')) continue;
        if (total >= offset && matches.length < limit) matches.push(record);
        total++;
      }
      if (records.length < STORE_PAGE) break;
    }
    return { items: await listItems(matches, inEffect), total, offset, limit };
  });

  api.on('GET /api/users/:id', async (req) => {
    const record = await store.getUser(req.params.id);
    if (!record) throw notFound(`User ${req.params.id} not found.`);
    const names = new RuleNames(services.rules.current());
    const groups = await store.groupsOf(record.id);
    const now = (await access.accessOfUsers([record.id])).get(record.id);
    const detail: UserDetail = {
      // The stored record never holds a password (the SCIM layer drops it on the way in).
      user: renderUser(record, scimUrl(), groups) as ScimResource,
      groups: await groupRefs(record.id),
      access: toUserAccessGrants(now?.access ?? [], services.rules.autoUserProvisioning()),
      conflicts: (now?.conflicts ?? []).map((c) => toAccessConflict(c, names)),
    };
    return detail;
  });

  api.on('GET /api/groups', async (req) => {
    const q = stringParam(req, 'q')?.toLowerCase();
    const { offset, limit } = paging(req);
    const displayName: PathStep[] = [{ name: 'displayName', multiValued: false }];
    const named: Condition = { kind: 'present', field: { kind: 'data', path: displayName } };
    const where: Condition =
      q !== undefined && q !== '' ? { kind: 'and', conditions: [named, contains(displayName, q)] } : named;
    const sort = {
      field: { kind: 'data' as const, path: displayName },
      type: 'string' as const,
      caseExact: false,
      descending: false,
    };
    const page = await store.listGroups({ where, sort, offset, limit });
    const items: GroupListItem[] = await Promise.all(
      page.records.map(async (record) => ({
        id: record.id,
        displayName: text(record.data.displayName) ?? '',
        externalId: text(record.data.externalId),
        memberCount: (await store.members(record.id)).length,
      })),
    );
    return { items, total: page.total, offset, limit };
  });

  api.on('GET /api/groups/:id', async (req) => {
    const record = await store.getGroup(req.params.id);
    if (!record) throw notFound(`Group ${req.params.id} not found.`);
    const all = await store.members(record.id);
    const users = all.filter((member) => member.type === 'User').slice(0, MAX_GROUP_MEMBERS_SHOWN); // nested groups are counted, not listed
    const members: GroupDetail['members'] = [];
    for (const member of users) {
      const user = await store.getUser(member.value);
      if (user)
        members.push({
          id: user.id,
          userName: text(user.data.userName) ?? '',
          displayName: text(user.data.displayName),
          active: isActiveRecord(user.data),
        });
    }
    const detail: GroupDetail = {
      group: renderGroup(record, scimUrl()) as ScimResource,
      memberCount: all.length,
      members,
    };
    return detail;
  });
  return api.router;
}
