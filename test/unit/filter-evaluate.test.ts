import { describe, expect, it } from 'vitest';
import { compileFilter, compileValueFilter, findEqualityValue, parseFilter } from '../../server/scim/filter/index.js';
import {
  ENTERPRISE_USER_SCHEMA,
  groupResourceType,
  groupSchema,
  userResourceType,
  userSchema,
} from '../../server/scim/schemas/index.js';
import type { Resource } from '../helpers/filter-fixtures.js';
import { amara, barbara, emptyGroup, expectScimError, jyoung, tourGuides, users } from '../helpers/filter-fixtures.js';

/** The userNames of the fixture users a filter selects, in fixture order. */
const select = (filter: string, from: Resource[] = users) => {
  const matches = compileFilter(parseFilter(filter), userResourceType);
  return from.filter(matches).map((user) => user.userName);
};
const groups = (filter: string) => {
  const matches = compileFilter(parseFilter(filter), groupResourceType);
  return [tourGuides, emptyGroup].filter(matches).map((group) => group.displayName);
};
const BARBARA = 'Bjensen@Example.com';
const JEFF = 'jyoung@contoso.com';
const AMARA = 'amara.okafor@example.com';

describe('compileFilter: operators on strings', () => {
  it('eq matches the whole value', () => {
    expect(select('displayName eq "Babs Jensen"')).toEqual([BARBARA]);
    expect(select('displayName eq "Babs"')).toEqual([]);
  });

  it('ne matches other values and missing attributes', () => {
    expect(select('title ne "Tour Guide"')).toEqual([JEFF, AMARA]); // Jeff has no title; Amara's is ""
    expect(select('displayName ne "Babs Jensen"')).toEqual([JEFF, AMARA]);
  });

  it('co, sw and ew match substrings, prefixes and suffixes', () => {
    expect(select('displayName co "ens"')).toEqual([BARBARA]);
    expect(select('displayName co "xyz"')).toEqual([]);
    expect(select('displayName sw "Jeff"')).toEqual([JEFF]);
    expect(select('displayName sw "Young"')).toEqual([]);
    expect(select('userName ew "@example.com"')).toEqual([BARBARA, AMARA]);
    expect(select('userName ew "@example"')).toEqual([]);
  });

  it('gt, ge, lt and le compare strings lexicographically, ignoring case when not caseExact', () => {
    expect(select('name.familyName gt "Okafor"')).toEqual([JEFF]);
    expect(select('name.familyName ge "okafor"')).toEqual([JEFF, AMARA]);
    expect(select('name.familyName lt "OKAFOR"')).toEqual([BARBARA]);
    expect(select('name.familyName le "Okafor"')).toEqual([BARBARA, AMARA]);
  });
});

describe('compileFilter: case rules (RFC 7643 §2.1)', () => {
  it('matches userName case-insensitively but never rewrites it', () => {
    expect(select('userName eq "bjensen@example.com"')).toEqual([BARBARA]);
    expect(select('USERNAME EQ "BJENSEN@EXAMPLE.COM"')).toEqual([BARBARA]);
    expect(barbara.userName).toBe('Bjensen@Example.com');
  });

  it('treats attribute names case-insensitively', () => {
    expect(select('Name.FamilyName eq "jensen"')).toEqual([BARBARA]);
    expect(select(`${ENTERPRISE_USER_SCHEMA.toUpperCase()}:DEPARTMENT eq "engineering"`)).toEqual([AMARA]);
  });

  it('matches id and externalId exactly, because they are caseExact', () => {
    expect(select('externalId eq "bjensen"')).toEqual([BARBARA]);
    expect(select('externalId eq "BJENSEN"')).toEqual([]);
    expect(select('id eq "2819C223-7F76-453A-919D-413861904646"')).toEqual([]);
    expect(select('id eq "2819c223-7f76-453a-919d-413861904646"')).toEqual([BARBARA]);
    expect(select('externalId co "abcdEFGH"')).toEqual([AMARA]);
    expect(select('externalId co "ABCDEFGH"')).toEqual([]);
  });

  it('matches group member values exactly', () => {
    expect(groups('members.value eq "2819c223-7f76-453a-919d-413861904646"')).toEqual(['Tour Guides']);
    expect(groups('members.value eq "2819C223-7F76-453A-919D-413861904646"')).toEqual([]);
    expect(groups('displayName eq "tour guides"')).toEqual(['Tour Guides']);
  });
});

