import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';

/** The rate table's page query as store/exchange-rate.repo.ts sends it: a range of dates, latest first then by pair. */
const PAGE = sql`select * from exchange_rate where date >= '2025-01-01' and date <= '2025-12-31'
  order by date desc, from_currency asc, to_currency asc limit 51`;
/** The same, of one currency on either side. */
const OF_CURRENCY = sql`select * from exchange_rate where (from_currency = 'USD' or to_currency = 'USD')
  and date <= '2025-06-30' order by date desc, from_currency asc, to_currency asc limit 51`;

/**
 * Migration 0034: the rate table's reads by date walk an index in the order
 * they list, instead of reading and sorting the whole table, on each database.
 */
describe.each(databases())('the exchange-rate indexes, on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const currencies = ['MAD', 'USD', 'EUR', 'ILS', 'IQD'];
    const rows = [];
    for (let d = 0; d < 400; d++)
      for (const [i, from] of currencies.entries()) {
        const to = currencies[(i + 1) % currencies.length] as string;
        const date = new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10);
        rows.push({
          id: `r-${d}-${i}`,
          from_currency: from,
          to_currency: to,
          rate: '1.5',
          date,
          source: 'test',
          entered_by: 'test',
          entered_by_user_id: null,
          entered_at: `${date}T00:00:00.000Z`,
        });
      }
    for (let i = 0; i < rows.length; i += 200)
      await t.db
        .insertInto('exchange_rate')
        .values(rows.slice(i, i + 200))
        .execute();
    if (kind === 'postgres') await sql`analyze exchange_rate`.execute(t.db);
    else await sql`analyze`.execute(t.db);
  });
  afterAll(() => t?.close());

  /** The plan the database chooses for a query, as text. */
  async function planOf(query: typeof PAGE): Promise<string> {
    if (kind === 'sqlite') {
      const { rows } = await sql<{ detail: string }>`explain query plan ${query}`.execute(t.db);
      return rows.map((r) => r.detail).join('\n');
    }
    return t.db.transaction().execute(async (trx) => {
      // A table this small is read whole whatever the indexes: the planner is told to prefer them, to see which it takes.
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  it('lists a range of dates, latest first then by pair, by walking the date index without sorting', async () => {
    const plan = await planOf(PAGE);
    expect(plan).toContain('exchange_rate_by_date');
    expect(plan).not.toMatch(/TEMP B-TREE|Sort/);
  });

  it('reads one currency on either side through indexes, not the whole table', async () => {
    const plan = await planOf(OF_CURRENCY);
    expect(plan).not.toMatch(/SCAN exchange_rate$|SCAN exchange_rate\n|Seq Scan/m);
  });

  it('reads the rates into one currency up to a day through the index by that currency and date', async () => {
    const plan = await planOf(sql`select id from exchange_rate where to_currency = 'USD' and date <= '2025-03-01'`);
    expect(plan).toMatch(/exchange_rate_to_by_date/);
  });
});
