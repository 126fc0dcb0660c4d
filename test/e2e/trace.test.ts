// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDUSTRIAL_PROJECTS } from '../../src/demo/demo.industry.js';
import { ATMOS } from '../../src/demo/demo.programmes.js';
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import frOffsets from '../../web/src/i18n/offsets/fr.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import heProcurement from '../../web/src/i18n/procurement/he.json' with { type: 'json' };
import frTrace from '../../web/src/i18n/trace/fr.json' with { type: 'json' };
import heTrace from '../../web/src/i18n/trace/he.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { apiOk, expectAccessible, openBrowser, POLL, pageInLanguage, shot, signedInPage } from './helpers.js';

const fr = { ...frTrace.trace, link: frProcurement.trace.link, ledgerLink: frProcurement.trace.ledgerLink };
const he = { ...heTrace.trace, ledgerLink: heProcurement.trace.ledgerLink };
/** The currencies the offsets ledger offers, after its "own currency" choice. */
const LEDGER_CURRENCIES = ['', 'MAD', 'USD', 'EUR', 'ILS'];
const ISO_DAY = /\d{4}-\d{2}-\d{2}/;
const project = (key: string) => INDUSTRIAL_PROJECTS.find((p) => p.key === key)?.input.title.fr ?? '';
const ATMOS_TITLE = ATMOS.programme.title.fr;
const BENSLIMANE = 'Complexe d’industrie militaire de Benslimane : équipements de nouvelle génération';

async function programmeIdOf(request: APIRequestContext, title: string) {
  const list = (await (await request.get('/api/programmes')).json()) as { items: { id: string; title: { fr: string } }[] };
  const found = list.items.find((p) => p.title.fr === title);
  if (!found) throw new Error(`no programme ${title}`);
  return found.id;
}

/**
 * The record graph in Chromium, on the demo: Morocco's planner opens it from
 * the ATMOS 2000 programme and follows the offers, the evaluation, the
 * contract, the offset obligation with its four claims (added up, then
 * listed when asked for) and the two Elbit
 * sites, each with its marking and linking to its record; the American viewer
 * finds the Benslimane branch only, and ATMOS's graph as not found. In Hebrew
 * the page is right to left and translated.
 */
