import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../server/activity/activity-log.js';
import { deriveScimSignals, describeScimPath } from '../../server/activity/scim-request-facts.js';
import { scimRequest } from '../helpers/scim-activity.js';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

function signalsOf(method: string, path: string, query = '', requestBody?: unknown) {
  return deriveScimSignals({ method, query, requestBody }, describeScimPath(path));
}

describe('what a request is, for the wizard', () => {
  it("recognises Okta's connector test, and only that exact query", () => {
    expect(signalsOf('GET', '/scim/v2/Users', 'startIndex=1&count=2')).toEqual(['connector-test']);
    expect(signalsOf('GET', '/scim/v2/Users', 'startIndex=1&count=100')).toEqual(['user-list']);
    expect(
      signalsOf('GET', '/scim/v2/Users', 'filter=userName%20eq%20%22ada%40example.com%22&startIndex=1&count=100'),
    ).toEqual(['user-lookup']);
  });

  it('recognises deactivation the way Okta (pathless), Entra (path, string boolean) and AIW apps (PUT) send it', () => {
    const okta = { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] };
    const entra = { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] };
    expect(signalsOf('PATCH', '/scim/v2/Users/u1', '', okta)).toEqual([
      'user-update',
      'user-deactivate',
      'patch-lowercase-ops',
    ]);
    expect(signalsOf('PATCH', '/scim/v2/Users/u1', '', entra)).toEqual([
      'user-update',
      'user-deactivate',
      'patch-capitalised-ops',
      'active-as-string',
    ]);
    expect(signalsOf('PUT', '/scim/v2/Users/u1', '', { userName: 'a', active: false })).toEqual([
      'user-update',
      'user-deactivate',
    ]);
    expect(signalsOf('PUT', '/scim/v2/Users/u1', '', { userName: 'a', active: true })).toEqual(['user-update']);
    expect(
      signalsOf('PATCH', '/scim/v2/Users/u1', '', { Operations: [{ op: 'replace', value: { active: true } }] }),
    ).toEqual(['user-update', 'user-reactivate', 'patch-lowercase-ops']);
  });

  it('tells group renames from membership changes', () => {
    const rename = { Operations: [{ op: 'replace', value: { id: 'g1', displayName: 'New name' } }] };
    const remove = { Operations: [{ op: 'remove', path: 'members[value eq "u1"]' }] };
    const entraRemove = { Operations: [{ op: 'Remove', path: 'members', value: [{ value: 'u1' }] }] };
    expect(signalsOf('PATCH', '/scim/v2/Groups/g1', '', rename)).toEqual(['group-update', 'patch-lowercase-ops']);
    expect(signalsOf('PATCH', '/scim/v2/Groups/g1', '', remove)).toEqual([
      'group-update',
      'membership-change',
      'member-remove',
      'patch-lowercase-ops',
    ]);
    expect(signalsOf('PATCH', '/scim/v2/Groups/g1', '', entraRemove)).toEqual([
      'group-update',
      'membership-change',
      'member-remove',
      'patch-capitalised-ops',
    ]);
    const entraAdd = { Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }] }] };
    expect(signalsOf('PATCH', '/scim/v2/Groups/g1', '', entraAdd)).toEqual([
      'group-update',
      'membership-change',
      'member-add',
      'patch-capitalised-ops',
    ]);
    expect(signalsOf('POST', '/scim/v2/Groups', '', { displayName: 'A', members: [] })).toEqual(['group-create']);
    expect(signalsOf('POST', '/scim/v2/Groups', '', { displayName: 'A', members: [{ value: 'u1' }] })).toEqual([
      'group-create',
      'membership-change',
    ]);
  });

  it("recognises Entra's lookups: random-GUID probes that find nobody, externalId, groups by displayName", () => {
    const guid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const query = (filter: string) => `filter=${encodeURIComponent(filter)}`;
    expect(signalsOf('GET', '/scim/v2/Users', query(`userName eq "${guid}"`))).toEqual(['guid-probe']);
    expect(
      signalsOf('GET', '/scim/v2/Groups', `excludedAttributes=members&${query(`displayName eq "${guid}"`)}`),
    ).toEqual(['guid-probe']);
    // A GUID lookup that found someone (a group's objectId kept as externalId) is a real lookup.
    const found = deriveScimSignals(
      { method: 'GET', query: query(`externalId eq "${guid}"`), responseBody: { totalResults: 1 } },
      describeScimPath('/scim/v2/Groups'),
    );
    expect(found).toEqual(['group-lookup']);
    expect(signalsOf('GET', '/scim/v2/Users', query('externalId eq jyoung'))).toEqual(['external-id-lookup']);
    expect(
      signalsOf('GET', '/scim/v2/Groups', `excludedAttributes=members&${query('displayName eq "Clumio Admins"')}`),
    ).toEqual(['group-lookup']);
    expect(signalsOf('GET', '/scim/v2/Groups', 'startIndex=1&count=100')).toEqual(['group-list']);
  });

  it("tells Entra's two PATCH dialects apart (Microsoft's aadOptscim062020 examples)", () => {
    const compliantDisable = { Operations: [{ op: 'replace', path: 'active', value: false }] };
    const compliantReplace = {
      Operations: [{ op: 'replace', value: { displayName: 'Bjfe', 'name.givenName': 'Kkom' } }],
    };
    expect(signalsOf('PATCH', '/scim/v2/Users/u1', '', compliantDisable)).toEqual([
      'user-update',
      'user-deactivate',
      'patch-lowercase-ops',
    ]);
    expect(signalsOf('PATCH', '/scim/v2/Users/u1', '', compliantReplace)).toEqual([
      'user-update',
      'patch-lowercase-ops',
    ]);
    expect(
      signalsOf('PATCH', '/scim/v2/Users/u1', '', { Operations: [{ op: 'Add', path: 'nickName', value: 'Babs' }] }),
    ).toEqual(['user-update', 'patch-capitalised-ops']);
  });

  it('flags a password in the body (Okta Sync Password on)', () => {
    expect(signalsOf('POST', '/scim/v2/Users', '', { userName: 'a', password: 'x' })).toEqual([
      'user-create',
      'password-sent',
    ]);
  });

  it('names requests outside the SCIM endpoints as unknown paths (wrong base URL)', () => {
    for (const path of [
      '/Users',
      '/scim/v2',
      '/scim/v2/scim/v2/Users',
      '/scim/v2/Users/u1/extra',
      '/scim/v2/Accounts',
      '/api/setup',
    ]) {
      expect(signalsOf('GET', path)).toEqual(['unknown-path']);
    }
    expect(describeScimPath('/scim/v2/ServiceProviderConfig')).toEqual({
      known: true,
      resourceType: 'ServiceProviderConfig',
    });
    expect(describeScimPath('/scim/v2/Users/a%20b/')).toEqual({ known: true, resourceType: 'User', resourceId: 'a b' });
  });
});

