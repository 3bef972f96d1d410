/**
 * One authenticated request must not be able to stall the server: the limits of one request, against a real
 * `scim-desk serve`. Each is refused with a SCIM 400 that names it, stated in /ServiceProviderConfig, and leaves
 * the resource as it was.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServedDesk, type ServedDesk } from '../helpers/cli.js';
import { PATCH_OP, oktaUser, request } from '../helpers/scim-server.js';

let root: string;
let desk: ServedDesk;
const scim = (method: string, route: string, body?: unknown) =>
  request(`${desk.scimUrl}${route}`, method, body, {
    Authorization: `Bearer ${desk.token}`,
    'Content-Type': 'application/scim+json',
  });
const patchOp = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-limits-'));
  desk = await startServedDesk(path.join(root, 'data'));
});
afterAll(async () => {
  await desk?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('/ServiceProviderConfig', () => {
  it('states the limits, in an extension named for them', async () => {
    const res = await request(`${desk.scimUrl}/ServiceProviderConfig`, 'GET');
    const urn = 'urn:ietf:params:scim:schemas:extension:scimdesk:2.0:Limits';
    expect(res.body.schemas).toContain(urn);
    expect(res.body[urn]).toEqual({
      maxPayloadSize: 1_048_576,
      maxStringLength: 16_384,
      maxValuesPerAttribute: 100,
      maxMembersPerRequest: 1_000,
      maxPatchOperations: 1_000,
      maxPatchWork: 100_000,
      maxFilterLength: 4_096,
      maxFilterDepth: 32,
      maxResults: 1_000,
    });
    expect(
      (await request(`${desk.scimUrl}/Schemas/${urn}`, 'GET')).body.attributes.map((a: { name: string }) => a.name),
    ).toEqual(Object.keys(res.body[urn]));
  });
});

describe('a user', () => {
  it("the red team's PATCH (20,000 emails, then 999 filtered removals) is refused at once, and the user is unchanged", async () => {
    const created = await scim('POST', '/Users', oktaUser('victim@example.com'));
    const emails = Array.from({ length: 20_000 }, (_, i) => ({ value: `e${i}@x.io`, type: 'work' }));
    const removal = { op: 'remove', path: 'emails[value eq "zz" or value co "qq" or type eq "nope"]' };
    const body = patchOp({ op: 'add', path: 'emails', value: emails }, ...Array.from({ length: 999 }, () => removal));
    expect(JSON.stringify(body).length).toBeLessThan(1024 * 1024);
    const res = await scim('PATCH', `/Users/${created.body.id}`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      scimType: 'invalidValue',
    });
    expect(res.body.detail).toContain('the limit is 100 values per multi-valued attribute');
    expect((await scim('GET', `/Users/${created.body.id}`)).body.emails).toEqual(created.body.emails);
  });

  it('1,000 filtered removals over the most emails a user may have are refused for their work (400 tooMany)', async () => {
    const emails = Array.from({ length: 100 }, (_, i) => ({ value: `m${i}@example.com`, type: 'work' }));
    const created = await scim('POST', '/Users', { ...oktaUser('many@example.com'), emails });
    expect(created.status).toBe(201);
    const removal = { op: 'remove', path: 'emails[value eq "zz" or value co "qq" or type eq "nope"]' };
    const res = await scim(
      'PATCH',
      `/Users/${created.body.id}`,
      patchOp(...Array.from({ length: 1_000 }, () => removal)),
    );
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('tooMany');
    expect(res.body.detail).toMatch(/more than 100,000 values compared against filter terms/);
  });

  it('a displayName of a million characters is refused, not stored', async () => {
    const res = await scim('POST', '/Users', { ...oktaUser('long@example.com'), displayName: 'x'.repeat(1_000_000) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      scimType: 'invalidValue',
      detail: 'displayName has 1,000,000 characters; the limit is 16,384 characters per value.',
    });
    expect((await scim('GET', '/Users?filter=userName eq "long@example.com"')).body.totalResults).toBe(0);
  });
});

describe('a group', () => {
  it('a request naming more than 1,000 members is refused, naming the limit', async () => {
    const members = Array.from({ length: 1_001 }, (_, i) => ({ value: `member-${i}` }));
    const created = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Too many',
      members,
    });
    expect(created.status).toBe(400);
    expect(created.body.detail).toBe(
      'The request names 1,001 group members; the limit is 1,000 members per request: add or remove members in PATCH requests of at most that many.',
    );
    const empty = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Batched',
      members: [],
    });
    const patched = await scim(
      'PATCH',
      `/Groups/${empty.body.id}`,
      patchOp(
        { op: 'add', path: 'members', value: members.slice(0, 600) },
        { op: 'remove', path: 'members', value: members.slice(600) },
      ),
    );
    expect(patched.status).toBe(400);
    expect(patched.body.detail).toMatch(/^The request names 1,001 group members/);
  });

  it('member removals by a filter other than the member id are charged per member examined', async () => {
    const ids: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const created = await Promise.all(
        Array.from({ length: 30 }, (_, i) => scim('POST', '/Users', oktaUser(`m${batch}-${i}@example.com`))),
      );
      ids.push(...created.map((r) => r.body.id as string));
    }
    const group = await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Big',
      members: ids.map((value) => ({ value })),
    });
    expect(group.status).toBe(201);
    // 200 removals, each comparing 600 members with one term: 120,000 units
    const removal = { op: 'remove', path: 'members[display eq "nobody"]' };
    const res = await scim('PATCH', `/Groups/${group.body.id}`, patchOp(...Array.from({ length: 200 }, () => removal)));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('tooMany');
    // Okta's and Entra's removal by member id examines nobody else
    const byId = await scim(
      'PATCH',
      `/Groups/${group.body.id}`,
      patchOp(...ids.slice(0, 200).map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` }))),
    );
    expect(byId.status).toBe(204);
  });
});
