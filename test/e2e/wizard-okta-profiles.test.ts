/**
 * The Okta admin's wizard in real Chromium against `scim-desk serve`:
 * - the first question is which Okta app: the Clumio app from the catalog, or a custom SCIM 2.0 app
 *   integration; each choice shows its own Provisioning screen's words, and switching changes them;
 * - the explainer answers Okta's texts with Okta's entries (never Entra's), labels Entra's only for an Entra
 *   code, and lists the general checks for a text it does not know;
 * - stale states clear: "A pushed group name already exists" goes once the rehearsal data that caused it is
 *   removed and a clean rehearsal runs; a URL of your own typed twice is not "changed"; a URL whose self-probe
 *   failed is not shown as green, and the probe says its cause in words.
 * Screenshots go to SCREENSHOT_DIR (docs/screenshots with SCIM_DESK_SCREENSHOTS=docs/screenshots).
 */
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { SetupState, SetupStepId } from '../../server/admin/contract.js';
import { openConsole, SCREENSHOT_DIR, type ConsoleSession } from '../helpers/e2e-browser.js';

const step = (page: Page, id: SetupStepId): Locator => page.getByTestId(`setup-step-${id}`);

async function waitForState(page: Page, id: SetupStepId, state: string, timeout = 20_000): Promise<void> {
  await page.locator(`[data-testid="setup-step-${id}"][data-state="${state}"]`).waitFor({ timeout });
}