describe('the summary the wizard reads', () => {
  let dataDir: string;
  let log: ActivityLog;
  let now: number;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scimdesk-activity-'));
    now = Date.parse('2026-03-01T10:00:00.000Z');
    log = await ActivityLog.open(dataDir, { now: () => new Date((now += 1000)) });
  });

  afterEach(async () => {
    await log.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** An admin's first afternoon: a wrong token, a wrong base URL, then the real thing. */
  function oktaSetupStory() {
    log.append(
      scimRequest({
        method: 'GET',
        path: '/scim/v2/Users',
        query: 'startIndex=1&count=2',
        status: 401,
        tokenId: null,
        tokenLabel: null,
        authFailure: 'malformed',
        authHint: 'Bearer Bearer',
      }),
    );
    log.append(scimRequest({ method: 'GET', path: '/Users', query: 'startIndex=1&count=2', status: 404 }));
    log.append(scimRequest({ method: 'GET', path: '/scim/v2/Users', query: 'startIndex=1&count=2' }));
    log.append(scimRequest({ method: 'GET', path: '/scim/v2/Users', query: 'startIndex=1&count=2' }));
    log.append(
      scimRequest({
        method: 'POST',
        path: '/scim/v2/Users',
        status: 201,
        requestBody: { userName: 'ada@example.com', password: 'pw' },
        responseBody: { id: 'u1', userName: 'ada@example.com' },
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
    log.append(
      scimRequest({
        method: 'PATCH',
        path: '/scim/v2/Users/u1',
        requestBody: { Operations: [{ op: 'replace', value: { active: false } }] },
      }),
    );
    log.append(
      scimRequest({
        method: 'POST',
        path: '/scim/v2/Groups',
        status: 201,
        requestBody: { displayName: 'Clumio Admins', members: [] },
        responseBody: { id: 'g1' },
      }),
    );
    log.append(
      scimRequest({
        method: 'PATCH',
        path: '/scim/v2/Groups/g1',
        status: 204,
        requestBody: { Operations: [{ op: 'add', path: 'members', value: [{ value: 'u1' }] }] },
      }),
    );
  }

  function expectStory(summary: ReturnType<ActivityLog['summary']>) {
    expect(summary.requests?.count).toBe(9);
    expect(summary.authFailures.malformed).toMatchObject({ count: 1 });
    expect(summary.lastAuthFailure).toMatchObject({ authFailure: 'malformed', authHint: 'Bearer Bearer' });
    expect(summary.failed['unknown-path']?.last).toMatchObject({ path: '/Users', status: 404 });
    expect(summary.succeeded['connector-test']).toMatchObject({
      count: 2,
      first: { time: '2026-03-01T10:00:03.000Z' },
      last: { time: '2026-03-01T10:00:04.000Z' },
    });
    expect(summary.succeeded['user-create']?.first).toMatchObject({
      resourceId: 'u1',
      resourceName: 'ada@example.com',
      userAgent: 'Okta SCIM Client 1.0.0',
    });
    expect(summary.failed['user-create']?.first.status).toBe(409);
    expect(summary.succeeded['password-sent']?.count).toBe(1);
    expect(summary.succeeded['user-deactivate']?.first.resourceId).toBe('u1');
    expect(summary.succeeded['group-create']?.first.resourceName).toBe('Clumio Admins');
    expect(summary.succeeded['membership-change']?.first.resourceId).toBe('g1');
    expect(summary.succeeded['user-delete']).toBeUndefined();
    expect(summary.authenticated?.count).toBe(8);
  }

  it('holds first and last evidence for each kind of request, outcome, and auth failure', () => {
    oktaSetupStory();
    expectStory(log.summary());
  });

  it('is the same after a restart', async () => {
    oktaSetupStory();
    await log.close();
    log = await ActivityLog.open(dataDir);
    expectStory(log.summary());
  });
});
