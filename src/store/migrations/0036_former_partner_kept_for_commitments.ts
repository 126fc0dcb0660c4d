import type { MigrationDb } from './schema-as-written.js';

/**
 * Before migration 0026 a partner that left a project was kept only when it
 * had commitments, so listing such a former partner to a reader who may read
 * none of them told that reader hidden commitments exist. The partners that
 * had left by now are marked (`kept_for_commitments`): they are listed only to
 * a reader who may read at least one of their commitments. Those that left
 * between 0026 and now are marked too, since the two cannot be told apart; a
 * partner that leaves from now on is listed to every reader of the project.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('industrial_partner')
    .addColumn('kept_for_commitments', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.updateTable('industrial_partner').set({ kept_for_commitments: 1 }).where('left_at', 'is not', null).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('industrial_partner').dropColumn('kept_for_commitments').execute();
}
