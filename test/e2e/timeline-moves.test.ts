import { addMonths, format, parseISO } from 'date-fns';
import type { Page } from 'playwright-core';
import { describe, expect, it, vi } from 'vitest';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { activityInput, yearPlanInput } from '../support/fixtures.js';
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, POLL, pageInLanguage, SHOTS } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

type Period = { start: string; end: string; precision: string };

/** Presses on the middle of `from` and lets go `dx` pixels further along the page, in steps, as a hand drags. */
async function drag(page: Page, from: ReturnType<Page['locator']>, dx: number) {
  const box = await from.boundingBox();
  if (!box) throw new Error('the element to drag is drawn');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(x + (dx * i) / 5, y);
  await page.mouse.up();
}

/** Planners move the bars of a draft plan with the pointer and the keyboard; the rules of the API decide. */
describe.skipIf(!browserAvailable())('web app: moving activities on the timeline in Chromium', () => {
  const suite = browserSuite();

  it('moves a span of days by dragging it, lengthens it by its end, moves a month by the keyboard, in French', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'fr', {
      viewport: { width: 1440, height: 900 },
    });
    try {
      const commission = (await apiOk(context.request, 'get', '/api/commissions')).items[0] as { id: string };
      const plan = await apiOk(context.request, 'post', '/api/plans', yearPlanInput(commission.id, 2031));
      const days = await apiOk(
        context.request,
        'post',
        `/api/plans/${plan.id}/activities`,
        activityInput('2031-MV-01', { plannedPeriod: { start: '2031-03-10', end: '2031-03-12', precision: 'day' } }),
      );
      const month = await apiOk(
        context.request,
        'post',
        `/api/plans/${plan.id}/activities`,
        activityInput('2031-MV-02', {
          domain: 'training',
          plannedPeriod: { start: '2031-05-01', end: '2031-05-31', precision: 'month' },
        }),
      );
      const periodOf = async (id: string) =>
        (await apiOk(context.request, 'get', `/api/activities/${id}`)).plannedPeriod as Period;
      // A move is saved, then the plan's activities are read again: until then the bar is drawn as moving and
      // the page starts no other move (one at a time). The API answering the new period does not mean the page
      // has read it yet: the next move waits for the page.
      const settled = () => expect.poll(() => page.locator('.timeline-bar.moving').count(), POLL).toBe(0);

      await page.goto(`/plans/${plan.id}?view=timeline`);
      const bar = page.locator(`.timeline-bar[data-activity="${days.id}"]`);
      await bar.waitFor(POLL);
      expect(await page.locator('.timeline-help').textContent()).toBe(fr.timeline.moveHelp);
      // The track holds the plan's 365 days: ten days are ten of its 365 parts.
      const track = await page.locator('.timeline-head .lane-track').boundingBox();
      if (!track) throw new Error('the track is drawn');
      const perDay = track.width / 365;

      await drag(page, bar.locator('.timeline-days'), 10 * perDay);
      await expect.poll(() => periodOf(days.id), POLL).toEqual({ start: '2031-03-20', end: '2031-03-22', precision: 'day' });
      // A drag is not a click: the page stays on the timeline.
      expect(page.url()).toContain(`/plans/${plan.id}`);
      // Screen readers are told what moved.
      await expect
        .poll(() => page.locator('.timeline-view [aria-live="polite"]').textContent(), POLL)
        .toContain(fr.timeline.moved.split('{{period}}')[0]?.replace('{{code}}', '2031-MV-01'));

      await settled();
      await drag(page, bar.locator('.timeline-grip'), 3 * perDay);
      await expect.poll(() => periodOf(days.id), POLL).toEqual({ start: '2031-03-20', end: '2031-03-25', precision: 'day' });

      // A month moves by whole months: Alt and the arrow towards later times.
      await settled();
      await page.locator(`.timeline-bar[data-activity="${month.id}"] a`).focus();
      await page.keyboard.press('Alt+ArrowRight');
      await expect.poll(() => periodOf(month.id), POLL).toEqual({ start: '2031-06-01', end: '2031-06-30', precision: 'month' });
      // Keys pressed again at once: one move at a time, each with the version it read, so none is refused as
      // stale, and the bar keeps the focus however its lane is drawn again.
      await settled();
      await page.keyboard.press('Alt+ArrowRight');
      await page.keyboard.press('Alt+ArrowRight');
      await expect.poll(async () => (await periodOf(month.id)).start > '2031-06-01', POLL).toBe(true);
      await page.waitForTimeout(500);
      expect(await page.locator('.timeline-refusal').count()).toBe(0);
      expect(await page.evaluate(() => document.activeElement?.closest('.timeline-bar')?.getAttribute('data-activity'))).toBe(
        month.id,
      );
      await page.locator('.timeline').screenshot({ path: `${SHOTS}web-timeline-moved-fr.png` });
    } finally {
      await context.close();
    }
  });

  it('moves towards the left for later in Arabic, and says why an adopted plan refuses a move, changing nothing', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'ar', {
      viewport: { width: 1440, height: 900 },
    });
    try {
      const plans = (await apiOk(context.request, 'get', '/api/plans')).items as { id: string; periodStart: string }[];
      const draft = plans.find((p) => p.periodStart === '2031-01-01');
      if (!draft) throw new Error('the French test made a draft plan of 2031');
      const items = (await apiOk(context.request, 'get', `/api/plans/${draft.id}/activities`)).items as {
        id: string;
        refCode: string;
      }[];
      const month = items.find((a) => a.refCode === '2031-MV-02');
      if (!month) throw new Error('the draft holds its month activity');
      await page.goto(`/plans/${draft.id}?view=timeline`);
      const link = page.locator(`.timeline-bar[data-activity="${month.id}"] a`);
      await link.waitFor(POLL);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await page.locator('.timeline-help').textContent()).toBe(ar.timeline.moveHelp);
      const before = (await apiOk(context.request, 'get', `/api/activities/${month.id}`)).plannedPeriod.start as string;
      const monthLater = format(addMonths(parseISO(before), 1), 'yyyy-MM-dd');
      await link.focus();
      await page.keyboard.press('Alt+ArrowLeft');
      await expect
        .poll(async () => (await apiOk(context.request, 'get', `/api/activities/${month.id}`)).plannedPeriod.start, POLL)
        .toBe(monthLater);

      // The demo's plan is adopted and has no amendment open: the move is refused, said, and nothing changes.
      const adopted = plans.find((p) => p.periodStart === '2026-01-01');
      if (!adopted) throw new Error('the demo has its 2026 plan');
      const planned = (
        (await apiOk(context.request, 'get', `/api/plans/${adopted.id}/activities?status=planned&limit=1`)).items as {
          id: string;
          version: number;
          plannedPeriod: Period;
        }[]
      )[0];
      if (!planned) throw new Error('the demo plan has a planned activity');
      await page.goto(`/plans/${adopted.id}?view=timeline`);
      const frozen = page.locator(`.timeline-bar[data-activity="${planned.id}"] a`);
      await frozen.waitFor(POLL);
      await frozen.focus();
      await page.keyboard.press('Alt+ArrowLeft');
      await page.locator('.timeline-refusal').waitFor(POLL);
      const after = await apiOk(context.request, 'get', `/api/activities/${planned.id}`);
      expect(after.version).toBe(planned.version);
      expect(after.plannedPeriod).toEqual(planned.plannedPeriod);
      await page.locator('.timeline-view').screenshot({ path: `${SHOTS}web-timeline-refused-ar.png` });
    } finally {
      await context.close();
    }
  });

  it('lets a viewer move nothing', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.viewer', 'fr');
    try {
      const plans = (await apiOk(context.request, 'get', '/api/plans')).items as { id: string }[];
      const plan = plans[0];
      if (!plan) throw new Error('the demo has plans');
      await page.goto(`/plans/${plan.id}?view=timeline`);
      await page.locator('.timeline-bar').first().waitFor(POLL);
      expect(await page.locator('.timeline-bar.movable').count()).toBe(0);
      expect(await page.locator('.timeline-help').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
