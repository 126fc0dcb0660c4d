import type { MigrationDb } from './schema-as-written.js';

/**
 * Search finds a word's other forms (stems per language, made in the app,
 * domain/search-terms.ts) and more kinds of records. Each search entry now
 * names the record it is about (`target_id`): an agenda item has entries of
 * its own for its title, its minutes and its decisions. `search_index_state`
 * tells which version of the terms the index was made with; it starts at 0,
 * so that the server indexes every record already written anew, in the app's
 * terms, right after migrating (store/search-index.ts, `ensureSearchIndex`):
 * a migration cannot stem, and never imports the app's code.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('search_entry').addColumn('target_id', 'text').execute();
  await db
    .updateTable('search_entry')
    .set((eb) => ({ target_id: eb.ref('record_id') }))
    .execute();
  await db.schema.createIndex('search_entry_target').on('search_entry').column('target_id').execute();
  await db.schema
    .createTable('search_index_state')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('search_index_state').values({ version: 0 }).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('search_index_state').ifExists().execute();
  await db.schema.dropIndex('search_entry_target').ifExists().execute();
  await db.schema.alterTable('search_entry').dropColumn('target_id').execute();
}
