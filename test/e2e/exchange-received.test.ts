import { createReadStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActivity } from '../../src/app/activity.usecases.js';
import type { Actor } from '../../src/app/context.js';
import { ceremonyRecords, exportBundle, importBundle, trustKeys } from '../../src/app/exchange-bundle.usecases.js';
import { addFollowUp } from '../../src/app/follow-up.usecases.js';
import { createPlan, transitionPlanStatus, updatePlan } from '../../src/app/plan.usecases.js';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import receivedAr from '../../web/src/i18n/received/ar.json' with { type: 'json' };
import receivedFr from '../../web/src/i18n/received/fr.json' with { type: 'json' };
import { type Installation, installation, marIsrCommission, serveInstallation } from '../support/exchange-installations.js';
import { shippedPolicy } from '../support/exchange-policies.js';
import { activityInput, makeActor, PASSWORD, sessionCookie, yearPlanInput } from '../support/fixtures.js';
import { browserAvailable, buildWebApp, CHROMIUM, CHROMIUM_ARGS } from './browser.js';
import { expectAccessible, interpolate, POLL, SHOTS, shot } from './helpers.js';

vi.setConfig({ testTimeout: 120_000 });

const EXPIRES = '2099-01-01T00:00:00.000Z';
const stream = (file: string) => createReadStream(file, { highWaterMark: 4096 }) as AsyncIterable<Uint8Array>;

/**
 * A partner's plan received, read and approved in the browser, with two installations in the test, each
 * served with the web app: MAR proposes a plan released to ISR and sends it; ISR's planner finds it
 * among the received plans, reads it read-only (owned by MAR, marked at ISR's level with MAR's marking
 * in brackets, its activities and follow-up), is told to read it again when a newer version arrived
 * meanwhile, and approves; ISR's bundle takes the approval back, and MAR's plan page shows ISR's
 * approval, of the current version, and of an earlier version once MAR changes the plan. In French and
 * in Arabic, right to left.
 */
