import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  type PostgresPool,
  type PostgresPoolClient,
  type SqliteDatabase,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { isPostgres } from './dialect.js';

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
  /** Open only a SQLite file that is already there, rather than making an empty one. */
  mustExist?: boolean | undefined;
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
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedPerConnection(pool) }) });
  }
  if (url !== ':memory:' && !opts.mustExist) mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SQLite(url, { fileMustExist: opts.mustExist === true });
  // WAL with synchronous=FULL: a commit acknowledged to a client is on disk
  // before the answer leaves, and survives a crash or a power cut.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(sqlite) }) });
}

/** Whether the database holds JointPlan's schema (an empty file or PostgreSQL schema does not). */
export async function holdsSchema(db: Db): Promise<boolean> {
  const found = await sql<{ found: number }>`select count(*) as found from ${
    isPostgres(db)
      ? sql`pg_catalog.pg_tables where schemaname = current_schema() and tablename = 'kysely_migration'`
      : sql`sqlite_master where type = 'table' and name = 'kysely_migration'`
  }`.execute(db);
  return Number(found.rows[0]?.found ?? 0) > 0;
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

/** Distinct SELECT texts given a name; past it, a query is sent unnamed and planned each time, as before. */
const MAX_NAMED_STATEMENTS = 500;

/**
 * The PostgreSQL pool with each SELECT sent as a named statement: every
 * connection parses and analyses it once, and PostgreSQL may then reuse its
 * plan (it keeps planning each run while a generic plan would cost more), where
 * an unnamed query is parsed and planned on every run, which costs about as
 * much as running the list query itself. Writes and schema changes stay unnamed.
 */
function preparedPerConnection(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  let count = 0;
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_NAMED_STATEMENTS && /^select\s/i.test(text)) {
      name = `jp_${++count}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    end: () => pool.end(),
    connect: async () => {
      const client = await pool.connect();
      const run = (text: string, values: unknown[]) => {
        const name = nameOf(text);
        return name ? client.query({ name, text, values }) : client.query(text, values);
      };
      return {
        release: () => client.release(),
        query: (async (text: string, values: unknown[]) => {
          try {
            return await run(text, values);
          } catch (err) {
            // A statement prepared before a column was added to a table it selects all of
            // cannot run again on that connection: prepare it again under a new name.
            if ((err as { code?: string }).code !== '0A000' || !names.has(text)) throw err;
            names.set(text, `jp_${++count}`);
            return run(text, values);
          }
        }) as unknown as PostgresPoolClient['query'],
      };
    },
  };
}
