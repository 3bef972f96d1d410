/**
 * Reads the Okta side of the snapshot: the Clumio app, its provisioning settings, its group push mappings with
 * the pushed groups' names and members, its assignments, the admin's own user and the last day's provisioning
 * failures. Independent reads run side by side (at most `concurrency` requests at once).
 */
import type { DirectoryUser } from '../../rules/access.js';
import type { Answer, ApiCall } from '../api-call.js';
import type { OktaClient } from '../okta/okta-client.js';
import type { OktaAppUser, OktaGroup, OktaProvisioning, OktaPushMapping, OktaUser } from '../okta/okta-types.js';
import { fact, failure, readOne, limiter, type Reading } from './reading.js';
import type { OktaAdminFacts, OktaAssignments, OktaFacts, PushedGroup, PushedGroupMember } from './tenant-snapshot.js';

export interface OktaFactsInput {
  client: OktaClient;
  appId: string;
  /** The admin's own Okta login; null skips the admin's facts. */
  adminLogin: string | null;
  concurrency?: number;
}

// App users in these states are not (or no longer) active in the app.
const INACTIVE_APP_USER = new Set(['DEPROVISIONED', 'INACTIVE', 'REVOKED', 'SUSPENDED', 'UNASSIGNED']);

export async function readOktaFacts(input: OktaFactsInput): Promise<OktaFacts> {
  const { client, appId, adminLogin } = input;
  const now = () => client.clock.now();
  const run = limiter(input.concurrency ?? 4);
  const limited =
    <T>(call: () => Promise<Answer<T>>) =>
    () =>
      run(call);

  const [app, provisioning, connection, pushedGroupsRead, assignments, failures, adminUser] = await Promise.all([
    readOne(
      limited(() => client.getApp(appId)),
      now,
      (a) => {
        const template = a.userNameTemplate
          ? `${a.userNameTemplate.template} (${a.userNameTemplate.type || 'no type'})`
          : 'none';
        return `"${a.label}" (${a.signOnMode}, ${a.status}); username format ${template}`;
      },
    ),
    readOne(
      limited(() => client.getProvisioning(appId)),
      now,
      describeProvisioning,
    ),
    readOne(
      limited(() => client.getDefaultConnection(appId)),
      now,
      (c) => (c.answer === 'connection' ? `connection ${c.status} (${c.authScheme ?? 'no auth scheme'})` : c.reason),
    ),
    readPushedGroups(client, appId, run),
    readAssignments(client, appId, run),
    readOne(
      limited(() => client.listProvisioningFailures(appId)),
      now,
      (f) => `${f.events.length}${f.truncated ? '+' : ''} provisioning failure(s) between ${f.since} and ${f.until}`,
    ),
    adminLogin === null
      ? Promise.resolve(null)
      : readOne(
          limited(() => client.findUser(adminLogin)),
          now,
          (u) => (u ? `${u.login} is ${u.status}` : `no Okta user ${adminLogin}`),
        ),
  ]);

  const pushedGroups = withAssignments(pushedGroupsRead, assignments);
  const admin =
    adminLogin === null || adminUser === null
      ? null
      : await readAdmin(client, adminLogin, adminUser, assignments, pushedGroups, run);
  return {
    orgUrl: client.orgUrl,
    appId,
    app,
    provisioning,
    connection,
    pushedGroups,
    assignments,
    admin,
    failures,
    population: populationOf(assignments, pushedGroups, now()),
  };
}

function describeProvisioning(p: OktaProvisioning): string {
  if (p.answer !== 'features') return p.reason;
  const on = (value: boolean) => (value ? 'on' : 'off');
  return (
    `USER_PROVISIONING ${p.enabled ? 'ENABLED' : 'DISABLED'}: Create Users ${on(p.createUsers)}, ` +
    `Update User Attributes ${on(p.updateUserAttributes)}, Deactivate Users ${on(p.deactivateUsers)}, Sync Password ${on(p.syncPassword)}`
  );
}

