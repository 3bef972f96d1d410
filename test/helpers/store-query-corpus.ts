/**
 * A small directory (Barbara and Amara are the filter fixtures' users, stored under ids of their own) and a
 * corpus of SCIM filters and sorts, to check that the store's query (translated from
 * SCIM by server/scim/filter/to-store-query.ts) selects exactly what the in-memory SCIM filter engine selects
 * on the rendered resources, on every backend.
 */
import { compileFilter, compileSort, parseFilter } from '../../server/scim/filter/index.js';
import { toStoreQuery } from '../../server/scim/filter/to-store-query.js';
import { renderGroup, renderUser } from '../../server/scim/resources/representation.js';
import { ENTERPRISE_USER_SCHEMA, groupResourceType, userResourceType } from '../../server/scim/schemas/index.js';
import type { ResourceTypeDefinition } from '../../server/scim/schemas/index.js';
import type { DirectoryStore, GroupEntry, MemberEntry, StoreTransaction } from '../../server/store/directory-store.js';
import type { Member, ResourceRecord } from '../../server/store/types.js';
import { amara, barbara, type Resource } from './filter-fixtures.js';

export const BASE_URL = 'https://scim.example.test/scim/v2';

function record(
  id: string,
  created: string,
  lastModified: string,
  version: number,
  data: Record<string, unknown>,
): ResourceRecord {
  return { id, meta: { created, lastModified, version }, data };
}

/** A filter fixture's attributes as the store keeps them: without what the server renders around them (schemas,
 * id, groups, meta), and copied, so the store never holds the fixture's own objects. */
function storedAttributes(resource: Resource): Record<string, unknown> {
  const { schemas: _schemas, id: _id, groups: _groups, meta: _meta, ...attributes } = structuredClone(resource);
  return attributes;
}

/** A fixture's enterprise extension, its manager to be pointed at a user of this corpus. */
function enterpriseOf(resource: Resource): Record<string, unknown> {
  return structuredClone(resource[ENTERPRISE_USER_SCHEMA] as Record<string, unknown>);
}

export const corpusUsers: ResourceRecord[] = [
  record('u-barbara', '2024-01-23T04:56:22.000Z', '2024-05-13T04:42:34.000Z', 3, {
    ...storedAttributes(barbara),
    [ENTERPRISE_USER_SCHEMA]: { ...enterpriseOf(barbara), manager: { value: 'u-amara', displayName: 'Amara Okafor' } },
  }),
  record('u-jeff', '2024-03-01T09:00:00.000Z', '2024-03-02T10:30:00.000Z', 2, {
    userName: 'jyoung@contoso.com',
    externalId: '12345',
    name: { familyName: 'Young', givenName: 'Jeff' },
    displayName: 'Jeff Young',
    active: false,
    emails: [{ value: 'JYoung@Contoso.com', type: 'work' }],
  }),
  record('u-amara', '2024-03-01T10:00:00.000Z', '2024-06-15T08:00:00.000Z', 7, {
    ...storedAttributes(amara),
    [ENTERPRISE_USER_SCHEMA]: { ...enterpriseOf(amara), manager: { value: 'u-barbara' } },
  }),
  record('u-emile', '2024-07-01T00:00:00.000Z', '2024-07-01T00:00:00.000Z', 1, {
    userName: 'Émile.Zola@Example.fr',
    name: { familyName: 'Zola', givenName: 'Émile' },
    active: true,
    emails: [{ value: 'emile@example.fr' }],
    title: 'Écrivain',
  }),
  record('u-bare', '2024-08-01T00:00:00.000Z', '2024-08-02T00:00:00.000Z', 10, {
    userName: 'bare',
    active: true,
  }),
];

export const corpusGroups: ResourceRecord[] = [
  record('g-guides', '2024-02-01T00:00:00.000Z', '2024-02-02T00:00:00.000Z', 4, {
    displayName: 'Tour Guides',
    externalId: 'okta-guides',
  }),
  record('g-eng', '2024-02-03T00:00:00.000Z', '2024-02-04T00:00:00.000Z', 2, { displayName: 'Engineering' }),
  record('g-empty', '2024-02-05T00:00:00.000Z', '2024-02-05T00:00:00.000Z', 1, {
    displayName: 'empty group',
    externalId: 'Okta-Empty',
  }),
];

