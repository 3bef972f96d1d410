import { describe, expect, it } from 'vitest';
import { compileSort, parseSortOrder } from '../../server/scim/filter/index.js';
import { ENTERPRISE_USER_SCHEMA, groupResourceType, userResourceType } from '../../server/scim/schemas/index.js';
import type { Resource } from '../helpers/filter-fixtures.js';
import { amara, barbara, emptyGroup, expectScimError, jyoung, tourGuides, users } from '../helpers/filter-fixtures.js';

const sorted = (sortBy: string, order: 'ascending' | 'descending' = 'ascending', from: Resource[] = users) =>
  [...from].sort(compileSort(userResourceType, sortBy, order)).map((user) => user.id);

const B = barbara.id;
const J = jyoung.id;
const A = amara.id;

describe('compileSort (RFC 7644 §3.4.2.3)', () => {
  it('sorts by a string attribute, ignoring case when not caseExact', () => {
    expect(sorted('userName')).toEqual([A, B, J]); // amara < Bjensen < jyoung, case folded
    expect(sorted('userName', 'descending')).toEqual([J, B, A]);
    expect(sorted('USERNAME')).toEqual([A, B, J]);
  });

  it('sorts caseExact attributes by code point', () => {
    // externalId: '00u1…' < 'bjensen' < 'jyoung'; uppercase sorts before lowercase when case matters.
    expect(sorted('externalId')).toEqual([A, B, J]);
    const upper = { ...jyoung, externalId: 'Zed' };
    expect(sorted('externalId', 'ascending', [barbara, upper])).toEqual([J, B]);
  });

  it('sorts by a sub-attribute', () => {
    expect(sorted('name.familyName')).toEqual([B, A, J]); // Jensen, Okafor, Young
    expect(sorted('name.givenName', 'descending')).toEqual([J, B, A]); // Jeff, Barbara, Amara
  });

  it('sorts dateTime chronologically, not as text', () => {
    // 10:30+02:00 is 08:30Z, before Jeff's 09:00Z, although the text "10:30" sorts after "09:00".
    const early = { ...amara, meta: { ...(amara.meta as object), created: '2024-03-01T10:30:00+02:00' } }; // 08:30Z
    expect(sorted('meta.created', 'ascending', [jyoung, early, barbara])).toEqual([B, A, J]);
    expect(sorted('meta.lastModified', 'descending')).toEqual([A, J, B]);
  });

  it('sorts booleans false before true', () => {
    expect(sorted('active')).toEqual([J, B, A]);
  });

  it('sorts a multi-valued attribute by its primary value, else its first', () => {
    // Primary emails: bjensen@example.com, jyoung@contoso.com, amara.okafor@example.com (Amara's primary is second).
    expect(sorted('emails')).toEqual([A, B, J]);
    expect(sorted('emails.value')).toEqual([A, B, J]);
    // Without a primary flag the first value counts: Barbara's first email becomes "zz@…".
    const noPrimary = { ...barbara, emails: [{ value: 'zz@example.com' }, { value: 'aa@example.com' }] };
    expect(sorted('emails', 'ascending', [noPrimary, jyoung])).toEqual([J, B]);
    expect(sorted('emails.type')).toEqual([B, J, A]); // all primaries are "work": input order is kept
  });

  it('sorts extension attributes under their URN', () => {
    expect(sorted(`${ENTERPRISE_USER_SCHEMA}:department`)).toEqual([A, B, J]);
    // By manager.value: Amara's manager is 2819c223…, Barbara's 26118915…; Jeff has none, so comes first descending.
    expect(sorted(`${ENTERPRISE_USER_SCHEMA}:manager`, 'descending')).toEqual([J, A, B]);
  });

  it('puts resources without a value last when ascending and first when descending', () => {
    // Barbara has a title; Amara's is "" (no data); Jeff has none.
    expect(sorted('title')).toEqual([B, J, A]);
    expect(sorted('title', 'descending')).toEqual([J, A, B]);
    expect(sorted(`${ENTERPRISE_USER_SCHEMA}:employeeNumber`)).toEqual([B, J, A]);
  });

  it('is stable: equal keys keep their input order in both directions', () => {
    const clones = Array.from({ length: 20 }, (_, i) => ({
      ...jyoung,
      id: `id-${i}`,
      displayName: i % 2 ? 'Same' : 'Other',
    }));
    const ids = (order: 'ascending' | 'descending') =>
      [...clones].sort(compileSort(userResourceType, 'displayName', order)).map((c) => c.id);
    const odd = clones.filter((_, i) => i % 2).map((c) => c.id);
    const even = clones.filter((_, i) => !(i % 2)).map((c) => c.id);
    expect(ids('ascending')).toEqual([...even, ...odd]);
    expect(ids('descending')).toEqual([...odd, ...even]);
  });

  it('keeps the input order for an attribute the schema does not know', () => {
    expect(sorted('favouriteColour')).toEqual([B, J, A]);
  });

  it('sorts groups', () => {
    const order = [tourGuides, emptyGroup].sort(compileSort(groupResourceType, 'displayName', 'ascending'));
    expect(order.map((g) => g.displayName)).toEqual(['Employees', 'Tour Guides']);
  });

  it('rejects a malformed sortBy or one that names a complex attribute with 400 invalidValue', () => {
    expectScimError(
      () => compileSort(userResourceType, 'name', 'ascending'),
      'invalidValue',
      /sort by one of its sub-attributes/,
    );
    expectScimError(() => compileSort(userResourceType, 'userName eq "x"', 'ascending'), 'invalidValue');
    expectScimError(() => compileSort(userResourceType, 'a.b.c', 'ascending'), 'invalidValue');
    expectScimError(() => compileSort(userResourceType, '__proto__', 'ascending'), 'invalidValue', /not allowed/);
    expectScimError(() => compileSort(userResourceType, '', 'ascending'), 'invalidValue');
  });

  // How fast this is: bench/filter-bench.ts (npm run bench).
  it('sorts 50,000 users', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => ({
      ...barbara,
      id: `id-${i}`,
      userName: `User${(i * 7919) % 50_000}@example.com`,
    }));
    many.sort(compileSort(userResourceType, 'userName', 'ascending'));
    const names = many.map((u) => u.userName.toLowerCase());
    expect(names.every((name, i) => i === 0 || names[i - 1]! <= name)).toBe(true);
    expect(names.slice(0, 3)).toEqual(['user0@example.com', 'user10000@example.com', 'user10001@example.com']);
  });
});

describe('parseSortOrder', () => {
  it('defaults to ascending and reads either value in any case', () => {
    expect(parseSortOrder(undefined)).toBe('ascending');
    expect(parseSortOrder('')).toBe('ascending');
    expect(parseSortOrder('Descending')).toBe('descending');
    expect(parseSortOrder('ASCENDING')).toBe('ascending');
  });

  it('rejects anything else with 400 invalidValue', () => {
    expectScimError(() => parseSortOrder('desc'), 'invalidValue', /ascending or descending/);
  });
});
