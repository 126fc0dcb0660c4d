import { type Kysely, sql } from 'kysely';
import type { Activity, ActivityCreate, ActivityListQuery, ActivityPatch, ActivitySort } from '../domain/activity.schema.js';
import { problem } from '../domain/problems.js';
import { readableBy, type StoreReader } from './access.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ActivityRow, ActivityUpdate, Database, LabelColumns, NewActivity } from './database.js';
import { isUniqueClash } from './dialect.js';
import type { LabelCodec } from './label-codec.js';
import { presentActivity } from './present.js';
import { searchMatches } from './search.repo.js';
import { compareAndSet, deleteAtVersion } from './versioned.js';

/** The row of a new activity, shared by creation and plan import. */
export function newActivityRow(
  input: ActivityCreate,
  at: { id: string; planId: string; status: string; ownerUserId: string; label: LabelColumns; now: string },
): ActivityRow {
  return {
    id: at.id,
    plan_id: at.planId,
    ref_code: input.refCode,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description ?? {}),
    type: input.type,
    domain: input.domain,
    lead_party: input.leadParty,
    participating_parties: JSON.stringify([...new Set(input.participatingParties)]),
    lead_organisation_id: input.leadOrganisationId,
    location: input.location,
    planned_start: input.plannedPeriod.start,
    planned_end: input.plannedPeriod.end,
    planned_precision: input.plannedPeriod.precision,
    actual_start: null,
    actual_end: null,
    status: at.status,
    postponements: 0,
    priority: input.priority,
    owner_user_id: at.ownerUserId,
    source_id: input.sourceId,
    recurring: input.recurring ? 1 : 0,
    carried_from: null,
    ...at.label,
    version: 1,
    created_at: at.now,
    updated_at: at.now,
  };
}

/** The columns a patch of editable fields changes, shared by editing and plan import. */
export function activityChanges(patch: Omit<ActivityPatch, 'version'>): ActivityUpdate {
  return {
    ...(patch.refCode !== undefined && { ref_code: patch.refCode }),
    ...(patch.title !== undefined && { title: JSON.stringify(patch.title) }),
    ...(patch.description !== undefined && { description: JSON.stringify(patch.description) }),
    ...(patch.type !== undefined && { type: patch.type }),
    ...(patch.domain !== undefined && { domain: patch.domain }),
    ...(patch.leadParty !== undefined && { lead_party: patch.leadParty }),
    ...(patch.participatingParties !== undefined && {
      participating_parties: JSON.stringify([...new Set(patch.participatingParties)]),
    }),
    ...(patch.leadOrganisationId !== undefined && { lead_organisation_id: patch.leadOrganisationId }),
    ...(patch.location !== undefined && { location: patch.location }),
    ...(patch.plannedPeriod !== undefined && {
      planned_start: patch.plannedPeriod.start,
      planned_end: patch.plannedPeriod.end,
      planned_precision: patch.plannedPeriod.precision,
    }),
    ...(patch.priority !== undefined && { priority: patch.priority }),
    ...(patch.sourceId !== undefined && { source_id: patch.sourceId }),
    ...(patch.recurring !== undefined && { recurring: patch.recurring ? 1 : 0 }),
  };
}

/** The columns of a move through the lifecycle: status, planned period, postponements and actual dates. */
export const activityMove = (
  next: Pick<Activity, 'status' | 'plannedPeriod' | 'postponements' | 'actualStart' | 'actualEnd'>,
  now: string,
): ActivityUpdate => ({
  status: next.status,
  planned_start: next.plannedPeriod.start,
  planned_end: next.plannedPeriod.end,
  planned_precision: next.plannedPeriod.precision,
  postponements: next.postponements,
  actual_start: next.actualStart,
  actual_end: next.actualEnd,
  updated_at: now,
});

type SortColumn = 'ref_code' | 'planned_start' | 'priority' | 'updated_at';
const SORTS: Record<string, SortColumn> = {
  refCode: 'ref_code',
  plannedStart: 'planned_start',
  priority: 'priority',
  updatedAt: 'updated_at',
};

/**
 * Keyset cursor: the sort value, reference code and id of the last row of a
 * page. The id breaks ties, since two activities at different labels may share a code.
 */
const encodeActivityCursor = (value: unknown, refCode: string, id: string) => encodeCursor([value, refCode, id]);

