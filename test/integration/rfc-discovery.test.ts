import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIMITS = 'urn:ietf:params:scim:schemas:extension:scimdesk:2.0:Limits';

interface Attribute {
  name: string;
  type: string;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: string;
  returned: string;
  uniqueness: string;
  subAttributes?: Attribute[];
}

// RFC 7644 §4 / RFC 7643 §5-7: the server describes itself, and what it says is true.
describe('RFC 7644 discovery', () => {
  let server: TestServer;
  const anonymous = (route: string) =>
    fetch(`${server.scimUrl}${route}`).then(async (r) => ({
      status: r.status,
      type: r.headers.get('content-type'),
      body: (await r.json()) as any,
    }));

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('/ServiceProviderConfig', () => {
    it('is readable without a token, as application/scim+json', async () => {
      const res = await anonymous('/ServiceProviderConfig');
      expect(res.status).toBe(200);
      expect(res.type).toContain('application/scim+json');
      expect(res.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig', LIMITS],
        patch: { supported: true },
        bulk: { supported: false },
        filter: { supported: true, maxResults: expect.any(Number) },
        changePassword: { supported: false },
        sort: { supported: true },
        etag: { supported: true },
        meta: { resourceType: 'ServiceProviderConfig', location: `${server.scimUrl}/ServiceProviderConfig` },
      });
      expect(res.body.authenticationSchemes).toEqual([
        expect.objectContaining({
          type: 'oauthbearertoken',
          name: expect.any(String),
          description: expect.any(String),
        }),
      ]);
    });

    it('tells the truth: no bulk (501), sort and PATCH work, pages are capped at filter.maxResults', async () => {
      const config = (await anonymous('/ServiceProviderConfig')).body;
      const bulk = await server.scim('POST', '/Bulk', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [],
      });
      expect(bulk.status).toBe(501);
      await server.scim('POST', '/Users', { schemas: [USER], userName: 'b@example.com' });
      const a = await server.scim('POST', '/Users', { schemas: [USER], userName: 'a@example.com' });
      const sorted = await server.scim('GET', '/Users?sortBy=userName');
      expect(sorted.body.Resources.map((u: { userName: string }) => u.userName)).toEqual([
        'a@example.com',
        'b@example.com',
      ]);
      const patched = await server.scim('PATCH', `/Users/${a.body.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'title', value: 'x' }],
      });
      expect(patched.status).toBe(200);
      const huge = await server.scim('GET', `/Users?count=${config.filter.maxResults + 1}`);
      expect(huge.status).toBe(200);
      expect(huge.body.itemsPerPage).toBeLessThanOrEqual(config.filter.maxResults);
    });
  });

  describe('/ResourceTypes', () => {
    it('lists User (with the enterprise extension) and Group', async () => {
      const res = await anonymous('/ResourceTypes');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: 2,
      });
      const user = res.body.Resources.find((t: { id: string }) => t.id === 'User');
      expect(user).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        name: 'User',
        endpoint: '/Users',
        schema: USER,
        schemaExtensions: [{ schema: ENTERPRISE, required: false }],
        meta: { resourceType: 'ResourceType', location: `${server.scimUrl}/ResourceTypes/User` },
      });
      expect(res.body.Resources.find((t: { id: string }) => t.id === 'Group')).toMatchObject({
        endpoint: '/Groups',
        schema: GROUP,
      });
    });

    it('serves each resource type by id, and 404 for an unknown one', async () => {
      expect((await anonymous('/ResourceTypes/Group')).body).toMatchObject({ id: 'Group', endpoint: '/Groups' });
      const missing = await anonymous('/ResourceTypes/Device');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    });
  });

  describe('/Schemas', () => {
    it('lists the User, EnterpriseUser and Group schemas, and the limits extension of /ServiceProviderConfig', async () => {
      const res = await anonymous('/Schemas');
      expect(res.status).toBe(200);
      expect(res.body.Resources.map((s: { id: string }) => s.id).sort()).toEqual(
        [USER, GROUP, ENTERPRISE, LIMITS].sort(),
      );
      for (const schema of res.body.Resources) {
        expect(schema).toMatchObject({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
          name: expect.any(String),
          meta: { resourceType: 'Schema' },
        });
      }
    });

    it('describes userName as required, unique and case-insensitive, and password as never returned', async () => {
      const res = await anonymous(`/Schemas/${USER}`);
      const attrs = res.body.attributes as Attribute[];
      expect(attrs.find((a) => a.name === 'userName')).toMatchObject({
        type: 'string',
        required: true,
        caseExact: false,
        uniqueness: 'server',
        multiValued: false,
      });
      expect(attrs.find((a) => a.name === 'password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
      expect(attrs.find((a) => a.name === 'groups')).toMatchObject({ mutability: 'readOnly', multiValued: true });
      expect(attrs.find((a) => a.name === 'active')).toMatchObject({ type: 'boolean' });
      expect(attrs.find((a) => a.name === 'emails')?.subAttributes?.map((s) => s.name)).toEqual(
        expect.arrayContaining(['value', 'type', 'primary']),
      );
    });

    it('describes Group members with value, $ref, display and type', async () => {
      const res = await anonymous(`/Schemas/${GROUP}`);
      const members = (res.body.attributes as Attribute[]).find((a) => a.name === 'members')!;
      expect(members.multiValued).toBe(true);
      expect(members.subAttributes!.map((s) => s.name).sort()).toEqual(['$ref', 'display', 'type', 'value']);
    });

    it('describes every attribute a user and a group are actually returned with', async () => {
      const schemaOf = async (urn: string) =>
        new Set(((await anonymous(`/Schemas/${urn}`)).body.attributes as Attribute[]).map((a) => a.name));
      const [userAttrs, enterpriseAttrs, groupAttrs] = await Promise.all([
        schemaOf(USER),
        schemaOf(ENTERPRISE),
        schemaOf(GROUP),
      ]);
      const user = await server.scim('POST', '/Users', {
        schemas: [USER, ENTERPRISE],
        userName: 'full@example.com',
        externalId: 'x',
        name: { givenName: 'F' },
        displayName: 'F',
        nickName: 'f',
        title: 't',
        userType: 'Employee',
        locale: 'en-US',
        timezone: 'Europe/Paris',
        active: true,
        emails: [{ value: 'full@example.com' }],
        phoneNumbers: [{ value: '1' }],
        addresses: [{ locality: 'Paris' }],
        roles: [{ value: 'r' }],
        [ENTERPRISE]: { department: 'd', employeeNumber: '1', manager: { value: 'm' } },
      });
      await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'G', members: [{ value: user.body.id }] });
      const returned = (await server.scim('GET', `/Users/${user.body.id}`)).body;
      const common = new Set(['schemas', 'id', 'meta']);
      for (const key of Object.keys(returned)) {
        if (common.has(key) || key === ENTERPRISE) continue;
        expect(userAttrs, key).toContain(key);
      }
      for (const key of Object.keys(returned[ENTERPRISE])) expect(enterpriseAttrs, key).toContain(key);
      const group = (await server.scim('GET', '/Groups')).body.Resources[0];
      for (const key of Object.keys(group)) if (!common.has(key)) expect(groupAttrs, key).toContain(key);
    });

    it('serves one schema by its URN and 404 for an unknown one', async () => {
      expect((await anonymous(`/Schemas/${ENTERPRISE}`)).body.attributes.map((a: Attribute) => a.name)).toContain(
        'manager',
      );
      expect((await anonymous('/Schemas/urn:example:unknown')).status).toBe(404);
    });
  });
});
