/**
 * splitMemberOperations: a Group PATCH becomes member operations for the member store (which never rebuilds a
 * 50,000-member list for a 100-member add) and the remaining operations for applyPatch.
 */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../helpers/patch-fixtures.js';
import type { PatchOperation } from '../../server/scim/patch/index.js';
import { parsePatchRequest, splitMemberOperations } from '../../server/scim/patch/index.js';
import { GROUP_SCHEMA, PATCH_OP_SCHEMA } from '../../server/scim/schemas/index.js';

const split = (...operations: unknown[]) =>
  splitMemberOperations(parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: operations }));

describe('member operations from paths', () => {
  it('add path members -> add, keeping value, display and type', () => {
    const { memberOps, otherOps } = split({
      op: 'add',
      path: 'members',
      value: [
        { value: 'u1', display: 'One' },
        { value: 'g2', type: 'Group' },
      ],
    });
    expect(memberOps).toEqual([
      {
        kind: 'add',
        members: [
          { value: 'u1', display: 'One' },
          { value: 'g2', type: 'Group' },
        ],
      },
    ]);
    expect(otherOps).toEqual([]);
  });

  it('de-duplicates members within one add', () => {
    expect(
      split({ op: 'add', path: 'members', value: [{ value: 'u1' }, { value: 'u1', display: 'One' }] }).memberOps,
    ).toEqual([{ kind: 'add', members: [{ value: 'u1', display: 'One' }] }]);
  });

  it('remove path members[value eq "x"] -> remove [x]', () => {
    expect(split({ op: 'remove', path: 'members[value eq "u1"]' }).memberOps).toEqual([
      { kind: 'remove', values: ['u1'] },
    ]);
  });

  it('remove with an "or" of value equalities -> one remove of every id', () => {
    expect(split({ op: 'remove', path: 'members[value eq "u1" or value eq "u2"]' }).memberOps).toEqual([
      { kind: 'remove', values: ['u1', 'u2'] },
    ]);
  });

  it('remove with any other filter -> removeWhere with the filter', () => {
    const [memberOp] = split({ op: 'remove', path: 'members[type eq "Group"]' }).memberOps;
    expect(memberOp).toEqual({
      kind: 'removeWhere',
      filter: { kind: 'compare', path: { attribute: 'type' }, op: 'eq', value: 'Group' },
    });
  });

  it("Entra's remove path members with a value list -> remove exactly those ids", () => {
    expect(split({ op: 'Remove', path: 'members', value: [{ value: 'u1' }, { value: 'u3' }] }).memberOps).toEqual([
      { kind: 'remove', values: ['u1', 'u3'] },
    ]);
  });

  it('remove path members without a value -> removeAll', () => {
    expect(split({ op: 'remove', path: 'members' }).memberOps).toEqual([{ kind: 'removeAll' }]);
  });

  it('replace path members -> replace, with [] meaning no members', () => {
    expect(split({ op: 'replace', path: 'members', value: [] }).memberOps).toEqual([{ kind: 'replace', members: [] }]);
    expect(split({ op: 'replace', path: 'members', value: [{ value: 'u9' }] }).memberOps).toEqual([
      { kind: 'replace', members: [{ value: 'u9' }] },
    ]);
  });

  it('replace path members with null -> removeAll', () => {
    expect(split({ op: 'replace', path: 'members', value: null }).memberOps).toEqual([{ kind: 'removeAll' }]);
  });

  it('recognises the path case-insensitively and URN-qualified', () => {
    expect(split({ op: 'add', path: 'MEMBERS', value: [{ value: 'u1' }] }).memberOps).toHaveLength(1);
    expect(split({ op: 'add', path: `${GROUP_SCHEMA}:members`, value: [{ value: 'u1' }] }).memberOps).toHaveLength(1);
  });
});

describe('member operations from pathless values', () => {
  it('takes members out of a pathless replace and leaves the rest as an ordinary operation', () => {
    const { memberOps, otherOps } = split({
      op: 'replace',
      value: { id: 'g1', displayName: 'Renamed', members: [{ value: 'u1' }] },
    });
    expect(memberOps).toEqual([{ kind: 'replace', members: [{ value: 'u1' }] }]);
    expect(otherOps).toHaveLength(1);
    expect(otherOps[0]).toMatchObject({ op: 'replace', path: undefined, value: { id: 'g1', displayName: 'Renamed' } });
  });

  it('drops the operation from otherOps when members was all it held', () => {
    const { memberOps, otherOps } = split({ op: 'add', value: { members: [{ value: 'u1' }] } });
    expect(memberOps).toEqual([{ kind: 'add', members: [{ value: 'u1' }] }]);
    expect(otherOps).toEqual([]);
  });

  it("leaves Okta's rename without members alone", () => {
    const { memberOps, otherOps } = split({ op: 'replace', value: { id: 'g1', displayName: 'Renamed' } });
    expect(memberOps).toEqual([]);
    expect(otherOps).toHaveLength(1);
  });
});

describe('order and mixing', () => {
  it('preserves the order of member operations and passes other operations through unchanged', () => {
    const { memberOps, otherOps } = split(
      { op: 'remove', path: 'members[value eq "u1"]' },
      { op: 'replace', path: 'displayName', value: 'New' },
      { op: 'add', path: 'members', value: [{ value: 'u2' }] },
      { op: 'remove', path: 'members' },
      { op: 'add', path: 'externalId', value: 'ext' },
    );
    expect(memberOps.map((m) => m.kind)).toEqual(['remove', 'add', 'removeAll']);
    expect(otherOps.map((o: PatchOperation) => o.index)).toEqual([1, 4]);
  });
});

describe('member validation', () => {
  it.each([
    { name: 'a member without value', value: [{ display: 'x' }] },
    { name: 'a numeric value', value: [{ value: 42 }] },
    { name: 'an empty value', value: [{ value: '' }] },
    { name: 'a member that is a number', value: [7] },
    { name: 'an unknown type', value: [{ value: 'u1', type: 'Robot' }] },
    { name: 'a non-string display', value: [{ value: 'u1', display: { text: 'x' } }] },
  ])('refuses $name with invalidValue naming the operation', ({ value }) => {
    const error = errorOf(() =>
      split({ op: 'add', path: 'members', value: [{ value: 'ok' }] }, { op: 'add', path: 'members', value }),
    );
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toMatch(/^Operations\[1\]/);
  });

  it('validates Entra remove lists the same way', () => {
    expect(errorOf(() => split({ op: 'remove', path: 'members', value: [{ id: 'u1' }] })).scimType).toBe(
      'invalidValue',
    );
  });

  it('reads a bare id as {value: id} and canonicalises the type', () => {
    expect(split({ op: 'add', path: 'members', value: ['u1', { value: 'u2', type: 'user' }] }).memberOps).toEqual([
      { kind: 'add', members: [{ value: 'u1' }, { value: 'u2', type: 'User' }] },
    ]);
  });

  it('refuses a change to a member sub-attribute and a filter on add', () => {
    expect(errorOf(() => split({ op: 'replace', path: 'members[value eq "u1"].display', value: 'x' })).scimType).toBe(
      'mutability',
    );
    expect(errorOf(() => split({ op: 'add', path: 'members[value eq "u1"]', value: { value: 'u1' } })).scimType).toBe(
      'invalidPath',
    );
  });
});
