/**
 * `scim-desk rehearse`: the same Okta story from the command line, against a running server's data folder
 * (over its control socket), an offline data folder (in-process server), or any SCIM URL with a token.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SetupState } from '../../server/admin/contract.js';
import { runCli } from '../../server/cli/run.js';
import { startTestServer, type TestServer } from '../helpers/scim-server.js';

let printed: string[];

beforeEach(() => {
  printed = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.join(' '));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('scim-desk rehearse', () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.stop();
  });

  it('--data on a running server: rehearsal token over the control socket, data removable in one step', async () => {
    server = await startTestServer();
    await server.api('PUT', '/api/settings', { current_admin: 'me@example.com' });
    expect(
      await runCli([
        'rehearse',
        '--data',
        server.dataDir,
        '--fast',
        '--users',
        '3',
        '--groups',
        '2',
        '--admin',
        'me@example.com',
      ]),
    ).toBe(0);
    expect(printed.some((line) => /\[ ?1\/\d+\] GET \/Users\?startIndex=1&count=2 → 200/.test(line))).toBe(true);

    const state = (await server.api<SetupState>('GET', '/api/setup')).body;
    expect(state.steps.filter((s) => s.check === 'traffic').every((s) => s.state === 'done')).toBe(true);
    const tokens = (await server.api('GET', '/api/tokens')).body.items.map((t: { label: string }) => t.label);
    expect(tokens).toEqual(['Okta test']); // the rehearsal token was revoked afterwards
    expect((await server.api('DELETE', '/api/rehearsal')).body).toEqual({ users: 4, groups: 2 });
  });

  it('--scim-url with --token: a pure client against any SCIM endpoint', async () => {
    server = await startTestServer();
    expect(
      await runCli([
        'rehearse',
        '--scim-url',
        server.scimUrl,
        '--token',
        server.token,
        '--fast',
        '--users',
        '2',
        '--groups',
        '1',
      ]),
    ).toBe(0);
    const users = (await server.scim('GET', '/Users')).body;
    expect(users.Resources.map((u: { userName: string }) => u.userName)).toEqual([
      'ada.lovelace@example.com',
      'grace.hopper@example.com',
    ]);
    // Made with the admin's own token, so it is not rehearsal data here.
    expect((await server.api('DELETE', '/api/rehearsal')).body).toEqual({ users: 0, groups: 0 });
  });

  it('--app custom-scim: plays an app integration of your own, which sends every update as PUT', async () => {
    server = await startTestServer();
    await server.api('PUT', '/api/settings', { okta_app: 'custom-scim', current_admin: 'me@example.com' });
    expect(
      await runCli([
        'rehearse',
        '--data',
        server.dataDir,
        '--app',
        'custom-scim',
        '--fast',
        '--users',
        '3',
        '--groups',
        '2',
        '--admin',
        'me@example.com',
      ]),
    ).toBe(0);
    const sent = printed.filter((line) => /^\s+\[\s*\d+\/\d+\] /.test(line));
    expect(sent.some((line) => / PATCH /.test(line))).toBe(false);
    expect(sent.filter((line) => / PUT \/Groups\//.test(line)).length).toBeGreaterThanOrEqual(2);
    expect(sent.filter((line) => / PUT \/Users\//.test(line)).length).toBe(3); // the profile update, the deactivation, the reactivation
    const state = (await server.api<SetupState>('GET', '/api/setup')).body;
    expect(state.profile).toMatchObject({ idp: 'okta', app: 'custom-scim' });
    expect(state.steps.filter((s) => s.check === 'traffic').map((s) => [s.id, s.state])).toEqual(
      state.steps.filter((s) => s.check === 'traffic').map((s) => [s.id, 'done']),
    );
  });

  it('--data on a stopped data folder: an in-process server for the duration', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-rehearse-'));
    try {
      expect(await runCli(['rehearse', '--data', dataDir, '--fast', '--users', '2', '--groups', '1'])).toBe(0);
      server = await startTestServer({ dataDir });
      expect((await server.scim('GET', '/Users')).body.totalResults).toBe(2);
      expect((await server.scim('GET', '/Groups')).body.Resources[0].displayName).toBe('Clumio Admins');
    } finally {
      await server?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it.each(['default', 'aadOptscim062020'] as const)(
    '--idp entra --entra-dialect %s: the Entra story settles every automatic Entra step',
    async (dialect) => {
      server = await startTestServer();
      await server.api('PUT', '/api/settings', { current_admin: 'me@example.com', identity_provider: 'entra' });
      expect(
        await runCli([
          'rehearse',
          '--data',
          server.dataDir,
          '--idp',
          'entra',
          '--entra-dialect',
          dialect,
          '--fast',
          '--users',
          '3',
          '--groups',
          '2',
          '--admin',
          'me@example.com',
        ]),
      ).toBe(0);
      // Test Connection's GUID probe comes first.
      expect(
        printed.some(
          (line) => /GET \/Users\?filter=userName(%20|\+| )eq/.test(decodeURIComponent(line)) && line.includes('→ 200'),
        ),
      ).toBe(true);
      const state = (await server.api<SetupState>('GET', '/api/setup')).body;
      expect(state.identityProvider).toBe('entra');
      const automatic = state.steps.filter((s) => s.check === 'traffic');
      expect(automatic.map((s) => [s.id, s.state])).toEqual(automatic.map((s) => [s.id, 'done']));
      expect(state.notes.find((n) => n.id === 'entra-patch-dialect')?.message).toContain(
        dialect === 'default' ? 'default PATCH dialect' : '?aadOptscim062020',
      );
    },
  );

  it('refuses bad options with usage errors', async () => {
    await expect(runCli(['rehearse', '--idp', 'onelogin'])).rejects.toThrow(/--idp must be one of okta, entra/);
    await expect(runCli(['rehearse', '--entra-dialect', 'default'])).rejects.toThrow(
      /--entra-dialect goes with an identity provider that has PATCH dialects \(--idp okta has none\)/,
    );
    await expect(runCli(['rehearse', '--app', 'gallery'])).rejects.toThrow(
      /--app must be one of clumio-catalog, custom-scim for --idp okta/,
    );
    await expect(runCli(['rehearse', '--idp', 'entra', '--entra-dialect', 'scim2'])).rejects.toThrow(
      /--entra-dialect must be one of default, aadOptscim062020/,
    );
    await expect(runCli(['rehearse', '--users', '0'])).rejects.toThrow(/--users must be a whole number from 2 to 50/);
    await expect(runCli(['rehearse', '--scim-url', 'http://127.0.0.1:1/scim/v2'])).rejects.toThrow(
      /needs the bearer token the endpoint expects: set SCIM_DESK_TOKEN/,
    );
  });
});
