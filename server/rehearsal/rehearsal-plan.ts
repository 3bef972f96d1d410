/** The people and groups of a rehearsal: deterministic, email userNames, the admin group first. */

export interface PlannedUser {
  userName: string;
  givenName: string;
  familyName: string;
  externalId: string;
  /** The admin's own account (`--admin`). */
  admin: boolean;
}

export interface PlannedGroup {
  displayName: string;
  /** Indexes into `users`. */
  members: number[];
}

export interface RehearsalPlan {
  users: PlannedUser[];
  groups: PlannedGroup[];
  /** The group renamed by a pathless replace, and its new name (not the admin group: rules match it). */
  rename: { group: number; to: string } | null;
  /** A member removed with `members[value eq "id"]`. */
  removal: { group: number; user: number } | null;
  /** The user deactivated, then reactivated (never the admin). */
  offboarded: number;
  /** A user whose profile is updated by GET + PUT. */
  updated: number;
}

export interface PlanOptions {
  users: number;
  groups: number;
  admin?: string;
}

export const REHEARSAL_LIMITS = {
  users: { min: 2, max: 50, default: 5 },
  groups: { min: 1, max: 8, default: 3 },
} as const;
export const ADMIN_GROUP = 'Clumio Admins';

const PEOPLE: readonly [string, string][] = [
  ['Ada', 'Lovelace'],
  ['Grace', 'Hopper'],
  ['Alan', 'Turing'],
  ['Katherine', 'Johnson'],
  ['Edsger', 'Dijkstra'],
  ['Barbara', 'Liskov'],
  ['Donald', 'Knuth'],
  ['Margaret', 'Hamilton'],
  ['Linus', 'Torvalds'],
  ['Radia', 'Perlman'],
];
const GROUPS: readonly [string, string][] = [
  [ADMIN_GROUP, ADMIN_GROUP],
  ['Backup Team', 'Backup Operators'],
  ['Engineering', 'Platform Engineering'],
  ['Reporting', 'Reporting and Audit'],
  ['Helpdesk', 'Service Desk'],
  ['Finance', 'Finance EMEA'],
  ['Security', 'Security Operations'],
  ['Sales', 'Sales Engineering'],
];

export function planRehearsal(options: PlanOptions): RehearsalPlan {
  const users: PlannedUser[] = [];
  for (let i = 0; i < options.users; i++) {
    const [given, family] = PEOPLE[i % PEOPLE.length]!;
    const round = Math.floor(i / PEOPLE.length);
    const suffix = round === 0 ? '' : String(round + 1);
    users.push({
      userName: `${given.toLowerCase()}.${family.toLowerCase()}${suffix}@example.com`,
      givenName: given,
      familyName: family,
      externalId: `00urehearsal${String(i).padStart(8, '0')}`,
      admin: false,
    });
  }
  const admin = options.admin?.trim();
  if (admin) {
    const existing = users.findIndex((u) => u.userName.toLowerCase() === admin.toLowerCase());
    if (existing >= 0) users[existing]!.admin = true;
    else {
      const [local = 'admin'] = admin.split('@');
      const [given = 'Admin', family = 'User'] = local
        .split(/[._-]/)
        .map((p) => p.charAt(0).toUpperCase() + p.slice(1));
      users.push({
        userName: admin,
        givenName: given,
        familyName: family,
        externalId: '00urehearsaladmin',
        admin: true,
      });
    }
  }
  const adminIndex = users.findIndex((u) => u.admin);
  const groups: PlannedGroup[] = [];
  for (let g = 0; g < options.groups; g++) groups.push({ displayName: GROUPS[g]![0], members: [] });
  // The admin group gets the first user and the admin; the others share the rest, so no group holds
  // everyone (which would look like the assignment group being pushed).
  groups[0]!.members.push(0);
  if (adminIndex > 0) groups[0]!.members.push(adminIndex);
  const others = users.map((_, i) => i).filter((i) => i !== 0 && i !== adminIndex);
  others.forEach((user, k) => groups[groups.length > 1 ? 1 + (k % (groups.length - 1)) : 0]!.members.push(user));

  const last = groups.length - 1;
  const renamable = last >= 1 ? last : null;
  const offboarded = others[others.length - 1] ?? 0;
  return {
    users,
    groups,
    rename: renamable === null ? null : { group: renamable, to: GROUPS[renamable]![1] },
    removal:
      renamable !== null && groups[renamable]!.members.length > 1
        ? { group: renamable, user: groups[renamable]!.members[0]! }
        : null,
    offboarded,
    updated: others[0] ?? 0,
  };
}

/** Requests the rehearsal will send, for its progress bar. */
export function plannedRequestCount(plan: RehearsalPlan): number {
  const pushedWithMembers = plan.groups.filter((g) => g.members.length > 0).length;
  return (
    2 +
    plan.users.length * 2 +
    2 +
    plan.groups.length +
    pushedWithMembers +
    (plan.rename ? 1 : 0) +
    (plan.removal ? 1 : 0) +
    2
  );
}
