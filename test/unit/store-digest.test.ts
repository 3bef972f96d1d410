/** The copy's checksum: the same data gives the same text whatever the backend's key order or time format. */
import { describe, expect, it } from 'vitest';
import { canonicalJson, StoreDigest } from '../../server/store/copy/store-digest.js';
import type { ResourceRecord } from '../../server/store/types.js';

const user = (created: string, data: Record<string, unknown>): ResourceRecord => ({
  id: 'u1',
  meta: { created, lastModified: created, version: 2 },
  data,
});

function digestOf(fill: (digest: StoreDigest) => void, feed = { first: 1, last: 2 }): string {
  const digest = new StoreDigest();
  fill(digest);
  return digest.finish(feed);
}

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});

describe('StoreDigest', () => {
  it('is the same for the same record with keys in another order and the same instant written differently', () => {
    const a = digestOf((d) => d.user(user('2026-01-01T00:00:00.000Z', { userName: 'a', active: true })));
    const b = digestOf((d) => d.user(user('2026-01-01T00:00:00Z', { active: true, userName: 'a' })));
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it('differs when a value, the member order, an event position or the feed differs', () => {
    const base = (d: StoreDigest) => {
      d.user(user('2026-01-01T00:00:00.000Z', { userName: 'a' }));
      d.member('g', { value: 'u1', type: 'User' });
      d.member('g', { value: 'u2', type: 'User' });
      d.event({ pos: 2, id: 'e', type: 'user.created', timestamp: 't', key: 'user:u1', data: {} });
    };
    const reference = digestOf(base);
    expect(
      digestOf((d) => {
        d.user(user('2026-01-01T00:00:00.000Z', { userName: 'A' }));
        d.member('g', { value: 'u1', type: 'User' });
        d.member('g', { value: 'u2', type: 'User' });
        d.event({ pos: 2, id: 'e', type: 'user.created', timestamp: 't', key: 'user:u1', data: {} });
      }),
    ).not.toBe(reference);
    expect(
      digestOf((d) => {
        d.user(user('2026-01-01T00:00:00.000Z', { userName: 'a' }));
        d.member('g', { value: 'u2', type: 'User' });
        d.member('g', { value: 'u1', type: 'User' });
        d.event({ pos: 2, id: 'e', type: 'user.created', timestamp: 't', key: 'user:u1', data: {} });
      }),
    ).not.toBe(reference);
    expect(
      digestOf((d) => {
        d.user(user('2026-01-01T00:00:00.000Z', { userName: 'a' }));
        d.member('g', { value: 'u1', type: 'User' });
        d.member('g', { value: 'u2', type: 'User' });
        d.event({ pos: 1, id: 'e', type: 'user.created', timestamp: 't', key: 'user:u1', data: {} });
      }),
    ).not.toBe(reference);
    expect(digestOf(base, { first: 1, last: 3 })).not.toBe(reference);
  });

  it('counts what it saw, documents per collection', () => {
    const digest = new StoreDigest();
    digest.doc('tokens', 't1', { hash: 'x' });
    digest.doc('tokens', 't2', { hash: 'y' });
    digest.doc('rules', 'r1', {});
    digest.member('g', { value: 'u1', type: 'User', display: 'Ada', name: 'Ada L' });
    expect(digest.counts).toEqual({
      users: 0,
      groups: 0,
      memberships: 1,
      documents: { tokens: 2, rules: 1 },
      events: 0,
    });
  });
});