function decodeActivityCursor(cursor: string, column: SortColumn): [string | number, string, string] {
  // The value is compared with the sort column, so it must have its type (and fit an
  // integer column): PostgreSQL would fail otherwise, and SQLite silently misorder.
  const fits = (v: unknown) =>
    column === 'priority' ? Number.isInteger(v) && Math.abs(v as number) < 2 ** 31 : typeof v === 'string';
  return decodeCursor(cursor, 3, (v, i) => (i === 0 ? fits(v) : typeof v === 'string')) as [string | number, string, string];
}

export function sortOf(sort: ActivitySort): { column: SortColumn; desc: boolean } {
  const desc = sort.startsWith('-');
  const column = SORTS[desc ? sort.slice(1) : sort];
  if (!column) throw problem('request.unknown_sort', { sort });
  return { column, desc };
}

/**
 * The query of one page (plus one row, to tell whether more follow) of a
 * plan's activities the reader may read. Ordered by the sort column, the
 * reference code and the id (codes are unique per label only), and paged by keyset so that every page
 * costs the same however deep it is. The benchmark compiles it to EXPLAIN it.
 */
/** The day an `attention` filter is judged on, and the instant before which no follow-up makes an activity stale. */
export interface AttentionClock {
  today: string;
  staleBefore: string;
}

const OPEN = sql<boolean>`activity.status not in ('conducted', 'reported', 'cancelled')`;

/** A list's filters: what narrows the activities, apart from their order and paging. */
export type ActivityFilters = Pick<ActivityListQuery, 'status' | 'domain' | 'leadParty' | 'q' | 'attention'>;

/**
 * The activities of a plan the reader may read that match the filters, in
 * no order: the list pages through them, and the groups count them.
 */
export function planActivitiesMatching(
  db: Kysely<Database>,
  reader: StoreReader,
  planId: string,
  q: ActivityFilters,
  clock?: AttentionClock,
) {
  return (
    db
      .selectFrom('activity')
      .selectAll('activity')
      .where('activity.plan_id', '=', planId)
      .where(readableBy(reader, 'activity'))
      // Only a plan the reader may read lists anything: checked here, it costs no round trip of its own.
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('work_plan')
            .select(sql.lit(1).as('one'))
            .where('work_plan.id', '=', planId)
            .where(readableBy(reader, 'work_plan')),
        ),
      )
      .$if(q.status !== undefined, (qb) => qb.where('activity.status', '=', q.status ?? ''))
      .$if(q.domain !== undefined, (qb) => qb.where('activity.domain', '=', q.domain ?? ''))
      .$if(q.leadParty !== undefined, (qb) => qb.where('activity.lead_party', '=', q.leadParty ?? ''))
      .$if(q.attention === 'overdue' && clock !== undefined, (qb) =>
        qb.where(OPEN).where('activity.planned_end', '<', clock?.today ?? ''),
      )
      .$if(q.attention === 'upcoming' && clock !== undefined, (qb) =>
        qb.where(OPEN).where('activity.planned_end', '>=', clock?.today ?? ''),
      )
      .$if(q.attention === 'stale' && clock !== undefined, (qb) =>
        qb
          .where(OPEN)
          .where(
            sql`coalesce((select max(f.created_at) from follow_up f where f.activity_id = activity.id and ${readableBy(reader, 'f')}), activity.created_at)`,
            '<',
            clock?.staleBefore ?? '',
          ),
      )
      .$if(q.q !== undefined, (qb) =>
        qb.where((eb) =>
          eb.exists(
            eb
              .selectFrom('search_entry')
              .select(sql.lit(1).as('one'))
              .whereRef('search_entry.record_id', '=', 'activity.id')
              .where(searchMatches(db, q.q ?? '')),
          ),
        ),
      )
  );
}

