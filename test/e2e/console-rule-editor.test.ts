/**
 * The rule editor speaks to an admin, not to a developer (real console in Chromium against `scim-desk serve`):
 * a blank form shows nothing to fix; a field says what it needs, in plain words, once it has been left or
 * Save was pressed; no preview is requested while the rule cannot be valid; a one-keyword CONTAINS ANY keeps
 * its form; an import's problems are listed once. The page's clock is the test's (Playwright's clock), so
 * every debounce runs out when the test says and every request the editor would send is sent.
 */
import type { Locator, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemList, Rule, RulesPreviewRequest } from '../../server/admin/contract.js';
import { openConsole, type ConsoleSession } from '../helpers/e2e-browser.js';

const GLOBAL_OU = 'Global Organizational Unit';
const GLOBAL_OU_ID = '00000000-0000-0000-0000-000000000000';
/** Words only a developer reads: field paths, operators, wire field names. */
const DEVELOPER_WORDS = /rules\[\d+\]|\$eq|\$in|\$contains|provision\.|organizational_unit_ids|role_id/;

const withText = (locator: Locator, text: string | RegExp) => locator.filter({ hasText: text }).first().waitFor();

describe('the rule editor, as an admin meets it', () => {
  let desk: ConsoleSession;
  const previews: RulesPreviewRequest[] = [];
  const ruleSaves: Request[] = [];
  const refused: string[] = [];

  /** Types like a person: one key at a time, letting the editor's debounce run out after each. */
  async function typeSlowly(field: Locator, text: string) {
    await field.focus();
    for (const character of text) {
      await field.pressSequentially(character);
      await desk.page.clock.runFor(1_000);
    }
  }

  /** Text of the editor's form, where the field messages are. */
  const formText = () => desk.page.getByRole('form', { name: 'Rule' }).innerText();

  beforeAll(async () => {
    desk = await openConsole();
    const { page } = desk;
    page.on('request', (request: Request) => {
      if (request.url().endsWith('/api/rules/preview')) previews.push(request.postDataJSON() as RulesPreviewRequest);
      if (/\/api\/rules(\/[^/]+)?$/.test(new URL(request.url()).pathname) && ['POST', 'PUT'].includes(request.method()))
        ruleSaves.push(request);
    });
    page.on('response', (response: Response) => {
      if (response.url().includes('/api/') && response.status() >= 400)
        refused.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
    // From here the page's timers run only when the test moves its clock.
    await page.clock.install();
    await page.reload();
    await page.locator('main h1').first().waitFor();
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('opens a blank New rule form with nothing to fix yet, and asks for no preview', async () => {
    const { page } = desk;
    await desk.goTo('rules/new', 'New rule');
    await page.getByTestId('preview-waiting').waitFor();
    await page.clock.runFor(2_000);
    await page.getByTestId('rule-role').filter({ hasText: 'Super Admin' }).waitFor();
    expect(await page.locator('.field-error').count()).toBe(0);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(await page.getByTestId('preview-waiting').innerText()).toMatch(
      /as soon as the rule has a name, a condition, a role and at least one organizational unit/,
    );
  });

  it('says what the name needs once the admin leaves the field, and nothing about the others', async () => {
    const { page } = desk;
    await page.getByTestId('rule-name').focus();
    await page.keyboard.press('Tab');
    await withText(page.getByTestId('error-name'), 'Give the rule a name.');
    expect(await page.locator('.field-error').allInnerTexts()).toEqual(['Give the rule a name.']);
    expect(await page.getByTestId('rule-name').getAttribute('aria-invalid')).toBe('true');
  });

  it('on Save shows every field to fix, each once and in plain words, and sends nothing', async () => {
    const { page } = desk;
    await page.getByTestId('save-rule').click();
    await withText(page.getByTestId('save-blocked'), 'The rule was not saved: fix the fields marked above.');
    expect(await page.locator('.field-error').allInnerTexts()).toEqual([
      'Give the rule a name.',
      'Type the group name.',
      'Tick at least one organizational unit.',
    ]);
    const text = await formText();
    for (const message of ['Give the rule a name.', 'Type the group name.', 'Tick at least one organizational unit.']) {
      expect(text.split(message).length - 1, message).toBe(1);
    }
    expect(await page.locator('main').innerText()).not.toMatch(DEVELOPER_WORDS);
    // The first field to fix has the focus, its message read with it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('rule-name');
    expect(await page.getByTestId('rule-name').getAttribute('aria-describedby')).toBe('error-name');
    expect(ruleSaves).toHaveLength(0);
    await desk.screenshot('rule-editor-messages');
  });

  it('asks for the first preview only when the rule is complete, one keystroke at a time', async () => {
    const { page } = desk;
    await typeSlowly(page.getByTestId('rule-name'), 'Backup team');
    await withText(page.locator('main'), 'Type the group name.');
    expect(await page.getByTestId('error-name').count()).toBe(0);
    await page.getByTestId('condition-mode').selectOption('contains-any-keyword');
    await typeSlowly(page.getByTestId('condition-value-0'), 'Backup');
    await page.getByTestId('rule-role').selectOption({ label: 'Backup Admin' });
    await page.clock.runFor(1_000);
    expect(await page.locator('.field-error').allInnerTexts()).toEqual(['Tick at least one organizational unit.']);
    await page.getByTestId('preview-waiting').waitFor();

    // The last missing piece: now the rule is valid and the preview follows.
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/rules/preview'));
    await page.getByTestId('rule-ous').getByLabel(GLOBAL_OU).check();
    await page.clock.runFor(1_000);
    expect((await answered).status()).toBe(200);
    await page.getByTestId('preview').waitFor();
    expect(await page.locator('.field-error').count()).toBe(0);
    // Requests go out in the order of the states they were made for: had any incomplete state asked for a
    // preview, it would be here before this one.
    expect(previews).toHaveLength(1);
    expect(previews[0]!.rules.at(-1)).toMatchObject({
      name: 'Backup team',
      condition: '{"user.groups":{"$contains":{"$in":["Backup"]}}}',
      provision: { organizational_unit_ids: [GLOBAL_OU_ID] },
    });
    expect(refused).toEqual([]);
  });

  it("saves a one-keyword CONTAINS ANY in Clumio's wire form and shows it back as CONTAINS ANY", async () => {
    const { page } = desk;
    await page.getByTestId('save-rule').click();
    await page.locator('main h1', { hasText: 'Rules' }).waitFor();
    const row = page.getByTestId('rules-table').getByRole('row').filter({ hasText: 'Backup team' });
    await withText(row, 'Group CONTAINS ANY of these keywords: "Backup"');

    const stored = (await desk.api<ItemList<Rule>>('GET', '/api/rules')).body.items.find(
      (rule) => rule.name === 'Backup team',
    )!;
    expect(stored.condition).toBe('{"user.groups":{"$contains":{"$in":["Backup"]}}}');

    // Opened again, after a reload too, the editor has the form the admin chose.
    for (const open of [() => row.getByRole('link', { name: 'Backup team' }).click(), () => page.reload()]) {
      await open();
      await page.locator('main h1', { hasText: 'Edit rule' }).waitFor();
      await page.getByTestId('condition-mode').waitFor(); // the form appears once the stored rule is loaded into it
      expect(await page.getByTestId('condition-mode').inputValue()).toBe('contains-any-keyword');
      expect(await page.getByTestId('condition-value-0').inputValue()).toBe('Backup');
      expect(await page.getByRole('button', { name: 'Add keyword' }).count()).toBe(1);
    }
  });

  it('shows a one-keyword rule written as CONTAINS this keyword as such', async () => {
    const { page } = desk;
    await desk.goTo('rules/new', 'New rule');
    await page.getByTestId('rule-name').fill('Ops keyword');
    await page.getByTestId('condition-mode').selectOption('contains-keyword');
    await page.getByTestId('condition-value-0').fill('Ops');
    await page.getByTestId('rule-ous').getByLabel(GLOBAL_OU).check();
    await page.clock.runFor(1_000);
    await page.getByTestId('preview').waitFor();
    await page.getByTestId('save-rule').click();
    await page.locator('main h1', { hasText: 'Rules' }).waitFor();
    await withText(
      page.getByTestId('rules-table').getByRole('row').filter({ hasText: 'Ops keyword' }),
      'Group CONTAINS this keyword: "Ops"',
    );
    await withText(
      page.getByTestId('rules-table').getByRole('row').filter({ hasText: 'Backup team' }),
      'Group CONTAINS ANY of these keywords: "Backup"',
    );
  });

  it("lists an import's problems once each, naming the rule and the field in words", async () => {
    const { page } = desk;
    const file = {
      rules: [
        {
          name: 'Finance admins',
          condition: '{"user.groups":{"$eq":"Finance"}}',
          provision: { role_id: 'no-such-role', organizational_unit_ids: [GLOBAL_OU_ID] },
        },
        {
          name: '',
          condition: '{"user.groups":{"$eq":"Ops"}}',
          provision: { role_id: '30000000-0000-0000-0000-000000000000', organizational_unit_ids: [GLOBAL_OU_ID] },
        },
      ],
    };
    const answered = page.waitForResponse((response) => response.url().includes('/api/rules/import'));
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'rules.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    expect((await answered).status()).toBe(400);
    const notice = page.getByTestId('import-invalid');
    await withText(notice, 'Nothing was imported');
    expect(await notice.getByRole('listitem').allInnerTexts()).toEqual([
      'Rule 1, "Finance admins", role: Unknown role "no-such-role".',
      'Rule 2, name: A rule needs a name.',
    ]);
    const text = await page.locator('main').innerText();
    expect(text.split('Unknown role "no-such-role"').length - 1).toBe(1);
    expect(text).not.toMatch(DEVELOPER_WORDS);
  });
});
