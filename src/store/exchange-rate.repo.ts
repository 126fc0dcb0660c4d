import type { Kysely } from 'kysely';
import type { ExchangeRateRecord } from '../domain/programme.schema.js';
import type { Database } from './database.js';
import { isUniqueClash } from './dialect.js';

// The installation's exchange-rate table: not labelled, every signed-in user reads it.

export async function listExchangeRates(
  db: Kysely<Database>,
  filter: { currency?: string | undefined; on?: string | undefined } = {},
): Promise<ExchangeRateRecord[]> {
  let q = db.selectFrom('exchange_rate').selectAll();
  if (filter.currency) {
    const c = filter.currency;
    q = q.where((eb) => eb.or([eb('from_currency', '=', c), eb('to_currency', '=', c)]));
  }
  if (filter.on) q = q.where('date', '<=', filter.on);
  const rows = await q.orderBy('date', 'desc').orderBy('from_currency').orderBy('to_currency').limit(100_000).execute();
  return rows.map((r) => ({
    id: r.id,
    from: r.from_currency,
    to: r.to_currency,
    rate: r.rate,
    date: r.date,
    source: r.source,
    enteredBy: r.entered_by,
    enteredAt: r.entered_at,
  }));
}

export async function insertExchangeRate(trx: Kysely<Database>, r: ExchangeRateRecord, userId: string) {
  await trx
    .insertInto('exchange_rate')
    .values({
      id: r.id,
      from_currency: r.from,
      to_currency: r.to,
      rate: r.rate,
      date: r.date,
      source: r.source,
      entered_by: r.enteredBy,
      entered_by_user_id: userId,
      entered_at: r.enteredAt,
    })
    .execute();
}

/** Whether a write failed because the table already has a rate for that pair on that day. */
export const isRateClash = (err: unknown) => isUniqueClash(err, 'exchange_rate_once_a_day', 'exchange_rate.');