describe('compileFilter: presence', () => {
  it('pr requires a non-empty value', () => {
    expect(select('title pr')).toEqual([BARBARA]); // Amara's title is "", Jeff has none
    expect(select('active pr')).toEqual([BARBARA, JEFF, AMARA]); // false is a value
    expect(select('groups pr')).toEqual([BARBARA, AMARA]); // Jeff's groups is []
    expect(select(`${ENTERPRISE_USER_SCHEMA}:manager pr`)).toEqual([BARBARA, AMARA]);
    expect(select(`${ENTERPRISE_USER_SCHEMA}:manager.displayName pr`)).toEqual([BARBARA]);
    expect(groups('members pr')).toEqual(['Tour Guides']);
  });

  it('a complex value with only empty nodes is not present', () => {
    const hollow = { ...jyoung, name: { givenName: '', familyName: null }, emails: [{ value: '' }] };
    expect(select('name pr', [hollow])).toEqual([]);
    expect(select('emails pr', [hollow])).toEqual([]);
  });

  it('eq null means absent and ne null means present', () => {
    expect(select('title eq null')).toEqual([JEFF, AMARA]);
    expect(select('title ne null')).toEqual([BARBARA]);
    expectScimError(() => select('title co null'), 'invalidFilter', /only eq and ne accept null/);
  });
});

describe('compileFilter: logic', () => {
  it('and requires both sides, or either', () => {
    expect(select('active eq true and userName ew "example.com"')).toEqual([BARBARA, AMARA]);
    expect(select('active eq true and title pr')).toEqual([BARBARA]);
    expect(select('title pr or active eq false')).toEqual([BARBARA, JEFF]);
  });

  it('and binds tighter than or', () => {
    // Read as: title pr or (active eq false and userName ew "example.com") — the second arm matches nobody.
    expect(select('title pr or active eq false and userName ew "example.com"')).toEqual([BARBARA]);
    expect(select('(title pr or active eq false) and userName ew "example.com"')).toEqual([BARBARA]);
    expect(select('(title pr or active eq false) and userName ew "contoso.com"')).toEqual([JEFF]);
  });

  it('not negates its operand, including a missing attribute', () => {
    expect(select('not (title pr)')).toEqual([JEFF, AMARA]);
    expect(select('not (displayName sw "J") and not (active eq false)')).toEqual([BARBARA, AMARA]);
    expect(select('not (not (title pr))')).toEqual([BARBARA]);
  });

  it('evaluates long and/or chains', () => {
    const chain = Array.from({ length: 300 }, (_, i) => `displayName ne "x${i}"`).join(' and ');
    expect(compileFilter(parseFilter(chain, { maxLength: 100_000 }), userResourceType)(barbara)).toBe(true);
    const anyOf =
      Array.from({ length: 300 }, (_, i) => `externalId eq "x${i}"`).join(' or ') + ' or externalId eq "jyoung"';
    const matches = compileFilter(parseFilter(anyOf, { maxLength: 100_000 }), userResourceType);
    expect(users.filter(matches)).toEqual([jyoung]);
  });
});

