import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { browserSuite, POLL, shot, signedInPage } from './helpers.js';

/**
 * The demo's Benslimane activities are released to the USA while their plan is
 * released to Israel only: usa.viewer reads the activity, not its plan. The
 * breadcrumb of the activity offers only ways that lead somewhere.
 */
describe.skipIf(!browserAvailable())('web app: the breadcrumb of an activity in Chromium', () => {
  const suite = browserSuite();

  async function openAs(username: string): Promise<{ page: Page; activityId: string; planId: string }> {
    const { page } = await signedInPage(suite.browser, suite.server, username);
    const found = await (await page.request.get('/api/search?q=Benslimane')).json();
    const hit = found.items.find((h: { kind: string }) => h.kind === 'activity');
    expect(hit, 'usa.viewer reads a Benslimane activity').toBeTruthy();
    await page.goto(`/activities/${hit.activityId}`);
    await page.locator('.activity-page .record-header').waitFor(POLL);
    return { page, activityId: hit.activityId, planId: hit.planId };
  }

  it('offers usa.viewer no way to a plan it may not read, and every way it offers leads to a page', async () => {
    const { page, planId } = await openAs('usa.viewer');
    expect((await page.request.get(`/api/plans/${planId}`)).status()).toBe(404);
    const crumbs = page.getByRole('navigation', { name: fr.layout.breadcrumb });
    await expect.poll(() => crumbs.getByRole('link').count(), POLL).toBe(1);
    expect(await crumbs.getByRole('link', { name: fr.activity.backToPlan }).count()).toBe(0);
    await shot(page, 'breadcrumb-usa-viewer');
    for (const href of await crumbs.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
      await page.goto(href ?? '/');
      await page.getByRole('heading', { level: 1 }).first().waitFor(POLL);
      expect(await page.getByText(fr.common.notFound).count()).toBe(0);
      expect(await page.getByText(fr.common.pageNotFound).count()).toBe(0);
    }
  });

  it('leads mar.planner, who reads the plan, to it', async () => {
    const { page, planId } = await openAs('mar.planner');
    const back = page.getByRole('navigation', { name: fr.layout.breadcrumb }).getByRole('link', { name: fr.activity.backToPlan });
    await back.waitFor(POLL);
    await back.click();
    await page.waitForURL(`**/plans/${planId}`, POLL);
    await page.locator('.record-header h1').waitFor(POLL);
    expect(await page.getByText(fr.common.notFound).count()).toBe(0);
  });
});
