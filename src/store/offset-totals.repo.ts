import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ClaimStatus } from '../domain/offset.lifecycle.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';
import { readableObligations } from './offset.repo.js';

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
 * Adds the step of claim `claimId` to `to` on day `on` to its group's totals
 * and its obligation's (migration 0040), in the transaction `trx` that records
 * the step (after the claim's row holds the credit granted, for a grant). The
 * group's row and the obligation's are taken for update first, so two writers
 * of one group, or of one obligation, add up one after the other.
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
  await addToRunningTotals(trx, 'offset_credit_total', 'group_id', Number(group.id), on, change);
  // Writers of other groups of the obligation add to its totals too: its row is locked for that, in a mode that
  // claims written against it (which lock it for key share) do not wait for.
  if (isPostgres(trx))
    await sql`select id from offset_obligation where id = ${claim.obligation_id} for no key update`.execute(trx);
  await addToRunningTotals(trx, 'offset_obligation_total', 'obligation_id', claim.obligation_id, on, change);
  await forgetCreditSums(trx, claim.obligation_id);
}

/**
 * Moves the generation of an obligation's totals on and drops the sums kept
 * of it (migration 0047), in the transaction `trx` that changes its totals: a
 * sum kept at an earlier generation would no longer be what its claims add up to.
 */
async function forgetCreditSums(trx: Kysely<Database>, obligationId: string) {
  await sql`
    insert into offset_sums_stamp (obligation_id, generation) values (${obligationId}, 1)
    on conflict (obligation_id) do update set generation = offset_sums_stamp.generation + 1`.execute(trx);
  await trx.deleteFrom('offset_reader_sums').where('obligation_id', '=', obligationId).execute();
}

/** Moves the running totals of one key by `change` from day `on` on: the day's row starts from the day before's, if new. */
async function addToRunningTotals(
  trx: Kysely<Database>,
  table: 'offset_credit_total' | 'offset_obligation_total',
  column: 'group_id' | 'obligation_id',
  key: number | string,
  on: string,
  change: { granted: bigint; pending: bigint },
) {
  const before = (figure: 'granted' | 'pending') =>
    sql`coalesce((select t.${sql.ref(figure)} from ${sql.table(table)} t where t.${sql.ref(column)} = ${key} and t.day < ${on} order by t.day desc limit 1), 0)`;
  await sql`
    insert into ${sql.table(table)} (${sql.ref(column)}, day, granted, pending)
    select ${key}, ${on}, ${before('granted')}, ${before('pending')}
    where true
    on conflict (${sql.ref(column)}, day) do nothing`.execute(trx);
  await sql`
    update ${sql.table(table)} set granted = granted + ${change.granted}, pending = pending + ${change.pending}
    where ${sql.ref(column)} = ${key} and day >= ${on}`.execute(trx);
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
 *
 * The obligation's groups the reader may read are counted first (one walk of
 * a covering index per obligation, whatever the days asked); an obligation of
 * which it may read none is not asked further. Then, per obligation, the
 * smaller side is added up: the groups it may read, or, when it may read more
 * than half, the obligation's running total (migration 0040) less the groups
 * it may not. Either way the figures are exactly those of the claims it may
 * read, both sides being running sums of the same steps: which side is taken
 * changes only the work. The obligation, its programme and its groups are
 * read and tested once per obligation, and each of its days asked is then one
 * lookup per group on that side (the days travel as one JSON list per
 * obligation on SQLite, as two arrays of obligations and days on PostgreSQL):
 * the work follows obligations × side × days, not pairs × every group.
 */
export async function creditSums(
  db: Kysely<Database>,
  reader: StoreReader,
  pairs: readonly { obligationId: string; day: string }[],
): Promise<CreditSums[]> {
  return (await workOutCreditSums(db, reader, pairs)).sums;
}

