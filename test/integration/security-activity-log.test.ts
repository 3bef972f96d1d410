/**
 * The activity log against what anyone on the internet can send through a tunnel, and what Okta sends with
 * "Sync Password" on, on a real `scim-desk serve` process and its real files: a body nested 6,000 levels deep,
 * passwords named by a PATCH path, and a flood of requests without a token.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServedDesk, type ServedDesk } from '../helpers/cli.js';
import { PATCH_OP, oktaUser, request } from '../helpers/scim-server.js';

let root: string;
let dataDir: string;
const desks: ServedDesk[] = [];

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-activity-security-'));
  dataDir = path.join(root, 'data');
});
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.stop();
  await rm(root, { recursive: true, force: true });
});

async function serve(): Promise<ServedDesk> {
  const desk = await startServedDesk(dataDir);
  desks.push(desk);
  return desk;
}

async function restart(desk: ServedDesk): Promise<ServedDesk> {
  await desk.stop();
  desks.splice(desks.indexOf(desk), 1);
  return serve();
}

const scim = (desk: ServedDesk, method: string, route: string, body?: unknown, token: string | null = desk.token) =>
  request(`${desk.scimUrl}${route}`, method, body, {
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    'Content-Type': 'application/scim+json',
  });
const api = (desk: ServedDesk, route: string) =>
  request(`${desk.adminOrigin}${route}`, 'GET', undefined, { Authorization: `Bearer ${desk.adminToken}` });

/** Every activity file's text, once the server has written `expected` (appends are batched). */
async function activityText(expected: string): Promise<string> {
  const directory = path.join(dataDir, 'activity');
  for (;;) {
    const names = await readdir(directory).catch(() => [] as string[]);
    const text = (await Promise.all(names.map((name) => readFile(path.join(directory, name), 'utf8')))).join('\n');
    if (text.includes(expected)) return text;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const deepBody = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('a body nested 6,000 levels deep', () => {
  it('sent without a token to a discovery path is answered, not kept, and the activity API keeps working, also after a restart', async () => {
    let desk = await serve();
    const sent = await request(`${desk.scimUrl}/Schemas`, 'POST', deepBody(6000), {
      'Content-Type': 'application/scim+json',
    });
    expect(sent.status).toBe(405);
    // and with a token to a resource: refused (400), its body kept only as deep as any body is kept
    const authenticated = await scim(desk, 'POST', '/Users', deepBody(6000));
    expect(authenticated.status).toBe(400);
    await activityText('"status":400');

    for (let round = 0; round < 2; round++) {
      const page = await api(desk, '/api/activity?limit=50');
      expect(page.status).toBe(200);
      const schemasPost = page.body.items.find((e: { request?: { path: string } }) => e.request?.path === '/Schemas');
      expect(schemasPost).toMatchObject({ kind: 'scim_request', response: { status: 405 }, request: { body: null } });
      const usersPost = page.body.items.find(
        (e: { request?: { path: string; method: string } }) =>
          e.request?.path === '/Users' && e.request.method === 'POST',
      );
      expect(JSON.stringify(usersPost.request.body)).toContain('[too deep]');
      if (round === 0) desk = await restart(desk);
    }
  });

  it('already in an activity file written by an earlier version loads and is served', async () => {
    // What the earlier version wrote: the body as it came, after the entry's summary.
    const line = `{"kind":"scim","id":"1767261600000-000000","time":"2026-01-01T10:00:00.000Z","method":"POST","path":"/scim/v2/Schemas","query":"","status":405,"durationMs":1,"tokenId":null,"tokenLabel":null,"userAgent":"curl/8","clientIp":"127.0.0.1","resourceType":"Schema","signals":[],"requestBody":${deepBody(6000)}}`;
    await mkdir(path.join(dataDir, 'activity'), { recursive: true, mode: 0o700 });
    await writeFile(path.join(dataDir, 'activity', 'activity.jsonl'), `${line}\n`, { mode: 0o600 });
    const desk = await serve();
    const page = await api(desk, '/api/activity');
    expect(page.status).toBe(200);
    const old = page.body.items.find((e: { id: string }) => e.id === '1767261600000-000000');
    expect(old).toMatchObject({ kind: 'scim_request', response: { status: 405 } });
    expect(JSON.stringify(old.request.body)).toContain('[too deep]');
    expect((await api(desk, '/api/activity?q=schemas')).status).toBe(200);
  });
});

describe('passwords named by what a request changes', () => {
  it('never reach the activity files, the activity search or the events the console shows', async () => {
    const desk = await serve();
    const created = await scim(desk, 'POST', '/Users', { ...oktaUser('ada@example.com'), password: 'Post-Secret-1' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const passwords = {
      password: 'Patch-Lower-2',
      PASSWORD: 'Patch-Upper-3',
      'urn:ietf:params:scim:schemas:core:2.0:User:password': 'Patch-Urn-4',
    };
    for (const [pathName, value] of Object.entries(passwords)) {
      const res = await scim(desk, 'PATCH', `/Users/${id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: pathName, value }],
      });
      expect(res.status).toBe(200);
    }
    const put = await scim(desk, 'PUT', `/Users/${id}`, { ...oktaUser('ada@example.com'), PassWord: 'Put-Secret-5' });
    expect(put.status).toBe(200);
    const secrets = ['Post-Secret-1', ...Object.values(passwords), 'Put-Secret-5'];

    const files = await activityText('"method":"PUT"');
    for (const secret of secrets) {
      expect(files).not.toContain(secret);
      const found = await api(desk, `/api/activity?q=${encodeURIComponent(secret)}`);
      expect(found.status).toBe(200);
      expect(found.body.items).toEqual([]);
    }
    const patches = (await api(desk, '/api/activity?q=PATCH')).body.items.filter(
      (e: { request?: { method: string } }) => e.request?.method === 'PATCH',
    );
    expect(patches).toHaveLength(3);
    for (const event of patches) expect(event.request.body.Operations[0].value).toBe('[redacted]');
    expect(JSON.stringify((await api(desk, '/api/activity')).body)).not.toMatch(/Secret-|Patch-(Lower|Upper|Urn)/);
  });
});

describe('a flood of requests without a token', () => {
  it('is summarised in a budget of its own and never adds to, or rotates, the record of authenticated requests', async () => {
    let desk = await serve();
    for (let i = 0; i < 5; i++)
      expect((await scim(desk, 'POST', '/Users', oktaUser(`user${i}@example.com`))).status).toBe(201);
    await activityText('user4@example.com');
    const mainFile = path.join(dataDir, 'activity', 'activity.jsonl');
    const mainBefore = (await stat(mainFile)).size;

    const kinds = [null, 'scimdesk_not-a-real-token-at-all-xxxx', 'Basic dXNlcjpwYXNz'];
    for (let batch = 0; batch < 30; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const token = kinds[i % kinds.length]!;
          if (i % 10 === 9) return request(`${desk.scimUrl}/ServiceProviderConfig`, 'GET');
          if (i % 10 === 8) return request(`${desk.scimUrl.replace('/scim/v2', '')}/wrong/path`, 'GET');
          return request(
            `${desk.scimUrl}/Users`,
            'GET',
            undefined,
            token ? { Authorization: token.startsWith('Basic') ? token : `Bearer ${token}` } : {},
          );
        }),
      );
    }
    await activityText('"authFailure":"malformed"');
    expect((await stat(mainFile)).size).toBe(mainBefore);

    desk = await restart(desk); // the interval's summary is written as the server stops
    const names = await readdir(path.join(dataDir, 'activity'));
    const laneBytes = (
      await Promise.all(
        names
          .filter((n) => n.startsWith('unauthenticated'))
          .map(async (n) => (await stat(path.join(dataDir, 'activity', n))).size),
      )
    ).reduce((a, b) => a + b, 0);
    expect(laneBytes).toBeGreaterThan(0);
    expect(laneBytes).toBeLessThanOrEqual(1024 * 1024);

    const items = (await api(desk, '/api/activity?limit=1000')).body.items as {
      kind: string;
      summary: string;
      action?: string;
      request?: { method: string };
    }[];
    expect(items.filter((e) => e.kind === 'scim_request' && e.request?.method === 'POST')).toHaveLength(5);
    const summary = items.find((e) => e.action === 'scim.unauthenticated_summary');
    expect(summary?.summary).toMatch(
      /^3,000 SCIM requests without a valid token from .* of them kept as entries \(127\.0\.0\.1: \d+ × 401 /,
    );
    expect(items.filter((e) => e.kind === 'scim_request' && e.request?.method === 'GET').length).toBeLessThanOrEqual(
      20,
    );
  });
});
