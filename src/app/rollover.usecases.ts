import type { ActivityStatus } from '../domain/activity.lifecycle.js';
import { plannedFields } from '../domain/activity.planned.js';
import type { LocalizedText } from '../domain/common.schema.js';
import { canPlan } from '../domain/policy.js';
import { issue, problem } from '../domain/problems.js';
import { carryReason, selectCarried, shiftDate, shiftedPlanPeriod, shiftPeriod } from '../domain/rollover.js';
import type { RolloverCreate, RolloverProposal, RolloverResult } from '../domain/rollover.schema.js';
import type { Db } from '../store/db.js';
import { readableIndicatorsOf } from '../store/indicator.repo.js';
import type { LabelCodec, StoreReader } from '../store/label-codec.js';
import { readableObjectivesOfPlan } from '../store/objective.repo.js';
import { findPlan, listPlans } from '../store/plan.repo.js';
import { markCarried, markRolledFrom, rolloverCandidates } from '../store/rollover.repo.js';
import { inTransaction } from '../store/tx.js';
import { lockIn } from '../store/versioned.js';
import { createActivity } from './activity.usecases.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { createIndicator } from './indicator.usecases.js';
import { createObjective } from './objective.usecases.js';
import { createPlan } from './plan.usecases.js';
import { assertCanPlan } from './policy.js';

/** A plan is rolled over once adopted: approved, in execution or closed (domain/plan.lifecycle.ts). */
const ROLLABLE_STATUSES = ['approved', 'in_execution', 'closed'];

type SourcePlan = NonNullable<Awaited<ReturnType<typeof findPlan>>>;

/**
 * What a roll-over of the plan into `year` would carry, among what the reader may
 * read; refused when the plan may not be rolled over into that year. A record the
 * reader may not read is neither listed nor counted.
 */
async function proposalOf(
  db: Db,
  ctx: AppContext,
  codec: LabelCodec,
  reader: StoreReader,
  actor: Actor,
  planId: string,
  year: number,
) {
  const plan = await findPlan(db, reader, planId);
  if (!plan) throw problem('plan.not_found');
  const sourceYear = Number(plan.period_start.slice(0, 4));
  if (year <= sourceYear)
    throw problem('rollover.year_not_after', { year: sourceYear }, [
      issue('year', 'rollover.year_not_after', { year: sourceYear }),
    ]);
  if (!ROLLABLE_STATUSES.includes(plan.status)) throw problem('rollover.source_not_adopted', { planStatus: plan.status });
  // Only the plans the reader may read count: a hidden plan of that year is never told of.
  const taken = (await listPlans(db, reader, { commissionId: plan.commission_id })).some(
    (p) => Number(p.period_start.slice(0, 4)) === year,
  );
  if (taken) throw problem('rollover.year_taken', { year }, [issue('year', 'rollover.year_taken', { year })]);
  const years = year - sourceYear;
  const { periodStart, periodEnd } = shiftedPlanPeriod({ periodStart: plan.period_start, periodEnd: plan.period_end }, years);
  const label = (r: { ownerParty: string; classification: string; releasableTo: string[]; compartments: string[] }) => ({
    ownerParty: r.ownerParty,
    classification: r.classification as RolloverProposal['activities'][number]['classification'],
    releasableTo: r.releasableTo,
    compartments: r.compartments,
  });
  const activities = (await rolloverCandidates(db, codec, reader, planId)).flatMap((a) => {
    const reason = carryReason({ status: a.status as ActivityStatus, recurring: a.recurring });
    if (!reason) return [];
    return [
      {
        id: a.id,
        refCode: a.refCode,
        title: a.title,
        status: a.status,
        recurring: a.recurring,
        reason,
        plannedPeriod: a.plannedPeriod,
        carriedPeriod: shiftPeriod(a.plannedPeriod, years, periodStart, periodEnd),
        writable: canPlan(actor, a.ownerParty),
        ...label(a),
        // Kept for the creation only; the route's schema does not send it.
        source: a,
      },
    ];
  });
  const proposed = new Set(activities.map((a) => a.id));
  const { objectives: readableObjectives } = await readableObjectivesOfPlan(db, codec, reader, planId);
  const objectives = readableObjectives.map((o) => ({
    id: o.id,
    title: o.title,
    description: o.description,
    activityIds: o.activityIds.filter((id) => proposed.has(id)),
    writable: canPlan(actor, o.ownerParty),
    ...label(o),
  }));
  const indicators = (
    await readableIndicatorsOf(
      db,
      codec,
      reader,
      objectives.map((o) => o.id),
      todayOf(ctx),
    )
  ).map((i) => {
    const last = i.measurements.at(-1);
    const baselineDate = last?.date ?? i.baselineDate;
    // A target moved before the last measurement stays on it: an indicator's target is not before its baseline.
    let targetDate = shiftDate(i.targetDate, years);
    if (targetDate < baselineDate) targetDate = baselineDate;
    return {
      id: i.id,
      objectiveId: i.objectiveId,
      name: i.name,
      unit: i.unit,
      baselineValue: last?.value ?? i.baselineValue,
      baselineDate,
      targetValue: i.targetValue,
      targetDate,
      frequency: i.frequency,
      writable: canPlan(actor, i.ownerParty),
      ...label(i),
    };
  });
  const proposal = { planId, year, years, periodStart, periodEnd, activities, objectives, indicators };
  return { plan: plan as SourcePlan, sourceYear, proposal };
}

