import { type Kysely, sql } from 'kysely';
import type { ClaimStatus } from '../domain/offset.lifecycle.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

// The offset ledger's running totals (migration 0025). The claims against an
// obligation that share one label form a group; for each day a step of one of
// them counts, the group keeps the credit granted by the end of that day and
// the credit pending at it. Every step is added in the transaction that writes
// it, so the ledger as of a day reads, per group, the latest row on or before
// the day: one seek of the table's key, whatever the number of claims. The read
// rule applies to a group as to its claims, which carry its label.

/** What one step does to its group's figures: a claim adds its credit to pending, a decision takes it out again. */
function changeOf(to: ClaimStatus, claimed: bigint, granted: bigint | null): { granted: bigint; pending: bigint } | undefined {
  if (to === 'claimed') return { granted: 0n, pending: claimed };
  if (to === 'granted') return { granted: granted ?? 0n, pending: -claimed };
  if (to === 'refused') return { granted: 0n, pending: -claimed };
  return undefined;
}

/**
 * Adds the step of claim `claimId` to `to` on day `on` to its group's totals,
 * in the transaction `trx` that records the step (after the claim's row holds
 * the credit granted, for a grant). The group's row is taken for update first,
 * so two writers of one group add up one after the other.
 */
export async function countClaimStep(trx: Kysely<Database>, claimId: string, on: string, to: ClaimStatus): Promise<void> {
  const claim = await trx
    .selectFrom('offset_claim')
    .select(['obligation_id', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
    .select([
      sql<string>`cast(claimed_credit as text)`.as('claimed_credit'),
      sql<string | null>`cast(granted_credit as text)`.as('granted_credit'),
    ])
    .where('id', '=', claimId)
    .executeTakeFirstOrThrow();
  const change = changeOf(to, BigInt(claim.claimed_credit), claim.granted_credit === null ? null : BigInt(claim.granted_credit));
  if (!change) return;
  // The update of an existing group locks its row until the transaction ends (PostgreSQL; SQLite has one writer).
  const group = await trx
    .insertInto('offset_credit_group')
    .values({
      obligation_id: claim.obligation_id,
      owner_party: claim.owner_party,
      classification: claim.classification,
      releasable_mask: claim.releasable_mask,
      compartment_mask: claim.compartment_mask,
    })
    .onConflict((oc) =>
      oc
        .columns(['obligation_id', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
        .doUpdateSet({ obligation_id: (eb) => eb.ref('excluded.obligation_id') }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  const groupId = Number(group.id);
  // The day's row starts from the figures as of the day before, if it is new; then it and every later row move by the step.
  const before = (column: 'granted' | 'pending') =>
    sql`coalesce((select t.${sql.ref(column)} from offset_credit_total t where t.group_id = ${groupId} and t.day < ${on} order by t.day desc limit 1), 0)`;
  await sql`
    insert into offset_credit_total (group_id, day, granted, pending)
    select ${groupId}, ${on}, ${before('granted')}, ${before('pending')}
    where true
    on conflict (group_id, day) do nothing`.execute(trx);
  await trx
    .updateTable('offset_credit_total')
    .set((eb) => ({
      granted: eb('granted', '+', change.granted),
      pending: eb('pending', '+', change.pending),
    }))
    .where('group_id', '=', groupId)
    .where('day', '>=', on)
    .execute();
}

/** What the claims the reader may read add up to against one obligation at the end of one day. */
export interface CreditSums {
  obligationId: string;
  day: string;
  /** The credit granted of claims granted by the day. */
  granted: bigint;
  /** The credit claimed of claims claimed and not yet granted or refused at the day. */
  pending: bigint;
}

/**
 * For each (obligation, day) asked, the credit granted by the end of the day
 * and pending at it, over the claims the reader may read against obligations
 * (of programmes) it may read: the read rule on group, obligation and
 * programme in the same query. A pair with no readable claim stepped by its
 * day is left out (its sums are nought).
 */
export async function creditSums(
  db: Kysely<Database>,
  reader: StoreReader,
  pairs: readonly { obligationId: string; day: string }[],
): Promise<CreditSums[]> {
  const out: CreditSums[] = [];
  // A pair asked twice would add its groups twice.
  const distinct = [...new Map(pairs.map((p) => [`${p.obligationId}|${p.day}`, p])).values()];
  for (let i = 0; i < distinct.length; i += 400) {
    const chunk = distinct.slice(i, i + 400);
    const wanted = sql.join(chunk.map((p) => sql`(${p.obligationId}, ${p.day})`));
    // Each group's latest row on or before the day: the greatest key below (group, day), one seek.
    const { rows } = await sql<{ obligation_id: string; day: string; granted: string; pending: string }>`
      with wanted (obligation_id, day) as (values ${wanted})
      select w.obligation_id, w.day,
        cast(sum(t.granted) as text) as granted, cast(sum(t.pending) as text) as pending
      from wanted w
      join offset_credit_group g on g.obligation_id = w.obligation_id
      join offset_obligation o on o.id = g.obligation_id
      join programme p on p.id = o.programme_id
      join offset_credit_total t on t.group_id = g.id
        and t.day = (select max(l.day) from offset_credit_total l where l.group_id = g.id and l.day <= w.day)
      where ${readableBy(reader, 'g')}
        and ${readableBy(reader, 'o')}
        and ${readableBy(reader, 'p')}
      group by w.obligation_id, w.day`.execute(db);
    for (const r of rows)
      out.push({ obligationId: r.obligation_id, day: r.day, granted: BigInt(r.granted), pending: BigInt(r.pending) });
  }
  return out;
}

/**
 * Builds the totals anew from the claims and steps written, as migration 0025
 * does: for data written straight into the tables (the benchmark's), or to
 * check the kept totals against a recomputation.
 */
// Deliberately the same statements as migration 0025's backfill, not shared: the migration is frozen, this follows today's tables.
export async function rebuildCreditTotals(db: Kysely<Database>): Promise<void> {
  await sql`delete from offset_credit_total`.execute(db);
  await sql`delete from offset_credit_group`.execute(db);
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