describe('compileFilter: multi-valued and complex attributes', () => {
  it('matches when any value matches', () => {
    expect(select('emails.value eq "babs@jensen.org"')).toEqual([BARBARA]);
    expect(select('emails.type eq "home"')).toEqual([BARBARA, AMARA]);
    expect(select('emails.value ew ".org"')).toEqual([BARBARA]);
  });

  it('compares the value sub-attribute when none is named', () => {
    expect(select('emails co "jensen.org"')).toEqual([BARBARA]);
    expect(select('emails eq "JYOUNG@CONTOSO.COM"')).toEqual([JEFF]);
    expect(select(`${ENTERPRISE_USER_SCHEMA}:manager eq "2819c223-7f76-453a-919d-413861904646"`)).toEqual([AMARA]);
    expect(select('groups eq "e9e30dba-f08f-4109-8486-d5c6a331660a"')).toEqual([BARBARA, AMARA]);
  });

  it('ne on a multi-valued attribute matches when any value differs', () => {
    expect(select('emails.type ne "work"')).toEqual([BARBARA, AMARA]);
    expect(select('groups.display ne "Tour Guides"')).toEqual([JEFF]); // no groups at all
  });

  it('rejects a comparison on a complex attribute without a value sub-attribute', () => {
    expectScimError(() => select('name eq "Barbara"'), 'invalidFilter', /name is complex; filter on a sub-attribute/);
    expectScimError(() => select('meta gt "x"'), 'invalidFilter', /complex/);
  });

  it('value paths require all conditions on the same value', () => {
    // Barbara has a work email and an email ending in .org, but not a work email ending in .org.
    expect(select('emails[type eq "work" and value ew ".org"]')).toEqual([]);
    expect(select('emails.type eq "work" and emails.value ew ".org"')).toEqual([BARBARA]);
    expect(select('emails[type eq "work" and value ew "example.com"]')).toEqual([BARBARA, AMARA]);
    expect(select('emails[type eq "home" or primary eq true]')).toEqual([BARBARA, JEFF, AMARA]);
    expect(select('emails[not (type eq "work")]')).toEqual([BARBARA, AMARA]);
    expect(select('emails[primary eq true] and not (emails[type eq "home"])')).toEqual([JEFF]);
  });

  it('value paths work on group members and single-valued complex attributes', () => {
    expect(groups('members[type eq "User" and display sw "Amara"]')).toEqual(['Tour Guides']);
    expect(groups('members[value eq "nobody"]')).toEqual([]);
    expect(select('name[givenName eq "jeff" and familyName eq "young"]')).toEqual([JEFF]);
  });

  it('rejects a value path on a simple attribute or a sub-attribute', () => {
    expectScimError(
      () => select('userName[value eq "x"]'),
      'invalidFilter',
      /value filter applies to a complex attribute/,
    );
    expectScimError(() => select('name.givenName[value eq "x"]'), 'invalidFilter', /complex/);
  });
});

describe('compileFilter: extension and URN-qualified attributes', () => {
  const MANAGER = `${ENTERPRISE_USER_SCHEMA}:manager.value`;

  it('reads extension attributes under their URN key', () => {
    expect(select(`${MANAGER} eq "26118915-6090-4610-87e4-49d8ca9f808d"`)).toEqual([BARBARA]);
    expect(select(`${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "701984"`)).toEqual([BARBARA]);
    expect(select(`${ENTERPRISE_USER_SCHEMA}:department pr`)).toEqual([BARBARA, AMARA]);
  });

  it('accepts core attributes qualified with the core schema URN', () => {
    expect(select('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "jyoung@contoso.com"')).toEqual([JEFF]);
    expect(select('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "amara"')).toEqual([AMARA]);
  });

  it('accepts extension attributes without their URN (a tolerance)', () => {
    expect(select('department eq "Tour Operations"')).toEqual([BARBARA]);
  });

  it('manager.value is caseExact', () => {
    expect(select(`${MANAGER} eq "26118915-6090-4610-87E4-49D8CA9F808D"`)).toEqual([]);
  });
});

