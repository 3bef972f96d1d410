/**
 * The Activity page: requests appear live (SSE, no reload), a failed request is highlighted with what it
 * means, and a request's detail shows its bodies redacted: no password, no token, ever.
 */
import { randomBytes } from 'node:crypto';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCreated } from '../../server/admin/contract.js';
import { everythingOnPage, openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';
import { PATCH_OP, oktaClient, type OktaClient } from '../helpers/e2e-okta.js';

const PASSWORD = `Pw-${randomBytes(9).toString('hex')}`;
const NEW_PASSWORD = `Pw-${randomBytes(9).toString('hex')}`;
const WRONG_TOKEN = `scimdesk_${randomBytes(32).toString('base64url')}`;

const withText = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();

describe('the activity view', () => {
  let desk: ConsoleSession;
  let okta: OktaClient;
  let secret: string;
  let activityPageLoads = 0;

  const rows = () => desk.page.getByTestId('activity-list').getByRole('listitem');
  const row = (summary: string | RegExp) => rows().filter({ hasText: summary }).first();

  beforeAll(async () => {
    desk = await openConsole();
    const created = await desk.api<TokenCreated>('POST', '/api/tokens', { label: 'Okta', expiresAt: null });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    okta = oktaClient(desk.serve.scimUrl, secret);
    // Counts fetches of the activity list: live events must arrive without them.
    desk.page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/activity') activityPageLoads += 1;
    });
    await desk.goTo('activity', 'Activity');
    await withText(desk.page.getByTestId('stream-state'), 'Receiving live events');
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('shows SCIM requests as they arrive, without reloading', async () => {
    const loadsBefore = activityPageLoads;
    await okta.assignUser('erin.evans@example.com', { password: PASSWORD });
    await row('POST /Users 201 erin.evans@example.com').waitFor();
    await row(/GET \/Users 200/).waitFor(); // Okta's lookup before the create
    expect(activityPageLoads).toBe(loadsBefore);
  });

  it('highlights a request with a wrong token and says what it means', async () => {
    const { page } = desk;
    const rejected = await okta.send('GET', '/Users?startIndex=1&count=2', undefined, {
      Authorization: `Bearer ${WRONG_TOKEN}`,
    });
    expect(rejected.status).toBe(401);

    const failed = row(/GET \/Users 401/);
    await failed.waitFor();
    expect(await failed.getAttribute('class')).toContain('row-failed');
    await withText(failed, 'Failed');
    await failed.getByRole('button').click();

    const detail = page.getByTestId('activity-detail');
    await withText(detail, 'not authenticated');
    const meaning = await detail.getByRole('alert').innerText();
    expect(meaning).toMatch(/token/i); // what went wrong and what to do, in words
    expect(await everythingOnPage(page)).not.toContain(WRONG_TOKEN);
    await desk.screenshot('activity-failed-request');
  });

  it("shows a request's detail with the password and token redacted", async () => {
    const { page } = desk;
    const userId = (
      await okta.send<{ Resources: { id: string }[] }>(
        'GET',
        `/Users?filter=${encodeURIComponent('userName eq "erin.evans@example.com"')}`,
      )
    ).body.Resources[0]!.id;
    const patched = await okta.send('PATCH', `/Users/${userId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { password: NEW_PASSWORD } }],
    });
    expect(patched.status).toBe(200);

    await row('POST /Users 201 erin.evans@example.com').getByRole('button').click();
    const detail = page.getByTestId('activity-detail');
    await withText(detail, '"password": "[redacted]"');
    await withText(detail, 'Okta'); // the token is named by its label, never shown
    await desk.screenshot('activity');

    await row(/PATCH \/Users\/\S+ 200/)
      .getByRole('button')
      .click();
    await withText(detail, 'PATCH');
    await withText(detail, '"password": "[redacted]"');

    const everything = await everythingOnPage(page);
    for (const secretText of [PASSWORD, NEW_PASSWORD, secret]) expect(everything).not.toContain(secretText);
  });

  it('filters to failed requests', async () => {
    const { page } = desk;
    await page.getByLabel('Status').selectOption('failed');
    await row(/GET \/Users 401/).waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="activity-list"] > li:not(.row-failed)').length === 0,
    );
    expect(await rows().count()).toBeGreaterThan(0);
    expect(desk.pageErrors).toEqual([]);
  });
});
