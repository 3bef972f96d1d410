/**
 * The setup wizard in real Chromium against `scim-desk serve` on an empty data folder.
 * - A new admin follows the wizard, sets their own account, runs the Okta rehearsal (fast, including their
 *   account) and sees every automatic check turn done with its evidence, then finishes the Clumio steps.
 * - Okta's connector test with a wrong token: the connector step fails with the "token rejected" diagnosis.
 * - A rehearsal without the admin's account: that step stays open and says why.
 * Screenshots of the wizard at start, mid-way, complete and failed go to SCREENSHOT_DIR (see e2e-browser.ts).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupState, SetupStepId } from '../../server/admin/contract.js';
import { everythingOnPage, openConsole, SCREENSHOT_DIR, type ConsoleSession } from '../helpers/e2e-browser.js';
import { OKTA_USER_AGENT } from '../helpers/e2e-okta.js';

const ADMIN = 'ada.admin@example.com';

/** The checks settled by traffic Okta sends: the rehearsal must turn each of them done. */
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

const step = (page: Page, id: SetupStepId): Locator => page.getByTestId(`setup-step-${id}`);

/** Waits until the step shows `state` (the page refreshes by itself from the activity stream). */
async function waitForState(page: Page, id: SetupStepId, state: string, timeout = 20_000): Promise<void> {
  await page.locator(`[data-testid="setup-step-${id}"][data-state="${state}"]`).waitFor({ timeout });
}

/** Opens a step's instructions and controls (unless they are open already). */
async function openStep(page: Page, id: SetupStepId): Promise<void> {
  const toggle = step(page, id).locator('.wizard-step-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** The whole wizard (not just the viewport): the steps run below the fold. */
async function fullShot(page: Page, name: string, mask: Locator[] = []): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Sticky sidebars are drawn where the viewport is: from the top they sit where the admin sees them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    mask,
  });
}

async function runRehearsal(page: Page, options: { includeAdmin: boolean }): Promise<void> {
  const panel = page.getByTestId('rehearsal-panel');
  await panel.getByTestId('rehearsal-users').fill('5');
  await panel.getByTestId('rehearsal-groups').fill('3');
  const include = panel.getByTestId('rehearsal-include-admin');
  if ((await include.isChecked()) !== options.includeAdmin) await include.click();
  await panel.getByTestId('rehearsal-fast').check();
  await panel.getByTestId('start-rehearsal').click();
  await panel.getByTestId('rehearsal-progress').filter({ hasText: 'Rehearsal finished' }).waitFor({ timeout: 30_000 });
}

