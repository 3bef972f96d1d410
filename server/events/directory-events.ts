/**
 * Derives the directory's events from each committed transaction, whatever wrote it (the SCIM endpoint, the
 * admin API, an offline CLI command): it looks at the state just before the ops apply (onBeforeApply) and
 * just after (onCommit), and emits the events into the same journal line.
 *
 *   putUser, new                  user.created            the user's SCIM representation
 *   putUser, active true -> false user.deactivated        (string booleans are normalised before storage)
 *   putUser, active false -> true user.reactivated
 *   putUser, otherwise            user.updated            (only when the record's version changed)
 *   deleteUser                    user.deleted            the last representation
 *   putGroup new / changed        group.created / group.updated   { id, displayName } (not for members alone)
 *   deleteGroup                   group.deleted
 *   member ops                    group.members_added / group.members_removed  { id, displayName, member_ids }
 * Membership events carry the net change of the transaction (a PUT of a group clears and re-adds: only the
 * real differences are reported).
 */
import { renderUser } from '../scim/resources/representation.js';
import type { DirectoryRepository, EventInput, ResourceRecord, StoreOp } from '../store/types.js';
import { newEventId } from './event-id.js';
import type { EventType } from './event-types.js';

/** Where user representations point: relative, since the feed does not know which host the IdP used. */
const SCIM_BASE = '/scim/v2';

interface GroupBefore {
  record: ResourceRecord | undefined;
  /** Every member before, when the transaction may remove all of them (clear, delete). */
  all: ReadonlySet<string> | undefined;
  /** Values the ops add or remove, with whether each was a member before. */
  touched: Map<string, boolean>;
}

interface Before {
  users: Map<string, ResourceRecord | undefined>;
  groups: Map<string, GroupBefore>;
}

export class DirectoryEvents {
  private before: Before | undefined;

  constructor(private readonly repo: DirectoryRepository) {}

  /** Starts deriving; returns the function that stops it. */
  attach(): () => void {
    const offBefore = this.repo.onBeforeApply((ops) => {
      this.before = this.capture(ops);
    });
    const offCommit = this.repo.onCommit((ops, commit) => {
      const before = this.before;
      this.before = undefined;
      if (!before) return;
      const events = this.derive(ops, before, new Date().toISOString());
      if (events.length > 0) commit.emit(events);
    });
    return () => {
      offBefore();
      offCommit();
    };
  }

  private capture(ops: readonly StoreOp[]): Before {
    const users = new Map<string, ResourceRecord | undefined>();
    const groups = new Map<string, GroupBefore>();
    const group = (id: string): GroupBefore => {
      let entry = groups.get(id);
      if (!entry) groups.set(id, (entry = { record: this.repo.getGroup(id), all: undefined, touched: new Map() }));
      return entry;
    };
    const touch = (entry: GroupBefore, groupId: string, value: string) => {
      if (!entry.touched.has(value)) entry.touched.set(value, this.repo.members(groupId).has(value));
    };
    for (const op of ops) {
      switch (op.op) {
        case 'putUser':
          if (!users.has(op.record.id)) users.set(op.record.id, this.repo.getUser(op.record.id));
          break;
        case 'deleteUser':
          if (!users.has(op.id)) users.set(op.id, this.repo.getUser(op.id));
          break;
        case 'putGroup':
          group(op.record.id);
          break;
        case 'deleteGroup':
        case 'clearMembers': {
          const id = op.op === 'deleteGroup' ? op.id : op.groupId;
          const entry = group(id);
          entry.all ??= new Set(this.repo.members(id).keys());
          break;
        }
        case 'addMembers': {
          const entry = group(op.groupId);
          for (const member of op.members) touch(entry, op.groupId, member.value);
          break;
        }
        case 'removeMembers': {
          const entry = group(op.groupId);
          for (const value of op.values) touch(entry, op.groupId, value);
          break;
        }
        default:
          break;
      }
    }
    return { users, groups };
  }

  private derive(ops: readonly StoreOp[], before: Before, timestamp: string): EventInput[] {
    const events: EventInput[] = [];
    const event = (type: EventType, key: string, data: Record<string, unknown>) => events.push({ id: newEventId(), type, timestamp, key, data });
    const userDone = new Set<string>();
    const groupDone = new Set<string>();
    // One event per resource per transaction, in the order the ops first touched it.
    for (const op of ops) {
      if (op.op === 'putUser' || op.op === 'deleteUser') {
        const id = op.op === 'putUser' ? op.record.id : op.id;
        if (userDone.has(id)) continue;
        userDone.add(id);
        const prior = before.users.get(id);
        const now = this.repo.getUser(id);
        if (!now) {
          if (prior) event('user.deleted', `user:${id}`, this.userData(prior));
          continue;
        }
        if (!prior) event('user.created', `user:${id}`, this.userData(now));
        else if (prior.meta.version !== now.meta.version) event(userChange(prior, now), `user:${id}`, this.userData(now));
      } else if (op.op === 'putGroup' || op.op === 'deleteGroup' || op.op === 'addMembers' || op.op === 'removeMembers' || op.op === 'clearMembers') {
        const id = op.op === 'putGroup' ? op.record.id : op.op === 'deleteGroup' ? op.id : op.groupId;
        if (groupDone.has(id)) continue;
        groupDone.add(id);
        this.groupEvents(id, before.groups.get(id), event);
      }
    }
    return events;
  }

  private groupEvents(id: string, prior: GroupBefore | undefined, event: (type: EventType, key: string, data: Record<string, unknown>) => void): void {
    const key = `group:${id}`;
    const now = this.repo.getGroup(id);
    if (!now) {
      if (prior?.record) event('group.deleted', key, groupData(prior.record));
      return;
    }
    if (!prior?.record) event('group.created', key, groupData(now));
    else if (prior.record.meta.version !== now.meta.version && JSON.stringify(prior.record.data) !== JSON.stringify(now.data)) event('group.updated', key, groupData(now)); // not for member changes alone
    if (!prior) return;
    const members = this.repo.members(id);
    const added: string[] = [];
    const removed: string[] = [];
    if (prior.all) {
      for (const value of prior.all) if (!members.has(value)) removed.push(value);
      for (const value of members.keys()) if (!prior.all.has(value)) added.push(value);
    } else {
      for (const [value, was] of prior.touched) {
        const is = members.has(value);
        if (is && !was) added.push(value);
        else if (!is && was) removed.push(value);
      }
    }
    if (added.length > 0) event('group.members_added', key, { ...groupData(now), member_ids: added });
    if (removed.length > 0) event('group.members_removed', key, { ...groupData(now), member_ids: removed });
  }

  private userData(record: ResourceRecord): Record<string, unknown> {
    return renderUser(this.repo, record, SCIM_BASE, { withMemberships: false });
  }
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
