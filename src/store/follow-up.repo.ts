import type { Kysely } from 'kysely';
import type { FollowUp } from '../domain/follow-up.schema.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, FollowUpRow } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { presentFollowUp } from './present.js';

/** The follow-ups of an activity the reader may read, newest first. */
export async function listFollowUps(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  activityId: string,
): Promise<FollowUp[]> {
  const rows = await db
    .selectFrom('follow_up')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where(readableBy(reader, 'follow_up'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => presentFollowUp(codec, r));
}

/** Inserts a follow-up and answers it as a record. */
export async function insertFollowUp(trx: Kysely<Database>, codec: LabelCodec, row: FollowUpRow): Promise<FollowUp> {
  await trx.insertInto('follow_up').values(row).execute();
  return presentFollowUp(codec, row);
}

/** Whether anything, readable by the asker or not, is written about the activity. */
export async function hasFollowUps(db: Kysely<Database>, activityId: string) {
  const row = await db.selectFrom('follow_up').select('id').where('activity_id', '=', activityId).limit(1).executeTakeFirst();
  return row !== undefined;
}