/** Sums worked out at a generation of their obligation's totals, every pair asked of a readable obligation (nought too). */
export interface LearntCreditSums {
  reader: string;
  rows: (CreditSums & { generation: string })[];
}

/** What the read rule asks of a reader, as the key of the sums kept for every reader alike. */
const readerKey = (r: StoreReader) => `${r.party}:${r.partyBit}:${r.clearance}:${r.compartmentMask}`;

/** As `creditSums`, with what it worked out and at which generation, for `rememberCreditSums`. */
async function workOutCreditSums(
  db: Kysely<Database>,
  reader: StoreReader,
  pairs: readonly { obligationId: string; day: string }[],
): Promise<{ sums: CreditSums[]; learnt: LearntCreditSums }> {
  const out: CreditSums[] = [];
  const learnt: LearntCreditSums = { reader: readerKey(reader), rows: [] };
  // A pair asked twice would add its groups twice; the days of one obligation are asked together.
  const daysOf = new Map<string, Set<string>>();
  for (const p of pairs) {
    const days = daysOf.get(p.obligationId);
    if (days) days.add(p.day);
    else daysOf.set(p.obligationId, new Set([p.day]));
  }
  const ids = [...daysOf.keys()];
  const postgres = isPostgres(db);
  // The day of a row of `d`, the days asked of an obligation.
  const day = postgres ? sql.ref('d.day') : sql.ref('d.value');
  // A key's latest row on or before a day: on PostgreSQL one backward walk of the key's index, on SQLite the
  // greatest key below (key, day) and then that row, two seeks of the table's own b-tree. `only`, a test of the
  // rows joined before, is made before the walk: on PostgreSQL inside it, which also keeps the list of obligations
  // joined before it (tested after, it walked the index for every group of every day, then dropped those off the
  // side: 17,000 walks for 4,400 rows kept, at full size); SQLite keeps the order written and tests it there anyway.
  const latest = (
    table: 'offset_credit_total' | 'offset_obligation_total',
    column: 'group_id' | 'obligation_id',
    key: RawBuilder<unknown>,
    only: RawBuilder<boolean> = sql<boolean>`true`,
  ) =>
    postgres
      ? sql`cross join lateral (select l.granted, l.pending from ${sql.table(table)} l
          where l.${sql.ref(column)} = ${key} and l.day <= ${day} and ${only} order by l.day desc limit 1) t`
      : sql`cross join ${sql.table(table)} t on t.${sql.ref(column)} = ${key}
          and t.day = (select max(l.day) from ${sql.table(table)} l where l.${sql.ref(column)} = ${key} and l.day <= ${day})`;
  // The days asked of an obligation, one row each (`d`): on SQLite its JSON list unnested (a list of values would
  // be scanned whole for each row), on PostgreSQL the pairs asked, as two arrays unnested, joined by obligation
  // (`unnest` of an array parameter is costed at the array's length, unlike `jsonb_array_elements_text`, guessed
  // at a hundred rows a call, which made it compile the plan for a query a hundred times larger).
  const days = postgres ? sql`join asked d on d.obligation_id = w.obligation_id` : sql`cross join json_each(w.days) d`;
  // On PostgreSQL the obligations and days travel as arrays, a few parameters whatever their number: the
  // statement's text is the same on every call, and its planning short (as lists of values, each call's text
  // had its own length, some 3,000 parameters for a party's ledger, and planning them took 5 to 12 ms). On
  // SQLite a list of parameters, 500 obligations a statement.
  const chunkSize = postgres ? Math.max(ids.length, 1) : 500;
  for (let i = 0; i < ids.length; i += chunkSize) {
    const chunk = ids.slice(i, i + chunkSize);
    // Which side each obligation is read from: the counts of its groups the reader may read and of all of them,
    // for each obligation it may read of a programme it may read; with the generation of its totals, read in the
    // same snapshot as the sums.
    const counts = await readableObligations(db, reader)
      .leftJoin('offset_sums_stamp as s', 's.obligation_id', 'o.id')
      .leftJoin('offset_credit_group as g', 'g.obligation_id', 'o.id')
      .select(['o.id as obligation_id', sql<string>`cast(coalesce(s.generation, 0) as text)`.as('generation')])
      .select(sql<number>`sum(case when g.id is not null and ${readableBy(reader, 'g')} then 1 else 0 end)`.as('readable'))
      .select((eb) => eb.fn.count<number>('g.id').as('groups'))
      .where((eb) => (postgres ? sql<boolean>`o.id = any(cast(${chunk} as text[]))` : eb('o.id', 'in', chunk)))
      .groupBy(['o.id', 's.generation'])
      .execute();
    // Every day asked of an obligation the reader may read is learnt, nought included; those found below are set.
    const learning = new Map<string, LearntCreditSums['rows'][number]>();
    for (const c of counts)
      for (const d of daysOf.get(c.obligation_id) ?? []) {
        const row = { obligationId: c.obligation_id, day: d, generation: c.generation, granted: 0n, pending: 0n };
        learning.set(`${c.obligation_id}|${d}`, row);
        learnt.rows.push(row);
      }
    // Of an obligation whose groups the reader may read none of, the sums are nought whatever the day.
    const asked = counts.filter((c) => Number(c.readable) > 0);
    if (!asked.length) continue;
    const less = (c: (typeof asked)[number]) => (2 * Number(c.readable) > Number(c.groups) ? 1 : 0);
    const daysAsked = (c: (typeof asked)[number]) => [...(daysOf.get(c.obligation_id) ?? [])];
    const pairsAsked = asked.flatMap((c) => daysAsked(c).map((d) => [c.obligation_id, d] as const));
    const lists = postgres
      ? sql`wanted (obligation_id, less) as (
          select * from unnest(cast(${asked.map((c) => c.obligation_id)} as text[]), cast(${asked.map(less)} as int[]))),
        asked (obligation_id, day) as (
          select * from unnest(cast(${pairsAsked.map((p) => p[0])} as text[]), cast(${pairsAsked.map((p) => p[1])} as text[])))`
      : sql`wanted (obligation_id, less, days) as (values ${sql.join(asked.map((c) => sql`(${c.obligation_id}, ${sql.lit(less(c))}, ${JSON.stringify(daysAsked(c))})`))})`;
    // Joined in the order written (SQLite keeps the order of a cross join): each obligation asked, then its
    // programme, groups, days and rows by key; left free, SQLite scanned every obligation against the list.
    // The read rule of obligation and programme on every obligation, and of the group on every group added or
    // taken out, whichever side was chosen: the side changes the work, never what is counted.
    const J = postgres ? sql`join` : sql`cross join`;
    // A group on the side read: one the reader may read when adding, one it may not when taking out.
    const onTheSide = sql<boolean>`(case when ${readableBy(reader, 'g')} then 1 else 0 end) <> w.less`;
    const query = sql<{ obligation_id: string; day: string; granted: string; pending: string }>`
      with ${lists}
      select obligation_id, day, cast(sum(granted) as text) as granted, cast(sum(pending) as text) as pending
      from (
        select w.obligation_id, ${day} as day, t.granted, t.pending
        from wanted w
        ${J} offset_obligation o on o.id = w.obligation_id
        ${J} programme p on p.id = o.programme_id
        ${days}
        ${latest('offset_obligation_total', 'obligation_id', sql.ref('w.obligation_id'))}
        where w.less = 1
          and ${readableBy(reader, 'o')}
          and ${readableBy(reader, 'p')}
        union all
        select w.obligation_id, ${day} as day, (1 - 2 * w.less) * t.granted, (1 - 2 * w.less) * t.pending
        from wanted w
        ${J} offset_obligation o on o.id = w.obligation_id
        ${J} programme p on p.id = o.programme_id
        ${J} offset_credit_group g on g.obligation_id = w.obligation_id
        ${days}
        ${latest('offset_credit_total', 'group_id', sql.ref('g.id'), onTheSide)}
        where ${onTheSide}
          and ${readableBy(reader, 'o')}
          and ${readableBy(reader, 'p')}
      ) parts
      group by obligation_id, day`;
    const { rows } = await query.execute(db);
    for (const r of rows) {
      const sums = { obligationId: r.obligation_id, day: r.day, granted: BigInt(r.granted), pending: BigInt(r.pending) };
      out.push(sums);
      const row = learning.get(`${r.obligation_id}|${r.day}`);
      if (row) Object.assign(row, { granted: sums.granted, pending: sums.pending });
    }
  }
  return { sums: out, learnt };
}

