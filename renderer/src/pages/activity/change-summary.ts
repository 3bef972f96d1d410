/**
 * One change-feed event in a line: who or what it is about, read from its `data` (docs/events.md). Pure and
 * import-free (the unit tests load it under Node's module rules), so the event shape is spelled out here as
 * the part of the contract's ChangeEvent it reads; names of roles and OUs come from the caller (the lookups).
 */

/** The part of the contract's ChangeEvent these helpers read. */
export interface FeedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

export interface SummaryNames {
  role(id: string): string;
  ou(id: string): string;
}

const ID_NAMES: SummaryNames = { role: (id) => id, ou: (id) => id };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function plural(n: number, singular: string): string {
  return `${n.toLocaleString()} ${n === 1 ? singular : `${singular}s`}`;
}

/** "ada@example.com (Ada Lovelace)": the userName, with the display name when it says more. */
function userLabel(data: Record<string, unknown>): string {
  const userName = text(data.userName);
  const displayName = text(data.displayName);
  if (userName && displayName && displayName !== userName) return `${userName} (${displayName})`;
  return userName ?? displayName ?? text(data.id) ?? 'a user';
}

function groupLabel(data: Record<string, unknown>): string {
  return text(data.displayName) ?? text(data.id) ?? 'a group';
}

function accessLabel(data: Record<string, unknown>, names: SummaryNames): string {
  const user = record(data.user);
  const who = (user && (text(user.userName) ?? text(user.id))) ?? 'a user';
  const roleId = text(data.role_id);
  const ouId = text(data.organizational_unit_id);
  const what = [roleId && names.role(roleId), ouId && `on ${names.ou(ouId)}`].filter(Boolean).join(' ');
  const rule = record(data.rule);
  const ruleName = rule && text(rule.name);
  return `${who}${what ? `: ${what}` : ''}${ruleName ? ` (rule "${ruleName}")` : ''}`;
}

/** What the event is about, e.g. `Clumio Admins: 2 members added` or `ada@example.com: Super Admin on Global`. */
export function changeSummary(event: Pick<FeedEvent, 'type' | 'data'>, names: SummaryNames = ID_NAMES): string {
  const data = record(event.data) ?? {};
  const [kind] = event.type.split('.');
  switch (event.type) {
    case 'group.members_added':
    case 'group.members_removed': {
      const members = Array.isArray(data.member_ids) ? data.member_ids.length : 0;
      return `${groupLabel(data)}: ${plural(members, 'member')} ${event.type === 'group.members_added' ? 'added' : 'removed'}`;
    }
    default:
      if (kind === 'user') return userLabel(data);
      if (kind === 'group') return groupLabel(data);
      if (kind === 'access') return accessLabel(data, names);
      return text(data.id) ?? '';
  }
}

/**
 * The feed is in commit order, the console shows the latest on top: `arrived` (a page, oldest first) goes in
 * front of `shown` (newest first), without duplicates, keeping the `keep` newest.
 */
export function newestFirst<E extends FeedEvent>(arrived: readonly E[], shown: readonly E[], keep: number): E[] {
  const seen = new Set<string>();
  const out: E[] = [];
  for (const event of [...[...arrived].reverse(), ...shown]) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    out.push(event);
    if (out.length === keep) break;
  }
  return out;
}
