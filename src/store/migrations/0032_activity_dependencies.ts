import type { MigrationDb } from './schema-as-written.js';

/**
 * Finish-to-start dependencies between activities of one plan. A dependency has no label of its own: it is
 * read with the labels of its two activities, readable only by those who may read both.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('activity_dependency')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('work_plan.id'))
    .addColumn('predecessor_id', 'text', (c) => c.notNull().references('activity.id'))
    .addColumn('successor_id', 'text', (c) => c.notNull().references('activity.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('lag_days', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('activity_dependency_pair', ['predecessor_id', 'successor_id'])
    .execute();
  await db.schema.createIndex('activity_dependency_by_plan').on('activity_dependency').columns(['plan_id']).execute();
  await db.schema.createIndex('activity_dependency_by_successor').on('activity_dependency').columns(['successor_id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('activity_dependency').execute();
}
