import type { MigrationDb } from './schema-as-written.js';

/**
 * Before migration 0026 a partner that left a project was kept only when it
 * had commitments, so listing such a former partner to a reader who may read
 * none of them told that reader hidden commitments exist. The partners that
 * had left by now are marked (`kept_for_commitments`): they are listed only to
 * a reader who may read at least one of their commitments. Only those with
 * commitments are marked: one without had left after 0026 (before it, such a
 * partner was deleted) and is listed to every reader, as is a partner that
 * leaves from now on. One with commitments that left between 0026 and now is
 * marked too, since the two cannot be told apart.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('industrial_partner')
    .addColumn('kept_for_commitments', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .updateTable('industrial_partner')
    .set({ kept_for_commitments: 1 })
    .where('left_at', 'is not', null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('industrial_commitment')
          .select('industrial_commitment.id')
          .whereRef('industrial_commitment.partner_id', '=', 'industrial_partner.id'),
      ),
    )
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('industrial_partner').dropColumn('kept_for_commitments').execute();
}
