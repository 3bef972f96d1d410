import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

// RFC 7644 §3.14: versions as ETags, If-Match on writes (412), If-None-Match on reads (304).
describe('RFC 7644 ETags', () => {
  let server: TestServer;
  let id: string;
  let etag: string;

  beforeAll(async () => {
    server = await startTestServer();
    const res = await server.scim('POST', '/Users', { schemas: [USER], userName: 'etag@example.com' });
    id = res.body.id;
    etag = res.headers.get('etag')!;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('sends the ETag header equal to meta.version on every response that carries the resource', async () => {
    expect(etag).toMatch(/^W\/".+"$/);
    const get = await server.scim('GET', `/Users/${id}`);
    expect(get.headers.get('etag')).toBe(get.body.meta.version);
    expect(get.body.meta.version).toBe(etag);
    const patch = await server.scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'title', value: 'A' }],
    });
    expect(patch.headers.get('etag')).toBe(patch.body.meta.version);
    const put = await server.scim('PUT', `/Users/${id}`, { schemas: [USER], userName: 'etag@example.com', title: 'B' });
    expect(put.headers.get('etag')).toBe(put.body.meta.version);
    expect(new Set([etag, patch.body.meta.version, put.body.meta.version]).size).toBe(3); // every write, a new version
    etag = put.headers.get('etag')!;
  });

  it('lists carry each resource version in meta.version', async () => {
    const res = await server.scim('GET', '/Users');
    expect(res.body.Resources[0].meta.version).toBe(etag);
  });

  it('refuses a write whose If-Match names an old version with 412, and changes nothing', async () => {
    const stale = 'W/"1"';
    const patch = await server.scim(
      'PATCH',
      `/Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'lost update' }] },
      { 'If-Match': stale },
    );
    expect(patch.status).toBe(412);
    expect(patch.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '412' });
    const put = await server.scim(
      'PUT',
      `/Users/${id}`,
      { schemas: [USER], userName: 'etag@example.com', title: 'lost' },
      { 'If-Match': stale },
    );
    expect(put.status).toBe(412);
    const del = await server.scim('DELETE', `/Users/${id}`, undefined, { 'If-Match': stale });
    expect(del.status).toBe(412);
    const after = await server.scim('GET', `/Users/${id}`);
    expect(after.body).toMatchObject({ title: 'B', meta: { version: etag } });
  });

  it('accepts a write whose If-Match names the current version (weak or strong form) or *', async () => {
    const weak = await server.scim(
      'PATCH',
      `/Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'C' }] },
      { 'If-Match': etag },
    );
    expect(weak.status).toBe(200);
    const strong = weak.headers.get('etag')!.replace(/^W\//, '');
    const put = await server.scim(
      'PUT',
      `/Users/${id}`,
      { schemas: [USER], userName: 'etag@example.com', title: 'D' },
      { 'If-Match': strong },
    );
    expect(put.status).toBe(200);
    const star = await server.scim(
      'PATCH',
      `/Users/${id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'E' }] },
      { 'If-Match': '*' },
    );
    expect(star.status).toBe(200);
    etag = star.headers.get('etag')!;
  });

  it('answers 304 without a body to If-None-Match with the current version, 200 otherwise', async () => {
    const same = await server.scim('GET', `/Users/${id}`, undefined, { 'If-None-Match': etag });
    expect(same.status).toBe(304);
    expect(same.body).toBeUndefined();
    expect(same.headers.get('etag')).toBe(etag);
    const old = await server.scim('GET', `/Users/${id}`, undefined, { 'If-None-Match': 'W/"1"' });
    expect(old.status).toBe(200);
    expect(old.body.id).toBe(id);
  });

  it('versions groups too: membership changes bump the version, and If-Match guards them', async () => {
    const group = await server.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Versioned' });
    const v1 = group.headers.get('etag')!;
    expect(v1).toBe(group.body.meta.version);
    const add = await server.scim(
      'PATCH',
      `/Groups/${group.body.id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] },
      { 'If-Match': v1 },
    );
    expect([200, 204]).toContain(add.status);
    const v2 = add.headers.get('etag')!;
    expect(v2).not.toBe(v1);
    expect((await server.scim('GET', `/Groups/${group.body.id}`)).body.meta.version).toBe(v2);
    const stale = await server.scim(
      'PATCH',
      `/Groups/${group.body.id}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'members', value: [] }] },
      { 'If-Match': v1 },
    );
    expect(stale.status).toBe(412);
    expect((await server.scim('GET', `/Groups/${group.body.id}`)).body.members).toHaveLength(1);
  });

  it('says so in ServiceProviderConfig', async () => {
    expect((await server.scim('GET', '/ServiceProviderConfig')).body.etag).toEqual({ supported: true });
  });
});