async function readPushedGroups(
  client: OktaClient,
  appId: string,
  run: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<Reading<readonly PushedGroup[]>> {
  const calls: ApiCall[] = [];
  try {
    const mappings = await run(() => client.listPushMappings(appId));
    calls.push(mappings.call);
    const groups = await Promise.all(mappings.value.map((mapping) => readPushedGroup(client, mapping, run, calls)));
    const said =
      groups.length === 0
        ? 'no group push mappings'
        : groups
            .map(
              (g) => `"${g.clumioName ?? g.sourceGroup.id}" ${g.status}${g.errorSummary ? ` (${g.errorSummary})` : ''}`,
            )
            .join(', ');
    return fact(groups, calls, said, client.clock.now());
  } catch (error) {
    return failure(error, calls, client.clock.now());
  }
}

async function readPushedGroup(
  client: OktaClient,
  mapping: OktaPushMapping,
  run: <T>(task: () => Promise<T>) => Promise<T>,
  calls: ApiCall[],
): Promise<PushedGroup> {
  const keep = <T>(answer: Answer<T>): T => {
    calls.push(answer.call);
    return answer.value;
  };
  const [source, target, members] = await Promise.all([
    run(() => client.findGroup(mapping.sourceGroupId)).then(keep),
    mapping.targetGroupId
      ? run(() => client.findGroup(mapping.targetGroupId)).then(keep)
      : Promise.resolve<OktaGroup | null>(null),
    run(() => client.listGroupMembers(mapping.sourceGroupId)).then(keep),
  ]);
  const clumioName = target?.name || source?.name || null;
  return {
    mappingId: mapping.id,
    status: mapping.status,
    errorSummary: mapping.errorSummary,
    lastPush: mapping.lastPush,
    sourceGroup: { id: mapping.sourceGroupId, name: source?.name ?? null },
    clumioName,
    clumioNameFrom: target?.name ? 'target-group' : source?.name ? 'source-group' : null,
    // `assigned` and `userName` are filled in once the assignments are known (withAssignments).
    members: members.map((user: OktaUser): PushedGroupMember => ({
      oktaUserId: user.id,
      login: user.login,
      status: user.status,
      assigned: null,
      userName: null,
    })),
  };
}

async function readAssignments(
  client: OktaClient,
  appId: string,
  run: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<Reading<OktaAssignments>> {
  const calls: ApiCall[] = [];
  try {
    const [users, groups] = await Promise.all([
      run(() => client.listAppUsers(appId)),
      run(() => client.listAppGroups(appId)),
    ]);
    calls.push(users.call, groups.call);
    const names = groups.value.map((g) => `"${g.name ?? g.id}"`).join(', ');
    return fact(
      { users: users.value, groups: groups.value },
      calls,
      `${users.value.length} user(s) assigned${groups.value.length ? `, through group(s) ${names}` : ', no group assigned'}`,
      client.clock.now(),
    );
  } catch (error) {
    return failure(error, calls, client.clock.now());
  }
}

async function readAdmin(
  client: OktaClient,
  login: string,
  user: Reading<OktaUser | null>,
  assignments: Reading<OktaAssignments>,
  pushedGroups: Reading<readonly PushedGroup[]>,
  run: <T>(task: () => Promise<T>) => Promise<T>,
): Promise<Reading<OktaAdminFacts>> {
  if (!user.ok) return user;
  if (!assignments.ok) return assignments;
  const calls: ApiCall[] = [...user.evidence.calls, ...assignments.evidence.calls];
  if (user.value === null) {
    return fact(
      { login, user: null, assignment: null, groups: [], pushedGroups: [] },
      calls,
      `Okta has no user ${login}`,
      client.clock.now(),
    );
  }
  const oktaUser = user.value;
  try {
    const groups = await run(() => client.listUserGroups(oktaUser.id));
    calls.push(groups.call);
    const assignment = assignments.value.users.find((u) => u.id === oktaUser.id) ?? null;
    const groupIds = new Set(groups.value.map((g) => g.id));
    const pushed = pushedGroups.ok
      ? pushedGroups.value
          .filter((g) => g.status === 'ACTIVE' && groupIds.has(g.sourceGroup.id) && g.clumioName)
          .map((g) => g.clumioName!)
      : [];
    const assigned = assignment
      ? `assigned (${assignment.scope}, ${assignment.status}), syncState ${assignment.syncState ?? 'not tracked'}, username "${assignment.userName ?? ''}"`
      : 'not assigned to the app';
    const inPushed = pushed.length
      ? `in pushed group(s) ${pushed.map((n) => `"${n}"`).join(', ')}`
      : 'in no pushed group';
    return fact(
      { login, user: oktaUser, assignment, groups: groups.value.map((g) => g.name), pushedGroups: pushed },
      calls,
      `${oktaUser.login} (${oktaUser.status}): ${assigned}; ${inPushed}`,
      client.clock.now(),
    );
  } catch (error) {
    return failure(error, calls, client.clock.now());
  }
}

/** The pushed groups with each member's assignment filled in (left unknown when the assignments failed). */
function withAssignments(
  pushedGroups: Reading<readonly PushedGroup[]>,
  assignments: Reading<OktaAssignments>,
): Reading<readonly PushedGroup[]> {
  if (!pushedGroups.ok || !assignments.ok) return pushedGroups;
  const appUsers = new Map<string, OktaAppUser>(assignments.value.users.map((u) => [u.id, u]));
  const groups = pushedGroups.value.map((group) => ({
    ...group,
    members: group.members.map((member) => {
      const appUser = appUsers.get(member.oktaUserId);
      return { ...member, assigned: appUser !== undefined, userName: appUser?.userName ?? null };
    }),
  }));
  return { ...pushedGroups, value: groups };
}

/** The rules preview's population: assigned users with the Clumio names of their ACTIVE pushed groups. */
function populationOf(
  assignments: Reading<OktaAssignments>,
  pushedGroups: Reading<readonly PushedGroup[]>,
  now: number,
): Reading<readonly DirectoryUser[]> {
  if (!assignments.ok) return assignments;
  if (!pushedGroups.ok) return pushedGroups;
  const groupsOf = new Map<string, string[]>();
  for (const group of pushedGroups.value) {
    if (group.status !== 'ACTIVE' || !group.clumioName) continue;
    for (const member of group.members) {
      if (!member.assigned) continue;
      const names = groupsOf.get(member.oktaUserId) ?? [];
      if (!names.includes(group.clumioName)) names.push(group.clumioName);
      groupsOf.set(member.oktaUserId, names);
    }
  }
  const users: DirectoryUser[] = assignments.value.users
    .filter((u) => u.userName)
    .map((u) => ({
      id: u.id,
      userName: u.userName!,
      active: !INACTIVE_APP_USER.has(u.status),
      groups: (groupsOf.get(u.id) ?? []).sort(),
    }));
  const inGroups = users.filter((u) => u.groups.length > 0).length;
  return fact(
    users,
    [...assignments.evidence.calls, ...pushedGroups.evidence.calls],
    `${users.length} assigned user(s), ${inGroups} in pushed groups`,
    now,
  );
}
