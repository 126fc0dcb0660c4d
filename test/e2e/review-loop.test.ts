import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/he.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { downloadOf, expectAccessible, openBrowser, POLL, shot, signedInPage, signIn } from './helpers.js';

const dataRows = (page: Page) => page.locator('.data-table tbody tr:not(.spacer)');
const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });

/**
 * The plan's views, exports, activity editing and history, the dashboard's
 * lists, notifications, administration, and the review loop (sessions,
 * action items, approvals, amendments, results), in Chromium on the demo.
 */
describe.skipIf(!browserAvailable())('web app: plan views and the review loop in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let planUrl = '';

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page } = await signedInPage(browser, server, 'mar.planner', { acceptDownloads: true }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists overdue, stale and upcoming activities on the dashboard, and counts unread notifications', async () => {
    for (const heading of [fr.dashboard.attention.overdue, fr.dashboard.attention.stale, fr.dashboard.upcoming])
      await page.getByRole('heading', { level: 3, name: heading }).waitFor();
    await page.locator('.attention-overdue .activity-list li').first().waitFor(POLL);
    const overdue = await page.locator('.kpi-value').nth(1).textContent();
    // The list shows the overdue activities the measure counts (up to its length).
    expect(await page.locator('.attention-overdue .activity-list li').count()).toBe(Math.min(8, Number(overdue)));
    await page.locator('.bell-count').waitFor(POLL);
    expect(Number(await page.locator('.bell-count').textContent())).toBeGreaterThan(0);
    await expectAccessible(page);
    await shot(page, 'dashboard-attention');
    planUrl = (await page.locator('.plan-card').first().getByRole('link').getAttribute('href')) ?? '';
  });

  it('exports exactly what the table shows to CSV, XLSX and iCalendar', async () => {
    await page.goto(planUrl);
    await dataRows(page).first().waitFor();
    await page.getByRole('combobox', { name: fr.activities.status, exact: true }).selectOption('reported');
    await expect
      .poll(async () => new Set(await page.locator('.data-table .badge').allTextContents()), POLL)
      .toEqual(new Set([fr.activityStatus.reported]));
    // Show the type column too, and sort by reference descending.
    await page.locator('.column-chooser summary').click();
    await page.getByRole('checkbox', { name: fr.activities.column.type }).check();
    await page.locator('.column-chooser summary').click();
    const refHeader = page.getByRole('columnheader', { name: fr.activities.column.refCode });
    await refHeader.getByRole('button').click();
    await expect(refHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect
      .poll(async () => {
        const refs = await page.locator('.data-table tbody .ref').allTextContents();
        return refs.length > 1 && refs.join() === [...refs].sort().reverse().join();
      }, POLL)
      .toBe(true);
    // The planner's selection boxes head a column of their own, which is not a column of the activities.
    const headers = await page.locator('.data-table thead th:not(.select-cell)').allTextContents();
    const shown = await dataRows(page).evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td:not(.select-cell)')].map((td) => td.textContent ?? '')),
    );

    const csv = await downloadOf(page, page.getByRole('button', { name: fr.export.csv }));
    expect(csv.name).toMatch(/\.csv$/);
    const lines = readFileSync(csv.path, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]?.split(',').map((h) => h.replace(/^"|"$/g, ''))).toEqual(headers.map((h) => h.replace(/[▲▼]/g, '')));
    expect(lines).toHaveLength(shown.length + 1);
    expect(lines[1]?.startsWith(shown[0]?.[0] ?? '-')).toBe(true);

    const xlsx = await downloadOf(page, page.getByRole('button', { name: fr.export.xlsx }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx.path);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(shown.length + 1);
    expect(sheet?.getRow(2).getCell(1).value).toBe(shown[0]?.[0]);
    expect(sheet?.getRow(1).cellCount).toBe(headers.length);

    const ics = await downloadOf(page, page.getByRole('button', { name: fr.export.ics }));
    const calendar = readFileSync(ics.path, 'utf8');
    expect(calendar.match(/BEGIN:VEVENT/g)).toHaveLength(shown.length);
    expect(calendar).toContain(shown[0]?.[0]);
    await shot(page, 'plan-export');
  });

  it('draws the plan as a timeline with lanes by domain and as a month calendar', async () => {
    await tab(page, fr.plan.view.timeline).click();
    await page.locator('.timeline-bar').first().waitFor(POLL);
    expect(await page.locator('.timeline-lane').count()).toBeGreaterThan(2);
    expect(page.url()).toContain('view=timeline');
    await page.getByText(fr.timeline.by.quarter).click();
    await expect.poll(() => page.locator('.timeline-head .timeline-column').count(), POLL).toBe(4);
    await expectAccessible(page);
    await shot(page, 'plan-timeline');

    // Keyboard: the arrow key moves to the next view.
    await tab(page, fr.plan.view.timeline).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => tab(page, fr.plan.view.calendar).getAttribute('aria-selected'), POLL).toBe('true');
    await page.locator('table.calendar').waitFor();
    // Find a month with dated activities in it.
    for (let i = 0; i < 12 && (await page.locator('.calendar .calendar-item').count()) === 0; i++)
      await page.getByRole('button', { name: fr.calendar.previous }).click();
    expect(await page.locator('.calendar .calendar-item').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await shot(page, 'plan-calendar');
  });

  it('opens an amendment, edits an activity under it, shows the change in its history, and reapplies over a newer version', async () => {
    await tab(page, fr.plan.view.revisions).click();
    await page.getByRole('heading', { name: fr.revisions.title }).waitFor();
    await page.getByRole('button', { name: fr.revisions.open }).click();
    await page.locator('.field-error', { hasText: fr.revisions.reasonRequired }).waitFor();
    await page.getByLabel(fr.revisions.reason).fill('Revue de fin d’année : lieux précisés');
    await page.getByRole('button', { name: fr.revisions.open }).click();
    await page.locator('.revision .badge', { hasText: fr.revisionStatus.open }).waitFor(POLL);

    await tab(page, fr.plan.view.table).click();
    await page.getByRole('combobox', { name: fr.activities.status, exact: true }).selectOption('planned');
    await expect
      .poll(async () => new Set(await page.locator('.data-table .badge').allTextContents()), POLL)
      .toEqual(new Set([fr.activityStatus.planned]));
    await page.locator('.data-table tbody .ref').first().click();
    await page.getByRole('heading', { name: fr.edit.title }).waitFor();
    const id = page.url().split('/').pop() ?? '';

    const location = page.getByLabel(fr.activity.field.location, { exact: true });
    await location.fill('Kénitra');
    await page.getByRole('button', { name: fr.edit.save }).click();
    await page.getByText(fr.edit.saved).waitFor(POLL);
    // The entry of this change: the history reads again after the save, and until it has, the newest entry shown
    // is the demo's older change of the same activity.
    const historyRow = page.locator('.history-entry', { hasText: fr.history.updated }).filter({ hasText: 'Kénitra' }).first();
    await historyRow.waitFor(POLL);
    await expect(historyRow.locator('.new-value').allTextContents()).resolves.toContain('Kénitra');

    // A field refused by the API shows next to it.
    await page.getByLabel(fr.transition.periodStart).first().fill('2026-12-31');
    await page.getByLabel(fr.transition.periodEnd).first().fill('2026-01-01');
    await page.getByRole('button', { name: fr.edit.save }).click();
    await page.locator('#edit-heading ~ .field-group .field-error').first().waitFor(POLL);
    await page.reload();
    await page.getByRole('heading', { name: fr.edit.title }).waitFor();

    // Someone else changes the priority meanwhile; my change of location is applied on top of it.
    const current = await (await page.request.get(`/api/activities/${id}`)).json();
    await location.fill('Benguérir');
    const other = await page.request.patch(`/api/activities/${id}`, { data: { priority: 1, version: current.version } });
    expect(other.status(), await other.text()).toBe(200);
    await page.getByRole('button', { name: fr.edit.save }).click();
    const alert = page.getByRole('alert').filter({ hasText: String(current.version + 1) });
    await alert.waitFor(POLL);
    await shot(page, 'activity-edit-conflict');
    await alert.getByRole('button', { name: fr.edit.reapply }).click();
    await page.getByText(fr.edit.saved).waitFor(POLL);
    const after = await (await page.request.get(`/api/activities/${id}`)).json();
    expect([after.location, after.priority]).toEqual(['Benguérir', 1]);
    await expectAccessible(page);
    await shot(page, 'activity-edit');
  });

  it('proposes and approves the amendment, and shows what changed between revisions', async () => {
    await page.goto(`${planUrl}?view=revisions`);
    const amendment = page.locator('.revision', { hasText: fr.revisionStatus.open });
    await amendment.getByRole('button').click();
    await page.locator('.revision .badge', { hasText: fr.revisionStatus.proposed }).waitFor(POLL);
    await page.locator('.revision').last().getByRole('button').click();
    await expect.poll(() => page.locator('.revision').last().locator('.approvals li.approved').count(), POLL).toBe(1);

    const from = page.getByRole('combobox', { name: fr.diff.from });
    const options = await from.locator('option').allTextContents();
    await from.selectOption({ index: options.length - 3 });
    await page.locator('.diff-table').waitFor(POLL);
    await expect(page.locator('.diff-table').textContent()).resolves.toContain('Benguérir');
    await expectAccessible(page);
    await shot(page, 'plan-revisions');
  });

  it('shows objectives with progress and records a measurement', async () => {
    await tab(page, fr.plan.view.results).click();
    await page.locator('.objective').first().waitFor(POLL);
    expect(await page.locator('progress').count()).toBeGreaterThan(1);
    const measurable = await page
      .locator('.indicator')
      .evaluateAll(
        (els, label) => els.findIndex((el) => [...el.querySelectorAll('button')].some((b) => b.textContent === label)),
        fr.results.addMeasurement,
      );
    expect(measurable).toBeGreaterThanOrEqual(0);
    const indicator = page.locator('.indicator').nth(measurable);
    await indicator.getByRole('button', { name: fr.results.addMeasurement }).click();
    await indicator.getByRole('button', { name: fr.results.save }).click();
    await indicator.locator('.field-error').waitFor();
    await indicator.getByLabel(fr.results.date).fill('2026-11-20');
    await indicator.getByLabel(/Valeur/).fill('2');
    await indicator.getByRole('button', { name: fr.results.save }).click();
    await page
      .getByText(/Dernière mesure : 2 .* 20 nov\. 2026/)
      .first()
      .waitFor(POLL);
    await expectAccessible(page);
    await shot(page, 'plan-results');
  });

  it('draws planned versus actual as of a chosen day', async () => {
    await tab(page, fr.plan.view.curve).click();
    await page.locator('.curve .chart svg').waitFor(POLL);
    const rowsToday = await page.locator('.curve table tbody tr').count();
    await page.getByLabel(fr.curve.asOf).fill('2026-04-15');
    await page.getByText(/Tel que connu le 15 avr\. 2026/).waitFor(POLL);
    expect(await page.locator('.curve table tbody tr').count()).toBe(rowsToday);
    await expectAccessible(page);
    await shot(page, 'plan-curve');
  });

  it('offers every document, and shows each problem of an imported workbook with its sheet, row and column', async () => {
    await tab(page, fr.plan.view.documents).click();
    const hrefs = await page.locator('.document-links a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.some((h) => h.includes('plan.pdf?lang=fr'))).toBe(true);
    expect(hrefs.some((h) => h.includes('report.pdf?lang=fr'))).toBe(true);
    const xlsxHref = hrefs.find((h) => h.endsWith('export.xlsx')) ?? '';
    const exported = await page.request.get(xlsxHref);
    expect(exported.status()).toBe(200);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await exported.body()) as unknown as ArrayBuffer);
    const activities = workbook.getWorksheet('Activities');
    if (!activities) throw new Error('The exported workbook has no Activities sheet');
    const domainColumn = (activities.getRow(1).values as unknown[]).indexOf('domain');
    activities.getRow(3).getCell(domainColumn).value = 'astronomy';
    const broken = Buffer.from(await workbook.xlsx.writeBuffer());
    await page.getByLabel(fr.import.file).setInputFiles({
      name: 'plan.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: broken,
    });
    await page.getByRole('button', { name: fr.import.submit }).click();
    const problem = page.locator('.import-problems tbody tr').first();
    await problem.waitFor(POLL);
    const cells = await problem.locator('td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['Activities', '3']);
    expect(cells[2]).not.toBe(fr.common.none);
    await expectAccessible(page);
    await shot(page, 'plan-documents');
  });

  it('edits the activities an objective serves with a searchable picker, reapplies over a newer version, and shows the objective on the activity', {
    timeout: 90_000,
  }, async () => {
    if (!planUrl) {
      await page.goto('/');
      planUrl = (await page.locator('.plan-card').first().getByRole('link').getAttribute('href')) ?? '';
    }
    await page.goto(`${planUrl}?view=results`);
    const objective = page.locator('.objective', { hasText: 'Planification à long terme' });
    await objective.waitFor(POLL);
    // The working group added by the amendment is linked to the objective it serves.
    await objective.locator('.linked-activities', { hasText: '2026-PLN-06' }).waitFor(POLL);
    await objective.getByRole('button', { name: fr.resultsEdit.editObjective }).click();
    await objective.getByRole('button', { name: fr.resultsEdit.unlink.replace('{{ref}}', '2026-PLN-06') }).click();
    await objective.getByLabel(fr.resultsEdit.searchActivities).fill('séminaire');
    const seminar = objective.getByRole('checkbox', { name: /2026-DOC-01/ });
    await seminar.waitFor(POLL);
    await seminar.check();
    await objective.locator('.picked', { hasText: '2026-DOC-01' }).waitFor();

    // Someone renames the objective meanwhile; my change of links is applied on top of it.
    const before = (await (await page.request.get(`${planUrl.replace('/plans/', '/api/plans/')}/objectives`)).json()).items.find(
      (o: { title: { fr?: string } }) => o.title.fr?.startsWith('Planification à long terme'),
    );
    const renamed = await page.request.patch(`/api/objectives/${before.id}`, {
      data: { title: { ...before.title, fr: 'Planification à long terme (horizon 2030)' }, version: before.version },
    });
    expect(renamed.status(), await renamed.text()).toBe(200);
    await objective.getByRole('button', { name: fr.resultsEdit.saveObjective }).click();
    const alert = objective.getByRole('alert').filter({ hasText: String(before.version + 1) });
    await alert.waitFor(POLL);
    await shot(page, 'objective-edit-conflict');
    await alert.getByRole('button', { name: fr.edit.reapply }).click();
    await objective.locator('.linked-activities', { hasText: '2026-DOC-01' }).waitFor(POLL);
    const after = (await (await page.request.get(`/api/plans/${before.planId}/objectives`)).json()).items.find(
      (o: { id: string }) => o.id === before.id,
    );
    expect(after.title.fr).toBe('Planification à long terme (horizon 2030)');
    const refs = (await objective.locator('.linked-activities .ref').allTextContents()).sort();
    expect(refs).toContain('2026-DOC-01');
    expect(refs).not.toContain('2026-PLN-06');
    expect(after.activityIds).toHaveLength(refs.length);
    await shot(page, 'objective-edit');

    // The activity lists the objectives it serves.
    await objective.getByRole('link', { name: '2026-DOC-01' }).click();
    const served = page.getByRole('region', { name: fr.resultsEdit.servedObjectives });
    await served.getByRole('link', { name: /horizon 2030/ }).waitFor(POLL);
    await expectAccessible(page);
  });

  it('runs a session: prepares its agenda, convenes it, and records minutes with an action item', async () => {
    await page.goto(planUrl);
    await page.getByRole('link', { name: fr.sessions.title }).click();
    await page.getByRole('heading', { level: 1, name: fr.sessions.title }).waitFor();
    await expectAccessible(page);
    await shot(page, 'sessions');
    await page.locator('.sessions-table a').first().click();
    await page.getByRole('heading', { name: fr.agenda.title }).waitFor();
    const before = await page.locator('.agenda-item').count();
    await page.getByRole('button', { name: fr.agenda.prepare }).click();
    await page.getByText(/Points ajoutés/).waitFor(POLL);
    await expect.poll(() => page.locator('.agenda-item').count(), POLL).toBeGreaterThanOrEqual(before);
    expect(await page.locator('.agenda-item').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: fr.sessions.moveTo.convened }).click();
    await page.locator('.record-header .badge', { hasText: fr.sessionStatus.convened }).waitFor(POLL);
    const item = page.locator('.agenda-item').first();
    await item.getByRole('button', { name: fr.minutes.write }).click();
    await item.getByRole('button', { name: fr.minutes.save }).click();
    await item.locator('.field-error').waitFor();
    await item
      .getByLabel(fr.minutes.summary, { exact: true })
      .fill('Point examiné ; les deux parties conviennent de poursuivre.');
    await item.getByLabel(fr.minutes.decisions, { exact: true }).fill('Poursuivre les travaux du groupe de planification.');
    await item.getByRole('button', { name: fr.minutes.addActionItem }).click();
    await item.getByLabel(fr.minutes.actionTitle, { exact: true }).fill('Transmettre le calendrier révisé');
    await item.getByLabel(fr.minutes.dueDate, { exact: true }).fill('2027-01-31');
    // Every row can be removed, and a row left empty is not an action: saving ignores it.
    await item.getByRole('button', { name: fr.minutes.addActionItem }).click();
    await item.getByRole('button', { name: fr.minutes.addActionItem }).click();
    const removeRow = (n: number) => fr.minutes.removeActionItemOf.replace('{{n}}', String(n));
    for (const n of [1, 2, 3]) expect(await item.getByRole('button', { name: removeRow(n), exact: true }).count()).toBe(1);
    await item.getByLabel(fr.minutes.actionTitle, { exact: true }).nth(1).fill('Ligne retirée');
    await item.getByRole('button', { name: removeRow(2), exact: true }).click();
    expect(await item.getByLabel(fr.minutes.actionTitle, { exact: true }).count()).toBe(2);
    expect(await item.getByLabel(fr.minutes.actionTitle, { exact: true }).nth(1).inputValue()).toBe('');
    await item.getByRole('button', { name: fr.minutes.save }).click();
    await item.locator('.action-item-lines li', { hasText: 'Transmettre le calendrier révisé' }).waitFor(POLL);
    expect(await item.locator('.action-item-lines li').count()).toBe(1);
    await expectAccessible(page);
    await shot(page, 'session');
  });

  it('corrects a delegation, reapplying over a change made meanwhile, and reorders the agenda from the keyboard', async () => {
    const sessionUrl = new URL(page.url()).pathname;
    const sessionId = sessionUrl.split('/').pop() ?? '';
    // Carried-forward items read in French, the free text as typed.
    await expect
      .poll(
        async () => (await page.locator('.agenda-item h3').allTextContents()).some((h) => /\(session \d+, échéance le /.test(h)),
        POLL,
      )
      .toBe(true);
    expect((await page.locator('.agenda-item h3').allTextContents()).join('\n')).not.toMatch(/\bdue \d|overdue|postponed/);

    await page.getByRole('button', { name: fr.sessionEdit.open }).click();
    const form = page.locator('.session-edit-form');
    await form.getByRole('heading', { name: fr.sessionEdit.heading }).waitFor();
    await form.getByLabel(fr.sessionEdit.name).first().fill('Karim Bennani (nom illustratif, corrigé)');
    await form.getByRole('button', { name: fr.sessionEdit.addMember }).click();
    const added = form.locator('.delegation-member').last();
    await added.getByLabel(fr.sessionEdit.party).selectOption('ISR');
    await added.getByLabel(fr.sessionEdit.function).fill('Officier de liaison');
    await form.getByRole('button', { name: fr.sessionEdit.save }).click();
    // A member without a name is refused next to the field.
    await added.locator('.field-error').waitFor();
    await added.getByLabel(fr.sessionEdit.name).fill('Dana Levi (illustrative name)');

    // Someone else corrects the place meanwhile: the form shows the newer version and reapplies on request.
    const current = await (await page.request.get(`/api/sessions/${sessionId}`)).json();
    const other = await page.request.patch(`/api/sessions/${sessionId}`, {
      data: { place: 'Rabat (Skhirat)', version: current.version },
    });
    expect(other.status()).toBe(200);
    await form.getByRole('button', { name: fr.sessionEdit.save }).click();
    await form.getByRole('button', { name: fr.edit.reapply }).click();
    await form.getByText(fr.sessionEdit.saved).waitFor(POLL);
    const delegations = page.locator('section[aria-labelledby="delegations-heading"]');
    await delegations.getByText('Dana Levi (illustrative name)').waitFor(POLL);
    await delegations.getByText('Karim Bennani (nom illustratif, corrigé)').waitFor(POLL);
    const saved = await (await page.request.get(`/api/sessions/${sessionId}`)).json();
    expect(saved.place).toBe('Rabat (Skhirat)');
    expect(saved.delegations).toHaveLength(current.delegations.length + 1);
    await expectAccessible(page);
    await shot(page, 'session-edit');
    await form.getByRole('button', { name: fr.sessionEdit.close }).click();

    const titles = () => page.locator('.agenda-item h3').allTextContents();
    const before = await titles();
    expect(before.length).toBeGreaterThan(1);
    const first = page.locator('.agenda-item').first();
    await first.getByRole('button', { name: /^Descendre/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(titles, POLL).toEqual([before[1], before[0], ...before.slice(2)]);
    // The keyboard stays on the moved item: Enter again moves it once more.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? ''), POLL).toMatch(/^move-(down|up)-/);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(titles, POLL).toEqual(before);
    const order = (await (await page.request.get(`/api/sessions/${sessionId}/agenda`)).json()).items.map(
      (i: { title: string }) => i.title,
    );
    expect(order).toHaveLength(before.length);
    await expectAccessible(page);
    await shot(page, 'session-agenda-reordered');

    // The same agenda in Arabic, right to left: carried-forward items read in Arabic around the text as typed.
    await page.getByRole('combobox', { name: fr.layout.language, exact: true }).selectOption('ar');
    await page.getByRole('button', { name: ar.sessionEdit.open }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expect.poll(async () => (await titles()).some((h) => /\(الجلسة \d+، الأجل /.test(h)), POLL).toBe(true);
    await page.getByRole('button', { name: ar.sessionEdit.open }).click();
    await page.locator('.session-edit-form').waitFor();
    await expectAccessible(page);
    await shot(page, 'session-edit-ar');
    await page.getByRole('button', { name: ar.sessionEdit.close }).click();
    await page.getByRole('combobox', { name: ar.layout.language, exact: true }).selectOption('fr');
  }, 60_000);

  it('moves action items across the board, asking why one is dropped', async () => {
    await page.getByRole('link', { name: fr.sessions.title }).click();
    await page.getByRole('link', { name: fr.actionItems.title }).click();
    await page.getByRole('heading', { level: 1, name: fr.actionItems.title }).waitFor();
    expect(await page.locator('.action-card.is-overdue').count()).toBeGreaterThan(0);
    const open = page.locator('.column-open .action-card', { hasText: 'Transmettre le calendrier révisé' });
    await open.getByRole('button', { name: new RegExp(fr.actionItemStatus.in_progress) }).click();
    const moved = page.locator('.column-in_progress .action-card', { hasText: 'Transmettre le calendrier révisé' });
    await moved.waitFor(POLL);
    await moved.getByRole('button', { name: new RegExp(fr.actionItemStatus.dropped) }).click();
    await moved.getByRole('button', { name: fr.actionItems.drop }).click();
    await moved.locator('.field-error').waitFor();
    await moved.getByLabel(fr.actionItems.dropReason).fill('Calendrier transmis en séance');
    await moved.getByRole('button', { name: fr.actionItems.drop }).click();
    await page.locator('.column-dropped .action-card', { hasText: 'Calendrier transmis en séance' }).waitFor(POLL);
    await expectAccessible(page);
    await shot(page, 'action-items');
  });

  it('corrects an open action item from the board, with field errors next to the fields', async () => {
    // The first item still open (or in progress) that this planner's party recorded or is responsible for.
    const edit = { name: new RegExp(`^${fr.actionItemEdit.edit}`) };
    const card = page
      .locator('.column-open .action-card, .column-in_progress .action-card')
      .filter({ has: page.getByRole('button', edit) })
      .first();
    const title = (await card.locator('.action-title').textContent()) ?? '';
    await card.getByRole('button', edit).click();
    // Only one item is edited at a time; the card no longer offers the button while it is.
    const form = page.locator('.action-item-edit-form');
    await form.getByLabel(fr.actionItemEdit.title, { exact: true }).fill('');
    await form.getByRole('button', { name: fr.actionItemEdit.save }).click();
    await form.locator('.field.has-error').waitFor();
    await form.getByLabel(fr.actionItemEdit.title, { exact: true }).fill(title);
    await form.getByLabel(fr.actionItemEdit.organisation).fill('Direction de la planification (illustratif)');
    await form.getByLabel(fr.actionItemEdit.dueDate).fill('2027-03-31');
    await form.getByRole('button', { name: fr.actionItemEdit.save }).click();
    const saved = page.locator('.action-card', { hasText: 'Direction de la planification (illustratif)' });
    await saved.waitFor(POLL);
    expect(await saved.locator('.action-title').textContent()).toBe(title);
    expect(await saved.locator('.meta-row').textContent()).toMatch(/2027/);
    await expectAccessible(page);
    await shot(page, 'action-item-edit');
  }, 60_000);

  it('lists notifications, marks one read, and gives a calendar address', async () => {
    const unread = Number(await page.locator('.bell-count').textContent());
    await page.locator('a.bell').click();
    await page.getByRole('heading', { level: 1, name: fr.notifications.title }).waitFor();
    await page.locator('.notification-list li.unread').first().getByRole('button').click();
    await expect.poll(async () => Number((await page.locator('.bell-count').textContent()) ?? 0), POLL).toBe(unread - 1);
    await page.getByRole('button', { name: fr.calendarAddress.get }).click();
    const address = await page.getByLabel(fr.calendarAddress.label).inputValue();
    const feed = await page.request.get(address);
    expect(feed.status()).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    await expectAccessible(page);
    await shot(page, 'notifications');
  });

  it('creates an API token shown once and adds a user of the party', async () => {
    await page.getByRole('link', { name: fr.nav.admin }).click();
    await page.getByRole('heading', { level: 1, name: fr.admin.title }).waitFor();
    await page.getByLabel(fr.admin.tokenName).fill('Tableau de bord du cabinet');
    await page.getByRole('button', { name: fr.admin.createToken }).click();
    const token = await page.getByLabel(fr.admin.tokenValue).inputValue();
    const me = await page.request.get('/api/me', { headers: { authorization: `Bearer ${token}`, cookie: '' } });
    expect((await me.json()).username).toBe('mar.planner');

    await page.getByLabel(fr.admin.username).fill('Pas Valide');
    await page.getByRole('button', { name: fr.admin.add, exact: true }).click();
    await page.locator('.add-user .field.has-error').first().waitFor();
    await page.getByLabel(fr.admin.username).fill('mar.liaison2');
    await page.getByLabel(fr.admin.displayName).fill('Officier de liaison adjoint');
    await page.getByLabel(fr.admin.password).fill('liaison-2026');
    await page.getByRole('button', { name: fr.admin.add, exact: true }).click();
    await page.locator('.mini-table td', { hasText: 'mar.liaison2' }).waitFor(POLL);
    await expectAccessible(page);
    await shot(page, 'admin');
  });

  it('shows the audit log to a security officer', async () => {
    const other = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, baseURL: server.url });
    try {
      const officer = await other.newPage();
      await officer.goto('/');
      await signIn(officer, 'mar.security');
      await officer.goto('/admin');
      await officer.getByRole('heading', { name: fr.admin.audit }).waitFor();
      await officer.locator('.audit-scroll tbody tr').first().waitFor(POLL);
      expect(await officer.locator('.audit-scroll tbody tr').count()).toBeGreaterThan(10);
      await expectAccessible(officer);
      await shot(officer, 'admin-audit');
    } finally {
      await other.close();
    }
  });

  it('lays the timeline out right to left in Arabic, and the board in Hebrew', async () => {
    await page.goto(`${planUrl}?view=timeline`);
    await page.getByRole('combobox', { name: fr.layout.language, exact: true }).selectOption('ar');
    await page.getByRole('tab', { name: ar.plan.view.timeline }).waitFor();
    await page.locator('.timeline-bar').first().waitFor(POLL);
    // January is at the right-hand end of the track, December at the left.
    const columns = page.locator('.timeline-head .timeline-column');
    const first = await columns.first().boundingBox();
    const last = await columns.last().boundingBox();
    expect(first && last && first.x > last.x).toBe(true);
    await expectAccessible(page);
    await shot(page, 'plan-timeline-ar');
    await page.getByRole('tab', { name: ar.plan.view.calendar }).click();
    await page.locator('table.calendar').waitFor();
    await shot(page, 'plan-calendar-ar');

    // Hebrew too: the action-item board, right to left.
    await page.getByRole('combobox', { name: ar.layout.language, exact: true }).selectOption('he');
    await page.getByRole('link', { name: he.actionItems.title }).click();
    await page.getByRole('heading', { level: 1, name: he.actionItems.title }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['he', 'rtl']);
    await expectAccessible(page);
    await shot(page, 'action-items-he');
    await page.getByRole('combobox', { name: he.layout.language, exact: true }).selectOption('fr');
  });
});
