import { sql } from 'kysely';
import { invalid, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import { indicatorProgress, objectiveProgress } from '../domain/indicator.js';
import type { Indicator, IndicatorCreate } from '../domain/indicator.schema.js';
import { readableBy } from '../store/access.js';
import { findSource } from '../store/commission.repo.js';
import type { IndicatorTable, MeasurementTable } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findPlan } from '../store/plan.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { labelFor } from './labels.js';
import { assertCanPlan, hasRole } from './policy.js';

const presentIndicator = (codec: LabelCodec, r: IndicatorTable, measurements: MeasurementTable[], asOf: string): Indicator => {
  const values = measurements.map((m) => ({ date: m.date, value: m.value }));
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
    measurements: measurements.map((m) => ({
      id: m.id,
      date: m.date,
      value: m.value,
      sourceId: m.source_id,
      recordedAt: m.recorded_at,
    })),
    progress: indicatorProgress({ baseline: r.baseline_value, target: r.target_value, measurements: values }, asOf),
  };
};

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
    if (!objective) throw notFound('Objective');
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
    if (!indicator) throw notFound('Indicator');
    if (!hasRole(actor, 'planner', 'contributor') || actor.party !== indicator.owner_party)
      assertCanPlan(actor, indicator.owner_party);
    if (input.sourceId && !(await findSource(trx, reader, input.sourceId)))
      throw invalid('Unknown source', [{ path: 'sourceId', message: 'no such source' }]);
    if (input.date < indicator.baseline_date)
      throw invalid('A measurement cannot be older than the baseline', [
        { path: 'date', message: `on or after ${indicator.baseline_date}` },
      ]);
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
    await trx.insertInto('measurement').values(row).execute();
    await trx
      .updateTable('indicator')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', indicatorId)
      .execute();
    await audit(trx, actor, now, [
      {
        action: 'indicator.measure',
        entityType: 'indicator',
        entityId: indicatorId,
        label: indicator,
        detail: { date: input.date, value: input.value },
      },
    ]);
    const measurements = await trx
      .selectFrom('measurement')
      .selectAll()
      .where('indicator_id', '=', indicatorId)
      .orderBy('date')
      .execute();
    const after = await trx.selectFrom('indicator').selectAll().where('id', '=', indicatorId).executeTakeFirstOrThrow();
    return presentIndicator(codec, after, measurements, todayOf(ctx));
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
  if (!(await findPlan(ctx.db, reader, planId))) throw notFound('Plan');
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
        .execute()
    : [];
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
        indicators: own,
        activities: { total, done, executionRate },
        progress: objectiveProgress(
          own.map((i) => i.progress),
          executionRate,
        ),
      };
    }),
  };
}
