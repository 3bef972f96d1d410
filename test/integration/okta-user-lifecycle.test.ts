import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, oktaUser, startTestServer, type TestServer } from '../helpers/scim-server.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Every file the data folder holds, read as text (snapshot, journal, tokens, activity log). */
async function dataFolderText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name), 'utf8').catch(() => '')),
  );
  return texts.join('\n');
}

// Okta "To App": assign (lookup, create), profile push (GET, PUT), deactivate/reactivate (docs/interop.md#okta).
describe('Okta user lifecycle', () => {
  let server: TestServer;
  let id: string;
  const userName = 'Ada.Lovelace@Example.com';
  const created = oktaUser(userName, { password: 'Okta-Sync-Pa55word!' });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('looks the user up by userName before creating and finds nothing (200, empty list)', async () => {
    const res = await server.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('creates the user: 201 with the full body, a Location header and an ETag equal to meta.version', async () => {
    const res = await server.scim('POST', '/Users', created);
    expect(res.status).toBe(201);
    id = res.body.id;
    expect(id).toEqual(expect.any(String));
    expect(res.body).toMatchObject({
      schemas: [USER_SCHEMA],
      userName, // stored case preserved
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ primary: true, value: userName, type: 'work' }],
      externalId: created.externalId,
      active: true,
      meta: { resourceType: 'User' },
    });
    expect(res.headers.get('location')).toBe(`${server.scimUrl}/Users/${id}`);
    expect(res.body.meta.location).toBe(res.headers.get('location'));
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
    expect(res.headers.get('content-type')).toContain('application/scim+json');
  });

  it('never returns the password it was sent', async () => {
    const res = await server.scim('GET', `/Users/${id}`);
    expect(res.body).not.toHaveProperty('password');
    expect(JSON.stringify(res.body)).not.toContain('Okta-Sync-Pa55word!');
  });

  it('finds the user by userName in any case, with the stored case in the answer', async () => {
    for (const asked of [userName, userName.toLowerCase(), userName.toUpperCase()]) {
      const res = await server.scim(
        'GET',
        `/Users?filter=${encodeURIComponent(`userName eq "${asked}"`)}&startIndex=1&count=100`,
      );
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(1);
      expect(res.body.Resources[0]).toMatchObject({ id, userName });
    }
  });

  it('refuses a second user with the same userName in another case: 409 uniqueness', async () => {
    const res = await server.scim('POST', '/Users', oktaUser(userName.toLowerCase()));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const list = await server.scim('GET', '/Users');
    expect(list.body.totalResults).toBe(1);
  });

  it('GET /Users/{id} returns what was created', async () => {
    const res = await server.scim('GET', `/Users/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, userName, displayName: 'Ada Lovelace', locale: 'en-US', active: true });
    expect(res.headers.get('etag')).toBe(res.body.meta.version);
  });

  it('PUT replaces the profile: new values in, attributes left out are gone', async () => {
    const before = await server.scim('GET', `/Users/${id}`);
    const { meta: _meta, locale: _locale, ...rest } = before.body;
    const res = await server.scim('PUT', `/Users/${id}`, {
      ...rest,
      name: { givenName: 'Ada', familyName: 'King' },
      displayName: 'Ada King',
      title: 'Countess',
      password: 'Okta-Sync-Pa55word!',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id,
      userName,
      name: { givenName: 'Ada', familyName: 'King' },
      displayName: 'Ada King',
      title: 'Countess',
    });
    expect(res.body).not.toHaveProperty('locale');
    expect(res.body).not.toHaveProperty('password');
    expect(res.body.meta.version).not.toBe(before.body.meta.version);
    expect(res.body.meta.created).toBe(before.body.meta.created);
  });

  it('deactivates with a pathless PATCH replace {active:false} and reactivates the same way', async () => {
    const off = await server.scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id, active: false, displayName: 'Ada King' });
    expect((await server.scim('GET', `/Users/${id}`)).body.active).toBe(false);

    const on = await server.scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: true } }],
    });
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
  });

  it('deactivates with PATCH path "active" too', async () => {
    const off = await server.scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
  });

  it('deactivates and reactivates by PUT of the full object (apps built with the AIW)', async () => {
    const current = (await server.scim('GET', `/Users/${id}`)).body;
    const on = await server.scim('PUT', `/Users/${id}`, { ...current, active: true });
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(true);
    const off = await server.scim('PUT', `/Users/${id}`, { ...on.body, active: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ active: false, title: 'Countess' });
    expect((await server.scim('GET', `/Users/${id}`)).body.active).toBe(false);
  });

  it('refuses a PUT that renames the user onto an existing userName: 409', async () => {
    const other = await server.scim('POST', '/Users', oktaUser('grace.hopper@example.com'));
    expect(other.status).toBe(201);
    const res = await server.scim('PUT', `/Users/${other.body.id}`, { ...oktaUser('ADA.LOVELACE@example.com') });
    expect(res.status).toBe(409);
    expect(res.body.scimType).toBe('uniqueness');
    expect((await server.scim('GET', `/Users/${other.body.id}`)).body.userName).toBe('grace.hopper@example.com');
  });

  it('keeps the password out of every file in the data folder, activity log included', async () => {
    await server.restart(); // flushes the activity log and compacts nothing away: every file is on disk
    const text = await dataFolderText(server.dataDir);
    expect(text).toContain(userName); // the search reads the right files
    expect(text).not.toContain('Okta-Sync-Pa55word!');
    expect(text).not.toContain('Sup3rSecret!');
  });
});
