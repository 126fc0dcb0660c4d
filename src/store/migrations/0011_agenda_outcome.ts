import { sql } from 'kysely';
import type { MigrationDb } from './schema-as-written.js';

/**
 * Each agenda item's minutes say what came of it: a decision, a point noted,
 * or a point deferred. Minutes already written read as a decision when they
 * hold decisions and as noted when they do not.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('agenda_item').addColumn('outcome', 'text').execute();
  await db
    .updateTable('agenda_item')
    .set({ outcome: sql`case when decisions is not null and decisions <> '' then 'decision' else 'noted' end` })
    .where('summary', 'is not', null)
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('agenda_item').dropColumn('outcome').execute();
}
