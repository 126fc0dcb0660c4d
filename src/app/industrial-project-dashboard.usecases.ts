import { type ProjectDashboard, projectDashboard } from '../domain/industrial-project.dashboard.js';
import { readableProjectsWithMilestones } from '../store/industrial-project-dashboard.repo.js';
import { type Actor, type AppContext, todayOf } from './context.js';

/** How the industrial projects the actor may read stand as of a day (today by default). */
export async function projectsDashboard(
  ctx: AppContext,
  actor: Actor,
  query: { asOf?: string | undefined },
): Promise<ProjectDashboard> {
  const codec = await ctx.codec();
  const projects = await readableProjectsWithMilestones(ctx.db, codec.reader(actor));
  return projectDashboard(projects, query.asOf ?? todayOf(ctx));
}