export function listActivitiesQuery(
  db: Kysely<Database>,
  reader: StoreReader,
  planId: string,
  q: ActivityListQuery,
  clock?: AttentionClock,
) {
  const { column, desc } = sortOf(q.sort);
  const dir = desc ? 'desc' : 'asc';
  let query = planActivitiesMatching(db, reader, planId, q, clock);
  if (q.cursor) {
    const [value, refCode, id] = decodeActivityCursor(q.cursor, column);
    const op = desc ? '<' : '>';
    query = query.where((eb) => {
      const after = eb.or([
        eb('activity.ref_code', op, refCode),
        eb.and([eb('activity.ref_code', '=', refCode), eb('activity.id', op, id)]),
      ]);
      return column === 'ref_code'
        ? after
        : eb.or([eb(`activity.${column}`, op, value), eb.and([eb(`activity.${column}`, '=', value), after])]);
    });
  }
  return query
    .orderBy(`activity.${column}`, dir)
    .$if(column !== 'ref_code', (qb) => qb.orderBy('activity.ref_code', dir))
    .orderBy('activity.id', dir)
    .limit(q.limit + 1);
}

/** One page of a plan's activities the reader may read, and the cursor of the next. */
export async function listActivities(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  planId: string,
  q: ActivityListQuery,
  clock?: AttentionClock,
): Promise<{ items: Activity[]; nextCursor: string | null }> {
  const { column } = sortOf(q.sort);
  const rows = await listActivitiesQuery(db, reader, planId, q, clock).execute();
  const more = rows.length > q.limit;
  const count = more ? q.limit : rows.length;
  const items = new Array<Activity>(count);
  for (let i = 0; i < count; i++) items[i] = presentActivity(codec, rows[i] as ActivityRow, reader.party);
  const last = rows[count - 1];
  return { items, nextCursor: more && last ? encodeActivityCursor(last[column], last.ref_code, last.id) : null };
}

export function findActivity(db: Kysely<Database>, reader: StoreReader, id: string) {
  return db.selectFrom('activity').selectAll().where('id', '=', id).where(readableBy(reader, 'activity')).executeTakeFirst();
}

/** The activity, if the reader may read it. */
export async function readActivity(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  id: string,
): Promise<Activity | undefined> {
  const row = await findActivity(db, reader, id);
  return row && presentActivity(codec, row, reader.party);
}

/** Inserts a new activity and answers it as a record. */
export async function insertActivity(
  trx: Kysely<Database>,
  codec: LabelCodec,
  row: ActivityRow,
  readerParty: string,
): Promise<Activity> {
  await insertActivities(trx, [row]);
  return presentActivity(codec, row, readerParty);
}

export async function insertActivities(trx: Kysely<Database>, rows: NewActivity[]) {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('activity')
      .values(rows.slice(i, i + 200))
      .execute();
}

/** Updates when the stored version is `version`; returns whether it did. */
export function updateActivity(trx: Kysely<Database>, id: string, version: number, changes: ActivityUpdate) {
  return compareAndSet(trx, 'activity', id, version, changes);
}

/**
 * Deletes an activity at `version` with its objective links; returns the
 * objectives it was linked to. An activity with follow-ups is never deleted
 * (the use case refuses it first), so none go with it.
 */
export async function deleteActivity(trx: Kysely<Database>, id: string, version: number) {
  const objectives = await trx
    .selectFrom('activity_objective as ao')
    .innerJoin('objective as o', 'o.id', 'ao.objective_id')
    .select(['o.id', 'o.owner_party', 'o.classification', 'o.releasable_mask', 'o.compartment_mask'])
    .where('ao.activity_id', '=', id)
    .execute();
  await trx.deleteFrom('activity_objective').where('activity_id', '=', id).execute();
  return { deleted: await deleteAtVersion(trx, 'activity', id, version), objectives };
}

/**
 * Whether a write failed on the unique code of a label: another writer at the
 * same label took the code between this transaction's check and its write.
 */
export const isRefCodeClash = (err: unknown) => isUniqueClash(err, 'activity_ref_code_by_label', 'activity.ref_code');

/**
 * Whether an activity of the plan the reader may read holds the code. One it
 * may not read does not count: codes are unique per label
 * (docs/polyinstantiation.md), and a writer can read every record at the
 * label it writes, so the unique index never meets a record the writer cannot see.
 */
export async function refCodeTaken(
  db: Kysely<Database>,
  reader: StoreReader,
  planId: string,
  refCode: string,
  exceptId?: string,
) {
  const row = await db
    .selectFrom('activity')
    .select('id')
    .where('plan_id', '=', planId)
    .where('ref_code', '=', refCode)
    .where(readableBy(reader, 'activity'))
    .$if(exceptId !== undefined, (qb) => qb.where('id', '<>', exceptId ?? ''))
    .executeTakeFirst();
  return row !== undefined;
}
