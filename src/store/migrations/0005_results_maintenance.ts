import type { MigrationDb } from './schema-as-written.js';

/**
 * Measurements are corrected or withdrawn, never erased: a withdrawn one keeps
 * when, by whom and why, and the measurement that replaced it if it was a
 * correction, so that every figure an indicator ever showed stays explainable.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('measurement').addColumn('withdrawn_at', 'text').execute();
  await db.schema
    .alterTable('measurement')
    .addColumn('withdrawn_by', 'text', (c) => c.references('app_user.id'))
    .execute();
  await db.schema.alterTable('measurement').addColumn('withdrawal_reason', 'text').execute();
  await db.schema.alterTable('measurement').addColumn('replaced_by', 'text').execute();
  await db.schema.createIndex('activity_objective_by_objective').on('activity_objective').columns(['objective_id']).execute();
  await db.schema.createIndex('indicator_by_objective').on('indicator').columns(['objective_id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('indicator_by_objective').ifExists().execute();
  await db.schema.dropIndex('activity_objective_by_objective').ifExists().execute();
  for (const c of ['replaced_by', 'withdrawal_reason', 'withdrawn_by', 'withdrawn_at'])
    await db.schema.alterTable('measurement').dropColumn(c).execute();
}
