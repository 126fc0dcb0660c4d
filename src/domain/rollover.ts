import { addYears, endOfMonth, endOfQuarter, format, parseISO, startOfMonth, startOfQuarter } from 'date-fns';
import { type ActivityStatus, CLOSED_STATUSES } from './activity.lifecycle.js';
import type { PlannedPeriod } from './period.js';

/**
 * Roll-over: next year's draft plan started from this one (app/rollover.usecases.ts).
 * Why an activity is carried: still open (neither done nor cancelled), postponed, or
 * marked recurring (carried even once done or cancelled).
 */
export const CARRY_REASONS = ['open', 'postponed', 'recurring'] as const;
export type CarryReason = (typeof CARRY_REASONS)[number];

/** Why an activity is carried into next year's plan, or null when it is not. */
export function carryReason(a: { status: ActivityStatus; recurring: boolean }): CarryReason | null {
  if (a.status === 'postponed') return 'postponed';
  if (!CLOSED_STATUSES.includes(a.status)) return 'open';
  return a.recurring ? 'recurring' : null;
}

const day = (d: Date) => format(d, 'yyyy-MM-dd');

/** The date `years` years later (29 February becomes 28 February in a common year). */
export const shiftDate = (iso: string, years: number) => day(addYears(parseISO(iso), years));

/** The period of next year's plan: the source plan's, `years` later. */
export const shiftedPlanPeriod = (plan: { periodStart: string; periodEnd: string }, years: number) => ({
  periodStart: shiftDate(plan.periodStart, years),
  periodEnd: shiftDate(plan.periodEnd, years),
});

/** The whole month or quarter holding a date. */
function unitOf(iso: string, precision: 'month' | 'quarter'): PlannedPeriod {
  const d = parseISO(iso);
  return precision === 'month'
    ? { start: day(startOfMonth(d)), end: day(endOfMonth(d)), precision }
    : { start: day(startOfQuarter(d)), end: day(endOfQuarter(d)), precision };
}

/**
 * A planned period moved `years` later, at the same precision, then brought into
 * the new plan's period [planStart, planEnd]: a month or quarter stays a whole month
 * or quarter (the first or last one that overlaps the plan, when it fell outside);
 * a span of days is cut to the plan, or moved to its first or last days, keeping
 * its length as far as the plan allows, when it fell wholly outside.
 */
export function shiftPeriod(period: PlannedPeriod, years: number, planStart: string, planEnd: string): PlannedPeriod {
  if (period.precision !== 'day') {
    const unit = unitOf(shiftDate(period.start, years), period.precision);
    if (unit.end < planStart) return unitOf(planStart, period.precision);
    if (unit.start > planEnd) return unitOf(planEnd, period.precision);
    return unit;
  }
  const start = shiftDate(period.start, years);
  const end = shiftDate(period.end, years);
  const lengthDays = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
  const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);
  if (end < planStart) {
    const e = plus(planStart, lengthDays);
    return { start: planStart, end: e > planEnd ? planEnd : e, precision: 'day' };
  }
  if (start > planEnd) {
    const s = plus(planEnd, -lengthDays);
    return { start: s < planStart ? planStart : s, end: planEnd, precision: 'day' };
  }
  return { start: start < planStart ? planStart : start, end: end > planEnd ? planEnd : end, precision: 'day' };
}

/**
 * What a roll-over carries of what was proposed: the ids chosen, each of which must be
 * proposed (answered as `unknown`, never told apart from one that does not exist);
 * an indicator is carried only with its objective (`orphans`).
 */
export function selectCarried<A extends { id: string }, O extends { id: string }, I extends { id: string; objectiveId: string }>(
  proposal: { activities: readonly A[]; objectives: readonly O[]; indicators: readonly I[] },
  chosen: { activityIds: readonly string[]; objectiveIds: readonly string[]; indicatorIds: readonly string[] },
) {
  const pick = <T extends { id: string }>(items: readonly T[], ids: readonly string[]) => {
    const byId = new Map(items.map((i) => [i.id, i]));
    const wanted = [...new Set(ids)];
    return { items: wanted.flatMap((id) => byId.get(id) ?? []), unknown: wanted.filter((id) => !byId.has(id)) };
  };
  const activities = pick(proposal.activities, chosen.activityIds);
  const objectives = pick(proposal.objectives, chosen.objectiveIds);
  const indicators = pick(proposal.indicators, chosen.indicatorIds);
  const objectiveIds = new Set(objectives.items.map((o) => o.id));
  return {
    activities: activities.items,
    objectives: objectives.items,
    indicators: indicators.items.filter((i) => objectiveIds.has(i.objectiveId)),
    unknown: { activityIds: activities.unknown, objectiveIds: objectives.unknown, indicatorIds: indicators.unknown },
    orphans: indicators.items.filter((i) => !objectiveIds.has(i.objectiveId)).map((i) => i.id),
  };
}
