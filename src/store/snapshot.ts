import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';

/**
 * Runs the reads of `fn` as one read-only transaction, so that every query
 * of one answer sees the same state of the database: a figure and the rows
 * it adds up never come from two states, whatever commits meanwhile.
 *
 * - PostgreSQL: REPEATABLE READ, READ ONLY; the snapshot is taken at the
 *   transaction's first query and holds to its end.
 * - SQLite: a deferred BEGIN on the one connection; in WAL mode the read
 *   transaction sees the database as of its first read until it ends, and
 *   writers of other processes go on meanwhile.
 *
 * Called with a transaction, `fn` joins it (it already sees one state).
 * Nothing may be written in `fn`: PostgreSQL refuses it, and on SQLite the
 * transaction is not a writer's.
 */
export async function inSnapshot<T>(db: Kysely<Database>, fn: (snapshot: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  if (isPostgres(db)) return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
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
