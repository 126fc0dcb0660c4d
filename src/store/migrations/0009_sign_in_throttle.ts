import { isPostgres } from '../dialect.js';
import type { MigrationDb } from './schema-as-written.js';

/**
 * Sign-in attempts are counted per key (an account, an address, or both) in
 * one row each, which an attempt claims with a single conditional update, so
 * that simultaneous attempts, from one server process or several, cannot all
 * pass a count read before any of them was written. It replaces the list of
 * failures, whose count-then-check let a burst through and locked accounts.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .execute();
  // Rows of keys nobody tried for a while are deleted as new keys come; this finds them.
  await db.schema.createIndex('sign_in_throttle_by_last_at').on('sign_in_throttle').column('last_at').execute();
  await db.schema.dropTable('login_failure').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('sign_in_throttle').execute();
  const table = db.schema.createTable('login_failure');
  await (isPostgres(db)
    ? table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  )
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failure_by_user').on('login_failure').columns(['username', 'at']).execute();
}
