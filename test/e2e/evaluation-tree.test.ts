// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import arMain from '../../web/src/i18n/ar.json' with { type: 'json' };
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import arProcurement from '../../web/src/i18n/procurement/ar.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import { programmeInEvaluation } from '../support/e2e-procurement.js';
import { browserAvailable, type RunningServer } from './browser.js';
import { apiOk, expectAccessible, interpolate, openBrowser, POLL, SHOTS, shot, signedInPage } from './helpers.js';

const fr = { ...frMain, ...frProcurement };
const ar = { ...arMain, ...arProcurement };
const e = fr.evaluation;
const SUPPLIER = 'Fournisseur arbre E2E';
const SYSTEM = 'Obusier arbre E2E';
const NAMES = { tech: 'Technique arbre', range: 'Portée arbre', rate: 'Cadence arbre', price: 'Prix arbre' };

/**
 * The evaluation workspace built from the page alone: MAR's planner, also the
 * evaluation's evaluator, builds the criteria tree (a top weighted pairwise by
 * every evaluator, a criterion whose sub-criteria are weighted directly),
 * sees a refusal beside the criterion it is about, saves; then, as evaluator,
 * compares the offers pairwise on one leaf and sees the consistency ratio and
 * the most inconsistent pair as they edit, scores the other leaves, and sees
 * the ranking, offers named by their code in the reader's language with their
 * supplier. In Arabic the page reads right to left; once the programme moves
 * to selected, the tree is frozen and no longer editable.
 */
