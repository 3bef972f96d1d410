import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const ENTRA_AGENT = 'Microsoft.Identity.AAD.Provisioning/1.0';

/** A user as the Entra provisioning service creates it. */
function entraUser(userName: string, externalId: string) {
  return {
    schemas: [USER_SCHEMA, ENTERPRISE],
    externalId,
    userName,
    active: true,
    displayName: 'Jo Young',
    title: null, // Entra sends unmapped attributes as null
    emails: [{ primary: true, type: 'work', value: userName }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Jo Young', familyName: 'Young', givenName: 'Jo' },
    [ENTERPRISE]: { department: 'Finance', employeeNumber: null },
    roles: [],
  };
}

// Microsoft Entra ID provisioning (docs/interop.md#microsoft-entra-id).
describe('Entra user provisioning', () => {
  let server: TestServer;
  let id: string;
  let managerId: string;
  const entra = (method: string, route: string, body?: unknown) =>
    server.scim(method, route, body, { 'User-Agent': ENTRA_AGENT });
  const patch = (...Operations: unknown[]) => entra('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations });
  const filtered = (filter: string) => entra('GET', `/Users?filter=${encodeURIComponent(filter)}`);

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers "Test connection" probes for random GUID userNames with 200 and an empty list, never 404', async () => {
    const res = await filtered(`userName eq "${randomUUID()}"`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
    const byExternalId = await filtered(`externalId eq "${randomUUID()}"`);
    expect(byExternalId.status).toBe(200);
    expect(byExternalId.body.Resources).toEqual([]);
  });

  it('creates a user with the enterprise extension, dropping null attributes', async () => {
    const res = await entra('POST', '/Users', entraUser('jyoung@contoso.com', 'jyoung'));
    expect(res.status).toBe(201);
    id = res.body.id;
    expect(res.body.schemas).toEqual([USER_SCHEMA, ENTERPRISE]);
    expect(res.body).toMatchObject({
      userName: 'jyoung@contoso.com',
      externalId: 'jyoung',
      [ENTERPRISE]: { department: 'Finance' },
    });
    expect(res.body).not.toHaveProperty('title');
    expect(res.body[ENTERPRISE]).not.toHaveProperty('employeeNumber');
    const manager = await entra('POST', '/Users', entraUser('boss@contoso.com', 'boss'));
    managerId = manager.body.id;
  });

  it('finds the user by externalId, quoted or unquoted (no duplicate gets provisioned)', async () => {
    for (const filter of ['externalId eq "jyoung"', 'externalId eq jyoung', 'EXTERNALID EQ "jyoung"']) {
      const res = await filtered(filter);
      expect(res.status, filter).toBe(200);
      expect(
        res.body.Resources.map((u: { id: string }) => u.id),
        filter,
      ).toEqual([id]);
    }
    // externalId is case-exact (RFC 7643 §3.1)
    expect((await filtered('externalId eq "JYOUNG"')).body.totalResults).toBe(0);
  });

  it('accepts capitalised ops and "False"/"True" strings for active', async () => {
    const off = await patch({ op: 'Replace', path: 'active', value: 'False' });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    const on = await patch({ op: 'Replace', path: 'active', value: 'True' });
    expect(on.body.active).toBe(true);
    const pathless = await patch({ op: 'Replace', value: { active: 'False' } });
    expect(pathless.body.active).toBe(false);
    expect((await entra('GET', `/Users/${id}`)).body.active).toBe(false);
  });

  it('accepts "True"/"False" strings in POST and PUT bodies', async () => {
    const res = await entra('POST', '/Users', { ...entraUser('str@contoso.com', 'str'), active: 'False' });
    expect(res.status).toBe(201);
    expect(res.body.active).toBe(false);
    const put = await entra('PUT', `/Users/${res.body.id}`, { ...entraUser('str@contoso.com', 'str'), active: 'True' });
    expect(put.body.active).toBe(true);
  });

  it('replaces the work email through emails[type eq "work"].value', async () => {
    const res = await patch({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'jo.young@contoso.com' });
    expect(res.status).toBe(200);
    expect(res.body.emails).toEqual([{ primary: true, type: 'work', value: 'jo.young@contoso.com' }]);
  });

  it('creates the work email when the user has none, on Add to emails[type eq "work"].value', async () => {
    const res = await entra('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: 'noemail@contoso.com',
      externalId: 'noemail',
    });
    expect(res.body).not.toHaveProperty('emails');
    const added = await entra('PATCH', `/Users/${res.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'noemail@contoso.com' }],
    });
    expect(added.status).toBe(200);
    expect(added.body.emails).toEqual([{ type: 'work', value: 'noemail@contoso.com' }]);
    const found = await filtered('emails[type eq "work" and value eq "noemail@contoso.com"]');
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([res.body.id]);
  });

  it('reads dotted and URN-prefixed keys in a pathless Replace', async () => {
    const res = await patch({
      op: 'Replace',
      value: {
        'name.givenName': 'Joanne',
        'name.familyName': 'Young-Smith',
        displayName: 'Joanne Young-Smith',
        [`${ENTERPRISE}:department`]: 'Treasury',
        [`${ENTERPRISE}:costCenter`]: 'CC-42',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.name).toMatchObject({ givenName: 'Joanne', familyName: 'Young-Smith', formatted: 'Jo Young' });
    expect(res.body[ENTERPRISE]).toEqual({ department: 'Treasury', costCenter: 'CC-42' });
    // and nothing was stored under a literal dotted key
    expect(Object.keys(res.body).filter((k) => k.includes('.') && !k.startsWith('urn:'))).toEqual([]);
  });

  it('sets the manager from a bare id and clears it with Remove', async () => {
    const set = await patch({ op: 'Add', path: `${ENTERPRISE}:manager`, value: managerId });
    expect(set.status).toBe(200);
    expect(set.body[ENTERPRISE].manager).toMatchObject({ value: managerId });
    const byManager = await filtered(`${ENTERPRISE}:manager.value eq "${managerId}"`);
    expect(byManager.body.Resources.map((u: { id: string }) => u.id)).toEqual([id]);
    const removed = await patch({ op: 'Remove', path: `${ENTERPRISE}:manager` });
    expect(removed.status).toBe(200);
    expect(removed.body[ENTERPRISE]).not.toHaveProperty('manager');
  });

  it('accepts the manager as a bare id in a POST body too', async () => {
    const res = await entra('POST', '/Users', {
      ...entraUser('report@contoso.com', 'report'),
      [ENTERPRISE]: { manager: managerId },
    });
    expect(res.status).toBe(201);
    expect(res.body[ENTERPRISE].manager).toMatchObject({ value: managerId });
  });

  it('clears an attribute sent as null in a Replace', async () => {
    await patch({ op: 'Replace', path: 'title', value: 'Analyst' });
    const res = await patch({ op: 'Replace', path: 'title', value: null });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('title');
  });

  it('changes the userName with a Replace and finds the user under the new name only', async () => {
    const res = await patch({ op: 'Replace', path: 'userName', value: 'joanne@contoso.com' });
    expect(res.body.userName).toBe('joanne@contoso.com');
    expect((await filtered('userName eq "joanne@contoso.com"')).body.totalResults).toBe(1);
    expect((await filtered('userName eq "jyoung@contoso.com"')).body.totalResults).toBe(0);
  });

  it('DELETE /Users/{id} answers 204, then the user is gone and its memberships with it', async () => {
    const group = await entra('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Finance',
      members: [{ value: id }, { value: managerId }],
    });
    const res = await entra('DELETE', `/Users/${id}`);
    expect(res.status).toBe(204);
    expect((await entra('GET', `/Users/${id}`)).status).toBe(404);
    expect((await filtered('externalId eq "jyoung"')).body.totalResults).toBe(0);
    const members = (await entra('GET', `/Groups/${group.body.id}`)).body.members.map(
      (m: { value: string }) => m.value,
    );
    expect(members).toEqual([managerId]);
    const again = await entra('DELETE', `/Users/${id}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
  });
});
