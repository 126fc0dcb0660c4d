import { addMonths, endOfMonth, format, parseISO, startOfMonth } from 'date-fns';
import { describe, expect, it, vi } from 'vitest';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/he.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, POLL, pageInLanguage, SHOTS } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

type Item = {
  id: string;
  refCode: string;
  domain: string;
  status: string;
  version: number;
  plannedPeriod: { start: string; end: string };
};

/** The timeline of a demo plan with a dependency between two of its activities, in French and in Arabic. */
describe.skipIf(!browserAvailable())('web app: dependencies, today and sessions on the timeline in Chromium', () => {
  const suite = browserSuite();
  let planId = '';
  let insidePlan = new Date();
  let dependencyId = '';

  it.each([
    ['fr', fr],
    ['ar', ar],
  ] as const)('draws the arrow of a dependency, the today line and the sessions as milestones, in %s', async (lang, texts) => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', lang, {
      viewport: { width: 1440, height: 900 },
    });
    try {
      if (!dependencyId) {
        const plans = (await apiOk(context.request, 'get', '/api/plans')).items as {
          id: string;
          commissionId: string;
          periodStart: string;
          periodEnd: string;
        }[];
        const plan = plans[0];
        if (!plan) throw new Error('the demo has plans');
        planId = plan.id;
        // The browser's today is set to the first day of a session inside the plan's period, whatever
        // day the suite runs: the today line is then drawn, and the calendar opens on that month.
        const sessions = (await apiOk(context.request, 'get', `/api/commissions/${plan.commissionId}/sessions`)).items as {
          startDate: string;
        }[];
        const sitting = sessions.find((x) => plan.periodStart <= x.startDate && x.startDate <= plan.periodEnd);
        if (!sitting) throw new Error('the demo plan has a session of its commission in its period');
        insidePlan = new Date(`${sitting.startDate}T12:00:00Z`);
        const items = (await apiOk(context.request, 'get', `/api/plans/${planId}/activities?limit=200&sort=plannedStart`))
          .items as Item[];
        // Two activities of different domains, the second starting after the first ends.
        const first = items[0] as Item;
        const second = items.find((a) => a.domain !== first.domain && a.plannedPeriod.start > first.plannedPeriod.end);
        if (!second) throw new Error('the demo plan has activities one after another');
        const dependency = await apiOk(context.request, 'post', `/api/plans/${planId}/dependencies`, {
          predecessorId: first.id,
          successorId: second.id,
          lagDays: 0,
        });
        dependencyId = dependency.id;
      }
      await page.clock.setFixedTime(insidePlan);
      await page.goto(`/plans/${planId}?view=timeline`);
      await page.locator('.timeline-bar').first().waitFor(POLL);
      const arrow = page.locator(`.timeline-arrows path[data-dependency="${dependencyId}"]`);
      await arrow.waitFor({ state: 'attached', ...POLL });
      // The arrow runs from one bar to the other: it has length in both directions of the page.
      const box = await arrow.evaluate((el) => {
        const b = (el as SVGGraphicsElement).getBBox();
        return { width: b.width, height: b.height };
      });
      expect(box.width).toBeGreaterThan(5);
      expect(box.height).toBeGreaterThan(5);
      expect(await page.getByRole('img', { name: texts.timeline.dependencies }).count()).toBe(1);
      expect(await page.locator('.timeline-today').count()).toBeGreaterThan(0);
      expect(await page.locator('.timeline-today-mark').textContent()).toBe(texts.timeline.today);
      expect(await page.locator('.timeline-session').count()).toBeGreaterThan(0);
      if (lang === 'ar') {
        // Time runs right to left: the arrow leaves the predecessor's bar on its left side.
        expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      }
      await page.locator('.timeline').screenshot({ path: `${SHOTS}web-timeline-dependencies-${lang}.png` });
      // The calendar opens on this month and shows the sessions of the commission on their days.
      await page.goto(`/plans/${planId}?view=calendar`);
      await page.locator('.calendar').waitFor(POLL);
      expect(await page.locator('.calendar-session').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
  it('draws the year by week and outlines, under a postponed activity, its period in the baseline, in Hebrew', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'he', {
      viewport: { width: 1440, height: 900 },
    });
    try {
      // An activity of the approved plan that was in its baseline, postponed by a month within the plan's period:
      // the baseline keeps the period it had.
      const plan = await apiOk(context.request, 'get', `/api/plans/${planId}`);
      const { added } = await apiOk(context.request, 'get', `/api/plans/${planId}/diff`);
      const items = (await apiOk(context.request, 'get', `/api/plans/${planId}/activities?limit=200&sort=plannedStart`))
        .items as Item[];
      const moved = items.find(
        (a) =>
          ['planned', 'scheduled', 'postponed'].includes(a.status) &&
          !added.includes(a.refCode) &&
          format(endOfMonth(addMonths(parseISO(a.plannedPeriod.end), 1)), 'yyyy-MM-dd') <= plan.periodEnd,
      );
      if (!moved) throw new Error('the demo plan has an activity of its baseline that can be postponed by a month');
      const next = addMonths(parseISO(moved.plannedPeriod.end), 1);
      const [start, end] = [startOfMonth(next), endOfMonth(next)].map((d) => format(d, 'yyyy-MM-dd'));
      await apiOk(context.request, 'post', `/api/activities/${moved.id}/transitions`, {
        to: 'postponed',
        reason: 'Calendrier revu',
        plannedPeriod: { start, end, precision: 'month' },
        version: moved.version,
      });
      await page.clock.setFixedTime(insidePlan);
      await page.goto(`/plans/${planId}?view=timeline`);
      const bar = page.locator(`.timeline-bar[data-activity="${moved.id}"]`);
      await bar.waitFor(POLL);
      const outline = bar.locator('.timeline-baseline');
      await outline.waitFor({ state: 'attached', ...POLL });
      expect(await page.locator('.timeline-legend').textContent()).toContain(he.timeline.baselineLegend);
      // An outline under each bar drawn whose period the diff from the baseline changes, and none other (an
      // activity postponed beyond the plan's year is not drawn).
      const drawn = await page.locator('.timeline-bar .ref').allTextContents();
      const diff = (await apiOk(context.request, 'get', `/api/plans/${planId}/diff`)) as {
        changed: { refCode: string; changes: { field: string }[] }[];
      };
      const movedCodes = diff.changed
        .filter((c) => drawn.includes(c.refCode) && c.changes.some((x) => x.field === 'plannedPeriod'))
        .map((c) => c.refCode);
      const outlined = await page
        .locator('.timeline-bar:has(.timeline-baseline)')
        .evaluateAll((bars) => bars.map((b) => b.querySelector('.ref')?.textContent ?? ''));
      expect(outlined.sort()).toEqual(movedCodes.sort());
      // Right to left: the baseline period, earlier, lies to the right of the postponed days.
      const days = await bar.locator('.timeline-days').boundingBox();
      const was = await outline.boundingBox();
      if (!days || !was) throw new Error('the bar and its outline are drawn');
      expect(was.x).toBeGreaterThan(days.x + days.width - 1);
      // Screen readers hear the baseline period with the bar.
      expect(await bar.locator('.visually-hidden').textContent()).toContain(he.timeline.baseline.split('{{')[0] as string);

      await page.locator('.timeline').screenshot({ path: `${SHOTS}web-timeline-baseline-he.png` });

      // By week: a column a week of the plan's year, on a track wider than the page, scrolled rather than squeezed.
      await page.getByText(he.timeline.by.week, { exact: true }).click();
      await expect.poll(() => page.locator('.timeline-column').count(), POLL).toBeGreaterThanOrEqual(52);
      expect(await page.locator('.timeline-column').count()).toBeLessThanOrEqual(54);
      const overflow = await page.locator('.timeline').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeGreaterThan(0);
      await page.locator('.timeline').screenshot({ path: `${SHOTS}web-timeline-weeks-he.png` });
    } finally {
      await context.close();
    }
  });
});
