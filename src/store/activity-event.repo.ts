import type { Kysely } from 'kysely';
import type { Database } from './database.js';

export interface ActivityStateRow {
  id: string;
  plan_id: string;
  status: string;
  planned_start: string;
  planned_end: string;
  actual_start: string | null;
  actual_end: string | null;
}

/** Appends the state activities are in from `at` on to their history. */
export async function recordActivityEvents(trx: Kysely<Database>, at: string, rows: ActivityStateRow[]) {
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('activity_event')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          activity_id: r.id,
          plan_id: r.plan_id,
          at,
          status: r.status,
          planned_start: r.planned_start,
          planned_end: r.planned_end,
          actual_start: r.actual_start,
          actual_end: r.actual_end,
        })),
      )
      .execute();
}
