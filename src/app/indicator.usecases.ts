import { newId } from '../domain/ids.js';
import { objectiveProgress } from '../domain/indicator.js';
import {
  DEFAULT_INDICATOR_FREQUENCY,
  type Indicator,
  type IndicatorCreate,
  type IndicatorPatch,
  type MeasurementCorrection,
} from '../domain/indicator.schema.js';
import { issue, problem } from '../domain/problems.js';
import { findSource } from '../store/commission.repo.js';
import type { Db } from '../store/db.js';
import {
  indicatorAfterWrite,
  insertIndicator,
  insertMeasurement,
  readableIndicatorsOf,
  readIndicator,
  touchIndicator,
  withdrawMeasurementRow,
} from '../store/indicator.repo.js';
import type { LabelCodec, StoreReader } from '../store/label-codec.js';
import { objectiveExecution, readableObjectivesOfPlan, readableProgrammeLinks, readObjective } from '../store/objective.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { inTransaction } from '../store/tx.js';
import { assertVersion } from '../store/versioned.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { editEntry } from './edit-entry.js';
import { expectedVersion, labelFor } from './labels.js';
import { assertCanMeasure, assertCanPlan } from './policy.js';

const assertSourceReadable = async (trx: Db, reader: StoreReader, sourceId: string) => {
  if (!(await findSource(trx, reader, sourceId)))
    throw problem('source.unknown', {}, [issue('sourceId', 'field.no_such_source')]);
};

const assertNotBeforeBaseline = (indicator: Indicator, date: string) => {
  if (date < indicator.baselineDate)
    throw problem('measurement.before_baseline', {}, [issue('date', 'field.on_or_after', { date: indicator.baselineDate })]);
};

export async function createIndicator(ctx: AppContext, actor: Actor, objectiveId: string, input: IndicatorCreate) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const objective = await readObjective(trx, codec, reader, objectiveId);
    if (!objective) throw problem('objective.not_found');
    assertCanPlan(actor, objective.ownerParty);
    const { columns } = labelFor(codec, actor, input);
    const now = isoNow(ctx);
    const indicator = await insertIndicator(
      trx,
      codec,
      {
        id: newId(),
        objective_id: objectiveId,
        name: input.name,
        unit: input.unit,
        baseline_value: input.baselineValue,
        baseline_date: input.baselineDate,
        target_value: input.targetValue,
        target_date: input.targetDate,
        frequency: input.frequency ?? DEFAULT_INDICATOR_FREQUENCY,
        ...columns,
        version: 1,
        created_at: now,
        updated_at: now,
      },
      todayOf(ctx),
    );
    await audit(trx, actor, now, [
      { action: 'indicator.create', entityType: 'indicator', entityId: indicator.id, label: columns, detail: { objectiveId } },
    ]);
    return indicator;
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
    const indicator = await readIndicator(trx, codec, reader, indicatorId, todayOf(ctx), true);
    if (!indicator) throw problem('indicator.not_found');
    assertCanMeasure(actor, indicator.ownerParty);
    if (input.sourceId) await assertSourceReadable(trx, reader, input.sourceId);
    assertNotBeforeBaseline(indicator, input.date);
    const now = isoNow(ctx);
    // The checks above were made on the indicator as read: a baseline moved meanwhile answers 409.
    if (!(await touchIndicator(trx, indicatorId, indicator.version, now))) throw problem('indicator.changed_meanwhile');
    await insertMeasurement(trx, { id: newId(), indicatorId, ...input, by: actor.userId, at: now });
    await audit(trx, actor, now, [
      {
        action: 'indicator.measure',
        entityType: 'indicator',
        entityId: indicatorId,
        label: codec.encode(indicator),
        detail: { date: input.date, value: input.value },
      },
    ]);
    return indicatorAfterWrite(trx, codec, indicatorId, todayOf(ctx));
  });
}

/**
 * Changes an indicator's name, unit, baseline, target, frequency or label. A baseline
 * moved past a measurement that counts is refused: that measurement would
 * then be older than the baseline it is measured from.
 */
export async function updateIndicator(ctx: AppContext, actor: Actor, id: string, patch: IndicatorPatch, ifMatch?: number) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const before = await readIndicator(trx, codec, reader, id, todayOf(ctx));
    if (!before) throw problem('indicator.not_found');
    assertCanPlan(actor, before.ownerParty);
    assertVersion('indicator.stale_version', before, version);
    const baselineDate = patch.baselineDate ?? before.baselineDate;
    const targetDate = patch.targetDate ?? before.targetDate;
    if (targetDate < baselineDate)
      throw problem('indicator.target_before_baseline', {}, [
        issue(patch.targetDate ? 'targetDate' : 'baselineDate', 'indicator.not_before_baseline'),
      ]);
    const older = before.measurements.filter((m) => m.date < baselineDate);
    if (older.length)
      throw problem('indicator.baseline_after_measurement', {}, [
        issue('baselineDate', 'indicator.first_measurement', { date: older[0]?.date ?? '' }),
      ]);
    const now = isoNow(ctx);
    const { columns } = labelFor(codec, actor, patch, before);
    const ok = await touchIndicator(trx, id, version, now, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.unit !== undefined && { unit: patch.unit }),
      ...(patch.baselineValue !== undefined && { baseline_value: patch.baselineValue }),
      ...(patch.baselineDate !== undefined && { baseline_date: patch.baselineDate }),
      ...(patch.targetValue !== undefined && { target_value: patch.targetValue }),
      ...(patch.targetDate !== undefined && { target_date: patch.targetDate }),
      ...(patch.frequency !== undefined && { frequency: patch.frequency }),
      ...columns,
    });
    if (!ok) throw problem('indicator.changed_meanwhile');
    const after = await readIndicator(trx, codec, reader, id, todayOf(ctx));
    if (!after) throw problem('indicator.label_hides');
    const { version: _v, ...fields } = patch;
    await audit(trx, actor, now, [
      editEntry(codec, { action: 'indicator.update', entityType: 'indicator', id, before, columns, fields }),
    ]);
    return after;
  });
}

