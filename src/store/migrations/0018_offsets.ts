import { labelled, type MigrationDb, serialOn, versioned } from './schema-as-written.js';

/**
 * Offsets: the obligations a programme's contract lays on its supplier side,
 * the credit claims made against them and every step of each claim's review.
 * Amounts are integers in the currency's minor units (bigint), each beside its
 * ISO 4217 code; percentages and multipliers are integers of basis points.
 * A claim names its industrial project by id only: the project's table is
 * another migration's, and the use case checks that the claimant may read it.
 */
export async function up(db: MigrationDb): Promise<void> {
  const serial = serialOn(db);

  await versioned(
    labelled(
      db.schema
        .createTable('offset_obligation')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
        .addColumn('supplier_id', 'text', (c) => c.notNull().references('supplier.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('obligor_party', 'text', (c) => c.notNull().references('party.code'))
        .addColumn('beneficiary_party', 'text', (c) => c.notNull().references('party.code'))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('contract_value', 'bigint', (c) => c.notNull())
        .addColumn('required_bp', 'integer', (c) => c.notNull())
        .addColumn('amount', 'bigint', (c) => c.notNull())
        .addColumn('arises_on', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('penalty_bp', 'integer', (c) => c.notNull())
        // JSON: [{ category, bp }]
        .addColumn('multipliers', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id')),
    ),
  ).execute();
  await db.schema.createIndex('offset_obligation_by_programme').on('offset_obligation').columns(['programme_id']).execute();
  await db.schema
    .createIndex('offset_obligation_by_supplier')
    .on('offset_obligation')
    .columns(['supplier_id', 'deadline'])
    .execute();
  await db.schema
    .createIndex('offset_obligation_by_parties')
    .on('offset_obligation')
    .columns(['obligor_party', 'beneficiary_party'])
    .execute();

  await versioned(
    labelled(
      db.schema
        .createTable('offset_claim')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('obligation_id', 'text', (c) => c.notNull().references('offset_obligation.id'))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('industrial_project_id', 'text')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('multiplier_bp', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addColumn('claimed_credit', 'bigint', (c) => c.notNull())
        .addColumn('accepted_value', 'bigint')
        .addColumn('granted_credit', 'bigint')
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('claimed_on', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text', (c) => c.notNull().references('app_user.id')),
    ),
  ).execute();
  await db.schema.createIndex('offset_claim_by_obligation').on('offset_claim').columns(['obligation_id']).execute();

  // Every step of a claim, with who, when (the day it counts from, and the time it was written) and why.
  await serial(db.schema.createTable('offset_claim_event'), 'id')
    .addColumn('claim_id', 'text', (c) => c.notNull().references('offset_claim.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('step_on', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .execute();
  await db.schema.createIndex('offset_claim_event_by_claim').on('offset_claim_event').columns(['claim_id', 'id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('offset_claim_event').execute();
  await db.schema.dropTable('offset_claim').execute();
  await db.schema.dropTable('offset_obligation').execute();
}
