import { type Kysely, sql } from 'kysely';
import type { Label } from '../domain/labels.js';
import type { Objective } from '../domain/objective.schema.js';
import { labelColumns, readableBy, type StoreReader } from './access.js';
import type { Database, ObjectiveTable } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { labelOf } from './present.js';
import { compareAndSet, deleteAtVersion } from './versioned.js';

/** An activity an objective is linked to, as far as a reader of both is told of it. */
export type LinkedActivity = Label & {
  objectiveId: string;
  id: string;
  refCode: string;
  title: Record<string, string>;
  status: string;
};

const presentObjective = (codec: LabelCodec, r: ObjectiveTable, activityIds: string[]): Objective => ({
  id: r.id,
  version: r.version,
  ...labelOf(codec, r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  planId: r.plan_id,
  title: JSON.parse(r.title),
  description: JSON.parse(r.description),
  activityIds,
});

/** The ids of the activities linked to the objective, by objective. */
const idsByObjective = (links: LinkedActivity[]) => {
  const ids = new Map<string, string[]>();
  for (const l of links) {
    const of = ids.get(l.objectiveId);
    if (of) of.push(l.id);
    else ids.set(l.objectiveId, [l.id]);
  }
  return ids;
};

/** The objective, if the reader may read it, with the linked activities it may read. */
export async function readObjective(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  id: string,
): Promise<Objective | undefined> {
  const row = await db
    .selectFrom('objective')
    .selectAll()
    .where('id', '=', id)
    .where(readableBy(reader, 'objective'))
    .executeTakeFirst();
  if (!row) return undefined;
  const links = await readableLinks(db, codec, reader, [id]);
  return presentObjective(
    codec,
    row,
    links.map((l) => l.id),
  );
}

/**
 * The objectives of a plan the reader may read, oldest first, each with the
 * linked activities it may read (`links` answers them in full).
 */
export async function readableObjectivesOfPlan(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  planId: string,
): Promise<{ objectives: Objective[]; links: LinkedActivity[] }> {
  const rows = await db
    .selectFrom('objective')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'objective'))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const links = await readableLinks(
    db,
    codec,
    reader,
    rows.map((r) => r.id),
  );
  const ids = idsByObjective(links);
  return { objectives: rows.map((r) => presentObjective(codec, r, ids.get(r.id) ?? [])), links };
}

/** Inserts an objective linked to `activityIds` and answers it as a record. */
export async function insertObjective(
  trx: Kysely<Database>,
  codec: LabelCodec,
  row: ObjectiveTable,
  activityIds: string[],
): Promise<Objective> {
  await trx.insertInto('objective').values(row).execute();
  await linkActivities(trx, row.id, activityIds);
  return presentObjective(codec, row, activityIds);
}

/** The activities linked to each objective, among those the reader may read, by reference code. */
export async function readableLinks(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  objectiveIds: string[],
): Promise<LinkedActivity[]> {
  if (objectiveIds.length === 0) return [];
  const rows = await db
    .selectFrom('activity_objective as ao')
    .innerJoin('activity as a', 'a.id', 'ao.activity_id')
    .select(['ao.objective_id', 'ao.activity_id', 'a.ref_code', 'a.title', 'a.status', ...labelColumns('a')])
    .where('ao.objective_id', 'in', objectiveIds)
    .where(readableBy(reader, 'a'))
    .orderBy('a.ref_code')
    .execute();
  return rows.map((l) => ({
    objectiveId: l.objective_id,
    id: l.activity_id,
    refCode: l.ref_code,
    title: JSON.parse(l.title) as Record<string, string>,
    status: l.status,
    ...labelOf(codec, l),
  }));
}

/**
 * The programmes that serve each objective, among those the reader may read,
 * oldest first: what a planner needs to recognise one and to change its links
 * (its version).
 */
export async function readableProgrammeLinks(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  objectiveIds: string[],
) {
  if (objectiveIds.length === 0) return [];
  const rows = await db
    .selectFrom('programme_objective as po')
    .innerJoin('programme as p', 'p.id', 'po.programme_id')
    .select(['po.objective_id', 'p.id', 'p.version', 'p.title', 'p.status', ...labelColumns('p')])
    .where('po.objective_id', 'in', objectiveIds)
    .where(readableBy(reader, 'p'))
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
  return rows.map((l) => ({
    objectiveId: l.objective_id,
    id: l.id,
    version: l.version,
    title: JSON.parse(l.title) as Record<string, string>,
    status: l.status,
    ...labelOf(codec, l),
  }));
}

/**
 * How many of the readable activities serving each objective count (all but
 * the cancelled) and how many of those are done, by objective.
 */
export async function objectiveExecution(db: Kysely<Database>, reader: StoreReader, objectiveIds: string[]) {
  const execution = new Map<string, { total: number; done: number }>();
  if (objectiveIds.length === 0) return execution;
  const rows = await db
    .selectFrom('activity_objective as ao')
    .innerJoin('activity as a', 'a.id', 'ao.activity_id')
    .select([
      'ao.objective_id',
      sql<number>`sum(case when a.status <> 'cancelled' then 1 else 0 end)`.as('total'),
      sql<number>`sum(case when a.status in ('conducted', 'reported') then 1 else 0 end)`.as('done'),
    ])
    .where('ao.objective_id', 'in', objectiveIds)
    .where(readableBy(reader, 'a'))
    .groupBy('ao.objective_id')
    .execute();
  for (const r of rows) execution.set(r.objective_id, { total: Number(r.total ?? 0), done: Number(r.done ?? 0) });
  return execution;
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

/** The readable objectives an activity or a programme serves, oldest first. */
export async function objectiveIdsServedBy(
  db: Kysely<Database>,
  reader: StoreReader,
  by: { activityId: string } | { programmeId: string },
) {
  const linked =
    'activityId' in by
      ? db.selectFrom('activity_objective').select('objective_id').where('activity_id', '=', by.activityId)
      : db.selectFrom('programme_objective').select('objective_id').where('programme_id', '=', by.programmeId);
  const rows = await db
    .selectFrom('objective')
    .select('id')
    .where('id', 'in', linked)
    .where(readableBy(reader, 'objective'))
    .orderBy('created_at')
    .orderBy('id')
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
export async function indicatorsOfObjective(db: Kysely<Database>, reader: StoreReader, objectiveId: string) {
  const rows = await db
    .selectFrom('indicator as i')
    .select((eb) => [
      'i.id',
      'i.name',
      ...labelColumns('i'),
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
  return rows.map((i) => ({
    id: i.id,
    name: i.name,
    label: {
      owner_party: i.owner_party,
      classification: i.classification,
      releasable_mask: i.releasable_mask,
      compartment_mask: i.compartment_mask,
    },
    readable: Number(i.readable) === 1,
    measurements: Number(i.measurements),
  }));
}

/** Deletes an objective with its links, its indicators and their withdrawn measurements. */
export async function deleteObjectiveRows(trx: Kysely<Database>, id: string, version: number, indicatorIds: string[]) {
  if (indicatorIds.length) {
    await trx.deleteFrom('measurement').where('indicator_id', 'in', indicatorIds).execute();
    await trx.deleteFrom('indicator').where('id', 'in', indicatorIds).execute();
  }
  await trx.deleteFrom('activity_objective').where('objective_id', '=', id).execute();
  return deleteAtVersion(trx, 'objective', id, version);
}
