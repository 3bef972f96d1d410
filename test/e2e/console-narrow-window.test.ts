/**
 * The console in a 900-pixel window with what an identity provider may really send (real console in Chromium
 * against `scim-desk serve`): a 100-character token label and a 16,000-character group name (near the
 * endpoint's 16,384-character limit) stay inside their cards and pages, cut to a few lines with the whole name still available; times
 * read as local times with the exact ISO time on hover; a rule preview's table of users (a role change badged)
 * stays in the page; the Clumio account's desired rule set stays in its card; no debug figures; no heading said
 * twice. The fake Okta and Clumio APIs (test/fakes) stand in for the two services this machine cannot reach.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule, TokenCreated, WebhookCreated } from '../../server/admin/contract.js';
import { openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';
import { oktaClient } from '../helpers/e2e-okta.js';
import { startTenantFakes, type TenantFakes } from '../helpers/tenant-fakes.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const NARROW = { width: 900, height: 800 };
/** 100 characters without a space: the longest label the server takes, and the hardest to wrap. */
const LABEL = 'Okta-production-'.padEnd(100, 'rotation2026');
/** 16,000 characters, one word: near the longest string value SCIM Desk's endpoint accepts (16,384). */
const GROUP = 'Finance'.padEnd(16_000, 'EMEAbackupOps');
const ADA = 'ada.lovelace@example.com';
const GLOBAL_OU_ID = '00000000-0000-0000-0000-000000000000';
const BACKUP_ADMIN_ROLE_ID = '30000000-0000-0000-0000-000000000000';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Elements that stick out of their container (left or right), as "tag.class [left, right] outside [left, right]".
 * What an ancestor clips (overflow hidden or scrolled, as an ellipsis does) counts only as far as it shows.
 * Hidden helpers (visually-hidden text, datalist options) take no room and are skipped.
 */
function outside(page: Page, containerSelector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    for (const container of Array.from(document.querySelectorAll(selector))) {
      const box = container.getBoundingClientRect();
      for (const element of Array.from(container.querySelectorAll('*'))) {
        if (element.closest('.visually-hidden, datalist, option')) continue;
        const r = element.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        let [left, right] = [r.left, r.right];
        for (let up = element.parentElement; up && up !== container; up = up.parentElement) {
          if (getComputedStyle(up).overflowX === 'visible') continue;
          const clip = up.getBoundingClientRect();
          [left, right] = [Math.max(left, clip.left), Math.min(right, clip.right)];
        }
        if (right > box.right + 1 || left < box.left - 1) {
          found.push(
            `${element.tagName.toLowerCase()}.${String(element.className)} [${Math.round(left)}, ${Math.round(right)}] outside ${selector} [${Math.round(box.left)}, ${Math.round(box.right)}]`,
          );
        }
      }
    }
    return found;
  }, containerSelector);
}

/** The page itself never scrolls sideways. */
const pageWidth = (page: Page) =>
  page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, window: window.innerWidth }));

/** An element's height in lines of its own text. */
const lines = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .evaluate((element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight));

async function expectNothingOutside(page: Page, ...containers: string[]) {
  const width = await pageWidth(page);
  expect(width.scroll).toBeLessThanOrEqual(width.window);
  for (const container of containers) {
    expect(await page.locator(container).count(), container).toBeGreaterThan(0);
    expect(await outside(page, container)).toEqual([]);
  }
}

