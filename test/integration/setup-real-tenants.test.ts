/**
 * The checklist from the real tenants (`provisioning_target: "clumio"`) through the admin API: the real server on
 * 127.0.0.1 with a real data folder, connected to the fake Okta Management API and the fake Clumio REST API
 * (test/fakes). The fakes are the only stand-ins: Okta's and Clumio's APIs cannot be reached from this machine,
 * and the fakes follow the reference of both APIs. One story per scenario of the fakes: what each step says,
 * with the API's evidence or the fix. Time a client waits (a timeout, a rate-limit reset) is a ManualClock the
 * test moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupState, SetupStep, SetupStepId } from '../../server/admin/contract.js';
import { clumioScenarios, type ClumioScenario } from '../fakes/clumio/clumio-account.js';
import { CLUMIO_APP_ID, oktaScenarios, type OktaScenario } from '../fakes/okta/okta-org.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';
import { ADMIN_LOGIN, startTenantFakes, type TenantFakes } from '../helpers/tenant-fakes.js';

const running: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await (item.stop ?? item.close)!();
});

const API_STEPS: SetupStepId[] = [
  'okta-connection',
  'clumio-connection',
  'username-format',
  'api-integration',
  'create-users',
  'update-users',
  'deactivate-users',
  'sync-password-off',
  'push-groups',
  'admin-account',
  'provisioning-failures',
  'super-admin-rule',
  'clumio-admin-super-admin',
  'enable-auto-provisioning',
];
const OKTA_STEPS = API_STEPS.filter(
  (id) =>
    !['clumio-connection', 'super-admin-rule', 'clumio-admin-super-admin', 'enable-auto-provisioning'].includes(id),
);

interface Setup {
  okta?: OktaScenario[];
  clumio?: ClumioScenario[];
  clock?: ManualClock;
  timeoutMs?: number;
  /** Settings besides the current admin and the target. */
  settings?: Record<string, unknown>;
}

/** A server connected to both fakes, the admin set, Clumio as the target; the first read not made yet. */
async function connected(setup: Setup = {}): Promise<{ server: TestServer; fakes: TenantFakes }> {
  const { clock } = setup;
  const fakes = await startTenantFakes({
    okta: setup.okta,
    clumio: setup.clumio,
    ...(clock ? { now: () => clock.now() } : {}),
  });
  running.push(fakes);
  const tenants = { ...(clock ? { clock } : {}), ...(setup.timeoutMs ? { timeoutMs: setup.timeoutMs } : {}) };
  const server = await startTestServer({ desk: { tenants } });
  running.push(server);
  expect(
    (
      await server.api('PUT', '/api/settings', {
        current_admin: ADMIN_LOGIN,
        provisioning_target: 'clumio',
        ...setup.settings,
      })
    ).status,
  ).toBe(200);
  expect((await server.api('PUT', '/api/connections/okta', fakes.oktaConnect)).status).toBe(200);
  expect((await server.api('PUT', '/api/connections/clumio', fakes.clumioConnect)).status).toBe(200);
  // The read the connections started ends here, before a test changes what the fakes answer.
  expect((await server.api('POST', '/api/connections/refresh')).status).toBe(200);
  return { server, fakes };
}

async function refreshed(server: TestServer): Promise<SetupState> {
  const res = await server.api<SetupState>('POST', '/api/setup/refresh');
  expect(res.status).toBe(200);
  return res.body;
}

