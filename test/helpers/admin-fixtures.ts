/**
 * Building blocks for admin API and rules tests against a real server: SCIM requests shaped like Okta's
 * (users, group push, membership PATCHes, renames) and rules in Clumio's wire format.
 */
import type { AccessChangeEvent, ActivityPage, RuleInput } from '../../server/admin/contract.js';
import { PATCH_OP, oktaUser, type TestServer } from './scim-server.js';

export const SUPER_ADMIN = '00000000-0000-0000-0000-000000000000';
export const BACKUP_ADMIN = '30000000-0000-0000-0000-000000000000';
export const HELPDESK_ADMIN = 'b0000000-0000-0000-0000-000000000000';
export const GLOBAL_OU = '00000000-0000-0000-0000-000000000000';

export async function createUser(
  server: TestServer,
  userName: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await server.scim('POST', '/Users', oktaUser(userName, extra));
  if (res.status !== 201) throw new Error(`create user ${userName}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Okta group push: POST /Groups with the members it already has. */
export async function pushGroup(server: TestServer, displayName: string, memberIds: string[] = []): Promise<string> {
  const res = await server.scim('POST', '/Groups', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    displayName,
    members: memberIds.map((value) => ({ value })),
  });
  if (res.status !== 201) throw new Error(`push group ${displayName}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

async function patchGroup(server: TestServer, groupId: string, operations: unknown[]) {
  const res = await server.scim('PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: operations });
  if (res.status !== 200 && res.status !== 204)
    throw new Error(`PATCH group: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Okta: `{"op":"add","path":"members","value":[{"value":id}]}`. */
export const addMembers = (server: TestServer, groupId: string, ids: string[]) =>
  patchGroup(server, groupId, [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }]);

/** Okta: `{"op":"remove","path":"members[value eq \"id\"]"}`. */
export const removeMember = (server: TestServer, groupId: string, id: string) =>
  patchGroup(server, groupId, [{ op: 'remove', path: `members[value eq "${id}"]` }]);

/** Okta's rename: a pathless replace with `{id, displayName}`, which keeps the members. */
export const renameGroup = (server: TestServer, groupId: string, displayName: string) =>
  patchGroup(server, groupId, [{ op: 'replace', value: { id: groupId, displayName } }]);

/** Okta's deactivation: a pathless replace of `active`. */
export async function deactivateUser(server: TestServer, userId: string) {
  const res = await server.scim('PATCH', `/Users/${userId}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: 'replace', value: { active: false } }],
  });
  if (res.status !== 200) throw new Error(`deactivate: ${res.status} ${JSON.stringify(res.body)}`);
}

export function rule(
  name: string,
  condition: Record<string, unknown>,
  roleId: string,
  ouIds: string[] = [GLOBAL_OU],
): RuleInput {
  return {
    name,
    condition: JSON.stringify({ 'user.groups': condition }),
    provision: { role_id: roleId, organizational_unit_ids: ouIds },
  };
}

export async function createRule(server: TestServer, input: RuleInput): Promise<string> {
  const res = await server.api('POST', '/api/rules', input);
  if (res.status !== 201) throw new Error(`create rule ${input.name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.rule_id as string;
}

export async function createOu(server: TestServer, name: string, parentId?: string): Promise<string> {
  const res = await server.api('POST', '/api/organizational-units', {
    name,
    ...(parentId ? { parent_id: parentId } : {}),
  });
  if (res.status !== 201) throw new Error(`create OU ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Access-change events, newest first, optionally only those newer than an event id. */
export async function accessEvents(server: TestServer, after?: string): Promise<AccessChangeEvent[]> {
  const res = await server.api<ActivityPage>('GET', '/api/activity?kind=access_change&limit=1000');
  const events = res.body.items as AccessChangeEvent[];
  return after === undefined ? events : events.filter((e) => e.id > after);
}

/** The id of the newest activity event (a bookmark for "what happened after this"). */
export async function lastEventId(server: TestServer): Promise<string> {
  const res = await server.api<ActivityPage>('GET', '/api/activity?limit=1');
  return res.body.items[0]?.id ?? '';
}

/** A user with the current admin's account set up: in "Clumio Admins", Super Admin rule, current_admin set. */
export async function setUpCurrentAdmin(server: TestServer, userName = 'admin@example.com') {
  const adminId = await createUser(server, userName);
  const adminsGroup = await pushGroup(server, 'Clumio Admins', [adminId]);
  const superRule = await createRule(server, rule('Super Admins', { $eq: 'Clumio Admins' }, SUPER_ADMIN));
  const set = await server.api('PUT', '/api/settings', { current_admin: userName });
  if (set.status !== 200) throw new Error(`settings: ${set.status} ${JSON.stringify(set.body)}`);
  return { adminId, adminsGroup, superRule };
}

export async function enableAutoUserProvisioning(server: TestServer) {
  const res = await server.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: true });
  if (res.status !== 200) throw new Error(`enable: ${res.status} ${JSON.stringify(res.body)}`);
}
