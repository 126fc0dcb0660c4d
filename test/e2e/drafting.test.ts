import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActionItem, Activity, CommissionSession, Revision, WorkPlan } from '../../web/src/api/types.js';
import { isolate } from '../../web/src/components/bidi.js';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { expectAccessible, interpolate, openBrowser, POLL, shot, signedInPage, signIn } from './helpers.js';

// Each flow makes many round trips through forms; on a busy shared machine that takes a while.
vi.setConfig({ testTimeout: 150_000 });

/** Planners draft in the web app what they used to mail as spreadsheets: activities, plans, sessions. */
describe.skipIf(!browserAvailable())('web app: drafting plans, activities and sessions in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  /** The demo's 2026 plan, as the API gives it to the MAR planner. */
  let plan2026: WorkPlan;

  const newContext = () => browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, baseURL: server.url });
  const get = async <T>(p: Page, path: string): Promise<T> => {
    const res = await p.request.get(path);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as T;
  };
  const statusBadge = (p: Page) => p.locator('.record-header .meta-row .badge').first();
  /** The field of a form holding the control with this label, once it shows an error. */
  const fieldInError = (form: Locator, label: string) =>
    form.locator('.field.has-error', { has: form.page().getByLabel(label, { exact: true }) });

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page } = await signedInPage(browser, server));
    const plans = await get<{ items: WorkPlan[] }>(page, '/api/plans');
    const found = plans.items.find((p) => p.periodStart === '2026-01-01' && p.status === 'in_execution');
    if (!found) throw new Error('The demo has no 2026 plan in execution');
    plan2026 = found;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('adds an activity to the adopted 2026 plan through an amendment, after showing its field errors, then runs it', async () => {
    await page.goto(`/plans/${plan2026.id}`);
    await page.getByRole('button', { name: fr.activityCreate.open }).click();
    const form = page.getByRole('form', { name: fr.activityCreate.heading });
    // The plan is adopted: the form says an amendment must be opened first, and leads there.
    await form.getByText(fr.activityCreate.amendmentNeeded).waitFor(POLL);
    await form.getByRole('button', { name: fr.activityCreate.showRevisions }).click();
    await page.getByLabel(fr.revisions.reason).fill('Retour d’expérience des visites d’unités ajouté au plan');
    await page.getByRole('button', { name: fr.revisions.open }).click();
    await expect
      .poll(
        async () =>
          (await get<{ items: Revision[] }>(page, `/api/plans/${plan2026.id}/revisions`)).items.some((r) => r.status === 'open'),
        POLL,
      )
      .toBe(true);
    await page.getByRole('tab', { name: fr.plan.view.table }).click();
    await page.getByRole('button', { name: fr.activityCreate.open }).click();
    await form.waitFor();
    expect(await form.getByText(fr.activityCreate.amendmentNeeded).count()).toBe(0);

    // A code already used in the plan, and an end before the start.
    const taken = (await get<{ items: Activity[] }>(page, `/api/plans/${plan2026.id}/activities?limit=1`)).items[0];
    if (!taken) throw new Error('The 2026 plan has no activity');
    await form.getByLabel(fr.activityCreate.refCode).fill(taken.refCode);
    await form.getByLabel(interpolate(fr.edit.titleIn, { lang: 'FR' })).fill('Retour d’expérience des visites d’unités');
    await form.getByLabel(fr.activity.field.domain).selectOption('forces');
    await form.getByLabel(fr.activity.field.type).selectOption('seminar');
    await form.getByLabel(fr.transition.periodStart).fill('2026-11-20');
    await form.getByLabel(fr.transition.periodEnd).fill('2026-11-18');
    await form.getByLabel(fr.activity.field.location).fill('Rabat');
    await form.getByRole('button', { name: fr.activityCreate.save }).click();
    // Checked in the browser with the API's own schema: nothing is sent yet.
    await fieldInError(form, fr.transition.periodEnd).waitFor();
    expect(await fieldInError(form, fr.activityCreate.refCode).count()).toBe(0);

    await form.getByLabel(fr.transition.periodEnd).fill('2026-11-21');
    await form.getByRole('button', { name: fr.activityCreate.save }).click();
    // The API refuses the taken code, and says so beside the field.
    await fieldInError(form, fr.activityCreate.refCode).waitFor(POLL);
    expect(await fieldInError(form, fr.transition.periodEnd).count()).toBe(0);
    await expectAccessible(page);
    await shot(page, 'activity-create-fr');

    await form.getByLabel(fr.activityCreate.refCode).fill('2026-RETEX-01');
    await form.getByRole('button', { name: fr.activityCreate.save }).click();
    await page.getByRole('heading', { level: 1, name: 'Retour d’expérience des visites d’unités' }).waitFor(POLL);
    expect(page.url()).toMatch(/\/activities\/[\w-]+$/);
    // Written into an adopted plan, the activity is planned at once.
    await expect.poll(() => statusBadge(page).textContent(), POLL).toBe(fr.activityStatus.planned);

    for (const to of ['scheduled', 'conducted', 'reported'] as const) {
      await page.getByLabel(fr.transition.to).selectOption(to);
      await page.getByRole('button', { name: fr.transition.submit }).click();
      await expect.poll(() => statusBadge(page).textContent(), POLL).toBe(fr.activityStatus[to]);
    }
    const note = 'Compte rendu diffusé aux deux états-majors';
    await page.getByLabel(fr.followUp.body).fill(note);
    await page.getByRole('button', { name: fr.followUp.add }).click();
    await page.locator('.follow-up-body', { hasText: note }).waitFor(POLL);

    const id = page.url().split('/').pop() ?? '';
    const created = await get<Activity>(page, `/api/activities/${id}`);
    expect(created).toMatchObject({
      planId: plan2026.id,
      refCode: '2026-RETEX-01',
      domain: 'forces',
      type: 'seminar',
      location: 'Rabat',
      status: 'reported',
      plannedPeriod: { start: '2026-11-20', end: '2026-11-21', precision: 'day' },
      // The plan's own label is the default one.
      classification: plan2026.classification,
      releasableTo: plan2026.releasableTo,
    });
  });

  it('drafts a plan, adds and deletes activities, proposes it, and both parties approve it', async () => {
    await page.goto('/');
    // Opened from the keyboard: the button says whether its form is shown.
    const open = page.getByRole('button', { name: fr.planCreate.open });
    await open.focus();
    await page.keyboard.press('Enter');
    await expect(open.getAttribute('aria-expanded')).resolves.toBe('true');
    const form = page.getByRole('form', { name: fr.planCreate.heading });
    const title = 'Plan de travail militaire conjoint 2027 (projet)';
    await form.getByLabel(interpolate(fr.planCreate.titleIn, { lang: 'FR' })).fill(title);
    await form.getByLabel(fr.planCreate.periodStart).fill('2027-01-01');
    await form.getByLabel(fr.planCreate.periodEnd).fill('2026-12-31');
    await form.getByRole('button', { name: fr.planCreate.save }).click();
    await fieldInError(form, fr.planCreate.periodEnd).waitFor();
    await form.getByLabel(fr.planCreate.periodEnd).fill('2027-12-31');
    // Released to the partner by default, so that it can read and approve the plan.
    await expect(form.getByRole('checkbox', { name: 'ISR' }).isChecked()).resolves.toBe(true);
    await expectAccessible(page);
    await shot(page, 'plan-create-fr');
    await form.getByRole('button', { name: fr.planCreate.save }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor(POLL);
    await expect.poll(() => statusBadge(page).textContent(), POLL).toBe(fr.planStatus.draft);
    const planId = page.url().split('/').pop() ?? '';

    const addActivity = async (refCode: string, activityTitle: string) => {
      await page.getByRole('button', { name: fr.activityCreate.open }).click();
      const activityForm = page.getByRole('form', { name: fr.activityCreate.heading });
      await activityForm.getByLabel(fr.activityCreate.refCode).fill(refCode);
      await activityForm.getByLabel(interpolate(fr.edit.titleIn, { lang: 'FR' })).fill(activityTitle);
      await activityForm.getByLabel(fr.activity.field.domain).selectOption('planning');
      await activityForm.getByLabel(fr.activity.field.type).selectOption('staff_talks');
      await activityForm.getByLabel(fr.transition.periodStart).fill('2027-03-10');
      // A month period covers the whole month, as plans write it.
      await activityForm.getByLabel(fr.transition.precision).selectOption('month');
      await expect(activityForm.getByLabel(fr.transition.periodEnd).inputValue()).resolves.toBe('2027-03-31');
      await activityForm.getByRole('button', { name: fr.activityCreate.save }).click();
      await page.getByRole('heading', { level: 1, name: activityTitle }).waitFor(POLL);
      await expect.poll(() => statusBadge(page).textContent(), POLL).toBe(fr.activityStatus.proposed);
    };
    await addActivity('2027-PLN-01', 'Entretiens d’état-major sur la planification 2027');
    await page.getByRole('link', { name: fr.activity.backToPlan }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor(POLL);
    await addActivity('2027-PLN-02', 'Activité saisie par erreur');

    // Deleted after a confirmation, back to the plan.
    await page.getByRole('button', { name: fr.activityDelete.open }).click();
    const confirm = page.getByRole('group', { name: interpolate(fr.activityDelete.confirm, { refCode: '2027-PLN-02' }) });
    await confirm.getByRole('button', { name: fr.activityDelete.cancel }).click();
    await page.getByRole('button', { name: fr.activityDelete.open }).click();
    // The keyboard lands on the safe choice.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), POLL).toBe(fr.activityDelete.cancel);
    await expectAccessible(page);
    await confirm.getByRole('button', { name: fr.activityDelete.yes }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor(POLL);
    await page.locator('.data-table').getByText('2027-PLN-01').waitFor(POLL);
    expect(await page.locator('.data-table').getByText('2027-PLN-02').count()).toBe(0);
    const activities = await get<{ items: Activity[] }>(page, `/api/plans/${planId}/activities`);
    expect(activities.items.map((a) => a.refCode)).toEqual(['2027-PLN-01']);

    await page.getByRole('button', { name: fr.approval.moveTo.proposed }).click();
    await expect.poll(() => statusBadge(page).textContent(), POLL).toBe(fr.planStatus.proposed);
    await page.getByRole('button', { name: interpolate(fr.approval.approveFor, { party: 'MAR' }) }).click();
    await page.locator('.approvals li.approved', { hasText: 'MAR' }).waitFor(POLL);
    // One party's approval is not enough.
    await expect.poll(() => statusBadge(page).textContent(), POLL).toBe(fr.planStatus.proposed);

    const isrContext = await newContext();
    try {
      const isr = await isrContext.newPage();
      await isr.goto('/');
      await signIn(isr, 'isr.planner');
      await isr.goto(`/plans/${planId}`);
      await isr.getByRole('heading', { level: 1, name: title }).waitFor(POLL);
      await isr.getByRole('button', { name: interpolate(fr.approval.approveFor, { party: 'ISR' }) }).click();
      await expect.poll(() => statusBadge(isr).textContent(), POLL).toBe(fr.planStatus.approved);
      await expect.poll(() => isr.locator('.approvals li.approved').count(), POLL).toBe(2);
      const hash = isr.locator('.baseline-hash code');
      await hash.waitFor(POLL);
      const baseline = (await get<{ items: Revision[] }>(isr, `/api/plans/${planId}/revisions`)).items.find(
        (r) => r.number === 0,
      );
      expect(baseline?.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(await hash.textContent()).toBe(baseline?.contentHash);
      await expectAccessible(isr);
      await shot(isr, 'plan-approved-isr');
    } finally {
      await isrContext.close();
    }
    const approved = await get<WorkPlan>(page, `/api/plans/${planId}`);
    expect(approved.status).toBe('approved');
    expect(approved.approvals.map((a) => a.party).sort()).toEqual(['ISR', 'MAR']);
  });

  it('records the 5th session and its prepared agenda carries forward the 3rd session’s open action items', async () => {
    const commissionId = plan2026.commissionId;
    const sessions = (await get<{ items: CommissionSession[] }>(page, `/api/commissions/${commissionId}/sessions`)).items;
    const last = Math.max(...sessions.map((s) => s.number));
    const third = sessions.find((s) => s.number === 3);
    if (!third) throw new Error('The demo has no 3rd session');
    await page.goto(`/commissions/${commissionId}/sessions`);
    await page.getByRole('button', { name: fr.sessionCreate.open }).click();
    const form = page.getByRole('form', { name: fr.sessionCreate.heading });
    await expect(form.getByLabel(fr.sessionCreate.number).inputValue()).resolves.toBe(String(last + 1));

    // A number already taken is refused by the API beside the field.
    await form.getByLabel(fr.sessionCreate.number).fill(String(last));
    await form.getByLabel(fr.sessionEdit.startDate).fill('2027-06-07');
    await form.getByLabel(fr.sessionEdit.endDate).fill('2027-06-09');
    await form.getByLabel(fr.sessionEdit.place).fill('Tel-Aviv');
    await form.getByLabel(fr.sessionEdit.host).selectOption('ISR');
    await form.getByRole('button', { name: fr.sessionEdit.addMember }).click();
    const member = form.getByRole('group', { name: interpolate(fr.sessionEdit.member, { n: 1 }) });
    await member.getByLabel(fr.sessionEdit.party).selectOption('MAR');
    await member.getByLabel(fr.sessionEdit.name).fill('Karim Bennani (nom illustratif)');
    await member.getByLabel(fr.sessionEdit.function).fill('Chef de délégation');
    await form.getByRole('button', { name: fr.sessionCreate.save }).click();
    await fieldInError(form, fr.sessionCreate.number).waitFor(POLL);
    await expectAccessible(page);
    await shot(page, 'session-create-fr');

    await form.getByLabel(fr.sessionCreate.number).fill(String(last + 1));
    await form.getByRole('button', { name: fr.sessionCreate.save }).click();
    await page
      .getByRole('heading', {
        level: 1,
        name: interpolate(fr.sessions.heading, { number: last + 1, place: isolate('Tel-Aviv') }),
      })
      .waitFor(POLL);
    const sessionId = page.url().split('/').pop() ?? '';
    const created = await get<CommissionSession>(page, `/api/sessions/${sessionId}`);
    const commission = await get<{ parties: string[] }>(page, `/api/commissions/${commissionId}`);
    // Released by default to the commission's other parties, who take part in its sessions.
    expect(created).toMatchObject({
      number: last + 1,
      hostParty: 'ISR',
      status: 'planned',
      ownerParty: 'MAR',
      releasableTo: commission.parties.filter((p) => p !== 'MAR').sort(),
    });
    expect(created.delegations).toEqual([
      { party: 'MAR', name: 'Karim Bennani (nom illustratif)', function: 'Chef de délégation' },
    ]);

    await page.getByRole('button', { name: fr.agenda.prepare }).click();
    await page
      .getByRole('status')
      .filter({ hasText: interpolate(fr.agenda.prepared, { count: '' }).trim() })
      .waitFor(POLL);
    const items = (await get<{ items: ActionItem[] }>(page, `/api/commissions/${commissionId}/action-items`)).items;
    const stillOpen = items.filter((a) => a.sessionId === third.id && (a.status === 'open' || a.status === 'in_progress'));
    expect(stillOpen.length).toBeGreaterThan(0);
    for (const item of stillOpen) {
      const entry = page.locator('.agenda-item', { hasText: item.title });
      await entry.first().waitFor(POLL);
      // Titled with the session that decided it.
      await expect(entry.first().locator('h3').textContent()).resolves.toContain(`session ${third.number}`);
    }
    // Closed items stay behind.
    for (const item of items.filter((a) => a.sessionId === third.id && (a.status === 'done' || a.status === 'dropped')))
      expect(await page.locator('.agenda-item', { hasText: item.title }).count()).toBe(0);
    await shot(page, 'session-5-agenda');
  });

  it('lays the new forms out right to left in Arabic, accessibly', async () => {
    await page.goto('/');
    await page.getByRole('combobox', { name: fr.layout.language, exact: true }).selectOption('ar');
    await page.getByRole('heading', { level: 1, name: ar.dashboard.title }).waitFor(POLL);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    try {
      await page.getByRole('button', { name: ar.planCreate.open }).click();
      await page.getByRole('form', { name: ar.planCreate.heading }).waitFor(POLL);
      await expectAccessible(page);
      await shot(page, 'plan-create-ar');

      await page.goto(`/plans/${plan2026.id}`);
      await page.getByRole('button', { name: ar.activityCreate.open }).click();
      const activityForm = page.getByRole('form', { name: ar.activityCreate.heading });
      await activityForm.getByLabel(ar.transition.periodStart).fill('2026-12-10');
      await activityForm.getByRole('button', { name: ar.activityCreate.save }).click();
      // The schema's messages speak Arabic too, beside the fields they concern.
      await fieldInError(activityForm, ar.activityCreate.refCode).waitFor();
      await expectAccessible(page);
      await shot(page, 'activity-create-ar');

      await page.goto(`/commissions/${plan2026.commissionId}/sessions`);
      await page.getByRole('button', { name: ar.sessionCreate.open }).click();
      const sessionForm = page.getByRole('form', { name: ar.sessionCreate.heading });
      await sessionForm.getByRole('button', { name: ar.sessionEdit.addMember }).click();
      await expectAccessible(page);
      await shot(page, 'session-create-ar');
    } finally {
      await page.getByRole('combobox', { name: ar.layout.language, exact: true }).selectOption('fr');
    }
  });
});
