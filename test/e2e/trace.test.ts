// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDUSTRIAL_PROJECTS } from '../../src/demo/demo.industry.js';
import { ATMOS } from '../../src/demo/demo.programmes.js';
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import frTrace from '../../web/src/i18n/trace/fr.json' with { type: 'json' };
import heTrace from '../../web/src/i18n/trace/he.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { expectAccessible, openBrowser, POLL, pageInLanguage, shot, signedInPage } from './helpers.js';

const fr = { ...frTrace.trace, link: frProcurement.trace.link };
const he = heTrace.trace;
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
    } finally {
      await context.close();
    }
  }, 90_000);
});
