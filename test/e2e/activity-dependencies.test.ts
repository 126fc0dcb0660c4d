import { describe, expect, it, vi } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/he.json' with { type: 'json' };
import { activityInput, yearPlanInput } from '../support/fixtures.js';
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, POLL, pageInLanguage, SHOTS } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

const interpolate = (text: string, params: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');

/** Planners say on an activity's page what it comes after; the API's rules refuse a loop; viewers only read. */
describe.skipIf(!browserAvailable())("web app: an activity's dependencies on its page in Chromium", () => {
  const suite = browserSuite();
  const ids = { plan: '', first: '', second: '' };

  it('adds what an activity comes after by its reference, refuses an unknown one and a loop, and removes it, in French', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'fr');
    try {
      const commission = (await apiOk(context.request, 'get', '/api/commissions')).items[0] as { id: string };
      const plan = await apiOk(context.request, 'post', '/api/plans', yearPlanInput(commission.id, 2032));
      const period = (start: string, end: string) => ({ plannedPeriod: { start, end, precision: 'day' } });
      const first = await apiOk(
        context.request,
        'post',
        `/api/plans/${plan.id}/activities`,
        activityInput('2032-DEP-01', period('2032-03-01', '2032-03-03')),
      );
      const second = await apiOk(
        context.request,
        'post',
        `/api/plans/${plan.id}/activities`,
        activityInput('2032-DEP-02', period('2032-03-10', '2032-03-12')),
      );
      Object.assign(ids, { plan: plan.id, first: first.id, second: second.id });
      const dependencies = async () => (await apiOk(context.request, 'get', `/api/plans/${plan.id}/dependencies`)).items;

      await page.goto(`/activities/${second.id}`);
      const card = page.locator('.activity-dependencies');
      await card.getByText(fr.dependencies.none).first().waitFor(POLL);
      const reference = card.getByLabel(fr.dependencies.predecessor);
      const add = card.getByRole('button', { name: fr.dependencies.addButton });

      // A reference no activity of the plan has: said beside the field, nothing made.
      await reference.fill('2032-NONE-99');
      await add.click();
      await card.getByText(interpolate(fr.dependencies.noSuchActivity, { ref: '2032-NONE-99' })).waitFor(POLL);
      expect(await dependencies()).toEqual([]);

      await reference.fill('2032-DEP-01');
      await card.getByLabel(fr.dependencies.lagField).fill('2');
      await add.click();
      const after = card.getByRole('list', { name: fr.dependencies.after });
      await after.getByText('2032-DEP-01', { exact: true }).waitFor(POLL);
      expect(await after.textContent()).toContain(interpolate(fr.dependencies.lag, { count: '2' }));
      expect(await dependencies()).toEqual([
        expect.objectContaining({ predecessorId: first.id, successorId: second.id, lagDays: 2, violated: false }),
      ]);
      await card.screenshot({ path: `${SHOTS}web-activity-dependencies-fr.png` });

      // The other way round would close a loop: the API refuses it, the page says so, nothing is made.
      await page.goto(`/activities/${first.id}`);
      await card.getByRole('list', { name: fr.dependencies.before }).getByText('2032-DEP-02', { exact: true }).waitFor(POLL);
      await reference.fill('2032-DEP-02');
      await add.click();
      await card.getByRole('alert').waitFor(POLL);
      expect(await dependencies()).toHaveLength(1);
    } finally {
      await context.close();
    }
  });

  it('shows them right to left in Hebrew, and lets a viewer read them without changing them', async () => {
    const planner = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'he');
    try {
      await planner.page.goto(`/activities/${ids.second}`);
      const card = planner.page.locator('.activity-dependencies');
      await card.getByRole('list', { name: he.dependencies.after }).getByText('2032-DEP-01', { exact: true }).waitFor(POLL);
      expect(await planner.page.locator('html').getAttribute('dir')).toBe('rtl');
      await card.screenshot({ path: `${SHOTS}web-activity-dependencies-he.png` });
    } finally {
      await planner.context.close();
    }
    const viewer = await pageInLanguage(suite.browser, suite.server, 'mar.viewer', 'fr');
    try {
      await viewer.page.goto(`/activities/${ids.second}`);
      const card = viewer.page.locator('.activity-dependencies');
      await card.getByRole('list', { name: fr.dependencies.after }).getByText('2032-DEP-01', { exact: true }).waitFor(POLL);
      expect(await card.getByRole('button').count()).toBe(0);
      expect(await card.locator('form').count()).toBe(0);
    } finally {
      await viewer.context.close();
    }
    // The planner removes it: the page lists none again, and so does the API.
    const again = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'fr');
    try {
      await again.page.goto(`/activities/${ids.second}`);
      const card = again.page.locator('.activity-dependencies');
      await card.getByRole('button', { name: interpolate(fr.dependencies.remove, { ref: '2032-DEP-01' }) }).click();
      await expect.poll(() => card.getByText(fr.dependencies.none).count(), POLL).toBe(2);
      expect((await apiOk(again.context.request, 'get', `/api/plans/${ids.plan}/dependencies`)).items).toEqual([]);
    } finally {
      await again.context.close();
    }
  });
});
