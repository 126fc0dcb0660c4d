import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { pdftotextAvailable } from '../support/printing.js';
import { browserAvailable } from './browser.js';
import { POLL, SHOTS, signedInSuite } from './helpers.js';

vi.setConfig({ testTimeout: 180_000 });

const COUNT = 200;
const COLUMNS = Object.values(fr.activities.column);

/** A page of the PDF as text in drawing order, its white space made single spaces. */
const pageText = (file: string, page: number) =>
  execFileSync('pdftotext', ['-raw', '-f', String(page), '-l', String(page), file, '-'])
    .toString()
    .replace(/\s+/g, ' ');

/** The activity table of a plan of 200 activities, printed from Chromium. */
describe.skipIf(!browserAvailable() || !pdftotextAvailable())('web app: the activity table printed whole', () => {
  const suite = signedInSuite();
  let dir: string;
  let planId: string;
  const refs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-print-'));
    const { page } = suite;
    const [commission] = (await (await page.request.get('/api/commissions')).json()).items;
    const plan = await page.request.post('/api/plans', {
      data: {
        commissionId: commission.id,
        sessionId: null,
        title: { fr: 'Plan imprimé', en: 'Printed plan' },
        periodStart: '2027-01-01',
        periodEnd: '2027-12-31',
        sourceId: null,
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
        compartments: [],
      },
    });
    expect(plan.status(), await plan.text()).toBe(201);
    planId = (await plan.json()).id;
    for (let i = 1; i <= COUNT; i++) {
      const refCode = `PRT-${String(i).padStart(3, '0')}`;
      refs.push(refCode);
      const res = await page.request.post(`/api/plans/${planId}/activities`, {
        data: {
          refCode,
          // Long titles, so that what does not fit wraps instead of being cut off.
          title: { fr: `Réunion d’état-major sur la coordination logistique et la formation conjointe, édition ${i}` },
          type: 'technical_meeting',
          domain: 'planning',
          leadParty: 'MAR',
          participatingParties: ['ISR'],
          leadOrganisationId: null,
          location: 'Rabat',
          plannedPeriod: { start: '2027-03-01', end: '2027-03-31', precision: 'month' },
          priority: 2,
          sourceId: null,
          classification: i % 10 === 0 ? 'RESTRICTED' : 'UNCLASSIFIED',
          releasableTo: ['ISR'],
          compartments: [],
        },
      });
      expect(res.status(), await res.text()).toBe(201);
    }
  }, 240_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints every activity, every chosen column, the header and the marking on every page', async () => {
    const { page } = suite;
    await page.goto(`/plans/${planId}`);
    const table = page.locator('.data-table');
    await table.locator('tbody tr:not(.spacer)').first().waitFor(POLL);
    // Every column chosen, those hidden by default included.
    await page.locator('.column-chooser summary').click();
    for (const name of [fr.activities.column.type, fr.activities.column.updatedAt])
      await page.locator('.column-chooser').getByLabel(name, { exact: true }).check();
    await page.locator('.column-chooser summary').click();
    // Every column chosen is a column of the table; the planner's selection boxes are not one of them.
    expect(await table.locator('thead th:not(.select-cell)').count()).toBe(COLUMNS.length);
    // On screen only a window of the rows is drawn.
    expect(await table.locator('tbody tr:not(.spacer)').count()).toBeLessThan(COUNT);

    // The dialog of the browser is not for a test: count the call and print to PDF instead.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.getByRole('button', { name: fr.export.print }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed), POLL).toBe(1);
    expect(await page.locator('.print-table tbody tr').count()).toBe(COUNT);
    const marking = (await page.locator('.print-table thead .print-marking').textContent()) ?? '';
    expect(marking).toBe(`${fr.classification.RESTRICTED} // ${fr.banner.relTo.replace('{{parties}}', 'ISR, MAR')}`);

    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `${SHOTS}web-table-print.png`, fullPage: false });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const file = join(dir, 'table.pdf');
    writeFileSync(file, pdf);
    writeFileSync(`${SHOTS}table-print.pdf`, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1]);
    expect(pages).toBeGreaterThan(3);
    const found = new Set<string>();
    for (let p = 1; p <= pages; p++) {
      const text = pageText(file, p);
      // The marking at the top and at the bottom of each page, and every column's header.
      expect(text.split(marking).length - 1, `page ${p}`).toBeGreaterThanOrEqual(2);
      for (const head of COLUMNS) expect(text, `page ${p}: ${head}`).toContain(head);
      for (const ref of text.match(/PRT-\d{3}/g) ?? []) found.add(ref);
    }
    expect([...found].sort()).toEqual(refs);
    // A title wraps whole rather than being cut.
    expect(pageText(file, 1)).toContain('formation conjointe, édition 1 ');

    // Closing the print dialog gives the screen back its table.
    await page.emulateMedia({ media: null });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.locator('.print-table').waitFor({ state: 'detached', ...POLL });
  });

  it('prints every loaded activity, not the window drawn on screen, when printed from the browser’s menu', async () => {
    const { page } = suite;
    await page.goto(`/plans/${planId}`);
    const table = page.locator('.data-table');
    await table.locator('tbody tr:not(.spacer)').first().waitFor(POLL);
    const drawn = await table.locator('tbody tr:not(.spacer)').count();
    expect(drawn).toBeLessThan(100);
    // The first page of the list holds 100 activities: all of them print, not the rows drawn.
    await expect.poll(() => page.locator('.table-status').textContent(), POLL).toMatch(/100/);
    // A browser's print command announces itself with `beforeprint`; page.pdf() does not, so the test does.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.locator('.print-table tbody tr').count()).toBe(100);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const file = join(dir, 'menu.pdf');
    writeFileSync(file, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1]);
    const found = new Set<string>();
    for (let p = 1; p <= pages; p++) for (const ref of pageText(file, p).match(/PRT-\d{3}/g) ?? []) found.add(ref);
    expect(found.size).toBe(100);
    // The caption says the rest was not loaded, and how to print it all.
    expect(pageText(file, 1)).toContain(fr.export.printPartial.replace('{{n}}', '100').slice(0, 30));
  });
});
