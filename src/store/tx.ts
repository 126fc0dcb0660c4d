import { AsyncLocalStorage } from 'node:async_hooks';
import { type Kysely, sql } from 'kysely';
import { afterAuditCommit } from './audit.repo.js';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';
import { LostRace } from './versioned.js';

// Connections handed to a SQLite transaction's body: Kysely does not mark them as transactions.
const openTransactions = new WeakSet<Kysely<Database>>();

// The SQLite transaction the running code is inside, and the handle it was begun from.
const runningIn = new AsyncLocalStorage<{ begunFrom: Kysely<Database>; conn: Kysely<Database> }>();

/**
 * The connection of the SQLite transaction the caller runs inside, when that
 * transaction was begun from `db`. SQLite has one connection: a read through
 * `db` itself made from inside the transaction would wait for that very
 * connection for ever. Something loaded lazily for a use case (the label
 * codec) reads through this one instead. Undefined outside a transaction, on
 * PostgreSQL, and for code that is not part of the transaction's own work.
 */
export const openTransactionOf = (db: Kysely<Database>): Kysely<Database> | undefined => {
  const running = runningIn.getStore();
  return running?.begunFrom === db && openTransactions.has(running.conn) ? running.conn : undefined;
};

/**
 * Runs `fn` as one transaction. On SQLite it begins IMMEDIATE, taking the
 * write lock up front, so that two processes writing at once wait for each
 * other instead of failing half-way with SQLITE_BUSY. Called with a
 * transaction, `fn` joins it: a use case run inside another one (a plan
 * import applies each change through the API's use cases) commits or rolls
 * back with it.
 */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction || openTransactions.has(db)) return fn(db);
  if (isPostgres(db)) {
    let committed: Kysely<Database> | undefined;
    // READ COMMITTED whatever the server's default: a compare-and-set that waited for another writer
    // then sees its commit and changes nothing (409), where a stricter level would fail with an error.
    const result = await db
      .transaction()
      .setIsolationLevel('read committed')
      .execute(async (trx) => {
        const r = await fn(trx);
        committed = trx;
        return r;
      })
      .catch(undoneByRace);
    if (committed) await afterAuditCommit(db, committed);
    return result;
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    openTransactions.add(conn);
    try {
      const result = await runningIn.run({ begunFrom: db, conn }, () => fn(conn));
      await sql`commit`.execute(conn);
      await afterAuditCommit(conn, conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    } finally {
      openTransactions.delete(conn);
    }
  });
}

// serialization_failure, deadlock_detected: PostgreSQL undid the whole transaction because of another one.
const RACE_CODES = new Set(['40001', '40P01']);

/** A transaction PostgreSQL undid as the loser of a race answers 409, not 500: nothing of it was kept. */
function undoneByRace(err: unknown): never {
  if (err instanceof Error && RACE_CODES.has((err as Error & { code?: unknown }).code as string))
    throw new LostRace('A record this change touches');
  throw err;
}

/**
 * Runs `fn` inside a savepoint of the open transaction `trx`: when it fails,
 * only what it wrote is undone and the transaction stays usable (PostgreSQL
 * refuses every later statement of a transaction that saw an error).
 */
export async function inSavepoint<T>(trx: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  await sql`savepoint step`.execute(trx);
  try {
    const result = await fn();
    await sql`release savepoint step`.execute(trx);
    return result;
  } catch (err) {
    await sql`rollback to savepoint step`.execute(trx);
    await sql`release savepoint step`.execute(trx);
    throw err;
  }
}
