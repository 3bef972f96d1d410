import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, oktaUser, request, startTestServer, type TestServer } from '../helpers/scim-server.js';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// RFC 7644 §3.12: every failure is the Error schema, with `status` as a string and the right scimType.
describe('RFC 7644 errors', () => {
  let server: TestServer;
  let userId: string;
  let groupId: string;

  beforeAll(async () => {
    server = await startTestServer();
    userId = (await server.scim('POST', '/Users', oktaUser('err.user@example.com'))).body.id;
    groupId = (await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Errors' })).body.id;
  });
  afterAll(async () => {
    await server.stop();
  });

  type Case = [name: string, method: string, path: string, body: unknown, status: number, scimType: string | undefined];
  const cases = (): Case[] => [
    ['a filter that does not parse', 'GET', '/Users?filter=userName%20eq', undefined, 400, 'invalidFilter'],
    [
      'a filter on Groups that does not parse',
      'GET',
      '/Groups?filter=displayName%20zz%20%22x%22',
      undefined,
      400,
      'invalidFilter',
    ],
    ['malformed JSON', 'POST', '/Users', '{"userName": ', 400, 'invalidSyntax'],
    ['a body that is not an object', 'POST', '/Users', '["userName"]', 400, 'invalidSyntax'],
    ['a user without userName', 'POST', '/Users', { schemas: [USER], displayName: 'x' }, 400, 'invalidValue'],
    [
      'a user with active "maybe"',
      'POST',
      '/Users',
      { schemas: [USER], userName: 'm@example.com', active: 'maybe' },
      400,
      'invalidValue',
    ],
    [
      'a user with a string where an object belongs',
      'POST',
      '/Users',
      { schemas: [USER], userName: 'n@example.com', emails: 'n@example.com', name: 'N' },
      400,
      'invalidValue',
    ],
    ['a group without displayName', 'POST', '/Groups', { schemas: [GROUP] }, 400, 'invalidValue'],
    [
      'a group with a member that does not exist',
      'POST',
      '/Groups',
      { schemas: [GROUP], displayName: 'G2', members: [{ value: 'ghost' }] },
      400,
      'invalidValue',
    ],
    ['a duplicate userName', 'POST', '/Users', oktaUser('ERR.USER@example.com'), 409, 'uniqueness'],
    [
      'a duplicate group displayName',
      'POST',
      '/Groups',
      { schemas: [GROUP], displayName: 'errors' },
      409,
      'uniqueness',
    ],
    ['a PATCH without Operations', 'PATCH', '/Users/:user', { schemas: [PATCH_OP] }, 400, 'invalidSyntax'],
    [
      'a PATCH to an unknown attribute',
      'PATCH',
      '/Users/:user',
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'shoeSize', value: 1 }] },
      400,
      'invalidPath',
    ],
    [
      'a PATCH remove without path',
      'PATCH',
      '/Users/:user',
      { schemas: [PATCH_OP], Operations: [{ op: 'remove' }] },
      400,
      'noTarget',
    ],
    [
      'a PATCH changing the id',
      'PATCH',
      '/Users/:user',
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'id', value: 'other' }] },
      400,
      'mutability',
    ],
    [
      'a PATCH of a group member sub-attribute',
      'PATCH',
      '/Groups/:group',
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'members.display', value: 'x' }] },
      400,
      'mutability',
    ],
    ['a bad sortOrder', 'GET', '/Users?sortBy=userName&sortOrder=up', undefined, 400, 'invalidValue'],
    ['a non-integer count', 'GET', '/Users?count=ten', undefined, 400, 'invalidValue'],
    ['an unknown user', 'GET', '/Users/00000000-0000-0000-0000-000000000000', undefined, 404, undefined],
    ['an unknown group', 'GET', '/Groups/00000000-0000-0000-0000-000000000000', undefined, 404, undefined],
    ['PUT on an unknown user', 'PUT', '/Users/nope', oktaUser('nope@example.com'), 404, undefined],
    ['DELETE of an unknown group', 'DELETE', '/Groups/nope', undefined, 404, undefined],
    ['an unknown resource', 'GET', '/Devices', undefined, 404, undefined],
    ['a path below a resource', 'GET', '/Users/:user/groups', undefined, 404, undefined],
    ['PATCH on the Users collection', 'PATCH', '/Users', { schemas: [PATCH_OP], Operations: [] }, 405, undefined],
    ['DELETE on the Groups collection', 'DELETE', '/Groups', undefined, 405, undefined],
    ['PUT on the Users collection', 'PUT', '/Users', oktaUser('c@example.com'), 405, undefined],
    ['GET on /.search', 'GET', '/Users/.search', undefined, 405, undefined],
    ['POST to ServiceProviderConfig', 'POST', '/ServiceProviderConfig', {}, 405, undefined],
    [
      'a bulk request',
      'POST',
      '/Bulk',
      { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] },
      501,
      undefined,
    ],
    ['/Me', 'GET', '/Me', undefined, 501, undefined],
  ];

  it.each(cases())('%s → %i %s', async (_name, method, path, body, status, scimType) => {
    const route = path.replace(':user', userId).replace(':group', groupId);
    const res = await server.scim(method, route, body);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/scim+json');
    expect(res.body.schemas).toEqual([ERROR]);
    expect(res.body.status).toBe(String(status));
    expect(typeof res.body.detail).toBe('string');
    expect(res.body.detail.length).toBeGreaterThan(0);
    if (scimType) expect(res.body.scimType).toBe(scimType);
    else expect(res.body).not.toHaveProperty('scimType');
  });

  it('answers a missing or wrong token with 401, a SCIM error and WWW-Authenticate', async () => {
    for (const headers of [
      { Authorization: '' },
      { Authorization: 'Bearer scimdesk_nope' },
      { Authorization: 'Basic dXNlcjpwYXNz' },
    ]) {
      const res = await request(`${server.scimUrl}/Users`, 'GET', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/scim+json');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '401' });
    }
  });

  it('answers anything outside /scim/v2 with a SCIM 404 naming the base path', async () => {
    const res = await request(server.scimUrl.replace('/scim/v2', '/api/tokens'), 'GET', undefined, {
      Authorization: `Bearer ${server.token}`,
    });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
    expect(res.body.detail).toContain('/scim/v2');
  });

  it('leaves the data as it was after every failed request', async () => {
    const users = await server.scim('GET', '/Users');
    expect(users.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['err.user@example.com']);
    const groups = await server.scim('GET', '/Groups');
    expect(groups.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['Errors']);
  });
});
