import { type Kysely, sql } from 'kysely';
import { newId } from '../domain/ids.js';
import { indicatorProgress, objectiveProgress } from '../domain/indicator.js';
import type { Indicator, IndicatorCreate, IndicatorPatch, MeasurementCorrection } from '../domain/indicator.schema.js';
import { issue, problem } from '../domain/problems.js';
import { readableBy, type StoreReader } from '../store/access.js';
import { findSource } from '../store/commission.repo.js';
import type { Database, IndicatorTable, IndicatorUpdate, MeasurementTable } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import { readableLinks } from '../store/objective.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { inTransaction } from '../store/tx.js';
import { compareAndSet } from '../store/versioned.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { expectedVersion, labelFor, labelOfBoth } from './labels.js';
import { assertCanPlan, hasRole } from './policy.js';

const presentIndicator = (codec: LabelCodec, r: IndicatorTable, measurements: MeasurementTable[], asOf: string): Indicator => {
  const counting = measurements.filter((m) => m.withdrawn_at === null);
  const withdrawn = measurements.filter((m) => m.withdrawn_at !== null);
  const values = counting.map((m) => ({ date: m.date, value: m.value }));
  return {
    id: r.id,
    version: r.version,
    ...codec.decode(r),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    objectiveId: r.objective_id,
    name: r.name,
    unit: r.unit,
    baselineValue: r.baseline_value,
    baselineDate: r.baseline_date,
    targetValue: r.target_value,
    targetDate: r.target_date,
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

/** Every measurement of an indicator, withdrawn ones too, by date then by when recorded. */
const measurementsOf = (db: Kysely<Database>, indicatorId: string) =>
  db
    .selectFrom('measurement')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .orderBy('date')
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();

/** A readable indicator whose objective and plan the actor may read too. */
async function findIndicator(trx: Kysely<Database>, reader: StoreReader, id: string) {
  return trx
    .selectFrom('indicator as i')
    .innerJoin('objective as o', 'o.id', 'i.objective_id')
    .innerJoin('work_plan as p', 'p.id', 'o.plan_id')
    .selectAll('i')
    .where('i.id', '=', id)
    .where(readableBy(reader, 'i'))
    .where(readableBy(reader, 'o'))
    .where(readableBy(reader, 'p'))
    .executeTakeFirst();
}

/** Who may record and correct measurements: planners, and contributors of the indicator's party. */
function assertCanMeasure(actor: Actor, indicator: IndicatorTable) {
  if (!hasRole(actor, 'planner', 'contributor') || actor.party !== indicator.owner_party)
    assertCanPlan(actor, indicator.owner_party);
}

const assertIndicatorVersion = (row: { version: number }, version: number) => {
  if (row.version !== version) throw problem('indicator.stale_version', { had: version, now: row.version });
};

/** Bumps the indicator's version, which covers its measurements too; false if it moved meanwhile. */
function touchIndicator(trx: Kysely<Database>, id: string, version: number, now: string, changes: IndicatorUpdate = {}) {
  return compareAndSet(trx, 'indicator', id, version, { ...changes, updated_at: now });
}

export async function createIndicator(ctx: AppContext, actor: Actor, objectiveId: string, input: IndicatorCreate) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const objective = await trx
      .selectFrom('objective')
      .selectAll()
      .where('id', '=', objectiveId)
      .where(readableBy(reader, 'objective'))
      .executeTakeFirst();
    if (!objective) throw problem('objective.not_found');
    assertCanPlan(actor, objective.owner_party);
    const { columns } = labelFor(codec, actor, input);
    const now = isoNow(ctx);
    const row = {
      id: newId(),
      objective_id: objectiveId,
      name: input.name,
      unit: input.unit,
      baseline_value: input.baselineValue,
      baseline_date: input.baselineDate,
      target_value: input.targetValue,
      target_date: input.targetDate,
      ...columns,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('indicator').values(row).execute();
    await audit(trx, actor, now, [
      { action: 'indicator.create', entityType: 'indicator', entityId: row.id, label: columns, detail: { objectiveId } },
    ]);
    return presentIndicator(codec, row, [], todayOf(ctx));
  });
}

