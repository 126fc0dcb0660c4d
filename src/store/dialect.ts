import { PostgresAdapter } from 'kysely';

/** The one place that asks which database is behind a Kysely instance. */
export const isPostgres = (db: { getExecutor(): { adapter: unknown } }): boolean =>
  db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Whether a write failed on one unique index: on PostgreSQL named by the
 * index, on SQLite by the `table.column` its message names.
 */
export function isUniqueClash(err: unknown, pgIndex: string, sqliteColumn: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e?.code === '23505') return e.constraint === pgIndex;
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(e.message).includes(sqliteColumn);
}
