import type { MigrationDb } from './schema-as-written.js';

/**
 * Watchers of activities and action items, and what e-mail delivery needs.
 *
 * A watcher row says who follows which record, and the last audit entry
 * about it they were told of (`seen_seq`): changes are found in the audit
 * chain after it, so a watcher is told of each change once, however often the
 * scan runs and whichever process runs it. A user may give an e-mail address;
 * a notification e-mailed records when, so it goes out once.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('watcher')
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('seen_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('watcher_pk', ['entity_type', 'entity_id', 'user_id'])
    .execute();
  await db.schema.createIndex('watcher_by_user').on('watcher').columns(['user_id']).execute();
  await db.schema.alterTable('app_user').addColumn('email', 'text').execute();
  await db.schema.alterTable('notification').addColumn('emailed_at', 'text').execute();
  await db.schema.createIndex('notification_to_email').on('notification').columns(['user_id', 'emailed_at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('notification_to_email').ifExists().execute();
  await db.schema.alterTable('notification').dropColumn('emailed_at').execute();
  await db.schema.alterTable('app_user').dropColumn('email').execute();
  await db.schema.dropTable('watcher').ifExists().execute();
}