function step(state: SetupState, id: SetupStepId): SetupStep {
  const found = state.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${state.steps.map((s) => s.id).join(', ')}`);
  return found;
}

const states = (state: SetupState, ids: readonly SetupStepId[]) =>
  Object.fromEntries(ids.map((id) => [id, step(state, id).state]));

/** Moves the clock through every wait a client chose until `pending` settles (rate-limit resets, backoffs). */
async function letWaitsPass<T>(clock: ManualClock, pending: Promise<T>): Promise<T> {
  let settled = false;
  void pending.finally(() => (settled = true)).catch(() => {});
  while (!settled) {
    const wait = await Promise.race([
      clock.untilSleeping(),
      pending.then(
        () => null,
        () => null,
      ),
    ]);
    if (wait === null) break;
    clock.advance(wait);
  }
  return pending;
}

describe('the healthy org and account', () => {
  it('settles every API step done, each with what the API said, which call and when; the SCIM method by confirmation', async () => {
    const { server, fakes } = await connected();
    const state = await refreshed(server);
    expect(state.provisioningTarget).toBe('clumio');
    expect(state.provisioningTargetChosen).toBe(true);
    expect(state.tenants).toMatchObject({
      oktaOrg: { orgUrl: fakes.okta.origin, app: { id: CLUMIO_APP_ID, label: 'Clumio' } },
      clumioAccount: { baseUrl: fakes.clumio.origin },
      reading: false,
    });
    expect(state.tenants!.readAt).toEqual(expect.any(String));
    expect(state.steps.map((s) => s.id)).toEqual([
      'okta-connection',
      'clumio-connection',
      'provisioning-method',
      'username-format',
      'api-integration',
      'create-users',
      'update-users',
      'deactivate-users',
      'sync-password-off',
      'push-groups',
      'admin-account',
      'provisioning-failures',
      'super-admin-rule',
      'clumio-admin-super-admin',
      'enable-auto-provisioning',
    ]);
    for (const id of API_STEPS) {
      const s = step(state, id);
      expect(s.state, `${id}: ${s.fix}`).toBe('done');
      expect(s.check).toBe(OKTA_STEPS.includes(id) ? 'okta-api' : 'clumio-api');
      expect(s.fix).toBeNull();
      expect(s.evidence!.calls!.length, id).toBeGreaterThan(0);
      expect(s.evidence!.at).toEqual(expect.any(String));
    }
    expect(step(state, 'username-format').evidence).toMatchObject({
      summary: 'Okta: the Application username format of "Clumio" is "Email" (${source.email}).',
      calls: [{ service: 'okta', method: 'GET', path: `/api/v1/apps/${CLUMIO_APP_ID}`, status: 200 }],
    });
    expect(step(state, 'create-users').evidence!.calls).toEqual([
      expect.objectContaining({ path: `/api/v1/apps/${CLUMIO_APP_ID}/features/USER_PROVISIONING`, status: 200 }),
    ]);
    expect(step(state, 'push-groups').evidence!.summary).toBe(
      'Okta pushes 2 group(s) to Clumio, every mapping ACTIVE: "Clumio Admins", "Backup Operators".',
    );
    expect(step(state, 'admin-account').evidence!.summary).toContain(
      'syncState SYNCHRONIZED; in the pushed group(s) "Clumio Admins"',
    );
    expect(step(state, 'provisioning-failures').evidence!.summary).toMatch(
      /^Okta's System Log: no provisioning failure of "Clumio" between /,
    );
    expect(step(state, 'provisioning-failures').evidence!.calls![0]!.path).toMatch(/^\/api\/v1\/logs\?/);
    expect(step(state, 'clumio-admin-super-admin').evidence!.summary).toBe(
      'Clumio: ada.admin@example.com (user 2041) holds Super Admin on Global organizational unit.',
    );
    expect(step(state, 'super-admin-rule').evidence!.summary).toBe(
      `Clumio: "okta-clumio-admins" give(s) Super Admin on the Global OU, to ${ADMIN_LOGIN} on what Okta pushes.`,
    );
    expect(step(state, 'enable-auto-provisioning').evidence!.calls).toEqual([
      expect.objectContaining({ service: 'clumio', path: '/settings/auto-user-provisioning', status: 200 }),
    ]);
    expect(state.warnings).toEqual([]);

    // The one step no API shows: Clumio's SCIM configuration and provisioning method, confirmed by the admin.
    const method = step(state, 'provisioning-method');
    expect(method).toMatchObject({
      state: 'todo',
      check: 'confirmation',
      confirmable: true,
      guide: { console: 'Clumio' },
    });
    expect(state.complete).toBe(false);
    const confirmed = await server.api<SetupState>('POST', '/api/setup/steps/provisioning-method/confirm', {});
    expect(step(confirmed.body, 'provisioning-method').state).toBe('confirmed');
    expect(confirmed.body.complete).toBe(true);
  });

  it('GET /api/setup answers from the latest read: no request to Okta or Clumio, however often it is asked', async () => {
    const { server, fakes } = await connected();
    await refreshed(server);
    const okta = fakes.okta.requests.length;
    const clumio = fakes.clumio.requests.length;
    const ruleReads = fakes.clumio.requestsTo('/settings/auto-user-provisioning/rules').length;
    for (let i = 0; i < 5; i += 1) expect((await server.api('GET', '/api/setup')).status).toBe(200);
    expect([fakes.okta.requests.length, fakes.clumio.requests.length]).toEqual([okta, clumio]);
    // A refresh reads both again, once.
    await refreshed(server);
    expect(fakes.okta.requests.length).toBeGreaterThan(okta);
    expect(fakes.clumio.requestsTo('/settings/auto-user-provisioning/rules').length).toBe(ruleReads + 1);
  });
});

describe('Okta scenarios', () => {
  it('username format "Okta username": the step names it and says to set Email', async () => {
    const { server } = await connected({ okta: [oktaScenarios.usernameOktaUsername] });
    const s = step(await refreshed(server), 'username-format');
    expect(s.state).toBe('failed');
    expect(s.evidence!.summary).toBe(
      'Okta: the Application username format of "Clumio" is "Okta username" (${source.login}).',
    );
    expect(s.fix).toBe(
      'The app\'s Application username format is "Okta username" (${source.login}): on the Sign On tab (Edit) set it to Email and Save. Clumio knows users by their email address.',
    );
  });

  it('provisioning features off and Sync Password on: each To App step fails with its own setting', async () => {
    const { server } = await connected({ okta: [oktaScenarios.provisioningOff] });
    const state = await refreshed(server);
    expect(
      states(state, ['api-integration', 'create-users', 'update-users', 'deactivate-users', 'sync-password-off']),
    ).toEqual({
      'api-integration': 'done',
      'create-users': 'failed',
      'update-users': 'failed',
      'deactivate-users': 'failed',
      'sync-password-off': 'failed',
    });
    expect(step(state, 'create-users').fix).toBe(
      'Create Users is off: in Okta, Provisioning → To App → Edit, enable Create Users, Save.',
    );
    expect(step(state, 'deactivate-users').evidence!.summary).toBe('Okta: Deactivate Users is off for "Clumio".');
    expect(step(state, 'sync-password-off').fix).toBe(
      'Sync Password is on, and Clumio does not support it: in Okta, Provisioning → To App → Edit, turn Sync Password off, Save.',
    );
    for (const id of ['create-users', 'sync-password-off'] as const) expect(step(state, id).confirmable).toBe(false);
  });

  it("the API integration off: Okta's 400 is the answer, in the catalogue app's words", async () => {
    const { server } = await connected({ okta: [oktaScenarios.integrationOff] });
    const state = await refreshed(server);
    expect(step(state, 'api-integration')).toMatchObject({
      state: 'failed',
      evidence: { summary: 'Okta: "Provisioning is not enabled for the app instance." ("Clumio").' },
    });
    expect(step(state, 'api-integration').fix).toContain('Configure API Integration, check Enable API Integration');
    expect(step(state, 'create-users').fix).toMatch(
      /^The app's API integration is off, so Okta sends nothing to Clumio/,
    );
    expect(step(state, 'sync-password-off').state).toBe('todo');
  });

  it("features not answered for this app: says so, and the admin may confirm each setting (kept apart from the rehearsal's confirmations)", async () => {
    const { server } = await connected({ okta: [oktaScenarios.featuresNotSaid] });
    // A confirmation made for the rehearsal against SCIM Desk's endpoint says nothing about the real app.
    await server.api('PUT', '/api/settings', { provisioning_target: 'scim-desk' });
    expect((await server.api('POST', '/api/setup/steps/sync-password-off/confirm', {})).status).toBe(200);
    await server.api('PUT', '/api/settings', { provisioning_target: 'clumio' });

    const state = await refreshed(server);
    for (const id of [
      'api-integration',
      'create-users',
      'update-users',
      'deactivate-users',
      'sync-password-off',
    ] as const) {
      const s = step(state, id);
      expect(s, id).toMatchObject({ state: 'todo', confirmable: true });
      expect(s.evidence!.summary, id).toMatch(
        /^Okta's features API does not say for this app whether .*Okta answered: /,
      );
    }
    expect(step(state, 'create-users').fix).toBe(
      "Okta's API does not say this for the app (Okta answers it for a few catalogue apps only): check it in Okta, then confirm it here.",
    );
    expect(step(state, 'api-integration').fix).toMatch(
      /^Okta's API does not say for this app whether its API integration is enabled: check Provisioning → Configure API Integration/,
    );

    const confirmed = (await server.api<SetupState>('POST', '/api/setup/steps/create-users/confirm', {})).body;
    expect(step(confirmed, 'create-users')).toMatchObject({ state: 'confirmed', fix: null });
    // Still read from Okta: a step Okta answers cannot be confirmed instead.
    const refused = await server.api('POST', '/api/setup/steps/username-format/confirm', {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'The step "username-format" is checked from what Okta\'s and Clumio\'s APIs say; it cannot be confirmed by hand.',
    );
  });

  it("a custom SCIM 2.0 app: the API integration step in that screen's words", async () => {
    const { server } = await connected({
      okta: [oktaScenarios.integrationOff],
      settings: { identity_provider: 'okta', okta_app: 'custom-scim' },
    });
    const s = step(await refreshed(server), 'api-integration');
    expect(s.title).toBe("Okta: the app's SCIM connection to Clumio");
    expect(s.fix).toContain(
      "Authentication Mode HTTP Header with Clumio's token in Authorization, Test Connector Configuration, Save",
    );
    expect(JSON.stringify(s.guide)).not.toContain('Test API Credentials');
  });

  it('a push mapping in ERROR: its errorSummary explained in the rollout words of the profile', async () => {
    const { server } = await connected({ okta: [oktaScenarios.pushMappingError] });
    const s = step(await refreshed(server), 'push-groups');
    expect(s.state).toBe('failed');
    expect(s.evidence!.summary).toBe('Okta\'s push mappings: "Clumio Admins" ERROR, "Backup Operators" ACTIVE.');
    expect(s.fix).toBe(
      'The push of "Clumio Admins" is in ERROR in Okta. For "Clumio Admins" Okta says: "Errors reported by remote server: Resource [GROUP]: with displayName already exists." ' +
        'Okta pushed a group whose name already exists in Clumio. Without Enhanced Group Push (which Clumio does not support) Okta cannot link to an existing group. ' +
        'Rename the group in Okta, or remove the existing group from Clumio, then push it again (Push Groups → the group → Push Now). ' +
        'Then, in Push Groups, retry the push (the group → Retry, or Retry All Groups).',
    );
  });

  it.each([
    [
      'unassigned',
      oktaScenarios.adminUnassigned,
      `Your Okta user ${ADMIN_LOGIN} is not assigned to the app: assign it (Assignments → Assign to People, or through the assignment group).`,
    ],
    [
      'OUT_OF_SYNC',
      oktaScenarios.adminOutOfSync,
      `Okta's last push of ${ADMIN_LOGIN} to Clumio did not take (syncState OUT_OF_SYNC): open the user's failed task in Okta (Dashboard → Tasks), fix what it names, and Retry Selected.`,
    ],
    [
      'in no pushed group',
      oktaScenarios.adminNotInPushedGroup,
      `Your Okta user ${ADMIN_LOGIN} is in none of the groups Okta pushes to Clumio: add it to the group that gets Super Admin (e.g. "Clumio Admins"), which Push Groups pushes.`,
    ],
    [
      'deactivated',
      oktaScenarios.adminDeactivated,
      `Your Okta user ${ADMIN_LOGIN} is DEPROVISIONED: reactivate it in Okta (Directory → People), then assign it to the app again.`,
    ],
  ])("the admin %s: the admin's step says what Okta says, and what to do", async (_name, scenario, fix) => {
    const { server } = await connected({ okta: [scenario] });
    const s = step(await refreshed(server), 'admin-account');
    expect(s.state).toBe('failed');
    expect(s.fix).toBe(fix);
    expect(s.evidence!.calls!.map((c) => c.path)).toContain(`/api/v1/users/${encodeURIComponent(ADMIN_LOGIN)}`);
  });

  it('the admin in a pushed group whose mapping is in ERROR: the mapping is what to fix', async () => {
    const { server } = await connected({ okta: [oktaScenarios.pushMappingError] });
    const s = step(await refreshed(server), 'admin-account');
    expect(s.fix).toBe(
      `Your Okta user ${ADMIN_LOGIN} is in "Clumio Admins" (ERROR), but Okta's push of it to Clumio is not ACTIVE: fix the push (Push Groups step), and Okta pushes your membership again.`,
    );
  });

  it("provisioning failures of the last 24 hours: each one, explained; older ones and other apps' are left out", async () => {
    const { server, fakes } = await connected({ okta: [oktaScenarios.provisioningFailures] });
    const s = step(await refreshed(server), 'provisioning-failures');
    expect(s.state).toBe('failed');
    expect(s.evidence!.summary).toMatch(
      /^Okta's System Log: 3 provisioning failure\(s\) of "Clumio" between .* and .*, the newest at /,
    );
    expect(s.fix).toMatch(/^3 provisioning failure\(s\) of the app in the last 24 hours: /);
    // Each failure with Okta's text and what it means when Okta provisions into Clumio.
    expect(s.fix).toContain(
      'application.provision.user.push_profile for bob.backup@example.com: "Error while verifying if user bob.backup@example.com exists: Unauthorized". Clumio no longer accepts the SCIM API token Okta sends',
    );
    expect(s.fix).toContain('Create new user returned empty user." The answer to the user creation had no user in it');
    expect(s.fix).toContain('Okta pushed a group whose name already exists in Clumio.');
    expect(s.fix).toMatch(
      /When each cause is fixed, retry the failed tasks in Okta \(Dashboard → Tasks → Retry Selected\)\.$/,
    );
    expect(s.fix).not.toContain('Unauthorized" Paste a current SCIM Desk token'); // never the endpoint's words
    // The query: failures of this app, in a bounded window.
    const query = fakes.okta.requestsTo('/api/v1/logs').at(-1)!.query;
    expect(query.filter).toBe(
      `eventType sw "application.provision" and outcome.result eq "FAILURE" and target.id eq "${CLUMIO_APP_ID}"`,
    );
    expect(Date.parse(query.until!) - Date.parse(query.since!)).toBe(24 * 60 * 60 * 1000);
  });
});