export const corpusMemberships: { groupId: string; members: Member[] }[] = [
  {
    groupId: 'g-guides',
    members: [
      { value: 'u-barbara', type: 'User' },
      { value: 'u-amara', type: 'User', display: 'Amara (guide)' },
    ],
  },
  {
    groupId: 'g-eng',
    members: [
      { value: 'u-amara', type: 'User' },
      { value: 'g-guides', type: 'Group' },
      { value: 'u-jeff', type: 'User' },
    ],
  },
];

/** Writes the corpus directory into a store. */
export async function loadCorpus(store: DirectoryStore): Promise<void> {
  await store.transact(async (tx: StoreTransaction) => {
    for (const user of corpusUsers) await tx.putUser(user);
    for (const group of corpusGroups) await tx.putGroup(group);
    for (const { groupId, members } of corpusMemberships) await tx.addMembers(groupId, members);
  });
}

export const userFilters = [
  'userName eq "bjensen@example.com"',
  'userName eq "BJENSEN@EXAMPLE.COM"',
  'userName sw "amara"',
  'userName co "@Example."',
  'userName ew ".com"',
  'userName eq "émile.zola@example.fr"',
  'userName gt "b"',
  'userName le "bjensen@example.com"',
  'userName pr',
  'externalId eq "bjensen"',
  'externalId eq "BJENSEN"',
  'externalId eq 12345',
  'externalId sw "00u"',
  'externalId co "EFGH"',
  'externalId co "efgh"',
  'externalId pr',
  'not (externalId pr)',
  'externalId eq null',
  'externalId ne null',
  'emails.value eq "jyoung@contoso.com"',
  'emails eq "bjensen@example.com"',
  'emails.value sw "amara@"',
  'emails.value co "example"',
  'emails.value ew ".org"',
  'emails pr',
  'emails.value ne "bjensen@example.com"',
  'emails[type eq "work" and value co "example.com"]',
  'emails[type eq "home"]',
  'emails[primary eq true]',
  'emails.primary eq "True"',
  'emails.type eq "work" and emails.value co "personal"',
  'displayName eq "babs jensen"',
  'displayName sw "A"',
  'displayName co "ung"',
  'displayName pr',
  'title eq ""',
  'title pr',
  'title ne "Tour Guide"',
  'title eq null',
  'title co "crivain"',
  'active eq true',
  'active eq "False"',
  'active ne true',
  'name.familyName eq "jensen"',
  'name.givenName sw "é"',
  'name pr',
  'name.formatted pr',
  'phoneNumbers.value co "8377"',
  `${ENTERPRISE_USER_SCHEMA}:department eq "Engineering"`,
  'department eq "tour operations"',
  `${ENTERPRISE_USER_SCHEMA}:manager.value eq "u-barbara"`,
  'manager.displayName co "okafor"',
  'meta.lastModified gt "2024-05-01T00:00:00Z"',
  'meta.lastModified ge "2024-05-13T04:42:34Z"',
  'meta.lastModified lt "2024-03-02T10:30:00.001Z"',
  'meta.lastModified eq "2024-03-02T12:30:00+02:00"',
  'meta.lastModified sw "2024-06"',
  'meta.lastModified co "t00:00"',
  'meta.lastModified pr',
  'meta.created le "2024-03-01T09:00:00Z"',
  'meta.version eq "W/\\"3\\""',
  'meta.resourceType eq "User"',
  'meta.resourceType eq "Group"',
  `meta.location eq "${BASE_URL}/Users/u-jeff"`,
  'meta.location co "u-bare"',
  'id eq "u-amara"',
  'id sw "u-b"',
  'groups.value eq "g-guides"',
  'groups.display eq "engineering"',
  'groups pr',
  'not (groups pr)',
  'groups[display sw "Tour"]',
  `groups.$ref eq "${BASE_URL}/Groups/g-eng"`,
  'groups.value ne "g-guides"',
  'nickName eq "x"',
  'nosuch pr',
  'nosuch ne "x"',
  '(userName sw "b" or userName sw "j") and active eq true',
  'not (active eq true) or title pr',
  'userName eq "bjensen@example.com" and title eq "Tour Guide"',
  'userName eq "bjensen@example.com" and title eq "Nope"',
];

