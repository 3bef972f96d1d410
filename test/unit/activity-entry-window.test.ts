import { describe, expect, it } from 'vitest';
import { ByteRing } from '../../server/activity/byte-ring.js';
import { EntryWindow } from '../../server/activity/entry-window.js';

describe('ByteRing', () => {
  it('reads back what it holds, wraps around, and refuses what was written over', () => {
    const ring = new ByteRing(64);
    const first = ring.put('a'.repeat(30))!;
    const second = ring.put('zoë 東京')!; // multi-byte: 11 bytes
    expect(second.bytes).toBe(11);
    expect(ring.read(first)).toBe('a'.repeat(30));
    expect(ring.read(second)).toBe('zoë 東京');
    const third = ring.put('b'.repeat(20))!; // would cross the end: starts over at 0, over `first`
    expect(third.position).toBe(64);
    expect(ring.read(third)).toBe('b'.repeat(20));
    expect(ring.read(first)).toBeUndefined();
    expect(ring.read(second)).toBe('zoë 東京');
    ring.put('c'.repeat(40));
    expect(ring.read(second)).toBeUndefined();
  });

  it('stores a text whose worst case is over capacity when its real size fits, and refuses one that does not', () => {
    const ring = new ByteRing(64);
    expect(ring.read(ring.put('x'.repeat(60))!)).toBe('x'.repeat(60));
    expect(ring.put('é'.repeat(40))).toBeUndefined(); // 80 bytes
  });
});

describe('EntryWindow', () => {
  const summary = (id: string) =>
    JSON.stringify({ kind: 'admin', id, time: '2026-01-01T00:00:00.000Z', action: 'a', message: `m ${id}` });

  it('keeps at most its capacity of entries, oldest first, and finds ids', () => {
    const window = new EntryWindow(3, 4096, 4096);
    for (const id of ['a', 'b', 'c', 'd']) window.push(id, summary(id), undefined);
    expect(window.length).toBe(3);
    expect([0, 1, 2].map((i) => window.idAt(i))).toEqual(['b', 'c', 'd']);
    expect(window.entryAt(0)).toMatchObject({ id: 'b', message: 'm b' });
    expect(Object.isFrozen(window.entryAt(0))).toBe(true);
    expect(window.lowerBound('c')).toBe(1);
    expect(window.lowerBound('z')).toBe(3);
  });

  it('drops the oldest bodies first, then the oldest entries when summaries run out of room', () => {
    const window = new EntryWindow(100, 1000, 300);
    const bodies = (id: string) => JSON.stringify({ requestBody: { id, pad: 'x'.repeat(80) } });
    for (const id of ['a', 'b', 'c', 'd']) window.push(id, summary(id), bodies(id));
    expect(window.length).toBe(4);
    expect(window.bodiesTextAt(0)).toBeUndefined();
    expect(JSON.parse(window.bodiesTextAt(3)!)).toEqual({ requestBody: { id: 'd', pad: 'x'.repeat(80) } });
    for (let i = 0; i < 20; i++) window.push(`e${i}`, summary(`e${i}`), undefined);
    expect(window.length).toBeLessThan(24);
    expect(window.idAt(window.length - 1)).toBe('e19');
    for (let i = 0; i < window.length; i++) expect(window.entryAt(i).id).toBe(window.idAt(i));
  });
});
