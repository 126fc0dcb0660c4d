import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';
import type { MigrationDb } from './schema-as-written.js';

/**
 * What a party's offset ledger added up, kept per kind of reader. The sums of
 * the claims a reader may read against an obligation as of a day depend only
 * on the claims' running totals and on what the read rule asks of the reader
 * (its party, clearance and compartments): every reader alike shares them.
 * A ledger keeps those it worked out (`offset_reader_sums`), each with the
 * generation of its obligation's totals it was read at; every step written to
 * the totals moves its obligation's generation on (`offset_sums_stamp`, no row
 * is generation 0) and drops the obligation's kept sums, in its transaction.
 * A kept sum counts only while its generation is the obligation's: one kept
 * by a reader whose snapshot came before a step is never used.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('offset_sums_stamp')
    .addColumn('obligation_id', 'text', (c) => c.primaryKey().references('offset_obligation.id'))
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .execute();
  let sums = db.schema
    .createTable('offset_reader_sums')
    .addColumn('obligation_id', 'text', (c) => c.notNull().references('offset_obligation.id'))
    .addColumn('reader', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .addColumn('granted', 'bigint', (c) => c.notNull())
    .addColumn('pending', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('offset_reader_sums_pk', ['obligation_id', 'reader', 'day']);
  // On SQLite the table is its key's b-tree: a kept sum is one seek, figures included.
  if (!isPostgres(db)) sums = sums.modifyEnd(sql`without rowid`);
  await sums.execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('offset_reader_sums').execute();
  await db.schema.dropTable('offset_sums_stamp').execute();
}
