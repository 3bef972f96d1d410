/**
 * Acts as Okta against a SCIM base URL, with the request shapes Okta sends (Okta's SCIM 2.0 reference):
 * connector test, assignments (lookup by userName, then create), a profile update by GET + PUT, group push
 * (POST with no members, then the members), a rename, a membership removal, a deactivation and a reactivation.
 * An app from the Okta Integration Network sends the updates as PATCH (members added, `members[value eq "id"]`
 * removed, pathless replaces of displayName and active); an app integration made with the App Integration
 * Wizard sends every update as PUT of the whole resource, as Okta's reference says.
 */
import { ScimCallError, type ScimClient } from './scim-client.js';
import type { PlannedUser, RehearsalPlan } from './rehearsal-plan.js';
import { pacedSender, type RehearsalOutcome, type RehearsalRunOptions } from './rehearsal-pace.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export { watchablePace } from './rehearsal-pace.js';
export type { RehearsalOutcome, RehearsalRunOptions } from './rehearsal-pace.js';

/** How the app integration sends updates: PATCH (Okta Integration Network apps) or PUT (App Integration Wizard). */
export type OktaUpdateMethod = 'PATCH' | 'PUT';

export async function runOktaRehearsal(
  client: ScimClient,
  plan: RehearsalPlan,
  options: RehearsalRunOptions,
  updates: OktaUpdateMethod = 'PATCH',
): Promise<RehearsalOutcome> {
  const send = pacedSender(client, options);
  const put = updates === 'PUT';
  const step = (text: string) => options.onStep?.(text);

  step('Test API Credentials (connector test)');
  const test = await send('GET', '/Users?startIndex=1&count=2', undefined, [200]);
  assertListResponse(test.body);
  await send('GET', '/Groups?startIndex=1&count=100', undefined, [200]);

  const userIds: string[] = [];
  for (const user of plan.users) {
    step(`Assign ${user.userName}`);
    const filter = encodeURIComponent(`userName eq "${user.userName}"`);
    const lookup = await send('GET', `/Users?filter=${filter}&startIndex=1&count=100`, undefined, [200]);
    const found = firstResourceId(lookup.body);
    if (found) {
      userIds.push(found); // Okta links an existing account instead of creating it
      continue;
    }
    const created = await send('POST', '/Users', oktaUserBody(user), [201]);
    userIds.push(idOf(created.body, `POST /Users for ${user.userName}`));
  }

  const updated = plan.users[plan.updated]!;
  const updatedId = userIds[plan.updated]!;
  step(`Profile update of ${updated.userName}`);
  const current = await send('GET', `/Users/${updatedId}`, undefined, [200]);
  await send(
    'PUT',
    `/Users/${updatedId}`,
    { ...oktaUserBody(updated), ...externalIdOf(current.body), id: updatedId, title: 'Backup Engineer' },
    [200],
  );

  const groupIds: string[] = [];
  // What each pushed group holds, for the PUT of a whole group.
  const pushed: { displayName: string; members: { value: string; display: string }[] }[] = [];
  const putGroup = (index: number) => {
    const id = groupIds[index]!;
    const { displayName, members } = pushed[index]!;
    return send('PUT', `/Groups/${id}`, { schemas: [GROUP_SCHEMA], id, displayName, members }, [200]);
  };
  for (const group of plan.groups) {
    step(`Push group ${group.displayName}`);
    const created = await send(
      'POST',
      '/Groups',
      { schemas: [GROUP_SCHEMA], displayName: group.displayName, members: [] },
      [201, 409],
    );
    let id: string;
    if (created.status === 409) {
      // "displayName already exists" (an earlier rehearsal kept its data): carry on with that group, as
      // Okta's group linking would, so the rest of the story still plays; the wizard warns about it.
      const filter = encodeURIComponent(`displayName eq "${group.displayName}"`);
      const found = firstResourceId((await send('GET', `/Groups?filter=${filter}`, undefined, [200])).body);
      if (!found)
        throw new ScimCallError(
          created,
          `POST /Groups answered 409 for ${group.displayName}, but no such group is listed`,
        );
      id = found;
    } else {
      id = idOf(created.body, `POST /Groups for ${group.displayName}`);
    }
    groupIds.push(id);
    const members = group.members.map((i) => ({ value: userIds[i]!, display: plan.users[i]!.userName }));
    pushed.push({ displayName: group.displayName, members });
    if (group.members.length === 0) continue;
    step(`Push memberships of ${group.displayName}`);
    if (put) await putGroup(groupIds.length - 1);
    else
      await send(
        'PATCH',
        `/Groups/${id}`,
        { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: members }] },
        [200, 204],
      );
  }

  if (plan.rename) {
    const id = groupIds[plan.rename.group]!;
    step(`Rename ${plan.groups[plan.rename.group]!.displayName} to ${plan.rename.to}`);
    pushed[plan.rename.group]!.displayName = plan.rename.to;
    if (put) await putGroup(plan.rename.group);
    else
      await send(
        'PATCH',
        `/Groups/${id}`,
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id, displayName: plan.rename.to } }] },
        [200, 204],
      );
  }
  if (plan.removal) {
    const id = groupIds[plan.removal.group]!;
    const removed = userIds[plan.removal.user]!;
    step(`Remove ${plan.users[plan.removal.user]!.userName} from a pushed group`);
    const group = pushed[plan.removal.group]!;
    group.members = group.members.filter((m) => m.value !== removed);
    if (put) await putGroup(plan.removal.group);
    else
      await send(
        'PATCH',
        `/Groups/${id}`,
        { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: `members[value eq "${removed}"]` }] },
        [200, 204],
      );
  }

  const offboarded = userIds[plan.offboarded]!;
  const offboardedUser = plan.users[plan.offboarded]!;
  const setActive = (active: boolean) =>
    put
      ? send('PUT', `/Users/${offboarded}`, { ...oktaUserBody(offboardedUser), id: offboarded, active }, [200])
      : send(
          'PATCH',
          `/Users/${offboarded}`,
          { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active } }] },
          [200, 204],
        );
  step(`Deactivate ${offboardedUser.userName}`);
  await setActive(false);
  step(`Reactivate ${offboardedUser.userName}`);
  await setActive(true);
  step('Done');
  return { userIds, groupIds };
}

