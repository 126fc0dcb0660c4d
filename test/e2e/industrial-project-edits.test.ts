// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import { afterAll, describe, expect, it, vi } from 'vitest';
import arEdits from '../../web/src/i18n/industry-edits/ar.json' with { type: 'json' };
import frEdits from '../../web/src/i18n/industry-edits/fr.json' with { type: 'json' };
import arHistory from '../../web/src/i18n/industry-history/ar.json' with { type: 'json' };
import frHistory from '../../web/src/i18n/industry-history/fr.json' with { type: 'json' };
import arProcurement from '../../web/src/i18n/procurement/ar.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, expectAccessible, interpolate, POLL, pageInLanguage, signedInPage } from './helpers.js';

const fr = frProcurement.industry;
const ar = arProcurement.industry;
const fe = frEdits.industryEdits;
const ae = arEdits.industryEdits;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const run = Date.now().toString(36);

// Each test drives several writes through the page on a machine the suites share.
vi.setConfig({ testTimeout: 90_000 });

/**
 * Changing a project's parts from its page, in Chromium: Morocco's planner
 * moves a milestone's planned day (no longer late), records it reached (its
 * planned day then shows no field), corrects a transfer item's terms (the
 * form gone once the item is accepted), and changes a commitment of its own
 * party, a change made meanwhile being said and the project read again; in
 * Arabic the same forms are right to left and translated; a viewer sees none.
 */
