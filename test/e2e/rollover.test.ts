import type { APIRequestContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import ar from '../../web/src/i18n/rollover/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/rollover/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, POLL, pageInLanguage, shot } from './helpers.js';

/**
 * Starting next year's plan on screen: a planner of an adopted plan opens the carry-over,
 * sees it grouped by why each activity is carried, drops one, and creates the draft,
 * which is then shown; in French and, right to left, in Arabic.
 */
describe.skipIf(!browserAvailable())('web app: rolling a plan over into next year in Chromium', () => {
  const suite = browserSuite();

  /** An adopted plan of `year` with an open activity, a postponed one and one to drop; its id. */
  async function adoptedPlan(mar: APIRequestContext, isr: APIRequestContext, year: number) {
    const [commission] = (await apiOk(mar, 'get', '/api/commissions')).items;
    const plan = await apiOk(mar, 'post', '/api/plans', {
      commissionId: commission.id,
      title: { fr: `Plan E2E ${year}`, ar: `خطة ${year}` },
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
    });
    const ids: string[] = [];
    for (const ref of ['RO-OPEN', 'RO-LATE', 'RO-DROP'])
      ids.push(
        (
          await apiOk(mar, 'post', `/api/plans/${plan.id}/activities`, {
            refCode: `${year}-${ref}`,
            title: { fr: `Activité ${ref}`, ar: `نشاط ${ref}` },
            type: 'technical_meeting',
            domain: 'planning',
            leadParty: 'MAR',
            participatingParties: ['ISR'],
            plannedPeriod: { start: `${year}-06-01`, end: `${year}-06-30`, precision: 'month' },
            classification: 'UNCLASSIFIED',
            releasableTo: ['ISR'],
          })
        ).id,
      );
    const move = async (request: APIRequestContext, to: string) =>
      apiOk(request, 'post', `/api/plans/${plan.id}/transitions`, {
        to,
        version: (await apiOk(request, 'get', `/api/plans/${plan.id}`)).version,
      });
    await move(mar, 'proposed');
    await move(mar, 'approved');
    await move(isr, 'approved');
    await apiOk(mar, 'post', `/api/activities/${ids[1]}/transitions`, {
      to: 'postponed',
      reason: 'report',
      version: (await apiOk(mar, 'get', `/api/activities/${ids[1]}`)).version,
      plannedPeriod: { start: `${year}-10-01`, end: `${year}-12-31`, precision: 'quarter' },
    });
    return plan.id as string;
  }

  for (const [language, texts, year] of [
    ['fr', fr.rollover, 2091],
    ['ar', ar.rollover, 2093],
  ] as const)
    it(`reviews the carry-over and creates the draft in ${language}`, async () => {
      const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', language);
      const { context: isrContext } = await pageInLanguage(suite.browser, suite.server, 'isr.planner', language);
      try {
        const planId = await adoptedPlan(context.request, isrContext.request, year);
        await page.goto(`/plans/${planId}`);
        await page.getByRole('button', { name: texts.start }).click(POLL);
        await expect.poll(() => page.locator('[data-reason="open"] input[type="checkbox"]').count(), POLL).toBe(2);
        await expect.poll(() => page.locator('[data-reason="postponed"] input[type="checkbox"]').count(), POLL).toBe(1);
        expect(await page.getByText(texts.reason.postponed).count()).toBe(1);
        await page.locator('.rollover-panel').getByLabel(`${year}-RO-DROP`, { exact: false }).uncheck();
        if (language === 'ar') expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
        await shot(page, `rollover-${language}`);
        await page.getByRole('button', { name: texts.create }).click();
        await expect.poll(() => page.url(), POLL).not.toContain(planId);
        const newPlanId = page.url().split('/plans/')[1]?.split(/[?#]/)[0] ?? '';
        const activities = await apiOk(context.request, 'get', `/api/plans/${newPlanId}/activities`);
        expect(activities.items.map((a: { refCode: string }) => a.refCode).sort()).toEqual([
          `${year}-RO-LATE`,
          `${year}-RO-OPEN`,
        ]);
        // The carried activity's page names the one it continues, with its plan.
        await page.goto(`/activities/${activities.items[0].id}`);
        await expect.poll(() => page.locator('.rollover-origin').textContent(), POLL).toContain(texts.continues);
        expect(await page.locator('.rollover-origin').textContent()).toContain(`${year}-RO-`);
        const draft = await apiOk(context.request, 'get', `/api/plans/${newPlanId}`);
        expect(draft).toMatchObject({ status: 'draft', periodStart: `${year + 1}-01-01` });
      } finally {
        await context.close();
        await isrContext.close();
      }
    }, 180_000);
});
