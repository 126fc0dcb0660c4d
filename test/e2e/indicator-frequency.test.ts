import { describe, expect, it } from 'vitest';
import arMain from '../../web/src/i18n/ar.json' with { type: 'json' };
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import arForms from '../../web/src/i18n/results-forms/ar.json' with { type: 'json' };
import frForms from '../../web/src/i18n/results-forms/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { expectAccessible, POLL, pageInLanguage, shot, signedInSuite } from './helpers.js';
import { fillIndicatorForm } from './indicator-form.js';

/** The main texts with those the results view loads for its forms. */
const fr = { ...frMain, resultsEdit: { ...frMain.resultsEdit, ...frForms.resultsEdit } };
const ar = { ...arMain, resultsEdit: { ...arMain.resultsEdit, ...arForms.resultsEdit } };

const INDICATOR = 'Rapports d’interopérabilité remis';

interface ApiIndicator {
  id: string;
  name: string;
  frequency: string;
  nextMeasurementDue: string | null;
  measurementOverdue: boolean;
}

/**
 * How often an indicator is measured, chosen in the web app when it is added
 * and changed with it, and its next measurement shown due or overdue beside
 * it, in French and in Arabic right to left. In Chromium on the demo.
 */
describe.skipIf(!browserAvailable())('web app: an indicator measured at its frequency', () => {
  const suite = signedInSuite('mar.planner');
  let planId = '';

  const indicator = async (): Promise<ApiIndicator | undefined> => {
    const objectives = (await (await suite.page.request.get(`/api/plans/${planId}/results`)).json()).objectives as {
      indicators: ApiIndicator[];
    }[];
    return objectives.flatMap((o) => o.indicators).find((i) => i.name === INDICATOR);
  };

  it('adds an indicator measured monthly, shown overdue since a month after its baseline', { timeout: 120_000 }, async () => {
    const { page } = suite;
    planId = (await (await page.request.get('/api/plans')).json()).items[0].id;
    await page.goto(`/plans/${planId}?view=results`);
    const objective = page.locator('.objective').first();
    await objective.waitFor(POLL);
    await objective.getByRole('button', { name: fr.resultsEdit.addIndicator }).click();
    const form = page.getByRole('form', { name: fr.resultsEdit.newIndicator });
    await form.waitFor();
    // Yearly unless chosen otherwise.
    expect(await form.getByLabel(fr.resultsEdit.frequency).inputValue()).toBe('yearly');
    await fillIndicatorForm(form, fr.resultsEdit, {
      indicatorName: INDICATOR,
      unit: 'rapports',
      baselineValue: '0',
      baselineDate: '2026-01-01',
      targetValue: '12',
      targetDate: '2030-12-31',
    });
    await form.getByLabel(fr.resultsEdit.frequency).selectOption({ label: fr.resultsEdit.frequencies.monthly });
    await expectAccessible(page);
    await form.getByRole('button', { name: fr.resultsEdit.createIndicator }).click();
    await form.waitFor({ state: 'detached', ...POLL });

    const row = page.locator('.indicator', { hasText: INDICATOR });
    await row.waitFor(POLL);
    const made = await indicator();
    expect(made).toMatchObject({ frequency: 'monthly', nextMeasurementDue: '2026-02-01', measurementOverdue: true });
    const due = row.locator('.overdue-date');
    await due.waitFor(POLL);
    expect(await due.textContent()).toContain(fr.resultsEdit.frequencies.monthly);
    await shot(page, 'indicator-frequency-overdue');
  });

  it('changes it to once, at the target date: no longer overdue', { timeout: 90_000 }, async () => {
    const { page } = suite;
    const row = page.locator('.indicator', { hasText: INDICATOR });
    await row.getByRole('button', { name: fr.resultsEdit.editIndicator }).click();
    const select = row.getByLabel(fr.resultsEdit.frequency);
    expect(await select.inputValue()).toBe('monthly');
    await select.selectOption('once');
    await row.getByRole('button', { name: fr.resultsEdit.saveIndicator }).click();
    await row.locator('.indicator-form').waitFor({ state: 'detached', ...POLL });
    await expect.poll(async () => (await indicator())?.frequency, POLL).toBe('once');
    expect(await indicator()).toMatchObject({ nextMeasurementDue: '2030-12-31', measurementOverdue: false });
    await row.getByText(fr.resultsEdit.frequencies.once, { exact: false }).waitFor(POLL);
    expect(await row.locator('.overdue-date').count()).toBe(0);
  });

  it('says the frequency and the next measurement in Arabic, right to left', { timeout: 90_000 }, async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'ar');
    try {
      await page.goto(`/plans/${planId}?view=results`);
      const row = page.locator('.indicator', { hasText: INDICATOR });
      await row.waitFor(POLL);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      const line = row.getByText(ar.resultsEdit.frequencies.once, { exact: false });
      await line.waitFor(POLL);
      expect(await line.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
      await row.getByRole('button', { name: ar.resultsEdit.editIndicator }).click();
      const select = row.getByLabel(ar.resultsEdit.frequency);
      expect(await select.locator('option').allTextContents()).toEqual(
        ['monthly', 'quarterly', 'half-yearly', 'yearly', 'once'].map(
          (f) => ar.resultsEdit.frequencies[f as keyof typeof ar.resultsEdit.frequencies],
        ),
      );
      await shot(page, 'indicator-frequency-ar');
    } finally {
      await context.close();
    }
  });
});
