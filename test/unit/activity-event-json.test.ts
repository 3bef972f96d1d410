// One activity entry that cannot be serialized must never fail a page of the activity API or the live stream.
import { describe, expect, it } from 'vitest';
import { activityEventJson, toActivityEvent } from '../../server/admin/activity-events.js';
import type { ScimActivity } from '../../server/activity/types.js';

const entry: ScimActivity = {
  kind: 'scim',
  id: '1767261600000-000000',
  time: '2026-01-01T10:00:00.000Z',
  method: 'POST',
  path: '/scim/v2/Schemas',
  query: '',
  status: 405,
  durationMs: 1,
  tokenId: null,
  tokenLabel: null,
  userAgent: 'curl/8',
  clientIp: '127.0.0.1',
  signals: [],
};

describe('activityEventJson', () => {
  it('is the event as JSON when it can be serialized', () => {
    const event = toActivityEvent({ ...entry, requestBody: { a: 1 } });
    expect(activityEventJson(event)).toBe(JSON.stringify(event));
  });

  it('sends an entry whose body cannot be serialized as what can be shown, saying so', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    for (const body of [deep, circular]) {
      const shown = JSON.parse(activityEventJson(toActivityEvent({ ...entry, requestBody: body }))) as Record<
        string,
        any
      >;
      expect(shown).toMatchObject({
        kind: 'scim_request',
        id: entry.id,
        status: 'failed',
        summary: 'POST /Schemas 405 (this entry cannot be shown in full)',
        request: { method: 'POST', path: '/Schemas', body: '[this body cannot be shown]' },
        response: { status: 405, body: '[this body cannot be shown]' },
      });
    }
  });
});
