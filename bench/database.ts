import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type AppContext, createContext } from '../src/app/context.js';
import { type Db, openDatabase } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';

export type BenchKind = 'sqlite' | 'postgres';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  kind: BenchKind;
  /** What the server and the minimal route open: a SQLite path, or a PostgreSQL URL that selects the schema. */
  url: string;
  db: Db;
  ctx: AppContext;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the benchmark's own: a SQLite file in a temporary folder, or a PostgreSQL schema. */
export async function freshDatabase(kind: BenchKind): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-bench-'));
    const url = join(dir, 'bench.sqlite');
    const db = openDatabase({ url });
    await migrateToLatest(db);
    return {
      kind,
      url,
      db,
      ctx: createContext(db),
      drop: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `jp_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  const db = openDatabase({ url: BENCH_DATABASE_URL, schema, poolSize: 4 });
  await migrateToLatest(db);
  const sep = BENCH_DATABASE_URL.includes('?') ? '&' : '?';
  return {
    kind,
    url: `${BENCH_DATABASE_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    db,
    ctx: createContext(db),
    drop: async () => {
      await db.destroy();
      await adminQuery(`drop schema if exists ${schema} cascade`);
    },
  };
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: BENCH_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
