/**
 * `/api/users` and `/api/groups`: the directory as the admin browses it, each user with the access the
 * rules give them. Search is a substring scan (the admin's own console, not a SCIM hot path); paging is by
 * offset and limit.
 */
import type { Request } from 'express';
import { RuleNames, toAccessConflict, toUserAccessGrants } from '../../access/access-shapes.js';
import { isActiveRecord } from '../../access/directory-users.js';
import type { AdminServices } from '../admin-services.js';
import { renderGroup, renderUser } from '../../scim/resources/representation.js';
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

// Stored records are immutable (a change stores a new object), so a record's search text is computed once;
// with 50,000 users this keeps a search well inside the console's 200 ms budget.
const searchTexts = new WeakMap<ResourceRecord, string>();

function userSearchText(record: ResourceRecord): string {
  let found = searchTexts.get(record);
  if (found === undefined) {
    found = buildUserSearchText(record.data);
    searchTexts.set(record, found);
  }
  return found;
}

/** userName, displayName, given and family name, emails: what the search box looks through. */
function buildUserSearchText(data: Record<string, unknown>): string {
  const name = typeof data.name === 'object' && data.name !== null ? (data.name as Record<string, unknown>) : {};
  const emails = Array.isArray(data.emails) ? data.emails.map((e) => (typeof e === 'object' && e !== null ? text((e as Record<string, unknown>).value) : null)) : [];
  return [data.userName, data.displayName, name.givenName, name.familyName, name.formatted, ...emails]
    .filter((v): v is string => typeof v === 'string')
    .join('\n')
    .toLowerCase();
}

function paging(req: Request) {
  return {
    offset: integerParam(req, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
    limit: integerParam(req, 'limit', { min: 1, max: MAX_LIMIT, fallback: 50 }),
  };
}

export function directoryRouter(services: AdminServices, scimUrl: () => string) {
  const { store, access } = services;
  const api = new AdminRouter();

  const groupRefs = (userId: string): GroupRef[] =>
    [...store.groupIdsOfMember(userId)]
      .map((id) => ({ id, displayName: text(store.getGroup(id)?.data.displayName) ?? id }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));

  const listItem = (record: ResourceRecord, inEffect: boolean): UserListItem => ({
    id: record.id,
    userName: text(record.data.userName) ?? '',
    displayName: text(record.data.displayName),
    email: primaryEmail(record.data),
    active: isActiveRecord(record.data),
    groupCount: store.groupIdsOfMember(record.id).size,
    access: toUserAccessGrants(access.accessOf(record.id), inEffect),
  });

  api.on('GET /api/users', (req) => {
    const q = stringParam(req, 'q')?.toLowerCase();
    const active = booleanParam(req, 'active');
    const hasAccess = enumParam(req, 'access', ['any', 'none'] as const);
    const group = stringParam(req, 'group');
    const { offset, limit } = paging(req);
    const members = group === undefined ? undefined : store.members(group);
    // Access is computed either way; it applies only while auto user provisioning is on.
    const inEffect = services.rules.autoUserProvisioning();
    const items: UserListItem[] = [];
    let total = 0;
    for (const id of store.userIds()) {
      const record = store.getUser(id);
      if (!record) continue;
      if (members && !members.has(id)) continue;
      if (active !== undefined && isActiveRecord(record.data) !== active) continue;
      if (hasAccess !== undefined && (access.accessOf(id).length > 0) !== (hasAccess === 'any')) continue;
      if (q !== undefined && !userSearchText(record).includes(q)) continue;
      if (total >= offset && items.length < limit) items.push(listItem(record, inEffect));
      total++;
    }
    return { items, total, offset, limit };
  });

  api.on('GET /api/users/:id', (req) => {
    const record = store.getUser(req.params.id);
    if (!record) throw notFound(`User ${req.params.id} not found.`);
    const names = new RuleNames(services.rules.current());
    const detail: UserDetail = {
      // The stored record never holds a password (the SCIM layer drops it on the way in).
      user: renderUser(store, record, scimUrl(), { withMemberships: true }) as ScimResource,
      groups: groupRefs(record.id),
      access: toUserAccessGrants(access.accessOf(record.id), services.rules.autoUserProvisioning()),
      conflicts: access.conflictsOf(record.id).map((c) => toAccessConflict(c, names)),
    };
    return detail;
  });

  api.on('GET /api/groups', (req) => {
    const q = stringParam(req, 'q')?.toLowerCase();
    const { offset, limit } = paging(req);
    const matching: GroupListItem[] = [];
    for (const id of store.groupIds()) {
      const record = store.getGroup(id);
      const displayName = text(record?.data.displayName);
      if (!record || displayName === null) continue;
      if (q !== undefined && !displayName.toLowerCase().includes(q)) continue;
      matching.push({ id, displayName, externalId: text(record.data.externalId), memberCount: store.members(id).size });
    }
    matching.sort((a, b) => a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }));
    return { items: matching.slice(offset, offset + limit), total: matching.length, offset, limit };
  });

  api.on('GET /api/groups/:id', (req) => {
    const record = store.getGroup(req.params.id);
    if (!record) throw notFound(`Group ${req.params.id} not found.`);
    const members: GroupDetail['members'] = [];
    for (const member of store.members(record.id).values()) {
      if (members.length === MAX_GROUP_MEMBERS_SHOWN) break;
      const user = store.getUser(member.value);
      if (!user) continue; // nested groups are counted, not listed
      members.push({ id: user.id, userName: text(user.data.userName) ?? '', displayName: text(user.data.displayName), active: isActiveRecord(user.data) });
    }
    const detail: GroupDetail = {
      group: renderGroup(store, record, scimUrl(), { withMemberships: false }) as ScimResource,
      memberCount: store.members(record.id).size,
      members,
    };
    return detail;
  });
  return api.router;
}
