import type { Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database, ObjectiveTable } from './database.js';
import { compareAndSet } from './versioned.js';

export function findObjective(db: Kysely<Database>, reader: StoreReader, id: string) {
  return db.selectFrom('objective').selectAll().where('id', '=', id).where(readableBy(reader, 'objective')).executeTakeFirst();
}

/** The activities linked to each objective, among those the reader may read, by reference code. */
export function readableLinks(db: Kysely<Database>, reader: StoreReader, objectiveIds: string[]) {
  if (objectiveIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('activity_objective as ao')
    .innerJoin('activity as a', 'a.id', 'ao.activity_id')
    .select([
      'ao.objective_id',
      'ao.activity_id',
      'a.ref_code',
      'a.title',
      'a.status',
      'a.owner_party',
      'a.classification',
      'a.releasable_mask',
      'a.compartment_mask',
    ])
    .where('ao.objective_id', 'in', objectiveIds)
    .where(readableBy(reader, 'a'))
    .orderBy('a.ref_code')
    .execute();
}

/** Of `activityIds`, those in the plan that the reader may read. */
export async function readableActivitiesOfPlan(
  db: Kysely<Database>,
  reader: StoreReader,
  planId: string,
  activityIds: string[],
): Promise<Set<string>> {
  if (activityIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('activity')
    .select('id')
    .where('id', 'in', activityIds)
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'activity'))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** The readable objectives an activity serves, oldest first. */
export async function objectiveIdsOfActivity(db: Kysely<Database>, reader: StoreReader, activityId: string) {
  const rows = await db
    .selectFrom('activity_objective as ao')
    .innerJoin('objective as o', 'o.id', 'ao.objective_id')
    .select('o.id')
    .where('ao.activity_id', '=', activityId)
    .where(readableBy(reader, 'o'))
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => r.id);
}

export async function linkActivities(trx: Kysely<Database>, objectiveId: string, activityIds: string[]) {
  if (activityIds.length)
    await trx
      .insertInto('activity_objective')
      .values(activityIds.map((activity_id) => ({ activity_id, objective_id: objectiveId })))
      .execute();
}

export async function unlinkActivities(trx: Kysely<Database>, objectiveId: string, activityIds: string[]) {
  if (activityIds.length)
    await trx
      .deleteFrom('activity_objective')
      .where('objective_id', '=', objectiveId)
      .where('activity_id', 'in', activityIds)
      .execute();
}

/** Updates when the stored version is `version`; returns whether it did. */
export async function updateObjectiveRow(
  trx: Kysely<Database>,
  id: string,
  version: number,
  changes: Partial<Omit<ObjectiveTable, 'id' | 'plan_id' | 'version' | 'created_at'>>,
) {
  return compareAndSet(trx, 'objective', id, version, changes);
}

/** Every indicator of an objective, readable or not, with whether the reader may read it and how many measurements count. */
export function indicatorsOfObjective(db: Kysely<Database>, reader: StoreReader, objectiveId: string) {
  return db
    .selectFrom('indicator as i')
    .select((eb) => [
      'i.id',
      'i.name',
      'i.owner_party',
      'i.classification',
      'i.releasable_mask',
      'i.compartment_mask',
      eb.case().when(readableBy(reader, 'i')).then(1).else(0).end().as('readable'),
      eb
        .selectFrom('measurement as m')
        .select((m) => m.fn.countAll<number>().as('n'))
        .whereRef('m.indicator_id', '=', 'i.id')
        .where('m.withdrawn_at', 'is', null)
        .as('measurements'),
    ])
    .where('i.objective_id', '=', objectiveId)
    .execute();
}

/** Deletes an objective with its links, its indicators and their withdrawn measurements. */
export async function deleteObjectiveRows(trx: Kysely<Database>, id: string, version: number, indicatorIds: string[]) {
  if (indicatorIds.length) {
    await trx.deleteFrom('measurement').where('indicator_id', 'in', indicatorIds).execute();
    await trx.deleteFrom('indicator').where('id', 'in', indicatorIds).execute();
  }
  await trx.deleteFrom('activity_objective').where('objective_id', '=', id).execute();
  const res = await trx.deleteFrom('objective').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}
