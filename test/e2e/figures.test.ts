// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import arDoc from '../../src/documents/i18n/ar.json' with { type: 'json' };
import frDoc from '../../src/documents/i18n/fr.json' with { type: 'json' };
import ar from '../../web/src/i18n/ar.json' with { type: 'json' };
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { interpolate, POLL, SHOTS, signedInSuite } from './helpers.js';

interface Kpis {
  asOf: string;
  byQuarter: { key: string; total: number; done: number }[];
  execution: { total: number; done: number; overdue: number; executionRate: number | null };
  timeliness: { onTimeRate: number | null; postponements: number };
  freshness: { stale: number };
}

/** Digits only, in order: what a figure says whatever the script's spacing, separators and digit shapes. */
const digitsOf = (text: string) =>
  text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/\D+/g, ' ')
    .trim();

/**
 * "See the same figures in the API, the PDF and the dashboard": a planner
 * reads the plan's measures on the dashboard, downloads the execution report
 * from the plan's documents in French and in Arabic, and both agree with the
 * API's answer, figure by figure.
 */
describe.skipIf(!browserAvailable())('the same figures in the API, the dashboard and the execution report', () => {
  const suite = signedInSuite('mar.planner', { acceptDownloads: true });
  let planId = '';
  let kpis: Kpis;

  beforeAll(() => {
    mkdirSync(`${SHOTS}documents`, { recursive: true });
  });

  it('shows on the dashboard the measures the API gives for the plan', async () => {
    const href = await suite.page.locator('.plan-list a.plan-title').first().getAttribute('href');
    planId = href?.split('/').pop() ?? '';
    expect(planId).not.toBe('');
    // The page's own session: the API answers exactly what the dashboard was given.
    const res = await suite.page.request.get(`/api/plans/${planId}/kpis`);
    expect(res.status()).toBe(200);
    kpis = (await res.json()) as Kpis;
    expect(kpis.execution.total).toBeGreaterThan(0);

    // The plan's measures, not the industrial projects' panel that may sit beside them with a card of the same name.
    const card = (label: string) =>
      suite.page.locator('section[aria-labelledby="kpi-heading"] .kpi-cards .kpi', {
        has: suite.page.locator('dt', { hasText: label }),
      });
    await card(fr.kpi.executionRate).waitFor(POLL);
    const rate = Math.round((kpis.execution.executionRate ?? 0) * 100);
    expect(digitsOf(await card(fr.kpi.executionRate).locator('dd').innerText())).toBe(
      `${rate} ${kpis.execution.done} ${kpis.execution.total}`,
    );
    expect(digitsOf(await card(fr.kpi.overdue).locator('dd').innerText())).toBe(String(kpis.execution.overdue));
    expect(digitsOf(await card(fr.kpi.stale).locator('dd').innerText())).toMatch(new RegExp(`^${kpis.freshness.stale}\\b`));
    expect(digitsOf(await card(fr.kpi.onTimeRate).locator('dd').innerText())).toBe(
      `${Math.round((kpis.timeliness.onTimeRate ?? 0) * 100)} ${kpis.timeliness.postponements}`,
    );
    // Quarter by quarter, as the chart's table gives it: a quarter not begun by the figures' date has no "done" yet.
    const quarters = suite.page.locator('figure.chart-card', {
      has: suite.page.locator('figcaption', { hasText: fr.kpi.byQuarter }),
    });
    const cells = await quarters.locator('table td').allInnerTexts();
    expect(cells).toEqual(
      kpis.byQuarter.map((b) => {
        const start = `${b.key.slice(0, 4)}-${String((Number(b.key.slice(-1)) - 1) * 3 + 1).padStart(2, '0')}-01`;
        return start > kpis.asOf
          ? interpolate(fr.kpi.plannedToCome, { total: b.total })
          : interpolate(fr.kpi.doneOfTotal, { done: b.done, total: b.total });
      }),
    );
    expect(
      kpis.byQuarter.some((b) => b.key > kpis.asOf.slice(0, 4)),
      'the demo plans into next year',
    ).toBe(true);
  });

  it.each([
    ['fr', fr, frDoc],
    ['ar', ar, arDoc],
  ] as const)('prints the same figures in the execution report downloaded in %s', async (lang, messages, doc) => {
    // The documents follow the language of the page.
    await suite.page.goto(`/plans/${planId}?view=documents`);
    if (lang === 'ar') {
      await suite.page.evaluate(() => localStorage.setItem('jointplan.language', 'ar'));
      await suite.page.reload();
    }
    const link = suite.page.getByRole('link', { name: messages.documents.reportPdf });
    await link.waitFor(POLL);
    // The first document of a server starts its Chromium: give it time on a busy machine.
    const [download] = await Promise.all([suite.page.waitForEvent('download', { timeout: 120_000 }), link.click()]);
    const file = { name: download.suggestedFilename(), path: await download.path() };
    expect(file.name).toBe(`report-${lang}.pdf`);
    copyFileSync(file.path, `${SHOTS}documents/figures-report-${lang}.pdf`);
    // The key figures are the block between their heading and the next one, on the first page.
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', file.path, '-']).toString();
    const start = text.indexOf(doc.section.figures);
    const end = text.indexOf(doc.section.curve, start);
    expect(start, text).toBeGreaterThanOrEqual(0);
    expect(end, text).toBeGreaterThan(start);
    const digits = ` ${digitsOf(text.slice(start, end))} `;
    const rate = Math.round((kpis.execution.executionRate ?? 0) * 100);
    const { done, total } = kpis.execution;
    // The key figures: execution rate, done of total (right to left, "total / done" in the line's visual order), on-time rate, postponements, overdue, stale.
    for (const figure of [
      `${rate}`,
      lang === 'ar' ? `${total} ${done}` : `${done} ${total}`,
      `${Math.round((kpis.timeliness.onTimeRate ?? 0) * 100)}`,
      `${kpis.timeliness.postponements}`,
      `${kpis.execution.overdue}`,
      `${kpis.freshness.stale}`,
    ])
      expect(digits).toContain(` ${figure} `);
    if (lang === 'ar') await suite.page.evaluate(() => localStorage.removeItem('jointplan.language'));
  });

  it('draws on the plan suite.page the curve the API gives and the report prints: up to today, nothing after', async () => {
    const res = await suite.page.request.get(`/api/plans/${planId}/curve`);
    expect(res.status()).toBe(200);
    const curve = (await res.json()) as { asOf: string; points: { period: string; planned: number; actual: number | null }[] };
    // The month that holds today counts what was done by today; no later month has a figure.
    const current = curve.points.findIndex((p) => p.period >= curve.asOf);
    expect(current).toBeGreaterThanOrEqual(0);
    expect(curve.points[current]?.actual).toBe(kpis.execution.done);
    expect(curve.points.slice(current + 1).every((p) => p.actual === null)).toBe(true);

    await suite.page.goto(`/plans/${planId}?view=curve`);
    const rows = suite.page.locator('table.curve-figures tbody tr');
    await rows.first().waitFor({ state: 'attached', ...POLL });
    expect(await rows.count()).toBe(curve.points.length);
    const drawn = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(drawn.map(([planned]) => digitsOf(planned ?? ''))).toEqual(curve.points.map((p) => String(p.planned)));
    expect(drawn.map(([, actual]) => (actual === '—' ? null : digitsOf(actual ?? '')))).toEqual(
      curve.points.map((p) => (p.actual === null ? null : String(p.actual))),
    );

    // The report printed the same points under its chart: one row of planned figures, one of actual ones (a dash after today).
    const text = execFileSync('pdftotext', ['-layout', `${SHOTS}documents/figures-report-fr.pdf`, '-']).toString();
    const rowOf = (label: string) =>
      text
        .split('\n')
        .filter((line) => line.includes(label))
        .map((line) => digitsOf(line.slice(line.indexOf(label) + label.length)))
        .find((digits) => digits !== '');
    expect(rowOf(frDoc.kpi.planned)).toBe(curve.points.map((p) => p.planned).join(' '));
    expect(rowOf(frDoc.kpi.actual)).toBe(
      curve.points
        .filter((p) => p.actual !== null)
        .map((p) => p.actual)
        .join(' '),
    );
  });

  it('names in the plan header the baseline hash and the hash of the revision in force, as the signed plan does', async () => {
    const res = await suite.page.request.get(`/api/plans/${planId}/revisions`);
    const approved = ((await res.json()).items as { number: number; status: string; contentHash: string }[]).filter(
      (r) => r.status === 'approved',
    );
    const baseline = approved.find((r) => r.number === 0);
    const inForce = approved.at(-1);
    expect(baseline).toBeDefined();
    await suite.page.goto(`/plans/${planId}`);
    const header = suite.page.locator('.approval-panel');
    await header.locator('.baseline-hash code').first().waitFor(POLL);
    const lines = await header.locator('.baseline-hash').allInnerTexts();
    expect(lines[0]).toContain(fr.approval.baselineHash);
    expect(lines[0]).toContain(baseline?.contentHash);
    if (inForce && inForce.number > 0) {
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`révision ${inForce.number}`);
      expect(lines[1]).toContain(inForce.contentHash);
    } else expect(lines).toHaveLength(1);
  });
});
