import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';

/**
 * Runs `fn` as one transaction. On SQLite it begins IMMEDIATE, taking the
 * write lock up front, so that two processes writing at once wait for each
 * other instead of failing half-way with SQLITE_BUSY.
 */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}
