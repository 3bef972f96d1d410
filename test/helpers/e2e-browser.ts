/**
 * The console in real Chromium against a real `scim-desk serve`: one call starts both, logs in through the
 * printed admin URL, and hands back the page; `close()` always tears everything down (browser, child
 * process, data folder), even after a failed start half-way.
 *
 *   const desk = await openConsole();
 *   try { await desk.goTo('users'); ... } finally { await desk.close(); }
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT, ensureConsoleBuilt, startServe, type ServeProcess, type StartServeOptions } from './e2e-serve.js';

export { REPO_ROOT, ensureConsoleBuilt, startServe, type ServeProcess } from './e2e-serve.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 } as const;
/** Where the tests save page screenshots: test-results/screenshots (git-ignored) unless SCIM_DESK_SCREENSHOTS
 * names another folder — `SCIM_DESK_SCREENSHOTS=docs/screenshots npx vitest run test/e2e` refreshes the docs. */
export const SCREENSHOT_DIR = path.resolve(
  REPO_ROOT,
  process.env.SCIM_DESK_SCREENSHOTS ?? path.join('test-results', 'screenshots'),
);

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
    timeout: 60_000,
  });
}

export interface ConsoleSession {
  serve: ServeProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page so far (a healthy console has none). Failed fetches (a 409 the UI
   * shows as a refusal) are console messages, not exceptions, so they are not here. */
  pageErrors: string[];
  /** Goes to a hash route (`'users'`, `'rules/new'`) and waits for the new page's main heading. */
  goTo(route: string, heading: string | RegExp): Promise<void>;
  /** Clicks a sidebar link, as an admin would, and waits for the new page's main heading. */
  nav(label: string, heading?: string | RegExp): Promise<void>;
  /** A PNG of the viewport (1280x800) in SCREENSHOT_DIR/<name>.png; `mask` paints boxes over secrets. */
  screenshot(name: string, options?: { mask?: Locator[] }): Promise<string>;
  /** An admin API call with the session token (for set-up the test does not want to click through). */
  api<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export interface OpenConsoleOptions extends StartServeOptions {
  colorScheme?: 'light' | 'dark';
  /** Wait this long for one UI condition (Playwright's default is 30 s; a loaded 2-core machine needs margin). */
  actionTimeoutMs?: number;
}

/** Starts serve (after making sure the UI is built), launches Chromium and logs in with the admin URL. */
export async function openConsole(options: OpenConsoleOptions = {}): Promise<ConsoleSession> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    // Newest first; every step runs even if one fails.
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw errors[0];
  };
  try {
    await ensureConsoleBuilt();
    const [serve, browser] = await Promise.all([
      startServe(options).then((s) => (cleanups.push(() => s.stop()), s)),
      launchChromium().then((b) => (cleanups.push(() => b.close()), b)),
    ]);
    const context = await browser.newContext({
      viewport: VIEWPORT,
      deviceScaleFactor: 1,
      colorScheme: options.colorScheme ?? 'light',
    });
    context.setDefaultTimeout(options.actionTimeoutMs ?? 20_000);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(serve.adminUrl);
    await page.locator('main h1').first().waitFor();

    const session: ConsoleSession = {
      serve,
      browser,
      context,
      page,
      pageErrors,
      async goTo(route, heading) {
        await page.goto(`${serve.adminOrigin}/#/${route}`);
        await page.locator('main h1', { hasText: heading }).waitFor();
      },
      async nav(label, heading = label) {
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
        await page.locator('main h1', { hasText: heading }).waitFor();
      },
      async screenshot(name, shotOptions = {}) {
        await mkdir(SCREENSHOT_DIR, { recursive: true });
        const file = path.join(SCREENSHOT_DIR, `${name}.png`);
        // No caret blinking or half-finished transitions in the picture.
        await page.screenshot({
          path: file,
          animations: 'disabled',
          caret: 'hide',
          ...(shotOptions.mask ? { mask: shotOptions.mask } : {}),
        });
        return file;
      },
      async api<T>(method: string, route: string, body?: unknown) {
        const response = await fetch(`${serve.adminOrigin}${route}`, {
          method,
          headers: { Authorization: `Bearer ${serve.adminToken}`, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
      },
      close,
    };
    return session;
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/** The page's visible text and its whole HTML (attributes and input values included), for "never shows X" checks. */
export async function everythingOnPage(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = Array.from(document.querySelectorAll('input, textarea, select'))
      .map((el) => (el as HTMLInputElement).value)
      .join('\n');
    return `${document.documentElement.outerHTML}\n${document.body.innerText}\n${values}`;
  });
}

/** Web storage as text: the console keeps only the admin session token there. */
export async function webStorage(page: Page): Promise<string> {
  return page.evaluate(() => JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage } }));
}
