import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail, GroupListItem, Page, UserDetail, UserListItem } from '../../server/admin/contract.js';
import {
  BACKUP_ADMIN,
  HELPDESK_ADMIN,
  createOu,
  createRule,
  createUser,
  deactivateUser,
  pushGroup,
  rule,
} from '../helpers/admin-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

// The directory as the admin browses it: search, paging, filters, and each user's access explained.
describe('directory in the admin API', () => {
  let server: TestServer;
  let finance: string;
  let backupTeam: string;
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    finance = await createOu(server, 'Finance');
    for (let i = 0; i < 12; i++)
      ids.push(
        await createUser(server, `user${String(i).padStart(2, '0')}@example.com`, {
          displayName: i === 3 ? 'Zoë Quinn' : `User ${i}`,
        }),
      );
    backupTeam = await pushGroup(server, 'Backup Team', ids.slice(0, 4));
    await pushGroup(server, 'Helpdesk', [ids[3]!]);
    await pushGroup(server, 'alpha', []);
    await createRule(server, rule('Backup', { $eq: 'Backup Team' }, BACKUP_ADMIN, [finance]));
    await createRule(server, rule('Helpdesk on Finance', { $eq: 'Helpdesk' }, HELPDESK_ADMIN, [finance]));
    await deactivateUser(server, ids[0]!);
  });
  afterAll(async () => {
    await server.stop();
  });
  const users = async (query: string) => (await server.api<Page<UserListItem>>('GET', `/api/users${query}`)).body;

  it('pages users in creation order with offset and limit', async () => {
    const page = await users('?offset=5&limit=3');
    expect(page).toMatchObject({ total: 12, offset: 5, limit: 3 });
    expect(page.items.map((u) => u.userName)).toEqual([
      'user05@example.com',
      'user06@example.com',
      'user07@example.com',
    ]);
    expect((await users('')).limit).toBe(50);
  });

  it('searches userName, displayName and emails, case-insensitively', async () => {
    expect((await users('?q=ZOË')).items.map((u) => u.userName)).toEqual(['user03@example.com']);
    expect((await users('?q=user1')).items.map((u) => u.userName)).toEqual([
      'user10@example.com',
      'user11@example.com',
    ]);
  });

  it('filters by active, access and group, each row with its access', async () => {
    expect((await users('?active=false')).items.map((u) => u.userName)).toEqual(['user00@example.com']);
    const withAccess = await users('?access=any');
    expect(withAccess.items.map((u) => u.userName)).toEqual([
      'user01@example.com',
      'user02@example.com',
      'user03@example.com',
    ]);
    expect(withAccess.items[0]).toMatchObject({
      email: 'user01@example.com',
      active: true,
      groupCount: 1,
      displayName: 'User 1',
    });
    expect(withAccess.items[0]!.access).toEqual([
      {
        role_id: BACKUP_ADMIN,
        organizational_unit_id: finance,
        rules: [{ rule_id: expect.any(String), name: 'Backup', via_group: 'Backup Team', via_groups: ['Backup Team'] }],
        in_effect: false, // auto user provisioning is off: what the rules would give once it is on
      },
    ]);
    expect((await users(`?group=${backupTeam}&active=true`)).total).toBe(3);
    expect((await users('?access=none')).total).toBe(9);
  });

  it('shows one user with SCIM resource, groups, access and conflicts', async () => {
    const res = await server.api<UserDetail>('GET', `/api/users/${ids[3]}`);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ id: ids[3], userName: 'user03@example.com', meta: { resourceType: 'User' } });
    expect(res.body.groups.map((g) => g.displayName)).toEqual(['Backup Team', 'Helpdesk']);
    expect(res.body.access).toEqual([
      expect.objectContaining({ role_id: BACKUP_ADMIN, organizational_unit_id: finance }),
    ]);
    expect(res.body.conflicts).toEqual([
      {
        organizational_unit_id: finance,
        chosen_role_id: BACKUP_ADMIN,
        candidates: [
          { role_id: BACKUP_ADMIN, rules: [{ rule_id: expect.any(String), name: 'Backup' }] },
          { role_id: HELPDESK_ADMIN, rules: [{ rule_id: expect.any(String), name: 'Helpdesk on Finance' }] },
        ],
      },
    ]);
    expect((await server.api('GET', '/api/users/nope')).status).toBe(404);
  });

  it('lists groups by displayName with member counts, and shows one with its members', async () => {
    const list = (await server.api<Page<GroupListItem>>('GET', '/api/groups')).body;
    expect(list.items.map((g) => [g.displayName, g.memberCount])).toEqual([
      ['alpha', 0],
      ['Backup Team', 4],
      ['Helpdesk', 1],
    ]);
    expect(
      (await server.api<Page<GroupListItem>>('GET', '/api/groups?q=HELP')).body.items.map((g) => g.displayName),
    ).toEqual(['Helpdesk']);
    const detail = await server.api<GroupDetail>('GET', `/api/groups/${backupTeam}`);
    expect(detail.body.memberCount).toBe(4);
    expect(detail.body.group).not.toHaveProperty('members');
    expect(detail.body.members[0]).toEqual({
      id: ids[0],
      userName: 'user00@example.com',
      displayName: 'User 0',
      active: false,
    });
  });

  it('counts rules, users and the setting in the status', async () => {
    const status = (await server.api('GET', '/api/status')).body;
    expect(status.counts).toMatchObject({ users: 12, activeUsers: 11, groups: 3, rules: 2 });
    expect(status.autoUserProvisioning).toBe(false);
    const rules = (await server.api('GET', '/api/rules')).body.items;
    expect(rules.map((r: { name: string; user_count: number }) => [r.name, r.user_count])).toEqual([
      ['Backup', 3],
      ['Helpdesk on Finance', 0],
    ]);
  });
});