export const groupFilters = [
  'displayName eq "tour guides"',
  'displayName sw "E"',
  'displayName co "group"',
  'displayName pr',
  'externalId eq "okta-empty"',
  'externalId eq "Okta-Empty"',
  'externalId pr',
  'members.value eq "u-amara"',
  'members eq "g-guides"',
  'members pr',
  'not (members pr)',
  'members[type eq "Group"]',
  'members[display eq "amara (guide)"]',
  'members.display eq "Jeff Young"',
  'members.display eq "Tour Guides"',
  'members.display co "okafor"',
  `members.$ref eq "${BASE_URL}/Groups/g-guides"`,
  `members.$ref eq "${BASE_URL}/Users/u-jeff"`,
  `members[$ref sw "${BASE_URL}/Users/"]`,
  'members.value ne "u-amara"',
  'meta.lastModified gt "2024-02-03T00:00:00Z"',
  'meta.resourceType eq "Group"',
  'id eq "g-eng"',
];

export const invalidFilters = [
  'name eq "x"',
  'active gt true',
  'meta.lastModified gt "yesterday"',
  'title co null',
  'emails[type eq "work"] and emails.primary gt true',
];

export const userSorts: [string, 'ascending' | 'descending'][] = [
  ['userName', 'ascending'],
  ['userName', 'descending'],
  ['emails', 'ascending'],
  ['emails.type', 'descending'],
  ['name.familyName', 'ascending'],
  ['title', 'ascending'],
  ['title', 'descending'],
  ['meta.lastModified', 'descending'],
  ['meta.created', 'ascending'],
  ['active', 'ascending'],
  ['externalId', 'ascending'],
  ['nosuch', 'ascending'],
];

export interface Expectation {
  type: ResourceTypeDefinition;
  ids: string[];
}

function rendered(type: ResourceTypeDefinition): Record<string, unknown>[] {
  return type.id === 'User'
    ? corpusUsers.map((r) => renderUser(r, BASE_URL, groupsOf(r.id)))
    : corpusGroups.map((r) => renderGroup(r, BASE_URL, membersOf(r.id)));
}

/** What the in-memory SCIM engine selects for a filter: the reference. */
export function expectedIds(type: ResourceTypeDefinition, filter: string): string[] {
  const matches = compileFilter(parseFilter(filter), type, { baseUrl: BASE_URL });
  return rendered(type)
    .filter(matches)
    .map((r) => r.id as string);
}

export function expectedSortedIds(
  type: ResourceTypeDefinition,
  sortBy: string,
  order: 'ascending' | 'descending',
): string[] {
  return [...rendered(type)].sort(compileSort(type, sortBy, order)).map((r) => r.id as string);
}

/** The store's answer for a filter (every match, in creation order). */
export async function storeIds(store: DirectoryStore, type: ResourceTypeDefinition, filter: string): Promise<string[]> {
  const query = toStoreQuery(
    { filter: parseFilter(filter), sortOrder: 'ascending', startIndex: 1, count: 1000 },
    type,
    { baseUrl: BASE_URL },
  );
  const page = type.id === 'User' ? await store.listUsers(query) : await store.listGroups(query);
  expectTotal(page.total, page.records.length);
  return page.records.map((r) => r.id);
}

export async function storeSortedIds(
  store: DirectoryStore,
  type: ResourceTypeDefinition,
  sortBy: string,
  order: 'ascending' | 'descending',
): Promise<string[]> {
  const query = toStoreQuery({ sortBy, sortOrder: order, startIndex: 1, count: 1000 }, type, { baseUrl: BASE_URL });
  const page = type.id === 'User' ? await store.listUsers(query) : await store.listGroups(query);
  return page.records.map((r) => r.id);
}

function expectTotal(total: number, length: number): void {
  if (total !== length) throw new Error(`total ${total} but ${length} records on a page that holds them all`);
}

/** The corpus's memberships as the store lists them, for rendering the reference resources. */
function groupsOf(memberId: string): GroupEntry[] {
  return corpusMemberships
    .filter((m) => m.members.some((x) => x.value === memberId))
    .map((m) => ({
      id: m.groupId,
      displayName: corpusGroups.find((g) => g.id === m.groupId)?.data.displayName as string,
    }));
}

function membersOf(groupId: string): MemberEntry[] {
  return (corpusMemberships.find((m) => m.groupId === groupId)?.members ?? []).map((member) => {
    const user = corpusUsers.find((u) => u.id === member.value);
    const group = corpusGroups.find((g) => g.id === member.value);
    const name = user ? (user.data.displayName ?? user.data.userName) : group?.data.displayName;
    const entry: MemberEntry = { value: member.value, type: member.type ?? (user ? 'User' : 'Group') };
    if (member.display !== undefined) entry.display = member.display;
    if (typeof name === 'string') entry.name = name;
    return entry;
  });
}

export { groupResourceType, userResourceType };