/**
 * As `creditSums`, reading first the sums kept for readers alike (migration
 * 0047) that are still at their obligation's generation, and working out the
 * others; `learnt` holds those, for `rememberCreditSums` once the snapshot
 * `db` is done with. A kept sum is read under the read rule of its obligation
 * and programme, as a worked-out one is.
 */
export async function readCreditSums(
  db: Kysely<Database>,
  reader: StoreReader,
  pairs: readonly { obligationId: string; day: string }[],
): Promise<{ sums: CreditSums[]; learnt: LearntCreditSums }> {
  const key = readerKey(reader);
  const kept: CreditSums[] = [];
  const known = new Set<string>();
  const wanted = new Set(pairs.map((p) => `${p.obligationId}|${p.day}`));
  const ids = [...new Set(pairs.map((p) => p.obligationId))];
  const postgres = isPostgres(db);
  // Per obligation asked, all its kept rows for the reader's kind (one range of the key: a few rows, keeping
  // bounds them), those of the days asked picked here. The days are not put to the database: a list of them in
  // the seek of the key is a seek per obligation and day on either database (100,000 for a party's ledger).
  // On PostgreSQL the obligations travel as one array, on SQLite 500 a statement.
  const CHUNK = postgres ? Math.max(ids.length, 1) : 500;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await readableObligations(db, reader)
      .innerJoin('offset_reader_sums as m', (j) => j.onRef('m.obligation_id', '=', 'o.id').on('m.reader', '=', key))
      .leftJoin('offset_sums_stamp as s', 's.obligation_id', 'o.id')
      .select(['m.obligation_id', 'm.day'])
      .select([sql<string>`cast(m.granted as text)`.as('granted'), sql<string>`cast(m.pending as text)`.as('pending')])
      .where((eb) => (postgres ? sql<boolean>`o.id = any(cast(${chunk} as text[]))` : eb('o.id', 'in', chunk)))
      .where(sql<boolean>`m.generation = coalesce(s.generation, 0)`)
      .execute();
    for (const r of rows) {
      const pair = `${r.obligation_id}|${r.day}`;
      if (!wanted.has(pair)) continue;
      known.add(pair);
      const granted = BigInt(r.granted);
      const pending = BigInt(r.pending);
      if (granted !== 0n || pending !== 0n) kept.push({ obligationId: r.obligation_id, day: r.day, granted, pending });
    }
  }
  const missing = pairs.filter((p) => !known.has(`${p.obligationId}|${p.day}`));
  if (!missing.length) return { sums: kept, learnt: { reader: key, rows: [] } };
  const worked = await workOutCreditSums(db, reader, missing);
  return { sums: [...kept, ...worked.sums], learnt: worked.learnt };
}

