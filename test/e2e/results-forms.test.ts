import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import arMain from '../../web/src/i18n/ar.json' with { type: 'json' };
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import problemsFr from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import arForms from '../../web/src/i18n/results-forms/ar.json' with { type: 'json' };
import frForms from '../../web/src/i18n/results-forms/fr.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { expectAccessible, interpolate, openBrowser, POLL, pageInLanguage, shot, signedInPage } from './helpers.js';
import { fillIndicatorForm } from './indicator-form.js';

/** The main texts with those the results view loads for its forms. */
const fr = { ...frMain, resultsEdit: { ...frMain.resultsEdit, ...frForms.resultsEdit } };
const ar = { ...arMain, resultsEdit: { ...arMain.resultsEdit, ...arForms.resultsEdit } };

interface ApiIndicator {
  id: string;
  version: number;
  name: string;
  unit: string;
  targetValue: number;
  measurements: { id: string; value: number }[];
  withdrawnMeasurements: { id: string; value: number; reason: string; replacedBy: string | null }[];
}
interface ApiObjective {
  id: string;
  title: Record<string, string>;
  classification: string;
  releasableTo: string[];
  linkedActivities: { refCode: string }[];
  indicators: ApiIndicator[];
}

const OBJECTIVE = 'Interopérabilité des transmissions';
const INDICATOR = 'Exercices de transmission conjoints';

/** The field (label, control and its errors) labelled `label` inside `scope`. */
const fieldOf = (scope: Locator, label: string) =>
  scope.locator('.field', { has: scope.page().getByText(label, { exact: true }) });

/**
 * The results framework built in the web app: a planner adds an objective
 * linked to an activity and an indicator to it, the refusals beside their
 * fields, edits the indicator over a change made meanwhile, records and
 * corrects a measurement; a contributor only measures; the forms in Arabic,
 * right to left. In Chromium on the demo.
 */
