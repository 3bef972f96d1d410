import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, oktaUser, startTestServer, type TestServer } from '../helpers/scim-server.js';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// Concurrent writes to one resource lose nothing (docs/interop.md#concurrent-writes-to-one-group: elsewhere, an
// unlocked read-modify-write emptied groups).
describe('concurrency', () => {
  let server: TestServer;
  let userIds: string[];

  beforeAll(async () => {
    server = await startTestServer();
    const created = await Promise.all(
      Array.from({ length: 50 }, (_, i) => server.scim('POST', '/Users', oktaUser(`member${i}@example.com`))),
    );
    expect(created.every((r) => r.status === 201)).toBe(true);
    userIds = created.map((r) => r.body.id);
  });
  afterAll(async () => {
    await server.stop();
  });

  const patchGroup = (groupId: string, ...Operations: unknown[]) =>
    server.scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations });
  const memberIds = async (groupId: string) =>
    ((await server.scim('GET', `/Groups/${groupId}`)).body.members as { value: string }[]).map((m) => m.value).sort();

  it('50 concurrent PATCH add-member requests to one group leave exactly 50 members', async () => {
    const group = await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Crowd', members: [] });
    const results = await Promise.all(
      userIds.map((value) => patchGroup(group.body.id, { op: 'add', path: 'members', value: [{ value }] })),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200 && s !== 204)).toEqual([]);
    expect(await memberIds(group.body.id)).toEqual([...userIds].sort());
    await server.restart(); // and all 50 are on disk
    expect(await memberIds(group.body.id)).toHaveLength(50);
  });

  it('concurrent removes and adds on one group each take effect', async () => {
    const group = await server.scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Churn',
      members: userIds.slice(0, 25).map((value) => ({ value })),
    });
    const removes = userIds.slice(0, 25).filter((_, i) => i % 2 === 0);
    const adds = userIds.slice(25);
    await Promise.all([
      ...removes.map((id) => patchGroup(group.body.id, { op: 'remove', path: `members[value eq "${id}"]` })),
      ...adds.map((id) => patchGroup(group.body.id, { op: 'add', path: 'members', value: [{ value: id }] })),
    ]);
    const expected = userIds.filter((id) => !removes.includes(id)).sort();
    expect(await memberIds(group.body.id)).toEqual(expected);
  });

  it('concurrent PATCHes of different attributes of one user all land', async () => {
    const userId = userIds[0]!;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.scim('PATCH', `/Users/${userId}`, {
          schemas: [PATCH_OP],
          Operations: [
            {
              op: 'add',
              path: 'phoneNumbers',
              value: [{ type: 'other', value: `+1 555 01${String(i).padStart(2, '0')}` }],
            },
          ],
        }),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const user = await server.scim('GET', `/Users/${userId}`);
    expect(user.body.phoneNumbers).toHaveLength(20);
    expect(user.body.meta.version).toBe('W/"21"');
  });

  it('concurrent creates of one userName: exactly one 201, the rest 409', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.scim('POST', '/Users', oktaUser(i % 2 ? 'RACE@example.com' : 'race@example.com')),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const found = await server.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "race@example.com"')}`);
    expect(found.body.totalResults).toBe(1);
  });

  it('concurrent creates of one group displayName: exactly one 201', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Only One' })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });
});