/**
 * Keeps the sums `learnt` for the readers alike, each at the generation it
 * was worked out at, in a transaction of its own (the reads were made in a
 * read-only snapshot). A sum kept already at a later generation stays. An
 * obligation whose totals changed since keeps it under the old generation,
 * which no read uses, until its next step drops it.
 *
 * Of each obligation learnt, the reader's kind keeps only the days in
 * `days` (the ledger's day and its chains' deadlines): a day asked before and
 * not now goes, so that what is kept of an obligation stays within its
 * chain's deadlines and one day more, whatever days readers ask.
 *
 * Keeping never waits: on SQLite for another process's write (a reader would
 * hold its whole process for the busy timeout), on PostgreSQL for rows a step
 * holds (nor may it make a step wait long enough to be taken for a deadlock).
 * It fails instead, and the next reader works the sums out again.
 */
export async function rememberCreditSums(
  db: Kysely<Database>,
  learnt: LearntCreditSums,
  days: ReadonlySet<string>,
): Promise<void> {
  const rows = learnt.rows
    .filter((r) => days.has(r.day))
    // In key order, so that two readers keeping the same sums take their rows in one order.
    .sort((a, b) =>
      a.obligationId < b.obligationId ? -1 : a.obligationId > b.obligationId ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0,
    );
  // Inside a transaction of its caller's (read-only, maybe) nothing is kept: the next reader works them out.
  if (!rows.length || db.isTransaction) return;
  const ids = [...new Set(rows.map((r) => r.obligationId))];
  const keep = [...days];
  const write = async (trx: Kysely<Database>) => {
    // Obligations 500 a statement, rows 2,000 (six columns a row), within the parameter limits of both databases.
    for (let i = 0; i < ids.length; i += 500)
      await trx
        .deleteFrom('offset_reader_sums')
        .where('reader', '=', learnt.reader)
        .where('obligation_id', 'in', ids.slice(i, i + 500))
        .where('day', 'not in', keep)
        .execute();
    for (let i = 0; i < rows.length; i += 2000)
      await trx
        .insertInto('offset_reader_sums')
        .values(
          rows.slice(i, i + 2000).map((r) => ({
            obligation_id: r.obligationId,
            reader: learnt.reader,
            day: r.day,
            generation: r.generation,
            granted: r.granted.toString(),
            pending: r.pending.toString(),
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['obligation_id', 'reader', 'day'])
            .doUpdateSet((eb) => ({
              generation: eb.ref('excluded.generation'),
              granted: eb.ref('excluded.granted'),
              pending: eb.ref('excluded.pending'),
            }))
            .where('offset_reader_sums.generation', '<', (eb) => eb.ref('excluded.generation')),
        )
        .execute();
  };
  if (isPostgres(db)) {
    await db.transaction().execute(async (trx) => {
      await sql`set local lock_timeout = '100ms'`.execute(trx);
      await write(trx);
    });
    return;
  }
  // SQLite: the connection held throughout, its busy timeout set to nought for this write and put back after.
  await db.connection().execute(async (conn) => {
    const { rows: timeout } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(conn);
    await sql`pragma busy_timeout = 0`.execute(conn);
    try {
      await sql`begin immediate`.execute(conn);
      try {
        await write(conn);
        await sql`commit`.execute(conn);
      } catch (err) {
        await sql`rollback`.execute(conn);
        throw err;
      }
    } finally {
      await sql`pragma busy_timeout = ${sql.raw(String(Number(timeout[0]?.timeout ?? 0)))}`.execute(conn);
    }
  });
}

/**
 * Builds the totals anew from the claims and steps written, as migration 0025
 * does: for data written straight into the tables (the benchmark's), or to
 * check the kept totals against a recomputation.
 */
// Deliberately the same statements as migration 0025's backfill, not shared: the migration is frozen, this follows today's tables.
export async function rebuildCreditTotals(db: Kysely<Database>): Promise<void> {
  // Every obligation's totals change: the sums kept of them go, at a generation no sum kept before has.
  await sql`delete from offset_reader_sums`.execute(db);
  await sql`
    insert into offset_sums_stamp (obligation_id, generation) select id, 1 from offset_obligation where true
    on conflict (obligation_id) do update set generation = offset_sums_stamp.generation + 1`.execute(db);
  await sql`delete from offset_obligation_total`.execute(db);
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
