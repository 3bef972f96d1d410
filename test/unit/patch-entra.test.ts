/**
 * Microsoft Entra ID's PATCH quirks (docs/interop.md#microsoft-entra-id), applied with the PATCH engine.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, patch } from '../helpers/patch-fixtures.js';
import { parsePatchRequest, splitMemberOperations } from '../../server/scim/patch/index.js';
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  groupResourceType,
  PATCH_OP_SCHEMA,
  USER_SCHEMA,
} from '../../server/scim/schemas/index.js';

const MANAGER_ID = '26118915-6090-4610-87e4-49d8ca9f808d';

const user = (): Record<string, unknown> => ({
  schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
  id: 'a7f3c9e2-5d1b-4c8a-9e6f-2b4d8a1c3e5f',
  userName: 'Test_User_ab6490ee@contoso.com',
  externalId: 'jyoung',
  active: true,
  displayName: 'Jane Young',
  title: 'Engineer',
  name: { givenName: 'Jane', familyName: 'Young', formatted: 'Jane Young' },
  emails: [{ type: 'home', value: 'jane@home.example', primary: false }],
  addresses: [{ type: 'work', streetAddress: '1 Main St', locality: 'Redmond', primary: true }],
  [ENTERPRISE_USER_SCHEMA]: { department: 'R&D', employeeNumber: '42' },
  meta: { resourceType: 'User' },
});

const group = (): Record<string, unknown> => ({
  schemas: [GROUP_SCHEMA],
  id: 'g-1',
  displayName: 'Sales',
  members: [{ value: 'id1' }, { value: 'id2' }, { value: 'id3' }],
});

const extension = (resource: Record<string, unknown>) =>
  resource[ENTERPRISE_USER_SCHEMA] as Record<string, unknown> | undefined;

describe('Entra operation names', () => {
  it.each(['Replace', 'REPLACE', 'replace'])('accepts op %j', (op) => {
    expect(patch(user(), [{ op, path: 'displayName', value: 'J. Young' }])['displayName']).toBe('J. Young');
  });

  it('accepts Add and Remove capitalised too', () => {
    const after = patch(user(), [
      { op: 'Add', path: 'nickName', value: 'JJ' },
      { op: 'Remove', path: 'title' },
    ]);
    expect(after['nickName']).toBe('JJ');
    expect(after).not.toHaveProperty('title');
  });
});

describe('Entra booleans as strings', () => {
  it.each([
    ['False', false],
    ['True', true],
    ['false', false],
    ['TRUE', true],
  ])('reads %j as %j for a boolean attribute', (text, expected) => {
    expect(patch(user(), [{ op: 'Replace', path: 'active', value: text }])['active']).toBe(expected);
  });

  it('reads string booleans in a pathless value too', () => {
    expect(patch(user(), [{ op: 'Replace', value: { active: 'False' } }])['active']).toBe(false);
  });

  it('refuses a string that is not a boolean with invalidValue', () => {
    const error = errorOf(() => patch(user(), [{ op: 'Replace', path: 'active', value: 'yes' }]));
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain('active');
  });

  it('refuses an object where a string is expected with invalidValue', () => {
    const error = errorOf(() => patch(user(), [{ op: 'Replace', path: 'displayName', value: { text: 'x' } }]));
    expect(error.scimType).toBe('invalidValue');
  });
});

describe('Entra null values', () => {
  it('removes an attribute replaced with null', () => {
    expect(patch(user(), [{ op: 'Replace', path: 'title', value: null }])).not.toHaveProperty('title');
  });

  it('removes attributes given null in a pathless replace, including dotted and URN keys', () => {
    const after = patch(user(), [
      { op: 'Replace', value: { title: null, 'name.formatted': null, [`${ENTERPRISE_USER_SCHEMA}:department`]: null } },
    ]);
    expect(after).not.toHaveProperty('title');
    expect(after['name']).toEqual({ givenName: 'Jane', familyName: 'Young' });
    expect(extension(after)).toEqual({ employeeNumber: '42' });
  });
});

describe('Entra work email value path', () => {
  it('creates the work email when add targets emails[type eq "work"].value and there is none', () => {
    const after = patch(user(), [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'jane@contoso.com' }]);
    expect(after['emails']).toEqual([
      { type: 'home', value: 'jane@home.example', primary: false },
      { type: 'work', value: 'jane@contoso.com' },
    ]);
  });

  it('creates it for Replace as well, rather than failing the whole update', () => {
    const after = patch(user(), [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'jane@contoso.com' }]);
    expect(after['emails']).toContainEqual({ type: 'work', value: 'jane@contoso.com' });
  });

  it('updates only the matching element when it exists', () => {
    const start = {
      ...user(),
      emails: [
        { type: 'home', value: 'jane@home.example' },
        { type: 'work', value: 'old@contoso.com', primary: true },
      ],
    };
    const after = patch(start, [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' }]);
    expect(after['emails']).toEqual([
      { type: 'home', value: 'jane@home.example' },
      { type: 'work', value: 'new@contoso.com', primary: true },
    ]);
  });

  it('sets a sub-attribute of the work address', () => {
    const after = patch(user(), [
      { op: 'Replace', path: 'addresses[type eq "work"].streetAddress', value: '2 High St' },
    ]);
    expect(after['addresses']).toEqual([
      { type: 'work', streetAddress: '2 High St', locality: 'Redmond', primary: true },
    ]);
  });
});

describe('Entra pathless replace with dotted and URN keys', () => {
  it('reads dotted keys as sub-attribute paths', () => {
    const after = patch(user(), [{ op: 'Replace', value: { 'name.givenName': 'Janet', 'name.familyName': 'Old' } }]);
    expect(after['name']).toEqual({ givenName: 'Janet', familyName: 'Old', formatted: 'Jane Young' });
  });

  it('reads URN-prefixed keys as extension attributes (the dot in "2.0" is not a sub-attribute separator)', () => {
    const after = patch(user(), [
      { op: 'Replace', value: { [`${ENTERPRISE_USER_SCHEMA}:department`]: 'Sales', displayName: 'Jane' } },
    ]);
    expect(extension(after)).toEqual({ department: 'Sales', employeeNumber: '42' });
    expect(after['displayName']).toBe('Jane');
  });

  it('reads the extension URN as a key holding an object of its attributes', () => {
    const after = patch(user(), [
      { op: 'Replace', value: { [ENTERPRISE_USER_SCHEMA]: { costCenter: 'CC-9', division: 'West' } } },
    ]);
    expect(extension(after)).toEqual({ department: 'R&D', employeeNumber: '42', costCenter: 'CC-9', division: 'West' });
  });

  it('lists the extension in schemas when the first extension attribute arrives', () => {
    const start = { schemas: [USER_SCHEMA], id: 'u', userName: 'u@contoso.com' };
    const after = patch(start, [{ op: 'Add', value: { [`${ENTERPRISE_USER_SCHEMA}:department`]: 'Ops' } }]);
    expect(after['schemas']).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(extension(after)).toEqual({ department: 'Ops' });
  });
});

describe('Entra manager', () => {
  it('reads a bare id on the manager path as {value: id}', () => {
    const after = patch(user(), [{ op: 'Add', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: MANAGER_ID }]);
    expect(extension(after)?.['manager']).toEqual({ value: MANAGER_ID });
  });

  it('accepts the manager as an object too', () => {
    const after = patch(user(), [
      { op: 'Replace', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: { value: MANAGER_ID } },
    ]);
    expect(extension(after)?.['manager']).toEqual({ value: MANAGER_ID });
  });

  it('replaces a previous manager whole, so no stale $ref survives', () => {
    const start = {
      ...user(),
      [ENTERPRISE_USER_SCHEMA]: { manager: { value: 'old-manager', $ref: '../Users/old-manager' } },
    };
    const after = patch(start, [{ op: 'Replace', path: `${ENTERPRISE_USER_SCHEMA}:manager`, value: MANAGER_ID }]);
    expect(extension(after)).toEqual({ manager: { value: MANAGER_ID } });
  });

  it('removes the manager, and the emptied extension with it', () => {
    const start = { ...user(), [ENTERPRISE_USER_SCHEMA]: { manager: { value: MANAGER_ID } } };
    const after = patch(start, [{ op: 'Remove', path: `${ENTERPRISE_USER_SCHEMA}:manager` }]);
    expect(after).not.toHaveProperty(ENTERPRISE_USER_SCHEMA);
    expect(after['schemas']).toEqual([USER_SCHEMA]);
  });
});

describe('Entra group membership', () => {
  it('removes only the listed members for Remove path members with a value list', () => {
    const after = patch(
      group(),
      [{ op: 'Remove', path: 'members', value: [{ value: 'id1' }, { value: 'id3' }] }],
      groupResourceType,
    );
    expect(after['members']).toEqual([{ value: 'id2' }]);
  });

  it('splits that shape into a removal of exactly those ids', () => {
    const ops = parsePatchRequest({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'id1' }] }],
    });
    expect(splitMemberOperations(ops).memberOps).toEqual([{ kind: 'remove', values: ['id1'] }]);
  });

  it('succeeds when removing a member that was already removed', () => {
    const after = patch(
      group(),
      [{ op: 'Remove', path: 'members', value: [{ value: 'not-a-member' }] }],
      groupResourceType,
    );
    expect(after['members']).toEqual(group()['members']);
  });

  it('adds members with Add path members', () => {
    const after = patch(group(), [{ op: 'Add', path: 'members', value: [{ value: 'id4' }] }], groupResourceType);
    expect(after['members']).toEqual([{ value: 'id1' }, { value: 'id2' }, { value: 'id3' }, { value: 'id4' }]);
  });
});

describe('Entra attributes we do not serve', () => {
  it('ignores attributes under an extension URN this server does not have', () => {
    const custom = 'urn:ietf:params:scim:schemas:extension:CustomExtension:2.0:User';
    const after = patch(user(), [
      { op: 'Add', path: `${custom}:costCode`, value: 'X1' },
      { op: 'Replace', value: { [`${custom}:badge`]: '7', displayName: 'Jane Y' } },
    ]);
    expect(after).toEqual({ ...user(), displayName: 'Jane Y' });
  });

  it('refuses an unknown core attribute with invalidPath naming it', () => {
    const error = errorOf(() => patch(user(), [{ op: 'Replace', path: 'favouriteColour', value: 'blue' }]));
    expect(error.scimType).toBe('invalidPath');
    expect(error.detail).toContain('favouriteColour');
  });
});

// Generic SCIM clients send the whole extension object as a resource fragment, with `schemas`
// (docs/interop.md#the-extension-object-as-a-fragment).
describe('add or replace of the whole enterprise extension object', () => {
  it.each(['add', 'replace'] as const)(
    '%s with a `schemas` key inside: `schemas` is ignored, the attributes land',
    (op) => {
      const after = patch(user(), [
        {
          op,
          path: ENTERPRISE_USER_SCHEMA,
          value: { schemas: [ENTERPRISE_USER_SCHEMA], department: 'Sales', costCenter: 'CC-1' },
        },
      ]);
      expect(extension(after)).toEqual({ department: 'Sales', employeeNumber: '42', costCenter: 'CC-1' });
      expect(extension(after)).not.toHaveProperty('schemas');
      expect(after['schemas']).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    },
  );

  it('ignores `schemas` in the same object given pathless, under the URN key', () => {
    const after = patch(user(), [
      { op: 'replace', value: { [ENTERPRISE_USER_SCHEMA]: { schemas: [ENTERPRISE_USER_SCHEMA], division: 'West' } } },
    ]);
    expect(extension(after)).toEqual({ department: 'R&D', employeeNumber: '42', division: 'West' });
  });

  it('still refuses a real unknown attribute inside it, naming it', () => {
    const error = errorOf(() =>
      patch(user(), [
        {
          op: 'add',
          path: ENTERPRISE_USER_SCHEMA,
          value: { schemas: [ENTERPRISE_USER_SCHEMA], favouriteColour: 'blue' },
        },
      ]),
    );
    expect(error).toMatchObject({ status: 400, scimType: 'invalidPath' });
    expect(error.detail).toContain(`${ENTERPRISE_USER_SCHEMA}:favouriteColour`);
  });
});
