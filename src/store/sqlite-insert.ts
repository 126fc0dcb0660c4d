import { CompiledQuery } from 'kysely';
import type { Db } from './db.js';

// Large inserts on SQLite without kysely's query builder: for each of 500 rows of 11 to 15 columns, the
// builder made a node per value and compiled them all to the same text each time, which took longer
// than SQLite took to write the rows (an export or import of 100,000 activities writes some 350,000).

/** The texts made so far, by table, columns, row count and what follows the values. */
const texts = new Map<string, string>();
/** Texts kept at most: a few tables, a few row counts each (full batches, and the last of each). */
const TEXTS_KEPT = 100;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

function insertText(table: string, columns: readonly string[], count: number, tail: string) {
  const key = `${table}\u0000${columns.join('\u0000')}\u0000${count}\u0000${tail}`;
  let text = texts.get(key);
  if (text === undefined) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    text = `insert into ${quoted(table)} (${columns.map(quoted).join(', ')}) values ${new Array(count).fill(row).join(', ')}${tail}`;
    if (texts.size >= TEXTS_KEPT) texts.clear();
    texts.set(key, text);
  }
  return text;
}

/**
 * SQLite only: inserts `rows` into `table`, the values of `columns` of each, in one statement whose text
 * is made once per row count (kysely still asks SQLite to prepare it on each call), followed by `tail` (an
 * `on conflict …` clause, written with the table's and columns' names quoted). The caller keeps the
 * rows within SQLite's 32,766 parameters.
 */
export async function insertRows<T extends object>(
  db: Db,
  table: string,
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
  tail = '',
): Promise<void> {
  if (rows.length === 0) return;
  const parameters: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const r of rows) for (const c of columns) parameters[i++] = r[c];
  await db.executeQuery(CompiledQuery.raw(insertText(table, columns, rows.length, tail), parameters));
}

/** `on conflict (KEY) do update set COLUMN = excluded.COLUMN, …`, then `where …` if given. */
export const onConflictUpdate = (key: readonly string[], columns: readonly string[], where = '') =>
  ` on conflict (${key.map(quoted).join(', ')}) do update set ${columns.map((c) => `${quoted(c)} = excluded.${quoted(c)}`).join(', ')}${where ? ` where ${where}` : ''}`;
