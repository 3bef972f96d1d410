/**
 * Acts as the Microsoft Entra provisioning service against a SCIM base URL, with the request sequences and
 * bodies Microsoft documents (docs/entra.md lists the sources):
 * - Test Connection: a user and a group looked up by a random GUID, expecting empty lists;
 * - the initial cycle: a GUID probe, per user a lookup by userName then a create with externalId (the
 *   mailNickname) and the enterprise extension, the manager set by a later PATCH; per group a lookup by
 *   displayName with excludedAttributes=members, an empty create, then the members added;
 * - an incremental cycle: attributes replaced, a member removed, a user disabled;
 * - a later cycle: that user hard-deleted (Entra hard-deletes 30 days after a soft delete).
 * The PATCH bodies follow the job's dialect: the default one (capitalised ops, active "False", members
 * removed with a value list, one Replace per attribute) or aadOptscim062020 (lower-case ops, active false,
 * `members[value eq "…"]`, one pathless replace with dotted keys).
 */
import { randomUUID } from 'node:crypto';
import type { EntraDialect } from './rehearsal-types.js';
import { firstResourceId, idOf } from './okta-rehearsal.js';
import { pacedSender, type RehearsalOutcome, type RehearsalRunOptions } from './rehearsal-pace.js';
import type { PlannedUser, RehearsalPlan } from './rehearsal-plan.js';
import type { ScimClient } from './scim-client.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const MS_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Op names as each dialect spells them. */
const OPS: Record<EntraDialect, { add: string; replace: string; remove: string }> = {
  default: { add: 'Add', replace: 'Replace', remove: 'Remove' },
  aadOptscim062020: { add: 'add', replace: 'replace', remove: 'remove' },
};

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
const filterQuery = (filter: string) => encodeURIComponent(filter);

/** Entra's mailNickname: the local part of the userPrincipalName. */
export const mailNicknameOf = (user: PlannedUser) => user.userName.split('@')[0]!;

/** The POST /Users body of Microsoft's "Create User" request, for one planned user. */
export function entraUserBody(user: PlannedUser) {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE],
    externalId: mailNicknameOf(user),
    userName: user.userName,
    active: true,
    displayName: `${user.givenName} ${user.familyName}`,
    emails: [{ primary: true, type: 'work', value: user.userName }],
    meta: { resourceType: 'User' },
    name: { formatted: `${user.givenName} ${user.familyName}`, familyName: user.familyName, givenName: user.givenName },
    title: null, // Entra sends mapped attributes the user has no value for as null
    [ENTERPRISE]: { department: 'IT' },
    roles: [],
  };
}

