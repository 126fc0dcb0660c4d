import type { Insertable, Kysely } from 'kysely';
import type { Database, UserTable } from './database.js';
import { isPostgres } from './dialect.js';
import { revokeTokensOf } from './token.repo.js';
import { endSessions } from './user-session.repo.js';
import { compareAndSet, type VersionedChanges } from './versioned.js';

export function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The account as it stands, locked until commit on PostgreSQL, so that a
 * write that must land whatever changed meanwhile reads the version it writes
 * over (a concurrent writer of the row waits, or is waited for).
 */
export function lockUserById(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where('id', '=', id)
    .$if(isPostgres(db), (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export function findUserByUsername(db: Kysely<Database>, username: string) {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The users of one party, or of every party, by party then username. */
export function listUserRows(db: Kysely<Database>, party?: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .$if(party !== undefined, (qb) => qb.where('party', '=', party ?? ''))
    .orderBy('party')
    .orderBy('username')
    .execute();
}

/** Every account that may act. */
export function activeUserRows(db: Kysely<Database>) {
  return db.selectFrom('app_user').selectAll().where('disabled', '=', 0).execute();
}

/**
 * The active users of a party with their roles. On PostgreSQL they are
 * locked in one order until commit, so that two transactions deciding on the
 * party's administrators are judged one after the other.
 */
export function lockActiveUsersOf(db: Kysely<Database>, party: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'roles'])
    .where('party', '=', party)
    .where('disabled', '=', 0)
    .orderBy('id')
    .$if(isPostgres(db), (qb) => qb.forUpdate())
    .execute();
}

/** The display name of each of these users. */
export async function displayNamesOf(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function insertUser(db: Kysely<Database>, row: Insertable<UserTable>): Promise<void> {
  await db.insertInto('app_user').values(row).execute();
}

/** Writes the changes only if the account is still at `version`, and moves it to the next one. */
export const updateUserRow = (db: Kysely<Database>, id: string, version: number, changes: VersionedChanges<'app_user'>) =>
  compareAndSet(db, 'app_user', id, version, changes);

/**
 * Sets a password whatever the account's version: the password is not part of
 * what an administrator edits, so changing it races no edit of the account.
 */
export async function setPasswordHash(db: Kysely<Database>, id: string, passwordHash: string, at: string): Promise<void> {
  await db.updateTable('app_user').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', id).execute();
}

/** Cuts a user off at once: every session ends and every live API token is revoked. */
export async function cutOff(trx: Kysely<Database>, userId: string, at: string) {
  const endedSessions = await endSessions(trx, userId);
  const revokedTokens = await revokeTokensOf(trx, userId, at);
  return { endedSessions, revokedTokens };
}
