/**
 * The directory's events, derived from what each transaction changed, whatever wrote it (the SCIM endpoint,
 * the admin API, a CLI command, on any node): a store event deriver, so the events are written in the same
 * transaction as the change and are durable exactly when it is.
 *
 *   user created                  user.created            the user's SCIM representation
 *   active true -> false          user.deactivated        (string booleans are normalised before storage)
 *   active false -> true          user.reactivated
 *   user changed otherwise        user.updated            (only when the record's version changed)
 *   user deleted                  user.deleted            the last representation
 *   group created / changed       group.created / group.updated   { id, displayName } (not for members alone)
 *   group deleted                 group.deleted
 *   members added / removed       group.members_added / group.members_removed  { id, displayName, member_ids }
 * Membership events carry the net change of the transaction (a PUT of a group clears and re-adds: only the
 * real differences are reported). One event per resource and kind; users first, then groups.
 */
import { renderUser } from '../scim/resources/representation.js';
import type { EventDeriver, TransactionChanges } from '../store/directory-store.js';
import type { EventInput, ResourceRecord } from '../store/types.js';
import { newEventId } from './event-id.js';
import type { EventType } from './event-types.js';

/** Where user representations point: relative, since the feed does not know which host the IdP used. */
const SCIM_BASE = '/scim/v2';

export const directoryEvents: EventDeriver = (changes) => deriveDirectoryEvents(changes, new Date().toISOString());

export function deriveDirectoryEvents(changes: TransactionChanges, timestamp: string): EventInput[] {
  const events: EventInput[] = [];
  const event = (type: EventType, key: string, data: Record<string, unknown>) =>
    events.push({ id: newEventId(), type, timestamp, key, data });
  for (const { id, before, after } of changes.users) {
    const key = `user:${id}`;
    if (!after) {
      if (before) event('user.deleted', key, userData(before));
    } else if (!before) event('user.created', key, userData(after));
    else if (before.meta.version !== after.meta.version) event(userChange(before, after), key, userData(after));
  }
  const memberships = new Map(changes.memberships.map((change) => [change.groupId, change]));
  const groups = new Map(changes.groups.map((change) => [change.id, change]));
  for (const id of new Set([...groups.keys(), ...memberships.keys()])) {
    const key = `group:${id}`;
    const change = groups.get(id);
    if (change && !change.after) {
      if (change.before) event('group.deleted', key, groupData(change.before));
      continue;
    }
    if (change?.after && !change.before) event('group.created', key, groupData(change.after));
    // Not for member changes alone (the group's version moves with them).
    else if (
      change?.after &&
      change.before &&
      change.before.meta.version !== change.after.meta.version &&
      JSON.stringify(change.before.data) !== JSON.stringify(change.after.data)
    ) {
      event('group.updated', key, groupData(change.after));
    }
    const members = memberships.get(id);
    const record = change?.after;
    if (!members || !record) continue;
    if (members.added.length > 0)
      event('group.members_added', key, { ...groupData(record), member_ids: members.added });
    if (members.removed.length > 0)
      event('group.members_removed', key, { ...groupData(record), member_ids: members.removed });
  }
  return events;
}

function userData(record: ResourceRecord): Record<string, unknown> {
  return renderUser(record, SCIM_BASE);
}

function userChange(prior: ResourceRecord, now: ResourceRecord): EventType {
  const was = prior.data.active !== false;
  const is = now.data.active !== false;
  if (was && !is) return 'user.deactivated';
  if (!was && is) return 'user.reactivated';
  return 'user.updated';
}

function groupData(record: ResourceRecord): Record<string, unknown> {
  return { id: record.id, displayName: record.data.displayName ?? null };
}
