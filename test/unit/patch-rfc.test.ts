/**
 * RFC 7644 §3.5.2 PATCH: message validation, add/replace/remove on every path form, mutability, case rules,
 * atomicity, and the Error schema's scimType for each failure.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, patch } from '../helpers/patch-fixtures.js';
import { parsePatchRequest } from '../../server/scim/patch/index.js';
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  groupResourceType,
  PATCH_OP_SCHEMA,
  USER_SCHEMA,
} from '../../server/scim/schemas/index.js';

const user = (): Record<string, unknown> => ({
  schemas: [USER_SCHEMA],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen@example.com',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  displayName: 'Babs Jensen',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  phoneNumbers: [{ value: '555-555-8377', type: 'work' }],
  meta: {
    resourceType: 'User',
    created: '2026-01-01T00:00:00Z',
    lastModified: '2026-01-01T00:00:00Z',
    version: 'W/"3"',
  },
});

describe('PatchOp message validation', () => {
  const op = { op: 'replace', path: 'active', value: false };

  it('returns typed operations with lower-cased op names and parsed paths', () => {
    const [parsed] = parsePatchRequest({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'Replace', path: 'name.givenName', value: 'B' }],
    });
    expect(parsed).toMatchObject({
      index: 0,
      op: 'replace',
      value: 'B',
      path: { text: 'name.givenName', parsed: { path: { attribute: 'name', subAttribute: 'givenName' } } },
    });
  });

  it('tolerates a missing schemas member', () => {
    expect(parsePatchRequest({ Operations: [op] })).toHaveLength(1);
  });

  it.each([
    { name: 'a non-object body', body: [op], scimType: 'invalidSyntax' },
    {
      name: 'schemas without the PatchOp URN',
      body: { schemas: [USER_SCHEMA], Operations: [op] },
      scimType: 'invalidSyntax',
    },
    { name: 'no Operations', body: { schemas: [PATCH_OP_SCHEMA] }, scimType: 'invalidSyntax' },
    { name: 'empty Operations', body: { schemas: [PATCH_OP_SCHEMA], Operations: [] }, scimType: 'invalidSyntax' },
    { name: 'an operation that is not an object', body: { Operations: ['replace'] }, scimType: 'invalidSyntax' },
    {
      name: 'an unknown op',
      body: { Operations: [{ op: 'merge', path: 'active', value: true }] },
      scimType: 'invalidSyntax',
    },
    { name: 'a missing op', body: { Operations: [{ path: 'active', value: true }] }, scimType: 'invalidSyntax' },
    { name: 'remove without path', body: { Operations: [{ op: 'remove' }] }, scimType: 'noTarget' },
    { name: 'add without value', body: { Operations: [{ op: 'add', path: 'title' }] }, scimType: 'invalidValue' },
    {
      name: 'pathless replace with a non-object value',
      body: { Operations: [{ op: 'replace', value: false }] },
      scimType: 'invalidValue',
    },
    {
      name: 'a path that is not a string',
      body: { Operations: [{ op: 'replace', path: 7, value: 1 }] },
      scimType: 'invalidPath',
    },
    {
      name: 'a malformed path',
      body: { Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] },
      scimType: 'invalidPath',
    },
  ])('refuses $name with 400 $scimType', ({ body, scimType }) => {
    const error = errorOf(() => parsePatchRequest(body));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe(scimType);
    expect(error.toBody()).toMatchObject({ status: '400', scimType });
  });

  it('names the failing operation by its index', () => {
    const error = errorOf(() =>
      parsePatchRequest({ Operations: [op, op, { op: 'upsert', path: 'active', value: true }] }),
    );
    expect(error.detail).toMatch(/^Operations\[2\]/);
  });
});

describe('add', () => {
  it('sets a single-valued attribute, replacing a previous value', () => {
    expect(patch(user(), [{ op: 'add', path: 'displayName', value: 'Barbara' }])['displayName']).toBe('Barbara');
  });

  it('merges sub-attributes into a complex attribute', () => {
    const after = patch(user(), [{ op: 'add', path: 'name', value: { middleName: 'Jane' } }]);
    expect(after['name']).toEqual({ givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane' });
  });

  it('appends to a multi-valued attribute, and a new primary demotes the old one', () => {
    const after = patch(user(), [
      { op: 'add', path: 'emails', value: [{ value: 'b@new.example', type: 'other', primary: true }] },
    ]);
    expect(after['emails']).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: false },
      { value: 'babs@jensen.org', type: 'home' },
      { value: 'b@new.example', type: 'other', primary: true },
    ]);
  });

  it('creates the element a plain equality filter describes when none matches', () => {
    const after = patch(user(), [
      { op: 'add', path: 'phoneNumbers[type eq "mobile" and primary eq false]', value: { value: '555-1234' } },
    ]);
    expect(after['phoneNumbers']).toContainEqual({ type: 'mobile', primary: false, value: '555-1234' });
  });

  it('accepts value-filter paths as keys of a pathless value', () => {
    const after = patch(user(), [
      {
        op: 'add',
        value: { 'emails[type eq "home"].value': 'b@home.example', 'phoneNumbers[type eq "fax"].value': '555-9' },
      },
    ]);
    expect(after['emails']).toContainEqual({ value: 'b@home.example', type: 'home' });
    expect(after['phoneNumbers']).toContainEqual({ type: 'fax', value: '555-9' });
  });

  it('adds attributes from a pathless value object', () => {
    const after = patch(user(), [{ op: 'add', value: { nickName: 'Babs', title: 'Tour Guide' } }]);
    expect(after).toMatchObject({ nickName: 'Babs', title: 'Tour Guide' });
  });
});

describe('replace', () => {
  it('replaces every value of a multi-valued attribute', () => {
    const after = patch(user(), [
      { op: 'replace', path: 'phoneNumbers', value: [{ value: '555-0000', type: 'mobile' }] },
    ]);
    expect(after['phoneNumbers']).toEqual([{ value: '555-0000', type: 'mobile' }]);
  });

  it('replaces matching elements of a value filter, leaving the others', () => {
    const after = patch(user(), [
      { op: 'replace', path: 'emails[type eq "home"]', value: { value: 'b@home.example' } },
    ]);
    expect(after['emails']).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'b@home.example', type: 'home' },
    ]);
  });

  it('fails with noTarget when a filter that describes no single element matches nothing', () => {
    const error = errorOf(() =>
      patch(user(), [{ op: 'replace', path: 'emails[value co "nowhere"].type', value: 'other' }]),
    );
    expect(error.scimType).toBe('noTarget');
  });

  it('treats replace of an absent attribute as add', () => {
    expect(patch(user(), [{ op: 'replace', path: 'title', value: 'Boss' }])['title']).toBe('Boss');
  });

  it('sets extension attributes by URN-qualified path', () => {
    const after = patch(user(), [
      { op: 'replace', path: `${ENTERPRISE_USER_SCHEMA}:department`, value: 'Tour Operations' },
    ]);
    expect(after[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'Tour Operations' });
  });

  it('sets core attributes by URN-qualified path', () => {
    expect(patch(user(), [{ op: 'replace', path: `${USER_SCHEMA}:name.givenName`, value: 'Barb' }])['name']).toEqual({
      givenName: 'Barb',
      familyName: 'Jensen',
    });
  });
});

describe('remove', () => {
  it('removes a single-valued attribute', () => {
    expect(patch(user(), [{ op: 'remove', path: 'displayName' }])).not.toHaveProperty('displayName');
  });

  it('removes a sub-attribute, and the complex attribute once it is empty', () => {
    const once = patch(user(), [{ op: 'remove', path: 'name.givenName' }]);
    expect(once['name']).toEqual({ familyName: 'Jensen' });
    expect(patch(once, [{ op: 'remove', path: 'name.familyName' }])).not.toHaveProperty('name');
  });

  it('removes only the elements a value filter matches', () => {
    const after = patch(user(), [{ op: 'remove', path: 'emails[type eq "home"]' }]);
    expect(after['emails']).toEqual([{ value: 'bjensen@example.com', type: 'work', primary: true }]);
  });

  it('removes a sub-attribute of the matching elements only', () => {
    const after = patch(user(), [{ op: 'remove', path: 'emails[type eq "work"].primary' }]);
    expect(after['emails']).toEqual([
      { value: 'bjensen@example.com', type: 'work' },
      { value: 'babs@jensen.org', type: 'home' },
    ]);
  });

  it('removes a whole multi-valued attribute', () => {
    expect(patch(user(), [{ op: 'remove', path: 'emails' }])).not.toHaveProperty('emails');
  });

  it('succeeds when the attribute is already absent', () => {
    expect(patch(user(), [{ op: 'remove', path: 'title' }])).toEqual(user());
  });

  it('refuses to remove a required attribute (invalidValue)', () => {
    expect(errorOf(() => patch(user(), [{ op: 'remove', path: 'userName' }])).scimType).toBe('invalidValue');
    expect(
      errorOf(() =>
        patch({ id: 'g', displayName: 'G' }, [{ op: 'replace', path: 'displayName', value: null }], groupResourceType),
      ).scimType,
    ).toBe('invalidValue');
  });
});

describe('mutability', () => {
  it.each([
    { name: 'replace id', operation: { op: 'replace', path: 'id', value: 'other' } },
    { name: 'remove id', operation: { op: 'remove', path: 'id' } },
    { name: 'replace meta.version', operation: { op: 'replace', path: 'meta.version', value: 'W/"9"' } },
    { name: 'add groups', operation: { op: 'add', path: 'groups', value: [{ value: 'g1' }] } },
    { name: 'a pathless meta', operation: { op: 'replace', value: { meta: { created: '2020-01-01T00:00:00Z' } } } },
  ])('refuses $name with mutability', ({ operation }) => {
    expect(errorOf(() => patch(user(), [operation])).scimType).toBe('mutability');
  });

  it('ignores a readOnly attribute given its current value', () => {
    const before = user();
    expect(patch(before, [{ op: 'replace', value: { id: before['id'], groups: [] } }])).toEqual(before);
  });

  it('refuses to change an immutable member value in place', () => {
    const group = { schemas: [GROUP_SCHEMA], id: 'g', displayName: 'G', members: [{ value: 'u1' }] };
    const error = errorOf(() =>
      patch(group, [{ op: 'replace', path: 'members[value eq "u1"].value', value: 'u2' }], groupResourceType),
    );
    expect(error.scimType).toBe('mutability');
  });
});

describe('attribute names are case-insensitive and stored canonically', () => {
  it('addresses Active and NAME.GIVENNAME', () => {
    const after = patch(user(), [
      { op: 'replace', path: 'Active', value: false },
      { op: 'replace', path: 'NAME.GIVENNAME', value: 'B' },
      { op: 'replace', value: { DisplayName: 'BJ', 'Name.FamilyName': 'J' } },
    ]);
    expect(after).toMatchObject({ active: false, displayName: 'BJ', name: { givenName: 'B', familyName: 'J' } });
    expect(Object.keys(after)).not.toContain('Active');
    expect(Object.keys(after)).not.toContain('DisplayName');
  });

  it('matches filter attributes and values case-insensitively where the schema says so', () => {
    const after = patch(user(), [{ op: 'remove', path: 'EMAILS[TYPE EQ "HOME"]' }]);
    expect((after['emails'] as unknown[]).length).toBe(1);
  });

  it('merges a stored non-canonical spelling into the canonical one', () => {
    const after = patch({ ...user(), DisplayName: 'old' }, [{ op: 'replace', path: 'displayName', value: 'new' }]);
    expect(after['displayName']).toBe('new');
    expect(after).not.toHaveProperty('DisplayName');
  });
});

describe('atomicity', () => {
  it('leaves the input deep-equal to before when the third operation fails', () => {
    const before = user();
    const snapshot = structuredClone(before);
    const error = errorOf(() =>
      patch(before, [
        { op: 'replace', path: 'displayName', value: 'Changed' },
        { op: 'add', path: 'emails', value: [{ value: 'x@example.com' }] },
        { op: 'replace', path: 'active', value: 'maybe' },
      ]),
    );
    expect(error.detail).toMatch(/^Operations\[2\]/);
    expect(before).toEqual(snapshot);
  });

  it('never mutates the input on success either, and returns a new object', () => {
    const before = user();
    const snapshot = structuredClone(before);
    const after = patch(before, [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' }]);
    expect(before).toEqual(snapshot);
    expect(after).not.toBe(before);
    expect(after['emails']).not.toBe(before['emails']);
  });

  it('applies operations in order, later ones seeing earlier results', () => {
    const after = patch(user(), [
      { op: 'add', path: 'emails', value: [{ value: 'temp@example.com', type: 'other' }] },
      { op: 'replace', path: 'emails[type eq "other"].value', value: 'final@example.com' },
    ]);
    expect(after['emails']).toContainEqual({ value: 'final@example.com', type: 'other' });
  });
});
