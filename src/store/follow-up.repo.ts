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
    .leftJoin('app_user', 'app_user.id', 'follow_up.author_id')
    .selectAll('follow_up')
    .select('app_user.party as author_party')
    .where('follow_up.activity_id', '=', activityId)
    .where(readableBy(reader, 'follow_up'))
    .orderBy('follow_up.created_at', 'desc')
    .orderBy('follow_up.id', 'desc')
    .execute();
  return rows.map(({ author_party, ...r }) => presentFollowUp(codec, r, { party: reader.party, authorParty: author_party }));
}

/** Inserts a follow-up written by a user of `authorParty` and answers it to them. */
export async function insertFollowUp(
  trx: Kysely<Database>,
  codec: LabelCodec,
  row: FollowUpRow,
  authorParty: string,
): Promise<FollowUp> {
  await trx.insertInto('follow_up').values(row).execute();
  return presentFollowUp(codec, row, { party: authorParty, authorParty });
}

/** Whether anything, readable by the asker or not, is written about the activity. */
export async function hasFollowUps(db: Kysely<Database>, activityId: string) {
  const row = await db.selectFrom('follow_up').select('id').where('activity_id', '=', activityId).limit(1).executeTakeFirst();
  return row !== undefined;
}
