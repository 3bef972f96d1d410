import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../server/store/json-pieces.js';

describe('jsonPieces (snapshot written in pieces)', () => {
  const documents: unknown[] = [
    { format: 'scim-desk', seq: 3, users: [{ id: 'a', data: { userName: 'x@y', emails: [{ value: 'x@y' }] } }], groups: [], memberships: { g: [{ value: 'a' }] } },
    { skipped: undefined, kept: null, nested: { list: [1, undefined, 'two', { deep: [true] }] }, '__proto__': { own: 'key' } },
    [],
    {},
    'text with "quotes" and \u2028 unicode',
    42,
  ];

  it.each(documents.map((d, i) => [i, d]))('document %i is byte-identical to JSON.stringify at every depth', (_i, document) => {
    for (const depth of [0, 1, 2, 3, 5]) {
      expect([...jsonPieces(document, depth)].join('')).toBe(JSON.stringify(document));
    }
  });

  it('keeps a "__proto__" own key as data', () => {
    const document = JSON.parse('{"__proto__":{"polluted":true}}') as unknown;
    const text = [...jsonPieces(document, 3)].join('');
    expect(text).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('splits a large document into many small pieces', () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({ id: String(i), data: { userName: `u${i}` } }));
    const pieces = [...jsonPieces({ users }, 3)];
    expect(pieces.length).toBeGreaterThan(1000);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(100);
  });
});
