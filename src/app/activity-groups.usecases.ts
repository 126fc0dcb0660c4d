import type { ActivityGroups, ActivityGroupsQuery } from '../domain/activity-query.schema.js';
import { problem } from '../domain/problems.js';
import { countActivityGroups } from '../store/activity-groups.repo.js';
import { findPlan } from '../store/plan.repo.js';
import type { Actor, AppContext } from './context.js';

/** How many of the plan's activities the actor may read fall in each group; a plan they may not read is not found. */
export async function activityGroups(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  query: ActivityGroupsQuery,
): Promise<ActivityGroups> {
  const reader = (await ctx.codec()).reader(actor);
  const { by, ...filters } = query;
  const groups = await countActivityGroups(ctx.db, reader, planId, by, filters);
  if (groups.length === 0 && !(await findPlan(ctx.db, reader, planId))) throw problem('plan.not_found');
  return { by, groups, total: groups.reduce((n, g) => n + g.count, 0) };
}
