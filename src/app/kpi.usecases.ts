import { subDays } from 'date-fns';
import { kpisFromGroups } from '../domain/kpi.js';
import type { Kpis } from '../domain/kpi.schema.js';
import { problem } from '../domain/problems.js';
import { kpiGroups } from '../store/kpi.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { type Actor, type AppContext, todayOf } from './context.js';

export async function planKpis(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  opts: { asOf?: string | undefined; staleAfterDays: number },
): Promise<Kpis> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findPlan(ctx.db, reader, planId))) throw problem('plan.not_found');
  const asOf = opts.asOf ?? todayOf(ctx);
  const staleBefore = subDays(new Date(`${asOf}T00:00:00Z`), opts.staleAfterDays).toISOString();
  const groups = await kpiGroups(ctx.db, reader, planId, asOf, staleBefore);
  return kpisFromGroups(planId, asOf, opts.staleAfterDays, groups);
}
