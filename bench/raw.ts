import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { BenchKind } from './database.js';
import { type Latency, latencyOf } from './stats.js';

/** A query as Kysely compiled it: the SQL text and its parameters. */
export interface CompiledSql {
  sql: string;
  parameters: readonly unknown[];
}

/** The database driver with nothing above it: the floor every layer of the stack adds to. */
export interface RawDriver {
  rows(q: CompiledSql): Promise<unknown[]>;
  explain(q: CompiledSql): Promise<string>;
  version(): Promise<string>;
  close(): Promise<void>;
}

export function openRaw(kind: BenchKind, url: string, poolSize = 1): RawDriver {
  return kind === 'sqlite' ? rawSqlite(url) : rawPostgres(url, poolSize);
}

function rawSqlite(path: string): RawDriver {
  const db = new SQLite(path, { fileMustExist: true });
  // Prepared once and reused, as the tightest hand-written code would.
  const statements = new Map<string, SQLite.Statement>();
  const prepared = (text: string) => {
    let s = statements.get(text);
    if (!s) {
      s = db.prepare(text);
      statements.set(text, s);
    }
    return s;
  };
  return {
    rows: async (q) => prepared(q.sql).all(...q.parameters),
    explain: async (q) => {
      const steps = db.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const depth = new Map<number, number>([[0, -1]]);
      return steps
        .map((s) => {
          const d = (depth.get(s.parent) ?? -1) + 1;
          depth.set(s.id, d);
          return `${'  '.repeat(d)}${s.detail}`;
        })
        .join('\n');
    },
    version: async () => `SQLite ${(db.prepare('select sqlite_version() as v').get() as { v: string }).v}`,
    close: async () => {
      db.close();
    },
  };
}

function rawPostgres(url: string, max: number): RawDriver {
  const pool = new pg.Pool({ connectionString: url, max });
  return {
    rows: async (q) => (await pool.query(q.sql, [...q.parameters])).rows,
    explain: async (q) => {
      const r = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]);
      return r.rows.map((row) => row['QUERY PLAN']).join('\n');
    },
    version: async () =>
      `PostgreSQL ${(await pool.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?'}`,
    close: () => pool.end(),
  };
}

/** Runs the query `runs` times one after another, after a warm-up, and gives the latency in milliseconds. */
export async function timeRaw(driver: RawDriver, q: CompiledSql, runs: number): Promise<Latency> {
  for (let i = 0; i < Math.max(20, runs / 10); i++) await driver.rows(q);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await driver.rows(q);
    samples.push(performance.now() - t0);
  }
  return latencyOf(samples);
}
