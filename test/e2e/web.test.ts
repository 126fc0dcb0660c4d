import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { openBrowser } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = `${ROOT}test-results/`;
const JS_BUDGET = 300 * 1024;
/** The machine is shared: give answers time to arrive. */
const POLL = { timeout: 15_000 };
const PASSWORD = 'demo-2026';

/** No serious or critical accessibility violation on the page as it stands. */
async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);
}

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}web-${name}.png`, fullPage: true });

async function signIn(page: Page, username: string) {
  await page.getByLabel(fr.signIn.username).fill(username);
  await page.getByLabel(fr.signIn.password).fill(PASSWORD);
  await page.getByRole('button', { name: fr.signIn.submit }).click();
  await page.getByRole('heading', { level: 1, name: fr.dashboard.title }).waitFor();
}

const statusFilter = (page: Page) => page.getByRole('combobox', { name: fr.activities.status, exact: true });
const dataRows = (page: Page) => page.locator('.data-table tbody tr:not(.spacer)');

describe.skipIf(!browserAvailable())('web app in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let planUrl = '';
  let plansSeenByPlanner = 0;
  const scriptBytes = new Map<string, number>();

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, baseURL: server.url });
    page = await context.newPage();
    page.on('response', async (res) => {
      if (res.request().resourceType() !== 'script' || !res.ok()) return;
      scriptBytes.set(res.url(), gzipSync(await res.body()).length);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the sign-in page in French, and refuses bad input next to the fields', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: fr.signIn.title }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr']);
    await expect(page.locator('.page-banner.top').textContent()).resolves.toBe(fr.classification.UNCLASSIFIED);
    await expectAccessible(page);
    await shot(page, 'sign-in');

    await page.getByRole('button', { name: fr.signIn.submit }).click();
    await expect(page.locator('.field-error').count()).resolves.toBe(2);
    await page.getByLabel(fr.signIn.username).fill('mar.planner');
    await page.getByLabel(fr.signIn.password).fill('not-the-password');
    await page.getByRole('button', { name: fr.signIn.submit }).click();
    await page.getByRole('alert').getByText(fr.signIn.failed).waitFor();
  });

  it('signs in to the dashboard: plans, measures and charts, within the script budget', async () => {
    await signIn(page, 'mar.planner');
    const plans = page.locator('.plan-card');
    await plans.first().waitFor();
    plansSeenByPlanner = await plans.count();
    expect(plansSeenByPlanner).toBeGreaterThan(0);
    await page.locator('.kpi-value').first().waitFor();
    await page.locator('.chart svg').first().waitFor();
    await expect(page.locator('.chart svg').count()).resolves.toBe(2);
    // The banner carries the most sensitive record on the page.
    await expect(page.locator('.page-banner.top').textContent()).resolves.not.toBe(fr.classification.UNCLASSIFIED);
    await expectAccessible(page);
    await shot(page, 'dashboard');

    const total = [...scriptBytes.values()].reduce((a, b) => a + b, 0);
    expect(total, `scripts for sign-in and dashboard: ${[...scriptBytes.keys()].join(', ')}`).toBeLessThanOrEqual(JS_BUDGET);
    planUrl = (await plans.first().getByRole('link').getAttribute('href')) ?? '';
    expect(planUrl).toMatch(/^\/plans\//);
  });

  it('opens the plan: approvals, and the activities table filters, searches and sorts', async () => {
    await page.locator('.plan-card').first().getByRole('link').click();
    await page.getByRole('heading', { level: 2, name: fr.plan.activities }).waitFor();
    await dataRows(page).first().waitFor();
    const all = await dataRows(page).count();
    expect(all).toBeGreaterThan(1);
    // The header and the rows load side by side.
    await expect.poll(() => page.locator('.approvals li').count(), POLL).toBeGreaterThan(1);

    await statusFilter(page).selectOption('reported');
    await expect
      .poll(async () => new Set(await page.locator('.data-table .badge').allTextContents()), POLL)
      .toEqual(new Set([fr.activityStatus.reported]));
    await statusFilter(page).selectOption('');
    await expect.poll(() => dataRows(page).count(), POLL).toBe(all);

    const refHeader = page.getByRole('columnheader', { name: fr.activities.column.refCode });
    await expect(refHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
    const firstRef = await page.locator('.data-table tbody .ref').first().textContent();
    await refHeader.getByRole('button').click();
    await expect(refHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect.poll(() => page.locator('.data-table tbody .ref').first().textContent(), POLL).not.toBe(firstRef);

    const someTitle = (await dataRows(page).first().locator('td').nth(1).textContent()) ?? '';
    const word = someTitle.split(/\s+/).find((w) => w.length > 5) ?? someTitle;
    await page.getByLabel(fr.activities.search).fill(word);
    await expect
      .poll(async () => {
        const n = await dataRows(page).count();
        return n > 0 && n < all;
      }, POLL)
      .toBe(true);
    await page.getByLabel(fr.activities.search).fill('');
    await expect.poll(() => dataRows(page).count(), POLL).toBe(all);

    await expectAccessible(page);
    await shot(page, 'plan');
  });

  it('opens an activity, adds a follow-up and moves it through its lifecycle', async () => {
    await statusFilter(page).selectOption('planned');
    await expect
      .poll(async () => new Set(await page.locator('.data-table .badge').allTextContents()), POLL)
      .toEqual(new Set([fr.activityStatus.planned]));
    await page.locator('.data-table tbody .ref').first().click();
    await page.getByRole('heading', { name: fr.activity.details }).waitFor();
    await expect(page.locator('.record-header .badge').textContent()).resolves.toBe(fr.activityStatus.planned);

    const note = `Point de situation ${Date.now()}`;
    await page.getByRole('button', { name: fr.followUp.add }).click();
    await page.locator('.follow-up-form .field-error').first().waitFor();
    await page.getByLabel(fr.followUp.body).fill(note);
    await page.getByRole('button', { name: fr.followUp.add }).click();
    await page.locator('.follow-up-body', { hasText: note }).waitFor();

    // The API's own refusal (cancelling needs a reason) shows next to the reason field.
    await page.getByLabel(fr.transition.to).selectOption('cancelled');
    await page.getByRole('button', { name: fr.transition.submit }).click();
    await page.locator('.field.has-error', { has: page.getByLabel(fr.transition.reason) }).waitFor();

    await page.getByLabel(fr.transition.to).selectOption('scheduled');
    await page.getByLabel(fr.transition.reason).fill('Dates arrêtées avec la partie israélienne');
    await page.getByRole('button', { name: fr.transition.submit }).click();
    await expect.poll(() => page.locator('.record-header .badge').textContent(), POLL).toBe(fr.activityStatus.scheduled);
    await page.locator('.follow-up .badge', { hasText: fr.followUp.kind.status_change }).first().waitFor();
    await expectAccessible(page);
    await shot(page, 'activity');
  });

  it('shows a change made meanwhile and reapplies the move to the newer version', async () => {
    const id = page.url().split('/').pop() ?? '';
    const current = await (await page.request.get(`/api/activities/${id}`)).json();
    await page.getByLabel(fr.transition.to).selectOption('cancelled');
    await page.getByLabel(fr.transition.reason).fill('Priorités revues par le commandement');

    // Someone else postpones the activity while the form is open.
    const postponed = await page.request.post(`/api/activities/${id}/transitions`, {
      data: {
        to: 'postponed',
        reason: 'Calendrier de la partie israélienne',
        plannedPeriod: { start: '2027-03-01', end: '2027-03-31', precision: 'month' },
        version: current.version,
      },
    });
    expect(postponed.status(), await postponed.text()).toBe(200);

    await page.getByRole('button', { name: fr.transition.submit }).click();
    const alert = page.getByRole('alert').filter({ hasText: fr.activityStatus.postponed });
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(String(current.version + 1));
    await shot(page, 'activity-conflict');
    await alert.getByRole('button', { name: fr.transition.reapply }).click();
    await expect.poll(() => page.locator('.record-header .badge').textContent(), POLL).toBe(fr.activityStatus.cancelled);
  });

  it('switches to Arabic, lays the page out right to left, and remembers the choice', async () => {
    await page.getByRole('combobox', { name: fr.layout.language, exact: true }).selectOption('ar');
    await page.getByRole('heading', { name: ar.activity.details }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    // Saved for the user, so that the notifications e-mailed to them are in Arabic too.
    await expect.poll(async () => (await (await page.request.get('/api/me/language')).json()).language, POLL).toBe('ar');
    await expectAccessible(page);
    await shot(page, 'activity-ar');
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: ar.dashboard.title }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.locator('.chart svg').first().waitFor();
    await shot(page, 'dashboard-ar');
    await page.getByRole('combobox', { name: ar.layout.language, exact: true }).selectOption('fr');
    await page.getByRole('heading', { level: 1, name: fr.dashboard.title }).waitFor();
    await expect.poll(async () => (await (await page.request.get('/api/me/language')).json()).language, POLL).toBe('fr');
  });

  it('shows a viewer of another party fewer records, and a hidden plan as not found', async () => {
    const other = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, baseURL: server.url });
    try {
      const viewer = await other.newPage();
      await viewer.goto('/');
      await signIn(viewer, 'usa.viewer');
      await viewer.locator('.plan-list, .dashboard p.muted').last().waitFor();
      expect(await viewer.locator('.plan-card').count()).toBeLessThan(plansSeenByPlanner);
      await viewer.goto(planUrl);
      await viewer.getByRole('alert').getByText(fr.common.notFound).waitFor();
      await shot(viewer, 'viewer-not-found');
    } finally {
      await other.close();
    }
  });
});
