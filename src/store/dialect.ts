import { PostgresAdapter } from 'kysely';

/** The one place that asks which database is behind a Kysely instance. */
export const isPostgres = (db: { getExecutor(): { adapter: unknown } }): boolean =>
  db.getExecutor().adapter instanceof PostgresAdapter;
