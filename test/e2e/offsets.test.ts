// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import frOffsets from '../../web/src/i18n/offsets/fr.json' with { type: 'json' };
import heOffsets from '../../web/src/i18n/offsets/he.json' with { type: 'json' };
import frProblems from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { expectAccessible, openBrowser, POLL, pageInLanguage, shot, signedInPage } from './helpers.js';

const fr = frOffsets.offsets;
const he = heOffsets.offsets;
/** Text as read, with the no-break spaces French groups digits with as plain ones. */
const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
/** Text without the isolates that keep its codes and numbers in place. */
const bare = (s: string) => s.replace(/[\u2066-\u2069]/g, '');

/**
 * The offset ledger page in Chromium, on the demo: Israel's planner reads the
 * ATMOS 2000 ledger and claims credit (refused beside its fields first, then
 * recorded); Morocco's planner reviews it (refused beside the reason, then
 * refused with one) and grants the demo's claim under review, the ledger's
 * granted credit growing by its credit; the United States' viewer sees none of
 * it; in Hebrew the page is right to left.
 */
describe.skipIf(!browserAvailable())('web app: the offset ledger in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let isr: Page;
  let mar: Page;
  let contract = '';

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page: isr } = await signedInPage(browser, server, 'isr.planner'));
    ({ page: mar } = await signedInPage(browser, server, 'mar.planner'));
    const list = (await (await mar.request.get('/api/offset-obligations')).json()) as { items: { programmeId: string }[] };
    contract = list.items[0]?.programmeId ?? '';
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const totalOf = async (page: Page, figure: string) =>
    flat(await page.locator(`table.offset-ledger tr.total td[data-figure="${figure}"]`).innerText());

  it("lets Israel's planner read the ledger and claim credit, its refusals beside the fields", async () => {
    await isr.getByRole('link', { name: frMain.nav.offsets }).click();
    await isr.getByRole('heading', { level: 1, name: fr.title }).waitFor(POLL);
    await isr.getByLabel(fr.scope.contract).selectOption(contract);
    expect(new URL(isr.url()).search).toBe(`?contract=${contract}`);
    await isr.getByLabel(fr.scope.on, { exact: true }).fill('2026-12-01');
    await isr.locator('table.offset-ledger').waitFor(POLL);
    await isr.waitForURL(/on=2026-12-01/);
    await isr.getByText('570 000 000,00').first().waitFor(POLL);
    // The claims below are today's: said, since the figures above are as of the day chosen.
    expect(flat(await isr.locator('p.claims-as-of').first().innerText())).toBe(fr.claimsToday.replace('{{date}}', '1 déc. 2026'));
    // The obligation's terms, their percentages as French writes them.
    const terms = bare(flat(await isr.locator('section.offset-obligation p').first().innerText()));
    expect(terms).toContain('50 % de la valeur du contrat');
    expect(terms).toContain('pénalité de 5 % du manque');
    // The contract list names each contract by its programme's title.
    const options = await isr.getByLabel(fr.scope.contract).locator(`option[value="${contract}"]`).innerText();
    expect(options).toContain('Artillerie automotrice');
    expect(await totalOf(isr, 'obligation')).toContain('950 000 000,00');
    expect(await totalOf(isr, 'granted')).toContain('380 000 000,00');
    expect(await totalOf(isr, 'pending')).toContain('90 000 000,00');
    expect(await totalOf(isr, 'shortfall')).toContain('570 000 000,00');
    // The workbook and the report of the same scope.
    const workbook = await isr.getByRole('link', { name: fr.workbook }).getAttribute('href');
    expect(workbook).toBe(`/api/offset-ledger.xlsx?contract=${contract}&on=2026-12-01&lang=fr`);
    // Headed in the page's language, each obligation named by its title.
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await (await isr.request.get(workbook ?? '')).body()) as unknown as ArrayBuffer);
    const header = ((book.getWorksheet('Ledger')?.getRow(1).values ?? []) as unknown[]).map(String);
    expect(header).toContain('Manque (MAD, 2026-12-01)');
    const report = await isr.getByRole('link', { name: fr.report }).getAttribute('href');
    expect(report).toBe(`/api/programmes/${contract}/offset-report.pdf?lang=fr&on=2026-12-01`);
    const pdf = await isr.request.get(report ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // The four claims of the demo with their status.
    const claims = isr.locator('table.offset-claims tbody tr');
    expect(await claims.count()).toBe(4);
    const text = await isr.locator('main').innerText();
    for (const s of [fr.status.granted, fr.status.refused, fr.status.under_review]) expect(text).toContain(s);
    expect(text).not.toMatch(/offsets\.\w/);
    // Israel claims; it reviews nothing.
    expect(await isr.getByRole('button', { name: fr.review.grant }).count()).toBe(0);
    const form = isr.locator('form.offset-claim-form');
    await form.getByRole('button', { name: fr.claim.submit }).click();
    await form.locator('.field-error').first().waitFor(POLL);
    const errors = await form.locator('.field.has-error label').allInnerTexts();
    expect(errors).toContain(fr.claim.evidence);
    expect(errors.some((l) => l.startsWith(fr.claim.value.split(' (')[0] ?? ''))).toBe(true);
    expect(await claims.count()).toBe(4);
    await form.getByLabel(fr.claim.category).selectOption('training');
    await form.getByLabel(fr.claim.value.replace('{{currency}}', 'MAD')).fill('1000000');
    await form.getByLabel(fr.claim.evidence).fill('Attestations de formation FO-09 (essai de bout en bout)');
    await form.getByRole('button', { name: fr.claim.submit }).click();
    await form.getByText(fr.claim.done).waitFor(POLL);
    await isr.locator('table.offset-claims tbody tr').nth(4).waitFor(POLL);
    expect(await isr.locator('table.offset-claims').innerText()).toContain('FO-09');
    await expectAccessible(isr);
    await shot(isr, 'offsets-isr');
  }, 120_000);

  it("lets Morocco's planner review claims: a refusal needs its reason, a grant adds to the ledger", async () => {
    await mar.goto(`/offsets?contract=${contract}`);
    await mar.locator('table.offset-ledger').waitFor(POLL);
    const granted = async () => Number((await totalOf(mar, 'granted')).replace(/[^\d,]/g, '').replace(',', '.'));
    const before = await granted();
    // Israel's new claim: under review, then refused, first without a reason.
    const fresh = mar.locator('table.offset-claims tbody tr', { hasText: 'FO-09' });
    await fresh.getByRole('button', { name: fr.review.start }).click();
    await fresh.getByRole('button', { name: fr.review.refuse }).waitFor(POLL);
    await fresh.getByRole('button', { name: fr.review.refuse }).click();
    await fresh.locator('.field-error').waitFor(POLL);
    expect(await fresh.locator('.field.has-error label').innerText()).toBe(fr.review.reason);
    expect(await fresh.locator('.field-error').innerText()).toBe(frProblems.field.required);
    await fresh.getByLabel(fr.review.reason).fill('Formation déjà comptée dans la demande précédente');
    await fresh.getByRole('button', { name: fr.review.refuse }).click();
    await fresh.locator('.badge', { hasText: fr.status.refused }).waitFor(POLL);
    expect(await fresh.innerText()).toContain('Formation déjà comptée');
    // The demo's local-production claim under review: more than claimed is refused beside the value, then granted.
    const pending = mar.locator('table.offset-claims tbody tr', { hasText: fr.status.under_review });
    const accepted = pending.getByLabel(fr.review.acceptedValue.replace('{{currency}}', 'MAD'));
    const claimed = await accepted.inputValue();
    await accepted.fill('999999999999');
    await pending.getByRole('button', { name: fr.review.grant }).click();
    await pending.locator('.field-error').waitFor(POLL);
    expect(await pending.locator('.field.has-error label').innerText()).toBe(
      fr.review.acceptedValue.replace('{{currency}}', 'MAD'),
    );
    await accepted.fill(claimed);
    await pending.getByRole('button', { name: fr.review.grant }).click();
    await mar
      .locator('table.offset-claims tbody tr', { hasText: fr.status.under_review })
      .waitFor({ state: 'detached', ...POLL });
    await expect.poll(granted, POLL).toBeGreaterThan(before);
    expect(await mar.locator('form.offset-claim-form').count()).toBe(0);
    // Stating a second obligation on the contract: each missing term is refused beside its field, and nothing is stated.
    await mar.getByText(fr.state.title).click();
    const state = mar.locator('form.offset-obligation-form');
    await state.getByLabel(fr.state.required).fill('150');
    await state.getByRole('button', { name: fr.state.submit }).click();
    await state.locator('.field-error').first().waitFor(POLL);
    const refused = await state.locator('.field.has-error label').allInnerTexts();
    for (const label of [fr.state.obligor, fr.state.required, fr.state.deadline]) expect(refused).toContain(label);
    expect(await mar.locator('section.offset-obligation').count()).toBe(1);
    await expectAccessible(mar);
    await shot(mar, 'offsets-mar');
  }, 120_000);

  it("shows the United States' viewer none of it", async () => {
    const { page: usa, context } = await signedInPage(browser, server, 'usa.viewer');
    try {
      await usa.getByRole('link', { name: frMain.nav.offsets }).click();
      await usa.getByText(fr.none).waitFor(POLL);
      expect(await usa.locator(`option[value="${contract}"]`).count()).toBe(0);
      await usa.goto(`/offsets?contract=${contract}`);
      await usa.getByRole('heading', { level: 1, name: fr.title }).waitFor(POLL);
      await usa.getByText(fr.none).waitFor(POLL);
      const text = await usa.locator('main').innerText();
      expect(text).not.toContain('ATMOS');
      expect(text).not.toMatch(/950|380/);
      expect(await usa.locator('table.offset-claims').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('lays the page out right to left in Hebrew, translated', async () => {
    const { context, page } = await pageInLanguage(browser, server, 'isr.planner', 'he');
    try {
      await page.goto(`/offsets?contract=${contract}&on=2026-12-01`);
      await page.getByRole('heading', { level: 1, name: he.title }).waitFor(POLL);
      await page.locator('table.offset-claims').waitFor(POLL);
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'he']);
      const text = await page.locator('main').innerText();
      for (const s of [he.figure.shortfall, he.claims, he.status.granted, he.claim.title]) expect(text).toContain(s);
      for (const s of [fr.claims, fr.figure.shortfall]) expect(text).not.toContain(s);
      expect(text).not.toMatch(/offsets\.\w/);
      await shot(page, 'offsets-he');
      // The obligation's line reads, right to left, "ISR owes MAR · 50%": the codes and the percentage keep their places.
      const line = page.locator('section.offset-obligation p').first();
      const left = (needle: string) =>
        line.evaluate((p, n) => {
          const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent?.indexOf(n) ?? -1;
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + n.length);
            return range.getBoundingClientRect().left;
          }
          return Number.NaN;
        }, needle);
      const [isr, mar, fifty] = await Promise.all([left('ISR'), left('MAR'), left('50%')]);
      expect(isr).toBeGreaterThan(mar);
      expect(mar).toBeGreaterThan(fifty);
      // The percentages as Hebrew writes them, not "50 %".
      const said = await line.innerText();
      expect(said).toContain('50%');
      expect(said).toContain('5%');
      expect(said).not.toMatch(/\d %/);
    } finally {
      await context.close();
    }
  }, 90_000);
});
