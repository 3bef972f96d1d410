/**
 * Every PATCH shape Okta sends (docs/interop.md#okta), applied with the PATCH engine.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, patch } from '../helpers/patch-fixtures.js';
import { parsePatchRequest, splitMemberOperations } from '../../server/scim/patch/index.js';
import { GROUP_SCHEMA, groupResourceType, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../server/scim/schemas/index.js';

const user = () => ({
  schemas: [USER_SCHEMA],
  id: '23a35c27-23d3-4c03-b4c5-6443c09e7173',
  userName: 'test.user@okta.local',
  name: { givenName: 'Test', familyName: 'User' },
  emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
  displayName: 'Test User',
  locale: 'en-US',
  externalId: '00ujl29u0le5T6Aj10h7',
  active: true,
  meta: {
    resourceType: 'User',
    created: '2026-01-01T00:00:00.000Z',
    lastModified: '2026-01-01T00:00:00.000Z',
    version: 'W/"1"',
  },
});

const group = () => ({
  schemas: [GROUP_SCHEMA],
  id: 'abf4dd94-a4c0-4f67-89c9-76b03340cb9b',
  displayName: 'Backup Team',
  members: [
    { value: 'u1', display: 'one@okta.local' },
    { value: 'u2', display: 'two@okta.local' },
  ],
  meta: {
    resourceType: 'Group',
    created: '2026-01-01T00:00:00.000Z',
    lastModified: '2026-01-01T00:00:00.000Z',
    version: 'W/"1"',
  },
});

const memberIds = (resource: Record<string, unknown>) =>
  ((resource['members'] as { value: string }[] | undefined) ?? []).map((m) => m.value);

describe('Okta user updates', () => {
  it('deactivates with a pathless replace whose value is {active:false}, keeping every other attribute', () => {
    const before = user();
    const after = patch(before, [{ op: 'replace', value: { active: false } }]);
    expect(after).toEqual({ ...before, active: false });
  });

  it('reactivates with the same shape', () => {
    const after = patch({ ...user(), active: false }, [{ op: 'replace', value: { active: true } }]);
    expect(after['active']).toBe(true);
  });

  it('also deactivates with the path form {op:replace, path:active, value:false}', () => {
    expect(patch(user(), [{ op: 'replace', path: 'active', value: false }])['active']).toBe(false);
  });

  it('accepts a password in a pathless replace and never stores it', () => {
    const after = patch(user(), [{ op: 'replace', value: { password: 'Sup3rSecret!', active: true } }]);
    expect(after).not.toHaveProperty('password');
    expect(JSON.stringify(after)).not.toContain('Sup3rSecret');
  });

  it('accepts a password on its own path and never stores it', () => {
    const after = patch(user(), [{ op: 'replace', path: 'password', value: 'Sup3rSecret!' }]);
    expect(after).toEqual(user());
  });
});

describe('Okta group push', () => {
  it('renames with a pathless replace of {id, displayName} and keeps the members', () => {
    const before = group();
    const after = patch(
      before,
      [{ op: 'replace', value: { id: before.id, displayName: 'Backup Team EU' } }],
      groupResourceType,
    );
    expect(after['displayName']).toBe('Backup Team EU');
    expect(after['id']).toBe(before.id);
    expect(after['members']).toEqual(before.members);
  });

  it('refuses a rename whose id differs from the group id (mutability)', () => {
    const error = errorOf(() =>
      patch(group(), [{ op: 'replace', value: { id: 'another-id', displayName: 'X' } }], groupResourceType),
    );
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('mutability');
    expect(error.detail).toContain('Operations[0]');
    expect(error.detail).toContain('id');
  });

  it('adds members with path members and {value, display} objects without type, appending to the list', () => {
    const after = patch(
      group(),
      [{ op: 'add', path: 'members', value: [{ value: 'u3', display: 'three@okta.local' }] }],
      groupResourceType,
    );
    expect(memberIds(after)).toEqual(['u1', 'u2', 'u3']);
  });

  it('does not list a member twice when it is added again', () => {
    const after = patch(
      group(),
      [{ op: 'add', path: 'members', value: [{ value: 'u2' }, { value: 'u4' }, { value: 'u4' }] }],
      groupResourceType,
    );
    expect(memberIds(after)).toEqual(['u1', 'u2', 'u4']);
  });

  it('removes one member with path members[value eq "id"], leaving the others', () => {
    const after = patch(group(), [{ op: 'remove', path: 'members[value eq "u1"]' }], groupResourceType);
    expect(memberIds(after)).toEqual(['u2']);
  });

  it('treats removing a member that is no longer there as success', () => {
    const after = patch(group(), [{ op: 'remove', path: 'members[value eq "gone"]' }], groupResourceType);
    expect(memberIds(after)).toEqual(['u1', 'u2']);
  });

  it('removes and adds members in one request, in order', () => {
    const after = patch(
      group(),
      [
        { op: 'remove', path: 'members[value eq "u2"]' },
        { op: 'add', path: 'members', value: [{ value: 'u5', display: 'five@okta.local' }] },
      ],
      groupResourceType,
    );
    expect(memberIds(after)).toEqual(['u1', 'u5']);
  });

  it('clears the members with replace path members and [] ("Push now" on an empty group)', () => {
    const after = patch(group(), [{ op: 'replace', path: 'members', value: [] }], groupResourceType);
    expect(memberIds(after)).toEqual([]);
    expect(after['displayName']).toBe('Backup Team');
  });

  it('replaces the whole member list with replace path members and a list', () => {
    const after = patch(
      group(),
      [{ op: 'replace', path: 'members', value: [{ value: 'u7' }, { value: 'u8' }] }],
      groupResourceType,
    );
    expect(memberIds(after)).toEqual(['u7', 'u8']);
  });

  it('splits the membership part of a push off for the member store, keeping the rename as an ordinary operation', () => {
    const ops = parsePatchRequest({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: 'replace', value: { id: 'g1', displayName: 'Renamed' } },
        { op: 'remove', path: 'members[value eq "u1"]' },
        { op: 'add', path: 'members', value: [{ value: 'u3', display: 'three@okta.local' }] },
      ],
    });
    const { memberOps, otherOps } = splitMemberOperations(ops);
    expect(memberOps).toEqual([
      { kind: 'remove', values: ['u1'] },
      { kind: 'add', members: [{ value: 'u3', display: 'three@okta.local' }] },
    ]);
    expect(otherOps.map((o) => o.index)).toEqual([0]);
  });
});
