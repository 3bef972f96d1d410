import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDetail, UserListItem, Page } from '../../server/admin/contract.js';
import {
  BACKUP_ADMIN,
  HELPDESK_ADMIN,
  accessEvents,
  addMembers,
  createOu,
  createRule,
  createUser,
  deactivateUser,
  lastEventId,
  pushGroup,
  removeMember,
  renameGroup,
  rule,
} from '../helpers/admin-fixtures.js';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

// The access service follows every SCIM change and re-evaluates only the users it touches; each change of
// a user's access is one activity event that says what, where, through which rule and group.
describe('incremental re-evaluation through SCIM', () => {
  let server: TestServer;
  let finance: string;
  const ids: Record<string, string> = {};
  let backupTeam: string;
  let helpdesk: string;

  beforeAll(async () => {
    server = await startTestServer();
    finance = await createOu(server, 'Finance');
    for (const name of ['ann', 'bob', 'cid', 'dee']) ids[name] = await createUser(server, `${name}@example.com`);
    backupTeam = await pushGroup(server, 'Backup Team', [ids.ann!]);
    helpdesk = await pushGroup(server, 'Helpdesk EMEA', [ids.dee!]);
    await createRule(server, rule('Backup', { $eq: 'Backup Team' }, BACKUP_ADMIN, [finance]));
    await createRule(server, rule('Helpdesk', { $contains: { $in: ['Helpdesk'] } }, HELPDESK_ADMIN, [finance]));
  });
  afterAll(async () => {
    await server.stop();
  });

  const accessOf = async (name: string) => (await server.api<UserDetail>('GET', `/api/users/${ids[name]}`)).body.access;

  it('gives access from the start to users already in the groups', async () => {
    expect(await accessOf('ann')).toEqual([
      // Computed while auto user provisioning is off: what ann would get once it is on.
      {
        role_id: BACKUP_ADMIN,
        organizational_unit_id: finance,
        rules: [expect.objectContaining({ name: 'Backup', via_group: 'Backup Team' })],
        in_effect: false,
      },
    ]);
    expect(await accessOf('bob')).toEqual([]);
  });

  it('an Okta membership PATCH changes exactly the added users and logs one event per change', async () => {
    const mark = await lastEventId(server);
    await addMembers(server, backupTeam, [ids.bob!, ids.cid!]);
    const events = await accessEvents(server, mark);
    expect(events.map((e) => [e.user.userName, e.change, e.role_id, e.organizational_unit_id]).sort()).toEqual([
      ['bob@example.com', 'gained', BACKUP_ADMIN, finance],
      ['cid@example.com', 'gained', BACKUP_ADMIN, finance],
    ]);
    const bob = events.find((e) => e.user.userName === 'bob@example.com')!;
    expect(bob.summary).toBe(
      `bob@example.com gained Backup Admin on OU Finance via rule 'Backup' through group "Backup Team" (preview only: auto user provisioning is off)`,
    );
    expect(bob.rules).toEqual([expect.objectContaining({ name: 'Backup', via_group: 'Backup Team' })]);
    expect(await accessOf('ann')).toHaveLength(1);
    expect(await accessOf('dee')).toEqual([expect.objectContaining({ role_id: HELPDESK_ADMIN })]);
  });

  it('removing one member (members[value eq "id"]) takes access from that member only', async () => {
    const mark = await lastEventId(server);
    await removeMember(server, backupTeam, ids.cid!);
    const events = await accessEvents(server, mark);
    expect(events.map((e) => [e.user.userName, e.change])).toEqual([['cid@example.com', 'lost']]);
    expect(events[0]!.summary).toContain(
      `cid@example.com lost Backup Admin on OU Finance (had it via rule 'Backup' through group "Backup Team")`,
    );
    expect(await accessOf('cid')).toEqual([]);
    expect(await accessOf('bob')).toHaveLength(1);
  });

  it('a group rename re-evaluates its members: renamed away from the rule they lose, renamed back they regain', async () => {
    let mark = await lastEventId(server);
    await renameGroup(server, backupTeam, 'Backup Crew');
    let events = await accessEvents(server, mark);
    expect(events.map((e) => [e.user.userName, e.change]).sort()).toEqual([
      ['ann@example.com', 'lost'],
      ['bob@example.com', 'lost'],
    ]);
    mark = await lastEventId(server);
    await renameGroup(server, backupTeam, 'Backup Team');
    events = await accessEvents(server, mark);
    expect(events.map((e) => [e.user.userName, e.change]).sort()).toEqual([
      ['ann@example.com', 'gained'],
      ['bob@example.com', 'gained'],
    ]);
  });

  it('a rename into a $contains keyword grants access through the new name', async () => {
    const mark = await lastEventId(server);
    const group = await pushGroup(server, 'Ops', [ids.cid!]);
    expect(await accessEvents(server, mark)).toEqual([]);
    await renameGroup(server, group, 'Helpdesk APAC');
    const events = await accessEvents(server, mark);
    expect(events.map((e) => [e.user.userName, e.change, e.rules[0]?.via_group])).toEqual([
      ['cid@example.com', 'gained', 'Helpdesk APAC'],
    ]);
  });

  it('Okta\'s "replace members" with [] takes access from every former member, and only from them', async () => {
    const group = await pushGroup(server, 'Backup Team EU', [ids.ann!, ids.bob!]);
    await createRule(server, rule('Backup EU', { $eq: 'Backup Team EU' }, BACKUP_ADMIN));
    const mark = await lastEventId(server);
    const res = await server.scim('PATCH', `/Groups/${group}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'members', value: [] }],
    });
    expect(res.status).toBeLessThan(300);
    const events = await accessEvents(server, mark);
    expect(events.map((e) => [e.user.userName, e.change, e.rules[0]?.name]).sort()).toEqual([
      ['ann@example.com', 'lost', 'Backup EU'],
      ['bob@example.com', 'lost', 'Backup EU'],
    ]);
    expect(await accessOf('ann')).toEqual([expect.objectContaining({ organizational_unit_id: finance })]);
  });

  it('deactivating a user (Okta pathless replace) removes all of their access', async () => {
    const mark = await lastEventId(server);
    await deactivateUser(server, ids.dee!);
    const events = await accessEvents(server, mark);
    expect(events.map((e) => [e.user.userName, e.change])).toEqual([['dee@example.com', 'lost']]);
    expect(await accessOf('dee')).toEqual([]);
  });

  it('deleting a group (Entra) takes the access it gave from its former members', async () => {
    const mark = await lastEventId(server);
    const res = await server.scim('DELETE', `/Groups/${helpdesk}`);
    expect(res.status).toBe(204);
    // dee is inactive already: nothing to lose; nobody else was in Helpdesk EMEA.
    expect(await accessEvents(server, mark)).toEqual([]);
    const del = await server.scim('DELETE', `/Groups/${backupTeam}`);
    expect(del.status).toBe(204);
    const events = await accessEvents(server, mark);
    expect(events.map((e) => [e.user.userName, e.change]).sort()).toEqual([
      ['ann@example.com', 'lost'],
      ['bob@example.com', 'lost'],
    ]);
  });

  it('lists users with their access and filters by access', async () => {
    const withAccess = await server.api<Page<UserListItem>>('GET', '/api/users?access=any');
    expect(withAccess.body.items.map((u) => u.userName)).toEqual(['cid@example.com']);
    const without = await server.api<Page<UserListItem>>('GET', '/api/users?access=none&active=true');
    expect(without.body.items.map((u) => u.userName)).toEqual(['ann@example.com', 'bob@example.com']);
  });

  it('keeps the access index right across a restart', async () => {
    await server.restart();
    expect(await accessOf('cid')).toEqual([
      expect.objectContaining({ role_id: HELPDESK_ADMIN, organizational_unit_id: finance }),
    ]);
    expect(await accessOf('ann')).toEqual([]);
  });
});
