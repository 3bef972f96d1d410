/**
 * The Webhooks page's words and its event filter, as pure functions. Import-free (the unit tests load it under
 * Node's module rules); the event types repeat server/events/event-types.ts, and a unit test keeps the two equal.
 */

export interface EventTypeGroup {
  prefix: 'user' | 'group' | 'access';
  types: readonly string[];
}

export const EVENT_TYPE_GROUPS: readonly EventTypeGroup[] = [
  { prefix: 'user', types: ['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.deleted'] },
  {
    prefix: 'group',
    types: ['group.created', 'group.updated', 'group.deleted', 'group.members_added', 'group.members_removed'],
  },
  { prefix: 'access', types: ['access.granted', 'access.revoked'] },
];

export const wildcard = (group: Pick<EventTypeGroup, 'prefix'>) => `${group.prefix}.*`;

/** What the admin picked in the form: every event, or the checked types and `prefix.*` wildcards. */
export interface FilterChoice {
  every: boolean;
  checked: ReadonlySet<string>;
}

/**
 * The `events` to send: `[]` for every event; otherwise, per group, its wildcard when checked (which covers
 * types added later) or else its checked types, in the list's order. `undefined`: nothing picked.
 */
export function filterFromChoice(choice: FilterChoice): string[] | undefined {
  if (choice.every) return [];
  const events: string[] = [];
  for (const group of EVENT_TYPE_GROUPS) {
    if (choice.checked.has(wildcard(group))) events.push(wildcard(group));
    else events.push(...group.types.filter((type) => choice.checked.has(type)));
  }
  return events.length > 0 ? events : undefined;
}

/** An endpoint's filter in words: "Every event", or its entries ("user.*, group.created"). */
export function describeFilter(events: readonly string[]): string {
  return events.length === 0 || events.includes('*') ? 'Every event' : events.join(', ');
}

/** The part of the contract's WebhookDelivery these helpers read. */
export interface DeliveryFacts {
  succeeded: boolean;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
}

/** "HTTP 200 in 12 ms", "HTTP 503 in 8 ms", "No answer (timed out) after 10,000 ms". */
export function describeDelivery(delivery: DeliveryFacts): string {
  const ms = `${Math.round(delivery.latency_ms).toLocaleString()} ms`;
  if (delivery.status_code !== null) return `HTTP ${delivery.status_code} in ${ms}`;
  return `No answer${delivery.error ? ` (${delivery.error})` : ''} after ${ms}`;
}

export const STATUS_WORDS: Record<
  'active' | 'failing' | 'disabled',
  { label: string; badge: string; meaning: string }
> = {
  active: { label: 'Active', badge: 'badge-done', meaning: 'Deliveries succeed.' },
  failing: {
    label: 'Failing',
    badge: 'badge-waiting',
    meaning: 'The last delivery failed; SCIM Desk keeps retrying on its schedule.',
  },
  disabled: {
    label: 'Disabled',
    badge: 'badge-failed',
    meaning: 'Nothing is sent until you enable it; the events it is owed wait in its backlog.',
  },
};
