/**
 * The setup wizard over real HTTP: every step settled by what actually arrived at the SCIM listener.
 * A wrong token and a wrong base URL are named with their fix; the Okta rehearsal without the admin's own
 * account keeps that step open and says why; with `admin` every traffic-checked step turns done.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RehearsalStatus, SetupState, SetupStep } from '../../server/admin/contract.js';
import { SUPER_ADMIN_ROLE_ID, GLOBAL_OU_ID } from '../../server/admin/contract.js';
import { request, startTestServer, type TestServer } from '../helpers/scim-server.js';

const ADMIN = 'me.admin@example.com';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.stop();
});

async function setup(): Promise<SetupState> {
  const response = await server.api<SetupState>('GET', '/api/setup');
  expect(response.status).toBe(200);
  return response.body;
}

function step(state: SetupState, id: SetupStep['id']): SetupStep {
  const found = state.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}

async function rehearse(body: Record<string, unknown>): Promise<RehearsalStatus> {
  const started = await server.api<RehearsalStatus>('POST', '/api/rehearsal', body);
  expect(started.status).toBe(202);
  // Until the rehearsal has finished (or failed), however long that takes on a loaded machine.
  return vi.waitUntil(
    async () => {
      const status = (await server.api<RehearsalStatus>('GET', '/api/rehearsal')).body;
      return status.phase !== 'running' && status;
    },
    { timeout: 25_000, interval: 20 },
  );
}

describe('the wizard before anything arrives', () => {
  it('lists the steps of the wizard in order, the token done and Okta awaited', async () => {
    const state = await setup();
    expect(state.steps.map((s) => s.id)).toEqual([
      'endpoint',
      'token',
      'username-format',
      'connector-test',
      'create-users',
      'update-users',
      'deactivate-users',
      'sync-password-off',
      'push-groups',
      'admin-account',
      'super-admin-rule',
      'provisioning-method',
      'enable-auto-provisioning',
    ]);
    expect(step(state, 'endpoint')).toMatchObject({ state: 'todo', evidence: null });
    expect(step(state, 'token').state).toBe('done');
    expect(step(state, 'connector-test')).toMatchObject({ state: 'waiting', check: 'traffic', confirmable: false });
    expect(step(state, 'connector-test').fix).toContain('Test API Credentials');
    expect(state.complete).toBe(false);
  });
});

/** A fix reads as one set of instructions: no sentence (or its advice, case aside) comes twice. */
function expectEachSentenceOnce(fix: string | null | undefined) {
  const sentences = (fix ?? '').toLowerCase().split(/(?<=\.) /);
  expect(new Set(sentences).size, fix ?? '').toBe(sentences.length);
  expect(fix).not.toMatch(/generate a (new )?token.*generate a (new )?token/i);
}

describe('a rejected token and a wrong base URL', () => {
  it('names a token this endpoint never issued as "token rejected", with the fix', async () => {
    const sent = await request(`${server.scimUrl}/Users?startIndex=1&count=2`, 'GET', undefined, {
      Authorization: 'Bearer scimdesk_not-a-token-we-issued',
      'User-Agent': 'Okta SCIM Client 1.0.0',
    });
    expect(sent.status).toBe(401);
    const connector = step(await setup(), 'connector-test');
    expect(connector.state).toBe('failed');
    expect(connector.evidence).toMatchObject({ userAgent: 'Okta SCIM Client 1.0.0' });
    expect(connector.evidence?.summary).toMatch(/^Token rejected: the token is not a SCIM Desk token/);
    expect(connector.evidence?.activityId).toEqual(expect.any(String));
    expect(connector.fix).toContain(
      "Generate a token here and paste it into the Clumio app's SCIM API token field, then Test API Credentials.",
    );
    // The check's hint and the step's own words never say the same thing twice.
    expectEachSentenceOnce(connector.fix);
  });

  it('names a doubled "Bearer" as a malformed header, and a missing header as no token', async () => {
    await request(`${server.scimUrl}/Users?startIndex=1&count=2`, 'GET', undefined, {
      Authorization: `Bearer Bearer ${server.token}`,
    });
    let connector = step(await setup(), 'connector-test');
    expect(connector.evidence?.summary).toMatch(/^Token rejected: the Authorization header is malformed/);
    // What arrived (with the token check's precise hint) is the evidence; the fix is the app's own words.
    expect(connector.evidence?.summary).toMatch(/without the word Bearer/);
    expect(connector.fix).toMatch(/Paste the token alone/);
    expectEachSentenceOnce(connector.fix);

    await request(`${server.scimUrl}/Users?startIndex=1&count=2`, 'GET');
    connector = step(await setup(), 'connector-test');
    expect(connector.evidence?.summary).toMatch(/no token was sent/);
    expect(connector.fix).toBe(
      "Okta sent no token: paste the SCIM Desk token into the Clumio app's SCIM API token field (Provisioning → Integration → Edit), then Test API Credentials again.",
    );
    expectEachSentenceOnce(connector.fix);
    // The same refusal, said in a custom SCIM 2.0 app integration's own words.
    expect((await server.api('PUT', '/api/settings', { okta_app: 'custom-scim' })).status).toBe(200);
    connector = step(await setup(), 'connector-test');
    expect(connector.fix).toMatch(
      /set Authentication Mode to HTTP Header and paste the SCIM Desk token alone into Authorization, then Test Connector Configuration again\.$/,
    );
  });

  it('names a request outside /scim/v2 as a wrong base URL', async () => {
    const origin = new URL(server.scimUrl).origin;
    await request(`${origin}/Users?startIndex=1&count=2`, 'GET', undefined, {
      Authorization: `Bearer ${server.token}`,
    });
    const connector = step(await setup(), 'connector-test');
    expect(connector.state).toBe('failed');
    expect(connector.evidence?.summary).toMatch(/^Wrong SCIM Connector Base URL: a request arrived for GET \/Users/);
    expect(connector.fix).toMatch(/must be exactly .*\/scim\/v2/);
  });

  it('settles once a later connector test gets through', async () => {
    await request(`${server.scimUrl}/Users?startIndex=1&count=2`, 'GET', undefined, { Authorization: 'Bearer wrong' });
    const ok = await server.scim('GET', '/Users?startIndex=1&count=2');
    expect(ok.status).toBe(200);
    const connector = step(await setup(), 'connector-test');
    expect(connector.state).toBe('done');
    expect(connector.evidence?.summary).toMatch(/connector test arrived and was authenticated/);
  });
});

