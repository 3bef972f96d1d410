import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCH_OP, oktaUser, startTestServer, type TestServer } from '../helpers/scim-server.js';

const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const MB = 1024 * 1024;

/** Sends a body in chunks without Content-Length, as a client streaming a huge upload would. */
function sendChunked(
  url: string,
  token: string,
  chunk: string,
  chunks: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/scim+json',
          'Transfer-Encoding': 'chunked',
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close the connection once it has answered 413; the answer has been read by then.
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve({ status: -1, body: '' });
      else reject(error);
    });
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

// Hostile and broken input (docs/decisions.md#hostile-input): clear 4xx answers, no crash, no prototype pollution,
// no change to data.
describe('bad input', () => {
  let server: TestServer;
  let userId: string;
  let groupId: string;
  const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    server = await startTestServer();
    userId = (
      await server.scim('POST', '/Users', { ...oktaUser('victim@example.com'), [ENTERPRISE]: { department: 'R&D' } })
    ).body.id;
    groupId = (
      await server.scim('POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'Victims',
        members: [{ value: userId }],
      })
    ).body.id;
  });
  afterAll(async () => {
    await server.stop();
  });

  const expectError = (res: { status: number; body: any }, status: number, scimType?: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}) });
  };

  describe('malformed JSON', () => {
    it.each([
      ['truncated', '{"userName": "x@example.com"'],
      ['a trailing comma', '{"userName": "x@example.com",}'],
      ['single quotes', "{'userName': 'x@example.com'}"],
      ['NaN', '{"userName": "x@example.com", "active": NaN}'],
      ['not JSON at all', 'userName=x@example.com'],
      ['a lone string', '"x@example.com"'],
    ])('%s → 400 invalidSyntax', async (_name, text) => {
      expectError(await server.scim('POST', '/Users', text), 400, 'invalidSyntax');
      expectError(await server.scim('PATCH', `/Users/${userId}`, text), 400, 'invalidSyntax');
      expectError(await server.scim('PUT', `/Groups/${groupId}`, text), 400, 'invalidSyntax');
    });

    it('deeply nested JSON is refused without harm', async () => {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const res = await server.scim('POST', '/Users', `{"userName": "deep@example.com", "x": ${deep}}`);
      expect(res.status).toBeLessThan(500);
      const patch = await server.scim(
        'PATCH',
        `/Users/${userId}`,
        `{"schemas": ["${PATCH_OP}"], "Operations": [{"op": "add", "path": "title", "value": ${deep}}]}`,
      );
      expectError(patch, 400);
      expect((await server.scim('GET', '/Users?count=0')).status).toBe(200);
    });
  });

  describe('oversize bodies', () => {
    it('refuses a body above 1 MB with 413 and keeps answering', async () => {
      const big = { ...oktaUser('big@example.com'), title: 'x'.repeat(2 * MB) };
      const res = await server.scim('POST', '/Users', big);
      expectError(res, 413);
      const after = await server.scim('GET', `/Users/${userId}`);
      expect(after.status).toBe(200);
      expect(
        (await server.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "big@example.com"')}`)).body
          .totalResults,
      ).toBe(0);
    });

    it('refuses a streamed body without Content-Length once it passes the limit', async () => {
      const res = await sendChunked(`${server.scimUrl}/Users`, server.token, `"${'y'.repeat(64 * 1024)}",`, 40); // 2.5 MB
      if (res.status !== -1) {
        expect(res.status).toBe(413);
        expect(JSON.parse(res.body)).toMatchObject({ schemas: [ERROR], status: '413' });
      }
      const results = await Promise.all(Array.from({ length: 5 }, () => server.scim('GET', '/Users?count=1')));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    });

    it('accepts a body just under the limit (its values within the limits on values)', async () => {
      // 64 emails of 16,000 characters: a body of almost 1 MiB, no value over 16,384 characters.
      const emails = Array.from({ length: 64 }, (_, i) => ({
        value: `${String(i).padStart(2, '0')}${'z'.repeat(16_000 - 14)}@example.com`,
        type: 'other',
      }));
      const body = { ...oktaUser('almost@example.com'), emails };
      expect(JSON.stringify(body).length).toBeGreaterThan(MB - 24 * 1024);
      expect(JSON.stringify(body).length).toBeLessThan(MB);
      const res = await server.scim('POST', '/Users', body);
      expect(res.status).toBe(201);
    });
  });

  describe('hostile filters', () => {
    const search = (filter: string) =>
      server.scim('POST', '/Users/.search', {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        filter,
      });
    // Each is stopped by a bound (length, nesting) before any work that grows with the input, and says which.
    it.each([
      ['deep parentheses', `${'('.repeat(500)}userName eq "a"${')'.repeat(500)}`, /nesting deeper than 32 levels/],
      ['deep not()', `${'not ('.repeat(200)}userName eq "a"${')'.repeat(200)}`, /nesting deeper than 32 levels/],
      ['nested value paths', `${'emails['.repeat(50)}value eq "a"${']'.repeat(50)}`, /value filters cannot be nested/],
      ['a huge string', `userName eq "${'a'.repeat(200_000)}"`, /is 200014 characters long; the limit is 4096/],
      ['a huge attribute name', `${'a'.repeat(200_000)} eq "x"`, /is 200007 characters long; the limit is 4096/],
      [
        'a huge chain of or',
        Array.from({ length: 20_000 }, (_, i) => `userName eq "u${i}"`).join(' or '),
        /characters long; the limit is 4096/,
      ],
    ])('%s → 400 invalidFilter, refused by a limit', async (_name, filter, reason) => {
      const res = await search(filter);
      expectError(res, 400, 'invalidFilter');
      expect(res.body.detail).toMatch(reason);
    });

    it('refuses a deeply nested filter in the query string too', async () => {
      expectError(
        await server.scim(
          'GET',
          `/Users?filter=${encodeURIComponent(`${'('.repeat(100)}active eq true${')'.repeat(100)}`)}`,
        ),
        400,
        'invalidFilter',
      );
    });

    it('still answers normal filters afterwards', async () => {
      const res = await server.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "victim@example.com"')}`);
      expect(res.body.totalResults).toBe(1);
    });
  });

  describe('prototype pollution', () => {
    const before: Record<string, unknown> = {};
    beforeAll(async () => {
      before.user = (await server.scim('GET', `/Users/${userId}`)).body;
      before.group = (await server.scim('GET', `/Groups/${groupId}`)).body;
    });

    const patchPaths = [
      '__proto__',
      '__proto__.polluted',
      'constructor.prototype.polluted',
      'name.__proto__',
      'name.constructor',
      `${ENTERPRISE}:__proto__`,
      'emails[__proto__ eq "x"].value',
      'emails[type eq "work"].__proto__',
      'prototype',
      'members[value eq "x"].__proto__',
    ];

    it.each(patchPaths)('PATCH path %s → 400', async (path) => {
      const value = path.includes('.') || path.includes(':') ? 'yes' : { polluted: 'yes' };
      const onUser = await server.scim('PATCH', `/Users/${userId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path, value }],
      });
      expectError(onUser, 400);
      const onGroup = await server.scim('PATCH', `/Groups/${groupId}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path, value }],
      });
      expectError(onGroup, 400);
    });

    const hostileValues: [string, string][] = [
      [
        'a pathless value with __proto__',
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"add","value":{"__proto__":{"polluted":"yes"}}}]}`,
      ],
      [
        'a pathless value with constructor.prototype',
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","value":{"constructor":{"prototype":{"polluted":"yes"}}}}]}`,
      ],
      [
        'a complex value with __proto__',
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"add","path":"name","value":{"__proto__":{"polluted":"yes"},"givenName":"x"}}]}`,
      ],
      [
        'an extension value with __proto__',
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"add","path":"${ENTERPRISE}","value":{"__proto__":{"polluted":"yes"}}}]}`,
      ],
      [
        'a dotted key naming __proto__',
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"replace","value":{"name.__proto__":{"polluted":"yes"}}}]}`,
      ],
      [
        '__proto__ on the message itself',
        `{"schemas":["${PATCH_OP}"],"__proto__":{"polluted":"yes"},"Operations":[{"op":"add","path":"title","value":"x"}]}`,
      ],
      [
        '__proto__ in an operation',
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"add","path":"title","value":"x","__proto__":{"polluted":"yes"}}]}`,
      ],
      [
        'a member list with __proto__',
        `{"schemas":["${PATCH_OP}"],"Operations":[{"op":"add","path":"members","value":[{"value":"x","__proto__":{"polluted":"yes"}}]}]}`,
      ],
    ];

    it.each(hostileValues)('PATCH with %s → 400', async (_name, text) => {
      expectError(await server.scim('PATCH', `/Users/${userId}`, text), 400);
      expectError(await server.scim('PATCH', `/Groups/${groupId}`, text), 400);
    });

    const hostileBodies: [string, string][] = [
      ['__proto__ at the top', '{"userName":"p1@example.com","__proto__":{"polluted":"yes"}}'],
      ['constructor at the top', '{"userName":"p2@example.com","constructor":{"prototype":{"polluted":"yes"}}}'],
      ['__proto__ in a complex attribute', '{"userName":"p3@example.com","name":{"__proto__":{"polluted":"yes"}}}'],
      [
        '__proto__ in a multi-valued attribute',
        '{"userName":"p4@example.com","emails":[{"value":"a@b.c","__proto__":{"polluted":"yes"}}]}',
      ],
      ['__proto__ in the extension', `{"userName":"p5@example.com","${ENTERPRISE}":{"__proto__":{"polluted":"yes"}}}`],
      ['prototype at the top', '{"userName":"p6@example.com","prototype":{"polluted":"yes"}}'],
    ];

    it.each(hostileBodies)('POST and PUT with %s → 400', async (_name, text) => {
      expectError(await server.scim('POST', '/Users', text), 400);
      expectError(
        await server.scim('PUT', `/Users/${userId}`, text.replace(/"p\d@example.com"/, '"victim@example.com"')),
        400,
      );
      expectError(await server.scim('POST', '/Groups', text.replace('"userName"', '"displayName"')), 400);
    });

    it.each([
      ['filter', 'filter=__proto__%20pr'],
      ['filter on a sub-attribute', 'filter=name.constructor%20eq%20%22x%22'],
      ['attributes', 'attributes=__proto__'],
      ['excludedAttributes', 'excludedAttributes=constructor'],
      ['sortBy', 'sortBy=__proto__'],
    ])('%s naming __proto__ or constructor → 400', async (_name, query) => {
      expectError(await server.scim('GET', `/Users?${query}`), 400);
    });

    it('leaves Object.prototype untouched in the server process', () => {
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
      expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    });

    it('leaves the stored user and group unchanged, and creates nothing', async () => {
      expect((await server.scim('GET', `/Users/${userId}`)).body).toEqual(before.user);
      expect((await server.scim('GET', `/Groups/${groupId}`)).body).toEqual(before.group);
      const users = await server.scim('GET', `/Users?filter=${encodeURIComponent('userName sw "p"')}`);
      expect(users.body.totalResults).toBe(0);
      expect((await server.scim('GET', '/Groups')).body.totalResults).toBe(1);
      await server.restart();
      expect((await server.scim('GET', `/Users/${userId}`)).body).toMatchObject({
        meta: { version: (before.user as any).meta.version },
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });
});
