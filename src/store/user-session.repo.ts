import type { Insertable, Kysely } from 'kysely';
import type { Database, UserSessionTable } from './database.js';

// Sign-in sessions: each stored as the hash of its secret only.

export async function insertUserSession(db: Kysely<Database>, row: Insertable<UserSessionTable>): Promise<void> {
  await db.insertInto('user_session').values(row).execute();
}

export async function deleteUserSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', id).execute();
}

/** The active account behind a session (its hashed id) that has not expired at `now`, with when it expires. */
export function findSessionUser(db: Kysely<Database>, id: string, now: string) {
  return db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .selectAll('app_user')
    .select('user_session.expires_at')
    .where('user_session.id', '=', id)
    .where('user_session.expires_at', '>', now)
    .where('app_user.disabled', '=', 0)
    .executeTakeFirst();
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
