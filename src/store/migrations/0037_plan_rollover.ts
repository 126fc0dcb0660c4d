import type { MigrationDb } from './schema-as-written.js';

/**
 * Roll-over of a plan into next year's draft (app/rollover.usecases.ts): an
 * activity may be marked `recurring` (carried every year, even once done), an
 * activity carried over names the one it continues (`carried_from`), and a
 * plan drafted by a roll-over names the plan it was rolled from (`rolled_from`).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('activity')
    .addColumn('recurring', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('activity').addColumn('carried_from', 'text').execute();
  await db.schema.alterTable('work_plan').addColumn('rolled_from', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('work_plan').dropColumn('rolled_from').execute();
  await db.schema.alterTable('activity').dropColumn('carried_from').execute();
  await db.schema.alterTable('activity').dropColumn('recurring').execute();
}
