import { describe, expect, it } from 'vitest';
import { insertExchangeRate, type StoredRate } from '../src/store/exchange-rate.repo.js';
import { databases } from './support/databases.js';
import { prng } from './support/labelled-world.js';
import { type Json, programmeApi } from './support/programme-api.js';

const CURRENCIES = ['MAD', 'USD', 'EUR', 'ILS', 'IQD'] as const;

/** A day of 2025 or 2026 by its number. */
const dayOf = (n: number) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10);

/** The reference model: the rates a query should list, latest first then by pair. */
function expected(rates: readonly StoredRate[], q: { currency?: string; since?: string; until?: string }) {
  return rates
    .filter((r) => !q.currency || r.from === q.currency || r.to === q.currency)
    .filter((r) => (!q.since || r.date >= q.since) && (!q.until || r.date <= q.until))
    .sort((a, b) =>
      a.date === b.date ? (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1) : a.date < b.date ? 1 : -1,
    )
    .map((r) => r.id);
}

/**
 * The exchange-rate table through the API, a page at a time, on each
 * database: generated rates paged with random limits and filters give, page
 * after page, exactly what a plain filter and sort of them gives; a rate
 * entered between pages neither repeats nor skips one; bad input is refused,
 * coded, beside the field.
 */
describe.each(databases())('the exchange-rate table, paged, on %s', (kind) => {
  const api = programmeApi(kind, { name: 'Rates supplier', country: 'France', systems: [] });
  const { send, ok } = api;

  async function seedRates(count: number, seed: number) {
    const r = prng(seed);
    const { t, w } = api.s;
    const rates: StoredRate[] = [];
    const taken = new Set<string>();
    while (rates.length < count) {
      const [from, to] = r.sample(CURRENCIES, 2) as [string, string];
      const date = dayOf(r.int(120));
      if (taken.has(`${from}${to}${date}`)) continue;
      taken.add(`${from}${to}${date}`);
      const rate: StoredRate = {
        id: `00000000-0000-4000-8000-${String(rates.length).padStart(12, '0')}`,
        from,
        to,
        rate: (1 + r.int(100_000) / 1000).toFixed(3),
        date,
        source: 'Generated',
        enteredBy: w.marPlanner.displayName,
        enteredAt: '2026-12-06T10:00:00.000Z',
      };
      await insertExchangeRate(t.ctx.db, rate, w.marPlanner.userId);
      rates.push(rate);
    }
    return rates;
  }

  /** Every page of a query, read with `limit`; the ids in order. */
  async function readAll(query: Record<string, string>, limit: number) {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 500; pages++) {
      const params = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const page: Json = await ok('isr', 'GET', `/api/exchange-rates?${params}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((i: Json) => i.id));
      cursor = page.nextCursor;
      if (!cursor) return ids;
      expect(page.items).toHaveLength(limit);
    }
    throw new Error('the pages do not end');
  }

  it('lists, page after page, what the reference model lists, for generated rates and queries', async () => {
    const rates = await seedRates(300, 11);
    const r = prng(12);
    for (let i = 0; i < 12; i++) {
      const q: Record<string, string> = {};
      if (r.next() < 0.6) q.currency = r.pick(CURRENCIES);
      const a = r.int(130);
      const b = r.int(130);
      if (r.next() < 0.5) q.since = dayOf(Math.min(a, b));
      if (r.next() < 0.5) q.until = dayOf(Math.max(a, b));
      const limit = 1 + r.int(60);
      expect(await readAll(q, limit), JSON.stringify({ q, limit })).toEqual(expected(rates, q));
    }
    // Unpaged as before, the first 50 are the latest.
    const first = await ok('isr', 'GET', '/api/exchange-rates');
    expect(first.items.map((i: Json) => i.id)).toEqual(expected(rates, {}).slice(0, 50));
    expect(first.nextCursor).toEqual(expect.any(String));
  }, 120_000);

  it('neither repeats nor skips a rate when one is entered between pages', async () => {
    const rates = await seedRates(40, 21);
    const page1 = await ok('mar', 'GET', '/api/exchange-rates?limit=15');
    // A rate dated later than every listed one lands before the cursor; one dated earlier lands after it.
    const late = await ok('mar', 'POST', '/api/exchange-rates', {
      from: 'EUR',
      to: 'MAD',
      rate: '10.85',
      date: '2026-12-01',
      source: 'BAM',
    });
    const early = await ok('mar', 'POST', '/api/exchange-rates', {
      from: 'EUR',
      to: 'MAD',
      rate: '10.80',
      date: '2024-06-01',
      source: 'BAM',
    });
    const rest = await readAll({ cursor: page1.nextCursor }, 100);
    const all = [...page1.items.map((i: Json) => i.id), ...rest];
    expect(all).toEqual(expected(rates, {}).concat(early.id));
    expect(all).not.toContain(late.id);
    expect(new Set(all).size).toBe(all.length);
  }, 60_000);

  it('refuses a cursor it did not give, dates in the wrong order and a page too large, coded beside the field', async () => {
    await seedRates(5, 31);
    const refusal = async (query: string) => {
      const res = await send('isr', 'GET', `/api/exchange-rates?${query}`);
      expect(res.statusCode, query).toBe(400);
      return res.json() as Json;
    };
    const bad = await refusal('cursor=not-a-cursor');
    expect(bad.code).toBe('request.bad_cursor');
    expect(bad.errors).toEqual([expect.objectContaining({ path: 'cursor', code: 'field.bad_cursor' })]);
    // A cursor of another list is not one of this list's.
    const other = Buffer.from(JSON.stringify(['m', 'MAR', 'x'])).toString('base64url');
    expect((await refusal(`cursor=${other}`)).code).toBe('request.bad_cursor');
    const order = await refusal('since=2026-02-01&until=2026-01-01');
    expect(order.errors).toEqual([expect.objectContaining({ path: 'until', code: 'period.end_before_start' })]);
    expect((await refusal('limit=501')).errors).toEqual([expect.objectContaining({ path: 'limit' })]);
    expect((await refusal('currency=mad')).errors).toEqual([expect.objectContaining({ path: 'currency' })]);
    expect((await refusal('since=2026-13-01')).errors).toEqual([expect.objectContaining({ path: 'since' })]);
    // The same day on both ends is a range of one day.
    expect((await ok('isr', 'GET', '/api/exchange-rates?since=2025-01-01&until=2025-01-01')).nextCursor).toBeNull();
  }, 60_000);
});
