import type { MigrationDb } from './schema-as-written.js';

/**
 * A partner's approval received here and then withdrawn by its installation (a withdrawal line of kind
 * `approval`) is kept as it was received, with when and by which bundle the withdrawal came: the copy is
 * removed, and a plan's page could not tell that an approval had been given and taken back. The label
 * columns are the copy's, read by the same rule. An approval withdrawn before this migration left nothing
 * that names its plan, and is not here.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('exchange_withdrawn_approval')
    .addColumn('originator_installation', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('originator_label', 'text', (c) => c.notNull())
    .addColumn('local_level', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('owner_party', 'text', (c) => c.notNull())
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('releasable_mask', 'bigint', (c) => c.notNull())
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_bundle_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_withdrawn_approval_pk', ['originator_installation', 'id', 'withdrawn_bundle_id'])
    .execute();
  await db.schema
    .createIndex('exchange_withdrawn_approval_by_plan')
    .on('exchange_withdrawn_approval')
    .columns(['plan_id'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('exchange_withdrawn_approval').ifExists().execute();
}
