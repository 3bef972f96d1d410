import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, oktaUser, startTestServer, type TestServer } from '../helpers/scim-server.js';

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// Okta Push Groups (docs/interop.md#okta-group-push): create, rename by pathless replace {id, displayName},
// member add/remove/replace, PUT (apps built with the AIW), unlink (DELETE).
describe('Okta group push', () => {
  let server: TestServer;
  const users: { id: string; userName: string }[] = [];
  let groupId: string;

  const patch = (...Operations: unknown[]) =>
    server.scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations });
  const memberIds = async (): Promise<string[]> => {
    const res = await server.scim('GET', `/Groups/${groupId}`);
    expect(res.status).toBe(200);
    return (res.body.members as { value: string }[]).map((m) => m.value).sort();
  };
  const ids = (...indexes: number[]) => indexes.map((i) => users[i]!.id).sort();

  beforeAll(async () => {
    server = await startTestServer();
    for (const name of ['ann.ames', 'bob.burns', 'cat.chen', 'dan.diaz']) {
      const res = await server.scim('POST', '/Users', oktaUser(`${name}@example.com`));
      users.push({ id: res.body.id, userName: res.body.userName });
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  it('creates the pushed group: 201 with id, Location and an empty member list', async () => {
    const res = await server.scim('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Backup Team',
      members: [],
    });
    expect(res.status).toBe(201);
    groupId = res.body.id;
    expect(res.body).toMatchObject({
      schemas: [GROUP_SCHEMA],
      displayName: 'Backup Team',
      members: [],
      meta: { resourceType: 'Group' },
    });
    expect(res.headers.get('location')).toBe(`${server.scimUrl}/Groups/${groupId}`);
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
  });

  it('refuses pushing the same name again (any case) with 409, which Okta shows as "displayName already exists"', async () => {
    const res = await server.scim('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'backup team',
      members: [],
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('adds members with path "members" and {value, display} objects without type', async () => {
    const res = await patch({
      op: 'add',
      path: 'members',
      value: [0, 1, 2].map((i) => ({ value: users[i]!.id, display: users[i]!.userName })),
    });
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual(ids(0, 1, 2));
  });

  it('shows members on GET with value, display, type and $ref, and the groups on each user', async () => {
    const group = await server.scim('GET', `/Groups/${groupId}`);
    const ann = (group.body.members as Record<string, unknown>[]).find((m) => m.value === users[0]!.id);
    expect(ann).toMatchObject({
      value: users[0]!.id,
      display: 'ann.ames@example.com',
      type: 'User',
      $ref: `${server.scimUrl}/Users/${users[0]!.id}`,
    });
    const user = await server.scim('GET', `/Users/${users[0]!.id}`);
    expect(user.body.groups).toEqual([expect.objectContaining({ value: groupId, display: 'Backup Team' })]);
  });

  it('adding a member that is already there changes nothing (add is idempotent)', async () => {
    const res = await patch({ op: 'add', path: 'members', value: [{ value: users[0]!.id }] });
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual(ids(0, 1, 2));
  });

  it('renames by pathless replace {id, displayName} and keeps every member', async () => {
    const res = await patch({ op: 'replace', value: { id: groupId, displayName: 'Backup Admins' } });
    expect([200, 204]).toContain(res.status);
    const group = await server.scim('GET', `/Groups/${groupId}`);
    expect(group.body.displayName).toBe('Backup Admins');
    expect(await memberIds()).toEqual(ids(0, 1, 2));
    const found = await server.scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "backup admins"')}`);
    expect(found.body.Resources.map((g: { id: string }) => g.id)).toEqual([groupId]);
  });

  it('removes one member by members[value eq "id"] and only that one', async () => {
    const res = await patch({ op: 'remove', path: `members[value eq "${users[1]!.id}"]` });
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual(ids(0, 2));
    const bob = await server.scim('GET', `/Users/${users[1]!.id}`);
    expect(bob.body.groups ?? []).toEqual([]);
  });

  it('removes and adds in one request', async () => {
    const res = await patch(
      { op: 'remove', path: `members[value eq "${users[0]!.id}"]` },
      { op: 'add', path: 'members', value: [{ value: users[3]!.id, display: users[3]!.userName }] },
    );
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual(ids(2, 3));
  });

  it('replaces the members with a list', async () => {
    const res = await patch({
      op: 'replace',
      path: 'members',
      value: [{ value: users[0]!.id }, { value: users[1]!.id }],
    });
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual(ids(0, 1));
  });

  it('replaces the members with [] ("Push now" on an empty group) and the group is emptied', async () => {
    const res = await patch({ op: 'replace', path: 'members', value: [] });
    expect([200, 204]).toContain(res.status);
    expect(await memberIds()).toEqual([]);
    expect((await server.scim('GET', `/Groups/${groupId}`)).body.displayName).toBe('Backup Admins');
  });

  it('answers an unknown member id with 400 invalidValue and changes nothing', async () => {
    await patch({ op: 'add', path: 'members', value: [{ value: users[2]!.id }] });
    const res = await patch({
      op: 'add',
      path: 'members',
      value: [{ value: users[3]!.id }, { value: 'no-such-user' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(await memberIds()).toEqual(ids(2));
  });

  it('PUT replaces name and members in one go (apps built with the AIW)', async () => {
    const res = await server.scim('PUT', `/Groups/${groupId}`, {
      schemas: [GROUP_SCHEMA],
      id: groupId,
      displayName: 'Backup Team',
      members: [{ value: users[1]!.id, display: users[1]!.userName }, { value: users[3]!.id }],
    });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('Backup Team');
    expect((res.body.members as { value: string }[]).map((m) => m.value).sort()).toEqual(ids(1, 3));
    expect(await memberIds()).toEqual(ids(1, 3));
  });

  it('keeps a user in its groups when Okta PUTs the user (groups are managed through /Groups)', async () => {
    const user = (await server.scim('GET', `/Users/${users[3]!.id}`)).body;
    const res = await server.scim('PUT', `/Users/${user.id}`, {
      ...oktaUser(user.userName),
      active: false,
      groups: [],
    });
    expect(res.status).toBe(200);
    expect(res.body.groups).toEqual([expect.objectContaining({ value: groupId })]);
    expect(await memberIds()).toEqual(ids(1, 3));
  });

  it('DELETE unlinks the group: 204, then 404, and no user lists it any more', async () => {
    const res = await server.scim('DELETE', `/Groups/${groupId}`);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    const gone = await server.scim('GET', `/Groups/${groupId}`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ status: '404' });
    const bob = await server.scim('GET', `/Users/${users[1]!.id}`);
    expect(bob.body.groups ?? []).toEqual([]);
  });

  it('keeps memberships across a restart', async () => {
    const group = await server.scim('POST', '/Groups', {
      schemas: [GROUP_SCHEMA],
      displayName: 'Durable',
      members: [{ value: users[0]!.id }],
    });
    await server.restart();
    const res = await server.scim('GET', `/Groups/${group.body.id}`);
    expect(res.body.members.map((m: { value: string }) => m.value)).toEqual([users[0]!.id]);
  });
});
