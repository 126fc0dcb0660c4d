import { addDays, addMonths, format, parseISO } from 'date-fns';
import { daysBetween, type PlannedPeriod } from './period.js';

/*
 * Finish-to-start dependencies between planned periods. A period given by month or quarter says the activity
 * happens within it, not on which days: a dependency is broken only when it cannot hold whatever those days
 * are, so two activities planned for the same quarter may follow one another.
 */

/** A dependency as the rules see it: which activity follows which, and the lag in days. */
export interface DependencyEdge {
  predecessorId: string;
  successorId: string;
  lagDays: number;
}

const day = (d: Date) => format(d, 'yyyy-MM-dd');
const plusDays = (iso: string, n: number) => day(addDays(parseISO(iso), n));

/** The earliest day the activity may end: its end, or the first day of a month or quarter it is given by. */
export const earliestEnd = (p: PlannedPeriod) => (p.precision === 'day' ? p.end : p.start);

/** The latest day the activity may start: its start, or the last day of a month or quarter it is given by. */
export const latestStart = (p: PlannedPeriod) => (p.precision === 'day' ? p.start : p.end);

/** The first day a successor may start: the day after the predecessor ends, moved by the lag. */
export const earliestFollowerStart = (predecessor: PlannedPeriod, lagDays: number) =>
  plusDays(earliestEnd(predecessor), 1 + lagDays);

/** How many days the successor starts too early for the dependency; 0 when it holds. */
export function daysTooEarly(predecessor: PlannedPeriod, successor: PlannedPeriod, lagDays: number): number {
  return Math.max(0, daysBetween(latestStart(successor), earliestFollowerStart(predecessor, lagDays)));
}

export const isViolated = (predecessor: PlannedPeriod, successor: PlannedPeriod, lagDays: number) =>
  daysTooEarly(predecessor, successor, lagDays) > 0;

/**
 * The successor's period moved later by the least that makes it start on `earliest` or after, keeping its
 * precision: a span of days moves by days, a month by whole months, a quarter by whole quarters.
 */
export function shiftedToStartBy(p: PlannedPeriod, earliest: string): PlannedPeriod {
  if (latestStart(p) >= earliest) return p;
  if (p.precision === 'day') {
    const n = daysBetween(p.start, earliest);
    return { ...p, start: plusDays(p.start, n), end: plusDays(p.end, n) };
  }
  const step = p.precision === 'month' ? 1 : 3;
  const start = parseISO(p.start);
  for (let months = step; ; months += step) {
    const moved = addMonths(start, months);
    const end = day(addDays(addMonths(moved, step), -1));
    if (end >= earliest) return { ...p, start: day(moved), end };
  }
}

/** Whether adding `predecessorId → successorId` to `edges` would close a loop (or ties an activity to itself). */
export function wouldCycle(
  edges: readonly Pick<DependencyEdge, 'predecessorId' | 'successorId'>[],
  predecessorId: string,
  successorId: string,
) {
  if (predecessorId === successorId) return true;
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.predecessorId, [...(next.get(e.predecessorId) ?? []), e.successorId]);
  const seen = new Set<string>();
  const stack = [successorId];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (id === predecessorId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/** What a move of one activity does to its dependencies: each follower it leaves starting too early, and by how much. */
export interface BrokenDependency {
  activityId: string;
  /** Days the follower (or the moved activity, for a predecessor) starts too early. */
  days: number;
}

/**
 * The dependencies a move from `before` to `after` breaks: a follower that would start earlier than allowed by
 * more days than before the move, and a predecessor the moved activity would now start too early after (by more
 * days than before). A dependency already broken and left no worse by the move does not refuse it.
 */
export function brokenBy(
  before: PlannedPeriod,
  after: PlannedPeriod,
  followers: readonly { activityId: string; period: PlannedPeriod; lagDays: number }[],
  predecessors: readonly { activityId: string; period: PlannedPeriod; lagDays: number }[],
): { followers: BrokenDependency[]; predecessors: BrokenDependency[] } {
  const worse = (was: number, now: number) => now > 0 && now > was;
  return {
    followers: followers
      .map((f) => ({ f, was: daysTooEarly(before, f.period, f.lagDays), now: daysTooEarly(after, f.period, f.lagDays) }))
      .filter(({ was, now }) => worse(was, now))
      .map(({ f, now }) => ({ activityId: f.activityId, days: now })),
    predecessors: predecessors
      .map((p) => ({ p, was: daysTooEarly(p.period, before, p.lagDays), now: daysTooEarly(p.period, after, p.lagDays) }))
      .filter(({ was, now }) => worse(was, now))
      .map(({ p, now }) => ({ activityId: p.activityId, days: now })),
  };
}
