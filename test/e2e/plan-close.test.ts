import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { DEMO_PASSWORD, expectAccessible, openBrowser, POLL, shot, signedInPage, signIn } from './helpers.js';

const pd = fr.planDecisions;
const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(params[k] ?? ''));

/**
 * Closing a joint plan on screen: the owner's planner chooses what becomes of
 * each open activity in one dialog (a kept-open activity blocks it), is told
 * plainly that the period is not over, and confirms; the other party refuses
 * with a comment the owner reads, then agrees to a second proposal, which
 * closes the plan.
 */
describe.skipIf(!browserAvailable())('web app: closing a plan is a joint decision in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let marContext: BrowserContext;
  let isrContext: BrowserContext;
  let mar: Page;
  let isr: Page;
  let planId = '';
  const year = new Date().getUTCFullYear();
  const periodEnd = `${year}-12-31`;
  const refs = ['E2E-CLS-01', 'E2E-CLS-02', 'E2E-CLS-03'];

  async function ok(request: APIRequestContext, method: 'get' | 'post', url: string, data?: object) {
    const res = await request[method](url, data ? { data } : {});
    expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
    return res.json();
  }

  /** A month's technical meeting of MAR with ISR in June of this year, released to ISR. */
  const activityBody = (refCode: string, classification = 'UNCLASSIFIED') => ({
    refCode,
    title: { fr: `Activité ${refCode}` },
    type: 'technical_meeting',
    domain: 'planning',
    leadParty: 'MAR',
    participatingParties: ['ISR'],
    plannedPeriod: { start: `${year}-06-01`, end: `${year}-06-30`, precision: 'month' },
    priority: 2,
    classification,
    releasableTo: ['ISR'],
  });

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ context: marContext, page: mar } = await signedInPage(browser, server, 'mar.planner'));
    ({ context: isrContext, page: isr } = await signedInPage(browser, server, 'isr.planner'));
    const [commission] = (await ok(mar.request, 'get', '/api/commissions')).items;
    const planInput = (y: number, title: string) => ({
      commissionId: commission.id,
      title: { fr: title },
      periodStart: `${y}-01-01`,
      periodEnd: `${y}-12-31`,
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
    });
    const plan = await ok(mar.request, 'post', '/api/plans', planInput(year, `Plan conjoint E2E ${year}`));
    planId = plan.id;
    for (const ref of refs) await ok(mar.request, 'post', `/api/plans/${planId}/activities`, activityBody(ref));
    const move = async (request: APIRequestContext, to: string) =>
      ok(request, 'post', `/api/plans/${planId}/transitions`, {
        to,
        version: (await ok(request, 'get', `/api/plans/${planId}`)).version,
      });
    await move(mar.request, 'proposed');
    await move(mar.request, 'approved');
    await move(isr.request, 'approved');
    await move(mar.request, 'in_execution');
    await ok(mar.request, 'post', '/api/plans', planInput(year + 1, `Plan conjoint E2E ${year + 1}`));
  }, 240_000);

  afterAll(async () => {
    await marContext?.close();
    await isrContext?.close();
    await browser?.close();
    await server?.stop();
  });

  const dialog = () => mar.getByRole('dialog', { name: pd.closeTitle });
  const choose = async (ref: string, choice: 'carry' | 'cancel' | 'block', reason?: string) => {
    await dialog().getByLabel(fill(pd.choiceFor, { ref })).selectOption(choice);
    if (reason) await dialog().getByLabel(fill(pd.reasonFor, { ref })).fill(reason);
  };
  const proposeClose = async () => {
    await mar.goto(`/plans/${planId}`);
    await mar.getByRole('button', { name: pd.closeOpen }).click();
    await dialog().waitFor(POLL);
    for (const ref of refs) await dialog().getByText(ref, { exact: true }).waitFor(POLL);
  };

  it('proposes the close from one dialog, where a kept-open activity blocks it and an early close is said plainly', async () => {
    await proposeClose();
    const early = new Date().toISOString().slice(0, 10) < periodEnd;
    if (early)
      await dialog()
        .getByText(pd.earlyWarning.split('{{')[0] as string)
        .waitFor(POLL);
    await choose('E2E-CLS-01', 'carry');
    await choose('E2E-CLS-02', 'cancel', 'Remplacée par l’exercice suivant');
    await choose('E2E-CLS-03', 'block');
    await dialog()
      .getByText(fill(pd.blocked, { count: 1 }))
      .waitFor(POLL);
    expect(await dialog().getByRole('button', { name: pd.review }).isDisabled()).toBe(true);
    await expectAccessible(mar);
    await shot(mar, 'plan-close-blocked');
    await choose('E2E-CLS-03', 'cancel', 'Plus nécessaire');
    await dialog().getByRole('button', { name: pd.review }).click();
    await dialog().locator('.close-summary').waitFor(POLL);
    if (early) await dialog().locator('.close-early').waitFor(POLL);
    await shot(mar, 'plan-close-confirm');
    await dialog().getByRole('button', { name: pd.confirmClose }).click();
    await mar.getByRole('region', { name: pd.proposal.close }).waitFor(POLL);
    const plan = await ok(mar.request, 'get', `/api/plans/${planId}`);
    expect(plan.status).toBe('in_execution');
  });

  it('shows the owner why the other party refused', async () => {
    await isr.goto(`/plans/${planId}`);
    const proposal = isr.getByRole('region', { name: pd.proposal.close });
    await proposal.waitFor(POLL);
    await proposal.getByRole('button', { name: pd.refuse }).click();
    await proposal.getByLabel(pd.commentRequired).fill('E2E-CLS-03 se tient encore en janvier');
    await proposal.getByRole('button', { name: pd.confirmRefusal }).click();
    // The proposal is dropped: its panel goes.
    await proposal.waitFor({ state: 'detached', ...POLL });

    await mar.goto(`/plans/${planId}`);
    const history = mar.locator('.decision-history');
    await history.waitFor(POLL);
    await history.getByText('E2E-CLS-03 se tient encore en janvier').waitFor(POLL);
    await history.getByText(pd.kind.refuse_close).waitFor(POLL);
    // Who refused is another party's user: named by their party alone.
    await history.getByText(fr.common.otherPartyUser.replace('{{party}}', 'ISR')).first().waitFor(POLL);
    await shot(mar, 'plan-close-refused');
    // The owner is told, with the plan's title as it reads in the reader's language.
    await mar.goto('/notifications');
    const told = mar.locator('.notification-list li').filter({ hasText: fr.notifications.kind.close_refused });
    await told.getByRole('link', { name: `Plan conjoint E2E ${year}` }).waitFor(POLL);
    await shot(mar, 'plan-close-notified');
  });

  it('closes the plan once the other party agrees', async () => {
    await proposeClose();
    await choose('E2E-CLS-01', 'carry');
    await choose('E2E-CLS-02', 'cancel', 'Remplacée');
    await choose('E2E-CLS-03', 'carry');
    await dialog().getByRole('button', { name: pd.review }).click();
    await dialog().getByRole('button', { name: pd.confirmClose }).click();
    await mar.getByRole('region', { name: pd.proposal.close }).waitFor(POLL);

    await isr.goto(`/plans/${planId}`);
    const proposal = isr.getByRole('region', { name: pd.proposal.close });
    await proposal.waitFor(POLL);
    await proposal.getByRole('button', { name: fill(pd.agree.close, { party: 'ISR' }) }).click();
    await isr
      .locator('.plan-decisions')
      .getByText(pd.closedReopenUntil.split(' ')[0] as string)
      .first()
      .waitFor(POLL);
    await isr.getByRole('button', { name: pd.reopenOpen }).waitFor(POLL);
    await expectAccessible(isr);
    await shot(isr, 'plan-closed');
    const plan = await ok(isr.request, 'get', `/api/plans/${planId}`);
    expect(plan.status).toBe('closed');
    expect(plan.reopenUntil).not.toBeNull();
  });

  it('lets the agreeing party say what becomes of the open activities the proposer could not read', async () => {
    // A planner of the owner party cleared for unclassified records only proposes the close.
    await ok(mar.request, 'post', '/api/users', {
      username: 'mar.e2e.low',
      displayName: 'Planificateur non habilité (MAR)',
      party: 'MAR',
      roles: ['planner'],
      clearance: 'UNCLASSIFIED',
      password: DEMO_PASSWORD,
    });
    const lowContext = await browser.newContext({ locale: 'fr-FR', baseURL: server.url });
    const low = await lowContext.newPage();
    await low.goto('/');
    await signIn(low, 'mar.e2e.low');
    const [commission] = (await ok(mar.request, 'get', '/api/commissions')).items;
    const other = await ok(mar.request, 'post', '/api/plans', {
      commissionId: commission.id,
      title: { fr: `Plan restreint E2E ${year}` },
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
    });
    const activityOf = (refCode: string, classification: string) =>
      ok(mar.request, 'post', `/api/plans/${other.id}/activities`, activityBody(refCode, classification));
    const seen = await activityOf('E2E-RST-01', 'UNCLASSIFIED');
    await activityOf('E2E-RST-02', 'RESTRICTED');
    const move = async (request: APIRequestContext, to: string) =>
      ok(request, 'post', `/api/plans/${other.id}/transitions`, {
        to,
        version: (await ok(request, 'get', `/api/plans/${other.id}`)).version,
      });
    await move(mar.request, 'proposed');
    await move(mar.request, 'approved');
    await move(isr.request, 'approved');
    await move(mar.request, 'in_execution');
    await ok(low.request, 'post', `/api/plans/${other.id}/close`, {
      dispositions: [{ activityId: seen.id, disposition: 'cancel', reason: 'Plus nécessaire' }],
      version: (await ok(low.request, 'get', `/api/plans/${other.id}`)).version,
    });
    await lowContext.close();

    await isr.goto(`/plans/${other.id}`);
    const proposal = isr.getByRole('region', { name: pd.proposal.close });
    await proposal.waitFor(POLL);
    await proposal.getByRole('button', { name: fill(pd.agree.close, { party: 'ISR' }) }).click();
    const agreeing = isr.getByRole('dialog', { name: pd.agreeTitle });
    await agreeing.waitFor(POLL);
    // Only the activity the proposal has no disposition for is asked.
    await agreeing.getByText('E2E-RST-02', { exact: true }).waitFor(POLL);
    expect(await agreeing.getByText('E2E-RST-01', { exact: true }).count()).toBe(0);
    await agreeing.getByLabel(fill(pd.choiceFor, { ref: 'E2E-RST-02' })).selectOption('cancel');
    await agreeing.getByLabel(fill(pd.reasonFor, { ref: 'E2E-RST-02' })).fill('Sans objet');
    await agreeing.getByRole('button', { name: pd.review }).click();
    await agreeing.getByText(fill(pd.agreeSummaryNoCarry, { cancelled: 1 })).waitFor(POLL);
    await expectAccessible(isr);
    await shot(isr, 'plan-close-agree-dispositions');
    await agreeing.getByRole('button', { name: fill(pd.agree.close, { party: 'ISR' }) }).click();
    await agreeing.waitFor({ state: 'detached', ...POLL });
    const plan = await ok(isr.request, 'get', `/api/plans/${other.id}`);
    expect(plan.status).toBe('closed');
  });
});
