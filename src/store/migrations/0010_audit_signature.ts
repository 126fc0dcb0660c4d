import type { Kysely } from 'kysely';

// Migrations take Kysely<any>: they describe the schema as it was, not the app's types.
type Db = Kysely<any>;

/**
 * Each audit entry carries the installation's signature of the chain as it
 * stood with that entry at its head. Whoever can write to the database can
 * recompute hashes but not these signatures, so `verify` names the first entry
 * they rewrote. Entries written before there was a key keep none.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('audit_entry').addColumn('key_id', 'text').execute();
  await db.schema.alterTable('audit_entry').addColumn('signature', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('audit_entry').dropColumn('signature').execute();
  await db.schema.alterTable('audit_entry').dropColumn('key_id').execute();
}
