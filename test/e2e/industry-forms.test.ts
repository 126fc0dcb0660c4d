// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import { afterAll, describe, expect, it } from 'vitest';
import arProcurement from '../../web/src/i18n/procurement/ar.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, expectAccessible, POLL, pageInLanguage, signedInPage } from './helpers.js';

const PROJECT = {
  title: { fr: 'Atelier de câblage de Nouaceur' },
  kind: 'production_site',
  site: { place: 'Nouaceur' },
  budget: { amount: '1000000.00', currency: 'MAD' },
  partners: [
    { name: 'Royaume du Maroc', party: 'MAR', role: 'host_state', share: '60' },
    { name: 'Industrie israélienne', party: 'ISR', role: 'technology_provider', share: '40' },
  ],
  releasableTo: ['ISR'],
};

/**
 * An industrial project's page in Chromium, as its writers and readers use it:
 * Morocco's planner takes Israel off a project where Israel had committed, and
 * the page lists Israel among the former partners with the day it left and the
 * commitment it keeps (in Arabic, right to left); the owner party's planner
 * moves a project to the next step the domain allows, and a reader of another
 * party sees no form.
 */
describe.skipIf(!browserAvailable())("web app: an industrial project's page and its forms in Chromium", () => {
  const suite = browserSuite();
  const contexts: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it('lists the partner that left, when it left and the commitment it keeps, in French and in Arabic', async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    const made = await apiOk(page.request, 'post', '/api/industrial-projects', PROJECT);
    const isr = made.partners.find((p: { party: string }) => p.party === 'ISR');
    const mar = made.partners.find((p: { party: string }) => p.party === 'MAR');
    await apiOk(page.request, 'post', `/api/industrial-projects/${made.id}/commitments`, {
      partnerId: isr.id,
      what: 'Former les câbleurs du site',
      releasableTo: ['MAR'],
    });
    const left = await apiOk(page.request, 'put', `/api/industrial-projects/${made.id}/partners`, {
      partners: [{ ...mar, share: '100', commitments: undefined }],
      version: made.version,
    });
    expect(left.formerPartners.map((p: { party: string }) => p.party)).toEqual(['ISR']);

    await page.goto(`/industry/${made.id}`);
    const former = page.locator('section.industry-former-partners');
    await page.getByRole('heading', { level: 2, name: frProcurement.industry.formerPartners }).waitFor(POLL);
    const row = former.locator('tbody tr');
    expect(await row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('Industrie israélienne');
    expect(text).toContain('Former les câbleurs du site');
    expect(await row.locator('time').getAttribute('datetime')).toBe(left.formerPartners[0].leftAt);
    // The current partners no longer list Israel.
    expect(await page.locator('section.industry-partners').innerText()).not.toContain('Industrie israélienne');
    await expectAccessible(page);

    const ar = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'ar');
    contexts.push(ar.context);
    await ar.page.goto(`/industry/${made.id}`);
    await ar.page.getByRole('heading', { level: 2, name: arProcurement.industry.formerPartners }).waitFor(POLL);
    expect(await ar.page.locator('html').getAttribute('dir')).toBe('rtl');
  });

  it("lets the owner party's planner move the project to the next step only, and shows no form to a reader who may not", async () => {
    const { context, page } = await signedInPage(suite.browser, suite.server, 'mar.planner');
    contexts.push(context);
    const made = await apiOk(page.request, 'post', '/api/industrial-projects', {
      ...PROJECT,
      title: { fr: 'Banc de test de Nouaceur' },
    });
    await page.goto(`/industry/${made.id}`);
    const form = page.locator('form.industry-moves');
    await form.waitFor(POLL);
    const choices = await form.locator('select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(choices).toEqual(['agreed', 'closed']);
    await form.getByRole('button', { name: frProcurement.industry.status.agreed }).click();
    await page.locator('.badge', { hasText: frProcurement.industry.status.agreed }).first().waitFor(POLL);
    const read = await apiOk(page.request, 'get', `/api/industrial-projects/${made.id}`);
    expect(read).toMatchObject({ status: 'agreed', version: made.version + 1 });
    expect(await form.locator('select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([
      'under_construction',
      'suspended',
      'closed',
    ]);

    // Israel's planner reads the project (it is released to Israel) but does not own it: no move, no edit.
    // As a partner's planner it writes follow-ups, and commitments of its own party.
    const isr = await signedInPage(suite.browser, suite.server, 'isr.planner');
    contexts.push(isr.context);
    await isr.page.goto(`/industry/${made.id}`);
    await isr.page.getByRole('heading', { level: 1, name: 'Banc de test de Nouaceur' }).waitFor(POLL);
    await isr.page.locator('form.follow-up-form').waitFor(POLL);
    expect(await isr.page.locator('form').count()).toBe(1);
    expect(await isr.page.locator('.section-actions button').allInnerTexts()).toEqual([
      frProcurement.industry.commitmentForm.heading,
    ]);
  });
});
