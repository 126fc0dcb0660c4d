import type { Insertable, Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database, SourceTable } from './database.js';

export { findSource } from './commission.repo.js';

/** Sources the reader may read, oldest first; `after` is the last id of the previous page (ids are time-ordered). */
export function listSources(
  db: Kysely<Database>,
  reader: StoreReader,
  query: { kind?: string | undefined; after?: string | undefined; limit: number },
) {
  return db
    .selectFrom('source')
    .selectAll()
    .where(readableBy(reader, 'source'))
    .$if(query.kind !== undefined, (qb) => qb.where('kind', '=', query.kind ?? ''))
    .$if(query.after !== undefined, (qb) => qb.where('id', '>', query.after ?? ''))
    .orderBy('id')
    .limit(query.limit)
    .execute();
}

export async function insertSource(db: Kysely<Database>, row: Insertable<SourceTable>): Promise<void> {
  await db.insertInto('source').values(row).execute();
}
