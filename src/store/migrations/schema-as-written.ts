import type { CreateTableBuilder, Kysely } from 'kysely';

/*
 * Migrations are frozen history: once applied somewhere, a migration must run the same way for
 * ever, so none of them imports the app's code or table types, and none shares code with another.
 * That is why the same columns (the label of a labelled table, the audit stamps) and the same
 * steps (rebuilding a SQLite table) are written again in several migrations: a helper shared
 * between them would let a later edit change what an applied migration did. Only these two types
 * are shared, since a type changes nothing that runs.
 */

/**
 * The database as a migration sees it. It is `Kysely<any>` on purpose: a migration describes the
 * schema as it was when written, which no table type of today's app describes (kysely's own advice).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration's schema is the one it was written for, not today's table types
export type MigrationDb = Kysely<any>;

/** The builder of any table, for a migration's helpers that add the same columns to several tables. */
export type AnyTableBuilder = CreateTableBuilder<string, string>;