describe.skipIf(!browserAvailable())('web app: planners build the criteria tree, evaluators compare offers pairwise', () => {
  let server: RunningServer;
  let browser: Browser;
  let mar: Page;
  let programmeId = '';
  let offers: { id: string; name: string }[] = [];
  const url = () => `/api/programmes/${programmeId}/evaluation`;

  const ok = (method: 'get' | 'post' | 'patch' | 'put', path: string, data?: object) => apiOk(mar.request, method, path, data);

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page: mar } = await signedInPage(browser, server, 'mar.planner'));
    programmeId = await programmeInEvaluation(mar.request, {
      supplier: SUPPLIER,
      system: SYSTEM,
      fields: { title: { fr: 'Arbre des critères E2E' } },
      quantity: 12,
      budget: '100.00',
      prices: ['40.00', '50.00', '45.00'].map((amount) => ({ unit: amount, total: amount })),
    });
    let evaluation = await ok('get', url());
    evaluation = await ok('patch', url(), {
      version: evaluation.version,
      method: { aggregation: 'AIJ', randomIndex: 'saaty', smaa: { draws: 1000, seed: 11 } },
    });
    const me = await ok('get', '/api/me');
    evaluation = await ok('post', `${url()}/evaluators`, { userId: me.id, version: evaluation.version });
    offers = evaluation.offers;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const code = (i: number) => interpolate(e.offerCode, { n: i + 1 });

  it('builds a tree with a pairwise top and a directly weighted criterion, a refusal shown beside its criterion', async () => {
    expect(offers.map((o) => o.name)).toEqual(['O1', 'O2', 'O3']);
    await mar.goto(`/programmes/${programmeId}/evaluation`);
    const form = mar.locator('form.evaluation-criteria-form');
    await form.getByText(e.tree.empty).waitFor(POLL);
    const name = (number: string) => form.getByLabel(interpolate(e.tree.name, { number }), { exact: true });
    await form.getByRole('button', { name: e.tree.addTop }).click();
    await form.getByRole('button', { name: e.tree.addTop }).click();
    await name('1').fill(NAMES.tech);
    // The second criterion left unnamed: refused, coded, beside it, and nothing saved.
    await form.getByRole('button', { name: e.tree.save }).click();
    await form
      .locator('.field.has-error')
      .filter({ has: mar.getByLabel(interpolate(e.tree.name, { number: '2' }), { exact: true }) })
      .waitFor(POLL);
    expect((await ok('get', url())).criteria).toBeNull();
    await name('2').fill(NAMES.price);
    // Named, the criterion is no longer pointed out.
    expect(await form.locator('.field.has-error').count()).toBe(0);
    await form.getByRole('button', { name: interpolate(e.tree.addSubOf, { name: NAMES.tech }) }).click();
    await form.getByRole('button', { name: interpolate(e.tree.addSubOf, { name: NAMES.tech }) }).click();
    await name('1.1').fill(NAMES.rate);
    await name('1.2').fill(NAMES.range);
    // Reordered: range before rate.
    await form.getByRole('button', { name: interpolate(e.tree.upOf, { name: NAMES.range }) }).click();
    expect(await name('1.1').inputValue()).toBe(NAMES.range);
    await form.getByLabel(interpolate(e.tree.weighting, { name: NAMES.tech })).selectOption('direct');
    await form.getByLabel(interpolate(e.tree.weight, { name: NAMES.range })).fill('3');
    await form.getByLabel(interpolate(e.tree.weight, { name: NAMES.rate })).fill('1');
    // Shown normalised as typed.
    await form.getByText(/^75\s?%/).waitFor(POLL);
    await form.getByText(/^25\s?%/).waitFor(POLL);
    await shot(mar, 'evaluation-tree-fr');
    await form.getByRole('button', { name: e.tree.save }).click();
    await mar.getByText(e.tree.saved).waitFor(POLL);
    const saved = (await ok('get', url())).criteria;
    expect(saved.weighting).toEqual({ kind: 'pairwise' });
    expect(saved.items.map((i: { name: string }) => i.name)).toEqual([NAMES.tech, NAMES.range, NAMES.rate, NAMES.price]);
    const tech = saved.items[0];
    expect(tech.weighting).toEqual({ kind: 'direct', weights: { [saved.items[1].id]: 3, [saved.items[2].id]: 1 } });
  }, 120_000);

  it('lets the evaluator compare the offers pairwise on a leaf with the consistency computed live, and ranks them', async () => {
    const form = mar.locator('form.evaluation-inputs');
    await form.waitFor(POLL);
    // The weights the planners gave are shown, not asked: no evaluator compares those sub-criteria.
    expect(await form.locator('.direct-weights').innerText()).toMatch(
      new RegExp(`${NAMES.tech}.*${NAMES.range} 75\\s?%.*${NAMES.rate} 25\\s?%`),
    );
    expect(await form.getByLabel(interpolate(e.pairwise.cell, { a: NAMES.range, b: NAMES.rate })).count()).toBe(0);
    await form.getByLabel(interpolate(e.pairwise.cell, { a: NAMES.tech, b: NAMES.price })).selectOption('2');
    await form.getByLabel(interpolate(e.inputs.assessedBy, { criterion: NAMES.range })).selectOption('pairwise');
    const cell = (a: number, b: number) =>
      form.getByLabel(interpolate(e.pairwise.offerCell, { a: code(a), b: code(b), criterion: NAMES.range }));
    const grid = form.locator('.pairwise').filter({ hasText: interpolate(e.inputs.offersGrid, { criterion: NAMES.range }) });
    await grid.getByText(e.pairwise.unlinkedOffers).waitFor(POLL);
    // O1 3 times O2, O2 3 times O3, but O3 5 times O1: a cycle, flagged, the pair to look at pointed out.
    await cell(0, 1).selectOption('3');
    await cell(1, 2).selectOption('3');
    await cell(0, 2).selectOption('1/5');
    const consistency = grid.locator('.consistency');
    await consistency.getByText(interpolate(e.pairwise.crFlagged, { cr: '1,767', lambda: '4,838' })).waitFor(POLL);
    expect(await consistency.innerText()).toContain(
      interpolate(e.pairwise.worst, { a: code(0), b: code(1), given: '3', implied: '0,843' }),
    );
    expect(await grid.locator('td.inconsistent').count()).toBe(2);
    await shot(mar, 'evaluation-offers-pairwise-fr');
    await cell(0, 2).selectOption('5');
    await consistency.getByText(interpolate(e.pairwise.cr, { cr: '0,037', lambda: '3,039' })).waitFor(POLL);
    const scores = { [NAMES.rate]: ['6', '4', '5'], [NAMES.price]: ['5', '3', '4'] };
    for (const [criterion, values] of Object.entries(scores))
      for (const [i, value] of values.entries())
        await form.getByLabel(interpolate(e.inputs.scoreOf, { offer: code(i), criterion })).fill(value);
    await form.getByRole('button', { name: e.inputs.save }).click();
    await mar.getByText(e.inputs.saved).waitFor(POLL);
    const ranking = mar.locator('table.ranking-table');
    await ranking.waitFor(POLL);
    // The first offer leads everywhere; it is named by its code in French, its supplier and system beside it.
    expect(await ranking.locator('tbody tr').first().locator('th').innerText()).toBe(
      interpolate(e.offerWith, { offer: code(0), who: `${SUPPLIER}, ${SYSTEM}` }),
    );
    const [me] = (await ok('get', url())).evaluators;
    const range = me.inputs.assessments.find((a: { kind: string }) => a.kind === 'pairwise');
    expect(range.judgments).toEqual([
      { a: offers[0]?.id, b: offers[1]?.id, value: 3 },
      { a: offers[0]?.id, b: offers[2]?.id, value: 5 },
      { a: offers[1]?.id, b: offers[2]?.id, value: 3 },
    ]);
    await shot(mar, 'evaluation-tree-ranked-fr');
    await expectAccessible(mar);
  }, 120_000);

  it('says when the evaluation was changed meanwhile, and saves the tree again onto the newer version', async () => {
    const before = await ok('get', url());
    // Elsewhere, the method changes: a newer version of the evaluation.
    await ok('patch', url(), {
      version: before.version,
      method: { ...before.method, smaa: { ...before.method.smaa, seed: 12 } },
    });
    const form = mar.locator('form.evaluation-criteria-form');
    await form.getByLabel(interpolate(e.tree.name, { number: '2' }), { exact: true }).fill(`${NAMES.price} (TTC)`);
    await form.getByRole('button', { name: e.tree.save }).click();
    await form
      .getByText(/version \d+/)
      .first()
      .waitFor(POLL);
    await form.getByRole('button', { name: fr.edit.reapply }).click();
    await mar.getByText(e.tree.saved).waitFor(POLL);
    const after = await ok('get', url());
    expect(after.criteria.items.at(-1).name).toBe(`${NAMES.price} (TTC)`);
    // The change made meanwhile stays.
    expect(after.method.smaa.seed).toBe(12);
    // The documents, in the reader's language.
    for (const link of [e.documents.report, e.documents.workbook])
      expect(await mar.getByRole('link', { name: link }).getAttribute('href')).toMatch(/\?lang=fr$/);
  }, 60_000);

  it("records the evaluator's scores from the workbook in their language, and shows a refused one's problems by cell", async () => {
    const link = mar.getByRole('link', { name: e.documents.workbook });
    const res = await mar.request.fetch((await link.getAttribute('href')) ?? '');
    expect(res.ok()).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const scores = wb.getWorksheet('Scores');
    if (!scores) throw new Error('no Scores sheet');
    const heads = scores.getRow(1).values as unknown[];
    expect(heads.slice(-3)).toEqual([code(0), code(1), code(2)]);
    const rate = (scores.getSheetValues() as unknown[][]).findIndex((row) => row?.includes(NAMES.rate));
    scores.getCell(rate, heads.indexOf(code(2))).value = 9;
    const file = `${SHOTS}evaluation-scores-fr.xlsx`;
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    const form = mar.locator('form').filter({ has: mar.getByRole('heading', { name: e.documents.upload }) });
    await form.getByLabel(fr.import.file).setInputFiles(file);
    await form.getByRole('button', { name: e.documents.uploadSubmit }).click();
    await form.getByText(e.documents.uploaded).waitFor(POLL);
    const now = await ok('get', url());
    const rateId = now.criteria.items.find((i: { name: string }) => i.name === NAMES.rate).id;
    const [me] = now.evaluators;
    const recorded = me.inputs.assessments.find((a: { criterion: string }) => a.criterion === rateId);
    expect(recorded.scores).toEqual({ [offers[0]?.id ?? '']: 6, [offers[1]?.id ?? '']: 4, [offers[2]?.id ?? '']: 9 });
    // A workbook downloaded again, a heading naming no offer: refused, its cell named, nothing recorded.
    const again = new ExcelJS.Workbook();
    await again.xlsx.load(
      (await (await mar.request.fetch((await link.getAttribute('href')) ?? '')).body()) as unknown as ArrayBuffer,
    );
    const sheet = again.getWorksheet('Scores');
    if (!sheet) throw new Error('no Scores sheet');
    sheet.getCell(1, heads.indexOf(code(2))).value = interpolate(e.offerCode, { n: 9 });
    const bad = `${SHOTS}evaluation-scores-fr-bad.xlsx`;
    writeFileSync(bad, Buffer.from(await again.xlsx.writeBuffer()));
    await form.getByLabel(fr.import.file).setInputFiles(bad);
    await form.getByRole('button', { name: e.documents.uploadSubmit }).click();
    const problem = form.locator('table.import-problems tbody tr').first();
    await problem.waitFor(POLL);
    expect(await problem.locator('td').nth(1).innerText()).toBe('1');
    expect(await problem.locator('td').nth(2).innerText()).toBe(interpolate(e.offerCode, { n: 9 }));
    expect((await ok('get', url())).evaluators[0].version).toBe(me.version);
  }, 60_000);

  it('reads right to left in Arabic, offers and tree in Arabic, and live consistency there too', async () => {
    const { context, page } = await signedInPage(browser, server, 'mar.planner');
    try {
      await context.addInitScript(() => localStorage.setItem('jointplan.language', 'ar'));
      await page.goto(`/programmes/${programmeId}/evaluation`);
      await page.getByRole('heading', { level: 1, name: ar.evaluation.title }).waitFor(POLL);
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
      const first = interpolate(ar.evaluation.offerCode, { n: 1 });
      await page.locator('table.ranking-table tbody tr').first().locator('th').getByText(first).waitFor(POLL);
      const form = page.locator('form.evaluation-criteria-form');
      await form.getByRole('heading', { name: ar.evaluation.tree.title }).waitFor(POLL);
      expect(await form.getByLabel(interpolate(ar.evaluation.tree.name, { number: '1.1' }), { exact: true }).inputValue()).toBe(
        NAMES.range,
      );
      // The evaluator's grid of the offers: a cell changed shows the ratio at once.
      const inputs = page.locator('form.evaluation-inputs');
      const cell = inputs.getByLabel(
        interpolate(ar.evaluation.pairwise.offerCell, {
          a: first,
          b: interpolate(ar.evaluation.offerCode, { n: 3 }),
          criterion: NAMES.range,
        }),
      );
      await cell.selectOption('1/5');
      await inputs.locator('.consistency.flagged').first().waitFor(POLL);
      // The tree's nesting indents from the right: a sub-criterion's row ends left of its parent's.
      const outer = await form.locator('.criteria-tree > li > .tree-row').first().boundingBox();
      const inner = await form.locator('.criteria-tree .criteria-tree > li > .tree-row').first().boundingBox();
      expect(outer && inner && outer.x + outer.width - (inner.x + inner.width)).toBeGreaterThan(20);
      expect(await page.getByRole('link', { name: ar.evaluation.documents.workbook }).getAttribute('href')).toMatch(/\?lang=ar$/);
      await shot(page, 'evaluation-tree-ar');
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('shows the tree frozen, no longer editable, once the programme moves to selected', async () => {
    await ok('post', `/api/programmes/${programmeId}/transitions`, { to: 'selected', offerId: offers[0]?.id });
    await mar.goto(`/programmes/${programmeId}/evaluation`);
    await mar.getByText(e.state.frozen).first().waitFor(POLL);
    await mar.locator('table.ranking-table').waitFor(POLL);
    expect(await mar.locator('form.evaluation-criteria-form').count()).toBe(0);
    expect(await mar.getByRole('button', { name: e.tree.save }).count()).toBe(0);
    const frozen = await ok('get', url());
    const res = await mar.request.fetch(url(), {
      method: 'patch',
      data: {
        version: frozen.version,
        criteria: { weighting: { kind: 'pairwise' }, items: [{ id: 'x', name: 'X', parent: null }] },
      },
    });
    expect(res.status()).toBeGreaterThanOrEqual(400);
    expect((await ok('get', url())).criteria).toEqual(frozen.criteria);
  }, 60_000);
});
