// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import { beforeAll, describe, expect, it } from 'vitest';
import arMain from '../../web/src/i18n/ar.json' with { type: 'json' };
import frMain from '../../web/src/i18n/fr.json' with { type: 'json' };
import frProblems from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import arProcurement from '../../web/src/i18n/procurement/ar.json' with { type: 'json' };
import frProcurement from '../../web/src/i18n/procurement/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { apiOk, expectAccessible, interpolate, POLL, pageInLanguage, plannerAndViewerSuite, shot } from './helpers.js';

const fr = { ...frMain, ...frProcurement };
const ar = { ...arMain, ...arProcurement };
const p = fr.programmes;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** Text as read, with the no-break spaces French puts in amounts as plain ones. */
const flat = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const run = Date.now().toString(36);

/**
 * The programme forms a planner was missing, in Chromium: the need changed
 * while the programme is one (and refused with its code once the evaluation
 * opened), an offer deleted before the evaluation (refused with its code
 * after), an amendment of the contract with its new value, a dated exchange
 * rate entered by an administrator (a bad rate and a second rate for the same
 * pair and day refused with their codes), and the measures page: figures of
 * the demo in a currency and on a day kept in the address, each rate used
 * shown, milestones late with their days late, and a plain message when a
 * rate is missing. In Arabic the measures page is right to left and translated.
 */
