// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import heMain from '../../web/src/i18n/he.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import heProcurement from '../../web/src/i18n/procurement/he.json' with { type: 'json' };
import { programmeInEvaluation } from '../support/e2e-procurement.js';
import { browserAvailable, type RunningServer } from './browser.js';
import { apiOk, interpolate, openBrowser, POLL, shot, signedInPage } from './helpers.js';

// The procurement pages' texts come in a catalogue of their own, merged into the main one when they open.
const fr = { ...frMain, ...frProcurement };
const he = { ...heMain, ...heProcurement };

const e = fr.evaluation;
const CRITERIA = { tech: 'Fiabilité E2E', prix: 'Prix E2E', delai: 'Délais E2E' };
/** An offer as the page names it in French: its neutral code ("O1") read as "Offre 1". */
const offerCode = (i: number) => interpolate(e.offerCode, { n: i + 1 });

/**
 * The evaluation workspace in Chromium: MAR's planner, evaluator of a
 * programme in evaluation, fills the grid comparing its three criteria so that
 * it contradicts itself, sees the consistency ratio flagged as they edit and
 * the pair to look at again pointed out, corrects it, scores the offers,
 * saves, and sees the ranking. ISR's planner, who may not read the programme,
 * finds no evaluation. In Hebrew the demo's ATMOS evaluation reads right to
 * left.
 */
