// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import { beforeAll, describe, expect, it } from 'vitest';
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import frProblems from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import { programmeInEvaluation } from '../support/e2e-procurement.js';
import { browserAvailable } from './browser.js';
import { apiOk, interpolate, POLL, plannerAndViewerSuite, shot } from './helpers.js';

const fr = { ...frMain, ...frProcurement };
const e = fr.evaluation;
const CRITERION = 'Critère réservé E2E';

/**
 * An evaluation's own label in Chromium: MAR's planner tries a label looser
 * than the programme's and is refused beside the field, then keeps the
 * evaluation CONFIDENTIAL while the programme is RESTRICTED. MAR's viewer
 * (cleared RESTRICTED) still reads the programme but finds no evaluation, as
 * if there were none; the planner takes the label back and the viewer reads it.
 */
describe.skipIf(!browserAvailable())('web app: an evaluation more restricted than its programme', () => {
  const suite = plannerAndViewerSuite();
  let programmeId = '';
  const title = 'Programme au marquage E2E';

  const ok = (method: 'get' | 'post' | 'patch', url: string, data?: object) => apiOk(suite.planner.request, method, url, data);

  beforeAll(async () => {
    programmeId = await programmeInEvaluation(suite.planner.request, {
      supplier: 'Fournisseur marquage E2E',
      system: 'Système marquage E2E',
      fields: { title: { fr: title }, classification: 'RESTRICTED', releasableTo: [], compartments: [] },
      quantity: 2,
      budget: '10.00',
      prices: [{ unit: '4.00', total: '8.00' }],
    });
    const url = `/api/programmes/${programmeId}/evaluation`;
    const evaluation = await ok('get', url);
    await ok('patch', url, {
      version: evaluation.version,
      criteria: { weighting: { kind: 'direct', weights: { c1: 1 } }, items: [{ id: 'c1', name: CRITERION, parent: null }] },
    });
  }, 240_000);

  const form = () => suite.planner.locator('form.evaluation-label');

  it('refuses a label looser than the programme’s beside the field, coded, and changes nothing', async () => {
    await suite.planner.goto(`/programmes/${programmeId}/evaluation`);
    await suite.planner.getByRole('heading', { level: 1, name: e.title }).waitFor(POLL);
    expect(await suite.planner.getByText(e.labelForm.stricter).count()).toBe(0);
    await form().getByLabel(e.labelForm.own).check();
    await form().getByLabel(fr.labelFields.classification).selectOption('UNCLASSIFIED');
    await form().getByRole('button', { name: e.labelForm.save }).click();
    await form()
      .getByText(interpolate(frProblems.evaluation.label_looser, { count: 1 }))
      .waitFor(POLL);
    const field = form().locator('.field.has-error');
    await field.waitFor(POLL);
    expect(await field.innerText()).toContain(frProblems.evaluation.label_below_programme.split('{{')[0]?.trim());
    const read = await ok('get', `/api/programmes/${programmeId}/evaluation`);
    expect(read.label).toMatchObject({ own: false, classification: 'RESTRICTED' });
    await shot(suite.planner, 'evaluation-label-refused');
  }, 60_000);

  it('keeps the evaluation from a reader of the programme, who finds it missing, until the label is taken back', async () => {
    await form().getByLabel(fr.labelFields.classification).selectOption('CONFIDENTIAL');
    await form().getByRole('button', { name: e.labelForm.save }).click();
    await suite.planner.getByText(e.labelForm.saved).waitFor(POLL);
    await suite.planner.getByText(e.labelForm.stricter).waitFor(POLL);
    expect(await suite.planner.locator('.evaluation-own-label .record-marking').innerText()).toContain(
      fr.classification.CONFIDENTIAL,
    );
    const read = await ok('get', `/api/programmes/${programmeId}/evaluation`);
    expect(read.label).toMatchObject({ own: true, classification: 'CONFIDENTIAL' });
    await shot(suite.planner, 'evaluation-label-own');

    // MAR's viewer reads the programme, not its evaluation: the page says it is not there, like a missing record.
    await suite.viewer.goto(`/programmes/${programmeId}`);
    await suite.viewer.getByText(title).first().waitFor(POLL);
    await suite.viewer.goto(`/programmes/${programmeId}/evaluation`);
    await suite.viewer.getByText(fr.common.notFound).waitFor(POLL);
    expect(await suite.viewer.getByText(CRITERION).count()).toBe(0);
    expect(await suite.viewer.getByRole('heading', { level: 1, name: e.title }).count()).toBe(0);
    const missing = await suite.viewer.goto(`/programmes/00000000-0000-4000-8000-000000000000/evaluation`);
    expect(missing).toBeTruthy();
    await suite.viewer.getByText(fr.common.notFound).waitFor(POLL);

    // Taken back to the programme's label, the viewer reads it.
    await form().getByLabel(e.labelForm.own).uncheck();
    await form().getByRole('button', { name: e.labelForm.save }).click();
    await suite.planner.getByText(e.labelForm.saved).waitFor(POLL);
    await suite.viewer.goto(`/programmes/${programmeId}/evaluation`);
    await suite.viewer.getByRole('heading', { level: 1, name: e.title }).waitFor(POLL);
    await suite.viewer.getByText(CRITERION).first().waitFor(POLL);
    // A viewer plans nothing: no form to change who reads it.
    expect(await suite.viewer.locator('form.evaluation-label').count()).toBe(0);
  }, 90_000);
});
