import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// RFC 7644 §3.4.2.3: sortBy / sortOrder, case rules from the schema, missing values last when ascending.
describe('RFC 7644 sorting', () => {
  let server: TestServer;
  const names = async (query: string) => {
    const res = await server.scim('GET', `/Users?${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.Resources.map((u: { userName: string }) => u.userName);
  };

  beforeAll(async () => {
    server = await startTestServer();
    // created in an order that differs from every sort below
    const users = [
      {
        userName: 'carol',
        name: { familyName: 'Adams' },
        title: 'b',
        emails: [{ value: 'z@x.org' }, { value: 'c@x.org', primary: true }],
        [ENTERPRISE]: { department: 'Ops' },
      },
      { userName: 'Alice', name: { familyName: 'Clark' }, emails: [{ value: 'a@x.org' }] },
      {
        userName: 'bob',
        name: { familyName: 'Brown' },
        title: 'a',
        emails: [{ value: 'b@x.org' }],
        [ENTERPRISE]: { department: 'Eng' },
      },
      { userName: 'dave', title: 'c' },
    ];
    for (const user of users) {
      expect((await server.scim('POST', '/Users', { schemas: [USER, ENTERPRISE], ...user })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('sorts by userName ascending by default, case-insensitively', async () => {
    expect(await names('sortBy=userName')).toEqual(['Alice', 'bob', 'carol', 'dave']);
    expect(await names('sortBy=userName&sortOrder=ascending')).toEqual(['Alice', 'bob', 'carol', 'dave']);
  });

  it('sorts descending', async () => {
    expect(await names('sortBy=userName&sortOrder=descending')).toEqual(['dave', 'carol', 'bob', 'Alice']);
  });

  it('sorts by a sub-attribute, resources without a value last when ascending and first when descending', async () => {
    expect(await names('sortBy=name.familyName')).toEqual(['carol', 'bob', 'Alice', 'dave']);
    expect(await names('sortBy=name.familyName&sortOrder=descending')).toEqual(['dave', 'Alice', 'bob', 'carol']);
    expect(await names('sortBy=title')).toEqual(['bob', 'carol', 'dave', 'Alice']);
  });

  it('sorts a multi-valued attribute by its primary value', async () => {
    expect(await names('sortBy=emails')).toEqual(['Alice', 'bob', 'carol', 'dave']);
    expect(await names('sortBy=emails.value')).toEqual(['Alice', 'bob', 'carol', 'dave']);
  });

  it('sorts by an extension attribute, by URN or short name', async () => {
    expect(await names(`sortBy=${ENTERPRISE}:department`)).toEqual(['bob', 'carol', 'Alice', 'dave']);
  });

  it('sorts by meta.created (creation order)', async () => {
    expect(await names('sortBy=meta.created')).toEqual(['carol', 'Alice', 'bob', 'dave']);
    expect(await names('sortBy=meta.created&sortOrder=descending')).toEqual(['dave', 'bob', 'Alice', 'carol']);
  });

  it('sorts before paging and filtering counts', async () => {
    const res = await server.scim(
      'GET',
      `/Users?sortBy=userName&sortOrder=descending&startIndex=2&count=2&filter=${encodeURIComponent('userName ne "dave"')}`,
    );
    expect(res.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 2 });
    expect(res.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['bob', 'Alice']);
  });

  it('sorts groups by displayName', async () => {
    for (const displayName of ['Zeta', 'alpha', 'Mu'])
      await server.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName });
    const res = await server.scim('GET', '/Groups?sortBy=displayName&sortOrder=descending');
    expect(res.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['Zeta', 'Mu', 'alpha']);
  });

  it('refuses a bad sortOrder or a complex sortBy with 400 invalidValue', async () => {
    for (const query of ['sortBy=userName&sortOrder=sideways', 'sortBy=name', 'sortBy=emails[type eq "work"]']) {
      const res = await server.scim('GET', `/Users?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ status: '400', scimType: 'invalidValue' });
    }
  });
});
