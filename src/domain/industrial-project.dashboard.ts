/**
 * The dashboard's view of industrial projects: how many of the projects a
 * reader may read are on time, late, not started or done as of a day, and
 * their execution rate, measured as activities are (see
 * industrial-project.progress.ts). Pure: the caller gives only readable projects.
 */
import { z } from 'zod';
import type { ProjectStatus } from './industrial-project.lifecycle.js';
import { projectProgress } from './industrial-project.progress.js';
import type { ProjectMilestoneRecord } from './industrial-project.schema.js';

export const projectDashboardQuerySchema = z.strictObject({ asOf: z.iso.date().optional() });

export const projectDashboardSchema = z
  .object({
    asOf: z.string(),
    total: z.number().int().describe('Projects you may read'),
    onTime: z.number().int().describe('Every milestone due by the day reached, none after its day'),
    late: z.number().int().describe('A milestone due by the day not reached, or reached after its day'),
    notStarted: z.number().int().describe('Nothing due and nothing reached yet'),
    done: z.number().int().describe('Closed'),
    due: z.number().int().describe('Milestones due by the day, over the open projects'),
    reached: z.number().int().describe('Of those due, reached by the day'),
    executionRate: z.number().nullable().describe('reached / due over the open projects; null when none is due'),
    averageSlipDays: z
      .number()
      .nullable()
      .describe('Mean delay of the milestones reached late, in days, over the open projects; null when none'),
  })
  .describe('Progress of the industrial projects you may read, as of a day');
export type ProjectDashboard = z.infer<typeof projectDashboardSchema>;

export interface ProjectForDashboard {
  status: ProjectStatus;
  milestones: ProjectMilestoneRecord[];
}

export function projectDashboard(projects: readonly ProjectForDashboard[], asOf: string): ProjectDashboard {
  const out: ProjectDashboard = {
    asOf,
    total: projects.length,
    onTime: 0,
    late: 0,
    notStarted: 0,
    done: 0,
    due: 0,
    reached: 0,
    executionRate: null,
    averageSlipDays: null,
  };
  let slipSum = 0;
  let slipCount = 0;
  for (const p of projects) {
    const g = projectProgress(
      {
        status: p.status,
        milestones: p.milestones,
        transfers: [],
        jobsPlanned: 0,
        jobsCreated: 0,
        localContentPlannedBp: 0,
        localContentReachedBp: 0,
      },
      asOf,
    );
    if (g.state === 'on_time') out.onTime++;
    else if (g.state === 'late') out.late++;
    else if (g.state === 'not_started') out.notStarted++;
    else out.done++;
    if (g.state === 'done') continue;
    out.due += g.due;
    out.reached += g.reached;
    for (const m of p.milestones)
      if (m.actualOn !== null && m.actualOn <= asOf && m.actualOn > m.plannedOn) {
        slipSum += (Date.parse(m.actualOn) - Date.parse(m.plannedOn)) / 86_400_000;
        slipCount++;
      }
  }
  out.executionRate = out.due ? out.reached / out.due : null;
  out.averageSlipDays = slipCount ? slipSum / slipCount : null;
  return out;
}
