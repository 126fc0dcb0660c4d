import type { CreateTableBuilder, Kysely } from 'kysely';
import { isPostgres } from '../dialect.js';

/*
 * Migrations are frozen history: once applied somewhere, a migration must run the same way for
 * ever, so none of them imports the app's code or table types. What several of them write alike
 * (the label of a labelled table, the version and audit stamps, a key the database numbers) is
 * written once here, and this file is as frozen as they are: a builder below never changes, since
 * a change would change what an applied migration did; a migration that needs other columns
 * writes them itself, or a new builder is added beside these. test/migrations-as-written.test.ts
 * holds the applied migrations to the statements they ran.
 */

/**
 * The database as a migration sees it. It is `Kysely<any>` on purpose: a migration describes the
 * schema as it was when written, which no table type of today's app describes (kysely's own advice).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration's schema is the one it was written for, not today's table types
export type MigrationDb = Kysely<any>;

/** The builder of any table, for a migration's helpers that add the same columns to several tables. */
export type AnyTableBuilder = CreateTableBuilder<string, string>;

/** The label of a labelled table: owner party, classification, and the releasability and compartment bit masks. */
export const labelled = (t: AnyTableBuilder): AnyTableBuilder =>
  t
    .addColumn('owner_party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('releasable_mask', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull().defaultTo(0));

/** The version an edit is based on, and when the record was made and last changed. */
export const versioned = (t: AnyTableBuilder): AnyTableBuilder =>
  t
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());

/**
 * Adds to a table of `db` a primary key the database numbers: an identity column on PostgreSQL,
 * an autoincrement one on SQLite.
 */
export const serialOn =
  (db: MigrationDb) =>
  (t: AnyTableBuilder, name: string): AnyTableBuilder =>
    isPostgres(db)
      ? t.addColumn(name, 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());