/** Records a measured value; planners and contributors of the indicator's party measure. */
export async function addMeasurement(
  ctx: AppContext,
  actor: Actor,
  indicatorId: string,
  input: { date: string; value: number; sourceId: string | null },
) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const indicator = await trx
      .selectFrom('indicator')
      .selectAll()
      .where('id', '=', indicatorId)
      .where(readableBy(reader, 'indicator'))
      .executeTakeFirst();
    if (!indicator) throw problem('indicator.not_found');
    assertCanMeasure(actor, indicator);
    if (input.sourceId && !(await findSource(trx, reader, input.sourceId)))
      throw problem('source.unknown', {}, [issue('sourceId', 'field.no_such_source')]);
    if (input.date < indicator.baseline_date)
      throw problem('measurement.before_baseline', {}, [issue('date', 'field.on_or_after', { date: indicator.baseline_date })]);
    const now = isoNow(ctx);
    const row = {
      id: newId(),
      indicator_id: indicatorId,
      date: input.date,
      value: input.value,
      source_id: input.sourceId,
      recorded_by: actor.userId,
      recorded_at: now,
    };
    // The checks above were made on the indicator as read: a baseline moved meanwhile answers 409.
    if (!(await touchIndicator(trx, indicatorId, indicator.version, now))) throw problem('indicator.changed_meanwhile');
    await trx.insertInto('measurement').values(row).execute();
    await audit(trx, actor, now, [
      {
        action: 'indicator.measure',
        entityType: 'indicator',
        entityId: indicatorId,
        label: indicator,
        detail: { date: input.date, value: input.value },
      },
    ]);
    const measurements = await measurementsOf(trx, indicatorId);
    const after = await trx.selectFrom('indicator').selectAll().where('id', '=', indicatorId).executeTakeFirstOrThrow();
    return presentIndicator(codec, after, measurements, todayOf(ctx));
  });
}

/**
 * Changes an indicator's name, unit, baseline, target or label. A baseline
 * moved past a measurement that counts is refused: that measurement would
 * then be older than the baseline it is measured from.
 */
export async function updateIndicator(ctx: AppContext, actor: Actor, id: string, patch: IndicatorPatch, ifMatch?: number) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const row = await findIndicator(trx, reader, id);
    if (!row) throw problem('indicator.not_found');
    assertCanPlan(actor, row.owner_party);
    assertIndicatorVersion(row, version);
    const baselineDate = patch.baselineDate ?? row.baseline_date;
    const targetDate = patch.targetDate ?? row.target_date;
    if (targetDate < baselineDate)
      throw problem('indicator.target_before_baseline', {}, [
        issue(patch.targetDate ? 'targetDate' : 'baselineDate', 'indicator.not_before_baseline'),
      ]);
    const measurements = await measurementsOf(trx, id);
    const older = measurements.filter((m) => m.withdrawn_at === null && m.date < baselineDate);
    if (older.length)
      throw problem('indicator.baseline_after_measurement', {}, [
        issue('baselineDate', 'indicator.first_measurement', { date: older[0]?.date ?? '' }),
      ]);
    const now = isoNow(ctx);
    const before = presentIndicator(codec, row, measurements, todayOf(ctx));
    const { columns } = labelFor(codec, actor, patch, before);
    const ok = await touchIndicator(trx, id, version, now, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.unit !== undefined && { unit: patch.unit }),
      ...(patch.baselineValue !== undefined && { baseline_value: patch.baselineValue }),
      ...(patch.baselineDate !== undefined && { baseline_date: patch.baselineDate }),
      ...(patch.targetValue !== undefined && { target_value: patch.targetValue }),
      ...(patch.targetDate !== undefined && { target_date: patch.targetDate }),
      ...columns,
    });
    if (!ok) throw problem('indicator.changed_meanwhile');
    const after = await findIndicator(trx, reader, id);
    if (!after) throw problem('indicator.label_hides');
    const { version: _v, ...fields } = patch;
    await audit(trx, actor, now, [
      {
        action: 'indicator.update',
        entityType: 'indicator',
        entityId: id,
        // The entry tells the old values as well as the new: it keeps the label of both.
        label: codec.encode(labelOfBoth(codec.decode(row), codec.decode(columns))),
        detail: { changes: changedFields(before as unknown as Record<string, unknown>, fields) },
      },
    ]);
    return presentIndicator(codec, after, measurements, todayOf(ctx));
  });
}

