import type { Kysely } from 'kysely';
import type { ProjectForDashboard } from '../domain/industrial-project.dashboard.js';
import type { ProjectStatus } from '../domain/industrial-project.lifecycle.js';
import type { ProjectMilestoneKind } from '../domain/industrial-project.schema.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

/**
 * Every project the reader may read with its milestones, for the dashboard:
 * one query, the read rule on the project in its SQL, so that a project the
 * reader may not read counts nowhere.
 */
export async function readableProjectsWithMilestones(db: Kysely<Database>, reader: StoreReader): Promise<ProjectForDashboard[]> {
  const rows = await db
    .selectFrom('industrial_project as p')
    .leftJoin('industrial_milestone as m', 'm.project_id', 'p.id')
    .select([
      'p.id as project_id',
      'p.status',
      'm.id as milestone_id',
      'm.kind',
      'm.title',
      'm.planned_on',
      'm.actual_on',
      'm.target_bp',
      'm.reached_bp',
    ])
    .where(readableBy(reader, 'p'))
    .execute();
  const projects = new Map<string, ProjectForDashboard>();
  for (const r of rows) {
    let p = projects.get(r.project_id);
    if (!p) {
      p = { status: r.status as ProjectStatus, milestones: [] };
      projects.set(r.project_id, p);
    }
    if (r.milestone_id !== null && r.planned_on !== null)
      p.milestones.push({
        id: r.milestone_id,
        kind: r.kind as ProjectMilestoneKind,
        title: r.title ?? '',
        plannedOn: r.planned_on,
        actualOn: r.actual_on,
        targetBp: r.target_bp,
        reachedBp: r.reached_bp,
      });
  }
  return [...projects.values()];
}
