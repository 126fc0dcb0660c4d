import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

export type Db = Kysely<Database>;

// Counts and masks are bigint in PostgreSQL; every value we keep there fits in
// a double (masks use at most 53 bits), so read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export const DEFAULT_SQLITE_PATH = 'data/jointplan.sqlite';

export interface OpenOptions {
  /** `postgres://…` URL, or a path to a SQLite file (default data/jointplan.sqlite). */
  url?: string | undefined;
  /** PostgreSQL schema to work in (tests use one per run). */
  schema?: string | undefined;
  poolSize?: number | undefined;
}

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Opens the database the URL names: PostgreSQL for postgres:// URLs, else a SQLite file. */
export function openDatabase(opts: OpenOptions = {}): Db {
  const url = opts.url ?? DEFAULT_SQLITE_PATH;
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  // WAL with synchronous=FULL: a commit acknowledged to a client is on disk
  // before the answer leaves, and survives a crash or a power cut.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(sqlite) }) });
}

/**
 * The SQLite connection with each statement prepared once per SQL text and
 * kept (up to a bound): preparing a query costs about as much as running a
 * short one. Kysely runs one statement at a time on the connection, so a kept
 * statement is never in use twice.
 */
function preparedOnce(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text) => {
      let statement = kept.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        if (kept.size >= 500) kept.clear();
        kept.set(text, statement);
      }
      return statement;
    },
  };
}
