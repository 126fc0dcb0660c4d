import { type Kysely, sql } from 'kysely';
import type { ActivityEvent } from '../domain/curve.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

/**
 * The state each readable activity of a plan was in at the end of `asOf`,
 * replayed from its history: the latest event recorded on or before that day.
 * For each activity the latest event is read backwards from the
 * `(activity_id, at, id)` index and stops at the first row; asking for the
 * largest id instead made PostgreSQL walk the whole event table backwards by
 * its primary key for every activity.
 */
export function activityStatesAsOf(db: Kysely<Database>, reader: StoreReader, planId: string, asOf: string) {
  const endOfDay = `${asOf}T23:59:59.999Z`;
  return db
    .selectFrom('activity as a')
    .innerJoin('activity_event as e', 'e.activity_id', 'a.id')
    .select(['e.activity_id', 'e.at', 'e.status', 'e.planned_end', 'e.actual_start'])
    .where('a.plan_id', '=', planId)
    .where(readableBy(reader, 'a'))
    .where('e.id', '=', (eb) =>
      eb
        .selectFrom('activity_event as e2')
        .select('e2.id')
        .whereRef('e2.activity_id', '=', 'a.id')
        .where('e2.at', '<=', endOfDay)
        .orderBy('e2.at', 'desc')
        .orderBy('e2.id', 'desc')
        .limit(1),
    )
    .execute();
}

/** The state of each readable activity of a plan at the end of `asOf`, as the one event of its history the curve replays. */
export async function activityHistoriesAsOf(
  db: Kysely<Database>,
  reader: StoreReader,
  planId: string,
  asOf: string,
): Promise<ActivityEvent[][]> {
  const states = await activityStatesAsOf(db, reader, planId, asOf);
  return states.map((s) => [{ at: s.at, status: s.status, plannedEnd: s.planned_end, actualStart: s.actual_start }]);
}

/** Action items of a commission by responsible party: open, overdue, done, and done by the due date. */
export async function actionItemCounts(db: Kysely<Database>, reader: StoreReader, commissionId: string, today: string) {
  const open = sql`ai.status in ('open', 'in_progress')`;
  const rows = await db
    .selectFrom('action_item as ai')
    .where('ai.commission_id', '=', commissionId)
    .where(readableBy(reader, 'ai'))
    .select([
      'ai.responsible_party as party',
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(case when ${open} then 1 else 0 end)`.as('open'),
      sql<number>`sum(case when ${open} and ai.due_date < ${today} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when ai.status = 'done' then 1 else 0 end)`.as('done'),
      sql<number>`sum(case when ai.status = 'done' and substr(ai.closed_at, 1, 10) <= ai.due_date then 1 else 0 end)`.as(
        'closedOnTime',
      ),
      sql<number>`sum(case when ai.status = 'dropped' then 1 else 0 end)`.as('dropped'),
    ])
    .groupBy('ai.responsible_party')
    .orderBy('ai.responsible_party')
    .execute();
  return rows.map((r) => ({
    party: r.party,
    total: Number(r.total),
    open: Number(r.open),
    overdue: Number(r.overdue),
    done: Number(r.done),
    closedOnTime: Number(r.closedOnTime),
    dropped: Number(r.dropped),
  }));
}
