// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import heMain from '../../web/src/i18n/he.json' with { type: 'json' };
import frProblems from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import heProcurement from '../../web/src/i18n/procurement/he.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { apiOk, expectAccessible, interpolate, openBrowser, POLL, pageInLanguage, shot, signedInPage } from './helpers.js';

// The procurement pages' texts come in a catalogue of their own, merged into the main one when they open.
const fr = { ...frMain, ...frProcurement };
const he = { ...heMain, ...heProcurement };

const p = fr.programmes;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TITLE = 'Artillerie automotrice E2E';
/** Text as read, with the no-break spaces French puts in amounts as plain ones. */
const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/**
 * Procurement programmes in Chromium: MAR's planner states a need on screen,
 * records two offers (one refused first, its lots not adding up), opens the
 * evaluation, withdraws a third offer with its reason and selects one; the
 * offers stand side by side and the programme is on the list with its
 * marking. The contract's milestones and deliveries are recorded on screen.
 * ISR's planner, who may not read the programme, neither sees it in the list
 * nor finds its page. In Hebrew the page is right to left and translated.
 */
describe.skipIf(!browserAvailable())('web app: procurement programmes in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let mar: Page;
  let isr: Page;
  let programmeId = '';
  const suppliers = { elbit: 'Elbit Systems E2E', knds: 'KNDS France E2E', hanwha: 'Hanwha Aerospace E2E' };

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page: mar } = await signedInPage(browser, server, 'mar.planner'));
    ({ page: isr } = await signedInPage(browser, server, 'isr.planner'));
    const catalogue = [
      [suppliers.elbit, 'Israel', 'ATMOS 2000'],
      [suppliers.knds, 'France', 'CAESAR'],
      [suppliers.hanwha, 'Korea', 'K9 Thunder'],
    ];
    for (const [name, country, system] of catalogue)
      await apiOk(mar.request, 'post', '/api/suppliers', {
        name,
        country,
        systems: [{ name: system, category: 'artillery' }],
        releasableTo: ['ISR'],
      });
    await apiOk(mar.request, 'post', '/api/exchange-rates', {
      from: 'EUR',
      to: 'MAD',
      rate: '10.85',
      date: day(-10),
      source: 'Bank Al-Maghrib',
    });
  }, 240_000);

  // Closing the browser closes the pages' contexts.
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const programmeUrl = () => `/programmes/${programmeId}`;
  const offersTable = () => mar.locator('table.offer-compare');
  const move = async (to: keyof typeof p.moveTo, extra?: () => Promise<unknown>) => {
    const form = mar.locator('form.programme-moves');
    await form.getByLabel(p.moves.to).selectOption(to);
    await extra?.();
    await form.getByRole('button', { name: p.moveTo[to] }).click();
  };
  const statusIs = (status: keyof typeof p.status) =>
    mar.locator('.record-header .badge', { hasText: p.status[status] }).waitFor(POLL);

  it('states a need on screen, and opens its page', async () => {
    await mar.goto('/programmes');
    await mar.getByRole('heading', { level: 1, name: p.title }).waitFor(POLL);
    await mar.getByRole('button', { name: p.create.open }).click();
    const form = mar.locator('form', { has: mar.getByRole('heading', { name: p.create.heading }) });
    await form.getByLabel(interpolate(p.create.titleIn, { lang: 'FR' })).fill(TITLE);
    await form.getByLabel(p.need.capabilityGap).fill("Remplacer l'artillerie tractée des régiments du Sud");
    await form.getByLabel(p.need.quantity, { exact: true }).fill('36');
    await form.getByLabel(p.need.requiredBy).fill(day(900));
    await form.getByLabel(p.need.budgetCeiling, { exact: true }).fill('1 900 000 000,00');
    await form.getByLabel(fr.labelFields.classification).selectOption('CONFIDENTIAL');
    // Kept to MAR: ISR may not read it.
    await form.getByRole('checkbox', { name: 'ISR' }).uncheck();
    await form.getByRole('button', { name: p.create.save }).click();
    await mar.waitForURL(/\/programmes\/[\w-]+$/, POLL);
    programmeId = new URL(mar.url()).pathname.split('/').pop() as string;
    await mar.getByRole('heading', { level: 1, name: TITLE }).waitFor(POLL);
    await statusIs('need');
    expect(flat(await mar.getByRole('region', { name: p.need.title }).innerText())).toContain('1 900 000 000,00 MAD');
    expect(await mar.locator('.page-banner.top').getAttribute('data-classification')).toBe('CONFIDENTIAL');
  }, 90_000);

  it('records two offers, one refused first because its lots do not add up to its quantity', async () => {
    const offer = async (supplier: string, unit: string, total: string, lots: [string, string][], currency?: string) => {
      await mar.getByRole('button', { name: p.offerForm.open }).click();
      const form = mar.locator('form', { has: mar.getByRole('heading', { name: p.offerForm.heading }) });
      await form
        .getByLabel(p.offer.supplier)
        .selectOption({ label: `${supplier} (${supplier === suppliers.knds ? 'France' : 'Israel'})` });
      if (currency) await form.getByLabel(interpolate(p.money.currencyOf, { field: p.offer.unitPrice })).selectOption(currency);
      await form.getByLabel(p.offer.unitPrice, { exact: true }).fill(unit);
      await form.getByLabel(p.offer.totalPrice, { exact: true }).fill(total);
      for (const [i, [quantity, date]] of lots.entries()) {
        if (i > 0) await form.getByRole('button', { name: p.offerForm.addLot }).click();
        const n = i + 1;
        await form.getByLabel(interpolate(p.offerForm.lot, { n }), { exact: true }).fill(`Lot ${n}`);
        await form.getByLabel(interpolate(p.offerForm.lotQuantity, { n })).fill(quantity);
        await form.getByLabel(interpolate(p.offerForm.lotDate, { n })).fill(date);
      }
      await form.getByLabel(p.offer.localShare).fill('30');
      await form.getByLabel(p.offer.jobs).fill('500');
      await form.getByLabel(p.offer.sites).fill('Benslimane\nKénitra');
      await form.getByLabel(p.offer.validUntil).fill(day(180));
      return form;
    };
    // 12 + 12 is not 36: the browser says so beside the lots, in French, and sends nothing.
    const refused = await offer(suppliers.elbit, '52 777 777,78', '1 900 000 000,00', [
      ['12', day(400)],
      ['12', day(600)],
    ]);
    await refused.getByRole('button', { name: p.offerForm.save }).click();
    await refused.getByText(frProblems.field.lots_sum).waitFor(POLL);
    await refused.getByLabel(interpolate(p.offerForm.lotQuantity, { n: 2 })).fill('24');
    await refused.getByRole('button', { name: p.offerForm.save }).click();
    await offersTable().getByText(suppliers.elbit).waitFor(POLL);
    const second = await offer(suppliers.knds, '4 300 000,00', '154 800 000,00', [['36', day(500)]], 'EUR');
    await second.getByRole('button', { name: p.offerForm.save }).click();
    await offersTable().getByText(suppliers.knds).waitFor(POLL);
    // A third offer, recorded through the API, to be withdrawn on screen.
    const supplier = (await apiOk(mar.request, 'get', '/api/suppliers')).items.find(
      (s: { name: string }) => s.name === suppliers.hanwha,
    );
    await apiOk(mar.request, 'post', `/api/programmes/${programmeId}/offers`, {
      supplierId: supplier.id,
      systemId: supplier.systems[0].id,
      quantity: 36,
      unitPrice: { amount: '3500000.00', currency: 'USD' },
      totalPrice: { amount: '126000000.00', currency: 'USD' },
      validUntil: day(90),
    });
    await mar.reload();
    await offersTable().getByText(suppliers.hanwha).waitFor(POLL);
  }, 90_000);

  it('refuses a cancellation without a reason in French, opens the evaluation, withdraws an offer and selects one', async () => {
    await move('cancelled');
    await mar.getByText(frProblems.programme.cancel_needs_reason).waitFor(POLL);
    await move('evaluation');
    await statusIs('evaluation');
    const third = offersTable().locator('thead th').nth(2);
    await third.getByRole('button', { name: p.withdraw.open }).click();
    await mar.getByLabel(p.withdraw.reason, { exact: true }).fill('Validité trop courte');
    await mar.getByRole('button', { name: p.withdraw.confirm }).click();
    await third.getByText(p.offer.withdrawn).waitFor(POLL);
    await third.getByText('Validité trop courte').waitFor(POLL);
    await move('selected', () =>
      mar
        .locator('form.programme-moves')
        .getByLabel(p.moves.offer)
        .selectOption({ label: `${suppliers.elbit} — ATMOS 2000` }),
    );
    await statusIs('selected');
    // Side by side: one column per offer, each row one attribute of all of them.
    const head = offersTable().locator('thead th');
    await head.nth(0).getByText(p.offer.selected).waitFor(POLL);
    expect(await head.count()).toBe(3);
    const supplierRow = offersTable().locator('tbody tr').first();
    expect(await supplierRow.innerText()).toContain(suppliers.elbit);
    expect(await supplierRow.innerText()).toContain(suppliers.knds);
    const totalRow = offersTable().locator('tbody tr', { hasText: p.offer.totalPrice });
    expect(flat(await totalRow.innerText())).toContain('1 900 000 000,00 MAD');
    expect(flat(await totalRow.innerText())).toContain('154 800 000,00 EUR');
    await expectAccessible(mar);
  }, 90_000);

  it('records the contract, its milestones and a delivery on screen, and shows the amounts in one currency with the rate used', async () => {
    await mar.getByRole('button', { name: p.contractForm.open }).click();
    await mar.getByLabel(p.contract.signedOn).fill(day(-20));
    await mar.getByLabel(p.contract.reference).fill('FAR-ART-2026-01');
    await mar.getByRole('button', { name: p.contractForm.save }).click();
    await mar.getByRole('heading', { name: p.contract.title, exact: true }).waitFor(POLL);
    await move('contracted');
    await statusIs('contracted');
    const milestone = async (title: string, due: string, kind: keyof typeof p.milestoneKind) => {
      await mar.getByRole('button', { name: p.milestones.add }).click();
      const form = mar.locator('form[aria-labelledby="milestone-form-heading"]');
      await form.getByLabel(p.milestones.kind).selectOption(kind);
      await form.getByLabel(p.milestones.titleField).fill(title);
      await form.getByLabel(p.milestones.dueDate).fill(due);
      await form.getByLabel(p.milestones.value, { exact: true }).fill('190 000 000');
      await form.getByRole('button', { name: p.milestones.save }).click();
      await mar.locator('.milestone', { hasText: title }).waitFor(POLL);
    };
    await milestone('Avance à la commande', day(-5), 'payment');
    await milestone('Premier lot livré', day(60), 'delivery');
    await milestone('Formation des équipages', day(-2), 'training');
    // Due and not met: late.
    const advance = mar.locator('.milestone', { hasText: 'Avance à la commande' });
    await advance.getByText(p.milestones.late).waitFor(POLL);
    await advance.getByLabel(interpolate(p.milestones.statusOf, { title: 'Avance à la commande' })).selectOption('met');
    await advance.getByLabel(interpolate(p.milestones.dateMetOf, { title: 'Avance à la commande' })).fill(day(-6));
    await advance.getByRole('button', { name: p.milestones.record }).click();
    await advance.getByText(interpolate(p.milestones.metOn, { date: '' }).trim()).waitFor(POLL);
    expect(await advance.getByText(p.milestones.late).count()).toBe(0);
    expect(await mar.locator('.milestone.late', { hasText: 'Formation des équipages' }).count()).toBe(1);
    // The timeline runs in date order, today marked between what is past and what is to come.
    const order = await mar.locator('.milestone-timeline > li').evaluateAll((lis) => lis.map((li) => li.className));
    expect(order.findIndex((c) => c.includes('today-marker'))).toBe(2);
    await move('delivering');
    await statusIs('delivering');
    await mar.getByRole('button', { name: p.deliveries.add }).click();
    const delivery = mar.locator('form[aria-labelledby="delivery-form-heading"]');
    await delivery.getByLabel(p.deliveries.lot, { exact: true }).fill('Lot 1');
    await delivery.getByLabel(p.deliveries.deliveredOn).fill(day(-1));
    await delivery.getByLabel(p.deliveries.delivered, { exact: true }).fill('12');
    await delivery.getByLabel(p.deliveries.accepted, { exact: true }).fill('10');
    await delivery.getByRole('button', { name: p.deliveries.save }).click();
    await mar.getByText(interpolate(p.deliveries.progress, { accepted: 10, delivered: 12, quantity: 36 })).waitFor(POLL);
    // Amounts in MAD: the EUR offer converted at the rate entered, which the line names.
    const totals = mar.locator('table.totals-table');
    await totals.getByText('1 EUR = 10.85 MAD').waitFor(POLL);
    expect(flat(await totals.locator('tr', { hasText: suppliers.knds }).innerText())).toContain('1 679 580 000,00 MAD');
    await expectAccessible(mar);
    await shot(mar, 'programme-detail');
  }, 90_000);

  it('lists the programme with its marking, and filters by status', async () => {
    await mar.goto('/programmes');
    const row = mar.locator('table.programmes-table tbody tr', { hasText: TITLE });
    await row.waitFor(POLL);
    const marking = row.locator('.record-marking.portion');
    expect(await marking.getAttribute('data-classification')).toBe('CONFIDENTIAL');
    expect(await marking.innerText()).toBe(`(${fr.classificationShort.CONFIDENTIAL}//MAR)`);
    expect(await row.innerText()).toContain(suppliers.elbit);
    // The next milestone is the earliest not met: the training, late.
    const next = row.locator('.next-milestone');
    expect(await next.innerText()).toContain('Formation des équipages');
    expect(await next.locator('.overdue-date').count()).toBe(1);
    expect(flat(await row.innerText())).toContain('1 900 000 000,00 MAD');
    await expectAccessible(mar);
    await shot(mar, 'programme-list');
    await mar.getByLabel(p.list.status).selectOption('need');
    await mar.waitForURL(/status=need/, POLL);
    await mar.getByRole('heading', { level: 1, name: p.title }).waitFor(POLL);
    expect(await mar.locator('table.programmes-table tbody tr', { hasText: TITLE }).count()).toBe(0);
  }, 90_000);

  it('shows a party that may not read the programme neither its row nor its page', async () => {
    await isr.goto('/programmes');
    await isr.getByRole('heading', { level: 1, name: p.title }).waitFor(POLL);
    await isr.waitForLoadState('networkidle');
    expect(await isr.getByText(TITLE).count()).toBe(0);
    await isr.goto(programmeUrl());
    await isr.getByText(fr.common.notFound).waitFor(POLL);
    expect(await isr.getByText(TITLE).count()).toBe(0);
  }, 90_000);

  it('lays the programme out right to left in Hebrew, with no text left untranslated', async () => {
    const { context, page } = await pageInLanguage(browser, server, 'mar.planner', 'he');
    try {
      await page.goto(programmeUrl());
      await page.getByRole('heading', { level: 3, name: he.programmes.milestones.title }).waitFor(POLL);
      await page.locator('table.totals-table').waitFor(POLL);
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'he']);
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/programmes\.\w/);
      for (const s of [he.programmes.offer.totalPrice, he.programmes.need.title, he.programmes.contract.title])
        expect(text).toContain(s);
      for (const s of [p.need.title, 'Offers', 'Milestones', 'Deliveries']) expect(text).not.toContain(s);
      // The offers' first column is at the right-hand side, as Hebrew reads.
      const [first, second] = await page
        .locator('table.offer-compare thead tr > *')
        .evaluateAll((cells) => cells.slice(0, 2).map((c) => c.getBoundingClientRect().left));
      expect(first).toBeGreaterThan(second as number);
      await shot(page, 'programme-detail-he');
    } finally {
      await context.close();
    }
  }, 90_000);
});
