/** Realistic SCIM resources, shaped exactly as the server outputs them, shared by the filter test files. */
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from '../../server/scim/schemas/index.js';
import { ScimError } from '../../server/scim/errors.js';
import type { ScimType } from '../../server/scim/errors.js';

export type Resource = Record<string, unknown>;

export const barbara: Resource = {
  schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'bjensen',
  userName: 'Bjensen@Example.com',
  name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  title: 'Tour Guide',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  phoneNumbers: [{ value: '555-555-8377', type: 'work' }],
  groups: [{ value: 'e9e30dba-f08f-4109-8486-d5c6a331660a', display: 'Tour Guides', type: 'direct' }],
  [ENTERPRISE_USER_SCHEMA]: {
    employeeNumber: '701984',
    department: 'Tour Operations',
    manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
  },
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
    version: 'W/"3694e05e9dff590"',
  },
};

/** Provisioned by Entra: externalId is an object GUID, active is off, no title, no enterprise extension. */
export const jyoung: Resource = {
  schemas: [USER_SCHEMA],
  id: '7d4c6a1e-3b1f-4c0e-9a7b-5f1e2d3c4b5a',
  externalId: 'jyoung',
  userName: 'jyoung@contoso.com',
  name: { familyName: 'Young', givenName: 'Jeff' },
  displayName: 'Jeff Young',
  active: false,
  emails: [{ value: 'jyoung@contoso.com', type: 'work', primary: true }],
  groups: [],
  meta: {
    resourceType: 'User',
    created: '2024-03-01T09:00:00.000Z',
    lastModified: '2024-03-02T10:30:00.000Z',
    location: 'https://example.com/v2/Users/7d4c6a1e-3b1f-4c0e-9a7b-5f1e2d3c4b5a',
    version: 'W/"2"',
  },
};

/** Pushed from Okta: title present but empty, enterprise manager without displayName. */
export const amara: Resource = {
  schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
  id: 'a1b2c3d4-0000-4000-8000-000000000003',
  externalId: '00u1abcdEFGHijkl0h7',
  userName: 'amara.okafor@example.com',
  name: { familyName: 'Okafor', givenName: 'Amara' },
  displayName: 'Amara Okafor',
  title: '',
  active: true,
  emails: [
    { value: 'amara@personal.example', type: 'home' },
    { value: 'amara.okafor@example.com', type: 'work', primary: true },
  ],
  groups: [{ value: 'e9e30dba-f08f-4109-8486-d5c6a331660a', display: 'Tour Guides', type: 'direct' }],
  [ENTERPRISE_USER_SCHEMA]: { department: 'Engineering', manager: { value: '2819c223-7f76-453a-919d-413861904646' } },
  meta: {
    resourceType: 'User',
    created: '2024-03-01T12:00:00+02:00',
    lastModified: '2024-06-15T08:00:00Z',
    location: 'https://example.com/v2/Users/a1b2c3d4-0000-4000-8000-000000000003',
    version: 'W/"7"',
  },
};

export const users = [barbara, jyoung, amara];

export const tourGuides: Resource = {
  schemas: [GROUP_SCHEMA],
  id: 'e9e30dba-f08f-4109-8486-d5c6a331660a',
  displayName: 'Tour Guides',
  members: [
    {
      value: '2819c223-7f76-453a-919d-413861904646',
      $ref: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
      display: 'Babs Jensen',
      type: 'User',
    },
    { value: 'a1b2c3d4-0000-4000-8000-000000000003', display: 'Amara Okafor', type: 'User' },
  ],
  meta: {
    resourceType: 'Group',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"1"',
  },
};

export const emptyGroup: Resource = {
  schemas: [GROUP_SCHEMA],
  id: 'fc348aa8-3835-40eb-a20b-c726e15c55b5',
  displayName: 'Employees',
  members: [],
  meta: {
    resourceType: 'Group',
    created: '2024-01-01T00:00:00Z',
    lastModified: '2024-01-01T00:00:00Z',
    version: 'W/"1"',
  },
};

/** Runs `action` and returns the ScimError it throws, failing the test if it throws anything else or nothing. */
export function scimErrorOf(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw new Error(`expected a ScimError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

export function expectScimError(action: () => unknown, scimType: ScimType, detail?: RegExp): ScimError {
  const error = scimErrorOf(action);
  if (error.status !== 400 || error.scimType !== scimType || (detail && !detail.test(error.detail))) {
    throw new Error(
      `expected 400 ${scimType}${detail ? ` matching ${detail}` : ''}, got ${error.status} ${error.scimType}: ${error.detail}`,
    );
  }
  return error;
}
