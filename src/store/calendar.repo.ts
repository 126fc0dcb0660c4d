import { type Kysely, sql } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

/**
 * The activities of a calendar feed: every activity the reader may read that
 * is not cancelled, leaving out those of a closed plan the reader may read.
 * An activity released to a party its plan is not released to (a partner
 * told of one activity of another's plan) is in the feed as it is on its own
 * page: the plan it belongs to, unreadable, has no say, as if it were not there.
 */
export function listCalendarActivities(db: Kysely<Database>, reader: StoreReader) {
  return db
    .selectFrom('activity as a')
    .select([
      'a.id',
      'a.ref_code',
      'a.title',
      'a.location',
      'a.status',
      'a.planned_start',
      'a.planned_end',
      'a.actual_start',
      'a.actual_end',
      'a.updated_at',
      'a.owner_party',
      'a.classification',
      'a.releasable_mask',
      'a.compartment_mask',
    ])
    .where('a.status', '<>', 'cancelled')
    .where(readableBy(reader, 'a'))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('work_plan as p')
            .select(sql.lit(1).as('one'))
            .whereRef('p.id', '=', 'a.plan_id')
            .where('p.status', '=', 'closed')
            .where(readableBy(reader, 'p')),
        ),
      ),
    )
    .orderBy('a.planned_start')
    .orderBy('a.id')
    .execute();
}

/** The sessions of a calendar feed: every one the reader may read. */
export function listCalendarSessions(db: Kysely<Database>, reader: StoreReader) {
  return db
    .selectFrom('commission_session as s')
    .select([
      's.id',
      's.number',
      's.place',
      's.start_date',
      's.end_date',
      's.updated_at',
      's.owner_party',
      's.classification',
      's.releasable_mask',
      's.compartment_mask',
    ])
    .where(readableBy(reader, 's'))
    .orderBy('s.start_date')
    .orderBy('s.id')
    .execute();
}
