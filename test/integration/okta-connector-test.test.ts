import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

// Okta's "Test API Credentials": GET /Users?startIndex=1&count=2 then GET /Groups?startIndex=1&count=100,
// asserted the way Okta's own Runscope suite does (docs/interop.md#okta-connector-test).
describe('Okta connector test', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers GET /Users?startIndex=1&count=2 with an integer-typed ListResponse', async () => {
    const res = await server.scim('GET', '/Users?startIndex=1&count=2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/scim+json');
    expect(res.body.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:ListResponse');
    expect(res.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });
  });

  it('answers GET /Groups?startIndex=1&count=100', async () => {
    const res = await server.scim('GET', '/Groups?startIndex=1&count=100');
    expect(res.status).toBe(200);
    expect(Number.isInteger(res.body.totalResults)).toBe(true);
    expect(Array.isArray(res.body.Resources)).toBe(true);
  });

  it('accepts the token with and without the Bearer prefix', async () => {
    const raw = await server.scim('GET', '/Users?startIndex=1&count=2', undefined, { Authorization: server.token });
    expect(raw.status).toBe(200);
    const lower = await server.scim('GET', '/Users?startIndex=1&count=2', undefined, {
      Authorization: `bearer ${server.token}`,
    });
    expect(lower.status).toBe(200);
  });

  it('refuses a wrong token with 401 and a SCIM error that says what to fix', async () => {
    const res = await server.scim('GET', '/Users?startIndex=1&count=2', undefined, {
      Authorization: 'Bearer scimdesk_wrong',
    });
    expect(res.status).toBe(401);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    expect(res.body.status).toBe('401');
    expect(res.body.detail).toMatch(/token/i);
  });

  it('names the SCIM base path when Okta is pointed at the wrong URL', async () => {
    const res = await fetch(server.scimUrl.replace('/scim/v2', '/Users'), {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toContain('/scim/v2');
  });
});
