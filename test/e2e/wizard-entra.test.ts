/**
 * An Entra admin in real Chromium against `scim-desk serve` on an empty data folder
 * picks Microsoft Entra ID on first run, rehearses (the simulated Entra provisioning service, in each PATCH
 * dialect) and sees every automatic Entra step turn done with its evidence; a UUID-named group is flagged on
 * the Groups page; the explainer knows Entra's provisioning-log codes. Screenshots go to SCREENSHOT_DIR.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupState, SetupStepId } from '../../server/admin/contract.js';
import { openConsole, SCREENSHOT_DIR, type ConsoleSession } from '../helpers/e2e-browser.js';

const ADMIN = 'ada.admin@example.com';

const step = (page: Page, id: SetupStepId): Locator => page.getByTestId(`setup-step-${id}`);

async function waitForState(page: Page, id: SetupStepId, state: string, timeout = 20_000): Promise<void> {
  await page.locator(`[data-testid="setup-step-${id}"][data-state="${state}"]`).waitFor({ timeout });
}

async function openStep(page: Page, id: SetupStepId): Promise<void> {
  const toggle = step(page, id).locator('.wizard-step-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

async function fullShot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
  });
}

describe('the Entra setup profile', { timeout: 120_000 }, () => {
  let desk: ConsoleSession | undefined;
  afterEach(async () => {
    const pageErrors = desk?.pageErrors ?? [];
    await desk?.close();
    desk = undefined;
    expect(pageErrors).toEqual([]);
  });

  it.each(['default', 'aadOptscim062020'] as const)(
    'an admin picks Entra on first run, rehearses (%s dialect) and sees every automatic step done',
    async (dialect) => {
      desk = await openConsole();
      const { page } = desk;

      // First run: the console asks which identity provider; Okta's checklist shows meanwhile.
      const choice = page.getByTestId('profile-choice');
      await choice.waitFor();
      if (dialect === 'default') await fullShot(page, 'entra-profile-choice');
      await choice.getByTestId('choose-entra').click();
      await page.getByTestId('profile-current').filter({ hasText: 'Microsoft Entra ID' }).waitFor();
      await step(page, 'entra-test-connection').waitFor();
      const state = (await desk.api<SetupState>('GET', '/api/setup')).body;
      expect(state.identityProvider).toBe('entra');
      expect(await page.locator('.wizard-step h3').allTextContents()).toEqual(
        state.steps.map((s, i) => `Step ${i + 1}: ${s.title}`),
      );
      expect(await page.getByTestId('setup-step-connector-test').count()).toBe(0);
      // The instructions speak the Entra admin center's words.
      await openStep(page, 'entra-credentials');
      const credentials = await step(page, 'entra-credentials').innerText();
      expect(credentials).toContain('Tenant URL');
      expect(credentials).toContain('Secret Token');
      expect(credentials).toContain('aadOptscim062020');
      if (dialect === 'default') await fullShot(page, 'entra-wizard-start');

      await openStep(page, 'admin-account');
      await page.getByTestId('wizard-current-admin').fill(ADMIN);
      await page.getByTestId('wizard-save-admin').click();
      const panel = page.getByTestId('rehearsal-panel');
      await panel.getByText(ADMIN).waitFor();
      expect(await panel.getByTestId('start-rehearsal').innerText()).toContain('Entra');
      await panel.getByTestId('rehearsal-dialect').selectOption(dialect);
      await panel.getByTestId('rehearsal-fast').check();
      await panel.getByTestId('start-rehearsal').click();
      await panel
        .getByTestId('rehearsal-progress')
        .filter({ hasText: 'Rehearsal finished' })
        .waitFor({ timeout: 30_000 });

      const automatic = state.steps.filter((s) => s.check === 'traffic').map((s) => s.id);
      expect(automatic).toContain('entra-first-cycle');
      for (const id of automatic) await waitForState(page, id, 'done');
      for (const id of automatic)
        expect(await step(page, id).getByTestId('evidence').innerText(), id).toMatch(/^Evidence: \S/);
      // The dialect the job used is read from the traffic.
      expect(await page.getByTestId('setup-note-entra-patch-dialect').innerText()).toContain(
        dialect === 'default' ? 'default' : 'aadOptscim062020',
      );
      if (dialect === 'default') await fullShot(page, 'entra-wizard-rehearsed');
    },
  );

  it('flags a UUID-named group on the Groups page and explains an Entra provisioning-log code', async () => {
    desk = await openConsole();
    const { page, serve } = desk;
    await desk.api('PUT', '/api/settings', { identity_provider: 'entra' });
    const { secret } = (await desk.api<{ secret: string }>('POST', '/api/tokens', { label: 'Entra', expiresAt: null }))
      .body;
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const pushed = await fetch(`${serve.scimUrl}/Groups`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: uuid }),
    });
    expect(pushed.status).toBe(201);

    await page.reload();
    await page.getByTestId('setup-warning-group-name-generated').filter({ hasText: uuid }).waitFor();
    const explainer = page.getByTestId('entra-error-explainer');
    await explainer
      .getByTestId('entra-error-text')
      .fill('SystemForCrossDomainIdentityManagementCredentialValidationUnavailable');
    await explainer.getByTestId('explain-entra-error').click();
    const explanation = await explainer.getByTestId('entra-error-explanation').first().innerText();
    expect(explanation).toMatch(/Cause:/);
    expect(explanation).toMatch(/Source: https:\/\/learn\.microsoft\.com\//);
    await fullShot(page, 'entra-wizard-warnings');

    await desk.nav('Groups');
    await page.getByTestId('generated-group-names').filter({ hasText: uuid }).waitFor();
    expect(await page.getByTestId('group-name-flag').first().innerText()).toBe('UUID name');
    await fullShot(page, 'entra-groups-flagged');

    // Settings switches the profile back; the group stays.
    await desk.nav('Settings');
    await page.locator('label').filter({ hasText: 'Current admin (your own Entra userPrincipalName)' }).waitFor();
    await page.getByTestId('identity-provider').selectOption('okta');
    await page.getByTestId('save-settings').click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    expect((await desk.api<{ identity_provider: string }>('GET', '/api/settings')).body.identity_provider).toBe('okta');
    expect((await desk.api<{ total: number }>('GET', '/api/groups')).body.total).toBe(1);
  });
});
