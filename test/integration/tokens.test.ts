import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenWithCli, runCli } from '../helpers/cli.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { oktaUser, request, startTestServer, type TestServer } from '../helpers/scim-server.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function dataFolderText(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.endsWith('.sock'));
  return (await Promise.all(files.map((e) => readFile(path.join(e.parentPath, e.name), 'utf8')))).join('\n');
}

// SCIM tokens (docs/decisions.md#scim-tokens): stored only as hashes, revocable and expiring with immediate effect,
// and failed authentication slowed down without ever refusing a valid token.
describe('SCIM tokens', () => {
  let server: TestServer;
  // Token expiry is read on this clock, so a test moves it on instead of waiting for a token to run out.
  const clock = new ManualClock();
  const withToken = (token: string, route = '/Users?count=1') =>
    request(`${server.scimUrl}${route}`, 'GET', undefined, { Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startTestServer({ desk: { now: clock.date } });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('never writes the token string to the data folder or the activity log', async () => {
    const second = await server.api<{ secret: string }>('POST', '/api/tokens', { label: 'Entra', expiresAt: null });
    for (const token of [server.token, second.body.secret]) {
      expect((await withToken(token)).status).toBe(200);
      expect(
        (
          await request(`${server.scimUrl}/Users`, 'POST', oktaUser(`${token.slice(-6)}@example.com`), {
            Authorization: token,
            'Content-Type': 'application/scim+json',
          })
        ).status,
      ).toBe(201);
    }
    // a wrong token that looks right, in the header and in the query string
    await request(`${server.scimUrl}/Users?access_token=${server.token}`, 'GET', undefined, {
      Authorization: `Bearer ${server.token}x`,
    });
    const activity = await server.api('GET', '/api/activity?limit=50');
    expect(activity.status).toBe(200);
    expect(JSON.stringify(activity.body)).toContain('/scim/v2/Users'); // the requests were recorded...
    expect(JSON.stringify(activity.body)).not.toContain(server.token); // ...without the secret
    await server.restart(); // every buffered activity line is on disk now
    const text = await dataFolderText(server.dataDir);
    expect(text).toContain('Entra'); // the token record is in there, by label
    expect(text).toContain('/scim/v2/Users');
    for (const token of [server.token, second.body.secret]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(9)); // nor its random part without the prefix
    }
  });

  it('refuses a revoked token with 401 at once, while the other tokens keep working', async () => {
    const created = await server.api<{ token: { id: string }; secret: string }>('POST', '/api/tokens', {
      label: 'to revoke',
      expiresAt: null,
    });
    expect((await withToken(created.body.secret)).status).toBe(200);
    expect((await server.api('DELETE', `/api/tokens/${created.body.token.id}`)).status).toBe(204);
    const res = await withToken(created.body.secret);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    expect((await withToken(server.token)).status).toBe(200);
  });

  it('refuses an expired token with 401', async () => {
    const created = await server.api<{ secret: string }>('POST', '/api/tokens', {
      label: 'short-lived',
      expiresAt: new Date(Date.now() + HOUR).toISOString(),
    });
    expect(created.status).toBe(201);
    expect((await withToken(created.body.secret)).status).toBe(200);
    clock.advance(HOUR - MINUTE);
    expect((await withToken(created.body.secret)).status).toBe(200); // a minute before it runs out
    clock.advance(2 * MINUTE);
    const res = await withToken(created.body.secret);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/expired/i);
  });

  it('lists tokens without their secrets', async () => {
    const listed = await server.api<{ items: { label: string; prefix: string }[] }>('GET', '/api/tokens');
    expect(listed.body.items.map((t) => t.label)).toEqual(expect.arrayContaining(['Okta test', 'Entra']));
    expect(server.token.startsWith(listed.body.items.find((t) => t.label === 'Okta test')!.prefix)).toBe(true);
    expect(JSON.stringify(listed.body)).not.toContain(server.token);
  });

  it('sees a token created and revoked by the CLI while the server runs, without a restart', async () => {
    const created = await createTokenWithCli(server.dataDir, ['--label', 'from the CLI']);
    expect(created.token).toMatch(/^scimdesk_/);
    expect((await withToken(created.token)).status).toBe(200);
    const revoked = await runCli(['token', 'revoke', created.id, '--data', server.dataDir]);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect((await withToken(created.token)).status).toBe(401);
    expect((await withToken(server.token)).status).toBe(200);
  });

  it('answers one bad token presented again and again with 429 and Retry-After, while others and a valid token are unaffected', async () => {
    // from the same address (behind a tunnel everyone shares one): the bucket is the presented token's
    const [repeated, others, valid] = await Promise.all([
      Promise.all(Array.from({ length: 40 }, () => withToken('scimdesk_the-same-guess-again-and-again'))),
      Promise.all(Array.from({ length: 40 }, (_, i) => withToken(`scimdesk_guess${i}`))),
      Promise.all(Array.from({ length: 10 }, () => withToken(server.token))),
    ]);
    const statuses = repeated.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const limited = repeated.find((r) => r.status === 429)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
    expect(others.map((r) => r.status)).toEqual(Array(40).fill(401));
    // the valid token is never refused because of someone else's failures
    expect(valid.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect((await withToken(server.token)).status).toBe(200);
  });
});
