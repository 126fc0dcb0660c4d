import { type MigrationDb, serialOn } from './schema-as-written.js';

/** Calendar feed tokens, in-app notifications, and the bookkeeping of scheduled jobs. */
export async function up(db: MigrationDb): Promise<void> {
  const serial = serialOn(db);

  await db.schema
    .createTable('calendar_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await serial(db.schema.createTable('notification'), 'id')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text')
    // One notification per user and fact (e.g. "activity X overdue"), however often the digest runs.
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addUniqueConstraint('notification_dedupe', ['user_id', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('notification_by_user').on('notification').columns(['user_id', 'read_at', 'created_at']).execute();

  // A row per job and period: inserting it claims the run, so that each
  // daily job runs once however many server processes share the database.
  await db.schema
    .createTable('job_run')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('detail', 'text')
    .addPrimaryKeyConstraint('job_run_pk', ['job', 'period'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of ['job_run', 'notification', 'calendar_token']) await db.schema.dropTable(t).ifExists().execute();
}
