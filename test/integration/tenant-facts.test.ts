/**
 * The tenant facts layer reading both fakes (test/fakes/okta and test/fakes/clumio), real HTTP servers on
 * 127.0.0.1. The fakes are the only stand-ins: Okta and Clumio cannot be reached from this machine, and the
 * fakes follow the reference of the real APIs. One story per scenario: what the snapshot says, with evidence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ClumioClient } from '../../server/tenants/clumio/clumio-client.js';
import { readTenantSnapshot } from '../../server/tenants/facts/read-snapshot.js';
import type { Reading } from '../../server/tenants/facts/reading.js';
import { SnapshotCache } from '../../server/tenants/facts/snapshot-cache.js';
import { OktaClient } from '../../server/tenants/okta/okta-client.js';
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
import { OktaFake } from '../fakes/okta/okta-fake.js';
import { CLUMIO_APP_ID, GROUPS, oktaOrg, oktaScenarios, USERS, type OktaScenario } from '../fakes/okta/okta-org.js';

const OKTA_TOKEN = '00oktaSSWStokenForFactsTests000000000000';
const CLUMIO_TOKEN = 'eyJclumio.facts.token';
const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
});

async function tenants(
  setup: { okta?: OktaScenario[]; clumio?: ClumioScenario[]; concurrency?: number; adminLogin?: string | null } = {},
) {
  const clock = new ManualClock();
  const oktaFake = await new OktaFake({
    org: oktaOrg(clock.now(), ...(setup.okta ?? [])),
    token: OKTA_TOKEN,
    now: () => clock.now(),
  }).listen();
  const clumioFake = await new ClumioFake({
    account: clumioAccount(...(setup.clumio ?? [])),
    token: CLUMIO_TOKEN,
    now: () => clock.now(),
  }).listen();
  running.push(oktaFake, clumioFake);
  const okta = new OktaClient({ orgUrl: oktaFake.origin, apiToken: OKTA_TOKEN, clock, timeoutMs: 10_000 });
  const clumio = new ClumioClient({ baseUrl: clumioFake.origin, apiToken: CLUMIO_TOKEN, clock });
  const read = () =>
    readTenantSnapshot({
      okta: { client: okta, appId: CLUMIO_APP_ID },
      clumio: { client: clumio },
      adminLogin: setup.adminLogin === undefined ? USERS.admin.login : setup.adminLogin,
      clock,
      concurrency: setup.concurrency,
    });
  return { clock, oktaFake, clumioFake, okta, clumio, read };
}

function value<T>(reading: Reading<T> | null | undefined): T {
  if (!reading) throw new Error('no reading');
  if (!reading.ok) throw new Error(`reading failed: ${reading.sentence}`);
  return reading.value;
}

describe('tenant facts: the healthy org and account', () => {
  it('reads everything the checklist and the rules preview need, with evidence per item', async () => {
    const { read, oktaFake, clumioFake, clock } = await tenants();
    const snapshot = await read();
    const okta = snapshot.okta!;
    const clumio = snapshot.clumio!;

    expect(value(okta.app)).toMatchObject({
      label: 'Clumio',
      userNameTemplate: { template: '${source.email}', type: 'BUILT_IN' },
    });
    expect(okta.app.ok && okta.app.evidence).toEqual({
      calls: [
        expect.objectContaining({
          service: 'okta',
          method: 'GET',
          path: `/api/v1/apps/${CLUMIO_APP_ID}`,
          status: 200,
          at: new Date(clock.now()).toISOString(),
        }),
      ],
      said: '"Clumio" (SAML_2_0, ACTIVE); username format ${source.email} (BUILT_IN)',
      at: new Date(clock.now()).toISOString(),
    });
    expect(value(okta.provisioning)).toEqual({
      answer: 'features',
      enabled: true,
      createUsers: true,
      updateUserAttributes: true,
      deactivateUsers: true,
      syncPassword: false,
    });
    expect(value(okta.connection)).toMatchObject({ answer: 'connection', status: 'ENABLED' });

    const pushed = value(okta.pushedGroups);
    expect(pushed.map((g) => [g.clumioName, g.clumioNameFrom, g.status, g.errorSummary])).toEqual([
      ['Clumio Admins', 'target-group', 'ACTIVE', null],
      ['Backup Operators', 'target-group', 'ACTIVE', null],
    ]);
    expect(pushed[0]!.members.map((m) => [m.login, m.assigned, m.userName])).toEqual([
      [USERS.admin.login, true, USERS.admin.login],
      [USERS.erin.login, false, null],
    ]);
    expect(okta.pushedGroups.ok && okta.pushedGroups.evidence.calls.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        `/api/v1/apps/${CLUMIO_APP_ID}/group-push/mappings?limit=1000`,
        `/api/v1/groups/${GROUPS.adminsPushed}`,
        `/api/v1/groups/${GROUPS.admins}/users?limit=200`,
      ]),
    );

    expect(value(okta.population)).toEqual([
      { id: USERS.admin.id, userName: USERS.admin.login, active: true, groups: ['Clumio Admins'] },
      { id: USERS.bob.id, userName: USERS.bob.login, active: true, groups: ['Backup Operators'] },
      { id: USERS.carol.id, userName: USERS.carol.login, active: true, groups: [] },
      { id: USERS.dave.id, userName: USERS.dave.login, active: false, groups: ['Backup Operators'] },
    ]);
    expect(value(okta.admin)).toMatchObject({
      login: USERS.admin.login,
      user: { id: USERS.admin.id, status: 'ACTIVE' },
      assignment: { scope: 'GROUP', syncState: 'SYNCHRONIZED', userName: USERS.admin.login },
      pushedGroups: ['Clumio Admins'],
    });
    expect(value(okta.assignments).groups).toEqual([{ id: GROUPS.users, priority: 0, name: 'Clumio Users' }]);
    expect(value(okta.failures).events).toEqual([]);

    expect(value(clumio.rules).map((r) => r.rule_id)).toEqual([RULE_IDS.admins, RULE_IDS.backup]);
    expect(value(clumio.superAdminRules).map((r) => r.name)).toEqual(['okta-clumio-admins']);
    expect(clumio.superAdminRules.ok && clumio.superAdminRules.evidence.said).toBe(
      'Super Admin on the Global OU from "okta-clumio-admins"',
    );
    expect(value(clumio.autoUserProvisioning)).toEqual({ isEnabled: true });
    expect(value(clumio.users).find((u) => u.email === CLUMIO_USERS.bob.email)!.roleOnUnits).toEqual([
      {
        roleId: ROLES.backupAdmin,
        roleName: 'Backup Admin',
        organizationalUnitId: UNITS.engineering,
        organizationalUnitName: 'Engineering',
      },
    ]);
    expect(clumio).toMatchObject({ superAdminRoleId: ROLES.superAdmin, globalOrganizationalUnitId: UNITS.global });
    expect(value(snapshot.clumioAdmin)).toMatchObject({
      matchedBy: 'app username',
      superAdminOnGlobal: true,
      user: { id: CLUMIO_USERS.admin.id },
    });

    // What the fakes received: reads only, the right credentials and media types, one request per page.
    expect(oktaFake.requests).toHaveLength(15);
    expect(
      oktaFake.requests.every((r) => r.method === 'GET' && r.authorizationScheme === 'SSWS' && r.tokenMatched),
    ).toBe(true);
    expect(clumioFake.requests.map((r) => `${r.method} ${r.path} ${r.accept}`).sort()).toEqual([
      'GET /organizational-units application/api.clumio.organizational-units=v2+json',
      'GET /roles application/api.clumio.roles=v1+json',
      'GET /settings/auto-user-provisioning application/api.clumio.auto-user-provisioning-settings=v1+json',
      'GET /settings/auto-user-provisioning/rules application/api.clumio.auto-user-provisioning-rules=v1+json',
      'GET /users application/api.clumio.users=v2+json',
    ]);
  });

  it('sends at most `concurrency` requests to a service at once', async () => {
    const { read, oktaFake, clumioFake } = await tenants({ concurrency: 1 });
    const snapshot = await read();
    expect(value(snapshot.okta!.population)).toHaveLength(4);
    expect(oktaFake.requests).toHaveLength(15);
    expect(oktaFake.maxInFlight).toBe(1);
    expect(clumioFake.maxInFlight).toBe(1);
  });
});

describe('tenant facts: each Okta scenario', () => {
  it('username format "Okta username"', async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.usernameOktaUsername] })).read();
    expect(value(snapshot.okta!.app).userNameTemplate!.template).toBe('${source.login}');
    expect(snapshot.okta!.app.ok && snapshot.okta!.app.evidence.said).toContain('username format ${source.login}');
  });

  it('provisioning features off and Sync Password on', async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.provisioningOff] })).read();
    expect(value(snapshot.okta!.provisioning)).toMatchObject({
      createUsers: false,
      updateUserAttributes: false,
      deactivateUsers: false,
      syncPassword: true,
    });
    expect(snapshot.okta!.provisioning.ok && snapshot.okta!.provisioning.evidence.said).toBe(
      'USER_PROVISIONING ENABLED: Create Users off, Update User Attributes off, Deactivate Users off, Sync Password on',
    );
  });

  it('Okta does not say for this app: a fact, not a failure', async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.featuresNotSaid] })).read();
    const provisioning = value(snapshot.okta!.provisioning);
    expect(provisioning.answer).toBe('not-said');
    expect(snapshot.okta!.provisioning.ok && snapshot.okta!.provisioning.evidence.calls[0]!.status).toBe(404);
    expect(value(snapshot.okta!.app).features).toContain('PUSH_NEW_USERS'); // what the checklist can fall back on
  });

  it('a push mapping in ERROR: its errorSummary, and its group counts for nobody', async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.pushMappingError] })).read();
    const admins = value(snapshot.okta!.pushedGroups).find((g) => g.sourceGroup.id === GROUPS.admins)!;
    expect(admins).toMatchObject({
      status: 'ERROR',
      errorSummary: 'Errors reported by remote server: Resource [GROUP]: with displayName already exists.',
    });
    expect(value(snapshot.okta!.population).find((u) => u.id === USERS.admin.id)!.groups).toEqual([]);
    expect(value(snapshot.okta!.admin).pushedGroups).toEqual([]);
  });

  it("the pushed group is missing from Okta: its Clumio name falls back to the source group's", async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.pushedGroupMissing] })).read();
    expect(value(snapshot.okta!.pushedGroups).find((g) => g.sourceGroup.id === GROUPS.backup)).toMatchObject({
      clumioName: 'Backup Operators',
      clumioNameFrom: 'source-group',
    });
  });

  it('the admin unassigned: no assignment, still found in Clumio by Okta email', async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.adminUnassigned] })).read();
    const admin = value(snapshot.okta!.admin);
    expect(admin.assignment).toBeNull();
    expect(admin.pushedGroups).toEqual(['Clumio Admins']); // in the group, but not assigned: not pushed
    expect(snapshot.okta!.admin!.ok && snapshot.okta!.admin!.evidence.said).toContain('not assigned to the app');
    expect(value(snapshot.okta!.population).map((u) => u.id)).not.toContain(USERS.admin.id);
    expect(value(snapshot.clumioAdmin)).toMatchObject({ matchedBy: 'okta email', superAdminOnGlobal: true });
  });

  it('the admin assigned but OUT_OF_SYNC', async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.adminOutOfSync] })).read();
    expect(value(snapshot.okta!.admin).assignment).toMatchObject({ syncState: 'OUT_OF_SYNC' });
  });

  it('the admin in no pushed group', async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.adminNotInPushedGroup] })).read();
    expect(value(snapshot.okta!.admin)).toMatchObject({
      pushedGroups: [],
      groups: expect.arrayContaining(['Clumio Users', 'Everyone']),
    });
  });

  it('provisioning failures of the last 24 hours, each with its reason', async () => {
    const snapshot = await (await tenants({ okta: [oktaScenarios.provisioningFailures] })).read();
    const failures = value(snapshot.okta!.failures);
    expect(failures.events.map((e) => [e.eventType, e.reason])).toEqual([
      [
        'application.provision.group_push.mapping.update.or.delete.failed.with.error',
        'Errors reported by remote server: Resource [GROUP]: with displayName already exists.',
      ],
      [
        'application.provision.user.push_profile',
        'Error while verifying if user bob.backup@example.com exists: Unauthorized',
      ],
      ['application.provision.user.push', expect.stringContaining('Create new user returned empty user.')],
    ]);
    expect(snapshot.okta!.failures.ok && snapshot.okta!.failures.evidence.said).toMatch(
      /^3 provisioning failure\(s\) between /,
    );
  });

  it('no admin login configured: no admin facts, nothing looked up', async () => {
    const { read, oktaFake } = await tenants({ adminLogin: null });
    const snapshot = await read();
    expect(snapshot.okta!.admin).toBeNull();
    expect(snapshot.clumioAdmin).toBeNull();
    expect(oktaFake.requestsTo(/^\/api\/v1\/users\//)).toEqual([]);
  });
});

describe('tenant facts: each Clumio scenario', () => {
  it('no rule gives Super Admin on the Global OU', async () => {
    const snapshot = await (await tenants({ clumio: [clumioScenarios.noSuperAdminRule] })).read();
    expect(value(snapshot.clumio!.superAdminRules)).toEqual([]);
    expect(snapshot.clumio!.superAdminRules.ok && snapshot.clumio!.superAdminRules.evidence.said).toBe(
      'none of the 1 rule(s) gives Super Admin on the Global OU',
    );
    expect(value(snapshot.clumio!.autoUserProvisioning).isEnabled).toBe(false);
  });

  it("the admin's Clumio user without Super Admin on the Global OU", async () => {
    const snapshot = await (await tenants({ clumio: [clumioScenarios.adminWithoutSuperAdmin] })).read();
    const admin = value(snapshot.clumioAdmin);
    expect(admin).toMatchObject({ superAdminOnGlobal: false, matchedBy: 'app username' });
    expect(admin.user!.roleOnUnits).toEqual([
      {
        roleId: ROLES.organizationalUnitAdmin,
        roleName: 'Organizational Unit Admin',
        organizationalUnitId: UNITS.engineering,
        organizationalUnitName: 'Engineering',
      },
    ]);
    expect(snapshot.clumioAdmin!.ok && snapshot.clumioAdmin!.evidence.said).toBe(
      'ada.admin@example.com (app username) does not hold Super Admin on the Global OU',
    );
  });

  it('auto user provisioning disabled', async () => {
    const snapshot = await (await tenants({ clumio: [clumioScenarios.autoProvisioningDisabled] })).read();
    expect(value(snapshot.clumio!.autoUserProvisioning)).toEqual({ isEnabled: false });
    expect(snapshot.clumio!.autoUserProvisioning.ok && snapshot.clumio!.autoUserProvisioning.evidence.said).toBe(
      'is_enabled: false',
    );
  });
});

describe('tenant facts: failures stay on their own items', () => {
  it('a token without okta.logs.read fails the System Log item only, with a sentence naming the scope', async () => {
    const { read, oktaFake } = await tenants();
    oktaFake.deniedScopes.add('okta.logs.read');
    const snapshot = await read();
    const failures = snapshot.okta!.failures;
    expect(failures.ok).toBe(false);
    if (failures.ok) return;
    expect(failures.error).toMatchObject({ kind: 'forbidden', status: 403, requiredScopes: ['okta.logs.read'] });
    expect(failures.sentence).toContain('okta.logs.read');
    expect(snapshot.okta!.app.ok && snapshot.okta!.pushedGroups.ok && snapshot.okta!.admin!.ok).toBe(true);
  });

  it('a bad Okta token fails every Okta item with one sentence; Clumio is read all the same', async () => {
    const { clock, clumio, oktaFake } = await tenants();
    const okta = new OktaClient({ orgUrl: oktaFake.origin, apiToken: 'not-the-token', clock });
    const snapshot = await readTenantSnapshot({
      okta: { client: okta, appId: CLUMIO_APP_ID },
      clumio: { client: clumio },
      adminLogin: USERS.admin.login,
      clock,
    });
    for (const item of [
      snapshot.okta!.app,
      snapshot.okta!.provisioning,
      snapshot.okta!.pushedGroups,
      snapshot.okta!.failures,
      snapshot.okta!.admin!,
      snapshot.okta!.population,
    ]) {
      expect(item.ok).toBe(false);
      if (!item.ok) expect(item.sentence).toMatch(/^Okta refused the API token \(401 E0000011\)/);
    }
    expect(value(snapshot.clumio!.rules)).toHaveLength(2);
    // The admin is then matched in Clumio by the configured login alone.
    expect(value(snapshot.clumioAdmin)).toMatchObject({ matchedBy: 'configured login' });
    expect(JSON.stringify(snapshot)).not.toContain('not-the-token');
  });

  it('a call that times out fails its item (and the items built on it) only', async () => {
    const { read, oktaFake, clock } = await tenants({ concurrency: 1 });
    oktaFake.holdWhen = (r) => r.path.endsWith('/group-push/mappings');
    const pending = read();
    await oktaFake.untilHeld();
    clock.advance(10_000);
    const snapshot = await pending;
    expect(snapshot.okta!.pushedGroups.ok === false && snapshot.okta!.pushedGroups.error).toMatchObject({
      kind: 'timeout',
      timeoutMs: 10_000,
    });
    expect(snapshot.okta!.population.ok).toBe(false);
    expect(value(snapshot.okta!.admin).pushedGroups).toEqual([]);
    expect(value(snapshot.okta!.app).label).toBe('Clumio');
    expect(value(snapshot.okta!.failures).events).toEqual([]);
  });

  it('a Clumio token without the role fails the Clumio items and the admin match, with the role named', async () => {
    const { read, clumioFake } = await tenants();
    clumioFake.denied.add('users');
    const snapshot = await read();
    expect(snapshot.clumio!.users.ok).toBe(false);
    expect(snapshot.clumioAdmin!.ok === false && snapshot.clumioAdmin!.sentence).toContain(
      'Super Admin on the Global organizational unit',
    );
    expect(value(snapshot.clumio!.rules)).toHaveLength(2);
  });
});

describe('tenant facts: one read at a time', () => {
  it('concurrent refreshes of the cache share one read: one request per call, not two', async () => {
    const { read, oktaFake, clumioFake, clock } = await tenants();
    const cache = new SnapshotCache({ read, clock });
    const [first, second] = await Promise.all([cache.refresh(), cache.refresh()]);
    expect(second).toBe(first);
    expect(oktaFake.requests).toHaveLength(15);
    expect(clumioFake.requests).toHaveLength(5);
    expect(await cache.get()).toBe(first); // cached: no new request
    expect(oktaFake.requests).toHaveLength(15);
  });

  it('the cache reads again on its slow interval, driven by the clock', async () => {
    const { read, clumioFake, clock } = await tenants();
    const cache = new SnapshotCache({ read, clock, refreshEveryMs: 300_000 });
    cache.start();
    clock.advance(299_999);
    expect(cache.pending()).toBeNull();
    clock.advance(1);
    const snapshot = await cache.pending();
    expect(value(snapshot!.clumio!.rules)).toHaveLength(2);
    clumioFake.account.rules.pop();
    clock.advance(300_000);
    expect(value((await cache.pending())!.clumio!.rules)).toHaveLength(1);
    cache.stop();
  });
});