/** Okta's POST /Users body (no password: Sync Password stays off, as Clumio needs). */
export function oktaUserBody(user: PlannedUser) {
  return {
    schemas: [USER_SCHEMA],
    userName: user.userName,
    name: { givenName: user.givenName, familyName: user.familyName },
    emails: [{ primary: true, value: user.userName, type: 'work' }],
    displayName: `${user.givenName} ${user.familyName}`,
    locale: 'en-US',
    externalId: user.externalId,
    groups: [],
    active: true,
  };
}

function assertListResponse(body: unknown) {
  const list = body as { schemas?: unknown; totalResults?: unknown; Resources?: unknown } | undefined;
  if (
    !list ||
    !Array.isArray(list.schemas) ||
    !list.schemas.includes(LIST_RESPONSE) ||
    !Number.isInteger(list.totalResults)
  ) {
    throw new ScimCallError(
      { method: 'GET', path: '/Users?startIndex=1&count=2', status: 200, body },
      'the connector test did not get a SCIM ListResponse',
    );
  }
}

export function firstResourceId(body: unknown): string | undefined {
  const resources = (body as { Resources?: unknown } | undefined)?.Resources;
  const id = Array.isArray(resources) ? (resources[0] as { id?: unknown } | undefined)?.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

export function idOf(body: unknown, what: string): string {
  const id = (body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string')
    throw new Error(`${what} returned no id ("Create new user returned empty user" in Okta).`);
  return id;
}

function externalIdOf(body: unknown): { externalId?: string } {
  const externalId = (body as { externalId?: unknown } | undefined)?.externalId;
  return typeof externalId === 'string' ? { externalId } : {};
}
