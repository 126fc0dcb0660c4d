import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';
import { type MigrationDb, serialOn } from './schema-as-written.js';

/**
 * The offset ledger's running totals, kept by the writes of claims and their
 * steps so that the ledger as of a day reads one row per group of claims
 * instead of every claim and step of a supplier's chain.
 *
 * - `offset_credit_group`: the claims against one obligation that share one
 *   label (owner, classification, releasability, compartments). The read rule
 *   applies to a group as to each of its claims, since they carry its label.
 * - `offset_credit_total`: for a group and each day one of its claims took a
 *   step that counts (claimed, granted, refused), the credit granted by the
 *   end of that day and the credit claimed and not yet decided at it. As of
 *   any day, a group's figures are those of its latest row on or before it.
 *
 * Filled here from the claims and steps already written. And an index for
 * the obligation list, paged by keyset on deadline and id.
 */
export async function up(db: MigrationDb): Promise<void> {
  const serial = serialOn(db);
  await serial(db.schema.createTable('offset_credit_group'), 'id')
    .addColumn('obligation_id', 'text', (c) => c.notNull().references('offset_obligation.id'))
    .addColumn('owner_party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('releasable_mask', 'bigint', (c) => c.notNull())
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('offset_credit_group_by_label')
    .on('offset_credit_group')
    .columns(['obligation_id', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
    .unique()
    .execute();
  let totals = db.schema
    .createTable('offset_credit_total')
    .addColumn('group_id', 'bigint', (c) => c.notNull().references('offset_credit_group.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('granted', 'bigint', (c) => c.notNull())
    .addColumn('pending', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('offset_credit_total_pk', ['group_id', 'day']);
  // On SQLite the table is its key's b-tree: a group's row as of a day is one seek, figures included.
  if (!isPostgres(db)) totals = totals.modifyEnd(sql`without rowid`);
  await totals.execute();

  // The obligation list is paged by keyset on (deadline, id).
  await db.schema.createIndex('offset_obligation_by_deadline').on('offset_obligation').columns(['deadline', 'id']).execute();

  // The same statements as rebuildCreditTotals (offset-totals.repo.ts), kept apart: this migration is frozen, the rebuild follows today's tables.
  await sql`
    insert into offset_credit_group (obligation_id, owner_party, classification, releasable_mask, compartment_mask)
    select distinct obligation_id, owner_party, classification, releasable_mask, compartment_mask from offset_claim`.execute(db);
  await sql`
    insert into offset_credit_total (group_id, day, granted, pending)
    select group_id, day,
      sum(sum(granted)) over (partition by group_id order by day),
      sum(sum(pending)) over (partition by group_id order by day)
    from (
      select g.id as group_id, e.step_on as day,
        case when e.to_status = 'granted' then c.granted_credit else 0 end as granted,
        case when e.to_status = 'claimed' then c.claimed_credit else -c.claimed_credit end as pending
      from offset_claim_event e
      join offset_claim c on c.id = e.claim_id
      join offset_credit_group g on g.obligation_id = c.obligation_id and g.owner_party = c.owner_party
        and g.classification = c.classification and g.releasable_mask = c.releasable_mask
        and g.compartment_mask = c.compartment_mask
      where e.to_status in ('claimed', 'granted', 'refused')
    ) steps
    group by group_id, day`.execute(db);
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('offset_obligation_by_deadline').execute();
  await db.schema.dropTable('offset_credit_total').execute();
  await db.schema.dropTable('offset_credit_group').execute();
}
