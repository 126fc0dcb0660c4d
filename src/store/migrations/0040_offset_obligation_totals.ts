import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';
import type { MigrationDb } from './schema-as-written.js';

/**
 * The offset ledger's running totals per obligation, beside those per group
 * of claims of one label (migration 0025): for an obligation and each day one
 * of its claims took a step that counts, the credit granted by the end of that
 * day and the credit pending at it, over all its claims. Kept by the same
 * writes, in the same transaction. A reader who may read most of an
 * obligation's groups reads its sums as this total less the groups it may not
 * read: one seek and a few, instead of one per group it may read.
 *
 * Filled here from the claims and steps already written, as 0025 filled the
 * group totals.
 */
export async function up(db: MigrationDb): Promise<void> {
  let totals = db.schema
    .createTable('offset_obligation_total')
    .addColumn('obligation_id', 'text', (c) => c.notNull().references('offset_obligation.id'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('granted', 'bigint', (c) => c.notNull())
    .addColumn('pending', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('offset_obligation_total_pk', ['obligation_id', 'day']);
  // On SQLite the table is its key's b-tree: an obligation's row as of a day is one seek, figures included.
  if (!isPostgres(db)) totals = totals.modifyEnd(sql`without rowid`);
  await totals.execute();
  // The same statement as rebuildCreditTotals (offset-totals.repo.ts), kept apart: this migration is frozen.
  await sql`
    insert into offset_obligation_total (obligation_id, day, granted, pending)
    select obligation_id, day,
      sum(sum(granted)) over (partition by obligation_id order by day),
      sum(sum(pending)) over (partition by obligation_id order by day)
    from (
      select c.obligation_id, e.step_on as day,
        case when e.to_status = 'granted' then c.granted_credit else 0 end as granted,
        case when e.to_status = 'claimed' then c.claimed_credit else -c.claimed_credit end as pending
      from offset_claim_event e
      join offset_claim c on c.id = e.claim_id
      where e.to_status in ('claimed', 'granted', 'refused')
    ) steps
    group by obligation_id, day`.execute(db);
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('offset_obligation_total').execute();
}
