import type { Kysely, Selectable } from 'kysely';
import type { Database, SavedQueryTable } from './database.js';
import { isUniqueClash } from './dialect.js';
import { updateWhere } from './update-where.js';

export type SavedQueryRow = Selectable<SavedQueryTable> & { owner_name: string };

const withOwner = (db: Kysely<Database>) =>
  db
    .selectFrom('saved_query as q')
    .innerJoin('app_user as u', 'u.id', 'q.user_id')
    .selectAll('q')
    .select('u.display_name as owner_name');

/** The user's own saved queries and those shared with their party, by name. */
export function listSavedQueries(db: Kysely<Database>, userId: string, party: string): Promise<SavedQueryRow[]> {
  return withOwner(db)
    .where((eb) => eb.or([eb('q.user_id', '=', userId), eb.and([eb('q.shared', '=', 1), eb('q.party', '=', party)])]))
    .orderBy('q.name')
    .orderBy('q.id')
    .execute();
}

/** The saved query if the user may see it (their own, or shared with their party); nothing otherwise, alike. */
export function findVisibleSavedQuery(
  db: Kysely<Database>,
  id: string,
  userId: string,
  party: string,
): Promise<SavedQueryRow | undefined> {
  return withOwner(db)
    .where('q.id', '=', id)
    .where((eb) => eb.or([eb('q.user_id', '=', userId), eb.and([eb('q.shared', '=', 1), eb('q.party', '=', party)])]))
    .executeTakeFirst();
}

export const isSavedQueryNameClash = (err: unknown) => isUniqueClash(err, 'saved_query_name_by_user', 'saved_query.user_id');

export async function insertSavedQuery(db: Kysely<Database>, row: Selectable<SavedQueryTable>): Promise<void> {
  await db.insertInto('saved_query').values(row).execute();
}

/** Changes the user's own query; false when it is not theirs (or no longer exists). */
export async function updateSavedQuery(
  db: Kysely<Database>,
  id: string,
  userId: string,
  patch: Partial<Pick<SavedQueryTable, 'name' | 'shared' | 'state' | 'updated_at'>>,
): Promise<boolean> {
  return (await updateWhere(db, 'saved_query', { id, user_id: userId }, patch)) > 0;
}

export async function deleteSavedQuery(db: Kysely<Database>, id: string, userId: string): Promise<boolean> {
  const res = await db.deleteFrom('saved_query').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}
