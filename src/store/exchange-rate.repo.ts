import type { Kysely } from 'kysely';
import type { ExchangeRateListQuery, ExchangeRateRecord } from '../domain/programme.schema.js';
import { namedFor } from '../domain/user-naming.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Database, ExchangeRateTable } from './database.js';
import { isUniqueClash } from './dialect.js';

// The installation's exchange-rate table: not labelled, every signed-in user reads it.

export async function listExchangeRates(
  db: Kysely<Database>,
  filter: { currency?: string | undefined; on?: string | undefined } = {},
): Promise<StoredRate[]> {
  let q = db.selectFrom('exchange_rate').selectAll();
  if (filter.currency) {
    const c = filter.currency;
    q = q.where((eb) => eb.or([eb('from_currency', '=', c), eb('to_currency', '=', c)]));
  }
  if (filter.on) q = q.where('date', '<=', filter.on);
  const rows = await q.orderBy('date', 'desc').orderBy('from_currency').orderBy('to_currency').limit(100_000).execute();
  return rows.map(rateOf);
}

type RateRow = Omit<ExchangeRateTable, 'entered_by_user_id'>;

/** A rate as stored, for the totals computed from the table: its author's name always there. */
export type StoredRate = Omit<ExchangeRateRecord, 'enteredBy' | 'enteredByParty'> & { enteredBy: string };

const rateOf = (r: RateRow): StoredRate => ({
  id: r.id,
  from: r.from_currency,
  to: r.to_currency,
  rate: r.rate,
  date: r.date,
  source: r.source,
  enteredBy: r.entered_by,
  enteredAt: r.entered_at,
});

/** Keyset cursor of the rate table: the date and pair of the last rate of a page, one rate per pair and day. */
const encodeRatesCursor = (r: ExchangeRateRecord) => encodeCursor(['r', r.date, r.from, r.to]);

function decodeRatesCursor(cursor: string): { date: string; from: string; to: string } {
  const [, date, from, to] = decodeCursor(cursor, 4, (v, i) => (i === 0 ? v === 'r' : typeof v === 'string')) as string[];
  return { date: date as string, from: from as string, to: to as string };
}

/**
 * One page of the rate table, latest first then by pair, of one currency
 * (either side) and within a range of dates; the next page starts after the
 * cursor's rate (keyset), so rates entered meanwhile neither repeat nor skip
 * one already listed.
 */
export async function pageExchangeRates(
  db: Kysely<Database>,
  query: ExchangeRateListQuery,
  readerParty: string,
): Promise<{ items: ExchangeRateRecord[]; nextCursor: string | null }> {
  // The administrator who entered a rate is named only to a reader of their party: their party read in the same query.
  let q = db
    .selectFrom('exchange_rate')
    .leftJoin('app_user', 'app_user.id', 'exchange_rate.entered_by_user_id')
    .selectAll('exchange_rate')
    .select('app_user.party as entered_by_party');
  if (query.currency) {
    const c = query.currency;
    q = q.where((eb) => eb.or([eb('from_currency', '=', c), eb('to_currency', '=', c)]));
  }
  if (query.since) q = q.where('date', '>=', query.since);
  if (query.until) q = q.where('date', '<=', query.until);
  if (query.on) q = q.where('date', '<=', query.on);
  if (query.cursor) {
    const k = decodeRatesCursor(query.cursor);
    q = q.where((eb) =>
      eb.or([
        eb('date', '<', k.date),
        eb.and([
          eb('date', '=', k.date),
          eb.or([eb('from_currency', '>', k.from), eb.and([eb('from_currency', '=', k.from), eb('to_currency', '>', k.to)])]),
        ]),
      ]),
    );
  }
  const rows = await q
    .orderBy('date', 'desc')
    .orderBy('from_currency')
    .orderBy('to_currency')
    .limit(query.limit + 1)
    .execute();
  const items = rows.slice(0, query.limit).map(
    (r): ExchangeRateRecord => ({
      ...rateOf(r),
      enteredBy: namedFor(readerParty, r.entered_by_party, r.entered_by),
      enteredByParty: r.entered_by_party,
    }),
  );
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeRatesCursor(last) : null };
}

export async function insertExchangeRate(trx: Kysely<Database>, r: StoredRate, userId: string) {
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