describe.skipIf(!browserAvailable())("web app: changing an industrial project's parts in Chromium", () => {
  const suite = browserSuite();
  const contexts: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });
  let projectId = '';
  const title = `Site de production de Casablanca ${run}`;

  it("moves a milestone's planned day, then records it reached, in French", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    const made = await apiOk(page.request, 'post', '/api/industrial-projects', {
      title: { fr: title },
      kind: 'production_site',
      site: { place: 'Casablanca' },
      budget: { amount: '1000000.00', currency: 'MAD' },
      partners: [{ name: 'Royaume du Maroc', party: 'MAR', role: 'host_state', share: '100' }],
    });
    projectId = made.id;
    const m = await apiOk(page.request, 'post', `/api/industrial-projects/${projectId}/milestones`, {
      kind: 'groundbreaking',
      title: 'Première pierre',
      plannedOn: day(-10),
      version: made.version,
    });
    const tr = await apiOk(page.request, 'post', `/api/industrial-projects/${projectId}/transfers`, {
      what: 'Procédés',
      from: 'Industrie israélienne',
      to: 'Techniciens marocains',
      plannedOn: day(30),
      version: m.version,
    });
    await apiOk(page.request, 'post', `/api/industrial-projects/${projectId}/commitments`, {
      partnerId: made.partners[0].id,
      what: 'Terrain et raccordements',
      jobs: 50,
    });
    expect(tr.progress.state).toBe('late');

    await page.goto(`/industry/${projectId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor(POLL);
    const milestone = page.locator('ol.industry-timeline > li').first();
    await milestone.waitFor(POLL);
    expect(await milestone.getAttribute('class')).toBe('late');
    // The planned day moved: no longer due, no longer late.
    await milestone.getByLabel(interpolate(fe.plannedOn, { title: 'Première pierre' })).fill(day(20));
    await milestone.getByRole('button', { name: fr.milestoneForm.record }).click();
    await page.locator('ol.industry-timeline > li.planned').waitFor(POLL);
    const moved = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    expect(moved.milestones).toMatchObject([{ plannedOn: day(20), actualOn: null }]);
    expect(moved.progress.state).toBe('not_started');
    // Reached, its planned day is fixed: the field is gone.
    await milestone.getByLabel(interpolate(fr.milestoneForm.actualOn, { title: 'Première pierre' })).fill(day(-1));
    await milestone.getByRole('button', { name: fr.milestoneForm.record }).click();
    await page.locator('ol.industry-timeline > li.reached').waitFor(POLL);
    expect(await milestone.getByLabel(interpolate(fe.plannedOn, { title: 'Première pierre' })).count()).toBe(0);
    // The project's history tells both changes, newest first, the planned day with its value before and after.
    const history = page.locator('section[aria-labelledby="industry-history-heading"] ol.history > li');
    const changed = history.filter({ hasText: frHistory.industryHistory.actions.milestone_update });
    await changed.nth(1).waitFor(POLL);
    expect(await changed.count()).toBe(2);
    const dayMoved = changed.nth(1);
    const dayRow = dayMoved.locator('tr', { hasText: frHistory.industryHistory.fields.plannedOn });
    expect(await dayRow.locator('td').count()).toBe(2);
    // Days read as dates in the reader's language, not as ISO days.
    const frenchDay = (iso: string) =>
      new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
    expect(await dayRow.locator('td.new-value').innerText()).toBe(frenchDay(day(20)));
    expect(await dayMoved.textContent()).toContain('Première pierre');
  });

  it("corrects a transfer item's terms while it is not accepted, in French", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    await page.goto(`/industry/${projectId}`);
    const item = page.locator('ul.industry-transfers > li').first();
    await item.getByRole('button', { name: fe.terms.open }).click();
    const terms = page.locator('form.industry-transfer-terms-form');
    await terms.getByRole('heading', { name: fe.terms.heading }).waitFor(POLL);
    expect(await terms.getByLabel(fr.transferForm.what).inputValue()).toBe('Procédés');
    await terms.getByLabel(fr.transferForm.what).fill('Procédés d’usinage des optroniques');
    await terms.getByLabel(fr.transferForm.from, { exact: true }).fill('Elbit Systems');
    await terms.getByRole('button', { name: fe.terms.save }).click();
    await terms.waitFor({ state: 'detached', ...POLL });
    await page.locator('ul.industry-transfers > li', { hasText: 'Procédés d’usinage des optroniques' }).waitFor(POLL);
    const corrected = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    expect(corrected.transfers).toMatchObject([
      { what: 'Procédés d’usinage des optroniques', from: 'Elbit Systems', to: 'Techniciens marocains', plannedOn: day(30) },
    ]);
    // Accepted, its terms are no longer offered for correction.
    await item.getByLabel(interpolate(fr.transferForm.acceptedOn, { what: 'Procédés d’usinage des optroniques' })).fill(day(-1));
    await item.getByRole('button', { name: fr.transferForm.record }).click();
    await item.getByRole('button', { name: fe.terms.open }).waitFor({ state: 'detached', ...POLL });
  });

  it('changes a commitment of its own party, and says a change made meanwhile, in French', async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    await page.goto(`/industry/${projectId}`);
    await page.getByRole('button', { name: fr.commitmentForm.heading }).click();
    const form = page.locator('form.industry-commitment-form');
    await form.waitFor(POLL);
    const which = form.getByLabel(fe.commitment.which);
    const option = await which.locator('option', { hasText: 'Terrain et raccordements' }).getAttribute('value');
    await which.selectOption(option ?? '');
    await form.getByRole('heading', { name: fe.commitment.heading }).waitFor(POLL);
    expect(await form.getByLabel(fr.commitmentForm.what).inputValue()).toBe('Terrain et raccordements');
    await form.getByLabel(fr.commitmentForm.jobs).fill('80');
    await form.getByRole('button', { name: fe.commitment.save }).click();
    await form.getByText(fe.commitment.saved).waitFor(POLL);
    const read = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    const commitment = read.partners[0].commitments[0];
    expect(commitment).toMatchObject({ what: 'Terrain et raccordements', jobs: 80, version: 2 });

    // Changed meanwhile: the refusal says why, the page reads it again, and the change is sent again from it.
    await apiOk(page.request, 'patch', `/api/industrial-projects/${projectId}/commitments/${commitment.id}`, {
      what: 'Terrain, raccordements et voirie',
      version: commitment.version,
    });
    await form.getByLabel(fr.commitmentForm.dueBy).fill(day(200));
    await form.getByRole('button', { name: fe.commitment.save }).click();
    await form.getByRole('alert').waitFor(POLL);
    await page.locator('ul.commitments li', { hasText: 'Terrain, raccordements et voirie' }).waitFor(POLL);
    await form.getByRole('button', { name: fe.commitment.save }).click();
    await form.getByText(fe.commitment.saved).waitFor(POLL);
    const after = (await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`)).partners[0].commitments[0];
    // What this writer changed is sent again; the text written meanwhile, which it did not change, is kept.
    expect(await form.getByLabel(fr.commitmentForm.what).inputValue()).toBe('Terrain, raccordements et voirie');
    expect(after).toMatchObject({ what: 'Terrain, raccordements et voirie', dueBy: day(200), jobs: 80, version: 4 });
    await expectAccessible(page);
  });

  it('is right to left and translated in Arabic', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'ar');
    contexts.push(context);
    const read = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    await apiOk(page.request, 'post', `/api/industrial-projects/${projectId}/milestones`, {
      kind: 'first_article',
      title: 'First article',
      plannedOn: day(60),
      version: read.version,
    });
    const again = await apiOk(page.request, 'get', `/api/industrial-projects/${projectId}`);
    await apiOk(page.request, 'post', `/api/industrial-projects/${projectId}/transfers`, {
      what: 'Tooling',
      from: 'Elbit Systems',
      to: 'MAR',
      plannedOn: day(90),
      version: again.version,
    });
    await page.goto(`/industry/${projectId}`);
    const planned = page.getByLabel(interpolate(ae.plannedOn, { title: 'First article' }));
    await planned.waitFor(POLL);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const item = page.locator('ul.industry-transfers > li', { hasText: 'Tooling' });
    await item.getByRole('button', { name: ae.terms.open }).click();
    const terms = page.locator('form.industry-transfer-terms-form');
    await terms.getByRole('heading', { name: ae.terms.heading }).waitFor(POLL);
    expect(await terms.getByLabel(ar.transferForm.what).inputValue()).toBe('Tooling');
    await page.getByRole('button', { name: ar.commitmentForm.heading }).click();
    const form = page.locator('form.industry-commitment-form');
    await form.getByLabel(ae.commitment.which).selectOption({ index: 1 });
    await form.getByRole('heading', { name: ae.commitment.heading }).waitFor(POLL);
    expect(await form.getByRole('button', { name: ae.commitment.save }).count()).toBe(1);
    // The history names the changes just made in Arabic, the newest first.
    const history = page.locator('section[aria-labelledby="industry-history-heading"] ol.history > li');
    await history.first().waitFor(POLL);
    expect(await history.first().textContent()).toContain(arHistory.industryHistory.actions.transfer_add);
    expect(await history.filter({ hasText: arHistory.industryHistory.actions.milestone_add }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('shows none of these forms to a viewer', async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.viewer');
    contexts.push(context);
    await page.goto(`/industry/${projectId}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor(POLL);
    await page.locator('ol.industry-timeline > li').first().waitFor(POLL);
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.getByRole('button', { name: fe.terms.open }).count()).toBe(0);
  });
});
