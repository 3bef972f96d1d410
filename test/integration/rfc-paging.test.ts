import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oktaUser, startTestServer, type TestServer } from '../helpers/scim-server.js';

// RFC 7644 §3.4.2.4: 1-based startIndex, count, integer totals, and the edges clients get wrong
// (docs/interop.md#paging-edges).
describe('RFC 7644 paging', () => {
  let server: TestServer;
  let allIds: string[];
  const list = (query: string, resource = 'Users') => server.scim('GET', `/${resource}?${query}`);

  beforeAll(async () => {
    server = await startTestServer();
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        server.scim('POST', '/Users', oktaUser(`page${i}@example.com`, { title: i % 2 ? 'odd' : 'even' })),
      ),
    );
    allIds = (await list('')).body.Resources.map((u: { id: string }) => u.id);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('returns everything on one page by default, startIndex 1', async () => {
    const res = await list('');
    expect(res.body).toMatchObject({ totalResults: 7, startIndex: 1, itemsPerPage: 7 });
    expect(allIds).toHaveLength(7);
  });

  it('count=0 returns only totalResults: no resources', async () => {
    const res = await list('count=0');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, startIndex: 1 });
    expect(res.body.Resources ?? []).toEqual([]);
  });

  it('startIndex below 1 is read as 1', async () => {
    for (const startIndex of ['0', '-5']) {
      const res = await list(`startIndex=${startIndex}&count=3`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ totalResults: 7, startIndex: 1, itemsPerPage: 3 });
      expect(res.body.Resources.map((u: { id: string }) => u.id)).toEqual(allIds.slice(0, 3));
    }
  });

  it('a negative count is read as 0', async () => {
    const res = await list('count=-1');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 7, itemsPerPage: 0 });
  });

  it('pages are consecutive and disjoint', async () => {
    const pages = await Promise.all([1, 4, 7].map((startIndex) => list(`startIndex=${startIndex}&count=3`)));
    expect(pages.map((p) => p.body.itemsPerPage)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.body.Resources.map((u: { id: string }) => u.id))).toEqual(allIds);
  });

  it('a startIndex past the end gives an empty page with the true total', async () => {
    const res = await list('startIndex=8&count=3');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 7, startIndex: 8, itemsPerPage: 0, Resources: [] });
    const far = await list('startIndex=1000000&count=100');
    expect(far.body).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] });
  });

  it('totalResults counts the filtered set, not the page', async () => {
    const res = await list(`filter=${encodeURIComponent('title eq "odd"')}&startIndex=2&count=2`);
    expect(res.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 2 });
  });

  it('refuses non-integer paging values with 400 invalidValue', async () => {
    for (const query of ['count=abc', 'startIndex=1.5', 'count=2e']) {
      const res = await list(query);
      expect(res.status, query).toBe(400);
      expect(res.body, query).toMatchObject({ status: '400', scimType: 'invalidValue' });
    }
  });

  it('pages groups the same way', async () => {
    await Promise.all(
      ['g1', 'g2', 'g3'].map((displayName) =>
        server.scim('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName }),
      ),
    );
    const res = await list('startIndex=2&count=1', 'Groups');
    expect(res.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect((await list('count=0', 'Groups')).body).toMatchObject({ totalResults: 3, itemsPerPage: 0 });
  });
});
