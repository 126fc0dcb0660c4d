import type { MigrationDb } from './schema-as-written.js';

/**
 * What a bundle sent carried is kept once, as its labelled rows (`exchange_bundle_record`, migration
 * 0029): the JSON manifest beside them (`exchange_sent.manifest`, migration 0027) said the same again,
 * some 4.5 MB a bundle of 100,000 activities, and nothing showed it. The export's audit entry now seals
 * the rows themselves with their hash; an export sealed by the hash of the JSON manifest has no release
 * record any more (docs/exchange.md).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('exchange_sent').dropColumn('manifest').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('exchange_sent').addColumn('manifest', 'text').execute();
}
