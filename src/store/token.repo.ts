import type { Insertable, Kysely } from 'kysely';
import type { ApiToken } from '../domain/user.schema.js';
import type { ApiTokenTable, Database, RowOf } from './database.js';

// API tokens: each stored as the hash of its secret only, revoked rather than deleted so that the audit can name it.

const tokenColumns = [
  'api_token.id',
  'api_token.name',
  'api_token.user_id',
  'api_token.created_at',
  'api_token.last_used_at',
  'app_user.username',
  'app_user.party',
] as const;

export async function insertToken(db: Kysely<Database>, row: Insertable<ApiTokenTable>): Promise<void> {
  await db.insertInto('api_token').values(row).execute();
}

/**
 * The account behind a live token (its hash), with the token's id and last
 * use, or nothing when the token is unknown, revoked or its user deactivated.
 */
export function findTokenUser(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .selectAll('app_user')
    .select(['api_token.id as token_id', 'api_token.last_used_at'])
    .where('api_token.token_hash', '=', tokenHash)
    .where('api_token.revoked_at', 'is', null)
    .where('app_user.disabled', '=', 0)
    .executeTakeFirst();
}

function liveTokens(db: Kysely<Database>) {
  return db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select(tokenColumns)
    .where('api_token.revoked_at', 'is', null);
}

const tokenOf = (r: RowOf<typeof liveTokens>): ApiToken => ({
  id: r.id,
  name: r.name,
  userId: r.user_id,
  username: r.username,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

/** The tokens of a user that still work, newest first. */
export async function liveTokensOf(db: Kysely<Database>, userId: string): Promise<ApiToken[]> {
  const rows = await liveTokens(db)
    .where('api_token.user_id', '=', userId)
    .orderBy('api_token.created_at', 'desc')
    .orderBy('api_token.id', 'desc')
    .execute();
  return rows.map(tokenOf);
}

/** A token that still works, with the party of its owner (the label of its audit entries). */
export async function findLiveToken(db: Kysely<Database>, id: string): Promise<{ token: ApiToken; party: string } | undefined> {
  const row = await liveTokens(db).where('api_token.id', '=', id).executeTakeFirst();
  return row && { token: tokenOf(row), party: row.party };
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
