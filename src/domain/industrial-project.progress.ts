import { basisPointsToPercent, type ProjectProgress, type ProjectRecord } from './industrial-project.schema.js';
import { daysBetween } from './period.js';

/**
 * How a project stands on `asOf` (YYYY-MM-DD), measured as activities are:
 * a milestone is due once its planned day has come; it is reached on time if
 * its actual day is on or before the planned one; the execution rate is the
 * share of the due milestones reached by the day. The project is late when a
 * due milestone is not reached, or was reached after its day.
 */
export function projectProgress(
  p: Pick<
    ProjectRecord,
    'status' | 'milestones' | 'transfers' | 'jobsPlanned' | 'jobsCreated' | 'localContentPlannedBp' | 'localContentReachedBp'
  >,
  asOf: string,
): ProjectProgress {
  const reachedBy = (actualOn: string | null) => actualOn !== null && actualOn <= asOf;
  const due = p.milestones.filter((m) => m.plannedOn <= asOf);
  const reached = due.filter((m) => reachedBy(m.actualOn));
  const reachedEver = p.milestones.filter((m) => reachedBy(m.actualOn));
  const onTime = reachedEver.filter((m) => (m.actualOn as string) <= m.plannedOn);
  const slipped = reachedEver.filter((m) => (m.actualOn as string) > m.plannedOn);
  const missing = due.filter((m) => !reachedBy(m.actualOn));
  const late = missing.length + slipped.length;
  const state: ProjectProgress['state'] =
    p.status === 'closed' ? 'done' : late > 0 ? 'late' : reachedEver.length === 0 && due.length === 0 ? 'not_started' : 'on_time';
  const slipDays = slipped.map((m) => daysBetween(m.plannedOn, m.actualOn as string));
  return {
    asOf,
    state,
    milestones: p.milestones.length,
    due: due.length,
    reached: reached.length,
    onTime: onTime.length,
    late,
    executionRate: due.length ? reached.length / due.length : null,
    averageSlipDays: slipDays.length ? slipDays.reduce((a, b) => a + b, 0) / slipDays.length : null,
    jobsRate: p.jobsPlanned ? p.jobsCreated / p.jobsPlanned : null,
    localContentGap: p.localContentPlannedBp
      ? basisPointsToPercent(Math.max(0, p.localContentPlannedBp - p.localContentReachedBp))
      : null,
    transfersAccepted: p.transfers.filter((t) => reachedBy(t.acceptedOn)).length,
    transfersOverdue: p.transfers.filter((t) => t.plannedOn <= asOf && !reachedBy(t.acceptedOn)).length,
  };
}
