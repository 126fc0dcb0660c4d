import { type Kysely, sql, type Updateable } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database, LabelledTable } from './database.js';

/*
 * Rows that belong to one record and are written through it: the links from a
 * record to others, and its parts (a programme's milestones, a project's
 * transfers). Each table names its record by the column given here.
 */

/** Link tables: the column naming the record that holds the link, and the one naming the record linked to. */
const LINKS = {
  industrial_project_programme: ['project_id', 'programme_id'],
  programme_objective: ['programme_id', 'objective_id'],
  programme_activity: ['programme_id', 'activity_id'],
} as const;

/** Adds and removes links of the record `ownerId` in `table`; the caller checked both lists. */
export async function relink(
  trx: Kysely<Database>,
  table: keyof typeof LINKS,
  ownerId: string,
  add: readonly string[],
  remove: readonly string[],
) {
  const [owner, other] = LINKS[table];
  if (remove.length)
    await trx
      .deleteFrom(table)
      .where(owner, '=', ownerId)
      .where(other, 'in', [...remove])
      .execute();
  if (add.length)
    await trx
      .insertInto(table)
      .values(add.map((id) => ({ [owner]: ownerId, [other]: id }) as never))
      .execute();
}

/**
 * The ids of the records of `target` that `ownerId` links to in `table` and the reader may read, in the order of
 * their column `orderBy`, then id: the read rule on the records linked to, in the query.
 */
export async function readableLinks(
  db: Kysely<Database>,
  reader: StoreReader,
  table: keyof typeof LINKS,
  target: LabelledTable,
  ownerId: string,
  orderBy: 'created_at' | 'ref_code',
) {
  const [owner, other] = LINKS[table];
  const { rows } = await sql<{ id: string }>`select t.id from ${sql.table(table)} as l
    inner join ${sql.table(target)} as t on t.id = ${sql.ref(`l.${other}`)}
    where ${sql.ref(`l.${owner}`)} = ${ownerId} and ${readableBy(reader, 't')}
    order by ${sql.ref(`t.${orderBy}`)}, t.id`.execute(db);
  return rows.map((r) => r.id);
}

/** Part tables: the column naming the record each row is a part of. */
const PARTS = {
  industrial_milestone: 'project_id',
  industrial_transfer: 'project_id',
  programme_milestone: 'programme_id',
} as const;

type PartTable = keyof typeof PARTS;

/** Writes `set` on the part `id` of the record `recordId`; false when the record has no such part. */
export async function updatePart<T extends PartTable>(
  trx: Kysely<Database>,
  table: T,
  recordId: string,
  id: string,
  set: Updateable<Database[T]>,
) {
  const res = await trx
    .updateTable(table as PartTable)
    .set(set as never)
    .where(PARTS[table as PartTable], '=', recordId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
