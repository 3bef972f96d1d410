import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaUser, startTestServer, type TestServer } from '../helpers/scim-server.js';

const USERS = 215; // three pages of 100: two full, one partial

// Okta "Import": GET /Users?startIndex=N&count=100 until every user is seen (docs/interop.md#okta-import).
describe('Okta import', () => {
  let server: TestServer;
  const createdIds = new Set<string>();

  beforeAll(async () => {
    server = await startTestServer();
    // Okta provisions in parallel; group commit keeps this quick.
    for (let batch = 0; batch < USERS; batch += 46) {
      const bodies = Array.from({ length: Math.min(46, USERS - batch) }, (_, i) =>
        oktaUser(`user${String(batch + i).padStart(3, '0')}@example.com`),
      );
      const results = await Promise.all(bodies.map((body) => server.scim('POST', '/Users', body)));
      for (const res of results) {
        expect(res.status).toBe(201);
        createdIds.add(res.body.id);
      }
    }
  });
  afterAll(async () => {
    await server.stop();
  });

  async function importAll(): Promise<{ pages: Record<string, unknown>[]; ids: string[] }> {
    const pages: Record<string, unknown>[] = [];
    const ids: string[] = [];
    for (let startIndex = 1; ; startIndex += 100) {
      const res = await server.scim('GET', `/Users?startIndex=${startIndex}&count=100`);
      expect(res.status).toBe(200);
      pages.push(res.body);
      ids.push(...res.body.Resources.map((u: { id: string }) => u.id));
      if (startIndex + res.body.itemsPerPage > res.body.totalResults || res.body.itemsPerPage === 0) break;
    }
    return { pages, ids };
  }

  it('pages through every user in pages of 100 with integer counts', async () => {
    const { pages, ids } = await importAll();
    expect(pages.map((p) => [p.startIndex, p.itemsPerPage, p.totalResults])).toEqual([
      [1, 100, USERS],
      [101, 100, USERS],
      [201, USERS - 200, USERS],
    ]);
    for (const page of pages) {
      expect(page.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
      for (const key of ['totalResults', 'startIndex', 'itemsPerPage'] as const)
        expect(Number.isInteger(page[key])).toBe(true);
    }
    expect(ids).toHaveLength(USERS);
    expect(new Set(ids)).toEqual(createdIds); // no user twice, none missing
  });

  it('returns the same order on every import, and after a restart', async () => {
    const first = (await importAll()).ids;
    expect((await importAll()).ids).toEqual(first);
    await server.restart();
    expect((await importAll()).ids).toEqual(first);
  });

  it('keeps the order stable while users are updated between pages', async () => {
    const before = (await importAll()).ids;
    const page1 = await server.scim('GET', '/Users?startIndex=1&count=100');
    // An update in the middle of the import must not move users between pages.
    const moved = page1.body.Resources[5];
    await server.scim('PUT', `/Users/${moved.id}`, { ...moved, displayName: 'Renamed during import' });
    const page2 = await server.scim('GET', '/Users?startIndex=101&count=100');
    expect(page2.body.Resources.map((u: { id: string }) => u.id)).toEqual(before.slice(100, 200));
    expect((await importAll()).ids).toEqual(before);
  });

  it('returns full user representations in the pages', async () => {
    const res = await server.scim('GET', '/Users?startIndex=1&count=1');
    expect(res.body.Resources[0]).toMatchObject({
      id: expect.any(String),
      userName: expect.stringMatching(/@example\.com$/),
      name: { givenName: expect.any(String) },
      emails: [expect.objectContaining({ type: 'work' })],
      active: true,
      meta: { resourceType: 'User', location: expect.stringContaining('/Users/') },
    });
  });
});
