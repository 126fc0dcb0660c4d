import type { Kysely } from 'kysely';
import { isViolated } from '../domain/dependency.js';
import type { Dependency, DependencyType } from '../domain/dependency.schema.js';
import type { PlannedPeriod } from '../domain/period.js';
import { userIdFor } from '../domain/user-naming.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, LabelColumns } from './database.js';
import { isUniqueClash } from './dialect.js';
import { deleteAtVersion } from './versioned.js';

/** A dependency with the planned periods and labels of its two activities. */
export interface DependencyRow {
  dependency: Dependency;
  predecessor: { refCode: string; period: PlannedPeriod; label: LabelColumns };
  successor: { refCode: string; period: PlannedPeriod; label: LabelColumns };
}

type Which =
  | { planId: string; activityId?: string }
  | { id: string }
  | { predecessorId: string }
  | { successorId: string }
  | { activityId: string };

const activityOf = (which: Which) => ('activityId' in which ? which.activityId : undefined);

/** The dependencies both of whose activities `reader` may read (all of them without a reader), chosen by `which`. */
function dependenciesQuery(db: Kysely<Database>, reader: StoreReader | undefined, which: Which) {
  return db
    .selectFrom('activity_dependency as d')
    .innerJoin('activity as p', 'p.id', 'd.predecessor_id')
    .innerJoin('activity as s', 's.id', 'd.successor_id')
    .leftJoin('app_user as u', 'u.id', 'd.created_by')
    .selectAll('d')
    .select([
      'u.party as created_by_party',
      'p.ref_code as p_ref_code',
      'p.planned_start as p_start',
      'p.planned_end as p_end',
      'p.planned_precision as p_precision',
      's.ref_code as s_ref_code',
      's.planned_start as s_start',
      's.planned_end as s_end',
      's.planned_precision as s_precision',
      'p.owner_party as p_owner_party',
      'p.classification as p_classification',
      'p.releasable_mask as p_releasable_mask',
      'p.compartment_mask as p_compartment_mask',
      's.owner_party as s_owner_party',
      's.classification as s_classification',
      's.releasable_mask as s_releasable_mask',
      's.compartment_mask as s_compartment_mask',
    ])
    .$if(reader !== undefined, (qb) =>
      qb.where(readableBy(reader as StoreReader, 'p')).where(readableBy(reader as StoreReader, 's')),
    )
    .$if('planId' in which, (qb) => qb.where('d.plan_id', '=', (which as { planId: string }).planId))
    .$if('id' in which, (qb) => qb.where('d.id', '=', (which as { id: string }).id))
    .$if('predecessorId' in which, (qb) => qb.where('d.predecessor_id', '=', (which as { predecessorId: string }).predecessorId))
    .$if('successorId' in which, (qb) => qb.where('d.successor_id', '=', (which as { successorId: string }).successorId))
    .$if(activityOf(which) !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([eb('d.predecessor_id', '=', activityOf(which) as string), eb('d.successor_id', '=', activityOf(which) as string)]),
      ),
    )
    .orderBy('p.planned_start')
    .orderBy('p.ref_code')
    .orderBy('s.ref_code')
    .orderBy('d.id');
}

const period = (start: string, end: string, precision: string): PlannedPeriod => ({
  start,
  end,
  precision: precision as PlannedPeriod['precision'],
});

/**
 * The dependencies chosen by `which` that the reader may read: both activities readable, in the query, so that
 * a dependency to a hidden activity is neither listed nor counted. Without a reader, all of them: only for a
 * write that must carry the hidden ones along (an activity's deletion), never for an answer.
 */
export async function readDependencies(
  db: Kysely<Database>,
  reader: StoreReader | undefined,
  which: Which,
): Promise<DependencyRow[]> {
  const rows = await dependenciesQuery(db, reader, which).execute();
  return rows.map((r) => {
    const p = period(r.p_start, r.p_end, r.p_precision);
    const s = period(r.s_start, r.s_end, r.s_precision);
    return {
      dependency: {
        id: r.id,
        planId: r.plan_id,
        predecessorId: r.predecessor_id,
        successorId: r.successor_id,
        type: r.type as DependencyType,
        lagDays: r.lag_days,
        violated: isViolated(p, s, r.lag_days),
        // Whoever made it, named only to a reader of their party.
        createdBy: reader ? userIdFor(reader.party, r.created_by_party, r.created_by) : r.created_by,
        createdAt: r.created_at,
        version: Number(r.version),
      },
      predecessor: {
        refCode: r.p_ref_code,
        period: p,
        label: {
          owner_party: r.p_owner_party,
          classification: r.p_classification,
          releasable_mask: r.p_releasable_mask,
          compartment_mask: r.p_compartment_mask,
        },
      },
      successor: {
        refCode: r.s_ref_code,
        period: s,
        label: {
          owner_party: r.s_owner_party,
          classification: r.s_classification,
          releasable_mask: r.s_releasable_mask,
          compartment_mask: r.s_compartment_mask,
        },
      },
    };
  });
}

export async function insertDependency(
  trx: Kysely<Database>,
  d: {
    id: string;
    planId: string;
    predecessorId: string;
    successorId: string;
    type: DependencyType;
    lagDays: number;
    createdBy: string;
    createdAt: string;
  },
) {
  await trx
    .insertInto('activity_dependency')
    .values({
      id: d.id,
      plan_id: d.planId,
      predecessor_id: d.predecessorId,
      successor_id: d.successorId,
      type: d.type,
      lag_days: d.lagDays,
      created_by: d.createdBy,
      created_at: d.createdAt,
      version: 1,
    })
    .execute();
}

/** Whether a write failed on the one dependency a pair of activities may have: another writer added it meanwhile. */
export const isDependencyClash = (err: unknown) =>
  isUniqueClash(err, 'activity_dependency_pair', 'activity_dependency.predecessor_id');

export const deleteDependency = (trx: Kysely<Database>, id: string, version: number) =>
  deleteAtVersion(trx, 'activity_dependency', id, version);

/** Removes every dependency of the activity, readable or not: it goes with its activity. */
export async function deleteDependenciesOf(trx: Kysely<Database>, activityId: string) {
  await trx
    .deleteFrom('activity_dependency')
    .where((eb) => eb.or([eb('predecessor_id', '=', activityId), eb('successor_id', '=', activityId)]))
    .execute();
}