describe('Clumio scenarios', () => {
  it('no Super Admin rule: the rule step says to create one, and enabling is not ready', async () => {
    const { server } = await connected({ clumio: [clumioScenarios.noSuperAdminRule] });
    const state = await refreshed(server);
    expect(step(state, 'super-admin-rule')).toMatchObject({
      state: 'todo',
      evidence: { summary: 'Clumio: none of the 1 rule(s) gives Super Admin on the Global OU.' },
    });
    expect(step(state, 'super-admin-rule').fix).toMatch(
      /^No rule of the Clumio account gives Super Admin on the Global OU: create one/,
    );
    expect(step(state, 'enable-auto-provisioning')).toMatchObject({
      state: 'todo',
      fix: 'Not ready to enable yet: Enabling auto user provisioning needs a rule that gives Super Admin on the Global Organizational Unit.',
    });
  });

  it("the admin's Clumio user without Super Admin: names the role it holds", async () => {
    const { server } = await connected({ clumio: [clumioScenarios.adminWithoutSuperAdmin] });
    const s = step(await refreshed(server), 'clumio-admin-super-admin');
    expect(s.state).toBe('failed');
    expect(s.fix).toBe(
      `Your Clumio user ${ADMIN_LOGIN} holds Organizational Unit Admin on Engineering, not Super Admin on the Global OU: have a Super Admin give it to you in Clumio, or let the Super Admin rule give it once auto user provisioning is on.`,
    );
    expect(s.evidence!.calls!.map((c) => `${c.service} ${c.path}`)).toContainEqual(
      expect.stringMatching(/^clumio \/users\b/),
    );
  });

  it('auto user provisioning disabled: ready to enable, the rules keep the admin Super Admin', async () => {
    const { server } = await connected({ clumio: [clumioScenarios.autoProvisioningDisabled] });
    const s = step(await refreshed(server), 'enable-auto-provisioning');
    expect(s).toMatchObject({ state: 'todo', evidence: { summary: 'Clumio: auto user provisioning is disabled.' } });
    expect(s.fix).toBe(
      'Enable auto user provisioning in the Clumio account (the Clumio account page, or in Clumio): the rules keep you Super Admin on the Global OU.',
    );
  });

  it('the real-account lock-out: the clumio-admin-locked-out warning, and the rule and the switch failed with its cause', async () => {
    const { server } = await connected({ okta: [oktaScenarios.adminNotInPushedGroup] });
    const state = await refreshed(server);
    expect(state.warnings.map((w) => w.id)).toEqual(['clumio-admin-locked-out']);
    const [warning] = state.warnings;
    expect(warning!.message).toBe(
      `The current admin ${ADMIN_LOGIN} would not get Super Admin on the Global Organizational Unit: rule 'okta-clumio-admins' does not match because ${ADMIN_LOGIN} is not in group "Clumio Admins". ${ADMIN_LOGIN} is in none of the groups Okta pushes to Clumio.`,
    );
    expect(warning!.fix).toBe(
      'Undo that in Okta before its next push to Clumio. Or turn auto user provisioning off in the Clumio account (the Clumio account page), which is always allowed.',
    );
    expect(warning!.evidence!.summary).toContain(
      'Clumio still shows the admin as Super Admin on the Global OU: the next push from Okta takes it away.',
    );
    expect(step(state, 'super-admin-rule')).toMatchObject({ state: 'failed' });
    expect(step(state, 'super-admin-rule').fix).toMatch(
      /^Rule "okta-clumio-admins" exists but no longer gives ada\.admin@example\.com Super Admin on the Global OU on what Okta says now\./,
    );
    expect(step(state, 'enable-auto-provisioning').fix).toMatch(
      /^Auto user provisioning is on in the Clumio account, and the rules no longer give/,
    );
    // Turned off in the account: the alarm ends.
    expect((await server.api('PUT', '/api/clumio/auto-user-provisioning', { is_enabled: false })).status).toBe(200);
    expect((await server.api<SetupState>('GET', '/api/setup')).body.warnings).toEqual([]);
  });
});

