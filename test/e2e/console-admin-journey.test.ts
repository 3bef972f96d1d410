/**
 * An admin's first session in the real console (Chromium) against `scim-desk serve`.
 * Token created and shown once, Okta's traffic arrives, the directory fills, a rule is written with its
 * preview, access shows with its explanation, auto user provisioning is enabled, the guard refuses a
 * lock-out. Each step leaves a screenshot in SCREENSHOT_DIR (see e2e-browser.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Locator, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingOnPage, openConsole, webStorage, type ConsoleSession } from '../helpers/e2e-browser.js';
import { oktaClient, type OktaClient } from '../helpers/e2e-okta.js';

const ADMIN = 'alice.admin@example.com';
const BOB = 'bob.backup@example.com';
const CAROL = 'carol.chen@example.com';
const DAN = 'dan.diaz@example.com';
const GLOBAL_OU = 'Global Organizational Unit';
const SUPER_ADMIN_RULE = 'Clumio Admins are Super Admins';
const BACKUP_RULE = 'Backup Team backs up EMEA';
// Okta sends a password when Sync Password is on; it must never reach the console.
const PASSWORD = `Pw-${randomBytes(9).toString('hex')}`;

/** Waits until the element's text contains `text` (Playwright re-checks as the page changes). */
const withText = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();