describe('the console in a narrow window with long names', () => {
  let desk: ConsoleSession;
  let receiver: WebhookReceiver;
  let fakes: TenantFakes;
  let groupId = '';
  let adaId = '';
  let ruleId = '';

  beforeAll(async () => {
    [desk, receiver, fakes] = await Promise.all([openConsole(), new WebhookReceiver().listen(), startTenantFakes()]);
    await desk.page.setViewportSize(NARROW);
    const token = await desk.api<TokenCreated>('POST', '/api/tokens', { label: 'Okta', expiresAt: null });
    expect(token.status).toBe(201);
    const hook = await desk.api<WebhookCreated>('POST', '/api/webhooks', { url: receiver.url });
    expect(hook.status).toBe(201);
    receiver.secret = hook.body.secret;
    const okta = oktaClient(desk.serve.scimUrl, token.body.secret);
    adaId = await okta.assignUser(ADA);
    groupId = await okta.pushGroup(GROUP, [adaId]);
    const rule = await desk.api<Rule>('POST', '/api/rules', {
      name: 'Finance backs up',
      condition: JSON.stringify({ 'user.groups': { $eq: GROUP } }),
      provision: { role_id: BACKUP_ADMIN_ROLE_ID, organizational_unit_ids: [GLOBAL_OU_ID] },
    });
    expect(rule.status).toBe(201);
    ruleId = rule.body.rule_id;
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
    await receiver?.close();
    await fakes?.close();
  });

  it('says the token label limit instead of cutting the label, and keeps a 100-character label inside its card', async () => {
    const { page } = desk;
    await desk.goTo('endpoint', 'Endpoint & tokens');
    const field = page.getByTestId('token-label');
    await field.fill(`${LABEL}${'x'.repeat(20)}`);
    expect((await field.inputValue()).length).toBe(LABEL.length + 20);
    await page
      .getByTestId('token-label-hint')
      .filter({ hasText: 'A label can have at most 100 characters; this one has 120.' })
      .waitFor();
    expect(await page.getByTestId('create-token').isDisabled()).toBe(true);

    await field.fill(LABEL);
    await page.getByTestId('token-label-hint').filter({ hasText: 'Label: 100 of at most 100 characters.' }).waitFor();
    await page.getByTestId('create-token').click();
    await page.getByTestId('token-secret-panel').waitFor();
    await page.getByRole('button', { name: 'Done, hide the token' }).click();
    const row = page.getByTestId('tokens-table').getByRole('row').filter({ hasText: 'rotation2026' });
    await row.waitFor();
    await expectNothingOutside(page, '.card');
    // The whole label is there on hover, and the row keeps its columns in view.
    expect(await row.locator('.long-name').getAttribute('title')).toBe(LABEL);
    for (const column of ['Created', 'Expires', 'Last used'])
      await page.getByRole('columnheader', { name: column }).waitFor();
    await desk.screenshot('layout-900-token-label');

    // Times: local words, the exact ISO time on hover.
    const created = row.locator('time').first();
    expect(await created.getAttribute('title')).toMatch(ISO);
    expect(await created.innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    // Asking to revoke adds buttons to the row: still inside the card.
    await row.getByRole('button', { name: /^Revoke / }).click();
    await row.getByRole('button', { name: /^Confirm revoking/ }).waitFor();
    await expectNothingOutside(page, '.card');
  });

  it('cuts a 16,000-character group name to three lines on its page, with the whole name to copy', async () => {
    const { page } = desk;
    await desk.goTo(`groups/${groupId}`, 'Finance');
    await expectNothingOutside(page, 'main');
    expect(await lines(page, 'group-name')).toBeLessThanOrEqual(3.2);
    expect(await page.getByTestId('group-name').locator('.long-name').getAttribute('title')).toBe(GROUP);
    await page.getByText('The name has 16,000 characters').waitFor();
    await page.getByRole('button', { name: 'Copy the full group name' }).waitFor();
    // The attribute table shows the start; the rest opens on request, still inside the page.
    await page.getByRole('button', { name: 'Show all 16,000 characters' }).click();
    await page.getByRole('button', { name: 'Show less' }).waitFor();
    await expectNothingOutside(page, 'main');
    await page.getByRole('button', { name: 'Show less' }).click();
    await desk.screenshot('layout-900-group');
  });

  it('keeps the long name in bounds wherever it appears: groups, a user, the users filter, rules, activity', async () => {
    const { page } = desk;
    await desk.goTo('groups', 'Groups');
    await page.getByTestId('groups-list').getByText('Finance', { exact: false }).first().waitFor();
    await expectNothingOutside(page, 'main');

    await desk.goTo(`users/${adaId}`, ADA);
    const link = page.getByTestId('user-groups').getByRole('link');
    await link.waitFor();
    expect(await link.locator('.long-name').getAttribute('title')).toBe(GROUP);
    expect(
      await link.evaluate(
        (element) => element.getBoundingClientRect().height / parseFloat(getComputedStyle(element).lineHeight),
      ),
    ).toBeLessThanOrEqual(2.2);
    await page.getByTestId('user-access').waitFor();
    await expectNothingOutside(page, 'main');
    await desk.screenshot('layout-900-user');

    await desk.goTo(`users?group=${groupId}`, 'Users');
    await page.locator('.filter-chip').waitFor();
    await expectNothingOutside(page, 'main');

    await desk.goTo('rules', 'Rules');
    await page.getByTestId('rules-table').getByRole('row').filter({ hasText: 'Finance backs up' }).waitFor();
    await expectNothingOutside(page, 'main');

    await desk.goTo('activity', 'Activity');
    await page.getByTestId('activity-list').getByRole('button').filter({ hasText: 'POST /Groups' }).click();
    await page.getByTestId('activity-detail').waitFor();
    await expectNothingOutside(page, 'main', '.activity-detail');
  });

  it("badges a role change in the rule editor's preview, with the roles on hover, and keeps the table in the page", async () => {
    const { page } = desk;
    await desk.goTo(`rules/${ruleId}`, 'Edit rule');
    await page.getByTestId('rule-role').selectOption({ label: 'Helpdesk Admin' });
    const row = page
      .getByTestId('preview')
      .getByRole('row')
      .filter({ hasText: ADA })
      .filter({ hasText: '+ Helpdesk Admin on Global Organizational Unit' });
    await row.waitFor();
    expect(await row.innerText()).toContain('− Backup Admin on Global Organizational Unit');
    const badge = row.locator('.badge', { hasText: 'role changes' });
    expect(await badge.getAttribute('title')).toBe('Backup Admin → Helpdesk Admin on Global Organizational Unit');
    await expectNothingOutside(page, 'main');
  });

  it("keeps the Clumio account's desired rule set inside its card, every control inside its cell", async () => {
    const { page } = desk;
    expect((await desk.api('PUT', '/api/connections/clumio', fakes.clumioConnect)).status).toBe(200);
    expect((await desk.api('PUT', '/api/connections/okta', fakes.oktaConnect)).status).toBe(200);
    await desk.goTo('clumio/rules', 'Clumio account');
    await page.getByTestId('desired-rule').first().waitFor();
    await page.getByTestId('account-plan').waitFor();
    // The OU names wrap in their column and the Remove button keeps its own: none spills into a neighbour.
    await expectNothingOutside(page, 'main', '.card', '.desired-rules td');
    await page.getByTestId('desired-rules').scrollIntoViewIfNeeded();
    await desk.screenshot('layout-900-clumio-account');
  });

  it('shows the users count without debug timings', async () => {
    const { page } = desk;
    await desk.goTo('users', 'Users');
    await page.getByTestId('users-count').filter({ hasText: '1 user' }).waitFor();
    expect(await page.getByTestId('users-count').innerText()).toBe('1 user');
    expect(await page.locator('main').innerText()).not.toMatch(/\d+\s*ms\b/);
  });

  it('names the deliveries table by its heading, said once', async () => {
    const { page } = desk;
    await desk.goTo('webhooks', 'Webhooks');
    await page.getByTestId('webhook-deliveries-toggle').click();
    await page.getByTestId('delivery-row').first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text.split('Recent deliveries').length - 1).toBe(1);
    expect(await page.getByRole('table', { name: 'Recent deliveries' }).count()).toBe(1);
    const when = page.getByTestId('delivery-row').first().locator('time');
    expect(await when.getAttribute('title')).toMatch(ISO);
    await expectNothingOutside(page, 'main');
  });
});