/** The indicator and one of its measurements that still counts, for a correction or a withdrawal. */
async function measurementToChange(
  trx: Kysely<Database>,
  reader: StoreReader,
  actor: Actor,
  indicatorId: string,
  measurementId: string,
  version: number,
) {
  const indicator = await findIndicator(trx, reader, indicatorId);
  if (!indicator) throw problem('indicator.not_found');
  const measurement = await trx
    .selectFrom('measurement')
    .selectAll()
    .where('id', '=', measurementId)
    .where('indicator_id', '=', indicatorId)
    .executeTakeFirst();
  if (!measurement) throw problem('measurement.not_found');
  assertCanMeasure(actor, indicator);
  assertIndicatorVersion(indicator, version);
  if (measurement.withdrawn_at !== null)
    throw problem(measurement.replaced_by ? 'measurement.already_corrected' : 'measurement.already_withdrawn', {
      date: measurement.withdrawn_at,
    });
  return { indicator, measurement };
}

/**
 * Corrects a wrong measurement: the corrected values are recorded as a new
 * measurement, and the wrong one is withdrawn with the reason and a pointer
 * to its replacement, so the figures shown before stay explainable.
 */
export async function correctMeasurement(
  ctx: AppContext,
  actor: Actor,
  indicatorId: string,
  measurementId: string,
  input: MeasurementCorrection,
  ifMatch?: number,
) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const version = expectedVersion(input.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const { indicator, measurement } = await measurementToChange(trx, reader, actor, indicatorId, measurementId, version);
    const next = {
      date: input.date ?? measurement.date,
      value: input.value ?? measurement.value,
      sourceId: input.sourceId === undefined ? measurement.source_id : input.sourceId,
    };
    if (next.date === measurement.date && next.value === measurement.value && next.sourceId === measurement.source_id)
      throw problem('measurement.correction_unchanged', {}, [issue('value', 'measurement.give_different')]);
    if (next.sourceId && next.sourceId !== measurement.source_id && !(await findSource(trx, reader, next.sourceId)))
      throw problem('source.unknown', {}, [issue('sourceId', 'field.no_such_source')]);
    if (next.date < indicator.baseline_date)
      throw problem('measurement.before_baseline', {}, [issue('date', 'field.on_or_after', { date: indicator.baseline_date })]);
    const now = isoNow(ctx);
    const replacement = {
      id: newId(),
      indicator_id: indicatorId,
      date: next.date,
      value: next.value,
      source_id: next.sourceId,
      recorded_by: actor.userId,
      recorded_at: now,
    };
    await trx.insertInto('measurement').values(replacement).execute();
    await trx
      .updateTable('measurement')
      .set({ withdrawn_at: now, withdrawn_by: actor.userId, withdrawal_reason: input.reason, replaced_by: replacement.id })
      .where('id', '=', measurementId)
      .execute();
    if (!(await touchIndicator(trx, indicatorId, version, now))) throw problem('indicator.changed_meanwhile');
    await audit(trx, actor, now, [
      {
        action: 'indicator.measurement_corrected',
        entityType: 'indicator',
        entityId: indicatorId,
        label: indicator,
        detail: {
          measurementId,
          replacedBy: replacement.id,
          reason: input.reason,
          from: { date: measurement.date, value: measurement.value, sourceId: measurement.source_id },
          to: next,
        },
      },
    ]);
    const after = await trx.selectFrom('indicator').selectAll().where('id', '=', indicatorId).executeTakeFirstOrThrow();
    return presentIndicator(codec, after, await measurementsOf(trx, indicatorId), todayOf(ctx));
  });
}