describe.skipIf(!browserAvailable())('web app: programme forms and measures in Chromium', () => {
  const suite = plannerAndViewerSuite();
  let needId = '';
  let contractedId = '';
  const offerIds: string[] = [];

  const programme = (title: string) => ({
    commissionId: null,
    title: { fr: title },
    need: {
      capabilityGap: 'Défense sol-air de courte portée',
      quantity: 12,
      requiredBy: day(700),
      budgetCeiling: { amount: '500000000.00', currency: 'MAD' },
    },
    classification: 'UNCLASSIFIED',
    releasableTo: [],
  });

  beforeAll(async () => {
    const supplier = await apiOk(suite.planner.request, 'post', '/api/suppliers', {
      name: `Rafael E2E ${run}`,
      country: 'Israel',
      systems: [{ name: 'SPYDER', category: 'air defence' }],
      releasableTo: [],
    });
    const offer = (amount: string) => ({
      supplierId: supplier.id,
      systemId: supplier.systems[0].id,
      quantity: 12,
      unitPrice: { amount, currency: 'EUR' },
      totalPrice: { amount: (Number(amount) * 12).toFixed(2), currency: 'EUR' },
      validUntil: day(120),
    });
    needId = (await apiOk(suite.planner.request, 'post', '/api/programmes', programme(`Défense sol-air E2E ${run}`))).id;
    for (const amount of ['3000000.00', '2900000.00']) {
      const answered = await apiOk(suite.planner.request, 'post', `/api/programmes/${needId}/offers`, offer(amount));
      offerIds.push(answered.offers.at(-1).id);
    }
    // A second programme taken to its contract, in euros, to amend and to measure.
    contractedId = (await apiOk(suite.planner.request, 'post', '/api/programmes', programme(`Radars E2E ${run}`))).id;
    const withOffer = await apiOk(suite.planner.request, 'post', `/api/programmes/${contractedId}/offers`, offer('2000000.00'));
    const offerId = withOffer.offers[0].id;
    await apiOk(suite.planner.request, 'post', `/api/programmes/${contractedId}/transitions`, { to: 'evaluation' });
    await apiOk(suite.planner.request, 'post', `/api/programmes/${contractedId}/transitions`, { to: 'selected', offerId });
    await apiOk(suite.planner.request, 'put', `/api/programmes/${contractedId}/contract`, {
      value: { amount: '24000000.00', currency: 'EUR' },
      signedOn: day(-30),
    });
    await apiOk(suite.planner.request, 'post', `/api/programmes/${contractedId}/transitions`, { to: 'contracted' });
    await apiOk(suite.planner.request, 'post', `/api/programmes/${contractedId}/contract/milestones`, {
      kind: 'payment',
      title: `Avance radars ${run}`,
      dueDate: day(-12),
      value: { amount: '2400000.00', currency: 'EUR' },
    });
  }, 240_000);

  const needSection = () => suite.planner.getByRole('region', { name: p.need.title });
  const needForm = () => suite.planner.locator('form.need-form');

  it('changes the need on screen, refusing a quantity of zero beside its field', async () => {
    await suite.planner.goto(`/programmes/${needId}`);
    await suite.planner.getByRole('button', { name: p.needForm.open }).click();
    await needForm().getByLabel(p.need.quantity, { exact: true }).fill('0');
    await needForm().getByRole('button', { name: p.needForm.save }).click();
    const quantity = needForm().getByLabel(p.need.quantity, { exact: true });
    await needForm().locator('.field.has-error').first().waitFor(POLL);
    expect(await quantity.getAttribute('aria-invalid')).toBe('true');
    await quantity.fill('16');
    await needForm().getByLabel(p.need.capabilityGap).fill('Défense sol-air de courte portée des bases du Nord');
    await needForm().getByLabel(p.need.budgetCeiling, { exact: true }).fill('640 000 000,00');
    await needForm().getByRole('button', { name: p.needForm.save }).click();
    await needForm().waitFor({ state: 'detached', ...POLL });
    const need = flat(await needSection().innerText());
    expect(need).toContain('640 000 000,00 MAD');
    expect(need).toContain('16');
    expect(need).toContain('bases du Nord');
    // Saved, not only shown: the API reads the same need.
    const read = await apiOk(suite.planner.request, 'get', `/api/programmes/${needId}`);
    expect(read.need).toMatchObject({ quantity: 16, budgetCeiling: { amount: '640000000.00', currency: 'MAD' } });
    await expectAccessible(suite.planner);
    await shot(suite.planner, 'programme-need-form');
  }, 90_000);

  it('deletes an offer entered by mistake while a need; once the evaluation opened, refuses with its code and no longer offers the need', async () => {
    await suite.planner.goto(`/programmes/${needId}`);
    const head = suite.planner.locator('table.offer-compare thead th');
    await head.first().waitFor(POLL);
    expect(await head.count()).toBe(2);
    await head.nth(1).getByRole('button', { name: p.deleteOffer.open }).click();
    await suite.planner.locator('form.delete-offer-form').getByRole('button', { name: p.deleteOffer.confirm }).click();
    await suite.planner.locator('form.delete-offer-form').waitFor({ state: 'detached', ...POLL });
    await expect.poll(() => head.count(), POLL).toBe(1);
    const offers = (await apiOk(suite.planner.request, 'get', `/api/programmes/${needId}`)).offers;
    expect(offers.map((o: { id: string }) => o.id)).toEqual([offerIds[0]]);
    // The page still reads a need when the evaluation opens elsewhere: the delete is refused, coded, and the page reads again.
    await head.first().getByRole('button', { name: p.deleteOffer.open }).click();
    await apiOk(suite.planner.request, 'post', `/api/programmes/${needId}/transitions`, { to: 'evaluation' });
    await suite.planner.locator('form.delete-offer-form').getByRole('button', { name: p.deleteOffer.confirm }).click();
    await suite.planner.getByText(frProblems.programme.offer_kept).waitFor(POLL);
    await suite.planner.locator('.record-header .badge', { hasText: p.status.evaluation }).waitFor(POLL);
    expect(await head.count()).toBe(1);
    expect(await suite.planner.getByRole('button', { name: p.deleteOffer.open, exact: true }).count()).toBe(0);
    const evaluated = await apiOk(suite.planner.request, 'get', `/api/programmes/${needId}`);
    expect(evaluated.offers).toHaveLength(1);
    // Nor is the need changed any more: the button is gone, and the API says why with its code.
    expect(await suite.planner.getByRole('button', { name: p.needForm.open }).count()).toBe(0);
    const frozen = await suite.planner.request.patch(`/api/programmes/${needId}`, {
      data: {
        need: { capabilityGap: 'x', quantity: 1, requiredBy: day(10), budgetCeiling: { amount: '1.00', currency: 'MAD' } },
        version: evaluated.version,
      },
    });
    expect(frozen.status()).toBe(400);
    expect((await frozen.json()).code).toBe('programme.need_frozen');
  }, 90_000);

  it('amends the contract with a rationale and a new value, refusing an amendment without a rationale', async () => {
    await suite.planner.goto(`/programmes/${contractedId}`);
    await suite.planner.getByRole('button', { name: p.amendments.add }).click();
    const form = suite.planner.locator('form.amendment-form');
    await form.getByLabel(p.amendments.date).fill(day(-3));
    await form.getByRole('button', { name: p.amendments.save }).click();
    const rationale = form.getByLabel(p.amendments.rationale);
    await form.locator('.field.has-error .field-error').waitFor(POLL);
    expect(await rationale.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('.field.has-error').count()).toBe(1);
    await form.getByLabel(p.amendments.rationale).fill('Deux radars de plus pour la base de Kénitra');
    await form.getByLabel(p.amendments.description).fill('Quantité portée à 14');
    await form.getByLabel(p.amendments.changesValue).check();
    await form.getByLabel(p.amendments.newValue, { exact: true }).fill('28 000 000,00');
    await form.getByRole('button', { name: p.amendments.save }).click();
    await form.waitFor({ state: 'detached', ...POLL });
    const list = suite.planner.locator('.amendment-list li').first();
    await list.getByText('Deux radars de plus pour la base de Kénitra').waitFor(POLL);
    expect(flat(await list.innerText())).toMatch(/24 000 000,00 EUR[\s\S]*28 000 000,00 EUR/);
    const contract = (await apiOk(suite.planner.request, 'get', `/api/programmes/${contractedId}`)).contract;
    expect(contract.value).toEqual({ amount: '28000000.00', currency: 'EUR' });
    expect(contract.amendments).toHaveLength(1);
    await expectAccessible(suite.planner);
    await shot(suite.planner, 'programme-amendment');
  }, 90_000);

  it('enters a dated exchange rate as an administrator, refusing a malformed rate and a second rate of the same day with their codes', async () => {
    await suite.planner.goto('/programmes/measures?currency=MAD');
    await suite.planner.getByRole('heading', { level: 1, name: p.measures.title }).waitFor(POLL);
    await suite.planner.getByRole('button', { name: p.rates.open }).click();
    const form = suite.planner.locator('form.rate-form');
    await form.getByLabel(p.rates.from).selectOption('EUR');
    await form.getByLabel(p.rates.to).selectOption('MAD');
    await form.getByLabel(p.rates.rate, { exact: true }).fill('dix');
    await form.getByLabel(p.rates.date).fill(day(-1));
    await form.getByLabel(p.rates.source).fill('Bank Al-Maghrib, cours de référence');
    await form.getByRole('button', { name: p.rates.save }).click();
    await form.getByText(interpolate(frProblems.field.rate_format, { max: 12, example: '10.85' })).waitFor(POLL);
    await form.getByLabel(p.rates.rate, { exact: true }).fill('10,93');
    await form.getByRole('button', { name: p.rates.save }).click();
    await form.locator('.alert', { hasText: '1 EUR = 10.93 MAD' }).waitFor(POLL);
    const row = suite.planner.locator('table.rates-table tbody tr', { hasText: '1 EUR = 10.93 MAD' });
    await row.waitFor(POLL);
    // Who entered it is recorded and shown.
    expect(await row.innerText()).toContain('Planificateur (MAR)');
    await form.getByLabel(p.rates.rate, { exact: true }).fill('10.95');
    await form.getByRole('button', { name: p.rates.save }).click();
    await form.getByText(interpolate(frProblems.exchange_rate.exists, { from: 'EUR', to: 'MAD', date: day(-1) })).waitFor(POLL);
    expect(await suite.planner.locator('table.rates-table tbody tr', { hasText: '1 EUR = 10.95 MAD' }).count()).toBe(0);
    // A reader who is no administrator sees the table and no form; the API refuses the rate with its code.
    await suite.viewer.goto('/programmes/measures?currency=MAD');
    await suite.viewer.locator('table.rates-table').waitFor(POLL);
    expect(await suite.viewer.getByRole('button', { name: p.rates.open }).count()).toBe(0);
    const refused = await suite.viewer.request.post('/api/exchange-rates', {
      data: { from: 'USD', to: 'MAD', rate: '9.9', date: day(-1), source: 'x' },
    });
    expect((await refused.json()).code).toBe('exchange_rate.only_admins');
  }, 90_000);

  it('reads the rates 50 at a time, the next page on demand, and within the dates asked', async () => {
    for (let i = 0; i < 50; i++)
      await apiOk(suite.planner.request, 'post', '/api/exchange-rates', {
        from: 'GBP',
        to: 'CHF',
        rate: `1.${String(100 + i)}`,
        date: day(-100 - i),
        source: 'Bank of England',
      });
    let total = 0;
    for (let cursor = ''; ; ) {
      const page = await apiOk(suite.planner.request, 'get', `/api/exchange-rates?limit=500${cursor && `&cursor=${cursor}`}`);
      total += page.items.length;
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(total).toBeGreaterThan(50);
    await suite.planner.goto('/programmes/measures?currency=MAD');
    const rows = suite.planner.locator('table.rates-table tbody tr');
    await rows.first().waitFor(POLL);
    expect(await rows.count()).toBe(50);
    await suite.planner.getByRole('button', { name: interpolate(p.rates.more, { count: 50, page: 50 }) }).click();
    await expect.poll(() => rows.count(), POLL).toBe(Math.min(total, 100));
    // Within ten days of rates entered a day apart: those ten at least, as the API lists them, and no page after.
    const within = await apiOk(suite.planner.request, 'get', `/api/exchange-rates?since=${day(-109)}&until=${day(-100)}`);
    expect(within.items.filter((r: { from: string }) => r.from === 'GBP')).toHaveLength(10);
    await suite.planner.getByLabel(p.rates.since).fill(day(-109));
    await suite.planner.getByLabel(p.rates.until).fill(day(-100));
    await expect.poll(() => rows.count(), POLL).toBe(within.items.length);
    expect(await suite.planner.locator('.exchange-rates .actions button').count()).toBe(0);
  }, 90_000);

  it('shows the measures in the currency and on the day of the address, each rate used, the milestones late, and keeps them on reload', async () => {
    const on = day(0);
    await suite.planner.goto(`/programmes/measures?currency=MAD&on=${on}`);
    const totals = suite.planner.locator('.measures-totals');
    await totals.waitFor(POLL);
    const api = await apiOk(suite.planner.request, 'get', `/api/programme-measures?currency=MAD&on=${on}`);
    expect(api.totals.programmes).toBeGreaterThan(0);
    // The demo's figures and this suite's contract, as the API gives them, laid out in French.
    const committed = flat(await totals.innerText());
    const frenchAmount = (a: string) => `${a.split('.')[0]?.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${a.split('.')[1]} MAD`;
    expect(committed).toContain(frenchAmount(api.totals.committed.amount));
    expect(committed).toContain(frenchAmount(api.totals.paid.amount));
    // The euro contract converted at the rate entered above, which the line and the list of rates name.
    const radars = suite.planner.locator('table.measures-programmes tbody tr', { hasText: '28 000 000,00 EUR' });
    await radars.getByText('1 EUR = 10.93 MAD').waitFor(POLL);
    expect(flat(await radars.innerText())).toContain('306 040 000,00 MAD');
    await suite.planner.locator('.rates-used').getByText('1 EUR = 10.93 MAD').waitFor(POLL);
    // The advance due 12 days ago and not met is late by 12 days.
    const late = suite.planner.locator('table.measures-late tbody tr', { hasText: `Avance radars ${run}` });
    expect(await late.locator('.days-late').innerText()).toBe('12');
    await suite.planner.locator('table.measures-parties tbody tr', { hasText: 'MAR' }).waitFor(POLL);
    await expectAccessible(suite.planner);
    await suite.planner.locator('.chart-card svg').first().waitFor(POLL);
    await shot(suite.planner, 'programme-measures-fr');
    // Another currency and day go into the address; a reload keeps them.
    await suite.planner.getByLabel(p.measures.currency).selectOption('USD');
    await suite.planner.waitForURL(/currency=USD/, POLL);
    await suite.planner.getByLabel(p.measures.on).fill(day(-1));
    await suite.planner.waitForURL(new RegExp(`on=${day(-1)}`), POLL);
    await suite.planner.reload();
    await suite.planner.locator('.measures-totals').waitFor(POLL);
    expect(await suite.planner.getByLabel(p.measures.currency).inputValue()).toBe('USD');
    expect(await suite.planner.getByLabel(p.measures.on).inputValue()).toBe(day(-1));
    expect(await suite.planner.locator('.measures-caption').innerText()).toContain('USD');
    await suite.planner.locator('.rates-used').getByText(/MAD/).first().waitFor(POLL);
  }, 90_000);

  it('narrows the measures to an owner party and a commission, both kept in the address', async () => {
    const rows = suite.planner.locator('table.measures-parties tbody tr');
    const shownParties = async () => (await rows.allInnerTexts()).map((r) => r.split(/\s/)[0]);
    await suite.planner.goto('/programmes/measures?currency=MAD');
    await suite.planner.locator('.measures-totals').waitFor(POLL);
    const all = await apiOk(suite.planner.request, 'get', '/api/programme-measures?currency=MAD');
    expect(all.parties.map((x: { party: string }) => x.party)).toContain('MAR');
    await suite.planner.getByLabel(p.measures.party).selectOption('ISR');
    await suite.planner.waitForURL(/party=ISR/, POLL);
    const isr = await apiOk(suite.planner.request, 'get', '/api/programme-measures?currency=MAD&party=ISR');
    await expect.poll(shownParties, POLL).toEqual(isr.parties.map((x: { party: string }) => x.party));
    expect(isr.parties.every((x: { party: string }) => x.party === 'ISR')).toBe(true);
    // MAR's planner reads MAR's programmes: fewer are ISR's, and none at all says so.
    expect(isr.totals.programmes).toBeLessThan(all.totals.programmes);
    if (isr.totals.programmes === 0) await suite.planner.getByText(p.measures.none).waitFor(POLL);
    await suite.planner.getByLabel(p.measures.party).selectOption('');
    await suite.planner.waitForURL((u) => !u.search.includes('party='), POLL);
    const { items: commissions } = await apiOk(suite.planner.request, 'get', '/api/commissions');
    const commission = commissions[0];
    await suite.planner.getByLabel(p.measures.commission).selectOption(commission.id);
    await suite.planner.waitForURL(new RegExp(`commission=${commission.id}`), POLL);
    const inCommission = await apiOk(
      suite.planner.request,
      'get',
      `/api/programme-measures?currency=MAD&commissionId=${commission.id}`,
    );
    await expect.poll(shownParties, POLL).toEqual(inCommission.parties.map((x: { party: string }) => x.party));
    // Both at once, and a reload keeps them.
    await suite.planner.getByLabel(p.measures.party).selectOption('MAR');
    await suite.planner.waitForURL(/party=MAR/, POLL);
    await suite.planner.reload();
    await suite.planner.locator('.measures-totals').waitFor(POLL);
    expect(await suite.planner.getByLabel(p.measures.party).inputValue()).toBe('MAR');
    expect(await suite.planner.getByLabel(p.measures.commission).inputValue()).toBe(commission.id);
    const both = await apiOk(
      suite.planner.request,
      'get',
      `/api/programme-measures?currency=MAD&party=MAR&commissionId=${commission.id}`,
    );
    await expect.poll(shownParties, POLL).toEqual(both.parties.map((x: { party: string }) => x.party));
    expect(flat(await suite.planner.locator('.measures-totals').innerText())).toContain(String(both.totals.programmes));
  }, 90_000);

  it('lists the programmes a page at a time, the totals over all of them', async () => {
    // Pages of one programme, from the server's own paging, so that two programmes make two pages.
    await suite.planner.route('**/api/programme-measures?*', (route) =>
      route.continue({ url: `${route.request().url()}&limit=1` }),
    );
    try {
      await suite.planner.goto(`/programmes/measures?currency=MAD&on=${day(0)}`);
      const rows = suite.planner.locator('table.measures-programmes tbody th[scope="row"]');
      await rows.first().waitFor(POLL);
      expect(await rows.count()).toBe(1);
      const totals = await suite.planner.locator('.measures-totals').innerText();
      await suite.planner.getByRole('button', { name: p.measures.more }).click();
      await expect.poll(() => rows.count(), POLL).toBe(2);
      expect(await suite.planner.locator('.measures-totals').innerText()).toBe(totals);
      expect(await suite.planner.locator('table.measures-programmes').getByText(`Radars E2E ${run}`).count()).toBe(1);
      expect(await suite.planner.getByRole('button', { name: p.measures.more }).count()).toBe(0);
    } finally {
      await suite.planner.unroute('**/api/programme-measures?*');
    }
  }, 90_000);

  it('says plainly when a rate is missing, naming the currency', async () => {
    await suite.planner.goto(`/programmes/measures?currency=JPY&on=${day(0)}`);
    await suite.planner.locator('.missing-rate').waitFor(POLL);
    expect(await suite.planner.locator('.missing-rate').innerText()).toBe(p.measures.noRate);
    const named = await suite.planner.locator('.missing-rates').innerText();
    expect(named).toContain('EUR');
    expect(named).toContain('JPY');
    expect(await suite.planner.locator('.measures-totals').count()).toBe(0);
    // The table of rates stays, for an administrator to enter the missing one.
    await suite.planner.locator('table.rates-table').waitFor(POLL);
  }, 90_000);

  it('lays the measures out right to left in Arabic, with no text left untranslated', async () => {
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'ar');
    try {
      await page.goto(`/programmes/measures?currency=MAD&on=${day(0)}`);
      await page.getByRole('heading', { level: 1, name: ar.programmes.measures.title }).waitFor(POLL);
      await page.locator('.measures-totals').waitFor(POLL);
      expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'ar']);
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/programmes\.\w/);
      for (const s of [ar.programmes.measures.committed, ar.programmes.measures.byParty, ar.programmes.rates.title])
        expect(text).toContain(s);
      for (const s of [p.measures.committed, 'Committed', p.rates.title]) expect(text).not.toContain(s);
      await page.locator('.chart-card svg').first().waitFor(POLL);
      await shot(page, 'programme-measures-ar');
      await page.goto(`/programmes/${contractedId}`);
      await page.getByRole('button', { name: ar.programmes.amendments.add }).click();
      await page.locator('form.amendment-form').waitFor(POLL);
      await shot(page, 'programme-amendment-ar');
    } finally {
      await context.close();
    }
  }, 90_000);
});
