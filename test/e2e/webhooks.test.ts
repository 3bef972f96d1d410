/**
 * Webhooks in the console (docs/events.md): an admin adds a webhook endpoint (a real receiver on 127.0.0.1 that
 * verifies every delivery with the `standardwebhooks` package), copies its secret from the one-time box, sees a
 * user pushed through SCIM delivered and signed, retries the delivery from the Deliveries panel, finds the event in
 * the Activity page's change feed, and removes the endpoint.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemList, TokenCreated, WebhookInfo } from '../../server/admin/contract.js';
import { everythingOnPage, openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';
import { oktaClient, type OktaClient } from '../helpers/e2e-okta.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

const ADA = 'ada.lovelace@example.com';

/** Waits until the element's text contains `text` (Playwright re-checks as the page changes). */
const withText = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();

describe('webhooks in the console', () => {
  let desk: ConsoleSession;
  let okta: OktaClient;
  let receiver: WebhookReceiver;
  let secret = '';

  const endpoint = () => desk.page.getByTestId('webhook-row').filter({ hasText: receiver.url });

  beforeAll(async () => {
    [desk, receiver] = await Promise.all([openConsole(), new WebhookReceiver().listen()]);
    const token = await desk.api<TokenCreated>('POST', '/api/tokens', { label: 'Okta', expiresAt: null });
    expect(token.status).toBe(201);
    okta = oktaClient(desk.serve.scimUrl, token.body.secret);
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
    await receiver?.close();
  });

  it('refuses a bad endpoint with the server reasons in words', async () => {
    const { page } = desk;
    await desk.nav('Webhooks');
    await page.getByTestId('webhook-url').fill('ftp://example.com/hooks');
    await page.getByTestId('add-webhook').click();
    await withText(page.getByTestId('webhook-form-error'), 'URL: must be an http or https URL');
    expect((await desk.api<ItemList<WebhookInfo>>('GET', '/api/webhooks')).body.items).toEqual([]);
  });

  it('adds an endpoint for user.* and shows its signing secret once', async () => {
    const { page } = desk;
    await page.getByTestId('webhook-url').fill(receiver.url);
    await page.getByTestId('webhook-events-some').check();
    expect(await page.getByTestId('add-webhook').isDisabled()).toBe(true); // "only these" with none checked
    await page.getByTestId('webhook-event-user.*').check();
    expect(await page.getByTestId('webhook-event-user.created').isChecked()).toBe(true); // covered by the wildcard
    await page.getByTestId('add-webhook').click();

    const panel = page.getByTestId('webhook-secret-panel');
    await withText(panel, 'it will not be shown again');
    await withText(panel, 'Standard Webhooks');
    await panel.getByTestId('copy-webhook-secret').waitFor();
    secret = await page.getByTestId('webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    receiver.secret = secret;

    await withText(endpoint().getByTestId('webhook-filter'), 'user.*');
    await withText(endpoint().getByTestId('webhook-status'), 'Active');
    await page.getByTestId('webhook-secret-done').click();
    await page.getByTestId('webhook-secret-panel').waitFor({ state: 'detached' });
    expect(await everythingOnPage(page)).not.toContain(secret.slice('whsec_'.length));
  });

  it('delivers a user pushed through SCIM, signed; the page shows a 2xx delivery and nothing owed', async () => {
    const userId = await okta.assignUser(ADA);
    await receiver.waitFor((got) => got.some((event) => event.type === 'user.created'));
    expect(receiver.rejected).toEqual([]);
    const [created] = receiver.received;
    expect(created).toMatchObject({ type: 'user.created', data: { id: userId, userName: ADA } });
    expect(created!.headers['webhook-id']).toBe(created!.id);

    // The list follows deliveries on its own (it refreshes every few seconds).
    const row = endpoint();
    await withText(row.getByTestId('webhook-last-delivery'), /Delivered\s+HTTP 2\d\d in \d+ ms, user\.created/);
    await withText(row.getByTestId('webhook-backlog'), /^0 events owed$/);
    await withText(row.getByTestId('webhook-status'), 'Active');
  });

  it('retries a delivery from the Deliveries panel: the same webhook-id arrives again', async () => {
    const { page } = desk;
    const eventId = receiver.received[0]!.id;
    const row = endpoint();
    await row.getByTestId('webhook-deliveries-toggle').click();
    const delivery = row.getByTestId('delivery-row').and(page.locator(`[data-event-id="${eventId}"]`));
    await withText(delivery.getByTestId('delivery-result'), /Delivered\s+HTTP 200/);
    await delivery.getByTestId('delivery-retry').first().click();
    await withText(row.getByTestId('delivery-retry-outcome'), 'Sent again');

    await receiver.waitFor((got) => got.length >= 2);
    expect(receiver.received.map((event) => event.id)).toEqual([eventId, eventId]);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(eventId);
    expect(receiver.rejected).toEqual([]);
    // The panel lists the resend as a second delivery of the same event.
    await page.waitForFunction(
      (id) => document.querySelectorAll(`[data-testid="delivery-row"][data-event-id="${id}"]`).length >= 2,
      eventId,
      { timeout: 15_000 },
    );
    await page.locator('#webhooks-heading').evaluate((heading) => heading.scrollIntoView());
    await desk.screenshot('webhooks');
  });

  it("lists user.created in the Activity page's change feed", async () => {
    const { page } = desk;
    await desk.nav('Activity');
    await page.getByRole('navigation', { name: 'Activity views' }).getByRole('link', { name: 'Change feed' }).click();
    const event = page.getByTestId('change-feed-list').locator('[data-event-type="user.created"]');
    await withText(event, ADA);
    await event.first().locator('summary').click();
    await withText(event, `"id": "${receiver.received[0]!.id}"`);
    // The request log is one click away and still live.
    await page.getByRole('link', { name: 'Requests & changes' }).click();
    await withText(page.getByTestId('stream-state'), 'Receiving live events');
  });

  it('removes the endpoint after a confirmation', async () => {
    const { page } = desk;
    await desk.nav('Webhooks');
    const row = endpoint();
    await row.getByTestId('webhook-remove').click();
    await row.getByTestId('webhook-remove-confirm').click();
    await withText(page.getByTestId('empty-state'), 'No endpoints yet');
    expect((await desk.api<ItemList<WebhookInfo>>('GET', '/api/webhooks')).body.items).toEqual([]);
    expect(desk.pageErrors).toEqual([]);
  });
});