describe('compileFilter: dates, booleans, numbers', () => {
  it('compares dateTime chronologically, across time zone notations', () => {
    expect(select('meta.lastModified gt "2011-05-13T04:42:34Z"')).toEqual([JEFF, AMARA]);
    expect(select('meta.lastModified ge "2011-05-13T04:42:34Z"')).toEqual([BARBARA, JEFF, AMARA]);
    expect(select('meta.lastModified lt "2024-03-02T10:30:00Z"')).toEqual([BARBARA]);
    expect(select('meta.lastModified le "2024-03-02T10:30:00Z"')).toEqual([BARBARA, JEFF]);
    // Amara was created at 12:00+02:00, which is 10:00Z: the same instant, written differently.
    expect(select('meta.created eq "2024-03-01T10:00:00Z"')).toEqual([AMARA]);
    expect(select('meta.created gt "2024-03-01T09:30:00.000Z"')).toEqual([AMARA]);
    expect(select('meta.created sw "2024-03"')).toEqual([JEFF, AMARA]);
  });

  it('rejects a dateTime comparison against something that is not a timestamp', () => {
    expectScimError(() => select('meta.lastModified gt "yesterday"'), 'invalidFilter', /dateTime/);
  });

  it('compares booleans, coercing Entra\'s "True"/"False" strings', () => {
    expect(select('active eq true')).toEqual([BARBARA, AMARA]);
    expect(select('active eq false')).toEqual([JEFF]);
    expect(select('active eq "True"')).toEqual([BARBARA, AMARA]);
    expect(select('active eq "False"')).toEqual([JEFF]);
    expect(select('active ne "false"')).toEqual([BARBARA, AMARA]);
    expect(select('emails[primary eq "TRUE"]')).toEqual([BARBARA, JEFF, AMARA]);
  });

  it('reads stored "True"/"False" strings on boolean attributes as booleans', () => {
    expect(select('active eq true', [{ ...jyoung, active: 'True' }])).toEqual([JEFF]);
  });

  it.each(['gt', 'ge', 'lt', 'le', 'co', 'sw', 'ew'])('rejects %s on a boolean', (op) => {
    expectScimError(() => select(`active ${op} true`), 'invalidFilter', /active is a boolean/);
  });

  it('rejects a boolean compared with something other than true or false', () => {
    expectScimError(() => select('active eq "yes"'), 'invalidFilter', /compare it with true or false/);
    expectScimError(() => select('active eq 1'), 'invalidFilter', /boolean/);
  });

  it('compares numbers written bare against string attributes by their text (Entra: externalId eq 12345)', () => {
    const numbered = { ...jyoung, externalId: '12345' };
    expect(select('externalId eq 12345', [numbered])).toEqual([JEFF]);
    expect(select('employeeNumber eq 701984')).toEqual([BARBARA]);
  });
});

describe('compileFilter: Entra and Okta lookups', () => {
  it('finds a user by an unquoted externalId', () => {
    expect(select('externalId eq jyoung')).toEqual([JEFF]);
  });

  it('answers a random-GUID userName probe with no match rather than an error', () => {
    expect(select('userName eq "4c6f1d0e-2a3b-4c5d-9e8f-7a6b5c4d3e2f"')).toEqual([]);
    expect(select('userName eq 4c6f1d0e-2a3b-4c5d-9e8f-7a6b5c4d3e2f')).toEqual([]);
  });

  it('lets unknown attributes match nothing instead of failing', () => {
    expect(select('nonexistent eq "x"')).toEqual([]);
    expect(select('nonexistent ne "x"')).toEqual([]);
    expect(select('nonexistent pr')).toEqual([]);
    expect(select('name.middle eq "x"')).toEqual([]);
    expect(select('urn:example:custom:1.0:User:badge eq "x"')).toEqual([]);
    expect(select('emails[nonexistent eq "x"]')).toEqual([]);
    expect(select('nonexistent[value eq "x"]')).toEqual([]);
    expect(select('not (nonexistent eq "x")')).toEqual([BARBARA, JEFF, AMARA]);
    expect(select('userName eq "jyoung@contoso.com" or nonexistent gt 5')).toEqual([JEFF]);
  });

  it('finds a group by displayName the way Okta does before a push', () => {
    expect(groups('displayName eq "Tour Guides"')).toEqual(['Tour Guides']);
    expect(groups('displayName eq "Employees"')).toEqual(['Employees']);
  });
});

describe('compileFilter: hostile resources', () => {
  it('never reads inherited properties and never touches Object.prototype', () => {
    const sneaky = JSON.parse(
      '{"userName":"x","__proto__":{"title":"Admin"},"name":{"__proto__":{"givenName":"Eve"}}}',
    ) as Resource;
    expect(select('title eq "Admin"', [sneaky])).toEqual([]);
    expect(select('name.givenName eq "Eve"', [sneaky])).toEqual([]);
    expect(select('userName eq "x"', [sneaky])).toEqual(['x']);
    expect(Object.prototype).not.toHaveProperty('title');
    expect(Object.prototype).not.toHaveProperty('givenName');
  });

  it('tolerates values of the wrong shape', () => {
    const odd = { userName: 42, emails: 'not-a-list', name: ['x'], active: 'maybe', meta: { created: 'garbage' } };
    expect(select('userName eq 42', [odd])).toEqual([42]);
    expect(select('emails.value pr', [odd])).toEqual([]);
    expect(select('name.givenName pr', [odd])).toEqual([]);
    expect(select('active eq true or active eq false', [odd])).toEqual([]);
    expect(select('meta.created gt "2000-01-01T00:00:00Z"', [odd])).toEqual([]);
  });
});

