/** What cloudflared and ngrok print, how a pasted public URL is read, and the rehearsal's cast. */
import { describe, expect, it } from 'vitest';
import { parseCloudflaredLine, parseNgrokLine } from '../../server/tunnel/provider-output.js';
import { normaliseScimUrl } from '../../server/tunnel/tunnel-manager.js';
import { planRehearsal, plannedRequestCount } from '../../server/rehearsal/rehearsal-plan.js';

describe('provider output', () => {
  it("reads cloudflared's quick tunnel box, and nothing else", () => {
    expect(
      parseCloudflaredLine(
        '2026-11-28T10:00:00Z INF |  https://seasonal-deck-organisms-sf.trycloudflare.com                 |',
      ),
    ).toBe('https://seasonal-deck-organisms-sf.trycloudflare.com');
    expect(
      parseCloudflaredLine('2026-11-28T10:00:00Z INF Requesting new quick Tunnel on trycloudflare.com...'),
    ).toBeUndefined();
    expect(
      parseCloudflaredLine(
        'ERR failed to request quick Tunnel: Post "https://api.trycloudflare.com/tunnel": dial tcp: i/o timeout',
      ),
    ).toBeUndefined();
  });

  it("reads ngrok's JSON 'started tunnel' line only", () => {
    const started = JSON.stringify({
      lvl: 'info',
      msg: 'started tunnel',
      obj: 'tunnels',
      url: 'https://ab12.ngrok-free.app',
    });
    expect(parseNgrokLine(started)).toBe('https://ab12.ngrok-free.app');
    expect(parseNgrokLine(JSON.stringify({ lvl: 'info', msg: 'client session established' }))).toBeUndefined();
    expect(parseNgrokLine('t=2026 lvl=info msg="started tunnel" url=https://x.ngrok.io')).toBeUndefined();
    expect(parseNgrokLine('{not json')).toBeUndefined();
  });
});

describe('a pasted public URL', () => {
  it.each([
    ['https://scim.example.com', 'https://scim.example.com/scim/v2'],
    ['https://scim.example.com/', 'https://scim.example.com/scim/v2'],
    ['https://scim.example.com/scim/v2/', 'https://scim.example.com/scim/v2'],
    ['https://corp.example.com/desk/SCIM/v2', 'https://corp.example.com/desk/scim/v2'],
    ['  http://127.0.0.1:8080  ', 'http://127.0.0.1:8080/scim/v2'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseScimUrl(input)).toBe(expected);
  });

  it('refuses anything but http(s) without credentials', () => {
    for (const bad of ['ftp://x', 'scim.example.com', 'https://user:pw@x.example', ''])
      expect(normaliseScimUrl(bad), bad).toBeUndefined();
  });
});

describe("the rehearsal's cast", () => {
  it('puts the admin in the admin group, keeps every group short of everyone, and never offboards the admin', () => {
    const plan = planRehearsal({ users: 5, groups: 3, admin: 'me@example.com' });
    expect(plan.users.map((u) => u.userName)).toEqual([
      'ada.lovelace@example.com',
      'grace.hopper@example.com',
      'alan.turing@example.com',
      'katherine.johnson@example.com',
      'edsger.dijkstra@example.com',
      'me@example.com',
    ]);
    expect(plan.groups.map((g) => [g.displayName, g.members])).toEqual([
      ['Clumio Admins', [0, 5]],
      ['Backup Team', [1, 3]],
      ['Engineering', [2, 4]],
    ]);
    expect(plan.rename).toEqual({ group: 2, to: 'Platform Engineering' });
    expect(plan.removal).toEqual({ group: 2, user: 2 });
    expect(plan.users[plan.offboarded]!.admin).toBe(false);
    expect(plannedRequestCount(plan)).toBe(2 + 12 + 2 + 3 + 3 + 1 + 1 + 2);
  });

  it('recognises an admin who is already in the cast, and makes unique userNames past ten people', () => {
    const plan = planRehearsal({ users: 12, groups: 1, admin: 'ADA.lovelace@example.com' });
    expect(plan.users).toHaveLength(12);
    expect(plan.users[0]!.admin).toBe(true);
    expect(new Set(plan.users.map((u) => u.userName)).size).toBe(12);
    expect(plan.rename).toBeNull();
  });
});
