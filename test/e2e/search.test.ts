// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees is what these checks read
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/he.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { openBrowser, POLL, pageInLanguage, shot } from './helpers.js';

const LANGUAGES = { fr, en, ar, he } as const;
type Lang = keyof typeof LANGUAGES;

/** The groups the page shows: each kind's heading and count, in order. */
const groupsOf = (page: Page) =>
  page.locator('.search-group').evaluateAll((sections) =>
    sections.map((s) => ({
      kind: s.getAttribute('data-kind'),
      heading: s.querySelector('h2')?.firstChild?.textContent?.trim(),
      count: Number(s.querySelector('.group-count')?.textContent),
      hits: s.querySelectorAll('.search-hits > li').length,
      links: [...s.querySelectorAll('.search-hits a')].map((a) => a.getAttribute('href')),
    })),
  );

/**
 * The search page in Chromium, in the four languages: the demo's pairs of a
 * word and its other form give the same groups, each kind with its heading in
 * the reader's language and its count, the found words marked, every hit a
 * link to its record; right to left in Arabic and Hebrew; markup typed in the
 * query stays text.
 */
describe.skipIf(!browserAvailable())('web app: search in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts = new Map<Lang, { context: BrowserContext; page: Page }>();

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    for (const lang of Object.keys(LANGUAGES) as Lang[]) {
      contexts.set(lang, await pageInLanguage(browser, server, 'mar.planner', lang, { viewport: { width: 1280, height: 900 } }));
    }
  }, 240_000);

  afterAll(async () => {
    for (const { context } of contexts.values()) await context.close();
    await browser?.close();
    await server?.stop();
  });

  const open = async (lang: Lang, q: string) => {
    const page = contexts.get(lang)?.page;
    if (!page) throw new Error(`no page in ${lang}`);
    await page.goto(`/search?${new URLSearchParams({ q })}`);
    await page
      .locator('.search-page .table-status')
      .waitFor(POLL)
      .catch(async (err) => {
        await shot(page, `search-failed-${lang}`);
        throw new Error(`${err}\n${await page.locator('body').innerText()}`);
      });
    await page.waitForLoadState('networkidle');
    return page;
  };

  it.each([
    ['fr', 'visite', 'visites'],
    ['en', 'visite', 'visites'],
    ['ar', 'تخطيط', 'التخطيط'],
    ['he', 'ביקור', 'הביקור'],
  ] as const)('in %s, %j and %j give the same groups, headed and counted', async (lang, one, other) => {
    const t = LANGUAGES[lang];
    const page = await open(lang, one);
    const first = await groupsOf(page);
    expect(first.length).toBeGreaterThan(0);
    expect(first.map((g) => g.kind)).toContain('activity');
    for (const g of first) {
      expect(g.heading).toBe(t.search.kind[g.kind as keyof typeof t.search.kind]);
      expect(g.hits).toBe(Math.min(g.count, 50));
      expect(g.links.length).toBe(g.hits);
    }
    expect(await page.locator('.snippet mark').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' || lang === 'he' ? 'rtl' : 'ltr');
    await shot(page, `search-${lang}`);
    const second = await groupsOf(await open(lang, other));
    expect(second).toEqual(first);
  });

  it('marks the words found, in each of their forms, and leads from a hit to its record', async () => {
    const page = await open('fr', 'visites');
    const marked = await page.locator('.search-group[data-kind="activity"] .snippet mark').allInnerTexts();
    expect(marked.length).toBeGreaterThan(0);
    for (const m of marked) expect(m.toLowerCase()).toMatch(/^visit/);
    const link = page.locator('.search-group[data-kind="activity"] .search-hits a').first();
    const href = await link.getAttribute('href');
    await link.click();
    await page.waitForURL(`**${href}`, POLL);
    await page.locator('.activity-page .record-header').waitFor(POLL);
  });

  it('finds an industrial project and leads to its page', async () => {
    const page = await open('fr', 'Casablanca');
    const group = page.locator('.search-group[data-kind="industrial_project"]');
    expect(await group.locator('h2, h3').first().textContent()).toContain(fr.search.kind.industrial_project);
    const link = group.locator('.search-hits a').first();
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/industry\/[^/]+$/);
    const title = (await link.locator('bdi, span').first().textContent())?.trim() ?? '';
    expect(title.length).toBeGreaterThan(3);
    await link.click();
    await page.waitForURL(`**${href}`, POLL);
    await expect.poll(() => page.locator('h1').first().textContent(), POLL).toContain(title);
  });

  it('keeps markup typed in the query as text', async () => {
    const page = await open('en', '<img src=x onerror="window.hacked=1"> visite');
    expect(await page.evaluate(() => (window as unknown as { hacked?: number }).hacked)).toBeUndefined();
    expect(await page.locator('.search-page img').count()).toBe(0);
    expect(await page.locator('.search-page input[type=search]').inputValue()).toContain('<img');
  });
});
