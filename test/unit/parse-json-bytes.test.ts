import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../server/store/json-pieces.js';
import { parseJsonBytes } from '../../server/store/parse-json-bytes.js';

/** Every case is read in pieces (`wholeUpTo` 0), the way a snapshot past V8's string limit is read. */
const inPieces = (text: string, depth = 3) => parseJsonBytes(Buffer.from(text, 'utf8'), depth, 0);

describe('parseJsonBytes: JSON read in pieces, for files longer than one string can be', () => {
  const snapshot = {
    version: 4,
    users: [
      {
        id: 'u1',
        meta: { created: '2026-12-07T00:00:00.000Z', version: 2 },
        data: { userName: 'a"b\\c@example.com', name: { givenName: 'Émile [x] {y}' }, emails: [], tags: [1, -2.5e3] },
      },
      { id: 'u2', data: { active: false, manager: null, note: 'comma, colon: bracket ] brace }' } },
    ],
    groups: [],
    documents: { settings: {}, rules: { r1: { condition: '{"$in":["a","b"]}' } } },
    empty: {},
    ['__proto__']: { kept: true },
  };

  it('gives what JSON.parse gives, for the pieces the store writes and for any spacing', () => {
    const written = [...jsonPieces(JSON.parse(JSON.stringify(snapshot)), 3)].join('');
    expect(inPieces(written)).toEqual(JSON.parse(written));
    const pretty = JSON.stringify(snapshot, null, 2);
    for (const depth of [0, 1, 2, 3, 6]) expect(inPieces(pretty, depth)).toEqual(JSON.parse(pretty));
    expect(Object.keys(inPieces(pretty) as object)).toContain('__proto__');
    expect(Object.getPrototypeOf(inPieces(pretty))).toBe(Object.prototype);
    for (const text of ['[]', '{}', ' [ 1 , "x" , null , true ] ', '"only a string"', '42'])
      expect(inPieces(text)).toEqual(JSON.parse(text));
  });

  it('refuses what is not JSON, as JSON.parse does', () => {
    const bad = [
      '{"users":[{"id":"u1"}',
      '{"users":[1 2]}',
      '{"a":1}}',
      '{"a" 1}',
      '{a:1}',
      '["unterminated]',
      '[1,]',
      '',
      '{"a":tru}',
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => inPieces(text)).toThrow(SyntaxError);
    }
  });

  it('parses small files whole', () => {
    expect(parseJsonBytes(Buffer.from('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
  });
});
