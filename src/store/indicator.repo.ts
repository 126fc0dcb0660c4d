import { type Kysely, sql } from 'kysely';
import { indicatorProgress, measurementOverdue, nextMeasurementDue } from '../domain/indicator.js';
import { type Indicator, indicatorFrequencySchema } from '../domain/indicator.schema.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, IndicatorTable, IndicatorUpdate, MeasurementTable } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { labelOf } from './present.js';
import { compareAndSet } from './versioned.js';

/** An indicator with its measurements, those that count and those withdrawn, and its progress on `asOf`. */
const presentIndicator = (codec: LabelCodec, r: IndicatorTable, measurements: MeasurementTable[], asOf: string): Indicator => {
  const counting = measurements.filter((m) => m.withdrawn_at === null);
  const withdrawn = measurements.filter((m) => m.withdrawn_at !== null);
  const values = counting.map((m) => ({ date: m.date, value: m.value }));
  const frequency = indicatorFrequencySchema.parse(r.frequency);
  const due = nextMeasurementDue(
    { frequency, baselineDate: r.baseline_date, targetDate: r.target_date },
    counting.map((m) => m.date),
  );
  return {
    id: r.id,
    version: r.version,
    ...labelOf(codec, r),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    objectiveId: r.objective_id,
    name: r.name,
    unit: r.unit,
    baselineValue: r.baseline_value,
    baselineDate: r.baseline_date,
    targetValue: r.target_value,
    targetDate: r.target_date,
    frequency,
    nextMeasurementDue: due,
    measurementOverdue: measurementOverdue(due, asOf),
    measurements: counting.map((m) => ({
      id: m.id,
      date: m.date,
      value: m.value,
      sourceId: m.source_id,
      recordedAt: m.recorded_at,
      corrects: withdrawn.find((w) => w.replaced_by === m.id)?.id ?? null,
    })),
    withdrawnMeasurements: withdrawn.map((m) => ({
      id: m.id,
      date: m.date,
      value: m.value,
      sourceId: m.source_id,
      recordedAt: m.recorded_at,
      withdrawnAt: m.withdrawn_at ?? '',
      reason: m.withdrawal_reason ?? '',
      replacedBy: m.replaced_by,
    })),
    progress: indicatorProgress({ baseline: r.baseline_value, target: r.target_value, measurements: values }, asOf),
  };
};

/** Every measurement of the indicators, withdrawn ones too, by date then by when recorded. */
const measurementsOf = (db: Kysely<Database>, indicatorIds: string[]) =>
  indicatorIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('measurement')
        .selectAll()
        .where('indicator_id', 'in', indicatorIds)
        .orderBy('date')
        .orderBy('recorded_at')
        .orderBy('id')
        .execute();

/** The indicators as records with their measurements, in the order given. */
async function withMeasurements(db: Kysely<Database>, codec: LabelCodec, rows: IndicatorTable[], asOf: string) {
  const measurements = await measurementsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    presentIndicator(
      codec,
      r,
      measurements.filter((m) => m.indicator_id === r.id),
      asOf,
    ),
  );
}

/**
 * The indicator, if the reader may read it, its objective and its plan, with
 * its progress on `asOf`. Only the indicator's own label counts when
 * `alone`: who may measure it need not read the plan's framework.
 */
export async function readIndicator(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  id: string,
  asOf: string,
  alone = false,
): Promise<Indicator | undefined> {
  const row = await db
    .selectFrom('indicator as i')
    .selectAll('i')
    .where('i.id', '=', id)
    .where(readableBy(reader, 'i'))
    .$if(!alone, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('objective as o')
            .innerJoin('work_plan as p', 'p.id', 'o.plan_id')
            .select(sql.lit(1).as('one'))
            .whereRef('o.id', '=', 'i.objective_id')
            .where(readableBy(reader, 'o'))
            .where(readableBy(reader, 'p')),
        ),
      ),
    )
    .executeTakeFirst();
  return row && (await withMeasurements(db, codec, [row], asOf))[0];
}

/**
 * The indicator as it is now, whoever reads it: for the writer who has just
 * changed it without changing its label.
 */
export async function indicatorAfterWrite(db: Kysely<Database>, codec: LabelCodec, id: string, asOf: string) {
  const row = await db.selectFrom('indicator').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const [indicator] = await withMeasurements(db, codec, [row], asOf);
  if (!indicator) throw new Error(`indicator ${id} vanished`);
  return indicator;
}

/** The indicators of the objectives that the reader may read, oldest first, with their progress on `asOf`. */
export async function readableIndicatorsOf(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  objectiveIds: string[],
  asOf: string,
): Promise<Indicator[]> {
  if (objectiveIds.length === 0) return [];
  const rows = await db
    .selectFrom('indicator')
    .selectAll()
    .where('objective_id', 'in', objectiveIds)
    .where(readableBy(reader, 'indicator'))
    .orderBy('created_at')
    .execute();
  return withMeasurements(db, codec, rows, asOf);
}

/** Inserts a new indicator, without measurements, and answers it as a record. */
export async function insertIndicator(trx: Kysely<Database>, codec: LabelCodec, row: IndicatorTable, asOf: string) {
  await trx.insertInto('indicator').values(row).execute();
  return presentIndicator(codec, row, [], asOf);
}

/** Bumps the indicator's version, which covers its measurements too; false if it moved meanwhile. */
export function touchIndicator(trx: Kysely<Database>, id: string, version: number, now: string, changes: IndicatorUpdate = {}) {
  return compareAndSet(trx, 'indicator', id, version, { ...changes, updated_at: now });
}

export async function insertMeasurement(
  trx: Kysely<Database>,
  m: { id: string; indicatorId: string; date: string; value: number; sourceId: string | null; by: string; at: string },
) {
  await trx
    .insertInto('measurement')
    .values({
      id: m.id,
      indicator_id: m.indicatorId,
      date: m.date,
      value: m.value,
      source_id: m.sourceId,
      recorded_by: m.by,
      recorded_at: m.at,
    })
    .execute();
}

/** Withdraws a measurement with its reason and, for a correction, the measurement that replaces it. */
export async function withdrawMeasurementRow(
  trx: Kysely<Database>,
  id: string,
  w: { by: string; at: string; reason: string; replacedBy: string | null },
) {
  await trx
    .updateTable('measurement')
    .set({ withdrawn_at: w.at, withdrawn_by: w.by, withdrawal_reason: w.reason, replaced_by: w.replacedBy })
    .where('id', '=', id)
    .execute();
}
