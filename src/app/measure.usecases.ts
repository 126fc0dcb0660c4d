import { monthEnds, plannedVersusActual, weekEnds } from '../domain/curve.js';
import { problem } from '../domain/problems.js';
import { findCommission } from '../store/commission.repo.js';
import { actionItemCounts, activityHistoriesAsOf } from '../store/measure.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { type Actor, type AppContext, todayOf } from './context.js';

/**
 * The planned-versus-actual curve of a plan as it could be seen on `asOf`
 * ("what did the dashboard show on 1 June?"), over the activities the actor
 * may read.
 */
export async function planCurve(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  opts: { asOf?: string | undefined; granularity: 'month' | 'week' },
) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const plan = await findPlan(ctx.db, reader, planId);
  if (!plan) throw problem('plan.not_found');
  const asOf = opts.asOf ?? todayOf(ctx);
  const histories = await activityHistoriesAsOf(ctx.db, reader, planId, asOf);
  const buckets = (opts.granularity === 'week' ? weekEnds : monthEnds)(plan.period_start, plan.period_end);
  return {
    planId,
    asOf,
    granularity: opts.granularity,
    points: plannedVersusActual(histories, asOf, buckets, plan.period_start),
  };
}

export async function actionItemSummary(ctx: AppContext, actor: Actor, commissionId: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findCommission(ctx.db, reader, commissionId))) throw problem('commission.not_found');
  const asOf = todayOf(ctx);
  const byResponsibleParty = await actionItemCounts(ctx.db, reader, commissionId, asOf);
  const keys = ['total', 'open', 'overdue', 'done', 'closedOnTime', 'dropped'] as const;
  const total = Object.fromEntries(keys.map((k) => [k, byResponsibleParty.reduce((s, r) => s + r[k], 0)])) as Record<
    (typeof keys)[number],
    number
  >;
  return { commissionId, asOf, total, byResponsibleParty };
}
