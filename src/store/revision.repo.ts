import type { Kysely, Updateable } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database, PlanRevisionTable, RevisionActivityTable } from './database.js';

export function listRevisions(db: Kysely<Database>, planId: string) {
  return db.selectFrom('plan_revision').selectAll().where('plan_id', '=', planId).orderBy('number').execute();
}

export function findRevision(db: Kysely<Database>, planId: string, number: number) {
  return db.selectFrom('plan_revision').selectAll().where('plan_id', '=', planId).where('number', '=', number).executeTakeFirst();
}

export async function revisionApprovals(db: Kysely<Database>, planId: string) {
  return db.selectFrom('revision_approval').selectAll().where('plan_id', '=', planId).orderBy('at').execute();
}

export async function insertRevisionActivities(trx: Kysely<Database>, rows: RevisionActivityTable[]) {
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('revision_activity')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** The frozen activities of a revision that the reader may read. */
export function readableRevisionActivities(db: Kysely<Database>, reader: StoreReader, planId: string, number: number) {
  return db
    .selectFrom('revision_activity')
    .select(['ref_code', 'content', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
    .where('plan_id', '=', planId)
    .where('number', '=', number)
    .where(readableBy(reader, 'revision_activity'))
    .execute();
}

/**
 * Writes `changes` to a revision only if it is still in `status`, and locks
 * it until commit; false when it has left that status. Revisions carry no
 * version: their status is what every writer compares.
 */
export async function setRevisionIn(
  db: Kysely<Database>,
  planId: string,
  number: number,
  status: string,
  changes: Omit<Updateable<PlanRevisionTable>, 'plan_id' | 'number'>,
): Promise<boolean> {
  const r = await db
    .updateTable('plan_revision')
    .set(changes)
    .where('plan_id', '=', planId)
    .where('number', '=', number)
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
