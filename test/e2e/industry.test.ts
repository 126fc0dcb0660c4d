// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDUSTRIAL_PROJECTS } from '../../src/demo/demo.industry.js';
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import frProgress from '../../web/src/i18n/industry-progress/fr.json' with { type: 'json' };
import heProgress from '../../web/src/i18n/industry-progress/he.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import heProcurement from '../../web/src/i18n/procurement/he.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { expectAccessible, openBrowser, POLL, pageInLanguage, shot, signedInPage } from './helpers.js';

// The pages' texts: the procurement ones and the industrial projects' title and progress, loaded with them.
const fr = { ...frProcurement.industry, ...frProgress.industry };
const he = { ...heProcurement.industry, ...heProgress.industry };
/** Text as read, with the no-break spaces French puts before % as plain ones. */
const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const title = (key: string) => INDUSTRIAL_PROJECTS.find((p) => p.key === key)?.input.title.fr ?? '';

/**
 * Industrial projects in Chromium, on the demo: the American viewer finds the
 * Benslimane tripartite project in the list and not the bilateral Elbit sites,
 * opens it and reads its partners' cost shares as a bar of exact widths, its
 * own financing commitment and not Israel's, and the milestones as a timeline;
 * in Hebrew the page is right to left and translated.
 */
describe.skipIf(!browserAvailable())('web app: industrial projects in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let usa: Page;

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page: usa } = await signedInPage(browser, server, 'usa.viewer'));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists what the viewer may read and shows the tripartite project with its shares, commitments and milestones', async () => {
    // The menu's link: the dashboard's industrial progress heading links to the same page under the same name.
    await usa
      .getByRole('navigation', { name: frMain.layout.navigation })
      .getByRole('link', { name: frMain.nav.industry })
      .click();
    await usa.getByRole('heading', { level: 1, name: fr.title }).waitFor(POLL);
    // The map's list of sites links to the project too: the table's link is the first.
    await usa
      .getByRole('link', { name: title('benslimane') })
      .first()
      .waitFor(POLL);
    expect(await usa.getByText(title('casablanca')).count()).toBe(0);
    expect(await usa.getByText(title('second_site')).count()).toBe(0);
    await expectAccessible(usa);
    // The filters live in the address: proposed projects leave out the agreed tripartite one.
    await usa.getByLabel(fr.list.status).selectOption('proposed');
    await usa.getByText(fr.list.none).waitFor(POLL);
    expect(new URL(usa.url()).search).toBe('?status=proposed');
    await usa.getByLabel(fr.list.status).selectOption('agreed');
    await usa.getByLabel(fr.list.kind).selectOption('joint_venture');
    expect(new URL(usa.url()).search).toBe('?status=agreed&kind=joint_venture');
    await usa
      .getByRole('link', { name: title('benslimane') })
      .first()
      .click();
    await usa.getByRole('heading', { level: 2, name: fr.partners }).waitFor(POLL);
    const bar = usa.getByRole('img', { name: fr.sharesChart });
    const widths = await bar.locator('.share-segment').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
    const total = await bar.evaluate((b) => b.getBoundingClientRect().width);
    expect(widths.map((w) => Math.round((w / total) * 100))).toEqual([40, 30, 30]);
    const partners = await usa.locator('table.industry-partners-table').innerText();
    // The United States' own commitment, in the English its party writes; Israel's, released to Morocco only, not at all.
    expect(partners).toContain('Fund the rate-production line');
    expect(partners).not.toContain('train 300 engineers');
    // Shares as the reader's language writes a percentage: a space before the sign in French.
    expect(flat(partners)).toContain('40 %');
    expect(flat(partners)).not.toContain('40,00');
    expect(await usa.locator('ol.industry-timeline > li').count()).toBe(4);
    const text = await usa.locator('main').innerText();
    expect(text).toContain(fr.milestoneKind.groundbreaking);
    expect(text).toContain(fr.status.agreed);
    expect(text).not.toMatch(/industry\.\w/);
    await expectAccessible(usa);
    await shot(usa, 'industrial-project');
  }, 90_000);

  it('answers a project the viewer may not read as not found', async () => {
    const { page: mar, context } = await signedInPage(browser, server, 'mar.planner');
    try {
      const list = (await (await mar.request.get('/api/industrial-projects')).json()) as {
        items: { id: string; title: { fr: string } }[];
      };
      const casablanca = list.items.find((p) => p.title.fr === title('casablanca'));
      expect(casablanca).toBeDefined();
      await usa.goto(`/industry/${casablanca?.id}`);
      await usa.getByText(frMain.common.notFound).waitFor(POLL);
      expect(await usa.getByText(title('casablanca')).count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('lays the project out right to left in Hebrew, translated, the first share at the right', async () => {
    const { context, page } = await pageInLanguage(browser, server, 'usa.viewer', 'he');
    try {
      await page.goto('/industry');
      await page.getByRole('heading', { level: 1, name: he.title }).waitFor(POLL);
      await page
        .getByRole('link', { name: title('benslimane') })
        .first()
        .click();
      await page.getByRole('heading', { level: 2, name: he.partners }).waitFor(POLL);
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'he']);
      const text = await page.locator('main').innerText();
      for (const s of [he.milestones, he.role.financing_party, he.status.agreed]) expect(text).toContain(s);
      for (const s of [fr.milestones, fr.partners]) expect(text).not.toContain(s);
      const [first, second] = await page
        .locator('.share-segment')
        .evaluateAll((cells) => cells.slice(0, 2).map((c) => c.getBoundingClientRect().left));
      expect(first).toBeGreaterThan(second as number);
      await shot(page, 'industrial-project-he');
    } finally {
      await context.close();
    }
  }, 90_000);
});
