// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { INDUSTRIAL_PROJECTS } from '../../src/demo/demo.industry.js';
import frEdits from '../../web/src/i18n/industry-edits/fr.json' with { type: 'json' };
import enHistory from '../../web/src/i18n/industry-history/en.json' with { type: 'json' };
import frHistory from '../../web/src/i18n/industry-history/fr.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import heProcurement from '../../web/src/i18n/procurement/he.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, expectAccessible, POLL, pageInLanguage, SHOTS } from './helpers.js';

const title = (key: string) => INDUSTRIAL_PROJECTS.find((p) => p.key === key)?.input.title.fr ?? '';
/** Text as read, with the no-break spaces some languages put in numbers and before % as plain ones. */
const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ').trim();
const percent = (locale: string, p: string | number) =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(Number(p) / 100);
const SCREEN = { viewport: { width: 1366, height: 768 } };
/** A picture of the part of the page a check is about, as a reader sees it. */
const shotOf = (part: Locator, name: string) => part.screenshot({ path: `${SHOTS}web-${name}.png` });

type Project = {
  id: string;
  version: number;
  title: { fr: string };
  budget: { amount: string; currency: string };
  localContentReached: string;
  localContentPlanned: string;
  partners: { party: string; share: string }[];
  milestones: { kind: string; title: string }[];
  programmeIds: string[];
};

/**
 * Where each character of an SVG text is drawn, left to right: what a reader sees of a label laid out
 * by the bidi algorithm, whatever order its characters are stored in.
 */
const drawnOrder = (text: Locator) =>
  text.evaluate((t) => {
    const svgText = t as SVGTextContentElement;
    const chars = [...(t.textContent ?? '')];
    return chars
      .map((c, i) => ({ c, x: c.trim() && !/[\u2066-\u2069\u200e\u200f]/.test(c) ? svgText.getStartPositionOfChar(i).x : null }))
      .filter((p): p is { c: string; x: number } => p.x !== null);
  });

/** The left edge of the first occurrence of `part` in an element's text, as drawn. */
const leftOf = (el: Locator, part: string) =>
  el.evaluate((node, part) => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const at = (t.textContent ?? '').indexOf(part);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(t, at);
      range.setEnd(t, at + part.length);
      return range.getBoundingClientRect().left;
    }
    return null;
  }, part);

async function projectOf(page: Page, key: string) {
  const list = (await apiOk(page.request, 'get', '/api/industrial-projects?limit=500')) as { items: Project[] };
  const found = list.items.find((p) => p.title.fr === title(key)) as Project;
  return (await apiOk(page.request, 'get', `/api/industrial-projects/${found.id}`)) as Project;
}

/**
 * The industrial project pages as their users read them, in Chromium on a 1366×768 screen: the days on a
 * measurements chart's axis in Arabic and Hebrew, percentages in the reader's language, amounts and linked
 * programmes in the history, labelled fields on a milestone's line, and the list and measurements' table
 * within the screen.
 */
