import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

/** A raw request, so the Host header can be forged (fetch does not let it be set). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

// The admin listener's rules (docs/decisions.md#the-admin-listener): the admin API is only on the admin listener,
// needs the session token, checks Host, no CORS.
describe('admin API security', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers 401 without the admin token, and with a wrong one', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong' },
      { Authorization: `Bearer ${server.token}` },
    ];
    for (const headers of attempts) {
      const res = await fetch(`${server.desk.adminOrigin}/api/rules`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('answers 421 to a foreign Host header even with the right token (DNS rebinding)', async () => {
    const res = await rawGet(`${server.desk.adminOrigin}/api/rules`, {
      Host: 'evil.example:80',
      Authorization: `Bearer ${server.desk.adminToken}`,
    });
    expect(res.status).toBe(421);
    expect(JSON.parse(res.body).error.code).toBe('misdirected_request');
    const ok = await rawGet(`${server.desk.adminOrigin}/api/rules`, {
      Host: new URL(server.desk.adminOrigin).host,
      Authorization: `Bearer ${server.desk.adminToken}`,
    });
    expect(ok.status).toBe(200);
  });

  it('does not serve /api on the SCIM port', async () => {
    const origin = new URL(server.scimUrl).origin;
    const res = await fetch(`${origin}/api/rules`, { headers: { Authorization: `Bearer ${server.desk.adminToken}` } });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('rule_id');
  });

  it('does not serve /scim/v2 on the admin port', async () => {
    const res = await fetch(`${server.desk.adminOrigin}/scim/v2/Users`, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    expect(res.headers.get('content-type') ?? '').not.toContain('application/scim+json');
    const api = await server.api('GET', '/scim/v2/Users');
    expect(api.body).not.toHaveProperty('Resources');
  });

  it('sends no CORS headers and refuses preflights', async () => {
    const res = await server.api('GET', '/api/roles', undefined, { Origin: 'https://evil.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.desk.adminOrigin}/api/rules`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).not.toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts the admin token as access_token on the activity stream only', async () => {
    const onRules = await fetch(`${server.desk.adminOrigin}/api/rules?access_token=${server.desk.adminToken}`);
    expect(onRules.status).toBe(401);
  });

  it('never returns a password in the user detail', async () => {
    const created = await server.scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'pw@example.com',
      password: 'Sup3rSecret!',
      active: true,
    });
    const res = await server.api('GET', `/api/users/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).not.toContain('Sup3rSecret');
    expect(res.body.user).not.toHaveProperty('password');
  });
});
