import type { MigrationDb } from './schema-as-written.js';

/**
 * An evaluation may carry a label of its own, so that a programme's owner can
 * keep the scores from some readers of the programme. The four label columns
 * are all null while the evaluation reads as its programme does (every
 * evaluation so far): then only the programme's label applies. Once set, a
 * reader needs both labels; the use case only sets one at least as strict as
 * the programme's, owned by the programme's owner party. One column per
 * statement: SQLite adds one column per ALTER TABLE.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('evaluation').addColumn('owner_party', 'text').execute();
  await db.schema.alterTable('evaluation').addColumn('classification', 'integer').execute();
  await db.schema.alterTable('evaluation').addColumn('releasable_mask', 'bigint').execute();
  await db.schema.alterTable('evaluation').addColumn('compartment_mask', 'bigint').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const column of ['compartment_mask', 'releasable_mask', 'classification', 'owner_party'])
    await db.schema.alterTable('evaluation').dropColumn(column).execute();
}
