/**
 * A console opened with a wrong admin token (an old login link after the server restarted, say), in real
 * Chromium against `scim-desk serve`: one banner says what to do, naming the command the admin may have
 * run; no page adds its own copy of the error; the live feed says it stopped, instead of "Reconnecting…"
 * forever (the browser does not retry a stream the server refused).
 */
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';

describe('a console whose admin session the server refuses', () => {
  let desk: ConsoleSession;
  let page: Page;
  const streams: Request[] = [];
  const apiRequests: Request[] = [];

  beforeAll(async () => {
    desk = await openConsole();
    page = desk.page;
    page.on('request', (request) => {
      if (request.url().includes('/api/activity/stream')) streams.push(request);
      else if (request.url().includes('/api/')) apiRequests.push(request);
    });
    // The login link of another start: its token replaces this tab's session.
    await page.goto(`${desk.serve.adminOrigin}/?token=not-the-token-this-server-printed`);
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('says so once, naming npm run serve and scim-desk serve, and the feed stops', async () => {
    await page.goto(`${desk.serve.adminOrigin}/#/setup`);
    await page.getByTestId('stream-state').filter({ hasText: 'Live updates stopped' }).waitFor();
    const banner = page.getByTestId('session-banner');
    await banner.waitFor();
    expect(await banner.count()).toBe(1);
    expect(await banner.innerText()).toMatch(/did not accept this session.*npm run serve.*scim-desk serve.*\?token=/s);
    expect(await page.getByTestId('error-message').count()).toBe(0);
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/Reconnecting/);
    expect(text.split('did not accept this').length - 1).toBe(1);
    expect(streams).toHaveLength(1);
    await desk.screenshot('session-rejected');
  });

  it('is the same on the Activity page: one banner, the feed stopped, no second error', async () => {
    await page.goto(`${desk.serve.adminOrigin}/#/activity`);
    await page.locator('main h1', { hasText: 'Activity' }).waitFor();
    await page.getByTestId('stream-state').filter({ hasText: 'Live updates stopped' }).waitFor();
    expect(await page.getByTestId('session-banner').count()).toBe(1);
    expect(await page.getByTestId('error-message').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/Reconnecting/);
  });

  it('sends nothing more once the session is refused: each request would only spend the wrong-token budget', async () => {
    await page.getByTestId('session-banner').waitFor();
    const before = apiRequests.length;
    await page.getByRole('link', { name: 'Users' }).click();
    await page.locator('main h1', { hasText: 'Users' }).waitFor();
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.locator('main h1', { hasText: 'Rules' }).waitFor();
    expect(apiRequests.length).toBe(before);
    expect(await page.getByTestId('session-banner').count()).toBe(1);
    expect(await page.getByTestId('error-message').count()).toBe(0);
  });
});
