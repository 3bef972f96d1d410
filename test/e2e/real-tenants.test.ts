/**
 * The rollout in the console (Chromium against `scim-desk serve`): on first run the wizard asks where Okta
 * provisions to and the admin picks the real rollout into Clumio; the admin connects the Okta org (picking
 * the Clumio app from the org's apps) and the Clumio account, sees both read, watches the wizard's checklist
 * settle from the two APIs (each step with the calls that said it), previews a rule set on the
 * account page (the calls, who gains access), applies it and sees each call's answer, sees the guard refuse a
 * set that would lock them out, and sees the lock-out alarm when Okta's data turns against them. The fake
 * Okta Management API and fake Clumio REST API (test/fakes) are the only stand-ins: neither service can be
 * reached from this machine, and the fakes follow the reference of both APIs. Screenshots go to
 * SCREENSHOT_DIR (docs/real-tenants.md shows them).
 */
import type { Locator, Page } from 'playwright-core';
import type { SetupStepId, SetupStepState } from '../../server/admin/contract.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUPS, USERS } from '../fakes/okta/okta-org.js';
import { everythingOnPage, openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';
import { ADMIN_LOGIN, CLUMIO_TOKEN, OKTA_TOKEN, startTenantFakes, type TenantFakes } from '../helpers/tenant-fakes.js';

const withText = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();
const step = (page: Page, id: SetupStepId): Locator => page.getByTestId(`setup-step-${id}`);
const stepIs = (page: Page, id: SetupStepId, state: SetupStepState) =>
  page.locator(`[data-testid="setup-step-${id}"][data-state="${state}"]`).waitFor();

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

  it("asks on first run where Okta provisions to; the real rollout's checklist waits for the connections, the rehearsal stays", async () => {
    const { page } = desk;
    await desk.nav('Setup');
    const choice = page.getByTestId('target-choice');
    await withText(choice, 'Where does Okta provision to?');
    await choice.getByTestId('choose-target-clumio').click();
    await withText(page.getByTestId('target-current'), 'The real rollout into Clumio');
    await page.getByTestId('choose-okta-clumio-catalog').click();
    await withText(page.getByTestId('profile-current'), 'Okta');
    await withText(page.getByTestId('tenants-read'), 'Nothing is connected yet');
    await stepIs(page, 'okta-connection', 'todo');
    await withText(
      step(page, 'okta-connection').getByTestId('step-fix'),
      'Connect your Okta org on the Connections page',
    );
    await withText(
      step(page, 'push-groups').getByTestId('step-fix'),
      "Connect your Okta org first (Connections page): this step is read from Okta's API.",
    );
    // The rehearsal against SCIM Desk's own endpoint stays beside the rollout's checklist.
    await page.getByTestId('rehearsal-panel').waitFor();
    expect(await page.getByTestId('setup-step-endpoint').count()).toBe(0);
    expect((await desk.api<{ provisioning_target: string }>('GET', '/api/settings')).body.provisioning_target).toBe(
      'clumio',
    );
  });

  it("connects the Okta org, picking the Clumio app from the org's apps", async () => {
    const { page } = desk;
    await step(page, 'okta-connection').getByTestId('go-connections').click();
    await page.locator('main h1', { hasText: 'Connections' }).waitFor();
    expect(
      await page
        .getByTestId('provisioning-target')
        .getByLabel(/^Clumio/)
        .isChecked(),
    ).toBe(true);
    await page.getByTestId('okta-org-url-input').fill(fakes.okta.origin);
    await page.getByTestId('okta-token-input').fill('00a-wrong-token');
    await page.getByTestId('okta-connect').click();
    await withText(
      page.getByTestId('okta-connection').getByTestId('error-message'),
      'Okta refused the API token (401 E0000011)',
    );

    await page.getByTestId('okta-token-input').fill(OKTA_TOKEN);
    await page.getByTestId('okta-connect').click();
    await page.getByTestId('okta-app-select').waitFor();
    expect(await page.getByTestId('okta-app-select').inputValue()).toBe('0oa1clumioapp0000001'); // the likely one first
    await page.getByTestId('okta-use-app').click();
    await withText(page.getByTestId('okta-app'), 'Clumio');
    expect((await desk.api<{ provisioning_target: string }>('GET', '/api/settings')).body.provisioning_target).toBe(
      'clumio',
    );
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

  it("the wizard's checklist settles from the two APIs, each step with the calls that said it; the SCIM method by confirmation", async () => {
    const { page } = desk;
    await desk.nav('Setup');
    await withText(page.getByTestId('tenants-okta'), fakes.okta.origin);
    await withText(page.getByTestId('tenants-read-at'), /^last read /);
    for (const id of [
      'username-format',
      'create-users',
      'push-groups',
      'admin-account',
      'provisioning-failures',
      'super-admin-rule',
      'clumio-admin-super-admin',
      'enable-auto-provisioning',
    ] as const) {
      await stepIs(page, id, 'done');
    }
    await withText(
      step(page, 'username-format').getByTestId('evidence'),
      'Okta: the Application username format of "Clumio" is "Email" (${source.email}).',
    );
    await withText(
      step(page, 'username-format').getByTestId('evidence-calls'),
      'GET /api/v1/apps/0oa1clumioapp0000001 → 200',
    );
    await withText(
      step(page, 'push-groups').getByTestId('evidence'),
      'every mapping ACTIVE: "Clumio Admins", "Backup Operators"',
    );
    await withText(step(page, 'clumio-admin-super-admin').getByTestId('evidence-calls'), 'GET /users?limit=100 → 200');
    await stepIs(page, 'provisioning-method', 'todo');
    await desk.screenshot('real-checklist');

    // Okta changes (the username format), the admin reads again: the step fails with the fix.
    const app = fakes.okta.org.apps.find((a) => a.id === '0oa1clumioapp0000001')!;
    app.credentials.userNameTemplate = { template: '${source.login}', type: 'BUILT_IN' };
    await page.getByTestId('setup-refresh').click();
    await stepIs(page, 'username-format', 'failed');
    await withText(
      step(page, 'username-format').getByTestId('step-fix'),
      'on the Sign On tab (Edit) set it to Email and Save',
    );
    await step(page, 'username-format').scrollIntoViewIfNeeded();
    await desk.screenshot('real-checklist-failed');
    app.credentials.userNameTemplate = { template: '${source.email}', type: 'BUILT_IN' };
    await page.getByTestId('setup-refresh').click();
    await stepIs(page, 'username-format', 'done');

    // The one step no API shows.
    const method = step(page, 'provisioning-method');
    if ((await method.getByTestId('confirm-step').count()) === 0)
      await method.getByRole('button', { name: /provisioning method/ }).click();
    await method.getByTestId('confirm-step').click();
    await stepIs(page, 'provisioning-method', 'confirmed');
    await withText(
      page.getByTestId('setup-complete'),
      "Okta provisions into Clumio, and the account's rules keep you Super Admin.",
    );
  });

  it("plans a rule set on Okta's real data and applies it, call by call", async () => {
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

    await withText(
      page.getByTestId('plan-calls'),
      "POST /settings/auto-user-provisioning/rules — create 'engineering-admins'",
    );
    await withText(page.getByTestId('plan-users'), USERS.admin.login);
    await withText(page.getByTestId('plan-users'), '+ Organizational Unit Admin on Engineering');
    await page.getByTestId('account-guard-ok').waitFor();
    await desk.screenshot('real-rules-plan');

    const writesBefore = fakes.clumio.requests.filter((r) => r.method !== 'GET').length;
    await page.getByTestId('account-apply').click();
    await withText(page.getByTestId('apply-result'), '201 POST /settings/auto-user-provisioning/rules');
    const writes = fakes.clumio.requests.filter((r) => r.method !== 'GET').slice(writesBefore);
    expect(writes.map((r) => [r.method, r.path, r.accept, (r.body as { name?: string }).name])).toEqual([
      [
        'POST',
        '/settings/auto-user-provisioning/rules',
        'application/api.clumio.auto-user-provisioning-rules=v1+json',
        'engineering-admins',
      ],
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
    await withText(
      page.getByTestId('account-guard-refusal'),
      `would remove Super Admin on the Global Organizational Unit from the current admin ${ADMIN_LOGIN}`,
    );
    expect(await page.getByTestId('account-apply').isDisabled()).toBe(true);
    await desk.screenshot('real-guard-refusal');
    const writes = fakes.clumio.requests.filter((r) => r.method !== 'GET').length;
    // Even sent straight to the API, it is refused with no call made.
    const refused = await desk.api<{ error: { code: string } }>('POST', '/api/clumio/rules/apply', {
      rules: [
        {
          name: 'okta-clumio-admins',
          condition: '{"user.groups":{"$eq":"Backup Operators"}}',
          provision: {
            role_id: '00000000-0000-0000-0000-000000000000',
            organizational_unit_ids: ['00000000-0000-0000-0000-000000000000'],
          },
        },
      ],
    });
    expect(refused.body.error.code).toBe('guard_refused');
    expect(fakes.clumio.requests.filter((r) => r.method !== 'GET').length).toBe(writes);
  });

  it('raises the lock-out alarm on every page when Okta removes the admin from the pushed admin group', async () => {
    const { page } = desk;
    fakes.okta.org.memberships[GROUPS.admins] = fakes.okta.org.memberships[GROUPS.admins]!.filter(
      (id) => id !== USERS.admin.id,
    );
    await page.getByTestId('account-refresh').click();
    const banner = page.getByTestId('real-lockout-banner');
    await withText(banner, 'Lock-out risk in your Clumio account.');
    await withText(banner, `${ADMIN_LOGIN} is in none of the groups Okta pushes to Clumio.`);
    await desk.nav('Users');
    await banner.waitFor();
    await desk.screenshot('real-lockout-alarm');
  });

  it("an export of SCIM Desk's own rules names the ids the Clumio account does not have", async () => {
    const { page } = desk;
    const created = await desk.api('POST', '/api/rules', {
      name: 'helpdesk',
      condition: '{"user.groups":{"$eq":"Helpdesk"}}',
      provision: {
        role_id: 'b0000000-0000-0000-0000-000000000000',
        organizational_unit_ids: ['00000000-0000-0000-0000-000000000000'],
      },
    });
    expect(created.status).toBe(201);
    await desk.nav('Rules');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-rules').click();
    expect((await download).suggestedFilename()).toBe('scim-desk-rules.json');
    await withText(
      page.getByTestId('export-id-warnings'),
      "Rule 'helpdesk' gives 'Helpdesk Admin' with id b0000000-0000-0000-0000-000000000000, which the Clumio account does not have",
    );
  });

  it("switches to the rehearsal's checklist and back: the rehearsal stays available, the rollout's read is kept", async () => {
    const { page } = desk;
    await desk.nav('Setup');
    await page.getByTestId('switch-target').click();
    await page.getByTestId('choose-target-scim-desk').click();
    await withText(page.getByTestId('target-current'), "A rehearsal on SCIM Desk's own endpoint");
    await page.getByTestId('setup-step-endpoint').waitFor();
    expect(await page.getByTestId('tenants-read').count()).toBe(0);
    await page.getByTestId('rehearsal-panel').waitFor();

    await page.getByTestId('switch-target').click();
    await page.getByTestId('choose-target-clumio').click();
    await withText(page.getByTestId('tenants-okta'), fakes.okta.origin);
    await page.getByTestId('rehearsal-panel').waitFor();
    // The alarm raised above still stands in the rollout's checklist: the admin's step fails with its cause.
    await stepIs(page, 'admin-account', 'failed');
    await withText(
      step(page, 'admin-account').getByTestId('step-fix'),
      `Your Okta user ${ADMIN_LOGIN} is in none of the groups Okta pushes to Clumio`,
    );
    expect(desk.pageErrors).toEqual([]);
  });
});