/** The indicator and one of its measurements that still counts, for a correction or a withdrawal. */
async function measurementToChange(
  trx: Db,
  ctx: AppContext,
  codec: LabelCodec,
  actor: Actor,
  ids: { indicatorId: string; measurementId: string },
  version: number,
) {
  const indicator = await readIndicator(trx, codec, codec.reader(actor), ids.indicatorId, todayOf(ctx));
  if (!indicator) throw problem('indicator.not_found');
  const measurement = indicator.measurements.find((m) => m.id === ids.measurementId);
  const withdrawn = indicator.withdrawnMeasurements.find((m) => m.id === ids.measurementId);
  if (!measurement && !withdrawn) throw problem('measurement.not_found');
  assertCanMeasure(actor, indicator.ownerParty);
  assertVersion('indicator.stale_version', indicator, version);
  if (!measurement)
    throw problem(withdrawn?.replacedBy ? 'measurement.already_corrected' : 'measurement.already_withdrawn', {
      date: withdrawn?.withdrawnAt ?? '',
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
    const { indicator, measurement } = await measurementToChange(trx, ctx, codec, actor, { indicatorId, measurementId }, version);
    const next = {
      date: input.date ?? measurement.date,
      value: input.value ?? measurement.value,
      sourceId: input.sourceId === undefined ? measurement.sourceId : input.sourceId,
    };
    if (next.date === measurement.date && next.value === measurement.value && next.sourceId === measurement.sourceId)
      throw problem('measurement.correction_unchanged', {}, [issue('value', 'measurement.give_different')]);
    if (next.sourceId && next.sourceId !== measurement.sourceId) await assertSourceReadable(trx, reader, next.sourceId);
    assertNotBeforeBaseline(indicator, next.date);
    const now = isoNow(ctx);
    const replacement = newId();
    await insertMeasurement(trx, { id: replacement, indicatorId, ...next, by: actor.userId, at: now });
    await withdrawMeasurementRow(trx, measurementId, {
      by: actor.userId,
      at: now,
      reason: input.reason,
      replacedBy: replacement,
    });
    if (!(await touchIndicator(trx, indicatorId, version, now))) throw problem('indicator.changed_meanwhile');
    await audit(trx, actor, now, [
      {
        action: 'indicator.measurement_corrected',
        entityType: 'indicator',
        entityId: indicatorId,
        label: codec.encode(indicator),
        detail: {
          measurementId,
          replacedBy: replacement,
          reason: input.reason,
          from: { date: measurement.date, value: measurement.value, sourceId: measurement.sourceId },
          to: next,
        },
      },
    ]);
    return indicatorAfterWrite(trx, codec, indicatorId, todayOf(ctx));
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
  const version = expectedVersion(input.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const { indicator, measurement } = await measurementToChange(trx, ctx, codec, actor, { indicatorId, measurementId }, version);
    const now = isoNow(ctx);
    await withdrawMeasurementRow(trx, measurementId, { by: actor.userId, at: now, reason: input.reason, replacedBy: null });
    if (!(await touchIndicator(trx, indicatorId, version, now))) throw problem('indicator.changed_meanwhile');
    await audit(trx, actor, now, [
      {
        action: 'indicator.measurement_withdrawn',
        entityType: 'indicator',
        entityId: indicatorId,
        label: codec.encode(indicator),
        detail: { measurementId, reason: input.reason, date: measurement.date, value: measurement.value },
      },
    ]);
    return indicatorAfterWrite(trx, codec, indicatorId, todayOf(ctx));
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
  const { objectives, links } = await readableObjectivesOfPlan(ctx.db, codec, reader, planId);
  const ids = objectives.map((o) => o.id);
  const [indicators, execution, programmes] = await Promise.all([
    readableIndicatorsOf(ctx.db, codec, reader, ids, asOf),
    objectiveExecution(ctx.db, reader, ids),
    readableProgrammeLinks(ctx.db, codec, reader, ids),
  ]);
  return {
    planId,
    asOf,
    objectives: objectives.map((o) => {
      const own = indicators.filter((i) => i.objectiveId === o.id);
      const { total, done } = execution.get(o.id) ?? { total: 0, done: 0 };
      const executionRate = total ? done / total : null;
      return {
        id: o.id,
        version: o.version,
        ownerParty: o.ownerParty,
        classification: o.classification,
        releasableTo: o.releasableTo,
        compartments: o.compartments,
        title: o.title,
        description: o.description,
        indicators: own,
        activities: { total, done, executionRate },
        linkedActivities: links.filter((l) => l.objectiveId === o.id).map(({ objectiveId: _o, ...l }) => l),
        linkedProgrammes: programmes.filter((p) => p.objectiveId === o.id).map(({ objectiveId: _o, ...p }) => p),
        progress: objectiveProgress(
          own.map((i) => i.progress),
          executionRate,
        ),
      };
    }),
  };
}
