import type { MigrationDb } from './schema-as-written.js';

/**
 * Saved queries of a plan's activity table: how a user looks at the table
 * (filters, search, sort, columns, grouping), under a name of their own, kept
 * for themselves or shared with their party. A query names no record, so it
 * carries no label: what it finds is read under the reader's own rule.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('saved_query')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_query_name_by_user').on('saved_query').columns(['user_id', 'name']).unique().execute();
  await db.schema.createIndex('saved_query_shared_by_party').on('saved_query').columns(['party', 'shared']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('saved_query').execute();
}