async function openStep(page: Page, id: SetupStepId): Promise<void> {
  const toggle = step(page, id).locator('.wizard-step-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/**
 * A picture of the page or of one element. An element taller than the window gets a window tall enough for it
 * while the picture is taken: the wizard's aside scrolls within the window's height, so the bottom of a long
 * explanation would otherwise come out blank.
 */
async function shot(target: Page | Locator, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const options = { path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled', caret: 'hide' } as const;
  if (!('page' in target)) {
    await target.screenshot(options);
    return;
  }
  const page = target.page();
  const viewport = page.viewportSize()!;
  const height = Math.ceil((await target.boundingBox())?.height ?? 0);
  if (height <= viewport.height - 64) {
    await target.screenshot(options);
    return;
  }
  await page.setViewportSize({ width: viewport.width, height: height + 64 });
  try {
    await target.screenshot(options);
  } finally {
    await page.setViewportSize(viewport);
  }
}

async function rehearse(page: Page): Promise<void> {
  const panel = page.getByTestId('rehearsal-panel');
  await panel.getByTestId('rehearsal-users').fill('3');
  await panel.getByTestId('rehearsal-groups').fill('2');
  await panel.getByTestId('rehearsal-fast').check();
  await panel.getByTestId('start-rehearsal').click();
  await panel
    .getByTestId('rehearsal-progress')
    .filter({ hasText: /Rehearsal finished/ })
    .waitFor({ timeout: 30_000 });
}

describe(
  "Okta's two kinds of app, the explainer on Okta's texts, and states that follow the data",
  { timeout: 150_000 },
  () => {
    let desk: ConsoleSession | undefined;
    afterEach(async () => {
      const pageErrors = desk?.pageErrors ?? [];
      await desk?.close();
      desk = undefined;
      expect(pageErrors).toEqual([]);
    });

    it("asks which Okta app is used, and says step 4 in that screen's words; switching changes them", async () => {
      desk = await openConsole();
      const { page } = desk;
      const choice = page.getByTestId('profile-choice');
      await choice.getByTestId('choose-okta-custom-scim').waitFor();
      await shot(choice, 'okta-app-choice');

      // A custom SCIM 2.0 app integration: the App Integration Wizard's screen.
      await choice.getByTestId('choose-okta-custom-scim').click();
      await page.getByTestId('profile-app').filter({ hasText: 'A custom SCIM 2.0 app integration' }).waitFor();
      expect((await desk.api<{ okta_app: string }>('GET', '/api/settings')).body.okta_app).toBe('custom-scim');
      await openStep(page, 'connector-test');
      const custom = step(page, 'connector-test');
      await custom
        .locator('h3')
        .filter({ hasText: 'Okta: SCIM connection settings and Test Connector Configuration' })
        .waitFor();
      const customText = await custom.getByTestId('step-instructions').innerText();
      for (const words of [
        'SCIM connector base URL',
        'Unique identifier field for users',
        'Supported provisioning actions',
        'Authentication Mode',
        'HTTP Header',
        'Authorization',
        'Test Connector Configuration',
      ]) {
        expect(customText).toContain(words);
      }
      expect(customText).not.toMatch(/Test API Credentials|Configure API Integration|SCIM API token/);
      expect(customText).toMatch(/do not type Bearer/);
      await shot(custom, 'wizard-okta-custom-scim');

      // Switch to the Clumio app from the catalog: Clumio's article's screen.
      await page.getByTestId('switch-profile').click();
      await page.getByTestId('choose-okta-clumio-catalog').click();
      await page
        .getByTestId('profile-app')
        .filter({ hasText: 'The Clumio app from the Okta Integration Network catalog' })
        .waitFor();
      await openStep(page, 'connector-test');
      const catalog = step(page, 'connector-test');
      await catalog
        .locator('h3')
        .filter({ hasText: 'Okta: Configure API Integration and Test API Credentials' })
        .waitFor();
      const catalogText = await catalog.getByTestId('step-instructions').innerText();
      for (const words of [
        'Configure API Integration',
        'Enable API Integration',
        'SCIM Connector Base URL',
        'SCIM API token',
        'Test API Credentials',
      ])
        expect(catalogText).toContain(words);
      expect(catalogText).not.toMatch(/Authentication Mode|Test Connector Configuration|Unique identifier field/);
      await shot(catalog, 'wizard-okta-catalog');

      // The Settings page switches it too, and the wizard follows.
      await desk.nav('Settings');
      await page.getByTestId('app-setting-okta_app').selectOption('custom-scim');
      await page.getByTestId('save-settings').click();
      await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
      const state = (await desk.api<SetupState>('GET', '/api/setup')).body;
      expect(state.profile).toMatchObject({
        idp: 'okta',
        app: 'custom-scim',
        words: { connectorTest: 'Test Connector Configuration' },
      });
    });

    it("answers Okta's conflict texts with Okta's entry, labels Entra's only for an Entra code, and lists checks for an unknown text", async () => {
      desk = await openConsole();
      const { page } = desk;
      await desk.api('PUT', '/api/settings', { identity_provider: 'okta', okta_app: 'clumio-catalog' });
      await page.reload();
      const explainer = page.getByTestId('okta-error-explainer');
      const explain = async (text: string) => {
        await explainer.getByTestId('okta-error-text').fill(text);
        await explainer.getByTestId('explain-okta-error').click();
      };

      await explain(
        'Automatic provisioning of user jane@corp.com to app Clumio failed: Error while creating user jane@corp.com: Conflict. Errors reported by remote server: A user with userName already exists',
      );
      const conflict = explainer.getByTestId('okta-error-explanation');
      await conflict.filter({ hasText: 'Error while creating user X: Conflict' }).waitFor();
      expect(await conflict.count()).toBe(1);
      expect(await conflict.getAttribute('data-idp')).toBe('okta');
      expect(await conflict.innerText()).toMatch(/Source: https:\/\/support\.okta\.com\//);
      expect(await conflict.innerText()).not.toMatch(/EntryConflict|microsoft/i);
      expect(await explainer.getByTestId('error-other-idp').count()).toBe(0);
      await shot(explainer, 'explainer-okta-conflict');

      await explain('Conflict … User already exists');
      await explainer
        .getByTestId('okta-error-explanation')
        .filter({ hasText: 'A user with userName already exists' })
        .waitFor();

      await explain('SystemForCrossDomainIdentityManagementCredentialValidationUnavailable');
      await explainer.getByTestId('error-other-idp').filter({ hasText: "Microsoft Entra ID's text" }).waitFor();

      await explain('Something unexpected happened');
      await explainer.getByTestId('okta-error-unknown').waitFor();
      const checks = await explainer.getByTestId('okta-error-checks').innerText();
      expect(checks).toContain('SCIM Desk has no public URL yet');
      expect(checks).toContain('No request has reached this endpoint yet');
      await shot(explainer, 'explainer-unknown-checks');
    });

    it('clears "A pushed group name already exists" once its cause is gone, and shows a URL of your own as it really is', async () => {
      desk = await openConsole();
      const { page } = desk;
      await desk.api('PUT', '/api/settings', { identity_provider: 'okta' });
      await page.reload();

      // Two rehearsals in a row: the second one's group pushes meet the first one's groups.
      await rehearse(page);
      await rehearse(page);
      const warning = page.getByTestId('setup-warning-group-name-exists');
      await warning.first().waitFor();
      expect(await warning.first().innerText()).toMatch(/A pushed group name already exists/);
      await shot(page.getByTestId('setup-warnings'), 'wizard-stale-warning');

      // Remove the rehearsal data: nothing stands in the way of a push now, so nothing warns.
      const panel = page.getByTestId('rehearsal-panel');
      await panel.getByTestId('remove-rehearsal').click();
      await panel.getByTestId('confirm-remove-rehearsal').click();
      await page.getByTestId('setup-warning-group-name-exists').first().waitFor({ state: 'detached' });
      // A clean rehearsal: its pushes go through, and the old refusals stay history.
      await rehearse(page);
      await waitForState(page, 'push-groups', 'done');
      expect(await page.getByTestId('setup-warning-group-name-exists').count()).toBe(0);

      // Your own URL, typed twice (a typo corrected): nothing was given to Okta, so nothing "changed".
      await openStep(page, 'endpoint');
      const endpoint = step(page, 'endpoint');
      const plain = http.createServer((_req, res) => res.writeHead(404).end('not here'));
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
      try {
        const port = (plain.address() as AddressInfo).port;
        await endpoint.getByTestId('own-url').fill('https://scim.exmaple.com');
        await endpoint.getByTestId('use-own-url').click();
        await endpoint.getByTestId('public-scim-url').filter({ hasText: 'exmaple' }).waitFor();
        await endpoint.getByTestId('own-url').fill(`https://127.0.0.1:${port}`);
        await endpoint.getByTestId('use-own-url').click();
        await endpoint
          .getByTestId('public-scim-url')
          .filter({ hasText: `127.0.0.1:${port}` })
          .waitFor();
        expect(await endpoint.getByTestId('warning-url-changed').count()).toBe(0);
        expect(await page.getByTestId('setup-warning-public-url-changed').count()).toBe(0);
        const badge = endpoint.getByTestId('tunnel-phase');
        expect(await badge.innerText()).toBe('Set, not probed yet');
        // The probe speaks https to a plain HTTP server: the badge turns red and the cause is said in words.
        await endpoint.getByTestId('run-probe').click();
        await badge.filter({ hasText: 'Set, the self-probe failed' }).waitFor();
        expect(await badge.getAttribute('class')).toContain('badge-failed');
        const probe = await endpoint.getByTestId('probe-result').innerText();
        expect(probe).toContain(`127.0.0.1:${port} answered in plain HTTP where HTTPS was expected`);
        expect(probe).not.toMatch(/wrong version number|SSL routines/i);
        // The step follows: failed, with the probe's words as its evidence.
        await waitForState(page, 'endpoint', 'failed');
        expect(await endpoint.getByTestId('evidence').innerText()).toContain(
          'answered in plain HTTP where HTTPS was expected',
        );
        await shot(endpoint, 'endpoint-probe-failed');
      } finally {
        await new Promise((resolve) => plain.close(resolve));
      }
    });
  },
);
