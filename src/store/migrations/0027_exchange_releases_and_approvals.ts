import type { AnyTableBuilder, MigrationDb } from './schema-as-written.js';

/**
 * What the exchange keeps of its releases and approvals (docs/exchange.md §7).
 *
 * - `exchange_sent.manifest`: what a bundle held, by label (ids, versions, labels; never titles), kept
 *   with the bundle; its export's audit entry keeps the manifest's hash, so the audit chain seals it.
 * - `exchange_released`: per partner, each record released to it, the version and the bundle (by
 *   sequence) that last carried it, and, once it stopped being releasable, the bundle that carried its
 *   withdrawal and the reason. The next export reads it to know what to withdraw.
 * - `exchange_approval`: this party's approvals of partners' plans received here (read-only copies), each
 *   labelled as the plan it approves, and owned by this party: they travel back in the next bundle.
 */
// 0031 writes the approvals table again with the builders below: they are as frozen as this migration.

/** Who approved a plan and when, and the approval's label: the columns after the plan approved. */
export const approverAndLabel = (t: AnyTableBuilder): AnyTableBuilder =>
  t
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('owner_party', 'text', (c) => c.notNull())
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('releasable_mask', 'bigint', (c) => c.notNull())
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull());

/** Creates the approvals table, as this migration writes it, under `name`. */
export const createApprovalTable = (db: MigrationDb, name: string): Promise<void> =>
  approverAndLabel(
    db.schema
      .createTable(name)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('originator_installation', 'text', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.notNull()),
  ).execute();

/** One approval per party and plan. */
export const indexApprovalsByPlan = (db: MigrationDb): Promise<void> =>
  db.schema
    .createIndex('exchange_approval_by_plan')
    .on('exchange_approval')
    .columns(['originator_installation', 'plan_id', 'party'])
    .unique()
    .execute();

export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('exchange_sent').addColumn('manifest', 'text').execute();
  await db.schema
    .createTable('exchange_released')
    .addColumn('recipient_installation', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sequence', 'bigint', (c) => c.notNull())
    .addColumn('withdrawn_sequence', 'bigint')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('exchange_released_pk', ['recipient_installation', 'kind', 'id'])
    .execute();
  await createApprovalTable(db, 'exchange_approval');
  await indexApprovalsByPlan(db);
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('exchange_approval').ifExists().execute();
  await db.schema.dropTable('exchange_released').ifExists().execute();
  await db.schema.alterTable('exchange_sent').dropColumn('manifest').execute();
}