describe.skipIf(!browserAvailable())('web app: the record graph in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let mar: Page;

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page: mar } = await signedInPage(browser, server, 'mar.planner'));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('follows ATMOS 2000 from the need to the credits and the projects, each node marked and linked', async () => {
    const id = await programmeIdOf(mar.request, ATMOS_TITLE);
    await mar.goto(`/programmes/${id}`);
    await mar.getByRole('link', { name: fr.link }).click();
    await mar.getByRole('heading', { level: 1, name: fr.title }).waitFor(POLL);
    expect(new URL(mar.url()).pathname).toBe(`/programmes/${id}/trace`);
    const outline = mar.locator('ol.trace-outline');
    await outline.waitFor(POLL);
    // Both sites are linked to the programme; the technology transfer was claimed from the Casablanca one.
    for (const key of ['casablanca', 'second_site'])
      expect(await outline.getByRole('link', { name: project(key) }).count()).toBeGreaterThan(0);
    // The obligation adds its claims up; its list is read when asked for.
    expect(await outline.locator('.trace-claim-summary').first().innerText()).toContain(fr.claimCount.replace('{{count}}', '4'));
    const claims = outline.locator('li[id^="claim-"]');
    expect(await claims.count()).toBe(0);
    await outline.getByRole('button', { name: fr.showClaims }).click();
    await claims.first().waitFor(POLL);
    expect(await claims.count()).toBe(4);
    expect(await outline.locator('li.claim-granted').count()).toBe(2);
    expect(await outline.locator('li.claim-refused').count()).toBe(1);
    const text = await outline.innerText();
    for (const s of [fr.category.technology_transfer, fr.category.training, fr.claimStatus.under_review, fr.evaluation])
      expect(text).toContain(s);
    // Every node carries its marking: the programme, the evaluation, the obligation, four claims, two projects.
    expect(await outline.locator('.record-marking.portion').count()).toBe(9);
    expect(text).not.toMatch(/trace\.\w/);
    await expectAccessible(mar);
    await shot(mar, 'programme-trace');
    // The Casablanca site's link leads to its page.
    await outline
      .getByRole('link', { name: project('casablanca') })
      .first()
      .click();
    await mar.getByRole('heading', { level: 1, name: project('casablanca') }).waitFor(POLL);
  }, 90_000);

  it('shows the American viewer the Benslimane branch only, and the ATMOS graph as not found', async () => {
    const { page: usa, context } = await signedInPage(browser, server, 'usa.viewer');
    try {
      const atmos = await programmeIdOf(mar.request, ATMOS_TITLE);
      const benslimane = await programmeIdOf(usa.request, BENSLIMANE);
      await usa.goto(`/programmes/${benslimane}/trace`);
      await usa.getByRole('heading', { level: 1, name: fr.title }).waitFor(POLL);
      const outline = usa.locator('ol.trace-outline');
      await outline.getByRole('link', { name: project('benslimane') }).waitFor(POLL);
      const text = await usa.locator('main').innerText();
      for (const key of ['casablanca', 'second_site']) expect(text).not.toContain(project(key));
      expect(await outline.locator('li[id^="claim-"], li[id^="obligation-"]').count()).toBe(0);
      await usa.goto(`/programmes/${atmos}/trace`);
      await usa.getByText(frMain.common.notFound).waitFor(POLL);
      expect(await usa.getByText(ATMOS_TITLE).count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('offers the currencies the ledger offers, and says a missing rate inside the page, its day in French', async () => {
    const id = await programmeIdOf(mar.request, ATMOS_TITLE);
    await mar.goto(`/programmes/${id}`);
    await mar.getByRole('heading', { level: 1, name: ATMOS_TITLE }).waitFor(POLL);
    const banner = mar.locator('.page-banner').first();
    await expect.poll(() => banner.innerText(), POLL).not.toBe('NON CLASSIFIÉ');
    const programmeBanner = await banner.innerText();
    await mar.goto(`/programmes/${id}/trace`);
    await mar.locator('ol.trace-outline').waitFor(POLL);
    const currency = mar.locator('label.filter', { hasText: fr.currency }).locator('select');
    expect(await currency.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(
      LEDGER_CURRENCIES,
    );
    // Each offer names its supplier and system, which Morocco's planner may read.
    const offers = await mar.locator('ol.trace-outline .trace-offer-name').allInnerTexts();
    expect(offers.join(' | ')).toContain('Elbit Systems');
    expect(offers.join(' | ')).toContain('ATMOS 2000');
    expect(offers.join(' | ')).toContain('KNDS');
    expect(offers.join(' | ')).toContain('CAESAR');
    // A currency without a rate, from an address: the page stays, the refusal in place of the figures.
    await mar.goto(`/programmes/${id}/trace?currency=AFN&on=2026-12-01`);
    await mar.locator('.trace-refused').waitFor(POLL);
    await mar.getByRole('heading', { level: 1, name: fr.title }).waitFor(POLL);
    expect(await mar.locator('label.filter', { hasText: fr.currency }).locator('select').count()).toBe(1);
    expect(await mar.locator('label.filter', { hasText: fr.on }).locator('input').inputValue()).toBe('2026-12-01');
    const refused = await mar.locator('.trace-refused').innerText();
    expect(refused).toContain('AFN');
    expect(refused).toContain('1 déc. 2026');
    expect(refused).not.toMatch(ISO_DAY);
    expect(await mar.locator('ol.trace-outline').count()).toBe(0);
    await expect.poll(() => banner.innerText(), POLL).toBe(programmeBanner);
    // Back to the programme's own currency from the same page.
    await mar.locator('label.filter', { hasText: fr.currency }).locator('select').selectOption('');
    await mar.locator('ol.trace-outline').waitFor(POLL);
    expect(new URL(mar.url()).search).toBe('?on=2026-12-01');
    await shot(mar, 'programme-trace-no-rate');
  }, 90_000);

  it("reaches a new contract's offsets ledger from its programme and its trace, before any obligation", async () => {
    const supplier = await apiOk(mar.request, 'post', '/api/suppliers', {
      name: 'Naval Group E2E',
      country: 'France',
      systems: [{ name: 'Gowind E2E', category: 'naval' }],
      releasableTo: [],
    });
    const title = 'Corvettes E2E : premier contrat sans obligation';
    const id = (
      await apiOk(mar.request, 'post', '/api/programmes', {
        commissionId: null,
        title: { fr: title },
        need: {
          capabilityGap: 'Patrouille côtière',
          quantity: 2,
          requiredBy: '2029-01-01',
          budgetCeiling: { amount: '9000000.00', currency: 'MAD' },
        },
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
      })
    ).id;
    const offered = await apiOk(mar.request, 'post', `/api/programmes/${id}/offers`, {
      supplierId: supplier.id,
      systemId: supplier.systems[0].id,
      quantity: 2,
      unitPrice: { amount: '4000000.00', currency: 'MAD' },
      totalPrice: { amount: '8000000.00', currency: 'MAD' },
      validUntil: '2027-06-30',
    });
    await apiOk(mar.request, 'post', `/api/programmes/${id}/transitions`, { to: 'evaluation' });
    await apiOk(mar.request, 'post', `/api/programmes/${id}/transitions`, { to: 'selected', offerId: offered.offers[0].id });
    await apiOk(mar.request, 'put', `/api/programmes/${id}/contract`, {
      value: { amount: '8000000.00', currency: 'MAD' },
      signedOn: '2026-11-02',
    });
    await apiOk(mar.request, 'post', `/api/programmes/${id}/transitions`, { to: 'contracted' });
    // From the trace's line saying there is no obligation yet.
    await mar.goto(`/programmes/${id}/trace`);
    const none = mar.locator('li.trace-no-obligation');
    await none.waitFor(POLL);
    expect(await mar.locator('.trace-offer-name').innerText()).toBe('Naval Group E2E — Gowind E2E');
    await none.getByRole('link', { name: fr.toLedger }).click();
    await mar.waitForURL((u) => u.pathname === '/offsets' && u.search === `?contract=${id}`, POLL);
    // The contract list names it by the programme's title, and a planner states its first obligation there.
    const contract = mar.getByLabel(frOffsets.offsets.scope.contract);
    await expect.poll(() => contract.inputValue(), POLL).toBe(id);
    expect(await contract.locator(`option[value="${id}"]`).innerText()).toBe(title);
    expect(await contract.locator(`option[value="${await programmeIdOf(mar.request, ATMOS_TITLE)}"]`).innerText()).toBe(
      ATMOS_TITLE,
    );
    await mar.getByText(frOffsets.offsets.state.title).waitFor(POLL);
    // Israel may read the programme but not Morocco's supplier: its offer is shown, its supplier and system unnamed.
    const { page: isr, context } = await signedInPage(browser, server, 'isr.planner');
    try {
      await isr.goto(`/programmes/${id}/trace`);
      await isr.locator('li.trace-no-obligation').waitFor(POLL);
      const outline = await isr.locator('ol.trace-outline').innerText();
      expect(outline).toContain(fr.offer.replace('{{n}}', '1'));
      expect(outline).not.toContain('Naval Group E2E');
      expect(outline).not.toContain('Gowind E2E');
      expect(await isr.locator('.trace-offer-name').count()).toBe(0);
    } finally {
      await context.close();
    }
    // From the programme's page.
    await mar.goto(`/programmes/${id}`);
    await mar.getByRole('link', { name: fr.ledgerLink }).click();
    await mar.waitForURL((u) => u.pathname === '/offsets' && u.search === `?contract=${id}`, POLL);
    await mar.getByText(frOffsets.offsets.state.title).waitFor(POLL);
    // The contract chosen shows under its title from the first paint of the list, never its id.
    expect(await mar.getByLabel(frOffsets.offsets.scope.contract).locator('option:checked').innerText()).toBe(title);
    await shot(mar, 'offsets-first-obligation');
  }, 120_000);

  it('lays the graph out right to left in Hebrew, translated', async () => {
    const { context, page } = await pageInLanguage(browser, server, 'mar.planner', 'he');
    try {
      await page.goto(`/programmes/${await programmeIdOf(context.request, ATMOS_TITLE)}/trace`);
      await page.getByRole('heading', { level: 1, name: he.title }).waitFor(POLL);
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'he']);
      await page.getByRole('button', { name: he.showClaims }).click();
      await page.locator('li[id^="claim-"]').first().waitFor(POLL);
      const text = await page.locator('main').innerText();
      for (const s of [he.category.technology_transfer, he.claimStatus.granted, he.promised]) expect(text).toContain(s);
      for (const s of [fr.title, fr.promised]) expect(text).not.toContain(s);
      // The outline's levels are indented from the right.
      const [outer, inner] = await Promise.all([
        page
          .locator('ol.trace-outline > li')
          .first()
          .evaluate((e) => e.getBoundingClientRect().right),
        page
          .locator('ol.trace-outline ol > li')
          .first()
          .evaluate((e) => e.getBoundingClientRect().right),
      ]);
      expect(inner).toBeLessThan(outer);
      await shot(page, 'programme-trace-he');
      // A currency without a rate keeps the page in Hebrew, the day in the Hebrew calendar's words.
      const id = await programmeIdOf(context.request, ATMOS_TITLE);
      await page.goto(`/programmes/${id}/trace?currency=AFN&on=2026-12-01`);
      await page.locator('.trace-refused').waitFor(POLL);
      await page.getByRole('heading', { level: 1, name: he.title }).waitFor(POLL);
      const refused = await page.locator('.trace-refused').innerText();
      expect(refused).toContain('AFN');
      expect(refused).not.toMatch(ISO_DAY);
      expect(refused).toContain('בדצמ׳');
      expect(
        await page
          .locator('label.filter', { hasText: he.currency })
          .locator('select')
          .locator('option')
          .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
      ).toEqual(LEDGER_CURRENCIES);
      await shot(page, 'programme-trace-no-rate-he');
      // The programme's page links to its offsets ledger.
      await page.goto(`/programmes/${id}`);
      await page.getByRole('link', { name: he.ledgerLink }).click();
      await page.waitForURL((u) => u.pathname === '/offsets' && u.search === `?contract=${id}`, POLL);
    } finally {
      await context.close();
    }
  }, 90_000);
});