describe('the setup wizard', { timeout: 120_000 }, () => {
  let desk: ConsoleSession | undefined;
  afterEach(async () => {
    const pageErrors = desk?.pageErrors ?? [];
    await desk?.close();
    desk = undefined;
    expect(pageErrors).toEqual([]);
  });

  it('takes a new admin from an empty data folder to a complete setup, every automatic check done by the rehearsal with its evidence', async () => {
    desk = await openConsole();
    const { page } = desk;

    // The bare app URL opens the wizard while setup is incomplete, in Okta's order.
    await page.getByTestId('setup-step-enable-auto-provisioning').waitFor();
    const state = (await desk.api<SetupState>('GET', '/api/setup')).body;
    expect(await page.locator('.wizard-step').count()).toBe(state.steps.length);
    expect(await page.locator('.wizard-step h3').allTextContents()).toEqual(
      state.steps.map((s, i) => `Step ${i + 1}: ${s.title}`),
    );
    expect(await step(page, 'token').getAttribute('data-state')).toBe('todo');
    expect(await step(page, 'connector-test').getAttribute('data-state')).not.toBe('done');
    // The first open step is open, with its controls: the tunnel choices and the self-probe.
    await page.getByTestId('endpoint-panel').waitFor();
    await fullShot(page, 'wizard-start');

    // Step 1: no tunnel can run here (no network); the admin vouches for their own ingress.
    await step(page, 'endpoint').getByTestId('confirm-step').click();
    await waitForState(page, 'endpoint', 'confirmed');

    // Step 2: the token, generated inline and shown once.
    await openStep(page, 'token');
    await step(page, 'token').getByTestId('wizard-create-token').click();
    const secret = await page.getByTestId('token-secret').inputValue();
    expect(secret).toMatch(/^scimdesk_/);
    await waitForState(page, 'token', 'done');
    await page.getByRole('button', { name: 'Done, hide the token' }).click();
    expect(await everythingOnPage(page)).not.toContain(secret);

    // The admin's own account, before the rehearsal so it can include it.
    await openStep(page, 'admin-account');
    await page.getByTestId('wizard-current-admin').fill(ADMIN);
    await page.getByTestId('wizard-save-admin').click();
    await page.getByTestId('rehearsal-panel').getByText(ADMIN).waitFor();

    await runRehearsal(page, { includeAdmin: true });
    for (const id of TRAFFIC_STEPS) await waitForState(page, id, 'done');
    // Each check names the request that settled it, when, and from which client.
    for (const id of TRAFFIC_STEPS) {
      const evidence = await step(page, id).getByTestId('evidence').innerText();
      expect(evidence, id).toMatch(/^Evidence: \S/);
      expect(evidence, id).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    }
    const connector = await step(page, 'connector-test').getByTestId('evidence').innerText();
    expect(connector).toContain('GET /scim/v2/Users?startIndex=1&count=2');
    expect(connector).toContain(OKTA_USER_AGENT);
    expect(await step(page, 'admin-account').getByTestId('evidence').innerText()).toContain(ADMIN);
    await fullShot(page, 'wizard-midway');

    // Rules: the Super Admin rule for the pushed admin group, previewed, then created.
    await openStep(page, 'super-admin-rule');
    const rulePanel = step(page, 'super-admin-rule');
    expect(await rulePanel.getByTestId('super-admin-group').inputValue()).toBe('Clumio Admins');
    await rulePanel.getByTestId('preview-totals').waitFor();
    await rulePanel.getByTestId('create-super-admin-rule').click();
    await waitForState(page, 'super-admin-rule', 'done');

    if ((await step(page, 'provisioning-method').getAttribute('data-state')) !== 'done') {
      await openStep(page, 'provisioning-method');
      await page.getByTestId('wizard-method-scim').click();
      await waitForState(page, 'provisioning-method', 'done');
    }

    await openStep(page, 'enable-auto-provisioning');
    await page.getByTestId('aup-preview').click();
    await page.getByTestId('aup-enable').click();
    await waitForState(page, 'enable-auto-provisioning', 'done');
    await page.getByTestId('setup-complete').waitFor();
    expect(
      await page
        .locator(
          '.wizard-step[data-state="failed"], .wizard-step[data-state="todo"], .wizard-step[data-state="waiting"]',
        )
        .count(),
    ).toBe(0);
    await fullShot(page, 'wizard-complete');

    // Once setup is complete, the bare app URL opens the directory; the wizard stays in the navigation.
    await page.goto(`${desk.serve.adminOrigin}/`);
    await page.locator('main h1', { hasText: 'Users' }).waitFor();
    await desk.nav('Setup');
    await page.getByTestId('setup-complete').waitFor();

    // Rehearsal data goes in one step.
    await page.getByTestId('remove-rehearsal').click();
    await page.getByTestId('confirm-remove-rehearsal').click();
    await page
      .getByTestId('rehearsal-panel')
      .getByText(/Removed \d+ rehearsal users and \d+ groups/)
      .waitFor();
    const users = await desk.api<{ total: number }>('GET', '/api/users');
    expect(users.body.total).toBe(0);
  });

  it('names a rejected token on the connector step when Okta tests the API credentials with a wrong one', async () => {
    desk = await openConsole();
    const { page, serve } = desk;
    // The admin's own URL, here plain http: flagged before and after the self-probe, which still reaches us.
    await page.getByTestId('own-url').fill(new URL(serve.scimUrl).origin);
    await page.getByTestId('use-own-url').click();
    await page
      .getByTestId('public-scim-url')
      .filter({ hasText: `${new URL(serve.scimUrl).origin}/scim/v2` })
      .waitFor();
    await page.getByTestId('warning-not-https').waitFor();
    await page.getByTestId('run-probe').click();
    await page.getByTestId('probe-result').filter({ hasText: 'not over HTTPS' }).waitFor();
    await waitForState(page, 'endpoint', 'failed');
    // A failure is fixed, not vouched for: no confirmation offered.
    expect(await step(page, 'endpoint').getByTestId('confirm-step').count()).toBe(0);
    expect(await step(page, 'endpoint').getByTestId('step-fix').innerText()).toContain('HTTPS');

    await desk.api('POST', '/api/tokens', { label: 'Okta', expiresAt: null });
    await page.reload();
    await waitForState(page, 'connector-test', 'waiting');

    // Okta's "Test API Credentials", with a token this endpoint never issued.
    const answer = await fetch(`${serve.scimUrl}/Users?startIndex=1&count=2`, {
      headers: {
        Authorization: 'Bearer scimdesk_this-is-not-the-token-you-generated',
        'User-Agent': OKTA_USER_AGENT,
        Accept: 'application/scim+json',
      },
    });
    expect(answer.status).toBe(401);

    // The page was not reloaded: the activity stream turned the step failed.
    await waitForState(page, 'connector-test', 'failed');
    const card = step(page, 'connector-test');
    expect(await card.getByTestId('evidence').innerText()).toMatch(/Token rejected/);
    expect(await card.getByTestId('evidence').innerText()).toContain(OKTA_USER_AGENT);
    const fix = await card.getByTestId('step-fix').innerText();
    expect(fix).toMatch(/^How to fix:/);
    expect(fix).toContain("the Clumio app's SCIM API token field");
    expect(await card.getByTestId('step-fix').getAttribute('role')).toBe('alert');

    // The same failure as Okta words it, pasted into the explainer.
    const explainer = page.getByTestId('okta-error-explainer');
    await explainer
      .getByTestId('okta-error-text')
      .fill('Error authenticating: Unauthorized. The connector configuration could not be tested.');
    await explainer.getByTestId('explain-okta-error').click();
    const explanation = await explainer.getByTestId('okta-error-explanation').first().innerText();
    expect(explanation).toContain('Error authenticating: Unauthorized');
    expect(explanation).toMatch(/Cause:.*token/is);
    await fullShot(page, 'wizard-failure');
  });

  it('keeps the admin account step open, and says why, when the rehearsal leaves the admin out', async () => {
    desk = await openConsole();
    const { page } = desk;
    await openStep(page, 'admin-account');
    await page.getByTestId('wizard-current-admin').fill(ADMIN);
    await page.getByTestId('wizard-save-admin').click();
    await page.getByTestId('rehearsal-panel').getByText(ADMIN).waitFor();

    await runRehearsal(page, { includeAdmin: false });
    await waitForState(page, 'push-groups', 'done');
    const card = step(page, 'admin-account');
    expect(['todo', 'waiting']).toContain(await card.getAttribute('data-state'));
    const why = await card.getByTestId('step-fix').innerText();
    expect(why).toContain(ADMIN);
    expect(why).toMatch(/not arrived/);
    // The rule cannot be checked against an account that never arrived either.
    expect(await step(page, 'super-admin-rule').getAttribute('data-state')).not.toBe('done');
  });
});
