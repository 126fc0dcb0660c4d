import { type Kysely, sql } from 'kysely';
import type { ActivityGroup } from '../domain/activity-query.schema.js';
import type { StoreReader } from './access.js';
import { type ActivityFilters, planActivitiesMatching } from './activity.repo.js';
import type { Database } from './database.js';

/** The quarter of the planned start, as `2026-Q1`, written alike on SQLite and PostgreSQL. */
const QUARTER = sql<string>`substr(activity.planned_start, 1, 4) || '-Q' || cast((cast(substr(activity.planned_start, 6, 2) as integer) + 2) / 3 as text)`;

const KEY = {
  domain: sql<string>`activity.domain`,
  leadParty: sql<string>`activity.lead_party`,
  status: sql<string>`activity.status`,
  quarter: QUARTER,
} as const;

/**
 * How many of the plan's activities matching the filters the reader may
 * read fall in each group: counted in the query, under the read rule, so
 * that a hidden activity is never counted.
 */
export async function countActivityGroups(
  db: Kysely<Database>,
  reader: StoreReader,
  planId: string,
  by: ActivityGroup,
  filters: ActivityFilters,
): Promise<{ key: string; count: number }[]> {
  const key = KEY[by];
  const rows = await planActivitiesMatching(db, reader, planId, filters)
    .clearSelect()
    .select([key.as('key'), (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy(key)
    .orderBy(key)
    .execute();
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}
