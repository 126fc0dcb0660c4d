import type { Kysely } from 'kysely';
import { CLOSED_STATUSES } from '../domain/activity.lifecycle.js';
import type { Activity } from '../domain/activity.schema.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { presentActivity } from './present.js';

/**
 * The activities of a plan a roll-over may carry, among those the reader may
 * read: open (neither done nor cancelled), postponed, or recurring. Ordered by
 * reference code and id.
 */
export async function rolloverCandidates(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  planId: string,
): Promise<Activity[]> {
  const rows = await db
    .selectFrom('activity')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'activity'))
    .where((eb) => eb.or([eb('status', 'not in', [...CLOSED_STATUSES]), eb('recurring', '=', 1)]))
    .orderBy('ref_code')
    .orderBy('id')
    .execute();
  return rows.map((r) => presentActivity(codec, r, reader.party));
}

/** Names the activity a carried one continues; the new activity was just written by this transaction. */
export async function markCarried(trx: Kysely<Database>, activityId: string, carriedFrom: string, recurring: boolean) {
  await trx
    .updateTable('activity')
    .set({ carried_from: carriedFrom, recurring: recurring ? 1 : 0 })
    .where('id', '=', activityId)
    .execute();
}

/** Names the plan a draft was rolled over from; the draft was just written by this transaction. */
export async function markRolledFrom(trx: Kysely<Database>, planId: string, rolledFrom: string) {
  await trx.updateTable('work_plan').set({ rolled_from: rolledFrom }).where('id', '=', planId).execute();
}

/** The activity an activity the caller already read continues, as stored (null when it was not carried). */
export async function carriedFromOf(db: Kysely<Database>, activityId: string): Promise<string | null> {
  const row = await db.selectFrom('activity').select('carried_from').where('id', '=', activityId).executeTakeFirst();
  return row?.carried_from ?? null;
}
