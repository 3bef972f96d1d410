/**
 * The rollout in the console (Chromium against `scim-desk serve`): the admin connects the Okta org (picking
 * the Clumio app from the org's apps) and the Clumio account, sees both read, previews a rule set on the
 * account page (the calls, who gains access), applies it and sees each call's answer, sees the guard refuse a
 * set that would lock them out, and sees the lock-out alarm when Okta's data turns against them. The fake
 * Okta Management API and fake Clumio REST API (test/fakes) are the only stand-ins: neither service can be
 * reached from this machine, and the fakes follow the reference of both APIs. Screenshots go to
 * SCREENSHOT_DIR (docs/real-tenants.md shows them).
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUPS, USERS } from '../fakes/okta/okta-org.js';
import { everythingOnPage, openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';
import { ADMIN_LOGIN, CLUMIO_TOKEN, OKTA_TOKEN, startTenantFakes, type TenantFakes } from '../helpers/tenant-fakes.js';

const withText = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();

describe('the real rollout in the console', () => {
  let desk: ConsoleSession;
  let fakes: TenantFakes;

  beforeAll(async () => {
    [desk, fakes] = await Promise.all([openConsole(), startTenantFakes()]);
    expect((await desk.api('PUT', '/api/settings', { current_admin: ADMIN_LOGIN })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
    await fakes?.close();
  });

  it('connects the Okta org, picking the Clumio app from the org\'s apps', async () => {
    const { page } = desk;
    await desk.nav('Connections');
    await page.getByTestId('provisioning-target').getByLabel(/^Clumio/).check();
    await page.getByTestId('okta-org-url-input').fill(fakes.okta.origin);
    await page.getByTestId('okta-token-input').fill('00a-wrong-token');
    await page.getByTestId('okta-connect').click();
    await withText(page.getByTestId('okta-connection').getByTestId('error-message'), 'Okta refused the API token (401 E0000011)');

    await page.getByTestId('okta-token-input').fill(OKTA_TOKEN);
    await page.getByTestId('okta-connect').click();
    await page.getByTestId('okta-app-select').waitFor();
    expect(await page.getByTestId('okta-app-select').inputValue()).toBe('0oa1clumioapp0000001'); // the likely one first
    await page.getByTestId('okta-use-app').click();
    await withText(page.getByTestId('okta-app'), 'Clumio');
    expect((await desk.api<{ provisioning_target: string }>('GET', '/api/settings')).body.provisioning_target).toBe('clumio');
  });

  it('connects the Clumio account at another URL, and both are read', async () => {
    const { page } = desk;
    await page.getByTestId('clumio-region').selectOption('other');
    await page.getByTestId('clumio-base-url-input').fill(fakes.clumio.origin);
    await page.getByTestId('clumio-token-input').fill(CLUMIO_TOKEN);
    await page.getByTestId('clumio-connect').click();
    await withText(page.getByTestId('clumio-base-url'), fakes.clumio.origin);
    await withText(page.getByTestId('okta-last-read'), 'Everything read');
    await withText(page.getByTestId('clumio-last-read'), 'Everything read');
    const shown = await everythingOnPage(page);
    expect(shown).not.toContain(OKTA_TOKEN);
    expect(shown).not.toContain(CLUMIO_TOKEN);
    await desk.screenshot('real-connections');
  });

  it('plans a rule set on Okta\'s real data and applies it, call by call', async () => {
    const { page } = desk;
    await desk.nav('Clumio account');
    await withText(page.getByTestId('account-rules'), 'okta-clumio-admins');
    await page.getByTestId('account-plan').waitFor();
    await desk.screenshot('real-account');
    await withText(page.getByTestId('account-plan'), 'No calls: the account already has these rules.');

    await page.getByTestId('desired-rule-add').click();
    const row = page.getByTestId('desired-rule').last();
    await row.getByTestId('desired-rule-name').fill('engineering-admins');
    await row.getByTestId('desired-rule-groups').fill('Clumio Admins');
    await row.getByTestId('desired-rule-role').selectOption({ label: 'Organizational Unit Admin' });
    await row.getByRole('checkbox', { name: 'Global organizational unit' }).uncheck();
    await row.getByRole('checkbox', { name: 'Engineering' }).check();

    await withText(page.getByTestId('plan-calls'), "POST /settings/auto-user-provisioning/rules — create 'engineering-admins'");
    await withText(page.getByTestId('plan-users'), USERS.admin.login);
    await withText(page.getByTestId('plan-users'), '+ Organizational Unit Admin on Engineering');
    await page.getByTestId('account-guard-ok').waitFor();
    await desk.screenshot('real-rules-plan');

    const writesBefore = fakes.clumio.requests.filter((r) => r.method !== 'GET').length;
    await page.getByTestId('account-apply').click();
    await withText(page.getByTestId('apply-result'), '201 POST /settings/auto-user-provisioning/rules');
    const writes = fakes.clumio.requests.filter((r) => r.method !== 'GET').slice(writesBefore);
    expect(writes.map((r) => [r.method, r.path, r.accept, (r.body as { name?: string }).name])).toEqual([
      ['POST', '/settings/auto-user-provisioning/rules', 'application/api.clumio.auto-user-provisioning-rules=v1+json', 'engineering-admins'],
    ]);
    await withText(page.getByTestId('account-rules'), 'engineering-admins');
    await withText(page.getByTestId('account-plan'), 'No calls: the account already has these rules.');
    await page.getByTestId('apply-result').scrollIntoViewIfNeeded();
    await desk.screenshot('real-rules-applied');
  });

  it('the guard refuses a set that would take Super Admin from the admin, and nothing is sent', async () => {
    const { page } = desk;
    const admins = page.getByTestId('desired-rule').filter({ has: page.locator('input[value="okta-clumio-admins"]') });
    await admins.getByTestId('desired-rule-groups').fill('Backup Operators');
    await withText(page.getByTestId('account-guard-refusal'), `would remove Super Admin on the Global Organizational Unit from the current admin ${ADMIN_LOGIN}`);
    expect(await page.getByTestId('account-apply').isDisabled()).toBe(true);
    await desk.screenshot('real-guard-refusal');
    const writes = fakes.clumio.requests.filter((r) => r.method !== 'GET').length;
    // Even sent straight to the API, it is refused with no call made.
    const refused = await desk.api<{ error: { code: string } }>('POST', '/api/clumio/rules/apply', {
      rules: [{ name: 'okta-clumio-admins', condition: '{"user.groups":{"$eq":"Backup Operators"}}', provision: { role_id: '00000000-0000-0000-0000-000000000000', organizational_unit_ids: ['00000000-0000-0000-0000-000000000000'] } }],
    });
    expect(refused.body.error.code).toBe('guard_refused');
    expect(fakes.clumio.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
  });

  it('raises the lock-out alarm on every page when Okta removes the admin from the pushed admin group', async () => {
    const { page } = desk;
    fakes.okta.org.memberships[GROUPS.admins] = fakes.okta.org.memberships[GROUPS.admins]!.filter((id) => id !== USERS.admin.id);
    await page.getByTestId('account-refresh').click();
    const banner = page.getByTestId('real-lockout-banner');
    await withText(banner, 'Lock-out risk in your Clumio account.');
    await withText(banner, `${ADMIN_LOGIN} is in none of the groups Okta pushes to Clumio.`);
    await desk.nav('Users');
    await banner.waitFor();
    await desk.screenshot('real-lockout-alarm');
  });

  it('an export of SCIM Desk\'s own rules names the ids the Clumio account does not have', async () => {
    const { page } = desk;
    const created = await desk.api('POST', '/api/rules', {
      name: 'helpdesk',
      condition: '{"user.groups":{"$eq":"Helpdesk"}}',
      provision: { role_id: 'b0000000-0000-0000-0000-000000000000', organizational_unit_ids: ['00000000-0000-0000-0000-000000000000'] },
    });
    expect(created.status).toBe(201);
    await desk.nav('Rules');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-rules').click();
    expect((await download).suggestedFilename()).toBe('scim-desk-rules.json');
    await withText(page.getByTestId('export-id-warnings'), "Rule 'helpdesk' gives 'Helpdesk Admin' with id b0000000-0000-0000-0000-000000000000, which the Clumio account does not have");
    expect(desk.pageErrors).toEqual([]);
  });
});