/** Withdraws a wrong measurement with its reason: it stops counting and is kept in the indicator's history. */
export async function withdrawMeasurement(
  ctx: AppContext,
  actor: Actor,
  indicatorId: string,
  measurementId: string,
  input: { reason: string; version?: number | undefined },
  ifMatch?: number,
) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const version = expectedVersion(input.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const { indicator, measurement } = await measurementToChange(trx, reader, actor, indicatorId, measurementId, version);
    const now = isoNow(ctx);
    await trx
      .updateTable('measurement')
      .set({ withdrawn_at: now, withdrawn_by: actor.userId, withdrawal_reason: input.reason })
      .where('id', '=', measurementId)
      .execute();
    if (!(await touchIndicator(trx, indicatorId, version, now))) throw problem('indicator.changed_meanwhile');
    await audit(trx, actor, now, [
      {
        action: 'indicator.measurement_withdrawn',
        entityType: 'indicator',
        entityId: indicatorId,
        label: indicator,
        detail: { measurementId, reason: input.reason, date: measurement.date, value: measurement.value },
      },
    ]);
    const after = await trx.selectFrom('indicator').selectAll().where('id', '=', indicatorId).executeTakeFirstOrThrow();
    return presentIndicator(codec, after, await measurementsOf(trx, indicatorId), todayOf(ctx));
  });
}

/**
 * The results framework of a plan as of a date: each readable objective with
 * its readable indicators and their progress, and the execution of the
 * readable activities that serve it.
 */
export async function planResults(ctx: AppContext, actor: Actor, planId: string, asOfInput?: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findPlan(ctx.db, reader, planId))) throw problem('plan.not_found');
  const asOf = asOfInput ?? todayOf(ctx);
  const objectives = await ctx.db
    .selectFrom('objective')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'objective'))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const ids = objectives.map((o) => o.id);
  const indicators = ids.length
    ? await ctx.db
        .selectFrom('indicator')
        .selectAll()
        .where('objective_id', 'in', ids)
        .where(readableBy(reader, 'indicator'))
        .orderBy('created_at')
        .execute()
    : [];
  const measurements = indicators.length
    ? await ctx.db
        .selectFrom('measurement')
        .selectAll()
        .where(
          'indicator_id',
          'in',
          indicators.map((i) => i.id),
        )
        .orderBy('date')
        .orderBy('recorded_at')
        .orderBy('id')
        .execute()
    : [];
  const links = await readableLinks(ctx.db, reader, ids);
  const execution = ids.length
    ? await ctx.db
        .selectFrom('activity_objective as ao')
        .innerJoin('activity as a', 'a.id', 'ao.activity_id')
        .select([
          'ao.objective_id',
          sql<number>`sum(case when a.status <> 'cancelled' then 1 else 0 end)`.as('total'),
          sql<number>`sum(case when a.status in ('conducted', 'reported') then 1 else 0 end)`.as('done'),
        ])
        .where('ao.objective_id', 'in', ids)
        .where(readableBy(reader, 'a'))
        .groupBy('ao.objective_id')
        .execute()
    : [];
  return {
    planId,
    asOf,
    objectives: objectives.map((o) => {
      const own = indicators
        .filter((i) => i.objective_id === o.id)
        .map((i) =>
          presentIndicator(
            codec,
            i,
            measurements.filter((m) => m.indicator_id === i.id),
            asOf,
          ),
        );
      const ex = execution.find((e) => e.objective_id === o.id);
      const total = Number(ex?.total ?? 0);
      const done = Number(ex?.done ?? 0);
      const executionRate = total ? done / total : null;
      return {
        id: o.id,
        version: o.version,
        ...codec.decode(o),
        title: JSON.parse(o.title),
        description: JSON.parse(o.description),
        indicators: own,
        activities: { total, done, executionRate },
        linkedActivities: links
          .filter((l) => l.objective_id === o.id)
          .map((l) => ({
            id: l.activity_id,
            refCode: l.ref_code,
            title: JSON.parse(l.title),
            status: l.status,
            ...codec.decode(l),
          })),
        progress: objectiveProgress(
          own.map((i) => i.progress),
          executionRate,
        ),
      };
    }),
  };
}