/** GET /plans/{id}/rollover: the carry-over proposed for review. */
export async function proposeRollover(ctx: AppContext, actor: Actor, planId: string, year: number): Promise<RolloverProposal> {
  const codec = await ctx.codec();
  const { proposal } = await proposalOf(ctx.db, ctx, codec, codec.reader(actor), actor, planId, year);
  return { ...proposal, activities: proposal.activities.map(({ source: _source, ...a }) => a) };
}

/** The title of next year's plan: the source's, its year replaced where it names it. */
const titleFor = (title: LocalizedText, from: number, to: number): LocalizedText =>
  Object.fromEntries(Object.entries(title).map(([lang, text]) => [lang, text?.replaceAll(String(from), String(to))]));

/**
 * Creates next year's draft plan from an adopted one, in one transaction, through the
 * use cases of single creation (each rule and audit entry applies): the activities,
 * objectives and indicators chosen among those proposed, each keeping its source's
 * label and naming the record it continues. Refused whole, creating nothing, when a
 * chosen record is not proposed or is not the writer's to write.
 */
export async function rollOver(ctx: AppContext, actor: Actor, planId: string, input: RolloverCreate): Promise<RolloverResult> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  assertCanPlan(actor, actor.party);
  return inTransaction(ctx.db, async (trx) => {
    // Two roll-overs of the plan at once: the second waits here for the first to commit, then finds
    // the year taken by the draft it made.
    const source = await findPlan(trx, reader, planId);
    if (source) await lockIn(trx, 'work_plan', planId, source.status);
    const inTrx: AppContext = { ...ctx, db: trx };
    const { plan, proposal, sourceYear } = await proposalOf(trx, ctx, codec, reader, actor, planId, input.year);
    const chosen = selectCarried(proposal, input);
    const unknown = Object.entries(chosen.unknown).filter(([, ids]) => ids.length > 0);
    if (unknown.length)
      throw problem(
        'rollover.not_proposed',
        {},
        unknown.map(([path, ids]) => issue(path, 'field.unknown_ids', { ids: ids.join(', ') })),
      );
    if (chosen.orphans.length)
      throw problem('rollover.indicator_without_objective', {}, [
        issue('indicatorIds', 'field.unknown_ids', { ids: chosen.orphans.join(', ') }),
      ]);
    const refused = (
      [
        ['activityIds', chosen.activities],
        ['objectiveIds', chosen.objectives],
        ['indicatorIds', chosen.indicators],
      ] as const
    )
      .map(([path, items]) => [path, items.filter((i) => !i.writable).map((i) => i.id)] as const)
      .filter(([, ids]) => ids.length > 0);
    if (refused.length)
      throw problem(
        'rollover.not_writable',
        {},
        refused.map(([path, ids]) => issue(path, 'field.not_writable', { ids: ids.join(', ') })),
      );
    const planLabel = codec.decode(plan);
    const draft = await createPlan(inTrx, actor, {
      commissionId: plan.commission_id,
      sessionId: null,
      title: titleFor(JSON.parse(plan.title) as LocalizedText, sourceYear, input.year),
      periodStart: proposal.periodStart,
      periodEnd: proposal.periodEnd,
      sourceId: plan.source_id,
      classification: planLabel.classification,
      releasableTo: planLabel.releasableTo,
      compartments: planLabel.compartments,
    });
    await markRolledFrom(trx, draft.id, planId);
    const carried = new Map<string, string>();
    const activities: RolloverResult['activities'] = [];
    for (const item of chosen.activities) {
      const a = item.source;
      const created = await createActivity(inTrx, actor, draft.id, {
        ...plannedFields(a),
        plannedPeriod: item.carriedPeriod,
        sourceId: a.sourceId,
        recurring: a.recurring,
        classification: a.classification,
        releasableTo: a.releasableTo,
        compartments: a.compartments,
      });
      await markCarried(trx, created.id, a.id, a.recurring);
      carried.set(a.id, created.id);
      activities.push({ id: created.id, carriedFrom: a.id });
    }
    const objectiveIds = new Map<string, string>();
    const objectives: RolloverResult['objectives'] = [];
    for (const o of chosen.objectives) {
      const created = await createObjective(inTrx, actor, draft.id, {
        title: o.title,
        ...(Object.keys(o.description).length > 0 && { description: o.description }),
        activityIds: o.activityIds.flatMap((id) => carried.get(id) ?? []),
        classification: o.classification,
        releasableTo: o.releasableTo,
        compartments: o.compartments,
      });
      objectiveIds.set(o.id, created.id);
      objectives.push({ id: created.id, carriedFrom: o.id });
    }
    const indicators: RolloverResult['indicators'] = [];
    for (const i of chosen.indicators) {
      const objectiveId = objectiveIds.get(i.objectiveId);
      if (!objectiveId) continue; // selectCarried keeps only indicators of chosen objectives
      const created = await createIndicator(inTrx, actor, objectiveId, {
        name: i.name,
        unit: i.unit,
        baselineValue: i.baselineValue,
        baselineDate: i.baselineDate,
        targetValue: i.targetValue,
        targetDate: i.targetDate,
        frequency: i.frequency,
        classification: i.classification,
        releasableTo: i.releasableTo,
        compartments: i.compartments,
      });
      indicators.push({ id: created.id, carriedFrom: i.id });
    }
    await audit(trx, actor, isoNow(ctx), [
      {
        action: 'plan.rollover',
        entityType: 'work_plan',
        entityId: draft.id,
        label: codec.encode({ ...planLabel, ownerParty: draft.ownerParty }),
        detail: { rolledFrom: planId, year: input.year },
      },
    ]);
    return { planId: draft.id, rolledFrom: planId, activities, objectives, indicators };
  });
}