describe.skipIf(!browserAvailable())('web app: the evaluation of offers in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let mar: Page;
  let isr: Page;
  let programmeId = '';
  let offers: { id: string; name: string }[] = [];

  /** An API call as MAR's planner, which must succeed. */
  const ok = (method: 'get' | 'post' | 'patch' | 'put', url: string, data?: object) => apiOk(mar.request, method, url, data);

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page: mar } = await signedInPage(browser, server, 'mar.planner'));
    ({ page: isr } = await signedInPage(browser, server, 'isr.planner'));
    // Readable by MAR alone.
    programmeId = await programmeInEvaluation(mar.request, {
      supplier: 'Fournisseur évaluation E2E',
      system: 'Obusier E2E',
      fields: { title: { fr: 'Évaluation E2E' } },
      quantity: 12,
      budget: '100.00',
      prices: ['40.00', '50.00'].map((amount) => ({ unit: amount, total: amount })),
    });
    const url = `/api/programmes/${programmeId}/evaluation`;
    let evaluation = await ok('get', url);
    evaluation = await ok('patch', url, {
      version: evaluation.version,
      criteria: {
        weighting: { kind: 'pairwise' },
        items: Object.entries(CRITERIA).map(([id, name]) => ({ id, name, parent: null })),
      },
      method: { aggregation: 'AIJ', randomIndex: 'saaty', smaa: { draws: 1000, seed: 7 } },
    });
    const me = await ok('get', '/api/me');
    evaluation = await ok('post', `${url}/evaluators`, { userId: me.id, version: evaluation.version });
    offers = evaluation.offers;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const cell = (a: keyof typeof CRITERIA, b: keyof typeof CRITERIA) =>
    mar.getByLabel(interpolate(e.pairwise.cell, { a: CRITERIA[a], b: CRITERIA[b] }));

  it('flags an inconsistent grid as it is filled, points at the pair, and ranks the offers once the inputs are saved', async () => {
    await mar.goto(`/programmes/${programmeId}`);
    await mar.getByRole('link', { name: e.link }).click();
    await mar.getByRole('heading', { level: 1, name: e.title }).waitFor(POLL);
    await mar.getByText(e.noResult).waitFor(POLL);
    const form = mar.locator('form.evaluation-inputs');
    // Reliability 3 times price, price 3 times delivery, but delivery 5 times reliability: a cycle.
    await cell('tech', 'prix').selectOption('3');
    await cell('prix', 'delai').selectOption('3');
    await cell('tech', 'delai').selectOption('1/5');
    const consistency = form.locator('.consistency');
    await consistency.getByText(interpolate(e.pairwise.crFlagged, { cr: '1,767', lambda: '4,838' })).waitFor(POLL);
    // The judgment furthest from the priorities the grid implies: reliability against price.
    expect(await consistency.innerText()).toContain(
      interpolate(e.pairwise.worst, { a: CRITERIA.tech, b: CRITERIA.prix, given: '3', implied: '0,843' }),
    );
    expect(await form.locator('td.inconsistent').count()).toBe(2);
    await shot(mar, 'evaluation-inconsistent');
    // Delivery below reliability: consistent (CR 0.037), nothing pointed out.
    await cell('tech', 'delai').selectOption('5');
    await consistency.getByText(interpolate(e.pairwise.cr, { cr: '0,037', lambda: '3,039' })).waitFor(POLL);
    expect(await form.locator('td.inconsistent').count()).toBe(0);

    const scores: Record<keyof typeof CRITERIA, [string, string]> = { tech: ['7', '3'], prix: ['5', '4'], delai: ['4', '6'] };
    for (const [criterion, [first, second]] of Object.entries(scores) as [keyof typeof CRITERIA, [string, string]][]) {
      for (const [i, value] of [first, second].entries())
        await form.getByLabel(interpolate(e.inputs.scoreOf, { offer: offerCode(i), criterion: CRITERIA[criterion] })).fill(value);
    }
    await form.getByRole('button', { name: e.inputs.save }).click();
    await mar.getByText(e.inputs.saved).waitFor(POLL);
    const ranking = mar.locator('table.ranking-table');
    await ranking.waitFor(POLL);
    // The first offer leads on the criterion that weighs most.
    const firstRow = ranking.locator('tbody tr').first();
    // Named by its code in French, its supplier and system beside it, which MAR may read.
    expect(await firstRow.locator('th').innerText()).toBe(
      interpolate(e.offerWith, { offer: offerCode(0), who: 'Fournisseur évaluation E2E, Obusier E2E' }),
    );
    expect(await mar.locator('.hash code').innerText()).toMatch(/^[0-9a-f]{64}$/);
    await mar.locator('.flip-list li').first().waitFor(POLL);
    expect(await mar.locator('.acceptability-table tbody tr').count()).toBe(2);
    await shot(mar, 'evaluation-ranked');
  }, 90_000);

  it('says when the inputs were changed meanwhile, and saves the change again onto the newer version', async () => {
    const url = `/api/programmes/${programmeId}/evaluation`;
    const [me] = (await ok('get', url)).evaluators;
    // The same evaluator, elsewhere, raises the second offer's delivery score.
    const assessments = me.inputs.assessments.map((a: { criterion: string; scores: Record<string, number> }) =>
      a.criterion === 'delai' ? { ...a, scores: { ...a.scores, [offers[1]?.id ?? '']: 8 } } : a,
    );
    await ok('put', `${url}/evaluators/${me.userId}/inputs`, { ...me.inputs, assessments, version: me.version });
    const form = mar.locator('form.evaluation-inputs');
    await form.getByLabel(interpolate(e.inputs.scoreOf, { offer: offerCode(0), criterion: CRITERIA.prix })).fill('6');
    await form.getByRole('button', { name: e.inputs.save }).click();
    await form.getByText(/version 3/).waitFor(POLL);
    await form.getByRole('button', { name: fr.edit.reapply }).click();
    await mar.getByText(e.inputs.saved).waitFor(POLL);
    const [after] = (await ok('get', url)).evaluators;
    expect(after.version).toBe(4);
    const prix = after.inputs.assessments.find((a: { criterion: string }) => a.criterion === 'prix');
    expect(prix.scores[offers[0]?.id ?? '']).toBe(6);
    // The change made meanwhile stays.
    const delai = after.inputs.assessments.find((a: { criterion: string }) => a.criterion === 'delai');
    expect(delai.scores[offers[1]?.id ?? '']).toBe(8);
  }, 60_000);

  it("lets the programme's planner change the method, and the result follows", async () => {
    const form = mar.locator('form.evaluation-method');
    await form.getByLabel(e.methodForm.aggregation).selectOption('AIP');
    await form.getByLabel(e.methodForm.draws).fill('50');
    await form.getByRole('button', { name: e.methodForm.save }).click();
    // Fewer than 100 draws is refused, coded, beside the field, and nothing changes.
    await form.locator('.field.has-error').waitFor(POLL);
    expect((await ok('get', `/api/programmes/${programmeId}/evaluation`)).method.aggregation).toBe('AIJ');
    await form.getByLabel(e.methodForm.draws).fill('2000');
    await form.getByRole('button', { name: e.methodForm.save }).click();
    await mar.getByText(e.methodForm.saved).waitFor(POLL);
    await mar.getByText(interpolate(e.method, { aggregation: 'AIP' })).waitFor(POLL);
    await mar.getByText(interpolate(e.smaa.help, { draws: 2000, seed: 7 })).waitFor(POLL);
  }, 60_000);

  it('answers not found to a party that may not read the programme', async () => {
    await isr.goto(`/programmes/${programmeId}/evaluation`);
    await isr.getByText(fr.common.notFound).waitFor(POLL);
    expect(await isr.getByText(CRITERIA.tech).count()).toBe(0);
  }, 60_000);

  it("lays the demo's ATMOS evaluation out right to left in Hebrew, translated", async () => {
    const list = await ok('get', '/api/programmes');
    const atmos = list.items.find((p: { title: Record<string, string> }) => Object.values(p.title).join(' ').includes('ATMOS'));
    expect(atmos, 'the demo has the ATMOS programme').toBeTruthy();
    await mar.goto(`/programmes/${atmos.id}/evaluation`);
    await mar.locator('table.ranking-table').waitFor(POLL);
    await shot(mar, 'evaluation-atmos-fr');
    const { context, page } = await signedInPage(browser, server, 'mar.planner');
    try {
      await context.addInitScript(() => localStorage.setItem('jointplan.language', 'he'));
      await page.goto(`/programmes/${atmos.id}/evaluation`);
      await page.getByRole('heading', { level: 1, name: he.evaluation.title }).waitFor(POLL);
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'he']);
      for (const s of [
        he.evaluation.ranking.title,
        he.evaluation.flips.title,
        he.evaluation.smaa.title,
        he.evaluation.state.frozen,
      ])
        await page.getByText(s, { exact: true }).first().waitFor(POLL);
      // The current weight's bar grows from the right, as Hebrew reads.
      const bar = await page.locator('.flip-now').first().boundingBox();
      const track = await page.locator('.flip-track').first().boundingBox();
      expect(bar && track && Math.abs(bar.x + bar.width - (track.x + track.width))).toBeLessThan(1);
      await shot(page, 'evaluation-atmos-he');
    } finally {
      await context.close();
    }
  }, 90_000);
});