describe.skipIf(!browserAvailable())('web app: the industrial project pages as their users read them', () => {
  const suite = browserSuite();
  const contexts: { close: () => Promise<void> }[] = [];
  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  it.each([
    ['ar', 'mar.planner'],
    ['he', 'isr.planner'],
  ])(
    "writes the days on a measurements chart's axis right to left in %s, the day first",
    async (lang, user) => {
      const { context, page } = await pageInLanguage(suite.browser, suite.server, user, lang, SCREEN);
      contexts.push(context);
      let p = await projectOf(page, 'benslimane');
      if (lang === 'ar') {
        p = await apiOk(page.request, 'post', `/api/industrial-projects/${p.id}/measurements`, {
          asOf: '2026-03-02',
          jobsCreated: 12,
          version: p.version,
        });
      }
      await page.goto(`/industry/${p.id}`);
      const labels = page.locator('figure.measurement-chart-jobs svg text', { hasText: '2026' });
      await labels.first().waitFor({ timeout: 30_000 });
      expect(await labels.count()).toBeGreaterThan(0);
      for (const label of await labels.all()) {
        const drawn = await drawnOrder(label);
        const stored = (await label.textContent()) ?? '';
        // The day is the label's first figure, the year its last; right to left, the year is drawn leftmost and the day rightmost.
        const day = stored.match(/\d+/)?.[0] as string;
        const year = stored.match(/\d{4}/)?.[0] as string;
        const seen = drawn
          .filter((d) => /\d/.test(d.c))
          .sort((a, b) => a.x - b.x)
          .map((d) => d.c)
          .join('');
        expect(seen.startsWith(year) && seen.endsWith(day), `${stored} drawn as ${seen}`).toBe(true);
      }
      await shotOf(page.locator('section.industry-measurements'), `industry-axis-${lang}`);
    },
    120_000,
  );

  it('writes percentages in Hebrew as Hebrew writes them, the sign after the figure', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'isr.planner', 'he', SCREEN);
    contexts.push(context);
    const p = await projectOf(page, 'benslimane');
    await page.goto(`/industry/${p.id}`);
    const he = heProcurement.industry;
    const facts = page.locator('dl.industry-facts');
    await facts.waitFor(POLL);
    const local = facts.locator(`dt:text-is("${he.localContent}") + dd`);
    expect(flat(await local.innerText())).toBe(
      flat(`${percent('he-IL', p.localContentReached)} / ${percent('he-IL', p.localContentPlanned)}`),
    );
    // Each segment of the share bar and each share in the table: the figure, then its sign, as drawn.
    const segments = page.locator('.share-bar .share-segment');
    expect(await segments.count()).toBe(p.partners.length);
    for (const [i, x] of p.partners.entries()) {
      const segment = segments.nth(i);
      expect(flat(await segment.innerText())).toBe(flat(`${x.party} ${percent('he-IL', x.share)}`));
      const sign = await leftOf(segment, '%');
      const figure = await leftOf(segment, String(Number(x.share)).slice(0, 1));
      expect(sign).toBeGreaterThan(figure as number);
    }
    const shares = await page
      .locator('table.industry-partners-table:not(.former-partners-table) tbody tr td.number')
      .allInnerTexts();
    expect(shares.map(flat)).toEqual(p.partners.map((x) => flat(percent('he-IL', x.share))));
    const table = page.locator('table.measurements-table');
    await table.waitFor({ timeout: 30_000 });
    const planned = await table.locator('tbody tr td.number').nth(3).innerText();
    expect(flat(planned)).toBe(flat(percent('he-IL', p.localContentPlanned)));
    await expectAccessible(page);
    await shotOf(page.locator('section.industry-partners'), 'industry-percent-he');
    await shotOf(facts, 'industry-facts-he');
  }, 120_000);

  it.each([
    ['fr', frHistory.industryHistory, 'fr-FR'],
    ['en', enHistory.industryHistory, 'en-GB'],
  ])(
    'tells in the history, in %s, a budget as an amount and the programmes linked in words',
    async (lang, texts, locale) => {
      const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', lang, SCREEN);
      contexts.push(context);
      let p = await projectOf(page, 'benslimane');
      // A programme the project is not linked to yet, linked with the budget's change.
      const programmes = (await apiOk(page.request, 'get', '/api/programmes?limit=50')) as { items: { id: string }[] };
      const programme = programmes.items.find((x) => !p.programmeIds.includes(x.id))?.id as string;
      expect(programme).toBeTruthy();
      const amount = lang === 'fr' ? '600000000.00' : '650000000.00';
      p = await apiOk(page.request, 'patch', `/api/industrial-projects/${p.id}`, {
        budget: { amount, currency: 'USD' },
        programmeIds: [...p.programmeIds, programme],
        version: p.version,
      });
      await page.goto(`/industry/${p.id}`);
      const history = page.locator('section[aria-labelledby="industry-history-heading"] ol.history > li');
      await history.first().waitFor({ timeout: 30_000 });
      const latest = flat(await history.first().innerText());
      const money = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: 'USD',
        currencyDisplay: 'code',
        minimumFractionDigits: 2,
      }).format(Number(amount));
      expect(latest).toContain(flat(money));
      expect(latest).not.toContain(amount);
      expect(latest).toContain(texts.programmeOne);
      await shotOf(history.first(), `industry-history-${lang}`);
    },
    120_000,
  );

  it("labels the fields of a milestone's line where a sighted planner sees them, in French", async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'fr', SCREEN);
    contexts.push(context);
    const p = await projectOf(page, 'benslimane');
    await page.goto(`/industry/${p.id}`);
    const rows = page.locator('ol.industry-timeline > li');
    await rows.first().waitFor(POLL);
    const row = frEdits.industryEdits.row;
    // The lines' forms take their texts with them: they are read once these have come.
    await rows.first().getByText(row.actualOn, { exact: true }).waitFor(POLL);
    const target = p.milestones.findIndex((m) => m.kind === 'local_content_target');
    expect(target).toBeGreaterThanOrEqual(0);
    for (const [i, m] of p.milestones.entries()) {
      const labels = rows.nth(i).locator('form.industry-day-form label');
      const shown = await labels.evaluateAll((ls) =>
        ls.map((l) => {
          const box = l.getBoundingClientRect();
          const shown = l.querySelector('[aria-hidden="true"]') as HTMLElement | null;
          return { text: shown?.innerText.trim() ?? '', visible: box.width > 20 && box.height > 8 };
        }),
      );
      const expected = [row.actualOn, row.plannedOn, ...(i === target ? [row.reached] : [])];
      expect(shown.map((s) => s.text)).toEqual(expected);
      expect(shown.every((s) => s.visible)).toBe(true);
      // A screen reader still hears which milestone a field is of.
      const reached = rows.nth(i).getByLabel(`${row.actualOn} (${m.title})`);
      expect(await reached.count()).toBe(1);
    }
    await rows.nth(target).scrollIntoViewIfNeeded();
    await expectAccessible(page);
    await shotOf(page.locator('ol.industry-timeline'), 'industry-milestone-labels');
  }, 120_000);

  it.each([
    ['fr', 'mar.planner', frProcurement.industry],
    ['he', 'isr.planner', heProcurement.industry],
  ])(
    'shows every column of the projects list on a 1366-pixel screen in %s, and spaces the measurements table',
    async (lang, user, texts) => {
      const { context, page } = await pageInLanguage(suite.browser, suite.server, user, lang, SCREEN);
      contexts.push(context);
      await page.goto('/industry');
      const heads = page.locator('table.industry-table thead th');
      await heads.first().waitFor({ timeout: 30_000 });
      const inView = await heads.evaluateAll((ths) =>
        ths.map((th) => {
          const r = th.getBoundingClientRect();
          return { text: (th as HTMLElement).innerText, fits: r.left >= 0 && r.right <= window.innerWidth };
        }),
      );
      for (const name of [texts.localContent, texts.list.progress])
        expect(inView.find((h) => h.text.includes(name))?.fits).toBe(true);
      expect(inView.every((h) => h.fits)).toBe(true);
      const scroll = page.locator('.programmes-scroll');
      expect(await scroll.evaluate((s) => s.scrollWidth - s.clientWidth)).toBeLessThanOrEqual(1);
      await page.screenshot({ path: `${SHOTS}web-industry-list-${lang}.png` });
      // The measurements' heads: the words of one head stand apart from the next one's.
      const p = await projectOf(page, 'benslimane');
      await page.goto(`/industry/${p.id}`);
      const table = page.locator('table.measurements-table');
      await table.waitFor({ timeout: 30_000 });
      const gaps = await table.locator('thead th').evaluateAll((ths) => {
        const boxes = ths.map((th) => {
          const range = document.createRange();
          range.selectNodeContents(th);
          const r = range.getBoundingClientRect();
          return { left: r.left, right: r.right };
        });
        return boxes.slice(1).map((b, i) => {
          const a = boxes[i] as { left: number; right: number };
          return Math.max(b.left - a.right, a.left - b.right);
        });
      });
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(12);
      await table.scrollIntoViewIfNeeded();
      await shotOf(table, `industry-measurements-table-${lang}`);
    },
    120_000,
  );
});
