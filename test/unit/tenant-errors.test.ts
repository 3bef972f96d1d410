/**
 * The tenant clients' shared vocabulary on its own: service URLs, the error kinds and their one-sentence
 * explanations, and Okta's rate-limit budget. No service is involved.
 */
import { describe, expect, it } from 'vitest';
import { explainTenantError } from '../../server/tenants/error-sentence.js';
import { RateBudget, rateLimitBucket } from '../../server/tenants/okta/okta-rate-budget.js';
import { CLUMIO_REGIONAL_BASE_URLS, isLoopbackHost, parseServiceUrl } from '../../server/tenants/service-url.js';
import {
  kindForStatus,
  TenantApiError,
  type TenantErrorFields,
  type TenantErrorKind,
} from '../../server/tenants/tenant-error.js';
import { ManualClock } from '../helpers/manual-clock.js';

const badUrl = (service: 'okta' | 'clumio', raw: string): TenantApiError => {
  try {
    parseServiceUrl(service, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(TenantApiError);
    return error as TenantApiError;
  }
  throw new Error(`accepted ${raw}`);
};

describe('service URLs', () => {
  it('requires https, except for loopback hosts', () => {
    expect(parseServiceUrl('okta', 'https://example.okta.com/')).toBe('https://example.okta.com');
    expect(parseServiceUrl('okta', ' http://127.0.0.1:8443 ')).toBe('http://127.0.0.1:8443');
    expect(parseServiceUrl('clumio', 'http://localhost:9000/gateway/')).toBe('http://localhost:9000/gateway');
    expect(badUrl('okta', 'http://example.okta.com').info.serviceMessage).toBe(
      'http is allowed only for 127.0.0.1 and localhost; use https://example.okta.com',
    );
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });

  it('names the usual mistakes: the Admin Console host, a console path, credentials or a query in the URL', () => {
    expect(badUrl('okta', 'https://acme-admin.okta.com').info.serviceMessage).toContain('https://acme.okta.com');
    expect(badUrl('okta', 'https://acme.okta.com/admin/dashboard').info.serviceMessage).toContain('without a path');
    expect(badUrl('clumio', 'https://me:secret@us-west-2.api.clumio.com').info.serviceMessage).toBe(
      'the URL must not carry a user name or password',
    );
    expect(badUrl('clumio', 'https://us-west-2.api.clumio.com/?token=x').info.kind).toBe('bad_url');
  });

  it('never echoes what was typed when it is not a URL (it may be a pasted token)', () => {
    const error = badUrl('okta', '00aBcDeFgHiJkLmNoPqRsTuVwXyZ-token');
    expect(error.message).not.toContain('00aBcDeF');
    expect(explainTenantError(error.info)).not.toContain('00aBcDeF');
  });

  it('lists the regional Clumio API hosts, every one of them a valid base URL', () => {
    expect(CLUMIO_REGIONAL_BASE_URLS.map((r) => r.portal)).toContain('portal.clumio.com');
    for (const { baseUrl } of CLUMIO_REGIONAL_BASE_URLS) expect(parseServiceUrl('clumio', baseUrl)).toBe(baseUrl);
  });
});

describe('error kinds and sentences', () => {
  const base = (kind: TenantErrorKind, service: 'okta' | 'clumio', more: Partial<TenantErrorFields> = {}) =>
    new TenantApiError({
      service,
      kind,
      operation: service === 'okta' ? 'read the System Log' : 'list the users',
      host: `${service}.example.com`,
      ...more,
    }).info;

  it('maps HTTP statuses to kinds', () => {
    expect([401, 403, 404, 429, 400, 409, 406, 500, 503].map(kindForStatus)).toEqual([
      'unauthorized',
      'forbidden',
      'not_found',
      'rate_limited',
      'rejected',
      'rejected',
      'rejected',
      'server_error',
      'server_error',
    ]);
  });

  it('says what to do, in one sentence, for every kind and both services', () => {
    const kinds: TenantErrorKind[] = [
      'bad_url',
      'unreachable',
      'timeout',
      'unauthorized',
      'forbidden',
      'not_found',
      'rate_limited',
      'rejected',
      'server_error',
      'bad_response',
    ];
    for (const service of ['okta', 'clumio'] as const) {
      for (const kind of kinds) {
        const sentence = explainTenantError(base(kind, service, { status: 400, timeoutMs: 15_000 }));
        expect(sentence).toMatch(/^[A-Z].*\.$/);
        expect(sentence.split(/\. [A-Z]/).length).toBeLessThanOrEqual(2); // at most a sentence and its fix
      }
    }
  });

  it('names the token to create, the scope an Okta call needs and the role Clumio wants', () => {
    expect(explainTenantError(base('unauthorized', 'okta', { status: 401, serviceCode: 'E0000011' }))).toBe(
      'Okta refused the API token (401 E0000011): it is wrong, expired or revoked. Create a new one in the Okta Admin Console (Security > API > Tokens) and connect again.',
    );
    expect(
      explainTenantError(
        base('forbidden', 'okta', { status: 403, requiredScopes: ['okta.apps.read', 'okta.groups.read'] }),
      ),
    ).toContain('a scoped OAuth token needs okta.apps.read and okta.groups.read');
    expect(
      explainTenantError(
        base('forbidden', 'clumio', { status: 403, requiredRole: 'Super Admin on the Global organizational unit' }),
      ),
    ).toContain('needs the role Super Admin on the Global organizational unit');
    expect(
      explainTenantError(
        base('not_found', 'okta', { operation: 'read the Clumio app', status: 404, serviceCode: 'E0000007' }),
      ),
    ).toBe("Okta has no app with that id (404 E0000007): pick the Clumio app again from the org's apps.");
  });

  it('says when to retry after a rate limit, and how long a timeout waited', () => {
    const now = Date.UTC(2026, 11, 7, 10, 0, 0);
    expect(
      explainTenantError(base('rate_limited', 'okta', { retryAt: new Date(now + 61_000).toISOString() }), now),
    ).toBe("Okta's rate limit is used up until 10:01:01 UTC (in 61 s): SCIM Desk reads again after that.");
    expect(explainTenantError(base('rate_limited', 'clumio'))).toBe(
      'Clumio is refusing requests for now (too many requests): try again in a minute.',
    );
    expect(explainTenantError(base('timeout', 'okta', { timeoutMs: 15_000 }))).toContain('did not answer within 15 s');
    expect(explainTenantError(base('unreachable', 'clumio', { networkCode: 'ENOTFOUND' }))).toContain(
      '(no such host name)',
    );
  });
});

describe('Okta rate-limit budget', () => {
  const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });

  it('groups requests by endpoint, ids aside', () => {
    expect(rateLimitBucket('get', '/api/v1/apps/0oa1/users')).toBe('GET /api/v1/apps/{id}/users');
    expect(rateLimitBucket('GET', '/api/v1/apps/0oa2/users')).toBe('GET /api/v1/apps/{id}/users');
    expect(rateLimitBucket('GET', '/api/v1/users/ada%40example.com/groups')).toBe('GET /api/v1/users/{id}/groups');
    expect(rateLimitBucket('GET', '/api/v1/apps')).toBe('GET /api/v1/apps');
  });

  it('waits for the reset once the remaining budget is spent, counting requests not yet answered', () => {
    const clock = new ManualClock('2026-12-07T10:00:30.000Z');
    const budget = new RateBudget(clock);
    const bucket = 'GET /api/v1/apps/{id}';
    budget.observe(
      bucket,
      headers({
        'x-rate-limit-remaining': '2',
        'x-rate-limit-reset': String(Date.parse('2026-12-07T10:01:00Z') / 1000),
        date: new Date(clock.now()).toUTCString(),
      }),
    );
    expect(budget.waitBefore(bucket)).toBe(0);
    budget.take(bucket);
    budget.take(bucket);
    expect(budget.waitBefore(bucket)).toBe(31_000);
    clock.advance(31_000);
    expect(budget.waitBefore(bucket)).toBe(0);
  });

  it("measures the reset from the answer's Date, so a skewed local clock does not matter", () => {
    const clock = new ManualClock('2026-12-07T12:00:00.000Z'); // two hours ahead of Okta
    const budget = new RateBudget(clock);
    const wait = budget.delayAfterRefusal(
      headers({
        'x-rate-limit-reset': String(Date.parse('2026-12-07T10:00:20Z') / 1000),
        date: 'Mon, 07 Dec 2026 10:00:00 GMT',
      }),
    );
    expect(wait).toBe(21_000);
    expect(budget.delayAfterRefusal(headers({ 'x-rate-limit-reset': '1, 2' }))).toBeNull(); // duplicated headers: no statement
  });

  it('keeps the lower remaining within one window (answers to earlier requests arrive late)', () => {
    const clock = new ManualClock('2026-12-07T10:00:00.000Z');
    const budget = new RateBudget(clock);
    const reset = String(Date.parse('2026-12-07T10:01:00Z') / 1000);
    const date = new Date(clock.now()).toUTCString();
    budget.observe('b', headers({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset, date }));
    budget.observe('b', headers({ 'x-rate-limit-remaining': '5', 'x-rate-limit-reset': reset, date }));
    expect(budget.waitBefore('b')).toBe(61_000);
  });
});
