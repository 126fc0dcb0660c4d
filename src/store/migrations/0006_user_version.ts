import type { MigrationDb } from './schema-as-written.js';

/**
 * Users get a version, so that two administrators editing the same account
 * cannot silently overwrite each other's changes, as with every other record.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('app_user')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // The tokens of one user, listed on the administration page.
  await db.schema.createIndex('api_token_by_user').on('api_token').columns(['user_id', 'created_at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('api_token_by_user').execute();
  await db.schema.alterTable('app_user').dropColumn('version').execute();
}
