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
import { AuthChanges } from './auth-changes.js';
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
    const connection = { connectionString: url, ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}) };
    const pool = new pg.Pool({ ...connection, max: opts.poolSize ?? 10 });
    const changes = new AuthChanges(() => new pg.Client({ ...connection, keepAlive: true, keepAliveInitialDelayMillis: 10_000 }));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedPerConnection(pool, changes) }) });
    authChanges.set(db.getExecutor().adapter, changes);
    return db;
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

/** Keyed by the adapter, which a Kysely instance shares with its transactions and its copies that carry plugins. */
const authChanges = new WeakMap<object, AuthChanges>();

/**
 * The cache of what tokens and sessions sign in, emptied on every change PostgreSQL reports
 * (auth-changes.ts); none on SQLite, where reading them costs no round trip to another process.
 */
export const authCacheOf = (db: Db): AuthChanges | undefined => authChanges.get(db.getExecutor().adapter);

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
 * Each connection also listens for changes to accounts, tokens and sessions, so
 * that a write of this process empties the sign-in cache before it returns.
 */
function preparedPerConnection(pool: pg.Pool, changes: AuthChanges): PostgresPool {
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
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const run = (text: string, values: unknown[]) => {
      const name = nameOf(text);
      return name ? client.query({ name, text, values }) : client.query(text, values);
    };
    return {
      // The pool gives each checkout a release function of its own: look it up when called.
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
  };
  // One wrapper per connection, made when the pool first hands it out: Kysely keeps its own
  // connection object per wrapper, which a new wrapper on every checkout would make again.
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    end: async () => {
      await changes.stop();
      await pool.end();
    },
    connect: async () => {
      const client = await pool.connect();
      let connection = wrapped.get(client);
      if (!connection) {
        try {
          await changes.listenOn(client);
        } catch (err) {
          client.release(err as Error);
          throw err;
        }
        connection = wrap(client);
        wrapped.set(client, connection);
      }
      return connection;
    },
  };
}
