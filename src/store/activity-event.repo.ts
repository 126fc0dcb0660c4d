import type { Kysely } from 'kysely';
import type { Activity } from '../domain/activity.schema.js';
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

/** Appends the state the activities are in from `at` on to their history. */
export function recordActivityStates(trx: Kysely<Database>, at: string, activities: Activity[]) {
  return recordActivityEvents(
    trx,
    at,
    activities.map((a) => ({
      id: a.id,
      plan_id: a.planId,
      status: a.status,
      planned_start: a.plannedPeriod.start,
      planned_end: a.plannedPeriod.end,
      actual_start: a.actualStart,
      actual_end: a.actualEnd,
    })),
  );
}
