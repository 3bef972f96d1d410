/**
 * The Activity page against what anyone can send and what Okta sends with Sync Password on: a body nested
 * 6,000 levels deep (new, and already in a file an earlier version wrote) and a PATCH whose path names the
 * password. The page keeps working and shows each entry, never the password.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCreated } from '../../server/admin/contract.js';
import { everythingOnPage, openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';
import { PATCH_OP, oktaClient, type OktaClient } from '../helpers/e2e-okta.js';

const PASSWORD = `Pw-${randomBytes(9).toString('hex')}`;
const deepBody = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const withText = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();

describe('the activity view, against hostile entries', () => {
  let root: string;
  let desk: ConsoleSession;
  let okta: OktaClient;

  const rows = () => desk.page.getByTestId('activity-list').getByRole('listitem');
  const row = (summary: string | RegExp) => rows().filter({ hasText: summary }).first();
  const detail = () => desk.page.getByTestId('activity-detail');

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'scim-desk-e2e-hostile-'));
    const dataDir = path.join(root, 'data');
    // What an earlier version wrote for a POST /Schemas without a token: the body as it came.
    const at = Date.now() - 60_000;
    const line = `{"kind":"scim","id":"${String(at).padStart(13, '0')}-000000","time":"${new Date(at).toISOString()}","method":"POST","path":"/scim/v2/Schemas","query":"","status":405,"durationMs":1,"tokenId":null,"tokenLabel":null,"userAgent":"old-version-client","clientIp":"127.0.0.1","resourceType":"Schema","signals":[],"requestBody":${deepBody(6000)}}`;
    await mkdir(path.join(dataDir, 'activity'), { recursive: true, mode: 0o700 });
    await writeFile(path.join(dataDir, 'activity', 'activity.jsonl'), `${line}\n`, { mode: 0o600 });
    desk = await openConsole({ dataDir });
    const created = await desk.api<TokenCreated>('POST', '/api/tokens', { label: 'Okta', expiresAt: null });
    okta = oktaClient(desk.serve.scimUrl, created.body.secret);
    await desk.goTo('activity', 'Activity');
    await withText(desk.page.getByTestId('stream-state'), 'Receiving live events');
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('shows an entry an earlier version logged with a 6,000-deep body, cut to what can be shown', async () => {
    await row('POST /Schemas 405').getByRole('button').click();
    await withText(detail(), 'old-version-client');
    await withText(detail(), '[too deep]');
    expect(desk.pageErrors).toEqual([]);
  });

  it('keeps working when such a body arrives now, without a token, and does not keep it', async () => {
    const sent = await fetch(`${desk.serve.scimUrl}/Schemas`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/scim+json' },
      body: deepBody(6000),
    });
    expect(sent.status).toBe(405);
    await desk.page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="activity-list"] > li')).filter((li) =>
          li.textContent?.includes('POST /Schemas 405'),
        ).length === 2,
    );
    await row('POST /Schemas 405').getByRole('button').click(); // the newest
    await withText(detail(), 'not authenticated');
    const requestBody = detail().locator('h3', { hasText: 'Request body' }).locator('xpath=following-sibling::*[1]');
    expect(await requestBody.innerText()).toBe('(empty)');

    await desk.page.reload();
    await row('POST /Schemas 405').waitFor();
    expect(desk.pageErrors).toEqual([]);
  });

  it('shows a PATCH of the password by its path with the password redacted', async () => {
    const userId = await okta.assignUser('pat.path@example.com');
    const patched = await okta.send('PATCH', `/Users/${userId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:core:2.0:User:password', value: PASSWORD }],
    });
    expect(patched.status).toBe(200);
    await row(/PATCH \/Users\/\S+ 200/)
      .getByRole('button')
      .click();
    await withText(detail(), '"value": "[redacted]"');
    expect(await everythingOnPage(desk.page)).not.toContain(PASSWORD);
  });
});
