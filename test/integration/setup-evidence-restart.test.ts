/**
 * The wizard's evidence file (docs/decisions.md#wizard-evidence-in-its-own-file), through the real server: a step
 * settled by Okta's traffic stays done after the server is stopped and started on the same data folder, after
 * more traffic than the activity window holds, when an older data folder has no evidence file yet, and when the
 * evidence file is damaged (set aside, reported).
 */
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActivityPage, SetupState, SetupStepId } from '../../server/admin/contract.js';
import { EVIDENCE_FILE } from '../../server/activity/wizard-evidence-file.js';
import { oktaClient } from '../helpers/e2e-okta.js';
import { PATCH_OP, startTestServer, type TestServer } from '../helpers/scim-server.js';

/** Every step Okta's traffic settles, and what it must keep saying. */
const TRAFFIC_STEPS: readonly SetupStepId[] = [
  'username-format',
  'connector-test',
  'create-users',
  'update-users',
  'deactivate-users',
  'sync-password-off',
  'push-groups',
  'admin-account',
];
const ADMIN = 'ada.admin@example.com';
/** More than the activity window keeps in memory (1,000 entries). */
const BUSY_DAY = 1_100;

describe('wizard evidence across restarts and busy days', { timeout: 120_000 }, () => {
  let server: TestServer;
  let before: SetupState;

  const setup = async () => (await server.api<SetupState>('GET', '/api/setup')).body;
  const settled = (state: SetupState) =>
    Object.fromEntries(
      state.steps
        .filter((s) => TRAFFIC_STEPS.includes(s.id))
        .map((s) => [s.id, { state: s.state, evidence: s.evidence }]),
    );

  beforeAll(async () => {
    server = await startTestServer();
    await server.api('PUT', '/api/settings', { current_admin: ADMIN });
    const okta = oktaClient(server.scimUrl, server.token);
    await okta.send('GET', '/Users?startIndex=1&count=2');
    const noPassword = { password: undefined }; // Sync Password off, as Clumio needs
    const adminId = await okta.assignUser(ADMIN, noPassword);
    const userId = await okta.assignUser('grace.hopper@example.com', noPassword);
    await okta.send('PUT', `/Users/${userId}`, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'grace.hopper@example.com',
      title: 'Admiral',
      active: true,
    });
    await okta.send('PATCH', `/Users/${userId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    await okta.pushGroup('Clumio Admins', [adminId]);
    before = await setup();
    for (const id of TRAFFIC_STEPS) expect(before.steps.find((s) => s.id === id)?.state, id).toBe('done');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('keeps every done step, with the same evidence, after a stop and start on the same folder', async () => {
    await server.restart();
    expect(settled(await setup())).toEqual(settled(before));
  });

  it('keeps them after more traffic than the activity window holds, and again after a restart', async () => {
    for (let i = 0; i < BUSY_DAY; i++) {
      const res = await server.scim('GET', '/ServiceProviderConfig');
      expect(res.status).toBe(200);
    }
    expect(settled(await setup())).toEqual(settled(before));
    await server.restart();
    expect(settled(await setup())).toEqual(settled(before));
    // The Activity page still reaches the first request, past the window, from the files.
    const connectorTest = before.steps.find((s) => s.id === 'connector-test')!.evidence!.activityId!;
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ActivityPage = (
        await server.api<ActivityPage>(
          'GET',
          `/api/activity?kind=scim_request&limit=1000${cursor ? `&before=${cursor}` : ''}`,
        )
      ).body;
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextBefore;
    } while (cursor !== null);
    expect(ids).toContain(connectorTest);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rebuilds the evidence of a data folder from before the evidence file (seeded from the activity files)', async () => {
    await server.desk.stop();
    await rm(path.join(server.dataDir, EVIDENCE_FILE));
    await server.restart();
    expect(settled(await setup())).toEqual(settled(before));
    // Written again off the request path, within about a second.
    await vi.waitFor(async () => expect(await readdir(server.dataDir)).toContain(EVIDENCE_FILE), { timeout: 10_000 });
  });

  it('sets a damaged evidence file aside, says so in the activity log, and rebuilds it', async () => {
    await server.desk.stop();
    await writeFile(path.join(server.dataDir, EVIDENCE_FILE), '{"format":"scim-desk-wizard-evidence","vers', {
      mode: 0o600,
    });
    await server.restart();
    expect(settled(await setup())).toEqual(settled(before));
    const kept = (await readdir(server.dataDir)).filter((name) => name.startsWith(`${EVIDENCE_FILE}.unreadable-`));
    expect(kept).toHaveLength(1);
    const admin = (await server.api<ActivityPage>('GET', '/api/activity?kind=admin_change&limit=20')).body.items;
    expect(admin.find((e) => e.kind === 'admin_change' && e.action === 'setup.evidence_rebuilt')?.summary).toMatch(
      /not valid JSON.*rebuilt from the activity log/,
    );
  });
});
