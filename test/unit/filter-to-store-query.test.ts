import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimError } from '../../server/scim/errors.js';
import { parseFilter } from '../../server/scim/filter/index.js';
import { toStoreCondition, toStoreQuery, toStoreSort } from '../../server/scim/filter/to-store-query.js';
import { openStore } from '../../server/store/index.js';
import { EmbeddedDirectoryStore } from '../../server/store/embedded/embedded-directory-store.js';
import { makeDataDir, removeDataDir } from '../helpers/store-fixtures.js';
import {
  BASE_URL,
  expectedIds,
  expectedSortedIds,
  groupFilters,
  groupResourceType,
  invalidFilters,
  loadCorpus,
  storeIds,
  storeSortedIds,
  userFilters,
  userResourceType,
  userSorts,
} from '../helpers/store-query-corpus.js';

const context = { baseUrl: BASE_URL };

describe('toStoreCondition: the shape of the store query', () => {
  it('an indexed equality becomes one case-insensitive comparison on the stored attribute', () => {
    expect(toStoreCondition(parseFilter('userName eq "Ada@Example.com"'), userResourceType, context)).toEqual({
      kind: 'compare',
      field: { kind: 'data', path: [{ name: 'userName', multiValued: false }] },
      op: 'eq',
      value: 'Ada@Example.com',
      type: 'string',
      caseExact: false,
    });
  });

  it('a multi-valued sub-attribute walks the array, and externalId is case-exact', () => {
    expect(toStoreCondition(parseFilter('emails.value co "x" and externalId eq 7'), userResourceType, context)).toEqual(
      {
        kind: 'and',
        conditions: [
          {
            kind: 'compare',
            field: {
              kind: 'data',
              path: [
                { name: 'emails', multiValued: true },
                { name: 'value', multiValued: false },
              ],
            },
            op: 'co',
            value: 'x',
            type: 'string',
            caseExact: false,
          },
          {
            kind: 'compare',
            field: { kind: 'data', path: [{ name: 'externalId', multiValued: false }] },
            op: 'eq',
            value: '7',
            type: 'string',
            caseExact: true,
          },
        ],
      },
    );
  });

  it('a value filter becomes `any` over the elements; members are the membership collection', () => {
    const condition = toStoreCondition(parseFilter('members[value eq "u1"]'), groupResourceType, context);
    expect(condition).toMatchObject({
      kind: 'any',
      collection: { kind: 'members' },
      condition: { kind: 'compare', op: 'eq', value: 'u1', caseExact: true },
    });
  });

  it('dateTimes are compared as instants, written in one canonical form', () => {
    expect(
      toStoreCondition(parseFilter('meta.lastModified gt "2024-03-02T12:30:00+02:00"'), userResourceType, context),
    ).toEqual({
      kind: 'compare',
      field: { kind: 'lastModified' },
      op: 'gt',
      value: '2024-03-02T10:30:00.000Z',
      type: 'dateTime',
      caseExact: true,
    });
  });

  it('`ne` also matches a missing attribute; `eq null` is "not present"; unknown attributes match nothing', () => {
    expect(toStoreCondition(parseFilter('title ne "x"'), userResourceType, context)).toMatchObject({
      kind: 'or',
      conditions: [
        { kind: 'compare', op: 'ne' },
        { kind: 'not', condition: { kind: 'exists' } },
      ],
    });
    expect(toStoreCondition(parseFilter('title eq null'), userResourceType, context)).toMatchObject({
      kind: 'not',
      condition: { kind: 'present' },
    });
    expect(toStoreCondition(parseFilter('nosuch eq "x"'), userResourceType, context)).toEqual({ kind: 'false' });
    expect(toStoreCondition(parseFilter('meta.resourceType eq "User"'), userResourceType, context)).toEqual({
      kind: 'true',
    });
    expect(toStoreCondition(parseFilter('meta.resourceType eq "user"'), userResourceType, context)).toEqual({
      kind: 'false',
    }); // caseExact
  });

  it('the page and sort: startIndex is 1-based, sortBy resolves to a typed key', () => {
    expect(
      toStoreQuery(
        { sortBy: 'name.familyName', sortOrder: 'descending', startIndex: 11, count: 5 },
        userResourceType,
        context,
      ),
    ).toEqual({
      offset: 10,
      limit: 5,
      sort: {
        field: {
          kind: 'data',
          path: [
            { name: 'name', multiValued: false },
            { name: 'familyName', multiValued: false },
          ],
        },
        type: 'string',
        caseExact: false,
        descending: true,
      },
    });
    expect(toStoreSort('nosuch', 'ascending', userResourceType)).toBeUndefined();
  });

  it('fails with the same 400s as the in-memory engine', () => {
    for (const filter of invalidFilters) {
      let error: unknown;
      try {
        toStoreCondition(parseFilter(filter), userResourceType, context);
      } catch (thrown) {
        error = thrown;
      }
      expect(error, filter).toBeInstanceOf(ScimError);
      expect((error as ScimError).scimType, filter).toBe('invalidFilter');
    }
    expect(() => toStoreSort('name', 'ascending', userResourceType)).toThrow(/complex/);
  });
});

describe('the embedded store answers the translated query as the SCIM engine answers the filter', () => {
  let dataDir: string;
  let store: EmbeddedDirectoryStore;

  beforeAll(async () => {
    dataDir = await makeDataDir();
    store = new EmbeddedDirectoryStore(await openStore(dataDir, { fsync: false }));
    await loadCorpus(store);
  });
  afterAll(async () => {
    await store.close();
    await removeDataDir(dataDir);
  });

  it.each(userFilters)('Users: %s', async (filter) => {
    expect(await storeIds(store, userResourceType, filter)).toEqual(expectedIds(userResourceType, filter));
  });

  it.each(groupFilters)('Groups: %s', async (filter) => {
    expect(await storeIds(store, groupResourceType, filter)).toEqual(expectedIds(groupResourceType, filter));
  });

  it.each(userSorts)('Users sorted by %s %s', async (sortBy, order) => {
    expect(await storeSortedIds(store, userResourceType, sortBy, order)).toEqual(
      expectedSortedIds(userResourceType, sortBy, order),
    );
  });

  it('the corpus is not trivial: most filters select some users and leave out others', () => {
    const partial = userFilters.filter((filter) => {
      const ids = expectedIds(userResourceType, filter);
      return ids.length > 0 && ids.length < 5;
    });
    expect(partial.length).toBeGreaterThan(userFilters.length / 2);
  });
});
