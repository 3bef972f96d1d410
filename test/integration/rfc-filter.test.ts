import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// RFC 7644 §3.4.2.2 over HTTP: every operator, logic, grouping, value paths, sub-attributes, case rules.
describe('RFC 7644 filtering', () => {
  let server: TestServer;
  const byName = new Map<string, Record<string, any>>();
  let beforeDaveChanged = '';
  // Timestamps come from this clock: Dave's change lands a second after the rest, not "hopefully a ms later".
  const clock = new ManualClock();

  /** The short names of the users a filter returns, sorted. */
  async function match(filter: string, resource = 'Users'): Promise<string[]> {
    const res = await server.scim('GET', `/${resource}?filter=${encodeURIComponent(filter)}`);
    expect(res.status, `${filter}: ${JSON.stringify(res.body)}`).toBe(200);
    expect(res.body.totalResults).toBe(res.body.Resources.length);
    const names = res.body.Resources.map((r: { userName?: string; displayName: string }) =>
      (r.userName ?? r.displayName).split('@')[0]!.toLowerCase(),
    );
    return names.sort();
  }

  beforeAll(async () => {
    server = await startTestServer({ desk: { now: clock.date } });
    const users = [
      {
        userName: 'alice@example.com',
        externalId: 'ext-alice',
        name: { givenName: 'Alice', familyName: 'Archer' },
        title: 'Engineer',
        active: true,
        emails: [
          { type: 'work', value: 'alice@example.com', primary: true },
          { type: 'home', value: 'alice@home.org' },
        ],
        [ENTERPRISE]: { department: 'R&D', employeeNumber: '100' },
      },
      {
        userName: 'bob@example.com',
        externalId: 'ext-bob',
        name: { givenName: 'Bob', familyName: 'Baker' },
        title: 'Manager',
        active: false,
        emails: [{ type: 'work', value: 'bob@example.com' }],
        [ENTERPRISE]: { department: 'Sales', employeeNumber: '200' },
      },
      {
        userName: 'carol@sample.org',
        externalId: 'ext-carol',
        name: { givenName: 'Carol', familyName: 'Chen' },
        active: true,
        emails: [{ type: 'home', value: 'carol@sample.org' }],
        [ENTERPRISE]: { department: 'R&D' },
      },
      {
        userName: 'Dave@Example.com',
        externalId: 'ext-dave',
        name: { givenName: 'Dave', familyName: 'Diaz' },
        title: 'Senior Engineer',
        active: true,
        emails: [{ type: 'work', value: 'dave@example.com' }],
      },
    ];
    for (const user of users) {
      const res = await server.scim('POST', '/Users', { schemas: [USER, ENTERPRISE], ...user });
      expect(res.status).toBe(201);
      byName.set(user.userName.split('@')[0]!.toLowerCase(), res.body);
    }
    beforeDaveChanged = (await server.scim('GET', `/Users/${byName.get('carol')!.id}`)).body.meta.lastModified;
    clock.advance(1_000);
    await server.scim('PATCH', `/Users/${byName.get('dave')!.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'nickName', value: 'D' }],
    });
    const ids = (...names: string[]) => names.map((n) => ({ value: byName.get(n)!.id }));
    await server.scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Engineering',
      members: ids('alice', 'dave'),
    });
    await server.scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Sales',
      members: ids('bob'),
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('attribute operators', () => {
    it.each([
      ['userName eq "alice@example.com"', ['alice']],
      ['userName eq "ALICE@EXAMPLE.COM"', ['alice']], // userName is case-insensitive
      ['userName eq "dave@example.com"', ['dave']], // stored as Dave@Example.com
      ['userName ne "alice@example.com"', ['bob', 'carol', 'dave']],
      ['userName co "EXAMPLE"', ['alice', 'bob', 'dave']],
      ['userName sw "carol"', ['carol']],
      ['userName ew "sample.org"', ['carol']],
      ['title pr', ['alice', 'bob', 'dave']],
      ['title eq "engineer"', ['alice']],
      ['title co "Engineer"', ['alice', 'dave']],
      ['title ne "Engineer"', ['bob', 'carol', 'dave']], // ne matches a missing attribute too
      [`${ENTERPRISE}:employeeNumber gt "100"`, ['bob']],
      [`${ENTERPRISE}:employeeNumber ge "100"`, ['alice', 'bob']],
      [`${ENTERPRISE}:employeeNumber lt "200"`, ['alice']],
      [`${ENTERPRISE}:employeeNumber le "200"`, ['alice', 'bob']],
      ['active eq true', ['alice', 'carol', 'dave']],
      ['active eq false', ['bob']],
      ['externalId eq "ext-bob"', ['bob']],
      ['externalId eq "EXT-BOB"', []], // externalId is caseExact
    ])('%s', async (filter, expected) => {
      expect(await match(filter)).toEqual(expected);
    });

    it('id eq finds one user', async () => {
      expect(await match(`id eq "${byName.get('carol')!.id}"`)).toEqual(['carol']);
    });

    it('compares dateTimes as instants: meta.lastModified gt / ge / lt / le', async () => {
      expect(await match(`meta.lastModified gt "${beforeDaveChanged}"`)).toEqual(['dave']);
      expect(await match(`meta.lastModified le "${beforeDaveChanged}"`)).toEqual(['alice', 'bob', 'carol']);
      expect(await match('meta.created gt "2000-01-01T00:00:00Z"')).toEqual(['alice', 'bob', 'carol', 'dave']);
      expect(await match('meta.created lt "2000-01-01T00:00:00.000Z"')).toEqual([]);
      expect(await match(`meta.created ge "${byName.get('alice')!.meta.created}"`)).toEqual([
        'alice',
        'bob',
        'carol',
        'dave',
      ]);
    });

    it('reads operators and attribute names in any case', async () => {
      expect(await match('USERNAME Eq "bob@example.com"')).toEqual(['bob']);
      expect(await match('Title PR')).toEqual(['alice', 'bob', 'dave']);
      expect(await match('name.GIVENNAME sw "a"')).toEqual(['alice']);
    });
  });

  describe('logic and grouping', () => {
    it.each([
      ['title eq "Engineer" or title eq "Manager"', ['alice', 'bob']],
      ['active eq true and title co "engineer"', ['alice', 'dave']],
      ['not (active eq true)', ['bob']],
      ['not (title pr)', ['carol']],
      // `and` binds tighter than `or`
      ['title eq "Engineer" or title eq "Manager" and active eq true', ['alice']],
      ['(title eq "Engineer" or title eq "Manager") and active eq false', ['bob']],
      ['active eq true and (title eq "Engineer" or department eq "R&D")', ['alice', 'carol']],
      ['not (userName sw "a" or userName sw "b") and active eq true', ['carol', 'dave']],
      ['((userName sw "a"))', ['alice']],
    ])('%s', async (filter, expected) => {
      expect(await match(filter)).toEqual(expected);
    });
  });

  describe('complex attributes', () => {
    it.each([
      ['name.familyName sw "C"', ['carol']],
      ['name.givenName eq "bob"', ['bob']],
      ['emails.value ew "home.org"', ['alice']],
      ['emails.type eq "home"', ['alice', 'carol']],
      ['emails co "sample"', ['carol']], // a multi-valued attribute compares its value sub-attribute
      ['emails[type eq "home"]', ['alice', 'carol']],
      ['emails[type eq "work" and value co "example.com"]', ['alice', 'bob', 'dave']],
      ['emails[type eq "home" and value ew ".org"] and active eq true', ['alice', 'carol']],
      ['emails[not (type eq "work")]', ['alice', 'carol']],
      ['emails[type eq "work" and primary eq true]', ['alice']],
      // Entra's form (docs/interop.md#entra-value-path-filters): a value path, then a sub-attribute comparison on
      // the same value.
      ['emails[type eq "work"].value eq "alice@example.com"', ['alice']],
      ['emails[type eq "home"].value eq "alice@example.com"', []],
      ['emails[type eq "work"].value pr', ['alice', 'bob', 'dave']],
      ['emails[type eq "home"].value ew ".org" and active eq true', ['alice', 'carol']],
      [`${ENTERPRISE}:department eq "R&D"`, ['alice', 'carol']],
      ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bob"', ['bob']],
    ])('%s', async (filter, expected) => {
      expect(await match(filter)).toEqual(expected);
    });
  });

  describe('groups', () => {
    it('filters groups by displayName and by member', async () => {
      expect(await match('displayName co "ENG"', 'Groups')).toEqual(['engineering']);
      expect(await match(`members[value eq "${byName.get('alice')!.id}"]`, 'Groups')).toEqual(['engineering']);
      expect(await match(`members.value eq "${byName.get('bob')!.id}"`, 'Groups')).toEqual(['sales']);
      expect(await match('members pr', 'Groups')).toEqual(['engineering', 'sales']);
      expect(await match('displayName eq "Sales" or displayName eq "Engineering"', 'Groups')).toEqual([
        'engineering',
        'sales',
      ]);
    });
  });

  describe('POST /.search', () => {
    it('takes the filter in a SearchRequest body', async () => {
      const res = await server.scim('POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'title co "engineer"',
        attributes: ['userName'],
        startIndex: 1,
        count: 10,
      });
      expect(res.status).toBe(200);
      expect(res.body.Resources.map((u: { userName: string }) => u.userName).sort()).toEqual([
        'Dave@Example.com',
        'alice@example.com',
      ]);
      expect(res.body.Resources[0]).not.toHaveProperty('title');
    });

    // RFC 7644 §3.4.3: a search at the root spans every resource type (docs/scim.md#searching).
    const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
    it('at the root finds groups as well as users', async () => {
      const res = await server.scim('POST', '/.search', { schemas: [SEARCH], filter: 'displayName eq "Sales"' });
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(1);
      expect(res.body.Resources[0]).toMatchObject({
        displayName: 'Sales',
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        meta: { resourceType: 'Group' },
      });
    });

    it('at the root spans both types, pages the union and projects each resource by its own type', async () => {
      const all = await server.scim('POST', '/.search', { schemas: [SEARCH], filter: 'meta.created pr', count: 1000 });
      expect(all.status).toBe(200);
      const types = all.body.Resources.map((r: { meta: { resourceType: string } }) => r.meta.resourceType);
      expect(types.filter((t: string) => t === 'User').length).toBe(
        (await server.scim('GET', '/Users?count=0')).body.totalResults,
      );
      expect(types.filter((t: string) => t === 'Group').length).toBe(
        (await server.scim('GET', '/Groups?count=0')).body.totalResults,
      );
      expect(all.body.totalResults).toBe(types.length);

      const sorted = await server.scim('POST', '/.search', {
        schemas: [SEARCH],
        sortBy: 'displayName',
        attributes: ['displayName', 'userName'],
        count: 1000,
      });
      const names = sorted.body.Resources.map((r: { displayName?: string }) => r.displayName);
      const present = names.filter((n: string | undefined) => n !== undefined) as string[];
      expect(present).toEqual([...present].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
      expect(names.slice(present.length).every((n: unknown) => n === undefined)).toBe(true); // no value sorts last
      expect(sorted.body.Resources.every((r: Record<string, unknown>) => !('emails' in r) && !('members' in r))).toBe(
        true,
      );

      const second = await server.scim('POST', '/.search', {
        schemas: [SEARCH],
        sortBy: 'displayName',
        startIndex: 2,
        count: 2,
      });
      expect(second.body).toMatchObject({ totalResults: sorted.body.totalResults, startIndex: 2, itemsPerPage: 2 });
      expect(second.body.Resources.map((r: { id: string }) => r.id)).toEqual(
        sorted.body.Resources.slice(1, 3).map((r: { id: string }) => r.id),
      );
    });

    it('at the root answers a bad filter with invalidFilter, and GET with 405', async () => {
      const bad = await server.scim('POST', '/.search', { schemas: [SEARCH], filter: 'displayName eq' });
      expect(bad).toMatchObject({ status: 400, body: { scimType: 'invalidFilter' } });
      expect((await server.scim('GET', '/.search')).status).toBe(405);
    });
  });

  describe('invalid filters', () => {
    it.each([
      'userName xx "a"',
      'userName eq',
      '(userName eq "a"',
      'userName eq "a")',
      'userName eq "unterminated',
      'and userName eq "a"',
      'emails[type eq "work"',
      'name eq "Alice"', // a complex attribute has no value to compare
    ])('%s is 400 invalidFilter', async (filter) => {
      const res = await server.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '400',
        scimType: 'invalidFilter',
      });
      expect(res.body.detail).toEqual(expect.any(String));
    });
  });
});
