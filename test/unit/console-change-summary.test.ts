/**
 * The change feed and webhooks in the console (docs/events.md): the pure helpers behind the change feed on the
 * Activity page and the Webhooks page (one line per event, newest first, the event filter of the "Add endpoint"
 * form, delivery words).
 */
import { describe, expect, it } from 'vitest';
import { changeSummary, newestFirst } from '../../renderer/src/pages/activity/change-summary.js';
import {
  EVENT_TYPE_GROUPS,
  describeDelivery,
  describeFilter,
  filterFromChoice,
} from '../../renderer/src/pages/webhooks/webhook-text.js';
import { EVENT_TYPES, invalidEventFilter } from '../../server/events/event-types.js';

const USER = { id: 'u1', userName: 'ada@example.com', displayName: 'Ada Lovelace', active: true };
const GROUP = { id: 'g1', displayName: 'Clumio Admins' };
const ACCESS = {
  user: { id: 'u1', userName: 'ada@example.com' },
  role_id: 'r-super',
  organizational_unit_id: 'ou-global',
  rule: { id: 'rule1', name: 'Clumio Admins are Super Admins' },
  auto_user_provisioning_enabled: false,
};
const NAMES = {
  role: (id: string) => (id === 'r-super' ? 'Super Admin' : id),
  ou: (id: string) => (id === 'ou-global' ? 'Global Organizational Unit' : id),
};

describe('changeSummary', () => {
  it('names the user by userName, with the display name when it differs', () => {
    for (const type of ['user.created', 'user.updated', 'user.deactivated', 'user.reactivated', 'user.deleted']) {
      expect(changeSummary({ type, data: USER })).toBe('ada@example.com (Ada Lovelace)');
    }
    expect(
      changeSummary({
        type: 'user.created',
        data: { id: 'u2', userName: 'bob@example.com', displayName: 'bob@example.com' },
      }),
    ).toBe('bob@example.com');
    expect(changeSummary({ type: 'user.deleted', data: { id: 'u3' } })).toBe('u3');
  });

  it('names the group, and counts members added or removed', () => {
    expect(changeSummary({ type: 'group.created', data: GROUP })).toBe('Clumio Admins');
    expect(changeSummary({ type: 'group.deleted', data: { id: 'g2', displayName: null } })).toBe('g2');
    expect(changeSummary({ type: 'group.members_added', data: { ...GROUP, member_ids: ['u1'] } })).toBe(
      'Clumio Admins: 1 member added',
    );
    expect(changeSummary({ type: 'group.members_removed', data: { ...GROUP, member_ids: ['u1', 'u2'] } })).toBe(
      'Clumio Admins: 2 members removed',
    );
  });

  it('says who gained or lost which role on which OU, by which rule, with names from the lookups', () => {
    expect(changeSummary({ type: 'access.granted', data: ACCESS }, NAMES)).toBe(
      'ada@example.com: Super Admin on Global Organizational Unit (rule "Clumio Admins are Super Admins")',
    );
    expect(changeSummary({ type: 'access.revoked', data: { ...ACCESS, rule: null } })).toBe(
      'ada@example.com: r-super on ou-global',
    );
  });

  it('copes with a type it does not know and with odd data', () => {
    expect(changeSummary({ type: 'thing.happened', data: { id: 'x1' } })).toBe('x1');
    expect(changeSummary({ type: 'group.members_added', data: { displayName: 'Team' } })).toBe('Team: 0 members added');
    expect(changeSummary({ type: 'access.granted', data: {} })).toBe('a user');
  });
});

describe('newestFirst', () => {
  const event = (n: number) => ({ id: `evt_${n}`, type: 'user.updated', data: {} });
  it('puts a page (oldest first) in front of what is shown (newest first), without duplicates, keeping the newest', () => {
    const shown = [event(2), event(1)];
    expect(newestFirst([event(2), event(3), event(4)], shown, 10).map((e) => e.id)).toEqual([
      'evt_4',
      'evt_3',
      'evt_2',
      'evt_1',
    ]);
    expect(newestFirst([event(3), event(4)], shown, 3).map((e) => e.id)).toEqual(['evt_4', 'evt_3', 'evt_2']);
    expect(newestFirst([], shown, 10)).toEqual(shown);
  });
});

describe('the Add endpoint form', () => {
  it('lists exactly the server event types, grouped by prefix', () => {
    expect(EVENT_TYPE_GROUPS.flatMap((g) => g.types)).toEqual([...EVENT_TYPES]);
    for (const group of EVENT_TYPE_GROUPS)
      expect(group.types.every((t) => t.startsWith(`${group.prefix}.`))).toBe(true);
  });

  it('sends [] for every event, a wildcard for a whole group, otherwise the checked types; nothing checked is no filter', () => {
    expect(filterFromChoice({ every: true, checked: new Set(['user.created']) })).toEqual([]);
    expect(
      filterFromChoice({
        every: false,
        checked: new Set(['user.*', 'user.created', 'group.deleted', 'group.created']),
      }),
    ).toEqual(['user.*', 'group.created', 'group.deleted']);
    expect(filterFromChoice({ every: false, checked: new Set() })).toBeUndefined();
    const all = filterFromChoice({
      every: false,
      checked: new Set([...EVENT_TYPE_GROUPS.map((g) => `${g.prefix}.*`), ...EVENT_TYPES]),
    })!;
    expect(all).toEqual(['user.*', 'group.*', 'access.*']);
    for (const entry of all) expect(invalidEventFilter(entry)).toBeUndefined();
  });

  it('describes a filter and a delivery in words', () => {
    expect(describeFilter([])).toBe('Every event');
    expect(describeFilter(['user.*', 'group.created'])).toBe('user.*, group.created');
    expect(describeDelivery({ succeeded: true, status_code: 200, latency_ms: 12.4, error: null })).toBe(
      'HTTP 200 in 12 ms',
    );
    expect(describeDelivery({ succeeded: false, status_code: null, latency_ms: 10000, error: 'timed out' })).toBe(
      `No answer (timed out) after ${(10000).toLocaleString()} ms`,
    );
  });
});
