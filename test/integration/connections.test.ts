/**
 * Connecting SCIM Desk to the admin's Okta org and Clumio account through the admin API: the real server on
 * 127.0.0.1 with a real data folder, and the fake Okta Management API and fake Clumio REST API
 * (test/fakes), which are the only stand-ins (neither service can be reached from this machine; the fakes
 * follow the reference of both APIs). Time that a client waits (a timeout, a rate-limit reset) is a
 * ManualClock the test moves. One story per scenario: what the admin sends, what SCIM Desk answers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ApiErrorBody,
  ClumioConnectionInfo,
  Connections,
  ItemList,
  OktaAppChoice,
  OktaConnectionInfo,
} from '../../server/admin/contract.js';
import { CLUMIO_APP_ID, SLACK_APP_ID } from '../fakes/okta/okta-org.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';
import { ADMIN_LOGIN, CLUMIO_TOKEN, OKTA_TOKEN, startTenantFakes, type TenantFakes } from '../helpers/tenant-fakes.js';

const running: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await (item.stop ?? item.close)!();
});

async function setUp(options: { clock?: ManualClock; timeoutMs?: number; refreshEveryMs?: number } = {}) {
  const fakes = await startTenantFakes(options.clock ? { now: () => options.clock!.now() } : {});
  running.push(fakes);
  const tenants = {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.refreshEveryMs ? { refreshEveryMs: options.refreshEveryMs } : {}),
  };
  const server = await startTestServer({ desk: { tenants } });
  running.push(server);
  await server.api('PUT', '/api/settings', { current_admin: ADMIN_LOGIN });
  return { server, fakes };
}

function refusal(res: { status: number; body: ApiErrorBody }) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('connection_failed');
  return res.body.error as Extract<ApiErrorBody['error'], { code: 'connection_failed' }>;
}

const connections = async (server: TestServer) => (await server.api<Connections>('GET', '/api/connections')).body;

describe('connecting Okta', () => {
  it('checks the token and the app against Okta, then saves the connection without the token', async () => {
    const { server, fakes } = await setUp();
    const res = await server.api<OktaConnectionInfo>('PUT', '/api/connections/okta', fakes.oktaConnect);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      org_url: fakes.okta.origin,
      app: { id: CLUMIO_APP_ID, label: 'Clumio' },
      checked: { said: `GET /api/v1/apps/${CLUMIO_APP_ID} answered 200: "Clumio" (ACTIVE)` },
    });
    expect(JSON.stringify(res.body)).not.toContain(OKTA_TOKEN);
    // The check was one read with the SSWS token.
    expect(fakes.okta.requests[0]).toMatchObject({
      method: 'GET',
      path: `/api/v1/apps/${CLUMIO_APP_ID}`,
      authorizationScheme: 'SSWS',
      tokenMatched: true,
    });

    const refreshed = await server.api<Connections>('POST', '/api/connections/refresh');
    expect(refreshed.body.okta).toMatchObject({
      org_url: fakes.okta.origin,
      last_read: { ok: true, problems: [] },
      reading: false,
    });
    expect(refreshed.body.clumio).toBeNull();
    expect(JSON.stringify(await connections(server))).not.toContain(OKTA_TOKEN);
  });

  it("saves a connection without an app, lists the org's apps (Clumio first) and picks one", async () => {
    const { server, fakes } = await setUp();
    const { app_id: _appId, ...withoutApp } = fakes.oktaConnect;
    const res = await server.api<OktaConnectionInfo>('PUT', '/api/connections/okta', withoutApp);
    expect(res.status).toBe(200);
    expect(res.body.app).toBeNull();
    expect(res.body.checked.said).toBe('GET /api/v1/apps?limit=200 answered 200: 3 app(s) in the org');

    const apps = await server.api<ItemList<OktaAppChoice>>('GET', '/api/connections/okta/apps');
    expect(apps.body.items.map((a) => [a.label, a.looks_like_clumio])).toEqual([
      ['Clumio', true],
      ['Slack', false],
      ['Zoom', false],
    ]);
    const picked = await server.api<OktaConnectionInfo>('PUT', '/api/connections/okta/app', { app_id: SLACK_APP_ID });
    expect(picked.body.app).toEqual({ id: SLACK_APP_ID, label: 'Slack' });
    const again = await server.api<OktaConnectionInfo>('PUT', '/api/connections/okta/app', { app_id: CLUMIO_APP_ID });
    expect((await connections(server)).okta!.app).toEqual({ id: CLUMIO_APP_ID, label: 'Clumio' });
    expect(again.status).toBe(200);
  });

  it('401: says the token is refused and what to do, and saves nothing', async () => {
    const { server, fakes } = await setUp();
    const error = refusal(
      await server.api('PUT', '/api/connections/okta', { ...fakes.oktaConnect, api_token: '00wrongWRONGwrong' }),
    );
    expect(error.message).toMatch(
      /^Okta refused the API token \(401 E0000011\): it is wrong, expired or revoked\. Create a new one in the Okta Admin Console \(Security > API > Tokens\)/,
    );
    expect(error.details).toMatchObject({
      service: 'okta',
      kind: 'unauthorized',
      status: 401,
      service_code: 'E0000011',
    });
    expect((await connections(server)).okta).toBeNull();
    expect(JSON.stringify(error)).not.toContain('00wrongWRONGwrong');
  });

  it('403: names the OAuth scope the token lacks', async () => {
    const { server, fakes } = await setUp();
    fakes.okta.deniedScopes.add('okta.apps.read');
    const error = refusal(await server.api('PUT', '/api/connections/okta', fakes.oktaConnect));
    expect(error.message).toContain('a scoped OAuth token needs okta.apps.read');
    expect(error.details).toMatchObject({ kind: 'forbidden', status: 403, required_scopes: ['okta.apps.read'] });
  });

  it('a scope missing for one item only: connected, and the latest read names the scope on that item', async () => {
    const { server, fakes } = await setUp();
    fakes.okta.deniedScopes.add('okta.logs.read');
    expect((await server.api('PUT', '/api/connections/okta', fakes.oktaConnect)).status).toBe(200);
    const read = (await server.api<Connections>('POST', '/api/connections/refresh')).body.okta!.last_read!;
    expect(read.ok).toBe(false);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]!.item).toBe('the System Log');
    expect(read.problems[0]!.message).toContain('okta.logs.read');
  });

  it('an app id Okta does not have: says to pick the app again', async () => {
    const { server, fakes } = await setUp();
    const error = refusal(
      await server.api('PUT', '/api/connections/okta', { ...fakes.oktaConnect, app_id: '0oanosuchapp00000000' }),
    );
    expect(error.message).toBe(
      "Okta has no app with that id (404 E0000007): pick the Clumio app again from the org's apps.",
    );
  });

  it('a bad URL: https required except for loopback, an org URL without a path, and not a URL at all', async () => {
    const { server } = await setUp();
    const put = (org_url: string) => server.api('PUT', '/api/connections/okta', { org_url, api_token: OKTA_TOKEN });
    expect(refusal(await put('http://example.okta.com')).message).toBe(
      'That Okta org URL cannot be used: http is allowed only for 127.0.0.1 and localhost; use https://example.okta.com.',
    );
    expect(refusal(await put('https://example-admin.okta.com')).message).toContain(
      'the API answers at https://example.okta.com',
    );
    expect(refusal(await put('https://example.okta.com/app/UserHome')).message).toContain('without a path');
    const notUrl = refusal(await put(`token ${OKTA_TOKEN}`));
    expect(notUrl.message).toBe(
      'That Okta org URL cannot be used: that is not a URL; expected something like https://example.okta.com.',
    );
    expect(JSON.stringify(notUrl)).not.toContain(OKTA_TOKEN);
  });

  it('a missing field or a stray one is a 400 naming it', async () => {
    const { server } = await setUp();
    const res = await server.api('PUT', '/api/connections/okta', {
      org_url: 'https://example.okta.com',
      token: OKTA_TOKEN,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_body',
      details: {
        issues: [
          { field: 'api_token', message: 'is required (a non-empty string)' },
          { field: 'token', message: 'unknown field' },
        ],
      },
    });
  });

  it("429: waits for Okta's reset twice, then says when the budget is back", async () => {
    const clock = new ManualClock();
    const { server, fakes } = await setUp({ clock });
    fakes.okta.rateLimit = 0;
    const pending = server.api('PUT', '/api/connections/okta', fakes.oktaConnect);
    for (let wait = 0; wait < 2; wait += 1) clock.advance(await clock.untilSleeping());
    const error = refusal(await pending);
    expect(error.message).toMatch(
      /^Okta's rate limit is used up until \d\d:\d\d:\d\d UTC \(in \d+ s\): SCIM Desk reads again after that\.$/,
    );
    expect(error.details).toMatchObject({ kind: 'rate_limited', status: 429, service_code: 'E0000047' });
    expect(fakes.okta.requests).toHaveLength(3);
  });

  it('a timeout: Okta holds the request, the client gives up after its bound', async () => {
    const clock = new ManualClock();
    const { server, fakes } = await setUp({ clock, timeoutMs: 5000 });
    fakes.okta.holdWhen = () => true;
    const pending = server.api('PUT', '/api/connections/okta', fakes.oktaConnect);
    await fakes.okta.untilHeld();
    clock.advance(5000);
    const error = refusal(await pending);
    expect(error.message).toMatch(
      /^Okta \(127\.0\.0\.1:\d+\) did not answer within 5 s when SCIM Desk tried to read the Clumio app: try again/,
    );
  });

  it('removes the connection and its token: 204, then 404', async () => {
    const { server, fakes } = await setUp();
    await server.api('PUT', '/api/connections/okta', fakes.oktaConnect);
    expect((await server.api('DELETE', '/api/connections/okta')).status).toBe(204);
    expect((await connections(server)).okta).toBeNull();
    expect((await server.api('DELETE', '/api/connections/okta')).status).toBe(404);
    expect((await server.api('GET', '/api/connections/okta/apps')).body.error.code).toBe('not_connected');
  });
});

describe('connecting Clumio', () => {
  it('checks the token against Clumio, then saves the connection without the token', async () => {
    const { server, fakes } = await setUp();
    const res = await server.api<ClumioConnectionInfo>('PUT', '/api/connections/clumio', fakes.clumioConnect);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      base_url: fakes.clumio.origin,
      portal: null,
      checked: { said: 'GET /settings/auto-user-provisioning answered 200: auto user provisioning is on' },
    });
    expect(fakes.clumio.requests[0]).toMatchObject({
      method: 'GET',
      path: '/settings/auto-user-provisioning',
      accept: 'application/api.clumio.auto-user-provisioning-settings=v1+json',
      authorizationScheme: 'Bearer',
      tokenMatched: true,
    });
    const read = (await server.api<Connections>('POST', '/api/connections/refresh')).body.clumio!;
    expect(read.last_read).toMatchObject({ ok: true, problems: [] });
    expect(JSON.stringify(read)).not.toContain(CLUMIO_TOKEN);
  });

  it('401: says the token is refused, and to create one as a Super Admin', async () => {
    const { server, fakes } = await setUp();
    const error = refusal(
      await server.api('PUT', '/api/connections/clumio', { ...fakes.clumioConnect, api_token: 'not-the-token' }),
    );
    expect(error.message).toBe(
      'Clumio refused the API token (401 401): it is wrong, expired or was refreshed. Create a new API token in the Clumio portal as a Super Admin and connect again.',
    );
  });

  it("403: names the role the token's user needs", async () => {
    const { server, fakes } = await setUp();
    fakes.clumio.denied.add('auto-user-provisioning-settings');
    const error = refusal(await server.api('PUT', '/api/connections/clumio', fakes.clumioConnect));
    expect(error.message).toContain(
      "the API token's user needs the role Super Admin on the Global organizational unit",
    );
    expect(error.details).toMatchObject({
      kind: 'forbidden',
      status: 403,
      required_role: 'Super Admin on the Global organizational unit',
    });
  });

  it('429: backs off three times on its clock, then says to try again in a minute', async () => {
    const clock = new ManualClock();
    const { server, fakes } = await setUp({ clock });
    fakes.clumio.refuseNext = 4;
    const pending = server.api('PUT', '/api/connections/clumio', fakes.clumioConnect);
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const wait = await clock.untilSleeping();
      waits.push(wait);
      clock.advance(wait);
    }
    const error = refusal(await pending);
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(error.message).toBe('Clumio is refusing requests for now (too many requests): try again in a minute.');
  });

  it('a timeout, and a regional host that needs https', async () => {
    const clock = new ManualClock();
    const { server, fakes } = await setUp({ clock, timeoutMs: 3000 });
    fakes.clumio.holdWhen = () => true;
    const pending = server.api('PUT', '/api/connections/clumio', fakes.clumioConnect);
    await fakes.clumio.untilHeld();
    clock.advance(3000);
    expect(refusal(await pending).message).toMatch(
      /^Clumio \(127\.0\.0\.1:\d+\) did not answer within 3 s when SCIM Desk tried to read the auto user provisioning setting/,
    );
    const http = refusal(
      await server.api('PUT', '/api/connections/clumio', {
        base_url: 'http://us-west-2.api.clumio.com',
        api_token: CLUMIO_TOKEN,
      }),
    );
    expect(http.message).toBe(
      'That Clumio API base URL cannot be used: http is allowed only for 127.0.0.1 and localhost; use https://us-west-2.api.clumio.com.',
    );
  });

  it('removes the connection: 204, then 404', async () => {
    const { server, fakes } = await setUp();
    await server.api('PUT', '/api/connections/clumio', fakes.clumioConnect);
    expect((await server.api('DELETE', '/api/connections/clumio')).status).toBe(204);
    expect(await connections(server)).toEqual({ okta: null, clumio: null });
    expect((await server.api('DELETE', '/api/connections/clumio')).status).toBe(404);
  });
});

describe('reading the services: one snapshot, on demand and on a slow interval', () => {
  /** Reads of the account's rules: one per read of the Clumio account (which makes 5 requests in all). */
  const clumioReads = (fakes: TenantFakes) =>
    fakes.clumio.requests.filter((r) => r.path === '/settings/auto-user-provisioning/rules').length;
  const READ_REQUESTS = 5;

  it('reads at once when connected, then on the interval; the status routes never call; a removed connection stops it', async () => {
    const clock = new ManualClock();
    const { server, fakes } = await setUp({ clock, refreshEveryMs: 60_000 });
    await server.api('PUT', '/api/connections/clumio', fakes.clumioConnect);
    await server.api('POST', '/api/connections/refresh'); // joins the read the connection started
    expect(clumioReads(fakes)).toBe(1);
    const read = fakes.clumio.requests.length;
    await server.api('GET', '/api/connections');
    await server.api('GET', '/api/clumio/status');
    expect(fakes.clumio.requests.length).toBe(read);

    clock.advance(59_999);
    expect(fakes.clumio.requests.length).toBe(read);
    clock.advance(1);
    await fakes.clumio.untilReceived(read + READ_REQUESTS);
    expect(clumioReads(fakes)).toBe(2);

    await server.api('DELETE', '/api/connections/clumio');
    const before = fakes.clumio.requests.length;
    clock.advance(5 * 60_000);
    expect((await server.api<Connections>('GET', '/api/connections')).body.clumio).toBeNull();
    expect(fakes.clumio.requests.length).toBe(before);
  });
});

describe('the connections across a restart', () => {
  it('keeps both connections (tokens sealed in the data folder) and reads with them again', async () => {
    const { server, fakes } = await setUp();
    await server.api('PUT', '/api/connections/okta', fakes.oktaConnect);
    await server.api('PUT', '/api/connections/clumio', fakes.clumioConnect);
    await server.restart();
    const read = (await server.api<Connections>('POST', '/api/connections/refresh')).body;
    expect(read.okta).toMatchObject({ app: { id: CLUMIO_APP_ID }, last_read: { ok: true } });
    expect(read.clumio).toMatchObject({ last_read: { ok: true } });
    const activity = (await server.api('GET', '/api/activity?kind=admin_change')).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(activity).toEqual(expect.arrayContaining(['connection.okta.saved', 'connection.clumio.saved']));
  });
});
