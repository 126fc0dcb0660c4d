import { type Kysely, sql } from 'kysely';
import type { Label } from '../domain/labels.js';
import { labelColumns, readableBy, type StoreReader } from './access.js';
import type { Database, LabelColumns } from './database.js';
import type { LabelCodec } from './label-codec.js';

/** Revokes every calendar address of the user still in use. */
export async function revokeCalendarTokens(trx: Kysely<Database>, userId: string, at: string) {
  await trx
    .updateTable('calendar_token')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Keeps a new calendar address of the user, by the hash of its secret. */
export async function insertCalendarToken(
  trx: Kysely<Database>,
  token: { id: string; userId: string; tokenHash: string; at: string },
) {
  await trx
    .insertInto('calendar_token')
    .values({ id: token.id, user_id: token.userId, token_hash: token.tokenHash, created_at: token.at, revoked_at: null })
    .execute();
}

/** The enabled user whose calendar address, not revoked, has this hash. */
export function calendarTokenUser(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('calendar_token')
    .innerJoin('app_user', 'app_user.id', 'calendar_token.user_id')
    .selectAll('app_user')
    .where('calendar_token.token_hash', '=', tokenHash)
    .where('calendar_token.revoked_at', 'is', null)
    .where('app_user.disabled', '=', 0)
    .executeTakeFirst();
}

/** A label read through a join, whose numbers a driver may answer as strings or bigints. */
const labelOf = (codec: LabelCodec, r: LabelColumns): Label =>
  codec.decode({
    owner_party: r.owner_party,
    classification: Number(r.classification),
    releasable_mask: Number(r.releasable_mask),
    compartment_mask: Number(r.compartment_mask),
  });

/**
 * The activities of a calendar feed: every activity the reader may read that
 * is not cancelled, leaving out those of a closed plan the reader may read.
 * An activity released to a party its plan is not released to (a partner
 * told of one activity of another's plan) is in the feed as it is on its own
 * page: the plan it belongs to, unreadable, has no say, as if it were not there.
 */
export async function listCalendarActivities(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader) {
  const rows = await db
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
      ...labelColumns('a'),
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
  return rows.map((a) => ({
    id: a.id,
    refCode: a.ref_code,
    title: JSON.parse(a.title) as Record<string, string>,
    location: a.location,
    status: a.status,
    start: a.actual_start ?? a.planned_start,
    end: a.actual_end ?? a.planned_end,
    updatedAt: a.updated_at,
    label: labelOf(codec, a),
  }));
}

/** The sessions of a calendar feed: every one the reader may read. */
export async function listCalendarSessions(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader) {
  const rows = await db
    .selectFrom('commission_session as s')
    .select(['s.id', 's.number', 's.place', 's.start_date', 's.end_date', 's.updated_at', ...labelColumns('s')])
    .where(readableBy(reader, 's'))
    .orderBy('s.start_date')
    .orderBy('s.id')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    number: s.number,
    place: s.place,
    start: s.start_date,
    end: s.end_date,
    updatedAt: s.updated_at,
    label: labelOf(codec, s),
  }));
}
