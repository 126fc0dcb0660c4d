import { type AppContext, createContext } from '../app/context.js';
import { openDatabase } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';

export interface DbOption {
  db?: string | undefined;
}

/** The database a command works on: --db PATH, else DATABASE_URL, else data/jointplan.sqlite. */
export const databaseUrl = (opts: DbOption) => opts.db ?? process.env.DATABASE_URL ?? undefined;

/** Opens and migrates the database, runs `fn`, and always closes it. */
export async function withApp<T>(opts: DbOption, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const db = openDatabase({ url: databaseUrl(opts) });
  try {
    await migrateToLatest(db);
    return await fn(createContext(db));
  } finally {
    await db.destroy();
  }
}

/** Thrown by commands for an error the user can fix; printed without a stack. */
export class UsageError extends Error {}
