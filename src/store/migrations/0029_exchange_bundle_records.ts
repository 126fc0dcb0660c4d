import type { MigrationDb } from './schema-as-written.js';

/**
 * What each bundle sent carried, one row per record, labelled as the record was here when it left, so
 * that the read rule applies to it: the export's audit entry, labelled unclassified, keeps only the hash
 * of the manifest, and the release record and the officers' counts are read from these rows, each
 * officer seeing only the records they may read.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('exchange_bundle_record')
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('partner_level', 'text', (c) => c.notNull())
    .addColumn('owner_party', 'text', (c) => c.notNull())
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('releasable_mask', 'bigint', (c) => c.notNull())
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_bundle_record_pk', ['bundle_id', 'position'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('exchange_bundle_record').execute();
}
