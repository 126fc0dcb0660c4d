import type { Kysely, Updateable } from 'kysely';
import type { Database, UserTable } from './database.js';

export function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Writes the changes only if the row is still at `version`, and moves it to the next one. */
export async function updateUserRow(
  db: Kysely<Database>,
  id: string,
  version: number,
  changes: Omit<Updateable<UserTable>, 'id' | 'version'>,
): Promise<boolean> {
  const res = await db
    .updateTable('app_user')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Ends the user's sessions, all of them or all but one (hashed) session id. */
export async function endSessions(db: Kysely<Database>, userId: string, keepSessionId?: string): Promise<number> {
  const res = await db
    .deleteFrom('user_session')
    .where('user_id', '=', userId)
    .$if(keepSessionId !== undefined, (qb) => qb.where('id', '!=', keepSessionId ?? ''))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

const tokenColumns = [
  'api_token.id',
  'api_token.name',
  'api_token.user_id',
  'api_token.created_at',
  'api_token.last_used_at',
  'app_user.username',
  'app_user.party',
] as const;

/** The tokens of a user that still work, newest first. */
export function liveTokensOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select(tokenColumns)
    .where('api_token.user_id', '=', userId)
    .where('api_token.revoked_at', 'is', null)
    .orderBy('api_token.created_at', 'desc')
    .orderBy('api_token.id', 'desc')
    .execute();
}

export function findLiveToken(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select(tokenColumns)
    .where('api_token.id', '=', id)
    .where('api_token.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeTokenRow(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const res = await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Revokes every live token of a user; returns the ids revoked. */
export async function revokeTokensOf(db: Kysely<Database>, userId: string, at: string): Promise<string[]> {
  const live = await db
    .selectFrom('api_token')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  if (live.length === 0) return [];
  await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  return live.map((t) => t.id);
}

/** Records a use of a token, at most once per `staleBefore` window, so that reads do not all become writes. */
export async function touchToken(db: Kysely<Database>, id: string, at: string, staleBefore: string): Promise<void> {
  await db
    .updateTable('api_token')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

/** Cuts a user off at once: every session ends and every live API token is revoked. */
export async function cutOff(trx: Kysely<Database>, userId: string, at: string) {
  const endedSessions = await endSessions(trx, userId);
  const revokedTokens = await revokeTokensOf(trx, userId, at);
  return { endedSessions, revokedTokens };
}
