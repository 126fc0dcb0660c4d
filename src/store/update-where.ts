import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from './database.js';

/**
 * Writes `changes` to the rows of `table` whose columns hold every value of
 * `match`, and answers how many it wrote: the guarded update of a row picked
 * by its key and the state the writer expects it in (or by its owner).
 */
export async function updateWhere<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  match: Partial<Selectable<Database[T]>>,
  changes: Updateable<Database[T]>,
): Promise<number> {
  // Kysely cannot type a query over a table chosen by a type parameter; the signature above keeps callers typed.
  const loose = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  let query = loose.updateTable(table as string).set(changes as Record<string, unknown>);
  for (const [column, value] of Object.entries(match)) query = query.where(column, '=', value);
  const r = await query.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
