import { type Kysely, sql } from 'kysely';
import type { KpiGroup } from '../domain/kpi.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';

/**
 * Counts a plan's activities readable by `reader`, grouped by domain, lead
 * party, quarter and status, with the sums the measures need. The latest
 * follow-up counted for freshness is also one the reader may read.
 */
export async function kpiGroups(
  db: Kysely<Database>,
  reader: StoreReader,
  planId: string,
  asOf: string,
  staleBefore: string,
): Promise<KpiGroup[]> {
  const rows = await kpiGroupsQuery(db, reader, planId, asOf, staleBefore).execute();
  return rows.map((r) => ({
    ...r,
    n: Number(r.n),
    onTime: Number(r.onTime),
    late: Number(r.late),
    slipDays: Number(r.slipDays),
    postponements: Number(r.postponements),
    overdue: Number(r.overdue),
    stale: Number(r.stale),
  }));
}

/** The grouped counts as a query (the benchmark compiles it to EXPLAIN it). */
export function kpiGroupsQuery(db: Kysely<Database>, reader: StoreReader, planId: string, asOf: string, staleBefore: string) {
  const slip = isPostgres(db)
    ? sql<number>`(cast(a.actual_start as date) - cast(a.planned_end as date))`
    : sql<number>`cast(julianday(a.actual_start) - julianday(a.planned_end) as integer)`;
  const done = sql`a.status in ('conducted', 'reported')`;
  const open = sql`a.status not in ('conducted', 'reported', 'cancelled')`;
  const lastFollowUp = sql<
    string | null
  >`(select max(f.created_at) from follow_up f where f.activity_id = a.id and ${readableBy(reader, 'f')})`;
  return db
    .selectFrom('activity as a')
    .where('a.plan_id', '=', planId)
    .where(readableBy(reader, 'a'))
    .select([
      'a.domain as domain',
      'a.lead_party as leadParty',
      sql<string>`substr(a.planned_start, 1, 4) || '-Q' || cast((cast(substr(a.planned_start, 6, 2) as integer) + 2) / 3 as text)`.as(
        'quarter',
      ),
      'a.status as status',
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when ${done} and a.actual_start <= a.planned_end then 1 else 0 end)`.as('onTime'),
      sql<number>`sum(case when ${done} and a.actual_start > a.planned_end then 1 else 0 end)`.as('late'),
      sql<number>`sum(case when ${done} and a.actual_start > a.planned_end then ${slip} else 0 end)`.as('slipDays'),
      sql<number>`sum(a.postponements)`.as('postponements'),
      sql<number>`sum(case when ${open} and a.planned_end < ${asOf} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when ${open} and coalesce(${lastFollowUp}, a.created_at) < ${staleBefore} then 1 else 0 end)`.as(
        'stale',
      ),
    ])
    .groupBy(['a.domain', 'a.lead_party', sql`3`, 'a.status']);
}