export async function runEntraRehearsal(
  client: ScimClient,
  plan: RehearsalPlan,
  dialect: EntraDialect,
  options: RehearsalRunOptions,
): Promise<RehearsalOutcome> {
  const send = pacedSender(client, options);
  const step = (text: string) => options.onStep?.(text);
  const op = OPS[dialect];
  const lookupUser = async (userName: string) =>
    firstResourceId(
      (await send('GET', `/Users?filter=${filterQuery(`userName eq "${userName}"`)}`, undefined, [200])).body,
    );
  const probe = () => send('GET', `/Users?filter=${filterQuery(`userName eq "${randomUUID()}"`)}`, undefined, [200]);

  step('Test Connection');
  await probe();
  await send(
    'GET',
    `/Groups?excludedAttributes=members&filter=${filterQuery(`displayName eq "${randomUUID()}"`)}`,
    undefined,
    [200],
  );

  step('Initial cycle');
  await probe();
  const userIds: string[] = [];
  for (const user of plan.users) {
    step(`Provision ${user.userName}`);
    const found = await lookupUser(user.userName);
    if (found) {
      // Matched: Entra updates the account with its attributes and takes it over.
      await send(
        'PATCH',
        `/Users/${found}`,
        patch({ op: op.replace, path: 'externalId', value: mailNicknameOf(user) }),
        [200, 204],
      );
      userIds.push(found);
      continue;
    }
    const created = await send('POST', '/Users', entraUserBody(user), [201]);
    userIds.push(idOf(created.body, `POST /Users for ${user.userName}`));
  }
  // References come after the objects they point at: the manager is set by its own PATCH.
  const reportIndex = plan.users.findIndex((u, i) => i > 0 && !u.admin);
  if (reportIndex > 0) {
    step(`Set the manager of ${plan.users[reportIndex]!.userName}`);
    await send(
      'PATCH',
      `/Users/${userIds[reportIndex]!}`,
      patch({ op: op.add, path: `${ENTERPRISE}:manager`, value: userIds[0]! }),
      [200, 204],
    );
  }

  const groupIds: string[] = [];
  for (const group of plan.groups) {
    step(`Provision group ${group.displayName}`);
    const lookup = await send(
      'GET',
      `/Groups?excludedAttributes=members&filter=${filterQuery(`displayName eq "${group.displayName}"`)}`,
      undefined,
      [200],
    );
    let id = firstResourceId(lookup.body);
    if (!id) {
      const created = await send(
        'POST',
        '/Groups',
        {
          schemas: [GROUP_SCHEMA, MS_GROUP_SCHEMA],
          externalId: randomUUID(),
          displayName: group.displayName,
          meta: { resourceType: 'Group' },
        },
        [201],
      );
      id = idOf(created.body, `POST /Groups for ${group.displayName}`);
    }
    groupIds.push(id);
    if (group.members.length === 0) continue;
    const value = group.members.map((i) => ({ $ref: null, value: userIds[i]! }));
    await send('PATCH', `/Groups/${id}`, patch({ op: op.add, path: 'members', value }), [200, 204]);
  }

  step('Incremental cycle');
  await probe();
  const updated = plan.users[plan.updated]!;
  step(`Update ${updated.userName}`);
  const updatedId = (await lookupUser(updated.userName)) ?? userIds[plan.updated]!;
  const displayName = `${updated.givenName} ${updated.familyName} (Backup)`;
  const changes =
    dialect === 'default'
      ? patch(
          { op: 'Replace', path: 'displayName', value: displayName },
          { op: 'Replace', path: 'title', value: 'Backup Engineer' },
          { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Platform' },
        )
      : patch({
          op: 'replace',
          value: { displayName, title: 'Backup Engineer', [`${ENTERPRISE}:department`]: 'Platform' },
        });
  await send('PATCH', `/Users/${updatedId}`, changes, [200, 204]);

  if (plan.removal) {
    const memberId = userIds[plan.removal.user]!;
    step(`Remove ${plan.users[plan.removal.user]!.userName} from ${plan.groups[plan.removal.group]!.displayName}`);
    const removal =
      dialect === 'default'
        ? patch({ op: 'Remove', path: 'members', value: [{ value: memberId }] })
        : patch({ op: 'remove', path: `members[value eq "${memberId}"]` });
    await send('PATCH', `/Groups/${groupIds[plan.removal.group]!}`, removal, [200, 204]);
  }

  const offboarded = plan.users[plan.offboarded]!;
  step(`Disable ${offboarded.userName} (unassigned in Entra)`);
  const offboardedId = (await lookupUser(offboarded.userName)) ?? userIds[plan.offboarded]!;
  await send(
    'PATCH',
    `/Users/${offboardedId}`,
    patch({ op: op.replace, path: 'active', value: dialect === 'default' ? 'False' : false }),
    [200, 204],
  );

  step(`Delete ${offboarded.userName} (hard-deleted in Entra after the soft delete)`);
  await send('DELETE', `/Users/${offboardedId}`, undefined, [204]);
  step('Done');
  return { userIds: userIds.filter((id) => id !== offboardedId), groupIds };
}

/** Requests the Entra rehearsal sends when nothing exists yet, for its progress bar. */
export function plannedEntraRequestCount(plan: RehearsalPlan): number {
  const withMembers = plan.groups.filter((g) => g.members.length > 0).length;
  const manager = plan.users.some((u, i) => i > 0 && !u.admin) ? 1 : 0;
  return (
    2 +
    1 +
    plan.users.length * 2 +
    manager +
    plan.groups.length * 2 +
    withMembers +
    1 +
    2 +
    (plan.removal ? 1 : 0) +
    2 +
    1
  );
}
