// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import { afterAll, describe, expect, it } from 'vitest';
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import frProgress from '../../web/src/i18n/industry-progress/fr.json' with { type: 'json' };
import arProcurement from '../../web/src/i18n/procurement/ar.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, expectAccessible, interpolate, POLL, pageInLanguage, signedInPage } from './helpers.js';

const fr = frProcurement.industry;
const ar = arProcurement.industry;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const run = Date.now().toString(36);
/** Text as read, with the no-break spaces French puts before a percent sign as plain ones. */
const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/**
 * The forms an industrial-cooperation officer needs on the projects' pages, in
 * Chromium: Morocco's planner proposes a project from the list (in French),
 * sets three partners whose shares are refused before sending while they do
 * not add up to 100 % and saved once they do, plans a milestone and records
 * the day it was reached, plans a technology-transfer item and writes a
 * follow-up; a change made meanwhile is said and the project read again; in
 * Arabic the page is right to left with its forms translated; a viewer sees
 * no form.
 */
describe.skipIf(!browserAvailable())("web app: an industrial project's forms in Chromium", () => {
  const suite = browserSuite();
  const contexts: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });
  let projectId = '';
  const title = `Centre de maintenance de Benslimane ${run}`;

  it('proposes a project, sets three partners with shares adding up to 100 %, plans a milestone and a transfer, writes a follow-up', async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    await page.goto('/industry');
    await page.getByRole('button', { name: fr.create.open }).click();
    const create = page.locator('form', { has: page.getByRole('heading', { name: fr.create.heading }) });
    await create.waitFor(POLL);
    await create.getByLabel(interpolate(frProcurement.programmes.create.titleIn, { lang: 'FR' })).fill(title);
    await create.getByLabel(fr.list.kind).selectOption('maintenance_centre');
    await create.getByLabel(fr.form.place).fill('Benslimane');
    await create.getByLabel(fr.form.latitude).fill('33,62');
    // One coordinate without the other is refused beside its field, by the API's own schema.
    await create.getByRole('button', { name: fr.create.save }).click();
    await create.locator('.field.has-error').first().waitFor(POLL);
    await create.getByLabel(fr.form.longitude).fill('-7.12');
    await create.getByLabel(fr.budget, { exact: true }).fill('250000000');
    await create.getByLabel(fr.form.jobsPlanned).fill('400');
    await create.getByLabel(fr.form.localContentPlanned).fill('35,5');
    await create.getByRole('checkbox', { name: 'ISR' }).check();
    await create.getByRole('checkbox', { name: 'USA' }).check();
    await create.getByRole('button', { name: fr.create.save }).click();
    await page.waitForURL(/\/industry\/[^/?]+$/, POLL);
    await page.getByRole('heading', { level: 1, name: title }).waitFor(POLL);
    projectId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const made = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    expect(made).toMatchObject({
      kind: 'maintenance_centre',
      site: { place: 'Benslimane', latitude: 33.62, longitude: -7.12 },
      budget: { amount: '250000000.00', currency: 'MAD' },
      jobsPlanned: 400,
      localContentPlanned: '35.50',
      releasableTo: ['ISR', 'USA'],
      partners: [{ party: 'MAR', role: 'prime', share: '100.00' }],
    });

    // Three partners: 33.33 × 3 is refused before anything is sent, with the running sum beside it.
    await page.getByRole('button', { name: fr.partnersForm.open }).click();
    const partners = page.locator('form.industry-partners-form');
    await partners.waitFor(POLL);
    await partners.getByRole('button', { name: fr.partnersForm.add }).click();
    await partners.getByRole('button', { name: fr.partnersForm.add }).click();
    const rows = partners.locator('fieldset.industry-partner-row');
    expect(await rows.count()).toBe(3);
    await rows.nth(1).getByLabel(fr.partnersForm.party).selectOption('ISR');
    await rows.nth(1).getByLabel(fr.partnersForm.name).fill('Industrie israélienne');
    await rows.nth(1).getByLabel(fr.role.title).selectOption('technology_provider');
    await rows.nth(2).getByLabel(fr.partnersForm.party).selectOption('USA');
    await rows.nth(2).getByLabel(fr.partnersForm.name).fill('États-Unis');
    await rows.nth(2).getByLabel(fr.role.title).selectOption('financing_party');
    for (const i of [0, 1, 2]) await rows.nth(i).getByLabel(fr.partnersForm.share).fill('33,33');
    const sum = partners.locator('.share-sum');
    expect(flat(await sum.innerText())).toBe(flat(interpolate(fr.partnersForm.sum, { sum: '99,99 %' })));
    await partners.getByRole('button', { name: fr.partnersForm.save }).click();
    await partners.getByRole('alert').waitFor(POLL);
    expect(flat(await partners.getByRole('alert').innerText())).toBe(
      flat(interpolate(fr.partnersForm.sumWrong, { sum: '99,99 %', full: '100 %' })),
    );
    expect((await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`)).version).toBe(made.version);
    await rows.nth(0).getByLabel(fr.partnersForm.share).fill('33,34');
    expect(flat(await sum.innerText())).toBe(flat(interpolate(fr.partnersForm.sum, { sum: '100 %' })));
    await partners.getByRole('button', { name: fr.partnersForm.save }).click();
    await partners.waitFor({ state: 'detached', ...POLL });
    const table = page.locator('table.industry-partners-table').first();
    expect(await table.locator('tbody tr').count()).toBe(3);
    const shared = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    expect(shared.partners.map((x: { party: string; share: string }) => [x.party, x.share])).toEqual([
      ['MAR', '33.34'],
      ['ISR', '33.33'],
      ['USA', '33.33'],
    ]);

    // A milestone planned, then reached.
    await page.getByRole('button', { name: fr.milestoneForm.heading }).click();
    const milestone = page.locator('form.industry-milestone-form');
    await milestone.getByLabel(fr.milestoneForm.title).fill('Première pierre');
    await milestone.getByLabel(fr.milestoneForm.plannedOn).fill(day(-10));
    await milestone.getByRole('button', { name: fr.milestoneForm.save }).click();
    await milestone.waitFor({ state: 'detached', ...POLL });
    const timeline = page.locator('ol.industry-timeline > li');
    await timeline.first().waitFor(POLL);
    expect(await timeline.first().innerText()).toContain('Première pierre');
    await timeline
      .first()
      .getByLabel(interpolate(fr.milestoneForm.actualOn, { title: 'Première pierre' }))
      .fill(day(-8));
    await timeline.first().getByRole('button', { name: fr.milestoneForm.record }).click();
    await page.locator('ol.industry-timeline > li.reached').waitFor(POLL);

    // A technology-transfer item.
    await page.getByRole('button', { name: fr.transferForm.heading }).click();
    const transfer = page.locator('form.industry-transfer-form');
    await transfer.getByLabel(fr.transferForm.what).fill('Procédés de révision des moteurs');
    await transfer.getByLabel(fr.transferForm.from, { exact: true }).fill('Industrie israélienne');
    await transfer.getByLabel(fr.transferForm.to, { exact: true }).fill('Royaume du Maroc');
    await transfer.getByLabel(fr.transferForm.plannedOn).fill(day(90));
    await transfer.getByRole('button', { name: fr.transferForm.save }).click();
    await transfer.waitFor({ state: 'detached', ...POLL });
    await page.locator('ul.industry-transfers li', { hasText: 'Procédés de révision des moteurs' }).waitFor(POLL);

    // A follow-up, written and listed on the page.
    await page.getByLabel(frMain.followUp.body).fill('Visite du site avec les partenaires');
    await page.getByRole('button', { name: frMain.followUp.add }).click();
    await page.locator('li.follow-up', { hasText: 'Visite du site avec les partenaires' }).waitFor(POLL);
    const followUps = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}/follow-ups`);
    expect(followUps.items.map((f: { body: string }) => f.body)).toEqual(['Visite du site avec les partenaires']);

    const after = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    expect(after.milestones).toMatchObject([{ kind: 'groundbreaking', plannedOn: day(-10), actualOn: day(-8) }]);
    expect(after.transfers).toMatchObject([{ from: 'Industrie israélienne', to: 'Royaume du Maroc', acceptedOn: null }]);
    await expectAccessible(page);
  });

  it('says a change made meanwhile and reads the project again', async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    await page.goto(`/industry/${projectId}`);
    await page.getByRole('button', { name: fr.edit.open }).click();
    const edit = page.locator('form', { has: page.getByRole('heading', { name: fr.edit.heading }) });
    await edit.getByLabel(fr.form.jobsCreated).fill('25');
    const read = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    await apiOk(page.request, 'patch', `/api/industrial-projects/${projectId}`, { jobsCreated: 10, version: read.version });
    await edit.getByRole('button', { name: fr.edit.save }).click();
    await edit.getByRole('alert').waitFor(POLL);
    // The page reads the project again: the figure written meanwhile shows, and the change is sent again from it.
    await page.locator('.industry-facts dd', { hasText: '10 / 400' }).waitFor(POLL);
    await edit.getByRole('button', { name: fr.edit.save }).click();
    await edit.waitFor({ state: 'detached', ...POLL });
    expect((await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`)).jobsCreated).toBe(25);
  });

  it('is right to left and translated in Arabic', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'ar');
    contexts.push(context);
    await page.goto(`/industry/${projectId}`);
    await page.getByRole('button', { name: ar.partnersForm.open }).waitFor(POLL);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('button', { name: ar.partnersForm.open }).click();
    const partners = page.locator('form.industry-partners-form');
    await partners.getByRole('heading', { name: ar.partnersForm.heading }).waitFor(POLL);
    expect(await partners.locator('.share-sum').innerText()).toContain(ar.partnersForm.sum.split(':')[0]);
    for (const text of [ar.edit.open, ar.milestoneForm.heading, ar.transferForm.heading])
      expect(await page.getByRole('button', { name: text }).count()).toBe(1);
    await expectAccessible(page);
  });

  it('shows no form to a viewer', async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.viewer');
    contexts.push(context);
    await page.goto('/industry');
    await page.getByRole('heading', { level: 1, name: frProgress.industry.title }).waitFor(POLL);
    expect(await page.getByRole('button', { name: fr.create.open }).count()).toBe(0);
    await page.goto(`/industry/${projectId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor(POLL);
    await page.locator('li.follow-up').first().waitFor(POLL);
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.locator('.section-actions button').count()).toBe(0);
  });
});
