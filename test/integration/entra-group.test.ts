import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const MS_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

// Microsoft Entra ID group provisioning (docs/interop.md#microsoft-entra-id): capitalised ops, members removed by a
// value list, groups looked up and read without their members.
describe('Entra group provisioning', () => {
  let server: TestServer;
  const userIds: string[] = [];
  let groupId: string;
  const entra = (method: string, route: string, body?: unknown) =>
    server.scim(method, route, body, { 'User-Agent': 'Microsoft.Identity.AAD.Provisioning/1.0' });
  const patch = (...Operations: unknown[]) => entra('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations });
  const memberIds = async () =>
    ((await entra('GET', `/Groups/${groupId}`)).body.members as { value: string }[]).map((m) => m.value).sort();

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['alex', 'blair', 'casey', 'drew']) {
      const res = await entra('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `${name}@contoso.com`,
        externalId: name,
      });
      userIds.push(res.body.id);
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('creates a group whose schemas carry an extra Microsoft URN', async () => {
    const res = await entra('POST', '/Groups', {
      schemas: [GROUP_SCHEMA, MS_GROUP_SCHEMA],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'Finance Admins',
      meta: { resourceType: 'Group' },
    });
    expect(res.status).toBe(201);
    groupId = res.body.id;
    expect(res.body).toMatchObject({
      schemas: [GROUP_SCHEMA],
      displayName: 'Finance Admins',
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
    });
  });

  it('looks the group up by displayName and by externalId with excludedAttributes=members', async () => {
    for (const filter of [
      'displayName eq "Finance Admins"',
      'externalId eq "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"',
      'externalId eq 8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
    ]) {
      const res = await entra('GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent(filter)}`);
      expect(res.status, filter).toBe(200);
      expect(
        res.body.Resources.map((g: { id: string }) => g.id),
        filter,
      ).toEqual([groupId]);
      expect(res.body.Resources[0], filter).not.toHaveProperty('members');
    }
    const none = await entra(
      'GET',
      `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "0a7f3a8e-no-such-group"')}`,
    );
    expect(none.status).toBe(200);
    expect(none.body.totalResults).toBe(0);
  });

  it('adds members with a capitalised Add and {$ref: null, value} objects', async () => {
    const res = await patch({ op: 'Add', path: 'members', value: userIds.map((value) => ({ $ref: null, value })) });
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual([...userIds].sort());
  });

  it('GET with excludedAttributes=members leaves members out; without it they are there', async () => {
    const excluded = await entra('GET', `/Groups/${groupId}?excludedAttributes=members`);
    expect(excluded.status).toBe(200);
    expect(excluded.body).not.toHaveProperty('members');
    expect(excluded.body).toMatchObject({
      id: groupId,
      displayName: 'Finance Admins',
      meta: { resourceType: 'Group' },
    });
    const full = await entra('GET', `/Groups/${groupId}`);
    expect(full.body.members).toHaveLength(4);
  });

  it('Remove with path "members" and a value list removes only the listed members', async () => {
    const res = await patch({ op: 'Remove', path: 'members', value: [{ value: userIds[0] }, { value: userIds[2] }] });
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual([userIds[1], userIds[3]].sort());
  });

  it('Remove of a member that is no longer there succeeds and changes nothing (Entra retries)', async () => {
    const res = await patch({ op: 'Remove', path: 'members', value: [{ value: userIds[0] }] });
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual([userIds[1], userIds[3]].sort());
  });

  it('renames with a capitalised Replace on displayName, keeping members', async () => {
    const res = await patch({ op: 'Replace', path: 'displayName', value: 'Finance Owners' });
    expect([200, 204]).toContain(res.status);
    const group = await entra('GET', `/Groups/${groupId}?excludedAttributes=members`);
    expect(group.body.displayName).toBe('Finance Owners');
    expect(await memberIds()).toEqual([userIds[1], userIds[3]].sort());
  });

  it('returns the group after PATCH when asked with excludedAttributes=members', async () => {
    const res = await entra('PATCH', `/Groups/${groupId}?excludedAttributes=members`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: 'members', value: [{ value: userIds[0] }] }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: groupId, displayName: 'Finance Owners' });
    expect(res.body).not.toHaveProperty('members');
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
  });

  it('lists groups with excludedAttributes=members', async () => {
    const res = await entra('GET', '/Groups?excludedAttributes=members&startIndex=1&count=100');
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0]).not.toHaveProperty('members');
  });

  it('DELETE /Groups/{id} answers 204 and users keep existing', async () => {
    const res = await entra('DELETE', `/Groups/${groupId}`);
    expect(res.status).toBe(204);
    expect((await entra('GET', `/Groups/${groupId}`)).status).toBe(404);
    expect((await entra('GET', `/Users/${userIds[1]}`)).status).toBe(200);
  });
});
