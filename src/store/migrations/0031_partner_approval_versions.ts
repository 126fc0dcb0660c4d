import { sql } from 'kysely';
import { approverAndLabel, createApprovalTable, indexApprovalsByPlan } from './0027_exchange_releases_and_approvals.js';
import type { MigrationDb } from './schema-as-written.js';

/**
 * A party's approval of a partner's plan names the version of the copy it approved, and lives only as
 * long as that copy: withdrawn by its originator, the copy takes this party's approvals of it along
 * (the next bundle back then withdraws them). A newer version received keeps the approval, shown as of
 * an earlier version, and the party may approve the new one: one approval per party and version.
 * The table is written again (SQLite adds no foreign key to a table), its approvals of copies no longer
 * here left out, and each kept one taken as of the version of its copy here now.
 */
export async function up(db: MigrationDb): Promise<void> {
  await approverAndLabel(
    db.schema
      .createTable('exchange_approval_next')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('originator_installation', 'text', (c) => c.notNull())
      .addColumn('plan_kind', 'text', (c) => c.notNull().defaultTo('plan'))
      .addColumn('plan_id', 'text', (c) => c.notNull())
      .addColumn('plan_version', 'integer', (c) => c.notNull()),
  )
    .addCheckConstraint('exchange_approval_of_plan', sql`plan_kind = 'plan'`)
    .addForeignKeyConstraint(
      'exchange_approval_copy_fk',
      ['originator_installation', 'plan_kind', 'plan_id'],
      'exchange_record',
      ['originator_installation', 'kind', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await sql`insert into exchange_approval_next
      (id, originator_installation, plan_kind, plan_id, plan_version, party, user_id, at,
       owner_party, classification, releasable_mask, compartment_mask)
    select a.id, a.originator_installation, 'plan', a.plan_id, r.version, a.party, a.user_id, a.at,
       a.owner_party, a.classification, a.releasable_mask, a.compartment_mask
    from exchange_approval a
    join exchange_record r
      on r.originator_installation = a.originator_installation and r.kind = 'plan' and r.id = a.plan_id`.execute(db);
  await db.schema.dropTable('exchange_approval').execute();
  await db.schema.alterTable('exchange_approval_next').renameTo('exchange_approval').execute();
  await db.schema
    .createIndex('exchange_approval_by_plan')
    .on('exchange_approval')
    .columns(['originator_installation', 'plan_id', 'party', 'plan_version'])
    .unique()
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  // The table as 0027 wrote it, filled below.
  await createApprovalTable(db, 'exchange_approval_prev');
  // One approval per party and plan before: the one of the latest version approved.
  await sql`insert into exchange_approval_prev
    select id, originator_installation, plan_id, party, user_id, at, owner_party, classification, releasable_mask, compartment_mask
    from exchange_approval a
    where not exists (select 1 from exchange_approval b
      where b.originator_installation = a.originator_installation and b.plan_id = a.plan_id and b.party = a.party
        and b.plan_version > a.plan_version)`.execute(db);
  await db.schema.dropTable('exchange_approval').execute();
  await db.schema.alterTable('exchange_approval_prev').renameTo('exchange_approval').execute();
  await indexApprovalsByPlan(db);
}
