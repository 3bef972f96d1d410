/**
 * A third identity provider is one module: the fixture profile "Acme Identity" is registered and nothing else
 * changes, yet the real server offers it, the settings pick it, the wizard shows its checklist in its words
 * and settles its steps from the traffic, the explainer answers its texts (and labels Okta's), and the
 * rehearsal plays it with its own token.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  DiagnoseResult,
  IdentityProviderChoice,
  RehearsalStatus,
  SetupState,
} from '../../server/admin/contract.js';
import { registerIdentityProfile } from '../../server/identity-providers/registry.js';
import { ACME_PROFILE } from '../fixtures/acme-identity-profile.js';
import { request, startTestServer, type TestServer } from '../helpers/scim-server.js';

let server: TestServer;
let unregister: () => void;

beforeAll(async () => {
  unregister = registerIdentityProfile(ACME_PROFILE);
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  unregister();
});

const setup = async () => (await server.api<SetupState>('GET', '/api/setup')).body;

describe('an identity profile module', () => {
  it('is offered beside Okta and Entra, and the settings accept it', async () => {
    const choices = (await server.api<{ items: IdentityProviderChoice[] }>('GET', '/api/identity-providers')).body
      .items;
    expect(choices.map((c) => c.id)).toEqual(['okta', 'entra', 'acme']);
    expect(choices[2]).toEqual({
      id: 'acme',
      name: 'Acme Identity',
      blurb: 'An Acme Identity directory with an outbound SCIM connector.',
      username: 'Acme login',
      appSetting: null,
      apps: [
        { id: 'acme-scim', name: 'Acme outbound SCIM connector', blurb: 'Connectors → Outbound → New SCIM connector.' },
      ],
    });
    // Okta offers its two kinds of app through okta_app.
    expect(choices[0]).toMatchObject({
      appSetting: 'okta_app',
      apps: [{ id: 'clumio-catalog' }, { id: 'custom-scim' }],
    });
    const saved = await server.api('PUT', '/api/settings', {
      identity_provider: 'acme',
      current_admin: 'me@example.com',
    });
    expect(saved).toMatchObject({ status: 200, body: { identity_provider: 'acme' } });
  });

  it('shows its checklist in its words, settled from the traffic like any other', async () => {
    let state = await setup();
    expect(state).toMatchObject({
      identityProvider: 'acme',
      identityProviderChosen: true,
      profile: { idp: 'acme', app: 'acme-scim', words: { name: 'Acme Identity' } },
    });
    expect(state.steps.map((s) => s.id)).toEqual([
      'endpoint',
      'token',
      'connector-test',
      'create-users',
      'admin-account',
      'super-admin-rule',
      'provisioning-method',
      'enable-auto-provisioning',
    ]);
    const connector = state.steps.find((s) => s.id === 'connector-test')!;
    expect(connector).toMatchObject({
      title: 'Acme: New SCIM connector, then Verify connector',
      state: 'waiting',
      guide: { console: 'Acme' },
    });
    expect(connector.fix).toBe('In Acme: Target endpoint (the public SCIM URL), Access key, then Verify connector.');
    expect(state.steps.find((s) => s.id === 'token')!.title).toBe('Generate the access key for Acme');

    await request(`${server.scimUrl}/Users?startIndex=1&count=2`, 'GET', undefined, {
      Authorization: 'Bearer not-ours',
    });
    state = await setup();
    expect(state.steps.find((s) => s.id === 'connector-test')).toMatchObject({
      state: 'failed',
      fix: "Acme sent a key this endpoint never issued: paste a current one into the connector's Access key field.",
    });

    await server.scim('GET', '/Users?startIndex=1&count=2');
    await server.scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'me@example.com',
    });
    state = await setup();
    expect(state.steps.filter((s) => ['connector-test', 'create-users'].includes(s.id)).map((s) => s.state)).toEqual([
      'done',
      'done',
    ]);
    expect(state.steps.find((s) => s.id === 'admin-account')).toMatchObject({
      state: 'waiting',
      fix: 'Your account me@example.com is in no group yet.',
    });
  });

  it("explains its own texts, labels another identity provider's only when the text is clearly that one's, and lists checks otherwise", async () => {
    const diagnose = async (text: string) =>
      (await server.api<DiagnoseResult>('POST', '/api/setup/diagnose', { text })).body;
    const own = await diagnose('Job 12 failed: ACME-401 Token refused by target');
    expect(own.matches.map((m) => [m.idp, m.id, m.fix])).toEqual([
      [
        'acme',
        'acme-token-refused',
        "Paste a current SCIM Desk token into the connector's Access key field, then Verify connector.",
      ],
    ]);
    expect(own.matches[0]!.seen).toMatch(/^SCIM Desk last refused a token at /);
    expect(own.checks).toEqual([]);

    const okta = await diagnose(
      'Automatic provisioning of user jane@corp.com to app Clumio failed: Error while creating user jane@corp.com: Conflict. Errors reported by remote server: A user with userName already exists',
    );
    expect(okta.matches.map((m) => [m.idp, m.idpName, m.id])).toEqual([['okta', 'Okta', 'user-create-conflict']]);

    const unknown = await diagnose('Something odd happened');
    expect(unknown.matches).toEqual([]);
    expect(unknown.checks.map((c) => c.id)).toEqual(['all-answered']);
    expect(unknown.checks[0]!.message).toMatch(
      /^Everything Acme sent was answered without an error \(the newest: POST \/scim\/v2\/Users → 201 at .*\): the message may come from Acme itself/,
    );

    const catalogue = (await server.api('GET', '/api/setup/errors')).body.items.map((e: { id: string }) => e.id);
    expect(catalogue).toEqual(['acme-token-refused']);
  });

  it('is rehearsed with its own token label, and its data is rehearsal data', async () => {
    expect((await server.api('POST', '/api/rehearsal', { fast: true, users: 2, groups: 1 })).status).toBe(202);
    const finished = await vi.waitUntil(
      async () => {
        const status = (await server.api<RehearsalStatus>('GET', '/api/rehearsal')).body;
        return status.phase !== 'running' && status;
      },
      { timeout: 25_000, interval: 20 },
    );
    expect(finished).toMatchObject({
      phase: 'finished',
      idp: 'acme',
      entraDialect: null,
      data: { users: 2, groups: 1 },
    });
    const activity = (await server.api('GET', '/api/activity?kind=admin_change&q=rehearsal')).body.items.map(
      (e: { summary: string }) => e.summary,
    );
    expect(activity.some((m: string) => m.includes('Acme rehearsal finished'))).toBe(true);
    expect((await server.api('DELETE', '/api/rehearsal')).body).toEqual({ users: 2, groups: 1 });
  });
});
