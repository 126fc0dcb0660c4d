// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/he.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { openBrowser, POLL, pageInLanguage, SHOTS } from './helpers.js';

const LANGUAGES = { fr, en, ar, he } as const;
type Lang = keyof typeof LANGUAGES;
const WIDTHS = [1280, 1440];
const REF = /^\d{4}-[A-Z]{3}-\d{2}$/;

/**
 * Waits until the page has drawn what it loads: no "Loading…" left and no
 * request pending, then a frame for the layout to settle.
 */
async function settled(page: Page, lang: Lang) {
  await page.waitForLoadState('networkidle');
  const loading = LANGUAGES[lang].common.loading;
  await expect.poll(() => page.evaluate((text) => document.body.innerText.includes(text), loading), POLL).toBe(false);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** How far the page reaches past the window's width, and what sticks out. */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const over = root.scrollWidth - root.clientWidth;
    if (over <= 0) return { over, culprits: [] as string[] };
    const culprits = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > root.clientWidth + 1 || r.left < -1);
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).replace(/ /g, '.')}`);
    return { over, culprits };
  });

/**
 * Every element whose direction comes from its content (`<bdi>`, `dir="auto"`)
 * has the direction of its first strong letter, and is an isolate; answers those
 * that do not.
 */
const misdirected = (page: Page) =>
  page.evaluate(() => {
    const strong = /[\p{L}]/u;
    const rtl = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('bdi:not([dir]), [dir="auto"]')) {
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) continue;
      const first = [...(el.textContent ?? '')].find((ch) => strong.test(ch));
      if (!first) continue;
      const style = getComputedStyle(el);
      const expected = rtl.test(first) ? 'rtl' : 'ltr';
      if (style.direction !== expected || !['isolate', 'plaintext', 'isolate-override'].includes(style.unicodeBidi))
        bad.push(`${el.tagName} "${el.textContent?.slice(0, 40)}": ${style.direction}, ${style.unicodeBidi}`);
    }
    return bad;
  });

describe.skipIf(!browserAvailable())('right to left and page width in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts = new Map<Lang, { context: BrowserContext; page: Page }>();
  let pages: { name: string; url: string; ready?: string }[] = [];

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    // One signed-in page per language, the language chosen as the app remembers it.
    for (const lang of Object.keys(LANGUAGES) as Lang[]) {
      contexts.set(
        lang,
        await pageInLanguage(browser, server, 'mar.planner', lang, { viewport: { width: WIDTHS[0] ?? 1280, height: 900 } }),
      );
    }
    const request = contexts.get('fr')?.context.request;
    if (!request) throw new Error('no context');
    const plan = (await (await request.get('/api/plans')).json()).items[0];
    const activity = (await (await request.get(`/api/plans/${plan.id}/activities?limit=1`)).json()).items[0];
    const sessions = (await (await request.get(`/api/commissions/${plan.commissionId}/sessions`)).json()).items;
    const session = sessions.find((s: { number: number }) => s.number === 3) ?? sessions[0];
    pages = [
      { name: 'dashboard', url: '/', ready: '.plan-card' },
      { name: 'plan', url: `/plans/${plan.id}`, ready: '.data-table tbody tr' },
      ...['timeline', 'calendar', 'results', 'curve', 'revisions', 'documents'].map((view) => ({
        name: `plan-${view}`,
        url: `/plans/${plan.id}?view=${view}`,
        ready: view === 'timeline' ? '.timeline-bar' : undefined,
      })),
      { name: 'activity', url: `/activities/${activity.id}`, ready: '.history-entry' },
      { name: 'sessions', url: `/commissions/${plan.commissionId}/sessions`, ready: '.sessions-table' },
      { name: 'session', url: `/sessions/${session.id}` },
      { name: 'action-items', url: `/commissions/${plan.commissionId}/action-items` },
      { name: 'notifications', url: '/notifications' },
      { name: 'search', url: '/search?q=ATMOS' },
      { name: 'admin', url: '/admin' },
    ];
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const open = async (lang: Lang, url: string, ready?: string) => {
    const page = contexts.get(lang)?.page;
    if (!page) throw new Error(`no page in ${lang}`);
    await page.setViewportSize({ width: WIDTHS[0] ?? 1280, height: 900 });
    await page.goto(url);
    if (ready)
      await page
        .locator(ready)
        .first()
        .waitFor(POLL)
        .catch(async (err) => {
          await page.screenshot({ path: `${SHOTS}web-rtl-failed-${lang}.png` });
          throw err;
        });
    await settled(page, lang);
    return page;
  };

  it.each(['ar', 'he'] as const)(
    'keeps, in %s, every reference code whole and in order, and a French title in its own direction, cut at its end',
    async (lang) => {
      const page = await open(lang, pages[1]?.url ?? '', '.data-table tbody tr');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      const refs = await page.locator('.data-table tbody .ref').evaluateAll((els) =>
        els.map((el) => ({
          text: el.textContent ?? '',
          direction: getComputedStyle(el).direction,
          bidi: getComputedStyle(el).unicodeBidi,
        })),
      );
      expect(refs.length).toBeGreaterThan(10);
      for (const r of refs) expect(r).toEqual({ text: expect.stringMatching(REF), direction: 'ltr', bidi: 'isolate' });

      // The demo's plan has titles written only in French: on an Arabic or Hebrew page they read left to right.
      const titles = await page.locator('.data-table tbody td bdi[lang="fr"]').evaluateAll((els) =>
        els.map((el) => {
          const text = el.firstChild;
          const range = document.createRange();
          range.setStart(text as Node, 0);
          range.setEnd(text as Node, 1);
          const box = el.getBoundingClientRect();
          const firstLetter = range.getBoundingClientRect();
          return {
            tag: el.tagName,
            direction: getComputedStyle(el).direction,
            cut: el.scrollWidth > el.clientWidth,
            // The first letter is inside the box: what the ellipsis takes is the title's end.
            startShown: firstLetter.left >= box.left - 1 && firstLetter.right <= box.right + 1,
          };
        }),
      );
      expect(titles.length).toBeGreaterThan(0);
      for (const t of titles) expect(t).toMatchObject({ tag: 'BDI', direction: 'ltr', startShown: true });
      expect(titles.some((t) => t.cut)).toBe(true);
      expect(await misdirected(page)).toEqual([]);
    },
  );

  it.each(['ar', 'he'] as const)(
    'draws, in %s, every timeline bar with its whole reference code, and the history in each entry’s direction',
    async (lang) => {
      const page = await open(lang, pages.find((p) => p.name === 'plan-timeline')?.url ?? '', '.timeline-bar');
      await page.setViewportSize({ width: 1440, height: 900 });
      await settled(page, lang);
      const bars = await page.locator('.timeline-bar a').evaluateAll((links) =>
        links.map((a) => {
          const ref = a.querySelector('.ref') as HTMLElement;
          const box = a.getBoundingClientRect();
          const code = ref.getBoundingClientRect();
          return { text: ref.textContent, inside: code.left >= box.left - 1 && code.right <= box.right + 1 };
        }),
      );
      expect(bars.length).toBeGreaterThan(10);
      for (const b of bars) expect(b).toEqual({ text: expect.stringMatching(REF), inside: true });
      expect(await misdirected(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}web-timeline-${lang}-1440.png` });

      const activity = pages.find((p) => p.name === 'activity');
      const history = await open(lang, activity?.url ?? '', activity?.ready);
      expect(await misdirected(history)).toEqual([]);
    },
  );

  it.each(Object.keys(LANGUAGES) as Lang[])(
    'shows every planned period of the activities table whole at 1280 pixels wide in %s',
    async (lang) => {
      const page = await open(lang, pages[1]?.url ?? '', '.data-table tbody tr');
      const heading = LANGUAGES[lang].activities.column.plannedPeriod;
      const cells = await page.evaluate((heading) => {
        const headers = [...document.querySelectorAll('.data-table thead th')];
        const column = headers.findIndex((th) => th.textContent?.trim().startsWith(heading));
        if (column < 0) throw new Error(`no column ${heading}`);
        return [...document.querySelectorAll<HTMLTableRowElement>('.data-table tbody tr')].flatMap((tr) => {
          const td = tr.cells[column];
          if (!td || tr.cells.length <= column) return [];
          const box = td.getBoundingClientRect();
          // Every date (or month, or quarter) inside the cell's box, none cut or hidden by an ellipsis.
          const parts = [...td.querySelectorAll<HTMLElement>('.period-bounds > span, td > span:not(.period-bounds)')];
          return [
            {
              text: td.textContent ?? '',
              two: td.querySelector('.period-bounds') !== null,
              whole:
                td.scrollWidth <= td.clientWidth &&
                parts.length > 0 &&
                parts.every((el) => {
                  const r = el.getBoundingClientRect();
                  return (
                    el.scrollWidth <= el.clientWidth + 1 &&
                    r.left >= box.left - 1 &&
                    r.right <= box.right + 1 &&
                    r.top >= box.top - 1 &&
                    r.bottom <= box.bottom + 1
                  );
                }),
            },
          ];
        });
      }, heading);
      expect(cells.length).toBeGreaterThan(10);
      // The demo plans some activities over spans of days, which are the long ones.
      expect(cells.some((c) => c.two)).toBe(true);
      expect(cells.filter((c) => !c.whole)).toEqual([]);
      expect((await sideways(page)).over).toBeLessThanOrEqual(0);
      if (lang === 'he')
        await page
          .locator('.table-scroll')
          .first()
          .screenshot({ path: `${SHOTS}web-rtl-periods-he.png` });
    },
  );

  it.each(Object.keys(LANGUAGES) as Lang[])(
    'never scrolls any main page sideways at 1280 and 1440 pixels wide in %s',
    async (lang) => {
      const wide: string[] = [];
      for (const { name, url, ready } of pages) {
        const page = await open(lang, url, ready);
        for (const width of WIDTHS) {
          await page.setViewportSize({ width, height: 900 });
          await settled(page, lang);
          const { over, culprits } = await sideways(page);
          if (over > 0) wide.push(`${name} at ${width}px: ${over}px too wide (${culprits.join(', ')})`);
        }
        if (lang === 'ar' || lang === 'he') {
          const bad = await misdirected(page);
          if (bad.length) wide.push(`${name}: ${bad.join('; ')}`);
        }
      }
      expect(wide).toEqual([]);
    },
    180_000,
  );
});
