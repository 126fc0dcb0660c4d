import type { MigrationDb } from './schema-as-written.js';

/**
 * The language a user reads JointPlan in (fr, en, ar or he), as the web app last saved it: the notifications
 * e-mailed to them are written in it; none, in English.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('language', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('language').execute();
}
