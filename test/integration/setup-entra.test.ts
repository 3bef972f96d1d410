/**
 * The Microsoft Entra ID setup profile over real HTTP (docs/entra.md): the profile choice, the Entra rehearsal in
 * each PATCH dialect settling every automatic Entra step from an empty folder, switching profiles keeping
 * the data, and group names that look generated flagged before a rule is written against them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GroupNameFlag, ItemList, RehearsalStatus, SetupState, SetupStep } from '../../server/admin/contract.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

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

const step = (state: SetupState, id: SetupStep['id']): SetupStep => {
  const found = state.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
};

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

describe('the profile choice', () => {
  it('defaults to Okta, not yet chosen; choosing Entra answers the Entra checklist', async () => {
    const first = await setup();
    expect(first).toMatchObject({ identityProvider: 'okta', identityProviderChosen: false });
    expect(first.steps.map((s) => s.id)).toContain('connector-test');

    const put = await server.api('PUT', '/api/settings', { identity_provider: 'entra' });
    expect(put).toMatchObject({ status: 200, body: { identity_provider: 'entra' } });
    const entra = await setup();
    expect(entra).toMatchObject({ identityProvider: 'entra', identityProviderChosen: true });
    const ids = entra.steps.map((s) => s.id);
    expect(ids.slice(0, 2)).toEqual(['endpoint', 'token']);
    expect(ids).toEqual(
      expect.arrayContaining([
        'entra-create-app',
        'entra-credentials',
        'entra-test-connection',
        'entra-assignment',
        'entra-attribute-mapping',
        'entra-provision-on-demand',
        'entra-start-provisioning',
        'entra-first-cycle',
        'entra-deactivation',
        'admin-account',
        'super-admin-rule',
        'enable-auto-provisioning',
      ]),
    );
    expect(ids).not.toContain('connector-test');
    // The order that works: credentials before Test Connection before the first cycle, then the Clumio steps.
    const at = (id: SetupStep['id']) => ids.indexOf(id);
    expect(at('entra-create-app')).toBeLessThan(at('entra-credentials'));
    expect(at('entra-credentials')).toBeLessThan(at('entra-test-connection'));
    expect(at('entra-test-connection')).toBeLessThan(at('entra-first-cycle'));
    expect(at('entra-deactivation')).toBeLessThan(at('enable-auto-provisioning'));
  });

  it('refuses an unknown identity provider and leaves the setting alone', async () => {
    const bad = await server.api('PUT', '/api/settings', { identity_provider: 'onelogin' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues).toEqual([
      { field: 'identity_provider', message: 'must be one of okta, entra' },
    ]);
    expect((await server.api('GET', '/api/settings')).body.identity_provider).toBe('okta');
  });

  it('refuses to confirm a step of the other profile', async () => {
    await server.api('PUT', '/api/settings', { identity_provider: 'entra' });
    const refused = await server.api('POST', '/api/setup/steps/sync-password-off/confirm', {});
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('not a step of the Microsoft Entra ID profile');
  });
});

describe.each(['default', 'aadOptscim062020'] as const)('the Entra rehearsal, %s dialect', (dialect) => {
  it('from an empty folder turns every automatic Entra step done, with evidence', async () => {
    await server.api('PUT', '/api/settings', { identity_provider: 'entra', current_admin: ADMIN });
    const finished = await rehearse({
      idp: 'entra',
      entraDialect: dialect,
      fast: true,
      users: 5,
      groups: 3,
      admin: ADMIN,
    });
    expect(finished).toMatchObject({ phase: 'finished', error: null, idp: 'entra', entraDialect: dialect });
    expect(finished.requestsSent).toBe(finished.requestsPlanned);

    const state = await setup();
    const automatic = state.steps.filter((s) => s.check === 'traffic');
    expect(automatic.map((s) => s.id)).toEqual(
      expect.arrayContaining([
        'entra-credentials',
        'entra-test-connection',
        'entra-first-cycle',
        'entra-deactivation',
        'admin-account',
      ]),
    );
    for (const s of automatic) {
      expect(s.state, s.id).toBe('done');
      expect(s.evidence, s.id).not.toBeNull();
      expect(s.evidence!.summary.length, s.id).toBeGreaterThan(0);
    }
    // The job's PATCH dialect is read from the traffic.
    const note = state.notes.find((n) => n.id === 'entra-patch-dialect');
    expect(note?.message).toContain(dialect === 'default' ? 'default' : 'aadOptscim062020');
    expect(state.warnings.map((w) => w.id)).not.toContain('group-name-generated');

    // The soft-deleted user was hard-deleted; the rest remain, and removing the rehearsal empties the folder.
    const removed = await server.api('DELETE', '/api/rehearsal');
    expect(removed.status).toBe(200);
    expect((await server.scim('GET', '/Users?count=100')).body.totalResults).toBe(0);
    expect((await server.scim('GET', '/Groups?count=100')).body.totalResults).toBe(0);
  });
});

describe('switching the profile', () => {
  it('keeps users, groups, rules and settings, and only changes the checklist', async () => {
    await server.api('PUT', '/api/settings', { current_admin: ADMIN });
    await rehearse({ fast: true, users: 3, groups: 2 });
    const before = {
      users: (await server.scim('GET', '/Users?count=100')).body.Resources,
      groups: (await server.scim('GET', '/Groups?count=100')).body.Resources,
    };
    expect(before.users.length).toBeGreaterThan(0);
    await server.api('PUT', '/api/settings', { identity_provider: 'entra' });
    expect((await setup()).identityProvider).toBe('entra');
    await server.api('PUT', '/api/settings', { identity_provider: 'okta' });
    const after = {
      users: (await server.scim('GET', '/Users?count=100')).body.Resources,
      groups: (await server.scim('GET', '/Groups?count=100')).body.Resources,
    };
    expect(after).toEqual(before);
    const settings = (await server.api('GET', '/api/settings')).body;
    expect(settings).toMatchObject({ current_admin: ADMIN, identity_provider: 'okta' });
    // The Okta steps the rehearsal settled are still settled: evidence survives the round trip.
    expect(step(await setup(), 'push-groups').state).toBe('done');
  });
});

describe('generated group names', () => {
  it('flags a group pushed with a UUID displayName, in the wizard and for the Groups page', async () => {
    await server.api('PUT', '/api/settings', { identity_provider: 'entra' });
    const uuid = 'a3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    const created = await server.scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: uuid,
    });
    expect(created.status).toBe(201);
    await server.scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Backup Team',
    });

    const flags = (await server.api<ItemList<GroupNameFlag>>('GET', '/api/setup/group-names')).body.items;
    expect(flags).toEqual([expect.objectContaining({ id: created.body.id, displayName: uuid, reason: 'uuid' })]);
    const warning = (await setup()).warnings.find((w) => w.id === 'group-name-generated');
    expect(warning?.message).toContain(uuid);
    expect(warning?.fix).toContain('mailNickname');
  });
});
