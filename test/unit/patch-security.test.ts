/**
 * Prototype pollution through PATCH (docs/decisions.md#hostile-input): `__proto__`, `constructor` and `prototype`
 * in paths, keys and nested values are refused with 400, and Object.prototype is never touched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/patch-fixtures.js';
import type { JsonObject, PatchOperation } from '../../server/scim/patch/index.js';
import { applyPatch, parsePatchRequest } from '../../server/scim/patch/index.js';
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  groupResourceType,
  PATCH_OP_SCHEMA,
  USER_SCHEMA,
  userResourceType,
} from '../../server/scim/schemas/index.js';

/** Bodies arrive as JSON text: JSON.parse makes `__proto__` an own key, which is what an attacker sends. */
const body = (operations: string) =>
  JSON.parse(`{"schemas":["${PATCH_OP_SCHEMA}"],"Operations":${operations}}`) as unknown;

const user = () => ({
  schemas: [USER_SCHEMA],
  id: 'u1',
  userName: 'u@example.com',
  name: { givenName: 'U' },
  emails: [{ value: 'u@example.com', type: 'work' }],
});

function expectPrototypeUntouched(): void {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
}

afterEach(expectPrototypeUntouched);

describe('forbidden names in paths', () => {
  it.each([
    '__proto__',
    '__proto__.polluted',
    'name.__proto__',
    'constructor',
    'constructor.prototype',
    'name.constructor',
    'prototype',
    '__PROTO__',
    `${ENTERPRISE_USER_SCHEMA}:__proto__`,
    'urn:x:__proto__:polluted',
    'emails[__proto__ eq "x"].value',
    'emails[type eq "work"].__proto__',
    'emails[constructor pr]',
  ])('refuses path %j with invalidPath', (path) => {
    const error = errorOf(() => parsePatchRequest({ Operations: [{ op: 'add', path, value: { polluted: true } }] }));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidPath');
  });

  it('accepts "__proto__" as a string literal in a filter: it is data, never a key', () => {
    const group = {
      schemas: [GROUP_SCHEMA],
      id: 'g',
      displayName: 'G',
      members: [{ value: '__proto__' }, { value: 'u2' }],
    };
    const ops = parsePatchRequest({ Operations: [{ op: 'remove', path: 'members[value eq "__proto__"]' }] });
    expect(applyPatch(group, ops, groupResourceType)['members']).toEqual([{ value: 'u2' }]);
  });
});

describe('forbidden keys in values', () => {
  it.each([
    ['a pathless value key', '[{"op":"replace","value":{"__proto__":{"polluted":true}}}]'],
    ['a dotted pathless key', '[{"op":"replace","value":{"name.__proto__":{"polluted":true}}}]'],
    ['a constructor.prototype key', '[{"op":"replace","value":{"constructor":{"prototype":{"polluted":true}}}}]'],
    ['a nested complex value', '[{"op":"add","path":"name","value":{"givenName":"x","__proto__":{"polluted":true}}}]'],
    [
      'an element of a multi-valued value',
      '[{"op":"add","path":"emails","value":[{"value":"a@b.c","__proto__":{"polluted":true}}]}]',
    ],
    [
      'a URN key holding an object',
      `[{"op":"replace","value":{"${ENTERPRISE_USER_SCHEMA}":{"__proto__":{"polluted":true}}}}]`,
    ],
    ['a key deep inside an array', '[{"op":"add","path":"emails","value":[[{"prototype":{"polluted":true}}]]}]'],
    ['the operation object', '[{"op":"add","path":"title","value":"x","__proto__":{"polluted":true}}]'],
  ])('refuses %s with invalidValue', (_, operations) => {
    const error = errorOf(() => parsePatchRequest(body(operations)));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
  });

  it('refuses a forbidden key at the top of the message', () => {
    const message = JSON.parse(
      `{"__proto__":{"polluted":true},"Operations":[{"op":"add","path":"title","value":"x"}]}`,
    ) as unknown;
    expect(errorOf(() => parsePatchRequest(message)).scimType).toBe('invalidValue');
  });

  it('refuses forbidden keys even in operations built without parsePatchRequest', () => {
    // applyPatch writes schema names only, so a hostile key in a hand-built operation fails as an unknown name.
    const hostile = JSON.parse('{"__proto__":{"polluted":true}}') as JsonObject;
    const ops: PatchOperation[] = [
      { index: 0, op: 'replace', path: undefined, value: hostile },
      { index: 0, op: 'add', path: undefined, value: { name: hostile } },
      { index: 0, op: 'add', path: undefined, value: { emails: [hostile] } },
    ];
    for (const op of ops) expect(errorOf(() => applyPatch(user(), [op], userResourceType)).status).toBe(400);
  });
});

describe('resource limits of the message', () => {
  it('refuses a value nested deeper than any SCIM value with invalidSyntax', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(errorOf(() => parsePatchRequest({ Operations: [{ op: 'add', path: 'title', value: deep }] })).scimType).toBe(
      'invalidSyntax',
    );
  });

  it('refuses more operations than any IdP sends with invalidSyntax', () => {
    const operations = Array.from({ length: 1001 }, () => ({ op: 'add', path: 'title', value: 'x' }));
    expect(errorOf(() => parsePatchRequest({ Operations: operations })).scimType).toBe('invalidSyntax');
  });

  it('refuses values that are not JSON', () => {
    expect(
      errorOf(() => parsePatchRequest({ Operations: [{ op: 'add', path: 'title', value: () => 1 }] })).scimType,
    ).toBe('invalidSyntax');
    expect(
      errorOf(() => parsePatchRequest({ Operations: [{ op: 'add', path: 'title', value: new Date() }] })).scimType,
    ).toBe('invalidSyntax');
  });
});

describe('results are plain data', () => {
  it('returns plain objects all the way down, with no key outside the schema', () => {
    const ops = parsePatchRequest({
      Operations: [
        { op: 'add', path: 'emails[type eq "home"].value', value: 'h@example.com' },
        { op: 'replace', value: { [`${ENTERPRISE_USER_SCHEMA}:manager`]: 'm1', 'name.familyName': 'F' } },
      ],
    });
    const after = applyPatch(user(), ops, userResourceType);
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') {
        expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
        Object.values(value).forEach(visit);
      }
    };
    visit(after);
    expect(JSON.parse(JSON.stringify(after))).toEqual(after);
  });
});
