import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../server/activity/activity-log.js';
import type { ActivityEntry, ScimActivity } from '../../server/activity/types.js';
import { generateTokenSecret } from '../../server/auth/token-format.js';
import { scimRequest } from '../helpers/scim-activity.js';

let dataDir: string;
let log: ActivityLog;
let now: number;
const clock = () => new Date(now);

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-activity-'));
  now = Date.parse('2026-03-01T10:00:00.000Z');
  log = await ActivityLog.open(dataDir, { now: clock });
});

afterEach(async () => {
  await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

const currentFile = () => join(dataDir, 'activity', 'activity.jsonl');

describe('appending', () => {
  it('gives each entry a time and an id that sorts in append order, even within one millisecond', () => {
    const ids = Array.from({ length: 50 }, () => log.append({ kind: 'admin', action: 'test', message: 'x' }).id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    now -= 60_000; // the clock goes backwards
    const later = log.append({ kind: 'admin', action: 'test', message: 'y' });
    expect(later.id > ids[49]!).toBe(true);
  });

  it('fills the resource from the path, and the id of a created resource from the response', () => {
    const read = log.append(scimRequest({ method: 'GET', path: '/scim/v2/Users/abc-123' }));
    expect(read).toMatchObject({ resourceType: 'User', resourceId: 'abc-123' });
    const created = log.append(
      scimRequest({
        method: 'post',
        path: '/scim/v2/Groups',
        status: 201,
        requestBody: { displayName: 'Clumio Admins', members: [] },
        responseBody: { id: 'g-1', displayName: 'Clumio Admins' },
      }),
    );
    expect(created).toMatchObject({
      method: 'POST',
      resourceType: 'Group',
      resourceId: 'g-1',
      resourceName: 'Clumio Admins',
    });
  });

  it('never stores a token secret or a password, in memory or on disk', async () => {
    const secret = generateTokenSecret();
    log.append(
      scimRequest({
        method: 'POST',
        path: `/scim/v2/Users/${secret}`,
        query: `access_token=${encodeURIComponent(secret)}&x=${secret}`,
        status: 401,
        tokenId: null,
        tokenLabel: null,
        userAgent: `curl ${secret}`,
        authFailure: 'unknown',
        authHint: 'SCIM Desk did not issue this token',
        requestBody: { userName: 'ada@example.com', password: 'Correct-Horse-9', note: secret },
        responseBody: { detail: `echo ${secret}` },
      }),
    );
    log.append({
      kind: 'admin',
      action: 'token.created',
      message: `created ${secret}`,
      detail: { secret, label: 'x' },
    });
    log.append(
      scimRequest({
        method: 'POST',
        path: '/scim/v2/Users',
        status: 201,
        requestBody: { userName: 'ada@example.com', password: 'Correct-Horse-9', note: secret },
        responseBody: { id: 'u-1', userName: 'ada@example.com' },
      }),
    );
    await log.close();
    const onDisk = (
      await Promise.all(
        (await readdir(join(dataDir, 'activity'))).map((name) => readFile(join(dataDir, 'activity', name), 'utf8')),
      )
    ).join('\n');
    const inMemory = JSON.stringify(log.query({ limit: 10 }).entries);
    for (const text of [onDisk, inMemory]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice('scimdesk_'.length));
      expect(text).not.toContain('Correct-Horse-9');
      expect(text).toContain('ada@example.com');
    }
  });

  it('writes in batches: nothing before the flush interval, everything by close, file mode 0600', async () => {
    await log.close();
    log = await ActivityLog.open(dataDir, { now: clock, flushIntervalMs: 60_000 });
    log.append({ kind: 'admin', action: 'a', message: 'first' });
    log.append({ kind: 'admin', action: 'a', message: 'second' });
    expect(await readFile(currentFile(), 'utf8')).toBe('');
    await log.close();
    const lines = (await readFile(currentFile(), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['first', 'second']);
    if (process.platform !== 'win32') expect((await stat(currentFile())).mode & 0o777).toBe(0o600);
  });
});

describe('what is kept of a request body', () => {
  const body = { userName: 'mallory@example.com', note: 'kept?' };
  const requestBodyOf = (id: string) => (log.get(id) as ScimActivity | undefined)?.requestBody;

  it.each([401, 404, 405, 413, 429])('keeps nothing of the body of a request refused with %i', (status) => {
    const entry = log.append(
      scimRequest({
        method: 'POST',
        path: '/scim/v2/Users',
        status,
        requestBody: body,
        requestJson: JSON.stringify(body),
      }),
    );
    expect(requestBodyOf(entry.id)).toBeUndefined();
    expect(log.get(entry.id)).not.toHaveProperty('resourceName');
  });

  it('keeps nothing of a body sent to a discovery path or without a valid token, and keeps an authenticated one', () => {
    const discovery = log.append(
      scimRequest({ method: 'POST', path: '/scim/v2/Schemas', status: 400, requestBody: body }),
    );
    const anonymous = log.append(
      scimRequest({
        method: 'POST',
        path: '/scim/v2/Users',
        status: 400,
        tokenId: null,
        tokenLabel: null,
        requestBody: body,
      }),
    );
    const created = log.append(scimRequest({ method: 'POST', path: '/scim/v2/Users', status: 201, requestBody: body }));
    expect(requestBodyOf(discovery.id)).toBeUndefined();
    expect(requestBodyOf(anonymous.id)).toBeUndefined();
    expect(requestBodyOf(created.id)).toEqual(body);
  });

  it('flags a password named by a PATCH path as sent, and redacts it', () => {
    const patch = {
      Operations: [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:PASSWORD', value: 'Hunter2!' }],
    };
    const entry = log.append(
      scimRequest({
        method: 'PATCH',
        path: '/scim/v2/Users/u1',
        requestBody: patch,
        requestJson: JSON.stringify(patch),
      }),
    );
    expect(entry.kind === 'scim' && entry.signals).toContain('password-sent');
    expect(JSON.stringify(log.get(entry.id))).not.toContain('Hunter2!');
  });
});

describe('querying', () => {
  beforeEach(() => {
    log.append(scimRequest({ method: 'GET', path: '/scim/v2/Users', query: 'startIndex=1&count=2' }));
    log.append(
      scimRequest({
        method: 'POST',
        path: '/scim/v2/Users',
        status: 201,
        requestBody: { userName: 'ada@example.com' },
        responseBody: { id: 'u-ada', userName: 'ada@example.com' },
      }),
    );
    log.append(
      scimRequest({
        method: 'POST',
        path: '/scim/v2/Users',
        status: 409,
        requestBody: { userName: 'ada@example.com' },
      }),
    );
    log.append(scimRequest({ method: 'GET', path: '/scim/v2/Groups/g-1', status: 404 }));
    log.append({
      kind: 'access',
      user_id: 'u-ada',
      userName: 'ada@example.com',
      change: 'gained',
      role_id: 'r',
      organizational_unit_id: 'ou',
      message: 'Ada gained Super Admin',
    });
    log.append({ kind: 'admin', action: 'rule.saved', message: 'Rule "Admins" saved' });
  });

  const describeEntry = (e: ActivityEntry) => (e.kind === 'scim' ? `${e.method} ${e.path} ${e.status}` : e.kind);

  it('returns entries newest first', () => {
    expect(log.query().entries.map(describeEntry)).toEqual([
      'admin',
      'access',
      'GET /scim/v2/Groups/g-1 404',
      'POST /scim/v2/Users 409',
      'POST /scim/v2/Users 201',
      'GET /scim/v2/Users 200',
    ]);
  });

  it('filters by kind, outcome, status, resource type and resource id', () => {
    expect(log.query({ kind: 'access' }).entries.map(describeEntry)).toEqual(['access']);
    expect(log.query({ status: 'error' }).entries.map(describeEntry)).toEqual([
      'GET /scim/v2/Groups/g-1 404',
      'POST /scim/v2/Users 409',
    ]);
    expect(log.query({ status: 'success' }).entries).toHaveLength(2);
    expect(log.query({ status: 201 }).entries.map(describeEntry)).toEqual(['POST /scim/v2/Users 201']);
    expect(log.query({ resourceType: 'Group' }).entries.map(describeEntry)).toEqual(['GET /scim/v2/Groups/g-1 404']);
    expect(log.query({ resourceId: 'u-ada' }).entries.map(describeEntry)).toEqual([
      'access',
      'POST /scim/v2/Users 201',
    ]);
  });

  it('searches text case-insensitively, bodies included', () => {
    expect(log.query({ search: 'ADA@EXAMPLE' }).entries.map(describeEntry)).toEqual([
      'access',
      'POST /scim/v2/Users 409',
      'POST /scim/v2/Users 201',
    ]);
    expect(log.query({ search: 'rule "admins"' }).entries.map(describeEntry)).toEqual(['admin']);
    expect(log.query({ search: 'okta scim client' }).entries).toHaveLength(4);
    expect(log.query({ search: 'nothing like this' }).entries).toEqual([]);
  });

  it('returns bodies with the entries', () => {
    const [created] = log.query({ status: 201 }).entries;
    expect(created).toMatchObject({ requestBody: { userName: 'ada@example.com' }, responseBody: { id: 'u-ada' } });
    expect(log.get(created!.id)).toEqual(created);
  });

  it('pages with a cursor through every entry exactly once', () => {
    for (let i = 0; i < 25; i++) log.append({ kind: 'admin', action: 'bulk', message: `n${i}` });
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = log.query({ kind: 'admin', limit: 7, ...(cursor ? { before: cursor } : {}) });
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(26);
    expect(new Set(seen).size).toBe(26);
    expect([...seen].sort().reverse()).toEqual(seen);
  });
});

describe('subscribing', () => {
  it('delivers each new entry until unsubscribed, and a failing listener does not break appends', () => {
    const received: string[] = [];
    const unsubscribe = log.subscribe((entry) => received.push(entry.kind === 'admin' ? entry.message : entry.kind));
    log.subscribe(() => {
      throw new Error('listener bug');
    });
    log.append({ kind: 'admin', action: 'a', message: 'one' });
    log.append(scimRequest({ method: 'GET', path: '/scim/v2/Users' }));
    unsubscribe();
    log.append({ kind: 'admin', action: 'a', message: 'three' });
    expect(received).toEqual(['one', 'scim']);
    expect(log.query().entries).toHaveLength(3);
  });
});
