import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// RFC 7644 §3.4.2.5 and §3.9: attributes / excludedAttributes, on GET, lists, searches and writes.
describe('RFC 7644 attribute projection', () => {
  let server: TestServer;
  let id: string;
  let managerId: string;
  const get = (query: string) => server.scim('GET', `/Users/${id}?${query}`);

  beforeAll(async () => {
    server = await startTestServer();
    managerId = (await server.scim('POST', '/Users', { schemas: [USER], userName: 'boss@example.com' })).body.id;
    const res = await server.scim('POST', '/Users', {
      schemas: [USER, ENTERPRISE],
      userName: 'proj@example.com',
      externalId: 'ext-proj',
      displayName: 'Pro Jection',
      name: { givenName: 'Pro', familyName: 'Jection' },
      emails: [
        { type: 'work', value: 'proj@example.com', primary: true },
        { type: 'home', value: 'proj@home.org' },
      ],
      [ENTERPRISE]: { department: 'R&D', costCenter: 'CC-9', manager: { value: managerId } },
    });
    id = res.body.id;
    await server.scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Team',
      members: [{ value: id }],
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('attributes', () => {
    it('returns only the named attributes, plus id and schemas which are always returned', async () => {
      const res = await get('attributes=userName');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ schemas: [USER, ENTERPRISE], id, userName: 'proj@example.com' });
    });

    it('takes several names, in any case', async () => {
      const res = await get('attributes=USERNAME,displayname,externalId');
      expect(res.body).toEqual({
        schemas: [USER, ENTERPRISE],
        id,
        userName: 'proj@example.com',
        displayName: 'Pro Jection',
        externalId: 'ext-proj',
      });
    });

    it('narrows a complex attribute to a sub-attribute', async () => {
      const res = await get('attributes=name.givenName');
      expect(res.body.name).toEqual({ givenName: 'Pro' });
      expect(res.body).not.toHaveProperty('userName');
    });

    it('narrows a multi-valued attribute to a sub-attribute of every value', async () => {
      const res = await get('attributes=emails.value');
      expect(res.body.emails).toEqual([{ value: 'proj@example.com' }, { value: 'proj@home.org' }]);
    });

    it('returns an extension attribute named by its URN', async () => {
      const res = await get(`attributes=${ENTERPRISE}:department`);
      expect(res.body[ENTERPRISE]).toEqual({ department: 'R&D' });
      expect(res.body).not.toHaveProperty('userName');
    });

    it('returns an extension sub-attribute (manager.value) and the whole extension by its URN', async () => {
      expect((await get(`attributes=${ENTERPRISE}:manager.value`)).body[ENTERPRISE]).toEqual({
        manager: { value: managerId },
      });
      const whole = await get(`attributes=${ENTERPRISE}`);
      expect(whole.body[ENTERPRISE]).toMatchObject({ department: 'R&D', costCenter: 'CC-9' });
    });

    it('accepts core attributes qualified with the core schema URN', async () => {
      const res = await get(`attributes=${USER}:userName,${USER}:name.familyName`);
      expect(res.body).toEqual({
        schemas: [USER, ENTERPRISE],
        id,
        userName: 'proj@example.com',
        name: { familyName: 'Jection' },
      });
    });

    it('returns the computed groups and meta when asked', async () => {
      const res = await get('attributes=groups,meta.version');
      expect(res.body.groups).toEqual([expect.objectContaining({ display: 'Team' })]);
      expect(res.body.meta).toEqual({ version: expect.stringMatching(/^W\/"/) });
    });
  });

  describe('excludedAttributes', () => {
    it('drops the named attributes and keeps the rest', async () => {
      const res = await get('excludedAttributes=emails,displayName');
      expect(res.body).not.toHaveProperty('emails');
      expect(res.body).not.toHaveProperty('displayName');
      expect(res.body).toMatchObject({ id, userName: 'proj@example.com', name: { givenName: 'Pro' } });
    });

    it('drops a sub-attribute only', async () => {
      const res = await get('excludedAttributes=name.familyName');
      expect(res.body.name).toEqual({ givenName: 'Pro' });
    });

    it('drops an extension attribute by URN', async () => {
      const res = await get(`excludedAttributes=${ENTERPRISE}:costCenter`);
      expect(res.body[ENTERPRISE]).toEqual({
        department: 'R&D',
        manager: expect.objectContaining({ value: managerId }),
      });
    });

    it('never drops id or schemas', async () => {
      const res = await get('excludedAttributes=id,schemas');
      expect(res.body).toMatchObject({ id, schemas: [USER, ENTERPRISE] });
    });

    it('drops groups so large directories need not compute them', async () => {
      expect((await get('excludedAttributes=groups')).body).not.toHaveProperty('groups');
      expect((await get('')).body.groups).toHaveLength(1);
    });
  });

  describe('on other operations', () => {
    it('projects every resource of a list', async () => {
      const res = await server.scim('GET', '/Users?attributes=userName&sortBy=userName');
      expect(res.body.Resources).toEqual([
        { schemas: [USER], id: managerId, userName: 'boss@example.com' },
        { schemas: [USER, ENTERPRISE], id, userName: 'proj@example.com' },
      ]);
    });

    it('projects search results from a SearchRequest with excludedAttributes', async () => {
      const res = await server.scim('POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter: 'userName eq "proj@example.com"',
        excludedAttributes: ['emails', 'name'],
      });
      expect(res.body.Resources[0]).not.toHaveProperty('emails');
      expect(res.body.Resources[0]).not.toHaveProperty('name');
      expect(res.body.Resources[0].userName).toBe('proj@example.com');
    });

    it('projects the resource a POST, PUT or PATCH returns (RFC 7644 §3.9)', async () => {
      const created = await server.scim('POST', '/Users?attributes=userName', {
        schemas: [USER],
        userName: 'writes@example.com',
        title: 'T',
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ schemas: [USER], id: created.body.id, userName: 'writes@example.com' });
      const replaced = await server.scim('PUT', `/Users/${created.body.id}?excludedAttributes=title`, {
        schemas: [USER],
        userName: 'writes@example.com',
        title: 'U',
        nickName: 'N',
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body).not.toHaveProperty('title');
      expect(replaced.body.nickName).toBe('N');
      const patched = await server.scim('PATCH', `/Users/${created.body.id}?attributes=nickName`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'nickName', value: 'M' }],
      });
      expect(patched.body).toEqual({ schemas: [USER], id: created.body.id, nickName: 'M' });
    });

    it('refuses forbidden names in attributes with 400', async () => {
      const res = await get('attributes=__proto__');
      expect(res.status).toBe(400);
      expect(res.body.status).toBe('400');
    });
  });
});
