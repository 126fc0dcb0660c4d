import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type AppContext, createContext } from '../../src/app/context.js';
import type { Database } from '../../src/store/database.js';
import { type Db, openDatabase } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type DatabaseKind = 'sqlite' | 'postgres';

/** How many rows a table holds now. */
export async function countRows(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The databases every store and API suite runs on: both, unless PostgreSQL is absent outside CI. */
export const databases = (): DatabaseKind[] => (inject('pgAvailable') ? ['sqlite', 'postgres'] : ['sqlite']);

export interface TestDatabase {
  kind: DatabaseKind;
  db: Db;
  ctx: AppContext;
  /** The URL or path a separate process (CLI, server) can open. */
  url: string;
  schema?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database of its own: a SQLite file in a temporary folder,
 * or a PostgreSQL schema named for this run, dropped on close.
 */
export async function openTestDatabase(kind: DatabaseKind, now?: () => Date): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-test-'));
    const url = join(dir, 'test.sqlite');
    const db = openDatabase({ url });
    await migrateToLatest(db);
    return {
      kind,
      db,
      url,
      ctx: createContext(db, now),
      close: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `jp_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = openDatabase({ url: TEST_DATABASE_URL, schema, poolSize: 4 });
  await migrateToLatest(db);
  const sep = TEST_DATABASE_URL.includes('?') ? '&' : '?';
  return {
    kind,
    db,
    schema,
    url: `${TEST_DATABASE_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    ctx: createContext(db, now),
    close: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