describe('compileValueFilter (for the PATCH engine)', () => {
  const members = groupSchema.attributes.find((a) => a.name === 'members')!;
  const emails = userSchema.attributes.find((a) => a.name === 'emails')!;

  it('selects values of a multi-valued attribute', () => {
    const isBarbara = compileValueFilter(members, parseFilter('value eq "2819c223-7f76-453a-919d-413861904646"'));
    expect((tourGuides.members as unknown[]).filter(isBarbara)).toHaveLength(1);
    const work = compileValueFilter(emails, parseFilter('type eq "WORK"'));
    expect((barbara.emails as unknown[]).filter(work)).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true },
    ]);
    expect(work('not an object')).toBe(false);
  });

  it('rejects a value filter on a simple attribute', () => {
    const userName = userSchema.attributes.find((a) => a.name === 'userName')!;
    expectScimError(() => compileValueFilter(userName, parseFilter('value eq "x"')), 'invalidFilter', /not complex/);
  });
});

describe('findEqualityValue', () => {
  it('returns the value of a top-level eq term', () => {
    expect(findEqualityValue(parseFilter('userName eq "Bjensen@Example.com"'), 'userName')).toBe('Bjensen@Example.com');
    expect(findEqualityValue(parseFilter('USERNAME EQ "x"'), 'userName')).toBe('x');
    expect(findEqualityValue(parseFilter('externalId eq jyoung'), 'externalId')).toBe('jyoung');
    expect(findEqualityValue(parseFilter('externalId eq 12345'), 'externalId')).toBe('12345');
    expect(findEqualityValue(parseFilter('displayName eq "Tour Guides"'), 'displayName')).toBe('Tour Guides');
    expect(findEqualityValue(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:id eq "abc"'), 'id')).toBe('abc');
  });

  it('looks through and chains, at any position', () => {
    expect(findEqualityValue(parseFilter('active eq true and (title pr and userName eq "a")'), 'userName')).toBe('a');
    expect(findEqualityValue(parseFilter('title pr and active eq true and externalId eq "e"'), 'externalId')).toBe('e');
  });

  it('ignores terms that are not necessary conditions', () => {
    for (const filter of [
      'userName eq "a" or title pr',
      'not (userName eq "a")',
      'userName ne "a"',
      'userName co "a"',
      'userName eq null',
      'emails[value eq "a"]',
      'name.givenName eq "a"',
      'urn:example:custom:1.0:User:userName eq "a"',
      'displayName eq "a"',
    ]) {
      expect(findEqualityValue(parseFilter(filter), 'userName'), filter).toBeUndefined();
    }
  });

  it('narrows consistently with the full filter', () => {
    const filter = parseFilter('userName eq "AMARA.OKAFOR@example.com" and active eq true');
    const key = findEqualityValue(filter, 'userName')!.toLowerCase();
    const candidates = users.filter((u) => String(u.userName).toLowerCase() === key);
    expect(candidates.filter(compileFilter(filter, userResourceType)).map((u) => u.id)).toEqual([amara.id]);
  });
});

// How fast this is: bench/filter-bench.ts (npm run bench).
describe('compileFilter at scale', () => {
  it('evaluates a compiled filter over 50,000 users', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => ({
      ...barbara,
      id: `id-${i}`,
      userName: `user${i}@example.com`,
      emails: [{ value: `user${i}@example.com`, type: 'work', primary: true }],
      active: i % 2 === 0,
    }));
    const matches = compileFilter(
      parseFilter('emails[type eq "work" and value sw "USER4999"] and active eq true'),
      userResourceType,
    );
    const found = many.filter(matches);
    // user4999 itself is inactive (odd); of user49990..49999 the even ones are active.
    expect(found.map((u) => u.userName)).toEqual([
      'user49990@example.com',
      'user49992@example.com',
      'user49994@example.com',
      'user49996@example.com',
      'user49998@example.com',
    ]);
  });
});
