/**
 * The lock-out that really happens, in the real console (Chromium) against `scim-desk serve`: auto user
 * provisioning is on and the admin is Super Admin through "Clumio Admins"; then Okta removes the admin from
 * that group. Okta's request is accepted, and the console raises an alarm on every page (what happened, the
 * request, when, the two ways out), Setup fails the steps that depend on it, an unrelated rule change stays
 * possible and says why, and turning auto user provisioning off ends it. With it off, computed access is
 * labelled as what each user would get once it is enabled. Okta is played by real HTTP requests shaped as
 * Okta sends them (test/helpers/e2e-okta.ts): this machine cannot reach an Okta org.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';
import { PATCH_OP, oktaClient, type OktaClient } from '../helpers/e2e-okta.js';

const ADMIN = 'alice.admin@example.com';
const BOB = 'bob.backup@example.com';
const GLOBAL_OU_ID = '00000000-0000-0000-0000-000000000000';
const SUPER_ADMIN_ROLE_ID = '00000000-0000-0000-0000-000000000000';
const BACKUP_ADMIN_ROLE_ID = '30000000-0000-0000-0000-000000000000';

const withText = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();
const condition = (group: string) => JSON.stringify({ 'user.groups': { $eq: group } });

describe('the admin locked out by Okta, in the console', () => {
  let desk: ConsoleSession;
  let okta: OktaClient;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    desk = await openConsole();
    const token = await desk.api<{ secret: string }>('POST', '/api/tokens', { label: 'Okta', expiresAt: null });
    okta = oktaClient(desk.serve.scimUrl, token.body.secret);
    ids[ADMIN] = await okta.assignUser(ADMIN);
    ids[BOB] = await okta.assignUser(BOB);
    ids['Clumio Admins'] = await okta.pushGroup('Clumio Admins', [ids[ADMIN]!]);
    ids['Backup Team'] = await okta.pushGroup('Backup Team', [ids[BOB]!]);
    const admins = await desk.api<{ rule_id: string }>('POST', '/api/rules', {
      name: 'Clumio Admins are Super Admins',
      condition: condition('Clumio Admins'),
      provision: { role_id: SUPER_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
    });
    const backup = await desk.api<{ rule_id: string }>('POST', '/api/rules', {
      name: 'Backup Team',
      condition: condition('Backup Team'),
      provision: { role_id: BACKUP_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
    });
    expect([admins.status, backup.status]).toEqual([201, 201]);
    ids.backupRule = backup.body.rule_id;
    expect((await desk.api('PUT', '/api/settings', { current_admin: ADMIN, identity_provider: 'okta' })).status).toBe(
      200,
    );
    expect((await desk.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: true })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
  });

  const alarm = () => desk.page.getByTestId('admin-lockout-alarm');

  it('shows no alarm while the admin has Super Admin, and the Rules page says the rules are in effect', async () => {
    await desk.goTo('rules', 'Rules');
    await withText(desk.page.getByTestId('rules-in-effect'), 'Rules are in effect.');
    await desk.goTo('users', 'Users');
    await withText(desk.page.getByTestId('users-list'), ADMIN);
    expect(await alarm().count()).toBe(0);
    expect(await desk.page.getByTestId('access-not-in-effect').count()).toBe(0);
  });

  it("accepts Okta's removal of the admin from the group, and raises the alarm with the request and the two ways out", async () => {
    const removed = await okta.send('PATCH', `/Groups/${ids['Clumio Admins']}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: `members[value eq "${ids[ADMIN]}"]` }],
    });
    expect(removed.status).toBe(204);

    // The page the admin is on shows it without a reload.
    await withText(alarm(), `Locked out: ${ADMIN} has no Super Admin on the Global OU`);
    await withText(
      desk.page.getByTestId('lockout-cause'),
      `Okta removed ${ADMIN} from "Clumio Admins" with PATCH /scim/v2/Groups/${ids['Clumio Admins']} → 204`,
    );
    await withText(desk.page.getByTestId('lockout-cause'), 'Okta SCIM Client');
    const ways = desk.page.getByTestId('lockout-ways').getByRole('listitem');
    expect(await ways.count()).toBe(2);
    expect(await ways.nth(0).innerText()).toMatch(
      new RegExp(`^Put ${ADMIN.replace(/\./g, '\\.')} back in "Clumio Admins" in Okta`),
    );
    expect(await ways.nth(1).innerText()).toMatch(/^Or turn auto user provisioning off/);
  });

  it('keeps the alarm on every page', async () => {
    const pages: [string, string | RegExp][] = [
      ['groups', 'Groups'],
      [`users/${ids[ADMIN]}`, ADMIN],
      ['rules', 'Rules'],
      ['organizational-units', 'Organizational units'],
      ['activity', 'Activity'],
      ['webhooks', 'Webhooks'],
      ['endpoint', 'Endpoint & tokens'],
      ['settings', 'Settings'],
    ];
    for (const [route, heading] of pages) {
      await desk.goTo(route, heading);
      await withText(alarm(), `Okta removed ${ADMIN} from "Clumio Admins"`);
    }
  });

  it('Setup lists the warning with its evidence and fails the steps that depend on the admin', async () => {
    const { page } = desk;
    await desk.goTo('setup', 'Setup');
    const warning = page.getByTestId('setup-warning-admin-locked-out');
    await withText(warning, 'The current admin is locked out of Super Admin.');
    await withText(warning.getByTestId('evidence'), `PATCH /scim/v2/Groups/${ids['Clumio Admins']} → 204`);
    for (const step of ['admin-account', 'super-admin-rule', 'enable-auto-provisioning']) {
      await page.locator(`[data-testid="setup-step-${step}"][data-state="failed"]`).waitFor();
    }
    await withText(
      page.getByTestId('setup-step-super-admin-rule').getByTestId('step-fix'),
      "Rule 'Clumio Admins are Super Admins' exists but no longer gives",
    );
    await desk.screenshot('lockout-alarm');
  });

  it('allows an unrelated rule change, saying the admin is already locked out by Okta', async () => {
    const { page } = desk;
    await desk.goTo(`rules/${ids.backupRule}`, 'Edit rule');
    await page.getByTestId('rule-name').fill('Backup Team backs up everything');
    await withText(
      page.getByTestId('preview').getByTestId('guard-note'),
      `already locked out: Okta removed ${ADMIN} from "Clumio Admins"`,
    );
    await withText(page.getByTestId('guard-note'), 'This change does not make it worse.');
    await page.getByTestId('save-rule').click();
    await page.locator('main h1', { hasText: /^Rules$/ }).waitFor();
    await withText(page.getByTestId('rules-table'), 'Backup Team backs up everything');
    await withText(alarm(), 'Two ways out');
    // The Rules page no longer says all is guarded as if nothing happened.
    await withText(
      page.getByTestId('aup-locked-out'),
      `But ${ADMIN} is locked out right now (Okta removed ${ADMIN} from "Clumio Admins")`,
    );
  });

  it('ends when auto user provisioning is turned off, and the Rules page says the rules are not in effect', async () => {
    const { page } = desk;
    await page.getByTestId('aup-panel').getByRole('button', { name: 'Disable auto user provisioning' }).click();
    await withText(page.getByTestId('aup-state'), 'Off');
    await alarm().waitFor({ state: 'detached' });
    await withText(page.getByTestId('rules-in-effect'), 'Rules are not in effect.');
  });

  it('labels computed access as what each user would get once auto user provisioning is enabled', async () => {
    const { page } = desk;
    await okta.addMembers(ids['Clumio Admins']!, [ids[ADMIN]!]); // the admin back in the group: nothing is locked out while it is off
    await desk.goTo('users', 'Users');
    await withText(
      page.getByTestId('users-list').getByRole('link', { name: new RegExp(ADMIN) }),
      'Would get: Super Admin on Global Organizational Unit',
    );
    await withText(
      page.getByTestId('access-not-in-effect'),
      'Not in effect: auto user provisioning is off, so this is what each user would get once it is enabled.',
    );
    await withText(
      page.getByTestId('users-list').getByRole('link', { name: new RegExp(BOB) }),
      'Would get: Backup Admin on Global Organizational Unit',
    );
    await desk.screenshot('access-not-in-effect');

    await desk.goTo(`users/${ids[BOB]}`, BOB);
    await withText(page.getByTestId('access-not-in-effect'), `this is what ${BOB} would get once it is enabled`);
    await withText(page.getByTestId('user-access'), /Once enabled\s*Backup Admin on Global Organizational Unit/);
  });

  it('once it is enabled again, the same access is in effect and unlabelled', async () => {
    const { page } = desk;
    expect((await desk.api('PUT', '/api/settings/auto-user-provisioning', { is_enabled: true })).status).toBe(200);
    await desk.goTo('users', 'Users');
    await withText(
      page.getByTestId('users-list').getByRole('link', { name: new RegExp(BOB) }),
      'Backup Admin on Global Organizational Unit',
    );
    expect(await page.getByTestId('users-list').getByText('Would get:').count()).toBe(0);
    expect(await page.getByTestId('access-not-in-effect').count()).toBe(0);
    expect(await alarm().count()).toBe(0);
    expect(desk.pageErrors).toEqual([]);
  });
});
