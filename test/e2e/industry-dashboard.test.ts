// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import frProgress from '../../web/src/i18n/industry-progress/fr.json' with { type: 'json' };
import heProgress from '../../web/src/i18n/industry-progress/he.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { browserSuite, expectAccessible, POLL, pageInLanguage, signedInPage } from './helpers.js';

// The dashboard's panel reads the industrial projects' progress texts, not the procurement ones.
const fr = frProgress.industry;
const he = heProgress.industry;

type Progress = { total: number; onTime: number; late: number; notStarted: number; done: number };

/** The figures of the dashboard's industrial-projects section, as the reader sees them. */
async function cards(page: Page, texts: typeof fr) {
  const section = page.locator('section[aria-labelledby="industry-progress-heading"]');
  await section.waitFor(POLL);
  const value = async (name: string) =>
    Number(
      (
        await section
          .locator('.kpi')
          .filter({ has: page.locator('dt', { hasText: name }) })
          .locator('.kpi-value')
          .innerText()
      ).replace(/\D/g, ''),
    );
  return {
    onTime: await value(texts.progress.on_time),
    late: await value(texts.progress.late),
    notStarted: await value(texts.progress.not_started),
    done: await value(texts.progress.done),
  };
}

/**
 * The dashboard in Chromium, on the demo: each reader finds how the industrial
 * projects they may read stand, the same figures as the API gives them: the
 * American viewer counts the tripartite project alone, Morocco's planner the
 * three; in Hebrew the section is right to left and translated.
 */
describe.skipIf(!browserAvailable())('web app: industrial projects on the dashboard in Chromium', () => {
  const suite = browserSuite();

  it('counts only the projects each reader may read, as the API does', async () => {
    const totals: Record<string, number> = {};
    for (const who of ['usa.viewer', 'mar.planner']) {
      const { page, context } = await signedInPage(suite.browser, suite.server, who);
      try {
        const api = (await (await page.request.get('/api/industrial-projects/progress')).json()) as Progress;
        const seen = await cards(page, fr);
        expect(seen).toEqual({ onTime: api.onTime, late: api.late, notStarted: api.notStarted, done: api.done });
        totals[who] = seen.onTime + seen.late + seen.notStarted + seen.done;
        const listed = (await (await page.request.get('/api/industrial-projects?limit=500')).json()) as { items: unknown[] };
        expect(totals[who]).toBe(listed.items.length);
        await page.locator('#industry-progress-heading').getByRole('link', { name: fr.title }).waitFor(POLL);
        await expectAccessible(page);
      } finally {
        await context.close();
      }
    }
    expect(totals['usa.viewer']).toBe(1);
    expect(totals['mar.planner']).toBeGreaterThan(1);
  }, 120_000);

  it('lays the section out right to left in Hebrew, translated', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'usa.viewer', 'he');
    try {
      await page.goto('/');
      const seen = await cards(page, he);
      expect(seen.onTime + seen.late + seen.notStarted + seen.done).toBe(1);
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'he']);
      const text = await page.locator('section[aria-labelledby="industry-progress-heading"]').innerText();
      expect(text).toContain(he.title);
      expect(text).not.toContain(fr.title);
    } finally {
      await context.close();
    }
  }, 90_000);
});