describe.skipIf(!browserAvailable())('web app: received plans and partners’ approvals in Chromium', () => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let marPlanner: Actor;
  let isrPlanner: Actor;
  let isrViewer: Actor;
  let planId: string;
  let marApp: FastifyInstance;
  let isrApp: FastifyInstance;
  let marUrl: string;
  let isrUrl: string;
  let browser: Browser;
  let n = 0;
  const saved = { ...process.env };

  const send = async (from: Installation, to: Installation) => {
    const file = join(dir, `${from.setup.policy.party}-${to.setup.policy.party}-${++n}.bundle`);
    await exportBundle(from.ctx, from.officer, from.setup, to.setup.policy.party, file);
    return importBundle(to.ctx, to.officer, to.setup, stream(file));
  };
  const planVersion = async () =>
    (await mar.t.db.selectFrom('work_plan').select('version').where('id', '=', planId).executeTakeFirstOrThrow()).version;

  /** The installation served over HTTP with the web app, its exchange configuration read while the environment names it. */
  const serve = async (inst: Installation) => {
    const app = await serveInstallation(inst, dir, '/api/exchange/overview');
    // The approvals' routes read the policy on their first request: made now, while the environment is this installation's.
    const cookie = await sessionCookie(app, inst.officer.username);
    await app.inject({ method: 'GET', url: `/api/plans/${planId}/partner-approvals`, headers: { cookie } });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, url };
  };

  /** A page of the installation at `url`, in `language`, its user signed in through the API. */
  const pageAt = async (url: string, username: string, language: string) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: url });
    await context.addInitScript((l) => localStorage.setItem('jointplan.language', l), language);
    const login = await context.request.post('/api/auth/login', { data: { username, password: PASSWORD } });
    expect(login.status()).toBe(200);
    return { context, page: await context.newPage() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-e2e-received-'));
    for (const p of ['MAR', 'ISR']) mkdirSync(join(dir, p), { recursive: true });
    mar = await installation('sqlite', shippedPolicy('MAR'), dir, { parties: ['MAR', 'ISR'] });
    isr = await installation('sqlite', shippedPolicy('ISR'), dir, { parties: ['MAR', 'ISR'], alg: 'ES256' });
    for (const at of [mar, isr])
      for (const of of [mar, isr]) await trustKeys(at.ctx, at.officer, at.setup, ceremonyRecords(of.ctx, of.setup, EXPIRES));
    const made = await marIsrCommission(mar, ['ISR']);
    marPlanner = made.planner;
    const plan = await createPlan(mar.ctx, marPlanner, yearPlanInput(made.commission.id, 2026, { releasableTo: ['ISR'] }));
    planId = plan.id;
    const activity = await createActivity(
      mar.ctx,
      marPlanner,
      planId,
      activityInput('MAR-ISR-01', { classification: 'RESTRICTED', releasableTo: ['ISR'] }),
    );
    await addFollowUp(mar.ctx, marPlanner, activity.id, {
      kind: 'note',
      body: 'Réunion préparatoire tenue à Rabat',
      language: 'fr',
    });
    await transitionPlanStatus(mar.ctx, marPlanner, planId, { to: 'proposed' });
    isrPlanner = await makeActor(isr.ctx, 'ISR', ['planner', 'contributor'], 'SECRET');
    isrViewer = await makeActor(isr.ctx, 'ISR', ['viewer'], 'SECRET');
    const report = await send(mar, isr);
    expect(report.records.filter((r) => r.action === 'created').map((r) => r.kind)).toEqual(['plan', 'activity', 'follow_up']);

    await buildWebApp();
    mkdirSync(SHOTS, { recursive: true });
    ({ app: marApp, url: marUrl } = await serve(mar));
    ({ app: isrApp, url: isrUrl } = await serve(isr));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    process.env = saved;
    await browser?.close();
    await marApp?.close();
    await isrApp?.close();
    for (const i of [mar, isr]) await i?.t.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lets ISR’s planner read MAR’s plan received and approve it, and MAR then shows ISR’s approval (French)', async () => {
    const { page, context } = await pageAt(isrUrl, isrPlanner.username, 'fr');
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: fr.nav.received }).click();
    await page.getByRole('heading', { level: 1, name: receivedFr.received.title }).waitFor(POLL);
    const row = page.locator(`table.received-plans tr[data-id="${planId}"]`);
    await row.waitFor(POLL);
    expect(await row.textContent()).toContain('MAR');
    await expectAccessible(page);
    await row.getByRole('link', { name: 'Plan de travail 2026' }).click();

    const copy = page.locator('.received-plan-page');
    await copy.getByRole('heading', { level: 1, name: 'Plan de travail 2026' }).waitFor(POLL);
    // Owned by its originator, MAR, named; marked at ISR's level with MAR's own marking in brackets, as the API gives it.
    expect(await copy.locator('.received-owner').textContent()).toBe(interpolate(receivedFr.received.ownedBy, { party: 'MAR' }));
    const received = (
      (await (await context.request.get('/api/exchange/received?lang=fr')).json()) as {
        items: { kind: string; id: string; marking: string }[];
      }
    ).items;
    const markingOf = (kind: string) => received.find((r) => r.kind === kind)?.marking ?? 'none';
    expect(markingOf('activity')).toMatch(/^.+ \[.+\]$/);
    expect(await copy.locator('.record-marking-row').textContent()).toBe(markingOf('plan'));
    const activityRow = copy.locator('table.received-activities tbody tr');
    expect(await activityRow.count()).toBe(1);
    expect(await activityRow.textContent()).toContain('MAR-ISR-01');
    expect(await activityRow.textContent()).toContain(`(${markingOf('activity')})`);
    expect(await activityRow.textContent()).toContain('Réunion préparatoire tenue à Rabat');
    // Read-only: the one control offered is the approval; nothing to type in.
    expect(await copy.locator('input, textarea, select').count()).toBe(0);
    const version = await planVersion();
    const approve = copy.getByRole('button', {
      name: interpolate(receivedFr.partnerApprovals.approve, { version, party: 'ISR' }),
    });
    await approve.waitFor(POLL);
    expect(await copy.locator('button').count()).toBe(1);
    expect(await copy.locator('.partner-approvals').textContent()).toContain(receivedFr.partnerApprovals.none);
    await expectAccessible(page);
    await shot(page, 'received-plan-fr');

    // MAR changes the plan and sends it meanwhile: the approval of the version read is refused and explained.
    await updatePlan(
      mar.ctx,
      marPlanner,
      planId,
      { title: { fr: 'Plan de travail 2026 révisé', en: '2026 work plan, revised' } },
      version,
    );
    await send(mar, isr);
    await approve.click();
    await copy.getByText(receivedFr.partnerApprovals.stale).waitFor(POLL);
    await copy.getByRole('button', { name: receivedFr.partnerApprovals.reload }).click();
    await copy.getByRole('heading', { level: 1, name: 'Plan de travail 2026 révisé' }).waitFor(POLL);
    const now = await planVersion();
    expect(now).toBeGreaterThan(version);
    await copy
      .getByRole('button', { name: interpolate(receivedFr.partnerApprovals.approve, { version: now, party: 'ISR' }) })
      .click();
    await copy.getByText(interpolate(receivedFr.partnerApprovals.approved, { version: now, party: 'MAR' })).waitFor(POLL);
    const given = copy.locator(`li.partner-approval[data-party="ISR"][data-version="${now}"]`);
    await given.waitFor(POLL);
    expect(await given.getAttribute('data-current')).toBe('true');
    expect(await given.textContent()).toContain(receivedFr.partnerApprovals.local);
    // Approved: no second button for the same version.
    expect(await copy.locator('button').count()).toBe(0);
    await context.close();

    // ISR's next bundle takes the approval back to MAR, whose plan page shows it as ISR's, of the current version.
    await send(isr, mar);
    const atMar = await pageAt(marUrl, marPlanner.username, 'fr');
    await atMar.page.goto(`/plans/${planId}`);
    const shown = atMar.page.locator(`.partner-approvals li.partner-approval[data-party="ISR"][data-version="${now}"]`);
    await shown.waitFor(POLL);
    expect(await shown.getAttribute('data-current')).toBe('true');
    expect(await shown.textContent()).toContain(receivedFr.partnerApprovals.current);
    expect(await shown.textContent()).toContain(interpolate(receivedFr.partnerApprovals.received, { party: 'ISR' }));
    expect(await shown.textContent()).toMatch(/\(.+ \[.+\]\)/);
    expect(await atMar.page.locator('.partner-approvals').textContent()).toContain(receivedFr.partnerApprovals.counting);
    await expectAccessible(atMar.page);
    await shot(atMar.page, 'received-approval-at-mar-fr');
    await atMar.context.close();
  });

  it('reads right to left in Arabic: the copy, no Approve button for a viewer, and ISR’s approval as of an earlier version at MAR', async () => {
    const viewer = await pageAt(isrUrl, isrViewer.username, 'ar');
    await viewer.page.goto('/');
    await viewer.page.getByRole('navigation').getByRole('link', { name: ar.nav.received }).click();
    await viewer.page.getByRole('heading', { level: 1, name: receivedAr.received.title }).waitFor(POLL);
    expect(await viewer.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await viewer.page.locator(`table.received-plans tr[data-id="${planId}"] a`).click();
    const copy = viewer.page.locator('.received-plan-page');
    await copy.locator('#partner-approvals-heading').getByText(receivedAr.partnerApprovals.title).waitFor(POLL);
    expect(await copy.locator('.received-owner').textContent()).toBe(interpolate(receivedAr.received.ownedBy, { party: 'MAR' }));
    // ISR's approval is listed for the viewer too; only a planner of ISR is offered to approve.
    await copy.locator('li.partner-approval[data-party="ISR"]').waitFor(POLL);
    expect(await copy.locator('button').count()).toBe(0);
    const approveAsViewer = await viewer.context.request.post(`/api/plans/${planId}/partner-approval`, {
      data: { version: await planVersion() },
    });
    expect(approveAsViewer.status()).toBe(403);
    await expectAccessible(viewer.page);
    await shot(viewer.page, 'received-plan-ar');
    // A plan never received reads as one that does not exist.
    await viewer.page.goto(`/received/plans/${crypto.randomUUID()}`);
    await viewer.page.getByText(ar.common.notFound).waitFor(POLL);
    await viewer.context.close();

    // MAR changes its plan: ISR's approval is now of an earlier version.
    const before = await planVersion();
    await updatePlan(
      mar.ctx,
      marPlanner,
      planId,
      { title: { fr: 'Plan de travail 2026 (v3)', en: '2026 work plan (v3)' } },
      before,
    );
    const atMar = await pageAt(marUrl, marPlanner.username, 'ar');
    await atMar.page.goto(`/plans/${planId}`);
    const shown = atMar.page.locator('.partner-approvals li.partner-approval[data-party="ISR"]');
    await shown.waitFor(POLL);
    expect(await atMar.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await shown.getAttribute('data-current')).toBe('false');
    expect(await shown.textContent()).toContain(receivedAr.partnerApprovals.earlier);
    await shot(atMar.page, 'received-approval-at-mar-ar');
    await atMar.context.close();
  });

  it('pages the received plans: 50 first, the rest under More plans (French)', async () => {
    // 55 more plans received from MAR, as copies of the one received, each with an id of its own.
    const copy = await isr.t.db
      .selectFrom('exchange_record')
      .selectAll()
      .where('kind', '=', 'plan')
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    const ids = Array.from({ length: 55 }, () => crypto.randomUUID());
    await isr.t.db
      .insertInto('exchange_record')
      .values(ids.map((id) => ({ ...copy, id })))
      .execute();
    try {
      const { context, page } = await pageAt(isrUrl, isrPlanner.username, 'fr');
      await page.goto('/received');
      const rows = page.locator('table.received-plans tbody tr');
      await rows.first().waitFor(POLL);
      expect(await rows.count()).toBe(50);
      const more = page.getByRole('button', { name: receivedFr.received.more });
      await more.click();
      await page.locator('table.received-plans tbody tr').nth(55).waitFor(POLL);
      expect(await rows.count()).toBe(56);
      expect(await more.count()).toBe(0);
      const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
      expect(new Set(shown)).toEqual(new Set([planId, ...ids]));
      await expectAccessible(page);
      await context.close();
    } finally {
      await isr.t.db.deleteFrom('exchange_record').where('kind', '=', 'plan').where('id', 'in', ids).execute();
    }
  });

  it('pages a received plan’s activities: 200 first by reference code, the rest under More activities (French)', async () => {
    // 205 more activities of the plan received from MAR, as copies of one received, each with its own id and reference.
    const activity = await isr.t.db
      .selectFrom('exchange_record')
      .selectAll()
      .where('kind', '=', 'activity')
      .where('parent_id', '=', planId)
      .executeTakeFirstOrThrow();
    const data = JSON.parse(activity.data) as Record<string, unknown>;
    const added = Array.from({ length: 205 }, (_, i) => ({
      ...activity,
      id: crypto.randomUUID(),
      data: JSON.stringify({ ...data, refCode: `ZZ-${String(204 - i).padStart(3, '0')}` }),
    }));
    await isr.t.db.insertInto('exchange_record').values(added).execute();
    try {
      const { context, page } = await pageAt(isrUrl, isrPlanner.username, 'fr');
      await page.goto(`/received/plans/${planId}?from=jointplan-mar`);
      const rows = page.locator('table.received-activities tbody tr');
      await rows.first().waitFor(POLL);
      expect(await rows.count()).toBe(200);
      const more = page.getByRole('button', { name: receivedFr.received.moreActivities });
      await more.click();
      await expect.poll(() => rows.count(), POLL).toBeGreaterThan(200);
      expect(await more.count()).toBe(0);
      const refs = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('.ref')?.textContent ?? ''));
      // Every activity once, in the order of their reference codes across the pages.
      expect(refs.filter((r) => r.startsWith('ZZ-'))).toEqual(
        Array.from({ length: 205 }, (_, i) => `ZZ-${String(i).padStart(3, '0')}`),
      );
      expect(refs).toEqual([...refs].sort());
      await expectAccessible(page);
      await context.close();
    } finally {
      await isr.t.db
        .deleteFrom('exchange_record')
        .where('kind', '=', 'activity')
        .where(
          'id',
          'in',
          added.map((a) => a.id),
        )
        .execute();
    }
  });

  it('keeps ISR’s approval on MAR’s plan page once ISR withdraws it, as withdrawn and when (French)', async () => {
    // MAR takes the plan back from ISR: ISR's copy goes with its approvals, and ISR's next bundle withdraws them.
    await updatePlan(mar.ctx, marPlanner, planId, { releasableTo: [] }, await planVersion());
    await send(mar, isr);
    const back = await send(isr, mar);
    expect(back.records.filter((r) => r.kind === 'approval').map((r) => r.action)).toEqual(['withdrawn']);
    const atMar = await pageAt(marUrl, marPlanner.username, 'fr');
    await atMar.page.goto(`/plans/${planId}`);
    const shown = atMar.page.locator('.partner-approvals li.partner-approval[data-party="ISR"]');
    await shown.waitFor(POLL);
    expect(await shown.getAttribute('data-withdrawn')).toBe('true');
    expect(await shown.getAttribute('data-current')).toBe('false');
    const text = (await shown.textContent()) ?? '';
    expect(text).toContain(receivedFr.partnerApprovals.withdrawn);
    expect(text).not.toContain(receivedFr.partnerApprovals.current);
    expect(text).toContain(receivedFr.partnerApprovals.withdrawnOn.split('{{')[0]);
    expect(await atMar.page.locator('.partner-approvals').textContent()).toContain(receivedFr.partnerApprovals.withdrawnHint);
    await expectAccessible(atMar.page);
    await shot(atMar.page, 'received-approval-withdrawn-at-mar-fr');
    await atMar.context.close();
  });
});