describe('an admin sets up SCIM Desk in the console', () => {
  let desk: ConsoleSession;
  let okta: OktaClient;
  let secret = '';
  const ids: Record<string, string> = {};
  /** Every admin API answer the console received, as text (the SSE stream aside). */
  const apiAnswers: { url: string; method: string; text: string }[] = [];

  beforeAll(async () => {
    desk = await openConsole();
    desk.page.on('response', (response: Response) => {
      const url = response.url();
      if (!url.includes('/api/') || (response.headers()['content-type'] ?? '').includes('text/event-stream')) return;
      response.text().then(
        (text) => apiAnswers.push({ url, method: response.request().method(), text }),
        () => {}, // a navigation can discard a body; nothing to check then
      );
    });
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('logs in from the printed admin URL: the token moves into session storage and leaves the address bar', async () => {
    const { page, serve } = desk;
    expect(page.url()).not.toContain('token=');
    expect(await webStorage(page)).toContain(serve.adminToken);
    await desk.goTo('setup', 'Setup');
    await desk.screenshot('setup');
  });

  it('creates a SCIM token: the secret is shown once, and leaving the screen removes it', async () => {
    const { page } = desk;
    await desk.nav('Endpoint & tokens');
    await page.getByTestId('token-label').fill('Okta production');
    await page.getByTestId('create-token').click();
    secret = await page.getByTestId('token-secret').inputValue();
    expect(secret).toMatch(/^scimdesk_[A-Za-z0-9_-]{40,}$/);
    await withText(page.getByTestId('token-secret-panel'), 'shown only once');
    await withText(page.getByTestId('status-counts'), '1 live token');
    await desk.screenshot('endpoint-token-created', { mask: [page.getByTestId('token-secret')] });

    await desk.nav('Users');
    await desk.nav('Endpoint & tokens');
    await withText(page.getByTestId('tokens-table'), 'Okta production');
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    expect(await everythingOnPage(page)).not.toContain(secret);
    await desk.screenshot('endpoint');
  });

  it('receives Okta traffic with that token: users assigned, groups pushed, memberships patched', async () => {
    okta = oktaClient(desk.serve.scimUrl, secret);
    const connectorTest = await okta.send('GET', '/Users?startIndex=1&count=2');
    expect(connectorTest.status).toBe(200);
    for (const userName of [ADMIN, BOB, CAROL, DAN])
      ids[userName] = await okta.assignUser(userName, { password: PASSWORD });
    ids['Clumio Admins'] = await okta.pushGroup('Clumio Admins', [ids[ADMIN]!]);
    ids['Backup Team'] = await okta.pushGroup('Backup Team', [ids[BOB]!]);
    await okta.addMembers(ids['Backup Team'], [ids[CAROL]!]);
  });

  it('shows the users and groups as Okta pushed them', async () => {
    const { page } = desk;
    await desk.nav('Users');
    await withText(page.getByTestId('users-count'), '4 users');
    const list = page.getByTestId('users-list');
    for (const userName of [ADMIN, BOB, CAROL, DAN]) await withText(list, userName);
    await desk.screenshot('users');

    await page.getByLabel('Theme').selectOption('dark');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await desk.screenshot('users-dark');
    await page.getByLabel('Theme').selectOption('system');

    await desk.nav('Groups');
    const groups = page.getByTestId('groups-list');
    await withText(page.getByTestId('groups-count'), '2 groups');
    await withText(groups.getByRole('link'), /Backup Team\s*2 members/);
    await withText(groups.getByRole('link'), /Clumio Admins\s*1 member$/);
    await desk.screenshot('groups');
  });

  it("opens a user's page: SCIM attributes and groups, never the password Okta sent", async () => {
    const { page } = desk;
    await desk.nav('Users');
    await page
      .getByTestId('users-list')
      .getByRole('link', { name: new RegExp(ADMIN) })
      .click();
    await withText(page.getByTestId('user-title'), ADMIN);
    await withText(page.getByTestId('user-groups'), 'Clumio Admins');
    await withText(page.getByRole('table', { name: 'SCIM attributes' }), 'userName');
    await withText(page.getByTestId('empty-state'), 'No access');
    expect(await everythingOnPage(page)).not.toContain(PASSWORD);
    expect(await page.getByRole('rowheader', { name: 'password' }).count()).toBe(0);
  });

  it('adds an organizational unit under the Global OU', async () => {
    const { page } = desk;
    await desk.nav('Organizational units');
    await page.getByRole('button', { name: `Add an OU under ${GLOBAL_OU}` }).click();
    const form = page.getByRole('form', { name: `New OU under ${GLOBAL_OU}` });
    await form.getByLabel('Name').fill('EMEA');
    await form.getByLabel('Description').fill('Europe, Middle East and Africa');
    await form.getByRole('button', { name: 'Create' }).click();
    await withText(page.getByTestId('ou-EMEA'), 'Europe, Middle East and Africa');
    await desk.screenshot('organizational-units');
  });

  it('writes the Super Admin rule in the editor: a near miss is flagged, the preview shows who gains, then it is saved', async () => {
    const { page } = desk;
    await desk.nav('Rules');
    await withText(page.getByTestId('empty-state'), 'No rules yet');
    await page.getByTestId('new-rule').click();
    await page.locator('main h1', { hasText: 'New rule' }).waitFor();

    await page.getByTestId('rule-name').fill(SUPER_ADMIN_RULE);
    expect(await page.getByTestId('condition-mode').inputValue()).toBe('this-group');
    const group = page.getByTestId('condition-value-0');
    await group.fill('clumio admins');
    await page.getByTestId('rule-role').selectOption({ label: 'Super Admin' });
    await page.getByTestId('rule-ous').getByLabel(GLOBAL_OU).check();
    // Once the rule is complete, the preview flags the near miss and names the real group.
    await withText(page.locator('.field-warning'), 'did you mean "Clumio Admins"');
    await group.fill('Clumio Admins');
    // The group picker suggests the names Okta pushed.
    await page.locator('datalist option[value="Clumio Admins"]').waitFor({ state: 'attached' });

    const preview = page.getByTestId('preview');
    await withText(preview.getByRole('row'), new RegExp(`${ADMIN}.*\\+ Super Admin on ${GLOBAL_OU}`));
    await withText(page.getByTestId('preview-totals'), '1 gaining access, 0 losing access');
    await page.getByTestId('save-rule').click();

    await page.locator('main h1', { hasText: 'Rules' }).waitFor();
    await withText(
      page.getByTestId('rules-table').getByRole('row'),
      new RegExp(`${SUPER_ADMIN_RULE}.*This group: "Clumio Admins".*Super Admin.*${GLOBAL_OU}\\s*1$`),
    );
  });

  it('writes an ANY-of rule with a role on the new OU and previews both members gaining it', async () => {
    const { page } = desk;
    await page.getByTestId('new-rule').click();
    await page.locator('main h1', { hasText: 'New rule' }).waitFor();
    await page.getByTestId('rule-name').fill(BACKUP_RULE);
    await page.getByTestId('condition-mode').selectOption('any-of-groups');
    await page.getByTestId('condition-value-0').fill('Backup Team');
    await page.getByRole('button', { name: 'Add group' }).click();
    await page.getByTestId('condition-value-1').fill('Storage Team'); // not pushed (yet): a warning, not an error
    await page.getByTestId('rule-role').selectOption({ label: 'Backup Admin' });
    await page.getByTestId('rule-ous').getByLabel('EMEA').check();

    const preview = page.getByTestId('preview');
    await withText(preview.getByRole('row'), new RegExp(`${BOB}.*\\+ Backup Admin on EMEA`));
    await withText(preview.getByRole('row'), new RegExp(`${CAROL}.*\\+ Backup Admin on EMEA`));
    await withText(page.getByTestId('preview-totals'), '2 gaining access');
    await withText(page.locator('.field-warning'), 'Storage Team');
    await desk.screenshot('rule-editor');
    await page.getByTestId('save-rule').click();

    await withText(
      page.getByTestId('rules-table').getByRole('row'),
      new RegExp(`${BACKUP_RULE}.*Backup Admin.*EMEA\\s*2$`),
    );
    await desk.screenshot('rules');
  });

  it("shows the access on the user's page with the rule and group that give it", async () => {
    const { page } = desk;
    await desk.goTo(`users/${ids[ADMIN]}`, ADMIN);
    const access = page.getByTestId('user-access');
    await withText(access, `Super Admin on ${GLOBAL_OU}`);
    await withText(access, `via rule "${SUPER_ADMIN_RULE}" through group "Clumio Admins"`);
    expect(await everythingOnPage(page)).not.toContain(PASSWORD);
    await desk.screenshot('user-detail');
  });

  it('sets the current admin in Settings', async () => {
    const { page } = desk;
    await desk.nav('Settings');
    await page.getByTestId('current-admin').fill(ADMIN);
    await page.getByTestId('save-settings').click();
    await withText(page.getByRole('status'), 'Settings saved.');
    await withText(page.getByTestId('data-dir'), desk.serve.dataDir);
    await desk.screenshot('settings');
  });

  it('enables auto user provisioning after previewing who gets access', async () => {
    const { page } = desk;
    await desk.nav('Rules');
    const panel = page.getByTestId('aup-panel');
    await withText(panel.getByTestId('aup-state'), 'Off');
    await page.getByTestId('aup-preview').click();
    await withText(panel.getByTestId('preview-totals'), '3 gaining access');
    for (const userName of [ADMIN, BOB, CAROL]) await withText(panel.getByRole('row'), userName);
    await panel.scrollIntoViewIfNeeded();
    await desk.screenshot('rules-enable-preview');
    await page.getByTestId('aup-enable').click();
    await withText(panel.getByTestId('aup-state'), 'On');
  });

  it('refuses, in plain words, deleting the rule that keeps the current admin a Super Admin', async () => {
    const { page } = desk;
    await page.getByTestId('rules-table').getByRole('link', { name: SUPER_ADMIN_RULE }).click();
    await page.locator('main h1', { hasText: 'Edit rule' }).waitFor();
    await page.getByRole('button', { name: 'Delete rule…' }).click();
    // The preview warns before the admin even tries.
    await withText(
      page.getByTestId('preview').getByTestId('guard-refusal'),
      'SCIM Desk will refuse to delete this rule',
    );
    await page.getByTestId('confirm-delete-rule').click();

    const refusal = page.getByTestId('guard-refusal').filter({ hasText: 'Refused by the lockout guard.' });
    await refusal.waitFor();
    const text = await refusal.innerText();
    expect(text).toContain(`no rule that gives Super Admin on the ${GLOBAL_OU}`);
    expect(text).toContain(SUPER_ADMIN_RULE);
    expect(text).not.toMatch(/guard_refused|409|\{/); // words, not codes
    await desk.screenshot('guard-refusal');

    await desk.nav('Rules');
    await withText(page.getByTestId('rules-table'), SUPER_ADMIN_RULE);
  });

  it('refuses, in plain words, making someone without Super Admin the current admin', async () => {
    const { page } = desk;
    await desk.nav('Settings');
    await page.getByTestId('current-admin').fill(BOB);
    await page.getByTestId('save-settings').click();
    const refusal = page.getByTestId('guard-refusal').filter({ hasText: 'Not saved.' });
    await refusal.waitFor();
    const text = await refusal.innerText();
    expect(text).toContain(BOB);
    expect(text).toContain('Super Admin');
    expect(text).not.toMatch(/guard_refused|409|\{/);

    await desk.nav('Rules');
    await desk.nav('Settings');
    expect(await page.getByTestId('current-admin').inputValue()).toBe(ADMIN);
  });

  it('never shows the SCIM token after its creation screen, nor any password, on any page', async () => {
    const { page } = desk;
    const pages: [string, string | RegExp, () => Promise<void>][] = [
      ['setup', 'Setup', async () => {}],
      ['users', 'Users', () => withText(page.getByTestId('users-list'), ADMIN)],
      [`users/${ids[ADMIN]}`, ADMIN, () => page.getByTestId('user-access').waitFor()],
      ['groups', 'Groups', () => withText(page.getByTestId('groups-list'), 'Clumio Admins')],
      [`groups/${ids['Clumio Admins']}`, 'Clumio Admins', () => withText(page.locator('main'), ADMIN)],
      ['rules', 'Rules', () => page.getByTestId('rules-table').waitFor()],
      ['organizational-units', 'Organizational units', () => page.getByTestId('ou-EMEA').waitFor()],
      ['activity', 'Activity', () => withText(page.getByTestId('activity-list'), 'POST /Users')],
      ['endpoint', 'Endpoint & tokens', () => page.getByTestId('tokens-table').waitFor()],
      ['settings', 'Settings', () => page.getByTestId('current-admin').waitFor()],
    ];
    for (const [route, heading, ready] of pages) {
      await desk.goTo(route, heading);
      await ready();
      const everything = await everythingOnPage(page);
      expect(everything, route).not.toContain(secret);
      expect(everything, route).not.toContain(PASSWORD);
    }
    await desk.goTo('activity', 'Activity');
    await page
      .getByTestId('activity-list')
      .getByRole('button', { name: new RegExp(`POST /Users 201 ${ADMIN}`) })
      .click();
    await withText(page.getByTestId('activity-detail'), '"password": "[redacted]"');
    const detail = await everythingOnPage(page);
    expect(detail).not.toContain(secret);
    expect(detail).not.toContain(PASSWORD);

    const storage = await webStorage(page);
    expect(storage).not.toContain(secret);
    // Only the creation answer ever carried the secret; no admin API answer ever carried a password.
    const carriers = apiAnswers
      .filter((a) => a.text.includes(secret))
      .map((a) => `${a.method} ${new URL(a.url).pathname}`);
    expect(carriers).toEqual(['POST /api/tokens']);
    expect(apiAnswers.filter((a) => a.text.includes(PASSWORD))).toEqual([]);
    expect(desk.pageErrors).toEqual([]);
  });
});
