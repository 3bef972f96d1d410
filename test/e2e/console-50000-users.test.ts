/**
 * The console with 50,000 users, in Chromium: the list opens on the first rows and counts them all, a search
 * finds the one matching user wherever it sits, and the End key reaches the last row of the virtualised list.
 * How fast each of these is: `npm run bench -- --console` (bench/console-bench.ts), which measures the same
 * steps and prints the figures; timing is no business of a test on a shared 2-core machine.
 *
 * The 50,000 users are written into the data folder with the store API before `serve` starts (see
 * test/helpers/e2e-directory.ts for why).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_OU_ID, type ItemList, type Role } from '../../server/admin/contract.js';
import { REPO_ROOT, ensureConsoleBuilt, openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';
import { seedDirectory, type SeededDirectory } from '../helpers/e2e-directory.js';

const USERS = 50_000;

describe('the console with 50,000 users', () => {
  let tmp: string;
  let seeded: SeededDirectory;
  let desk: ConsoleSession;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-50k-'));
    const dataDir = path.join(tmp, 'data');
    [seeded] = await Promise.all([seedDirectory(dataDir, { users: USERS, groups: 40 }), ensureConsoleBuilt()]);
    desk = await openConsole({ dataDir });
    // One rule, so list rows carry computed access as they would in real use.
    const roles = await desk.api<ItemList<Role>>('GET', '/api/roles');
    const backupAdmin = roles.body.items.find((role) => role.name === 'Backup Admin')!;
    const rule = await desk.api('POST', '/api/rules', {
      name: 'Team 01 backs up everything',
      condition: JSON.stringify({ 'user.groups': { $eq: seeded.groupNames[0] } }),
      provision: { role_id: backupAdmin.id, organizational_unit_ids: [GLOBAL_OU_ID] },
    });
    expect(rule.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await desk?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('opens the users list on its first rows and counts all 50,000', async () => {
    const { page } = desk;
    await desk.goTo('users', 'Users');
    await page
      .getByTestId('users-list')
      .locator('[data-index="0"] a', { hasText: seeded.userName(0) })
      .waitFor();
    await page.getByTestId('users-count').filter({ hasText: '50,000 users' }).waitFor();
    // Virtualised: a screenful of rows is in the page, not 50,000.
    const rows = await page.getByTestId('users-list').locator('[data-index]').count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(200);
    // No debug timing under the count: the page shows what an admin needs, nothing else.
    expect(await page.getByTestId('users-load-ms').count()).toBe(0);
  });

  it('finds the one matching user wherever it sits in the directory', async () => {
    const { page } = desk;
    const search = page.getByLabel('Search users');
    for (const n of [42, 31_337, 49_999, 7, 25_000]) {
      const userName = seeded.userName(n);
      const term = userName.replace(/@.*$/, '').split('.').slice(1).join('.'); // "tanaka.00042": one user, by substring
      await search.fill(term);
      await page
        .getByTestId('users-count')
        .filter({ hasText: /^1 user\b/ })
        .waitFor();
      await page.getByTestId('users-list').locator('[data-index="0"] a', { hasText: userName }).waitFor();
      expect(await page.getByTestId('users-list').locator('[data-index]').count()).toBe(1);
    }
    // A broad search: thousands of matches, the first page shown.
    await search.fill('okafor');
    await page
      .getByTestId('users-count')
      .filter({ hasText: /^[\d,]+ users/ })
      .filter({ hasNotText: '50,000' })
      .waitFor();
    expect(await page.getByTestId('users-list').locator('[data-index="0"] a').innerText()).toContain('okafor');
    await search.fill('');
  });

  it('jumps to the last of 50,000 rows with the End key', async () => {
    const { page } = desk;
    await page.getByTestId('users-count').filter({ hasText: '50,000 users' }).waitFor();
    await page.getByTestId('users-list').locator('[data-index="0"] a').focus();
    await page.keyboard.press('End');
    await page
      .getByTestId('users-list')
      .locator(`[aria-posinset="${USERS}"] a`, { hasText: seeded.userName(USERS - 1) })
      .waitFor();
    expect(await page.getByTestId('users-list').locator('[data-index="0"]').count()).toBe(0); // the first rows left the page
  });

  it('serves the production bundle: every script and stylesheet index.html names exists', () => {
    const renderer = path.join(REPO_ROOT, 'dist', 'renderer');
    const html = readFileSync(path.join(renderer, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true);
    expect(assets.some((asset) => asset.endsWith('.css'))).toBe(true);
    for (const asset of assets) expect(readFileSync(path.join(renderer, asset)).length, asset).toBeGreaterThan(0);
  });
});
