import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

// RFC 7644 §3.5.2: PATCH semantics, and atomicity ("if any operation fails, the resource is left unchanged").
describe('RFC 7644 PATCH', () => {
  let server: TestServer;
  let userId: string;
  let otherUserId: string;
  let groupId: string;

  const patchUser = (...Operations: unknown[]) =>
    server.scim('PATCH', `/Users/${userId}`, { schemas: [PATCH_OP], Operations });

  beforeAll(async () => {
    server = await startTestServer();
    const user = await server.scim('POST', '/Users', {
      schemas: [USER, ENTERPRISE],
      userName: 'pat@example.com',
      name: { givenName: 'Pat', familyName: 'Lee' },
      title: 'Engineer',
      emails: [
        { type: 'work', value: 'pat@example.com', primary: true },
        { type: 'home', value: 'pat@home.org' },
      ],
      phoneNumbers: [{ type: 'mobile', value: '+1 555 0100' }],
      [ENTERPRISE]: { department: 'R&D' },
    });
    userId = user.body.id;
    otherUserId = (await server.scim('POST', '/Users', { schemas: [USER], userName: 'taken@example.com' })).body.id;
    groupId = (
      await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Readers', members: [{ value: userId }] })
    ).body.id;
    await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Writers' });
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('semantics', () => {
    it('add on a multi-valued attribute appends values', async () => {
      const res = await patchUser({ op: 'add', path: 'phoneNumbers', value: [{ type: 'work', value: '+1 555 0199' }] });
      expect(res.status).toBe(200);
      expect(res.body.phoneNumbers).toEqual([
        { type: 'mobile', value: '+1 555 0100' },
        { type: 'work', value: '+1 555 0199' },
      ]);
    });

    it('remove with a value filter removes only the matching values', async () => {
      const res = await patchUser({ op: 'remove', path: 'phoneNumbers[type eq "work"]' });
      expect(res.body.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0100' }]);
    });

    it('replace on a sub-attribute of a filtered value changes only that value', async () => {
      const res = await patchUser({ op: 'replace', path: 'emails[type eq "home"].value', value: 'pat@elsewhere.org' });
      expect(res.body.emails).toEqual([
        { type: 'work', value: 'pat@example.com', primary: true },
        { type: 'home', value: 'pat@elsewhere.org' },
      ]);
    });

    it('replace on a complex attribute keeps the sub-attributes it does not name', async () => {
      const res = await patchUser({ op: 'replace', path: 'name', value: { familyName: 'Lee-Park' } });
      expect(res.body.name).toEqual({ givenName: 'Pat', familyName: 'Lee-Park' });
    });

    it('add without a path merges the value object into the resource', async () => {
      const res = await patchUser({ op: 'add', value: { nickName: 'P', [ENTERPRISE]: { costCenter: 'CC-1' } } });
      expect(res.body).toMatchObject({
        nickName: 'P',
        title: 'Engineer',
        [ENTERPRISE]: { department: 'R&D', costCenter: 'CC-1' },
      });
    });

    it('remove of a sub-attribute removes just it', async () => {
      const res = await patchUser({ op: 'remove', path: 'name.familyName' });
      expect(res.body.name).toEqual({ givenName: 'Pat' });
    });

    it('applies operations in order: a later one sees the earlier one', async () => {
      const res = await patchUser(
        { op: 'replace', path: 'title', value: 'Lead' },
        { op: 'replace', path: 'title', value: 'Principal' },
      );
      expect(res.body.title).toBe('Principal');
    });

    it('bumps meta.version and meta.lastModified on every change and keeps meta.created', async () => {
      const before = await server.scim('GET', `/Users/${userId}`);
      const res = await patchUser({ op: 'replace', path: 'title', value: 'Staff' });
      expect(res.body.meta.version).not.toBe(before.body.meta.version);
      expect(res.body.meta.created).toBe(before.body.meta.created);
      expect(Date.parse(res.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(before.body.meta.lastModified));
    });
  });

  describe('atomicity: a failing operation leaves the resource as it was', () => {
    /** Each case: the resource, what makes it fail, the operations (OTHER stands for another user's id, known
     * once the server runs), and the error it gets. The resource must read the same afterwards. */
    const failing: ['a user' | 'a group', string, unknown[], number, string][] = [
      [
        'a user',
        'an unknown attribute path',
        [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'replace', path: 'noSuchAttribute', value: 'x' },
        ],
        400,
        'invalidPath',
      ],
      [
        'a user',
        'removing the required userName',
        [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'remove', path: 'userName' },
        ],
        400,
        'invalidValue',
      ],
      [
        'a user',
        'a value of the wrong type',
        [
          { op: 'replace', path: 'displayName', value: 'Changed' },
          { op: 'replace', path: 'active', value: 'maybe' },
        ],
        400,
        'invalidValue',
      ],
      [
        'a user',
        'a remove without a path',
        [{ op: 'add', path: 'nickName', value: 'Changed' }, { op: 'remove' }],
        400,
        'noTarget',
      ],
      [
        'a user',
        'a filter that matches nothing on replace',
        [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'replace', path: 'emails[value co "nowhere"].type', value: 'other' },
        ],
        400,
        'noTarget',
      ],
      [
        'a user',
        'a change to the read-only id',
        [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'replace', path: 'id', value: 'another-id' },
        ],
        400,
        'mutability',
      ],
      [
        'a user',
        'an unknown op',
        [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'move', path: 'title' },
        ],
        400,
        'invalidSyntax',
      ],
      [
        'a user',
        'a userName another user has',
        [
          { op: 'replace', path: 'title', value: 'Changed' },
          { op: 'replace', path: 'userName', value: 'TAKEN@example.com' },
        ],
        409,
        'uniqueness',
      ],
      [
        'a group',
        'a member that does not exist',
        [
          { op: 'replace', path: 'displayName', value: 'Changed' },
          { op: 'add', path: 'members', value: [{ value: 'ghost' }] },
        ],
        400,
        'invalidValue',
      ],
      [
        'a group',
        'a displayName another group has',
        [
          { op: 'add', path: 'members', value: [{ value: 'OTHER' }] },
          { op: 'replace', path: 'displayName', value: 'writers' },
        ],
        409,
        'uniqueness',
      ],
      [
        'a group',
        'a change to a member sub-attribute',
        [
          { op: 'remove', path: 'members' },
          { op: 'replace', path: 'members[value eq "x"].display', value: 'y' },
        ],
        400,
        'mutability',
      ],
      [
        'a group',
        'an unknown attribute after a member removal',
        [
          { op: 'remove', path: 'members' },
          { op: 'add', path: 'owner', value: 'x' },
        ],
        400,
        'invalidPath',
      ],
    ];

    it.each(failing)('on %s: %s', async (target, _name, operations, status, scimType) => {
      const url = target === 'a user' ? `/Users/${userId}` : `/Groups/${groupId}`;
      const Operations = JSON.parse(JSON.stringify(operations).replaceAll('OTHER', otherUserId));
      const before = await server.scim('GET', url);
      const res = await server.scim('PATCH', url, { schemas: [PATCH_OP], Operations });
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
        scimType,
      });
      const after = await server.scim('GET', url);
      expect(after.body).toEqual(before.body);
      expect(after.body.meta.version).toBe(before.body.meta.version);
      expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    });

    it('leaves the stored file unchanged too: a restart shows the same resource', async () => {
      const before = await server.scim('GET', `/Users/${userId}`);
      await patchUser(
        { op: 'replace', path: 'title', value: 'Ghost write' },
        { op: 'replace', path: 'noSuchAttribute', value: 1 },
      );
      await server.restart();
      const after = await server.scim('GET', `/Users/${userId}`);
      expect(after.body.title).toBe(before.body.title);
      expect(after.body.meta.version).toBe(before.body.meta.version);
    });
  });

  describe('message validation', () => {
    it.each([
      [
        'a body with a non-PatchOp schema',
        { schemas: [USER], Operations: [{ op: 'add', path: 'title', value: 'x' }] },
        'invalidSyntax',
      ],
      ['no Operations', { schemas: [PATCH_OP] }, 'invalidSyntax'],
      ['empty Operations', { schemas: [PATCH_OP], Operations: [] }, 'invalidSyntax'],
      ['Operations that is not an array', { schemas: [PATCH_OP], Operations: { op: 'add' } }, 'invalidSyntax'],
      ['an add without a value', { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'title' }] }, 'invalidValue'],
      [
        'a malformed path',
        { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'emails[type eq', value: 'x' }] },
        'invalidPath',
      ],
    ])('refuses %s with 400 %s', async (_name, body, scimType) => {
      const res = await server.scim('PATCH', `/Users/${userId}`, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: '400', scimType });
    });

    it('answers PATCH on an unknown id with 404', async () => {
      const res = await server.scim('PATCH', '/Users/does-not-exist', {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'title', value: 'x' }],
      });
      expect(res.status).toBe(404);
      expect(res.body.status).toBe('404');
    });
  });
});
