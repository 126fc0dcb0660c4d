import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/he.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { browserSuite, POLL, pageInLanguage } from './helpers.js';

vi.setConfig({ testTimeout: 180_000 });

const LANGUAGES = { fr, en, ar, he } as const;
type Lang = keyof typeof LANGUAGES;

const search = (page: Page) => new URL(page.url()).searchParams;
/** The activity rows the table shows, by reference. */
const refs = (page: Page) => page.locator('.data-table tbody tr:not(.spacer) .ref').allInnerTexts();

/** The plan page's activity table in each language: its state in the address, and saved queries. */
describe.skipIf(!browserAvailable())('web app: queries of the activity table that stay', () => {
  const suite = browserSuite();

  it.each(Object.keys(LANGUAGES) as Lang[])(
    'keeps filters, sort and columns in the address and saves them, in %s',
    async (lang) => {
      const tx = LANGUAGES[lang];
      const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', lang);
      try {
        const plans = (await (await page.request.get('/api/plans')).json()).items as { id: string; status: string }[];
        const plan = plans.find((p) => p.status === 'in_execution') ?? plans[0];
        if (!plan) throw new Error('The demo has no plan');
        await page.goto(`/plans/${plan.id}`);
        expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' || lang === 'he' ? 'rtl' : 'ltr');
        const table = page.locator('.activities');
        await table.locator('.data-table tbody tr .ref').first().waitFor(POLL);
        const all = await refs(page);

        // A domain filter and a sort by planned period, then a column shown: each a step in the address.
        await table.getByRole('combobox', { name: tx.activities.domain, exact: true }).selectOption('planning');
        await expect.poll(() => search(page).get('domain'), POLL).toBe('planning');
        await table.getByRole('button', { name: tx.activities.column.plannedPeriod }).click();
        await expect.poll(() => search(page).get('sort'), POLL).toBe('plannedStart');
        await table.locator('.column-chooser summary').click();
        await table.getByRole('checkbox', { name: tx.activities.column.type }).check();
        await expect.poll(() => search(page).get('cols'), POLL).toContain('type');
        await page.keyboard.press('Escape');
        await expect.poll(async () => (await refs(page)).length, POLL).toBeLessThan(all.length);
        const filtered = await refs(page);

        // Reload: the same table.
        await page.reload();
        await expect.poll(() => refs(page), POLL).toEqual(filtered);
        expect(await table.getByRole('combobox', { name: tx.activities.domain, exact: true }).inputValue()).toBe('planning');
        await expect.poll(() => page.locator('.data-table thead th').allInnerTexts(), POLL).toContain(tx.activities.column.type);

        // Back undoes the column, then the sort, then the filter; forward redoes them.
        await page.goBack();
        await expect.poll(() => search(page).get('cols'), POLL).toBeNull();
        await page.goBack();
        await expect.poll(() => search(page).get('sort'), POLL).toBeNull();
        await page.goBack();
        await expect.poll(() => search(page).get('domain'), POLL).toBeNull();
        expect(await table.getByRole('combobox', { name: tx.activities.domain, exact: true }).inputValue()).toBe('');
        await expect.poll(async () => (await refs(page)).length, POLL).toBe(all.length);
        await page.goForward();
        await page.goForward();
        await page.goForward();
        await expect.poll(() => refs(page), POLL).toEqual(filtered);

        // Grouped by domain: one header, with the server's count of the filtered activities.
        await table.getByRole('combobox', { name: tx.activities.groupBy, exact: true }).selectOption('domain');
        await expect.poll(() => search(page).get('group'), POLL).toBe('domain');
        const header = page.locator('.data-table tr.group-row');
        await expect.poll(() => header.allInnerTexts(), POLL).toEqual([`${tx.domain.planning} (${filtered.length})`]);

        // Saved, shared with the party, then recalled from a bare address by a planner of the party.
        const name = `Planification ${lang}`;
        await table.getByRole('button', { name: tx.savedQueries.save }).click();
        await table.getByLabel(tx.savedQueries.name).fill(name);
        await table.getByLabel(tx.savedQueries.shareWithParty).check();
        await table.getByRole('button', { name: tx.savedQueries.saveSubmit, exact: true }).click();
        await expect.poll(() => table.getByRole('combobox', { name: tx.savedQueries.label }).inputValue(), POLL).not.toBe('');
        const saved = await table.getByRole('combobox', { name: tx.savedQueries.label }).inputValue();

        await page.goto(`/plans/${plan.id}`);
        await expect.poll(async () => (await refs(page)).length, POLL).toBe(all.length);
        await table.getByRole('combobox', { name: tx.savedQueries.label }).selectOption(saved);
        await expect.poll(() => search(page).get('domain'), POLL).toBe('planning');
        await expect.poll(() => refs(page), POLL).toEqual(filtered);
        await expect.poll(() => header.count(), POLL).toBe(1);

        const mine = (await (await page.request.get('/api/saved-queries')).json()).items as { id: string; name: string }[];
        expect(mine.map((q) => q.name)).toContain(name);
        expect((await page.request.delete(`/api/saved-queries/${saved}`)).status()).toBe(204);
      } finally {
        await context.close();
      }
    },
  );
});
