import type { MigrationDb } from './schema-as-written.js';

/**
 * The rate table is read latest first then by pair, within a range of dates
 * (store/exchange-rate.repo.ts): an index in that order, so that a page of
 * rates and the rates in force on a day walk it instead of sorting the whole
 * table. A currency asked on either side reads the pair index
 * (`exchange_rate_once_a_day`, from first) for the rates from it, and the
 * index by `to_currency` and date for the rates into it.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex('exchange_rate_by_date')
    .on('exchange_rate')
    .columns(['date desc', 'from_currency', 'to_currency'])
    .execute();
  await db.schema.createIndex('exchange_rate_to_by_date').on('exchange_rate').columns(['to_currency', 'date']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const index of ['exchange_rate_to_by_date', 'exchange_rate_by_date']) await db.schema.dropIndex(index).execute();
}
