import type { MigrationDb } from './schema-as-written.js';

/**
 * The programme list reads newest first (creation time, then id) and pages by
 * keyset: these indexes let both databases walk the programmes in that order,
 * alone or of one owner party, and stop once a page of readable ones is full,
 * instead of reading and sorting every programme for each page (at 10,000
 * programmes, 45 ms against half a millisecond on SQLite).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.createIndex('programme_newest').on('programme').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('programme_by_owner_newest').on('programme').columns(['owner_party', 'created_at', 'id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('programme_by_owner_newest').ifExists().execute();
  await db.schema.dropIndex('programme_newest').ifExists().execute();
}
