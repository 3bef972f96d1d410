/**
 * The Clumio client against the fake Clumio REST API (test/fakes/clumio), a real HTTP server on 127.0.0.1.
 * The fake is the only stand-in: Clumio cannot be reached from this machine, and the fake follows the
 * reference of the real API (paths, versioned media types, `_embedded`/`_links` envelopes, page tokens and
 * page numbers, `{errors: [...]}` bodies, 429 without headers). Time is a ManualClock: no test sleeps.
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ClumioClient, type ClumioClientOptions } from '../../server/tenants/clumio/clumio-client.js';
import { CLUMIO_MEDIA_TYPES } from '../../server/tenants/clumio/clumio-operations.js';
import { TenantApiError } from '../../server/tenants/tenant-error.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { ClumioFake } from '../fakes/clumio/clumio-fake.js';
import {
  CLUMIO_USERS,
  clumioAccount,
  clumioScenarios,
  ROLES,
  RULE_IDS,
  UNITS,
  type ClumioScenario,
} from '../fakes/clumio/clumio-account.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.clumio-api-token-secret.signature';
const RULES = '/settings/auto-user-provisioning/rules';
const fakes: ClumioFake[] = [];

async function clumio(scenarios: ClumioScenario[] = [], options: Partial<ClumioClientOptions> = {}) {
  const clock = new ManualClock();
  const fake = await new ClumioFake({
    account: clumioAccount(...scenarios),
    token: TOKEN,
    now: () => clock.now(),
  }).listen();
  fakes.push(fake);
  const client = new ClumioClient({ baseUrl: fake.origin, apiToken: TOKEN, clock, ...options });
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

const adminsRule = {
  name: 'okta-clumio-admins',
  condition: '{"user.groups":{"$eq":"Clumio Admins"}}',
  provision: { role_id: ROLES.superAdmin, organizational_unit_ids: [UNITS.global] },
};

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

describe('Clumio client: reads, as sent', () => {
  it('lists rules with the rules media type, a Bearer token and the OU context header, following page tokens', async () => {
    const { fake, client } = await clumio();
    fake.pageSize = 1;
    const rules = await client.listRules();
    expect(rules.value.map((r) => r.rule_id)).toEqual([RULE_IDS.admins, RULE_IDS.backup]);
    expect(rules.value[0]).toEqual({ rule_id: RULE_IDS.admins, ...adminsRule });
    expect(rules.call).toMatchObject({
      service: 'clumio',
      method: 'GET',
      path: `${RULES}?limit=100`,
      status: 200,
      pages: 2,
    });
    const sent = fake.requestsTo(RULES);
    expect(sent).toHaveLength(2);
    for (const request of sent) {
      expect(request.accept).toBe('application/api.clumio.auto-user-provisioning-rules=v1+json');
      expect(request.authorizationScheme).toBe('Bearer');
      expect(request.tokenMatched).toBe(true);
      expect(request.headers['x-clumio-organizationalunit-context']).toBe(''); // sent empty, as Clumio's Go SDK does
    }
    expect(sent[0]!.query).toEqual({ limit: '100' });
    expect(sent[1]!.query).toEqual({ limit: '100', start: expect.stringMatching(/^[A-Za-z0-9_-]+$/) });
  });

  it('lists users (v2) page by page with their role on each OU', async () => {
    const { fake, client } = await clumio([clumioScenarios.adminWithoutSuperAdmin]);
    fake.pageSize = 2;
    const users = await client.listUsers();
    expect(users.value.map((u) => u.email)).toEqual([
      CLUMIO_USERS.admin.email,
      CLUMIO_USERS.bob.email,
      CLUMIO_USERS.carol.email,
    ]);
    expect(users.value[0]).toMatchObject({
      id: '2041',
      fullName: 'Ada Admin',
      isConfirmed: true,
      isEnabled: true,
      access: [{ roleId: ROLES.organizationalUnitAdmin, organizationalUnitIds: [UNITS.engineering] }],
    });
    expect(users.call.pages).toBe(2);
    const sent = fake.requestsTo('/users');
    expect(sent.map((r) => r.accept)).toEqual([CLUMIO_MEDIA_TYPES.users, CLUMIO_MEDIA_TYPES.users]);
    expect(CLUMIO_MEDIA_TYPES.users).toBe('application/api.clumio.users=v2+json');
    expect(sent.map((r) => r.query)).toEqual([{ limit: '100' }, { limit: '100', start: '2' }]);
  });

  it('lists roles without paging parameters and OUs (v2) with the Global OU as the root', async () => {
    const { fake, client } = await clumio();
    const roles = await client.listRoles();
    expect(roles.value.map((r) => [r.id, r.name])).toEqual([
      [ROLES.superAdmin, 'Super Admin'],
      [ROLES.organizationalUnitAdmin, 'Organizational Unit Admin'],
      [ROLES.backupAdmin, 'Backup Admin'],
    ]);
    expect(fake.requestsTo('/roles')[0]).toMatchObject({ search: '', accept: 'application/api.clumio.roles=v1+json' });
    const units = await client.listOrganizationalUnits();
    expect(units.value.find((u) => u.parentId === null)).toMatchObject({
      id: UNITS.global,
      name: 'Global organizational unit',
      descendantIds: [UNITS.engineering, UNITS.finance],
    });
    expect(fake.requestsTo('/organizational-units')[0]!.accept).toBe(
      'application/api.clumio.organizational-units=v2+json',
    );
  });

  it('sends the configured OU context', async () => {
    const { fake, client } = await clumio([], { organizationalUnitContext: UNITS.engineering });
    await client.readAutoUserProvisioning();
    expect(fake.requests[0]!.headers['x-clumio-organizationalunit-context']).toBe(UNITS.engineering);
  });

  it('reads audit trails with a JSON filter', async () => {
    const { fake, client, clock } = await clumio();
    fake.account.auditTrails.push(
      {
        id: 'a1',
        action: 'update',
        category: 'users',
        status: 'success',
        timestamp: new Date(clock.now() - 3600_000).toISOString(),
        user_email: 'ada.admin@example.com',
        interface: 'API',
      },
      {
        id: 'a2',
        action: 'login',
        category: 'authentication',
        status: 'success',
        timestamp: new Date(clock.now() - 60_000).toISOString(),
        user_email: 'bob.backup@example.com',
        interface: 'UI',
      },
    );
    const since = new Date(clock.now() - 86_400_000);
    const trails = await client.listAuditTrails({ since, categories: ['users'] });
    expect(trails.value.map((t) => t.id)).toEqual(['a1']);
    const request = fake.requestsTo('/audit-trails')[0]!;
    expect(request.accept).toBe('application/api.clumio.audit-trails=v1+json');
    expect(JSON.parse(request.query.filter!)).toEqual({
      start_timestamp: { $gte: since.toISOString() },
      category: { $in: ['users'] },
    });
  });
});

describe('Clumio client: writes change the account', () => {
  it('creates, updates (PUT, the whole rule) and deletes rules, sending exactly name, condition and provision', async () => {
    const { fake, client } = await clumio();
    const condition = '{"user.groups":{"$contains":{"$in":["Restore"]}}}';
    const created = await client.createRule({
      name: 'restore-helpers',
      condition,
      provision: { role_id: ROLES.backupAdmin, organizational_unit_ids: [UNITS.finance] },
    });
    expect(created.call).toMatchObject({ method: 'POST', path: RULES, status: 201 });
    expect(created.value).toMatchObject({ name: 'restore-helpers', condition });
    const post = fake.requests.at(-1)!;
    expect(post).toMatchObject({ method: 'POST', accept: CLUMIO_MEDIA_TYPES.rules, contentType: 'application/json' });
    expect(post.body).toEqual({
      name: 'restore-helpers',
      condition,
      provision: { role_id: ROLES.backupAdmin, organizational_unit_ids: [UNITS.finance] },
    });

    // A rule read back (with rule_id) is sent without it.
    const changed = {
      ...created.value,
      provision: { ...created.value.provision, organizational_unit_ids: [UNITS.finance, UNITS.engineering] },
    };
    const updated = await client.updateRule(created.value.rule_id, changed);
    expect(updated.call).toMatchObject({ method: 'PUT', path: `${RULES}/${created.value.rule_id}`, status: 200 });
    expect(fake.requests.at(-1)!.body).toEqual({
      name: 'restore-helpers',
      condition,
      provision: { role_id: ROLES.backupAdmin, organizational_unit_ids: [UNITS.finance, UNITS.engineering] },
    });
    expect(
      fake.account.rules.find((r) => r.rule_id === created.value.rule_id)!.provision.organizational_unit_ids,
    ).toEqual([UNITS.finance, UNITS.engineering]);

    const deleted = await client.deleteRule(created.value.rule_id);
    expect(deleted).toMatchObject({ value: null, call: { method: 'DELETE', status: 200 } });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', accept: CLUMIO_MEDIA_TYPES.rules, rawBody: '' });
    expect(fake.account.rules.map((r) => r.rule_id)).toEqual([RULE_IDS.admins, RULE_IDS.backup]);
  });

  it('turns auto user provisioning off and on with the settings media type', async () => {
    const { fake, client } = await clumio();
    const off = await client.setAutoUserProvisioning(false);
    expect(off.value).toEqual({ isEnabled: false });
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/settings/auto-user-provisioning',
      accept: CLUMIO_MEDIA_TYPES.autoUserProvisioning,
      body: { is_enabled: false },
    });
    expect(fake.account.autoUserProvisioning.is_enabled).toBe(false);
    expect((await client.readAutoUserProvisioning()).value).toEqual({ isEnabled: false });
    await client.setAutoUserProvisioning(true);
    expect(fake.account.autoUserProvisioning.is_enabled).toBe(true);
  });

  it('reports a partial failure: the first write lands, the injected second one changes nothing', async () => {
    const { fake, client } = await clumio();
    fake.failNthWrite(2);
    await client.createRule({ ...adminsRule, name: 'first' });
    const error = await failureOf(client.createRule({ ...adminsRule, name: 'second' }));
    expect(error.info).toMatchObject({ kind: 'server_error', status: 500, method: 'POST', path: RULES });
    expect(fake.account.rules.map((r) => r.name)).toEqual(['okta-clumio-admins', 'backup-operators', 'first']);
    await client.createRule({ ...adminsRule, name: 'second' }); // the injected failure is spent
    expect(fake.account.rules).toHaveLength(4);
  });
});

describe('Clumio fake: follows the reference to the letter', () => {
  it('answers 406 to a media type or version it does not serve, and the latest version to no Accept', async () => {
    const { fake } = await clumio();
    const get = (accept: string | null) =>
      fetch(`${fake.origin}/users`, {
        headers: { Authorization: `Bearer ${TOKEN}`, ...(accept === null ? {} : { Accept: accept }) },
      });
    const wrong = await get('application/api.clumio.users=v9+json');
    expect(wrong.status).toBe(406);
    expect(await wrong.json()).toEqual({ errors: [{ error_code: 406, error_message: expect.any(String) }] });
    expect((await get('application/api.clumio.roles=v1+json')).status).toBe(406);
    const v1 = await (await get('application/api.clumio.users=v1+json')).json();
    expect(v1._embedded.items[0]).toMatchObject({
      assigned_role: ROLES.superAdmin,
      assigned_organizational_unit_ids: [UNITS.global],
    });
    const latest = await (await get(null)).json();
    expect(latest._embedded.items[0].access_control_configuration).toBeDefined();
    expect((await get('application/api.clumio.*=v1&users=v2+json')).status).toBe(200);
  });

  it("parses a body as JSON whatever its Content-Type (Clumio's Go SDK sends text/plain)", async () => {
    const { fake } = await clumio();
    const res = await fetch(`${fake.origin}${RULES}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${TOKEN}`,
        Accept: CLUMIO_MEDIA_TYPES.rules,
        'Content-Type': 'text/plain; charset=utf-8',
      },
      body: JSON.stringify({ ...adminsRule, name: 'from-go' }),
    });
    expect(res.status).toBe(201);
    expect(fake.account.rules.at(-1)!.name).toBe('from-go');
  });
});

describe('Clumio client: errors, one vocabulary', () => {
  it('401: a wrong token is "unauthorized", and the token is in no message, field or cause', async () => {
    const wrong = 'eyJwrong.token.value';
    const { client } = await clumio([], { apiToken: wrong });
    const error = await failureOf(client.listRules());
    expect(error.info).toMatchObject({ service: 'clumio', kind: 'unauthorized', status: 401, serviceCode: '401' });
    expect(error.cause).toBeUndefined();
    for (const text of [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      inspect(client, { depth: 10 }),
    ]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain('clumio-api-token-secret');
    }
  });

  it("403: names the role the token's user needs", async () => {
    const { fake, client } = await clumio();
    fake.denied.add('auto-user-provisioning-rules');
    const error = await failureOf(client.listRules());
    expect(error.info).toMatchObject({
      kind: 'forbidden',
      status: 403,
      requiredRole: 'Super Admin on the Global organizational unit',
    });
  });

  it("404, 409 and Clumio's own refusals carry Clumio's error_code and error_message", async () => {
    const { client, fake } = await clumio([clumioScenarios.noSuperAdminRule]);
    expect((await failureOf(client.updateRule('no-such-rule', adminsRule))).info).toMatchObject({
      kind: 'not_found',
      status: 404,
    });
    const duplicate = await failureOf(client.createRule({ ...adminsRule, name: 'backup-operators' }));
    expect(duplicate.info).toMatchObject({
      kind: 'rejected',
      status: 409,
      serviceCode: '409',
      serviceMessage: 'A rule named "backup-operators" already exists.',
    });
    const enable = await failureOf(client.setAutoUserProvisioning(true));
    expect(enable.info).toMatchObject({ kind: 'rejected', status: 400, serviceCode: '111' });
    expect(enable.info.serviceMessage).toContain('Super Admin role on the Global organizational unit');
    expect(fake.account.autoUserProvisioning.is_enabled).toBe(false);
  });

  it('refuses to remove the last Super Admin rule while auto user provisioning is on (the fake keeps the account whole)', async () => {
    const { client, fake } = await clumio();
    const error = await failureOf(client.deleteRule(RULE_IDS.admins));
    expect(error.info).toMatchObject({ kind: 'rejected', status: 400 });
    expect(fake.account.rules.map((r) => r.rule_id)).toContain(RULE_IDS.admins);
  });

  it('429: backs off 1 s, then 2 s, on its clock, and retries (a write too)', async () => {
    const { client, fake, clock } = await clumio();
    fake.refuseNext = 2;
    const pending = client.createRule({ ...adminsRule, name: 'after-429' });
    expect(await clock.untilSleeping()).toBe(1000);
    expect(fake.requests).toHaveLength(1);
    clock.advance(1000);
    await fake.untilReceived(2);
    expect(await clock.untilSleeping()).toBe(2000);
    clock.advance(2000);
    const created = await pending;
    expect(created.call.status).toBe(201);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
    expect(fake.account.rules.filter((r) => r.name === 'after-429')).toHaveLength(1);
  });

  it('429 after the bounded retries is "rate_limited"', async () => {
    const { client, fake, clock } = await clumio([], { maxRetries: 1 });
    fake.refuseNext = 5;
    const pending = failureOf(client.listRoles());
    clock.advance(await clock.untilSleeping());
    const error = await pending;
    expect(error.info).toMatchObject({ kind: 'rate_limited', status: 429, retryAt: null });
    expect(fake.requests).toHaveLength(2);
  });

  it("times out a request the service holds, on the client's clock", async () => {
    const { client, fake, clock } = await clumio([], { timeoutMs: 3000 });
    fake.holdWhen = () => true;
    const pending = failureOf(client.readAutoUserProvisioning());
    await fake.untilHeld();
    clock.advance(3000);
    expect((await pending).info).toMatchObject({
      kind: 'timeout',
      timeoutMs: 3000,
      path: '/settings/auto-user-provisioning',
    });
  });

  it('is "unreachable" when nothing listens; refuses http to other hosts, credentials and queries in the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new ClumioClient({ baseUrl: `http://127.0.0.1:${port}`, apiToken: TOKEN, clock: new ManualClock() });
    expect((await failureOf(client.listRoles())).info).toMatchObject({
      kind: 'unreachable',
      networkCode: 'ECONNREFUSED',
    });
    for (const url of [
      'http://us-west-2.api.clumio.com',
      'https://user:pw@us-west-2.api.clumio.com',
      'https://us-west-2.api.clumio.com/?token=x',
      'ftp://x',
    ]) {
      const error = (() => {
        try {
          new ClumioClient({ baseUrl: url, apiToken: TOKEN });
        } catch (e) {
          return e as TenantApiError;
        }
        throw new Error(`accepted ${url}`);
      })();
      expect(error.info.kind).toBe('bad_url');
      expect(error.message).not.toContain('pw');
    }
    expect(new ClumioClient({ baseUrl: 'https://us-west-2.api.clumio.com/', apiToken: TOKEN }).baseUrl).toBe(
      'https://us-west-2.api.clumio.com',
    );
  });

  it('is "bad_response" for an answer that is not Clumio\'s JSON', async () => {
    const { client, fake } = await clumio();
    fake.override = () => ({
      status: 200,
      headers: { 'Content-Type': 'text/html' },
      body: '<html>captive portal</html>',
    });
    expect((await failureOf(client.listRules())).info).toMatchObject({
      kind: 'bad_response',
      serviceMessage: 'the answer is not JSON',
    });
    fake.override = () => ({ status: 200, body: { _embedded: { items: 'nope' } } });
    expect((await failureOf(client.listUsers())).info.serviceMessage).toContain('_embedded.items is not a list');
  });
});