describe.skipIf(!browserAvailable())('web app: objectives, indicators and measurements created and edited', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let planId = '';

  const results = async (p: Page = page): Promise<ApiObjective[]> =>
    (await (await p.request.get(`/api/plans/${planId}/results`)).json()).objectives;
  const objectiveNamed = async (title: string) => (await results()).find((o) => o.title.fr === title);

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page } = await signedInPage(browser, server, 'mar.planner'));
    const plans = (await (await page.request.get('/api/plans')).json()).items;
    planId = plans[0].id;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds an objective linked to an activity, a blank title refused beside its field and nothing written', {
    timeout: 90_000,
  }, async () => {
    await page.goto(`/plans/${planId}?view=results`);
    await page.locator('.objective').first().waitFor(POLL);
    const before = (await results()).length;
    await page.getByRole('button', { name: fr.resultsEdit.addObjective }).click();
    const form = page.getByRole('form', { name: fr.resultsEdit.newObjective });
    await form.waitFor();
    const title = interpolate(fr.edit.titleIn, { lang: 'FR' });
    await form.getByRole('button', { name: fr.resultsEdit.createObjective }).click();
    await fieldOf(form, title).locator('.field-error').waitFor(POLL);
    expect(await form.getByLabel(title).getAttribute('aria-invalid')).toBe('true');
    expect(await results()).toHaveLength(before);

    await form.getByLabel(title).fill(OBJECTIVE);
    // Typing again drops the refusal of that field.
    await expect.poll(() => fieldOf(form, title).locator('.field-error').count(), POLL).toBe(0);
    await form.getByLabel(fr.resultsEdit.searchActivities).fill('séminaire');
    const seminar = form.getByRole('checkbox', { name: /2026-DOC-01/ });
    await seminar.waitFor(POLL);
    await seminar.check();
    await form.locator('.picked', { hasText: '2026-DOC-01' }).waitFor();
    await expectAccessible(page);
    await shot(page, 'objective-create');
    await form.getByRole('button', { name: fr.resultsEdit.createObjective }).click();
    await form.waitFor({ state: 'detached', ...POLL });

    const objective = page.locator('.objective', { hasText: OBJECTIVE });
    await objective.locator('.linked-activities', { hasText: '2026-DOC-01' }).waitFor(POLL);
    const created = await objectiveNamed(OBJECTIVE);
    expect(created?.linkedActivities.map((a) => a.refCode)).toEqual(['2026-DOC-01']);
    const plan = await (await page.request.get(`/api/plans/${planId}`)).json();
    // The label offered is the plan's.
    expect(created?.classification).toBe(plan.classification);
    expect([...(created?.releasableTo ?? [])].sort()).toEqual([...plan.releasableTo].sort());
    expect(await results()).toHaveLength(before + 1);
  });

  it('adds an indicator to it, a target before the baseline refused beside the target date', { timeout: 90_000 }, async () => {
    const objective = page.locator('.objective', { hasText: OBJECTIVE });
    await objective.getByRole('button', { name: fr.resultsEdit.addIndicator }).click();
    const form = page.getByRole('form', { name: fr.resultsEdit.newIndicator });
    await form.waitFor();
    await fillIndicatorForm(form, fr.resultsEdit, {
      indicatorName: INDICATOR,
      unit: 'exercices',
      baselineValue: '1',
      baselineDate: '2026-01-01',
      targetValue: '6,5',
      targetDate: '2025-12-31',
    });
    await form.getByRole('button', { name: fr.resultsEdit.createIndicator }).click();
    const targetDate = fieldOf(form, fr.resultsEdit.targetDate);
    await targetDate.locator('.field-error', { hasText: problemsFr.indicator.not_before_baseline }).waitFor(POLL);
    expect((await objectiveNamed(OBJECTIVE))?.indicators).toEqual([]);

    await form.getByLabel(fr.resultsEdit.targetDate).fill('2026-12-31');
    await form.getByRole('button', { name: fr.resultsEdit.createIndicator }).click();
    await form.waitFor({ state: 'detached', ...POLL });
    await objective.locator('.indicator', { hasText: INDICATOR }).waitFor(POLL);
    const [indicator] = (await objectiveNamed(OBJECTIVE))?.indicators ?? [];
    expect(indicator).toMatchObject({ name: INDICATOR, unit: 'exercices', targetValue: 6.5, version: 1 });
  });

  it('records a measurement, edits the indicator over a change made meanwhile, and corrects the measurement', {
    timeout: 120_000,
  }, async () => {
    const row = page.locator('.indicator', { hasText: INDICATOR });
    await row.getByRole('button', { name: fr.results.addMeasurement }).click();
    await row.getByLabel(fr.results.date).fill('2026-06-30');
    await row.getByLabel(interpolate(fr.results.value, { unit: 'exercices' })).fill('3');
    await row.getByRole('button', { name: fr.results.save }).click();
    await row.locator('.measurement-form').waitFor({ state: 'detached', ...POLL });
    await expect.poll(async () => (await objectiveNamed(OBJECTIVE))?.indicators[0]?.measurements.length, POLL).toBe(1);

    // I raise the target; meanwhile someone renames the unit.
    await row.getByRole('button', { name: fr.resultsEdit.editIndicator }).click();
    await row.getByLabel(fr.resultsEdit.targetValue).fill('8');
    const read = (await objectiveNamed(OBJECTIVE))?.indicators[0] as ApiIndicator;
    const renamed = await page.request.patch(`/api/indicators/${read.id}`, {
      data: { unit: 'exercices conjoints', version: read.version },
    });
    expect(renamed.status(), await renamed.text()).toBe(200);
    await row.getByRole('button', { name: fr.resultsEdit.saveIndicator }).click();
    const alert = row.getByRole('alert').filter({ hasText: String(read.version + 1) });
    await alert.waitFor(POLL);
    await shot(page, 'indicator-edit-conflict');
    await alert.getByRole('button', { name: fr.edit.reapply }).click();
    await row.locator('.indicator-form').waitFor({ state: 'detached', ...POLL });
    const edited = (await objectiveNamed(OBJECTIVE))?.indicators[0] as ApiIndicator;
    expect(edited).toMatchObject({ unit: 'exercices conjoints', targetValue: 8, version: read.version + 2 });

    // The measurement was wrong: corrected with its reason, the wrong one kept.
    await row.locator('.measurements summary').click();
    await row.getByRole('button', { name: fr.resultsEdit.correct }).click();
    const correction = row.locator('.correction-form');
    await correction.getByLabel(interpolate(fr.results.value, { unit: 'exercices conjoints' })).fill('2');
    await correction.getByRole('button', { name: fr.resultsEdit.saveCorrection }).click();
    await correction.getByLabel(fr.resultsEdit.reason).locator('xpath=..').locator('.field-error').waitFor(POLL);
    await correction.getByLabel(fr.resultsEdit.reason).fill('Un exercice compté deux fois');
    await correction.getByRole('button', { name: fr.resultsEdit.saveCorrection }).click();
    await row.locator('.measurement-table tr.withdrawn').waitFor(POLL);
    const corrected = (await objectiveNamed(OBJECTIVE))?.indicators[0] as ApiIndicator;
    expect(corrected.measurements.map((m) => m.value)).toEqual([2]);
    expect(corrected.withdrawnMeasurements).toMatchObject([{ value: 3, reason: 'Un exercice compté deux fois' }]);
    await shot(page, 'indicator-measurement-corrected');
  });

  it('links a programme of the party to the objective and unlinks it, reapplying over a change made meanwhile', {
    timeout: 90_000,
  }, async () => {
    const objective = page.locator('.objective', { hasText: OBJECTIVE });
    const own = (await (await page.request.get('/api/programmes?owner=MAR&limit=500')).json()).items.find(
      (p: { status: string }) => p.status !== 'cancelled',
    );
    expect(own, 'the demo has a programme of MAR').toBeDefined();
    const name = own.title.fr ?? Object.values(own.title)[0];
    await objective.getByText(fr.resultsEdit.noProgramme).waitFor(POLL);
    await objective.getByRole('button', { name: fr.resultsEdit.linkProgramme }).click();
    const select = objective.getByLabel(fr.resultsEdit.programmeToLink);
    await expect.poll(() => select.locator('option').count(), POLL).toBeGreaterThan(1);
    await select.selectOption(own.id);
    await objective.getByRole('button', { name: fr.resultsEdit.link, exact: true }).click();
    const list = objective.getByRole('list', { name: interpolate(fr.resultsEdit.programmesOf, { title: OBJECTIVE }) });
    await list.getByRole('link', { name }).waitFor(POLL);
    const served = (await objectiveNamed(OBJECTIVE)) as ApiObjective & { linkedProgrammes: { id: string; version: number }[] };
    expect(served.linkedProgrammes.map((p) => p.id)).toEqual([own.id]);
    const programme = await (await page.request.get(`/api/programmes/${own.id}`)).json();
    expect(programme.objectiveIds).toContain(served.id);

    // Someone retitles the programme meanwhile: unlinking says so, then applies over the newer version.
    const retitled = await page.request.patch(`/api/programmes/${own.id}`, {
      data: { title: { ...programme.title, en: 'Retitled meanwhile' }, version: programme.version },
    });
    expect(retitled.status(), await retitled.text()).toBe(200);
    await list.getByRole('button', { name: interpolate(fr.resultsEdit.unlinkProgramme, { title: name }) }).click();
    const alert = objective.getByRole('alert').filter({ hasText: String(programme.version + 1) });
    await alert.waitFor(POLL);
    await shot(page, 'objective-programme-conflict');
    await alert.getByRole('button', { name: fr.edit.reapply }).click();
    await objective.getByText(fr.resultsEdit.noProgramme).waitFor(POLL);
    const after = await (await page.request.get(`/api/programmes/${own.id}`)).json();
    expect(after.objectiveIds).not.toContain(served.id);
    expect(after.title.en).toBe('Retitled meanwhile');
    expect(after.version).toBe(programme.version + 2);
  });

  it('offers a contributor of the party measurements only, not objectives or indicators', { timeout: 90_000 }, async () => {
    const { context, page: contributor } = await signedInPage(browser, server, 'mar.contributor');
    try {
      await contributor.goto(`/plans/${planId}?view=results`);
      const row = contributor.locator('.indicator', { hasText: INDICATOR });
      await row.waitFor(POLL);
      await row.getByRole('button', { name: fr.results.addMeasurement }).waitFor();
      expect(await contributor.getByRole('button', { name: fr.resultsEdit.addObjective }).count()).toBe(0);
      expect(await contributor.getByRole('button', { name: fr.resultsEdit.addIndicator }).count()).toBe(0);
      expect(await row.getByRole('button', { name: fr.resultsEdit.editIndicator }).count()).toBe(0);
      expect(await contributor.getByRole('button', { name: fr.resultsEdit.linkProgramme }).count()).toBe(0);
      // The API refuses them too.
      const refused = await contributor.request.post(`/api/plans/${planId}/objectives`, {
        data: { title: { fr: 'Non' }, classification: 'UNCLASSIFIED', releasableTo: [], compartments: [] },
      });
      expect(refused.status()).toBe(403);
    } finally {
      await context.close();
    }
  });

  it('adds an objective in Arabic, right to left', { timeout: 90_000 }, async () => {
    const { context, page: arabic } = await pageInLanguage(browser, server, 'mar.planner', 'ar');
    try {
      await arabic.goto(`/plans/${planId}?view=results`);
      await arabic.locator('.objective').first().waitFor(POLL);
      expect(await arabic.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await arabic.getByRole('button', { name: ar.resultsEdit.addObjective }).click();
      const form = arabic.getByRole('form', { name: ar.resultsEdit.newObjective });
      const title = interpolate(ar.edit.titleIn, { lang: 'AR' });
      await form.getByLabel(title).fill('تعزيز التخطيط المشترك');
      expect(await form.getByLabel(title).evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
      await shot(arabic, 'objective-create-ar');
      await form.getByRole('button', { name: ar.resultsEdit.createObjective }).click();
      await arabic.locator('.objective', { hasText: 'تعزيز التخطيط المشترك' }).waitFor(POLL);
      const made = (await results(arabic)).find((o) => o.title.ar === 'تعزيز التخطيط المشترك');
      expect(made?.title).toEqual({ ar: 'تعزيز التخطيط المشترك' });
    } finally {
      await context.close();
    }
  });
});