describe('reads that fail: the steps that needed them say what to do, never a 500', () => {
  it('nothing connected: the connection steps say where to connect, every other API step waits for them', async () => {
    const server = await startTestServer();
    running.push(server);
    await server.api('PUT', '/api/settings', { provisioning_target: 'clumio' });
    const res = await server.api<SetupState>('POST', '/api/setup/refresh');
    expect(res.status).toBe(200);
    const state = res.body;
    expect(state.tenants).toEqual({ oktaOrg: null, clumioAccount: null, readAt: null, reading: false });
    expect(step(state, 'okta-connection')).toMatchObject({
      state: 'todo',
      fix: "Connect your Okta org on the Connections page (its URL and an API token): every Okta step of this checklist is read from Okta's API.",
    });
    expect(step(state, 'push-groups').fix).toBe(
      "Connect your Okta org first (Connections page): this step is read from Okta's API.",
    );
    expect(step(state, 'enable-auto-provisioning').fix).toBe(
      "Connect your Clumio account first (Connections page): this step is read from Clumio's API.",
    );
    expect(step(state, 'admin-account')).toMatchObject({
      state: 'todo',
      fix: 'Enter your own Okta username as the current admin (Settings): it is the account that must keep Super Admin.',
    });
  });

  it("401 from Okta: every Okta step says the token is refused and what to do; Clumio's steps are read", async () => {
    const { server, fakes } = await connected();
    fakes.okta.token = 'a-token-okta-revoked';
    const state = await refreshed(server);
    for (const id of OKTA_STEPS) {
      const s = step(state, id);
      expect(s.state, id).toBe('failed');
      expect(s.fix, id).toMatch(
        /^Okta refused the API token \(401 E0000011\): it is wrong, expired or revoked\. Create a new one in the Okta Admin Console \(Security > API > Tokens\) and connect again\.$/,
      );
    }
    expect(step(state, 'username-format').evidence).toMatchObject({
      summary: `SCIM Desk could not read the app (GET /api/v1/apps/${CLUMIO_APP_ID} → 401).`,
      calls: [{ status: 401 }],
    });
    expect(states(state, ['clumio-connection', 'clumio-admin-super-admin'])).toEqual({
      'clumio-connection': 'done',
      'clumio-admin-super-admin': 'done',
    });
  });

  it('403 from Okta for the System Log: only that step fails, naming the scope the token needs', async () => {
    const { server, fakes } = await connected();
    fakes.okta.deniedScopes.add('okta.logs.read');
    const state = await refreshed(server);
    const s = step(state, 'provisioning-failures');
    expect(s.state).toBe('failed');
    expect(s.fix).toMatch(
      /^Okta did not allow SCIM Desk to read provisioning failures from the System Log \(403 E0000006\): .*a scoped OAuth token needs okta\.logs\.read/,
    );
    expect(API_STEPS.filter((id) => id !== 'provisioning-failures' && step(state, id).state !== 'done')).toEqual([]);
  });

  it("401 from Clumio: every Clumio step says the token is refused and what to do; Okta's steps are read", async () => {
    const { server, fakes } = await connected();
    fakes.clumio.token = 'a-token-clumio-refreshed-since';
    const state = await refreshed(server);
    for (const id of ['super-admin-rule', 'clumio-admin-super-admin', 'enable-auto-provisioning'] as const) {
      const s = step(state, id);
      expect(s.state, id).toBe('failed');
      expect(s.check, id).toBe('clumio-api');
      expect(s.fix, id).toMatch(/^Clumio refused the API token \(401\b.*connect again/);
      expect(
        s.evidence!.calls!.some((c) => c.service === 'clumio' && c.status === 401),
        id,
      ).toBe(true);
    }
    expect(states(state, ['username-format', 'push-groups'])).toEqual({
      'username-format': 'done',
      'push-groups': 'done',
    });
  });

  it('a timeout from Clumio: the step that needed the users says what did not answer; the rest of the account is read', async () => {
    const clock = new ManualClock();
    const { server, fakes } = await connected({ clock, timeoutMs: 5000 });
    fakes.clumio.holdWhen = (request) => request.path === '/users';
    const held = fakes.clumio.heldCount;
    const pending = server.api<SetupState>('POST', '/api/setup/refresh');
    await fakes.clumio.untilHeld(held + 1);
    clock.advance(5000);
    const state = (await pending).body;
    const s = step(state, 'clumio-admin-super-admin');
    expect(s.state).toBe('waiting');
    expect(s.fix).toMatch(
      /^Clumio \(127\.0\.0\.1:\d+\) did not answer within 5 s when SCIM Desk tried to list the users: try again, and check the network if it keeps happening\.$/,
    );
    // The account's setting answered; (Okta's reads share the moved clock, so they are not asserted here.)
    expect(step(state, 'enable-auto-provisioning').state).toBe('done');
  });

  it("403 from Clumio: the steps that read the users name the role the token's user needs", async () => {
    const { server, fakes } = await connected();
    fakes.clumio.denied.add('users');
    const state = await refreshed(server);
    const s = step(state, 'clumio-admin-super-admin');
    expect(s.state).toBe('failed');
    expect(s.fix).toContain("the API token's user needs the role Super Admin on the Global organizational unit");
    expect(step(state, 'super-admin-rule').state).toBe('done');
  });

  it('429 from Okta: after the waits Okta asks for, the steps say when SCIM Desk reads again', async () => {
    const clock = new ManualClock();
    // Deadlines far beyond Okta's waits: moving the clock through them must not time out a request in flight.
    const { server, fakes } = await connected({ clock, timeoutMs: 600_000 });
    // Only Okta is read: moving the clock through Okta's waits must not pass another service's deadline.
    await server.api('DELETE', '/api/connections/clumio');
    fakes.okta.rateLimit = 0;
    const state = (await letWaitsPass(clock, server.api<SetupState>('POST', '/api/setup/refresh'))).body;
    for (const id of OKTA_STEPS) {
      expect(step(state, id).state, id).toBe('waiting');
      expect(step(state, id).fix, id).toMatch(
        /^Okta's rate limit is used up until \d\d:\d\d:\d\d UTC \(in \d+ s\): SCIM Desk reads again after that\.$/,
      );
    }
    expect(step(state, 'clumio-connection').state).toBe('todo');
  });

  it('429 from Clumio: after three backoffs, the Clumio steps say to try again in a minute', async () => {
    const clock = new ManualClock();
    const { server, fakes } = await connected({ clock });
    fakes.clumio.refuseNext = 1000;
    const state = (await letWaitsPass(clock, server.api<SetupState>('POST', '/api/setup/refresh'))).body;
    expect(step(state, 'enable-auto-provisioning')).toMatchObject({
      state: 'waiting',
      fix: 'Clumio is refusing requests for now (too many requests): try again in a minute.',
    });
    expect(step(state, 'username-format').state).toBe('done');
  });

  it('a timeout: the System Log does not answer, its step says so; the rest is read', async () => {
    const clock = new ManualClock();
    const { server, fakes } = await connected({ clock, timeoutMs: 5000 });
    fakes.okta.holdWhen = (request) => request.path === '/api/v1/logs';
    const held = fakes.okta.heldCount;
    const pending = server.api<SetupState>('POST', '/api/setup/refresh');
    await fakes.okta.untilHeld(held + 1);
    clock.advance(5000);
    const state = (await pending).body;
    const s = step(state, 'provisioning-failures');
    expect(s.state).toBe('waiting');
    expect(s.fix).toMatch(
      /^Okta \(127\.0\.0\.1:\d+\) did not answer within 5 s when SCIM Desk tried to read provisioning failures from the System Log: try again/,
    );
    expect(s.evidence!.summary).toMatch(
      /^SCIM Desk could not read the System Log \(GET \/api\/v1\/logs\?since=.* → no answer\)\.$/,
    );
    expect(step(state, 'push-groups').state).toBe('done');
  });
});

describe('the target', () => {
  it('is asked on first run, switches between the two checklists, and keeps the rehearsal available in both', async () => {
    const server = await startTestServer();
    running.push(server);
    const first = (await server.api<SetupState>('GET', '/api/setup')).body;
    expect(first).toMatchObject({ provisioningTarget: 'scim-desk', provisioningTargetChosen: false, tenants: null });
    expect(first.steps.map((s) => s.id).slice(0, 2)).toEqual(['endpoint', 'token']);
    // Another setting saved is not a choice of the target.
    await server.api('PUT', '/api/settings', { current_admin: ADMIN_LOGIN });
    expect((await server.api<SetupState>('GET', '/api/setup')).body.provisioningTargetChosen).toBe(false);

    await server.api('PUT', '/api/settings', { provisioning_target: 'clumio' });
    const rollout = (await server.api<SetupState>('GET', '/api/setup')).body;
    expect(rollout).toMatchObject({ provisioningTarget: 'clumio', provisioningTargetChosen: true });
    expect(rollout.steps[0]!.id).toBe('okta-connection');
    expect(rollout.steps.map((s) => s.id)).not.toContain('endpoint');
    expect((await server.api('GET', '/api/rehearsal')).status).toBe(200);

    await server.api('PUT', '/api/settings', { provisioning_target: 'scim-desk' });
    expect((await server.api<SetupState>('GET', '/api/setup')).body).toMatchObject({
      provisioningTarget: 'scim-desk',
      provisioningTargetChosen: true,
    });
    const activity = (await server.api('GET', '/api/activity?kind=admin_change')).body.items.map(
      (e: { summary: string }) => e.summary,
    );
    expect(activity).toContain('Settings changed: Okta provisions to Clumio.');
  });

  it("Entra provisioning into Clumio: Clumio's side is read from its API", async () => {
    const { server } = await connected({ settings: { identity_provider: 'entra' } });
    const state = await refreshed(server);
    expect(state.steps.map((s) => [s.id, s.state])).toEqual([
      ['clumio-connection', 'done'],
      ['provisioning-method', 'todo'],
      ['super-admin-rule', 'done'],
      ['clumio-admin-super-admin', 'done'],
      ['enable-auto-provisioning', 'done'],
    ]);
  });
});
