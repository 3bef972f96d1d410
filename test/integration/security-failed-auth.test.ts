/**
 * One attacker behind the tunnel must not change what the identity provider's requests see. Through a
 * tunnel every request reaches SCIM Desk from the tunnel client's loopback connection; here every request
 * comes from 127.0.0.1 the same way, to a real `scim-desk serve`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServedDesk, type ServedDesk } from '../helpers/cli.js';
import { request } from '../helpers/scim-server.js';

let root: string;
let desk: ServedDesk;
const users = (authorization?: string) =>
  request(
    `${desk.scimUrl}/Users?startIndex=1&count=2`,
    'GET',
    undefined,
    authorization === undefined ? {} : { Authorization: authorization },
  );
const junkToken = () => `scimdesk_${randomBytes(32).toString('base64url')}`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-failed-auth-'));
  desk = await startServedDesk(path.join(root, 'data'));
});
afterAll(async () => {
  await desk?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('failed SCIM authentications from one shared address', () => {
  it("leave the identity provider's 401s, with their hints, as they were", async () => {
    const repeated = `Bearer ${junkToken()}`;
    const attack: (string | undefined)[] = [
      ...Array.from({ length: 100 }, () => `Bearer ${junkToken()}`),
      ...Array.from({ length: 50 }, () => repeated),
      ...Array.from({ length: 50 }, () => undefined),
      ...Array.from({ length: 50 }, () => 'Basic dXNlcjpwYXNz'),
      ...Array.from({ length: 50 }, () => 'Bearer Bearer x'),
    ];
    const statuses = await Promise.all(attack.map(async (header) => (await users(header)).status));
    // Only the token presented again and again is slowed down: 20 failures, then 429.
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect((await users(repeated)).status).toBe(429);

    // Okta with a token SCIM Desk never issued (or no longer has): the 401 that says so.
    const stale = await users(`Bearer ${junkToken()}`);
    expect(stale.status).toBe(401);
    expect(stale.headers.get('www-authenticate')).toBe('Bearer realm="SCIM Desk"');
    expect(stale.body.detail).toMatch(/^SCIM Desk did not issue this token/);
    // Okta with Authentication Mode left without a header, or on Basic: the 401s with the fix.
    const missing = await users();
    expect(missing.status).toBe(401);
    expect(missing.body.detail).toMatch(/no Authorization header/);
    const basic = await users('Basic b2t0YTpzZWNyZXQ=');
    expect(basic.status).toBe(401);
    expect(basic.body.detail).toMatch(/Basic authentication/);
    // and the valid token is never limited
    expect((await users(`Bearer ${desk.token}`)).status).toBe(200);
  });

  it('a token refused 20 times is answered 429 with Retry-After, and the 429 still says what is wrong', async () => {
    const same = `Bearer ${junkToken()}`;
    for (let i = 0; i < 20; i++) expect((await users(same)).status).toBe(401);
    const limited = await users(same);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' });
    expect(limited.body.detail).toMatch(/^Too many failed authentications with this token; retry in \d+ s\. \S/);
  });
});
