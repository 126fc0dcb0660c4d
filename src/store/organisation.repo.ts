import type { Kysely } from 'kysely';
import type { Database } from './database.js';

// Organisations are reference data without a label: anyone signed in may know them.

export async function organisationExists(db: Kysely<Database>, id: string) {
  const row = await db.selectFrom('organisation').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/** The names of the organisations among `ids`. */
export async function organisationNames(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
