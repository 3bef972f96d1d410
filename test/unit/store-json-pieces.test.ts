import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asciiJson } from '../../server/store/ascii-json.js';
import { writeJsonAtomically } from '../../server/store/durable-fs.js';
import { jsonPieces } from '../../server/store/json-pieces.js';

describe('jsonPieces (snapshot written in pieces)', () => {
  const documents: unknown[] = [
    {
      format: 'scim-desk',
      seq: 3,
      users: [{ id: 'a', data: { userName: 'x@y', emails: [{ value: 'x@y' }] } }],
      groups: [],
      memberships: { g: [{ value: 'a' }] },
    },
    {
      skipped: undefined,
      kept: null,
      nested: { list: [1, undefined, 'two', { deep: [true] }] },
      __proto__: { own: 'key' },
    },
    [],
    {},
    'text with "quotes" and \u2028 unicode',
    42,
  ];

  it.each(documents.map((d, i) => [i, d]))(
    'document %i is byte-identical to JSON.stringify at every depth',
    (_i, document) => {
      for (const depth of [0, 1, 2, 3, 5]) {
        expect([...jsonPieces(document, depth)].join('')).toBe(JSON.stringify(document));
      }
    },
  );

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

describe('asciiJson (how snapshots and activity lines are written)', () => {
  it('escapes every non-ASCII character and means the same value', () => {
    const value = { userName: 'zoë@example.com', displayName: 'Zoë — 東京 😀', hint: 'scimdesk_ab…', lone: '\ud800' };
    const text = asciiJson(JSON.stringify(value));
    expect(/[\u0080-\uffff]/.test(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
    const plain = JSON.stringify({ userName: 'ada@example.com' });
    expect(asciiJson(plain)).toBe(plain);
  });

  it('writes snapshot files that are pure ASCII and read back the same', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-desk-ascii-'));
    try {
      const value = { users: [{ userName: 'zoë@example.com', name: { formatted: 'Zoë — 東京 😀' } }] };
      const path = join(dir, 'doc.json');
      const bytes = await writeJsonAtomically(path, value, false);
      const file = await readFile(path);
      expect(bytes).toBe(file.length);
      expect(file.every((byte) => byte < 0x80)).toBe(true);
      expect(JSON.parse(file.toString('utf8'))).toEqual(value);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