describe('the Okta rehearsal as evidence', () => {
  it("without the admin's account: traffic steps turn done, the admin step stays open and says why", async () => {
    expect((await server.api('PUT', '/api/settings', { current_admin: ADMIN })).status).toBe(200);
    const finished = await rehearse({ fast: true, users: 4, groups: 2 });
    expect(finished).toMatchObject({ phase: 'finished', error: null, data: { users: 4, groups: 2 } });
    expect(finished.requestsSent).toBe(finished.requestsPlanned);

    const state = await setup();
    for (const id of [
      'connector-test',
      'username-format',
      'create-users',
      'update-users',
      'deactivate-users',
      'sync-password-off',
      'push-groups',
    ] as const) {
      expect(step(state, id).state, id).toBe('done');
      expect(step(state, id).evidence?.userAgent ?? 'Okta SCIM Client 1.0.0', id).toBe('Okta SCIM Client 1.0.0');
    }
    const admin = step(state, 'admin-account');
    expect(admin.state).toBe('waiting');
    expect(admin.fix).toContain(`Your account ${ADMIN} has not arrived from Okta yet`);
    expect(state.warnings).toEqual([]);
  });

  it('with the admin: users, groups, memberships and access as Okta would leave them, and every traffic step done', async () => {
    expect((await server.api('PUT', '/api/settings', { current_admin: ADMIN })).status).toBe(200);
    const rule = await server.api('POST', '/api/rules', {
      name: 'Clumio Admins are Super Admins',
      condition: JSON.stringify({ 'user.groups': { $eq: 'Clumio Admins' } }),
      provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
    });
    expect(rule.status).toBe(201);
    const finished = await rehearse({ fast: true, users: 5, groups: 3, admin: ADMIN });
    expect(finished.phase).toBe('finished');

    // Directory, as seen over SCIM.
    const users = (await server.scim('GET', '/Users?startIndex=1&count=100')).body;
    expect(users.totalResults).toBe(6);
    expect(users.Resources.every((u: { active: boolean }) => u.active)).toBe(true);
    const groups = (await server.scim('GET', '/Groups?startIndex=1&count=100')).body;
    const byName = new Map<string, { members?: { display?: string; value: string }[] }>(
      groups.Resources.map((g: { displayName: string }) => [g.displayName, g]),
    );
    expect([...byName.keys()].sort()).toEqual(['Backup Team', 'Clumio Admins', 'Platform Engineering']);
    const adminId = users.Resources.find((u: { userName: string }) => u.userName === ADMIN).id;
    expect(byName.get('Clumio Admins')!.members!.map((m) => m.value)).toContain(adminId);
    // The membership removal left the renamed group with its other member only.
    expect(byName.get('Platform Engineering')!.members).toHaveLength(1);
    const updated = users.Resources.find((u: { title?: string }) => u.title === 'Backup Engineer');
    expect(updated).toBeDefined();

    // Access: the Super Admin rule covers the admin through the pushed group.
    const admin = await server.api('GET', `/api/users/${adminId}`);
    expect(admin.body.access).toEqual([
      expect.objectContaining({ role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_id: GLOBAL_OU_ID }),
    ]);

    const state = await setup();
    const trafficSteps = state.steps.filter((s) => s.check === 'traffic');
    expect(trafficSteps.map((s) => [s.id, s.state])).toEqual(trafficSteps.map((s) => [s.id, 'done']));
    expect(step(state, 'admin-account').evidence?.summary).toBe(`${ADMIN} is active and in "Clumio Admins".`);
    expect(step(state, 'super-admin-rule').state).toBe('done');
    expect(step(state, 'provisioning-method').state).toBe('done');
    expect(step(state, 'enable-auto-provisioning')).toMatchObject({ state: 'todo' });
    expect(step(state, 'enable-auto-provisioning').fix).toMatch(/^Preview who gains access/);
  });

  it('removes rehearsal data in one step and leaves the rest of the directory alone', async () => {
    const real = await server.scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'real.person@example.com',
    });
    expect(real.status).toBe(201);
    await rehearse({ fast: true, users: 3, groups: 2 });
    expect((await server.api('POST', '/api/rehearsal', { users: 1 })).status).toBe(400);

    const removed = await server.api('DELETE', '/api/rehearsal');
    expect(removed).toMatchObject({ status: 200, body: { users: 3, groups: 2 } });
    const users = (await server.scim('GET', '/Users')).body;
    expect(users.Resources.map((u: { userName: string }) => u.userName)).toEqual(['real.person@example.com']);
    expect((await server.scim('GET', '/Groups')).body.totalResults).toBe(0);
    expect((await server.api<RehearsalStatus>('GET', '/api/rehearsal')).body.data).toEqual({ users: 0, groups: 0 });
    // The rehearsal's token was revoked when the run ended; the admin's own token is untouched.
    const tokens = (await server.api('GET', '/api/tokens')).body.items.map((t: { label: string }) => t.label);
    expect(tokens).toEqual(['Okta test']);
  });

  it('refuses a second rehearsal while one runs', async () => {
    expect((await server.api('POST', '/api/rehearsal', { users: 2, groups: 1 })).status).toBe(202);
    const second = await server.api('POST', '/api/rehearsal', { fast: true });
    expect(second).toMatchObject({ status: 409, body: { error: { code: 'rehearsal_running' } } });
  });
});

