/** What SCIM Desk saw that bears on an identity provider's error text (error-explainer.ts), by the name a
 * catalogue entry gives it (`seen` in identity-providers/profile.ts). */
import type { SeenKey } from '../identity-providers/profile.js';
import { describeRequest } from './evidence.js';
import type { SetupFacts } from './setup-facts.js';
import { generatedGroupNames } from './steps/entra.js';
import { standingGroupNameConflicts } from './steps/groups-and-admin.js';

type FailedSignal = Extract<SeenKey, { failed: string }>['failed'];

function refusedToken(facts: SetupFacts): string | null {
  const refused = facts.summary.lastAuthFailure;
  if (!refused)
    return facts.summary.authenticated
      ? `No token was refused; the last authenticated request arrived at ${facts.summary.authenticated.last.time}.`
      : null;
  return `SCIM Desk last refused a token at ${refused.time} (${refused.authFailure ?? 'unknown'}: ${describeRequest(refused)}${refused.userAgent ? `, ${refused.userAgent}` : ''}).`;
}

function wrongPath(facts: SetupFacts): string | null {
  const wrong = facts.summary.failed['unknown-path']?.last;
  return wrong ? `A request arrived outside /scim/v2 at ${wrong.time}: ${describeRequest(wrong)}.` : null;
}

function reachability(facts: SetupFacts): string | null {
  const probe = facts.tunnel.probe;
  if (!facts.tunnel.publicScimUrl)
    return 'SCIM Desk has no public URL yet: no tunnel runs and no URL of your own is set.';
  if (probe) return `The last self-probe of ${facts.tunnel.publicScimUrl} (${probe.at}): ${probe.message}`;
  return `The public URL is ${facts.tunnel.publicScimUrl}; it has not been probed yet.`;
}

function failedRequest(facts: SetupFacts, signal: FailedSignal, status?: number): string | null {
  const failure = facts.summary.failed[signal]?.last;
  if (!failure || (status !== undefined && failure.status !== status)) return null;
  return `SCIM Desk answered ${failure.status} to ${describeRequest(failure)}${failure.resourceName ? ` for ${failure.resourceName}` : ''} at ${failure.time}.`;
}

function createsAnswered(facts: SetupFacts): string | null {
  const created = facts.summary.succeeded['user-create'];
  return created
    ? `SCIM Desk answered ${created.count} user creation(s) with 201 and the user (the last at ${created.last.time}).`
    : null;
}

function groupNameConflict(facts: SetupFacts): string | null {
  const conflict = facts.evidence.groupNameConflicts.at(-1);
  if (!conflict) return null;
  const standing = standingGroupNameConflicts(facts).includes(conflict);
  const said = `SCIM Desk answered 409 to a push of "${conflict.resourceName ?? '?'}" at ${conflict.time}`;
  return standing
    ? `${said}; a group of that name is still here.`
    : `${said}; that group is no longer in the way, so pushing it again goes through.`;
}

function userNameConflict(facts: SetupFacts): string | null {
  const conflict = facts.summary.failed['user-create']?.last;
  if (!conflict || conflict.status !== 409) return null;
  const name = conflict.resourceName ?? '?';
  const here = facts.users.find((u) => u.userName.toLowerCase() === name.toLowerCase());
  const now = here
    ? `${here.userName} is here now (${here.active ? 'active' : 'deactivated'}).`
    : `No user of that name is here now: the next try creates it.`;
  return `SCIM Desk answered 409 to the creation of ${name} at ${conflict.time} (${describeRequest(conflict)}). ${now}`;
}

function userLookups(facts: SetupFacts): string | null {
  const lookup = facts.summary.succeeded['user-lookup'];
  if (!lookup) return null;
  const created = facts.summary.succeeded['user-create'];
  return `${lookup.count} userName lookup(s) and ${created?.count ?? 0} creation(s) arrived: ${created ? 'creations work' : 'no creation has arrived, so Create Users is probably off'}.`;
}

function inactiveUsers(facts: SetupFacts): string | null {
  const inactive = facts.users.filter((u) => !u.active).map((u) => u.userName);
  if (inactive.length === 0) return 'No user here is deactivated.';
  return `${inactive.length} user(s) here are deactivated: ${inactive.slice(0, 3).join(', ')}${inactive.length > 3 ? ', …' : ''}.`;
}

function deactivations(facts: SetupFacts): string | null {
  const done = facts.summary.succeeded['user-deactivate'];
  return done
    ? `SCIM Desk accepted ${done.count} deactivation(s) from ${facts.profile.words.short}, the last at ${done.last.time} (${describeRequest(done.last)}).`
    : `No deactivation has arrived from ${facts.profile.words.short} yet.`;
}

function membershipPushes(facts: SetupFacts): string | null {
  const memberships = facts.summary.succeeded['membership-change'];
  const empty = facts.groups.filter((g) => g.memberCount === 0).map((g) => `"${g.displayName}"`);
  const arrived = memberships
    ? `${memberships.count} membership update(s) arrived, the last at ${memberships.last.time}.`
    : 'No membership update has arrived yet.';
  return empty.length > 0
    ? `${arrived} Groups without members here: ${empty.slice(0, 3).join(', ')}${empty.length > 3 ? ', …' : ''}.`
    : arrived;
}

function lastRequest(facts: SetupFacts): string | null {
  const last = facts.summary.authenticated?.last;
  if (!last) return null;
  const minutes = Math.round((Date.parse(facts.now) - Date.parse(last.time)) / 60_000);
  return `The last authenticated request arrived ${minutes} minute(s) ago (${last.time}): ${last.method} ${last.path} → ${last.status}.`;
}

function groupsReceived(facts: SetupFacts): string | null {
  const groups = facts.summary.succeeded['group-create'];
  return groups
    ? `SCIM Desk has received ${groups.count} group creation(s); a group that is not here was not sent.`
    : `No group has arrived from ${facts.profile.words.short} yet.`;
}

function generated(facts: SetupFacts): string | null {
  const found = generatedGroupNames(facts);
  return found.length > 0
    ? `${found.length} group name(s) here look generated; check the group mapping as well.`
    : null;
}

const SEEN: Record<Exclude<SeenKey, object>, (facts: SetupFacts) => string | null> = {
  'refused-token': refusedToken,
  'wrong-path': wrongPath,
  reachability,
  'creates-answered': createsAnswered,
  'group-name-conflict': groupNameConflict,
  'user-name-conflict': userNameConflict,
  'user-lookups': userLookups,
  'inactive-users': inactiveUsers,
  deactivations,
  'membership-pushes': membershipPushes,
  'last-request': lastRequest,
  'groups-received': groupsReceived,
  'generated-group-names': generated,
};

/** The first of the entry's observations that has something to say. */
export function seenFor(keys: SeenKey | readonly SeenKey[] | undefined, facts: SetupFacts): string | null {
  const list: readonly SeenKey[] = keys === undefined ? [] : Array.isArray(keys) ? keys : [keys as SeenKey];
  for (const key of list) {
    const said = typeof key === 'object' ? failedRequest(facts, key.failed, key.status) : SEEN[key](facts);
    if (said !== null) return said;
  }
  return null;
}
