// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEMS } from '../../src/domain/problems.js';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import frProblems from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { openBrowser, POLL, shot, signedInPage } from './helpers.js';

const fill = (text: string, params: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));

/** What a reader must never read: the English details, a route, an HTTP verb, an internal name. */
const LEAKS = [
  /open an amendment/i,
  /end must not be before start/i,
  /\/api\//,
  /\b(GET|POST|PATCH|PUT|DELETE)\b/,
  /in_execution/,
  /plannedPeriod/,
  /invalid field/i,
];

/**
 * In French, what the API refuses reads in French: a change to the content of
 * a plan in execution is refused with the plan's status in words, and an
 * activity that ends before it starts is told so at its end date.
 */
describe.skipIf(!browserAvailable())('web app: refusals in the reader’s language in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let activityUrl = '';

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ context, page } = await signedInPage(browser, server));
    const plans = (await (await page.request.get('/api/plans')).json()).items as { id: string; status: string }[];
    const running = plans.find((p) => p.status === 'in_execution');
    expect(running, 'the demo has a plan in execution').toBeDefined();
    const activities = (await (await page.request.get(`/api/plans/${running?.id}/activities`)).json()).items as {
      id: string;
      ownerParty: string;
    }[];
    const own = activities.find((a) => a.ownerParty === 'MAR');
    expect(own, 'a MAR activity in the plan in execution').toBeDefined();
    activityUrl = `/activities/${own?.id}`;
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const form = () => page.locator('form', { has: page.getByRole('heading', { name: fr.edit.title }) });
  const expectNoLeak = async (text: string) => {
    for (const leak of LEAKS) expect(text, String(leak)).not.toMatch(leak);
  };

  it('says in French that a plan in execution keeps its content, naming its status in words', async () => {
    await page.goto(activityUrl);
    await form().waitFor(POLL);
    await form().getByLabel(fr.activity.field.location, { exact: true }).fill('Kénitra, base navale');
    await form().getByRole('button', { name: fr.edit.save }).click();
    const alert = form().getByRole('alert');
    await alert.waitFor(POLL);
    const expected = fill(frProblems.plan.content_frozen, { planStatus: fr.planStatus.in_execution });
    expect(await alert.innerText()).toBe(expected);
    expect(expected).not.toBe(PROBLEMS['plan.content_frozen'].text);
    await expectNoLeak(await page.locator('main').innerText());
    await shot(page, 'problems-fr-frozen');
  });

  it('says in French, at the end date, that an activity cannot end before it starts', async () => {
    await page.goto(activityUrl);
    await form().waitFor(POLL);
    await form().getByLabel(fr.transition.precision, { exact: true }).selectOption('day');
    await form().getByLabel(fr.transition.periodStart, { exact: true }).fill('2026-06-20');
    await form().getByLabel(fr.transition.periodEnd, { exact: true }).fill('2026-06-10');
    await form().getByRole('button', { name: fr.edit.save }).click();
    const end = form().locator('.field', { has: page.getByLabel(fr.transition.periodEnd, { exact: true }) });
    await end.getByText(frProblems.period.end_before_start).waitFor(POLL);
    // Told once, at the end date.
    expect(await form().getByText(frProblems.period.end_before_start).count()).toBe(1);
    await expectNoLeak(await page.locator('main').innerText());
    await shot(page, 'problems-fr-period');
  });
});
