import type { MigrationDb } from './schema-as-written.js';

/**
 * Each audit entry carries the installation's signature of the chain as it
 * stood with that entry at its head. Whoever can write to the database can
 * recompute hashes but not these signatures, so `verify` names the first entry
 * they rewrote. Entries written before there was a key keep none.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('audit_entry').addColumn('key_id', 'text').execute();
  await db.schema.alterTable('audit_entry').addColumn('signature', 'text').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('audit_entry').dropColumn('signature').execute();
  await db.schema.alterTable('audit_entry').dropColumn('key_id').execute();
}
