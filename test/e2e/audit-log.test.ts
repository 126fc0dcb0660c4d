import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/he.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { downloadOf, expectAccessible, interpolate, openBrowser, POLL, shot, signedInPage } from './helpers.js';

vi.setConfig({ testTimeout: 90_000 });

/** The audit-log viewer of the demo's MAR security officer: filters in the address, paging, verification, export. */
describe.skipIf(!browserAvailable())('web app: the audit-log viewer in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  const log = () => page.locator('section.audit-log');
  const rows = () => log().locator('.audit-table tbody tr');
  const column = async (index: number) =>
    rows().evaluateAll((trs, i) => trs.map((tr) => tr.children[i]?.textContent ?? ''), index);
  const seqs = async () => (await column(0)).map(Number);
  const filters = () => log().getByRole('form', { name: fr.audit.filter.label });
  const address = () => new URL(page.url());
  const settle = async () => {
    await rows().first().waitFor(POLL);
  };

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page } = await signedInPage(browser, server, 'mar.security'));
    await page.goto('/admin');
    await log().getByRole('heading', { name: fr.admin.audit }).waitFor(POLL);
    await settle();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('narrows the log by action, keeps the filter in the address through a reload, and by a user picked from a row', async () => {
    await filters().getByLabel(fr.audit.filter.action, { exact: true }).fill('activity');
    await filters().getByRole('button', { name: fr.audit.filter.apply }).click();
    await expect.poll(() => address().searchParams.get('action'), POLL).toBe('activity');
    await expect.poll(async () => (await column(5)).every((a) => a.startsWith('activity.')), POLL).toBe(true);
    expect((await column(5)).length).toBeGreaterThan(0);

    await page.reload();
    await settle();
    expect(await filters().getByLabel(fr.audit.filter.action, { exact: true }).inputValue()).toBe('activity');
    expect((await column(5)).every((a) => a.startsWith('activity.'))).toBe(true);

    // A user's name in a row narrows the log to them, on top of the action.
    const user = rows().first().locator('td').nth(4).getByRole('button');
    const username = (await user.textContent()) ?? '';
    expect(username).toMatch(/^mar\./);
    await user.click();
    await expect.poll(() => address().searchParams.get('user'), POLL).toBe(username);
    await expect.poll(async () => (await column(4)).every((u) => u === username), POLL).toBe(true);
    expect(await filters().getByLabel(fr.audit.filter.user, { exact: true }).inputValue()).toBe(username);
    // Back undoes the last filter.
    await page.goBack();
    await expect.poll(() => address().searchParams.get('user'), POLL).toBeNull();
    await expect.poll(() => filters().getByLabel(fr.audit.filter.user, { exact: true }).inputValue(), POLL).toBe('');
    await expectAccessible(page);
    await shot(page, 'audit-log-filtered');
  });

  it('pages back through older entries by keyset, each entry once, newest first', async () => {
    await page.goto('/admin');
    await settle();
    const first = await seqs();
    expect(first).toHaveLength(50);
    await log().getByRole('button', { name: fr.admin.more }).click();
    await expect.poll(async () => (await seqs()).length, POLL).toBeGreaterThan(50);
    const both = await seqs();
    expect(new Set(both).size).toBe(both.length);
    expect(both).toEqual([...both].sort((a, b) => b - a));
    expect(both.slice(0, 50)).toEqual(first);
  });

  it('refuses a time range that ends before it starts, saying which filter is wrong', async () => {
    await filters().getByLabel(fr.audit.filter.from, { exact: true }).fill('2026-06-02');
    await filters().getByLabel(fr.audit.filter.to, { exact: true }).fill('2026-06-01');
    await filters().getByRole('button', { name: fr.audit.filter.apply }).click();
    await log()
      .getByRole('alert')
      .or(log().locator('.alert'))
      .first()
      .getByText(fr.audit.filter.to, { exact: false })
      .waitFor(POLL);
    await filters().getByRole('button', { name: fr.audit.filter.clear }).click();
    await settle();
  });

  it('verifies the chain from the page, says where it started, and walks every entry when asked', async () => {
    await log().getByRole('button', { name: fr.audit.verify, exact: true }).click();
    const done = log().getByText(/La chaîne est intègre/);
    await done.waitFor(POLL);
    const head = Math.max(...(await seqs()));
    expect(await done.textContent()).toContain(interpolate('jusqu’à l’entrée {{seq}}', { seq: head }).slice(0, 20));
    await shot(page, 'audit-log-verified');
    // Again: it starts from the signed checkpoint up to which the first found the chain holding, and says so.
    const from = log().locator('.audit-verified-from');
    await log().getByRole('button', { name: fr.audit.verify, exact: true }).click();
    const started = fr.audit.verifiedFrom.slice(0, fr.audit.verifiedFrom.indexOf('{{'));
    await expect.poll(async () => (await from.count()) > 0 && (await from.textContent()), POLL).toContain(started);
    const seq = Number(/(\d+)/.exec((await from.textContent()) ?? '')?.[1]);
    expect(seq).toBeGreaterThan(0);
    expect(seq).toBeLessThanOrEqual(head);
    expect(await from.textContent()).toBe(interpolate(fr.audit.verifiedFrom, { seq }));
    // In full, as a second button: every entry walked.
    await log().getByRole('button', { name: fr.audit.verifyFull }).click();
    await expect.poll(async () => (await from.count()) > 0 && (await from.textContent()), POLL).toBe(fr.audit.verifiedAll);
    await expectAccessible(page);
    await shot(page, 'audit-log-verified-full');
  });

  it('exports the filtered log as marked CSV, and the export shows in the log', async () => {
    await filters().getByLabel(fr.audit.filter.action, { exact: true }).fill('plan');
    await filters().getByRole('button', { name: fr.audit.filter.apply }).click();
    await expect.poll(async () => (await column(5)).every((a) => a.startsWith('plan.')), POLL).toBe(true);
    const shown = await seqs();
    const file = await downloadOf(page, log().getByRole('button', { name: fr.audit.export }));
    expect(file.name).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = Papa.parse<string[]>(readFileSync(file.path, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(csv[0]?.[0]).toMatch(/^(UNCLASSIFIED|RESTRICTED|CONFIDENTIAL|SECRET|TOP SECRET)/);
    expect(csv.at(-1)).toEqual(csv[0]);
    const exported = csv.slice(2, -1).map((r) => Number(r[0]));
    expect(exported.slice(0, shown.length)).toEqual(shown);

    await filters().getByLabel(fr.audit.filter.action, { exact: true }).fill('audit.export');
    await filters().getByRole('button', { name: fr.audit.filter.apply }).click();
    await expect.poll(async () => column(5), POLL).toContain('audit.export');
    expect((await column(4))[0]).toBe('mar.security');
  });

  it('reads right to left in Hebrew', async () => {
    const context = await browser.newContext({ locale: 'he-IL', viewport: { width: 1366, height: 900 }, baseURL: server.url });
    await context.addInitScript(() => localStorage.setItem('jointplan.language', 'he'));
    const hebrew = await context.newPage();
    try {
      await hebrew.goto('/');
      await hebrew.getByLabel(he.signIn.username).fill('mar.security');
      await hebrew.getByLabel(he.signIn.password).fill('demo-2026');
      await hebrew.getByRole('button', { name: he.signIn.submit }).click();
      await hebrew.getByRole('heading', { level: 1, name: he.dashboard.title }).waitFor(POLL);
      await hebrew.goto('/admin?action=activity');
      await hebrew.getByRole('button', { name: he.audit.verify, exact: true }).waitFor(POLL);
      await hebrew.getByRole('button', { name: he.audit.verifyFull }).click();
      await hebrew.getByText(he.audit.verifiedAll).waitFor(POLL);
      expect(await hebrew.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await hebrew.getByLabel(he.audit.filter.action, { exact: true }).inputValue()).toBe('activity');
      await hebrew.locator('.audit-table tbody tr').first().waitFor(POLL);
      await shot(hebrew, 'audit-log-he');
    } finally {
      await context.close();
    }
  });

  it('is not offered to a planner, whom the API refuses as before', async () => {
    const { context, page: planner } = await signedInPage(browser, server, 'mar.planner');
    try {
      await planner.goto('/admin?action=activity');
      await planner.getByRole('heading', { level: 1 }).waitFor(POLL);
      expect(await planner.locator('section.audit-log').count()).toBe(0);
      expect((await planner.request.get('/api/audit/export.csv')).status()).toBe(403);
    } finally {
      await context.close();
    }
  });
});