describe("the admin's confirmations", () => {
  it('settle only steps traffic cannot show, and survive a restart', async () => {
    expect((await server.api('POST', '/api/setup/steps/connector-test/confirm', {})).status).toBe(400);
    expect((await server.api('POST', '/api/setup/steps/nope/confirm', {})).status).toBe(404);
    const confirmed = await server.api<SetupState>('POST', '/api/setup/steps/update-users/confirm', {});
    expect(step(confirmed.body, 'update-users')).toMatchObject({ state: 'confirmed', fix: null });

    await server.restart();
    expect(step(await setup(), 'update-users').state).toBe('confirmed');
    const withdrawn = await server.api<SetupState>('POST', '/api/setup/steps/update-users/confirm', {
      confirmed: false,
    });
    expect(step(withdrawn.body, 'update-users').state).toBe('todo');
  });

  it('never hide what traffic showed: a password sent beats a confirmation of Sync Password off', async () => {
    await server.api('POST', '/api/setup/steps/sync-password-off/confirm', {});
    await server.scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'p@example.com',
      password: 'x',
    });
    const state = await setup();
    expect(step(state, 'sync-password-off').state).toBe('failed');
    expect(state.warnings.map((w) => w.id)).toEqual(['sync-password-on']);
  });
});

describe("Okta's error texts", () => {
  it('explains a pasted message and offers the catalogue as a pick list', async () => {
    const catalogue = await server.api('GET', '/api/setup/okta-errors');
    expect(catalogue.body.items.map((e: { id: string }) => e.id)).toContain('authenticating-null');
    const pasted = await server.api('POST', '/api/setup/diagnose', {
      text: 'Automatic provisioning of user Ada to app Clumio failed: Error while verifying if user ada@example.com exists: Unauthorized',
    });
    expect(pasted.body.matches.map((m: { id: string }) => m.id)).toEqual(['verify-user-unauthorized']);
    expect(pasted.body.matches[0].fix).toContain('Retry Selected');
    expect((await server.api('POST', '/api/setup/diagnose', {})).status).toBe(400);
  });
});
