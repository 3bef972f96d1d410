/**
 * The Okta client against the fake Okta Management API (test/fakes/okta), a real HTTP server on 127.0.0.1.
 * The fake is the only stand-in: Okta cannot be reached from this machine, and the fake follows the
 * reference of the real API (paths, array bodies, Link paging, E0000xxx errors, X-Rate-Limit-* headers).
 * Time is a ManualClock shared by the client and the fake: no test sleeps.
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { OktaClient, provisioningFailureFilter } from '../../server/tenants/okta/okta-client.js';
import { TenantApiError } from '../../server/tenants/tenant-error.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { OktaFake } from '../fakes/okta/okta-fake.js';
import { CLUMIO_APP_ID, GROUPS, oktaOrg, oktaScenarios, USERS, type OktaScenario } from '../fakes/okta/okta-org.js';

const TOKEN = '00abcdefSSWSsecretTokenValue0123456789xyz';
const fakes: OktaFake[] = [];

async function okta(
  scenarios: OktaScenario[] = [],
  options: { token?: string; timeoutMs?: number; maxRateLimitWaitMs?: number } = {},
) {
  const clock = new ManualClock();
  const fake = await new OktaFake({
    org: oktaOrg(clock.now(), ...scenarios),
    token: TOKEN,
    now: () => clock.now(),
  }).listen();
  fakes.push(fake);
  const client = new OktaClient({
    orgUrl: fake.origin,
    apiToken: options.token ?? TOKEN,
    clock,
    timeoutMs: options.timeoutMs,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs,
  });
  return { clock, fake, client };
}

async function failureOf(promise: Promise<unknown>): Promise<TenantApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TenantApiError);
  return error as TenantApiError;
}

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

describe('Okta client: what it sends', () => {
  it('sends GET with an SSWS token and a JSON Accept, and follows rel="next" links across pages', async () => {
    const { fake, client } = await okta();
    fake.pageSize = 2;
    const apps = await client.listApps();
    expect(apps.value.map((a) => a.label)).toEqual(['Clumio', 'Slack', 'Zoom']);
    expect(apps.call).toMatchObject({
      service: 'okta',
      method: 'GET',
      path: '/api/v1/apps?limit=200',
      status: 200,
      pages: 2,
    });
    const sent = fake.requestsTo('/api/v1/apps');
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      expect(request.method).toBe('GET');
      expect(request.authorizationScheme).toBe('SSWS');
      expect(request.tokenMatched).toBe(true);
      expect(request.accept).toContain('application/json');
    }
    expect(sent[0]!.query).toEqual({ limit: '200' });
    expect(sent[1]!.query).toEqual({ limit: '2', after: '0oa2slackapp00000002' });
  });

  it('asks for the group assignments with expand=group, so one call gives the names', async () => {
    const { fake, client } = await okta();
    const groups = await client.listAppGroups(CLUMIO_APP_ID);
    expect(groups.value).toEqual([{ id: GROUPS.users, priority: 0, name: 'Clumio Users' }]);
    expect(fake.requestsTo(`/api/v1/apps/${CLUMIO_APP_ID}/groups`)[0]!.query).toEqual({
      limit: '200',
      expand: 'group',
    });
  });

  it('looks a user up by login (URL-encoded), and answers null for a login Okta does not know', async () => {
    const { fake, client } = await okta();
    const found = await client.findUser(USERS.admin.login);
    expect(found.value).toMatchObject({
      id: USERS.admin.id,
      login: USERS.admin.login,
      status: 'ACTIVE',
      displayName: 'Ada Admin',
    });
    expect(fake.requests.at(-1)!.path).toBe('/api/v1/users/ada.admin%40example.com');
    const missing = await client.findUser('nobody@example.com');
    expect(missing.value).toBeNull();
    expect(missing.call.status).toBe(404);
  });

  it("reads groups, their members page by page, and a user's groups", async () => {
    const { fake, client } = await okta();
    fake.pageSize = 1;
    expect((await client.findGroup(GROUPS.adminsPushed)).value).toEqual({
      id: GROUPS.adminsPushed,
      name: 'Clumio Admins',
      description: null,
      type: 'APP_GROUP',
    });
    expect((await client.findGroup('00gnosuchgroup000000')).value).toBeNull();
    const members = await client.listGroupMembers(GROUPS.users);
    expect(members.value.map((u) => u.login)).toEqual([
      USERS.admin.login,
      USERS.bob.login,
      USERS.carol.login,
      USERS.dave.login,
    ]);
    expect(members.call.pages).toBe(4);
    expect(fake.requestsTo(`/api/v1/groups/${GROUPS.users}/users`).map((r) => r.query.after ?? null)).toEqual([
      null,
      USERS.admin.id,
      USERS.bob.id,
      USERS.carol.id,
    ]);
    fake.pageSize = Number.POSITIVE_INFINITY;
    const groups = await client.listUserGroups(USERS.admin.id);
    expect(groups.value.map((g) => g.name).sort()).toEqual([
      'Clumio Admins',
      'Clumio Admins',
      'Clumio Users',
      'Everyone',
    ]);
  });
});

describe('Okta client: the Clumio app as each scenario leaves it', () => {
  it('reads the username format: Email in the healthy org, Okta username in the scenario', async () => {
    expect((await (await okta()).client.getApp(CLUMIO_APP_ID)).value.userNameTemplate).toEqual({
      template: '${source.email}',
      type: 'BUILT_IN',
    });
    const { client } = await okta([oktaScenarios.usernameOktaUsername]);
    const app = await client.getApp(CLUMIO_APP_ID);
    expect(app.value).toMatchObject({ id: CLUMIO_APP_ID, label: 'Clumio', status: 'ACTIVE', signOnMode: 'SAML_2_0' });
    expect(app.value.userNameTemplate).toEqual({ template: '${source.login}', type: 'BUILT_IN' });
    expect(app.call).toMatchObject({ path: `/api/v1/apps/${CLUMIO_APP_ID}`, status: 200, pages: 1 });
  });

  it('reads USER_PROVISIONING: all on in the healthy org; off with Sync Password on in the scenario', async () => {
    const healthy = await (await okta()).client.getProvisioning(CLUMIO_APP_ID);
    expect(healthy.value).toEqual({
      answer: 'features',
      enabled: true,
      createUsers: true,
      updateUserAttributes: true,
      deactivateUsers: true,
      syncPassword: false,
    });
    const { client, fake } = await okta([oktaScenarios.provisioningOff]);
    const off = await client.getProvisioning(CLUMIO_APP_ID);
    expect(off.value).toEqual({
      answer: 'features',
      enabled: true,
      createUsers: false,
      updateUserAttributes: false,
      deactivateUsers: false,
      syncPassword: true,
    });
    expect(fake.requests.at(-1)!.path).toBe(`/api/v1/apps/${CLUMIO_APP_ID}/features/USER_PROVISIONING`);
  });

  it('tells "integration off" (Okta\'s documented 400) from "Okta does not say for this app" (404)', async () => {
    const off = await (await okta([oktaScenarios.integrationOff])).client.getProvisioning(CLUMIO_APP_ID);
    expect(off.value).toEqual({
      answer: 'integration-off',
      reason: 'Provisioning is not enabled for the app instance.',
    });
    expect(off.call.status).toBe(400);
    const { client } = await okta([oktaScenarios.featuresNotSaid]);
    const notSaid = await client.getProvisioning(CLUMIO_APP_ID);
    expect(notSaid.value.answer).toBe('not-said');
    expect(notSaid.value).toMatchObject({
      reason: expect.stringContaining('Okta does not say for this app (404 E0000007'),
    });
    const connection = await client.getDefaultConnection(CLUMIO_APP_ID);
    expect(connection.value.answer).toBe('not-said');
  });

  it('reads the default provisioning connection where Okta answers for the app', async () => {
    const connection = await (await okta()).client.getDefaultConnection(CLUMIO_APP_ID);
    expect(connection.value).toEqual({
      answer: 'connection',
      status: 'ENABLED',
      authScheme: 'TOKEN',
      baseUrl: 'https://scim.clumio.example/v2',
    });
  });

  it('lists push mappings with their status and errorSummary, page by page', async () => {
    const { client, fake } = await okta([oktaScenarios.pushMappingError]);
    fake.pageSize = 1;
    const mappings = await client.listPushMappings(CLUMIO_APP_ID);
    expect(mappings.value.map((m) => [m.sourceGroupId, m.targetGroupId, m.status, m.errorSummary])).toEqual([
      [
        GROUPS.admins,
        GROUPS.adminsPushed,
        'ERROR',
        'Errors reported by remote server: Resource [GROUP]: with displayName already exists.',
      ],
      [GROUPS.backup, GROUPS.backupPushed, 'ACTIVE', null],
    ]);
    expect(mappings.call.pages).toBe(2);
    expect(fake.requestsTo(`/api/v1/apps/${CLUMIO_APP_ID}/group-push/mappings`)[0]!.query).toEqual({ limit: '1000' });
  });

  it('lists the app users with scope and syncState: the admin OUT_OF_SYNC, or missing when unassigned', async () => {
    const outOfSync = await (await okta([oktaScenarios.adminOutOfSync])).client.listAppUsers(CLUMIO_APP_ID);
    expect(outOfSync.value.find((u) => u.id === USERS.admin.id)).toMatchObject({
      scope: 'GROUP',
      status: 'PROVISIONED',
      syncState: 'OUT_OF_SYNC',
      userName: USERS.admin.login,
    });
    const unassigned = await (await okta([oktaScenarios.adminUnassigned])).client.listAppUsers(CLUMIO_APP_ID);
    expect(unassigned.value.map((u) => u.id)).not.toContain(USERS.admin.id);
    expect(unassigned.value).toHaveLength(3);
  });

  it('reads the last 24 hours of provisioning failures of the app from the System Log, newest first', async () => {
    const { client, fake, clock } = await okta([oktaScenarios.provisioningFailures]);
    const failures = await client.listProvisioningFailures(CLUMIO_APP_ID);
    expect(failures.value.events.map((e) => e.uuid)).toEqual([
      'log-failure-group',
      'log-failure-bob',
      'log-failure-carol',
    ]);
    expect(failures.value.events[2]).toMatchObject({
      eventType: 'application.provision.user.push',
      legacyEventType: 'app.api.error.create_user',
      result: 'FAILURE',
      reason: expect.stringContaining('Create new user returned empty user.'),
    });
    expect(failures.value.truncated).toBe(false);
    const request = fake.requestsTo('/api/v1/logs')[0]!;
    expect(request.query).toEqual({
      since: new Date(clock.now() - 24 * 3600_000).toISOString(),
      until: new Date(clock.now()).toISOString(),
      filter: `eventType sw "application.provision" and outcome.result eq "FAILURE" and target.id eq "${CLUMIO_APP_ID}"`,
      sortOrder: 'DESCENDING',
      limit: '200',
    });
    expect(request.query.filter).toBe(provisioningFailureFilter(CLUMIO_APP_ID));
  });

  it("finds no failure in the healthy org: older ones and other apps' are outside the query", async () => {
    const failures = await (await okta()).client.listProvisioningFailures(CLUMIO_APP_ID);
    expect(failures.value.events).toEqual([]);
  });
});

describe('Okta client: errors, one vocabulary', () => {
  it('401: a wrong token is "unauthorized" with E0000011, and the token is in no message, field or cause', async () => {
    const wrong = 'SSWS-wrong-token-value-987654321';
    const { client } = await okta([], { token: wrong });
    const error = await failureOf(client.getApp(CLUMIO_APP_ID));
    expect(error.info).toMatchObject({
      service: 'okta',
      kind: 'unauthorized',
      status: 401,
      serviceCode: 'E0000011',
      serviceMessage: 'Invalid token provided',
    });
    expect(error.cause).toBeUndefined();
    for (const text of [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      inspect(client, { depth: 10 }),
    ]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('403: names the scope the call needs (okta.logs.read for the System Log, apps and groups for mappings)', async () => {
    const { client, fake } = await okta();
    fake.deniedScopes = new Set(['okta.logs.read', 'okta.groups.read']);
    const logs = await failureOf(client.listProvisioningFailures(CLUMIO_APP_ID));
    expect(logs.info).toMatchObject({
      kind: 'forbidden',
      status: 403,
      serviceCode: 'E0000006',
      requiredScopes: ['okta.logs.read'],
    });
    const mappings = await failureOf(client.listPushMappings(CLUMIO_APP_ID));
    expect(mappings.info.requiredScopes).toEqual(['okta.apps.read', 'okta.groups.read']);
    await expect(client.getApp(CLUMIO_APP_ID)).resolves.toBeTruthy(); // okta.apps.read alone is still granted
  });

  it('404: an unknown app id is "not_found" with E0000007', async () => {
    const error = await failureOf((await okta()).client.getApp('0oanosuchapp00000000'));
    expect(error.info).toMatchObject({
      kind: 'not_found',
      status: 404,
      serviceCode: 'E0000007',
      path: '/api/v1/apps/0oanosuchapp00000000',
    });
  });

  it('5xx is "server_error"; a 200 that is not JSON is "bad_response"', async () => {
    const { client, fake } = await okta();
    fake.override = (r) =>
      r.path.endsWith('/users')
        ? {
            status: 500,
            body: {
              errorCode: 'E0000009',
              errorSummary: 'Internal Server Error',
              errorLink: 'E0000000',
              errorId: 'x',
              errorCauses: [],
            },
          }
        : undefined;
    expect((await failureOf(client.listAppUsers(CLUMIO_APP_ID))).info).toMatchObject({
      kind: 'server_error',
      status: 500,
      serviceCode: 'E0000009',
    });
    fake.override = () => ({
      status: 200,
      headers: { 'Content-Type': 'text/html' },
      body: '<html>Sign in to your network</html>',
    });
    expect((await failureOf(client.getApp(CLUMIO_APP_ID))).info.kind).toBe('bad_response');
  });

  it("times out a request the service holds, on the client's clock", async () => {
    const { client, fake, clock } = await okta([], { timeoutMs: 5000 });
    fake.holdWhen = (r) => r.path.endsWith('/group-push/mappings');
    const pending = failureOf(client.listPushMappings(CLUMIO_APP_ID));
    await fake.untilHeld();
    clock.advance(4999);
    expect(fake.heldCount).toBe(1);
    clock.advance(1);
    const error = await pending;
    expect(error.info).toMatchObject({
      kind: 'timeout',
      timeoutMs: 5000,
      path: `/api/v1/apps/${CLUMIO_APP_ID}/group-push/mappings?limit=1000`,
    });
  });

  it('is "unreachable" when nothing listens, and refuses bad URLs before any request', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new OktaClient({ orgUrl: `http://127.0.0.1:${port}`, apiToken: TOKEN, clock: new ManualClock() });
    expect((await failureOf(client.getApp(CLUMIO_APP_ID))).info).toMatchObject({
      kind: 'unreachable',
      networkCode: 'ECONNREFUSED',
    });

    for (const url of [
      'http://example.okta.com',
      'https://example-admin.okta.com',
      'https://example.okta.com/app/UserHome',
      'not a url',
    ]) {
      expect(() => new OktaClient({ orgUrl: url, apiToken: TOKEN })).toThrow(TenantApiError);
    }
    expect(new OktaClient({ orgUrl: 'https://example.okta.com/', apiToken: TOKEN }).orgUrl).toBe(
      'https://example.okta.com',
    );
  });

  it('connects directly even with HTTPS_PROXY set (the SDK would route loopback through it)', async () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    try {
      const { client } = await okta();
      expect((await client.getApp(CLUMIO_APP_ID)).value.label).toBe('Clumio');
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });
});

describe('Okta client: rate limits', () => {
  it('never exceeds the remaining budget: with none left it waits for the reset instead of sending', async () => {
    const { client, fake, clock } = await okta();
    fake.rateLimit = 2;
    await client.getApp(CLUMIO_APP_ID);
    await client.getApp(CLUMIO_APP_ID);
    const third = client.getApp(CLUMIO_APP_ID);
    const wait = await clock.untilSleeping();
    expect(wait).toBe(61_000); // the window resets at the next minute; one second of margin
    expect(fake.requests).toHaveLength(2);
    clock.advance(wait);
    await expect(third).resolves.toMatchObject({ value: { id: CLUMIO_APP_ID } });
    expect(fake.requests).toHaveLength(3);
    // Other buckets are not held back: a different endpoint has its own budget.
    fake.rateLimit = 1;
    await client.getProvisioning(CLUMIO_APP_ID);
  });

  it('on a 429 (another client used the budget) waits until X-Rate-Limit-Reset, then retries', async () => {
    const { client, fake, clock } = await okta();
    fake.rateLimit = 1;
    const other = new OktaClient({ orgUrl: fake.origin, apiToken: TOKEN, clock });
    await other.getApp(CLUMIO_APP_ID);
    const pending = client.getApp(CLUMIO_APP_ID);
    const wait = await clock.untilSleeping();
    expect(fake.requests).toHaveLength(2);
    expect(wait).toBe(61_000);
    clock.advance(wait);
    const answer = await pending;
    expect(answer.value.id).toBe(CLUMIO_APP_ID);
    expect(answer.call.pages).toBe(1);
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up with "rate_limited" and when to retry, when the reset is further away than it may wait', async () => {
    const { client, fake, clock } = await okta([], { maxRateLimitWaitMs: 10_000 });
    fake.rateLimit = 1;
    await new OktaClient({ orgUrl: fake.origin, apiToken: TOKEN, clock }).getApp(CLUMIO_APP_ID);
    const error = await failureOf(client.getApp(CLUMIO_APP_ID));
    expect(error.info).toMatchObject({
      kind: 'rate_limited',
      status: 429,
      serviceCode: 'E0000047',
      retryAt: new Date(clock.now() + 61_000).toISOString(),
    });
    expect(fake.requests).toHaveLength(2);
    // Its own budget now knows: the next call fails at once, without a request.
    const again = await failureOf(client.getApp(CLUMIO_APP_ID));
    expect(again.info.kind).toBe('rate_limited');
    expect(fake.requests).toHaveLength(2);
  });
});
