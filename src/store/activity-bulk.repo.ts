import type { Kysely } from 'kysely';
import type { StoreReader } from './access.js';
import { type ActivityFilters, type AttentionClock, planActivitiesMatching } from './activity.repo.js';
import type { Database } from './database.js';

/**
 * The ids of the plan's activities the reader may read that match the
 * filters, by reference code, at most `limit` of them: a bulk edit asks one
 * more than it takes, to tell that the filter chose too many.
 */
export async function matchingActivityIds(
  db: Kysely<Database>,
  reader: StoreReader,
  planId: string,
  filters: ActivityFilters,
  clock: AttentionClock,
  limit: number,
): Promise<string[]> {
  const rows = await planActivitiesMatching(db, reader, planId, filters, clock)
    .clearSelect()
    .select('activity.id')
    .orderBy('activity.ref_code')
    .orderBy('activity.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
