/**
 * The change feed's event types (docs/events.md) and the `events` filter of a webhook endpoint: type names
 * and `user.*`-style wildcards.
 */
export const EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.members_added',
  'group.members_removed',
  'access.granted',
  'access.revoked',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

const PREFIXES = new Set(EVENT_TYPES.map((type) => type.split('.')[0]!));

/** Why a filter entry is not valid, or undefined when it is. */
export function invalidEventFilter(entry: string): string | undefined {
  if (entry === '*') return undefined;
  if (entry.endsWith('.*'))
    return PREFIXES.has(entry.slice(0, -2))
      ? undefined
      : `"${entry}" matches no event type (prefixes: ${[...PREFIXES].join(', ')})`;
  return (EVENT_TYPES as readonly string[]).includes(entry) ? undefined : `"${entry}" is not an event type`;
}

/** Whether an endpoint subscribed to `filter` (empty: everything) gets events of `type`. */
export function matchesEventFilter(filter: readonly string[], type: string): boolean {
  if (filter.length === 0) return true;
  return filter.some(
    (entry) => entry === '*' || entry === type || (entry.endsWith('.*') && type.startsWith(entry.slice(0, -1))),
  );
}
