import { addWeeks, endOfISOWeek, endOfMonth, format, parseISO } from 'date-fns';
import { issue, problem } from './problems.js';

/** One recorded state of an activity: its status and dates from `at` on. */
export interface ActivityEvent {
  at: string;
  status: string;
  plannedEnd: string;
  actualStart: string | null;
}

export interface CurvePoint {
  period: string;
  planned: number;
  /**
   * Conducted by the end of the period, or by `asOf` in the period that holds
   * it; null for a period that begins after `asOf`, which nothing can have
   * been conducted in yet and which is therefore not drawn.
   */
  actual: number | null;
}

const DONE = new Set(['conducted', 'reported']);

/** The state an activity was in at the end of `asOf`, or null if it did not exist yet. */
export function stateAsOf(events: readonly ActivityEvent[], asOf: string): ActivityEvent | null {
  let state: ActivityEvent | null = null;
  for (const e of events) if (e.at.slice(0, 10) <= asOf) state = e;
  return state;
}

/**
 * The most points a curve has. A plan of at most MAX_PLAN_YEARS (period.ts)
 * has 261 weeks; a longer one, stored before that bound, is refused rather
 * than walked.
 */
export const MAX_CURVE_POINTS = 300;

const tooManyPoints = (max: number) =>
  problem('curve.too_many_points', { max }, [issue('granularity', 'curve.over_points', { max })]);

/** The month ends of a year-long (or any) period: the buckets of the curve. */
export function monthEnds(start: string, end: string, max = MAX_CURVE_POINTS): string[] {
  const out: string[] = [];
  let d = endOfMonth(parseISO(start));
  const last = endOfMonth(parseISO(end));
  while (d <= last) {
    if (out.length >= max) throw tooManyPoints(max);
    out.push(format(d, 'yyyy-MM-dd'));
    d = endOfMonth(new Date(d.getFullYear(), d.getMonth() + 1, 1));
  }
  return out;
}

/** The ISO week ends (Sundays) of a period. */
export function weekEnds(start: string, end: string, max = MAX_CURVE_POINTS): string[] {
  const out: string[] = [];
  const last = endOfISOWeek(parseISO(end));
  for (let d = endOfISOWeek(parseISO(start)); d <= last; d = endOfISOWeek(addWeeks(d, 1))) {
    if (out.length >= max) throw tooManyPoints(max);
    out.push(format(d, 'yyyy-MM-dd'));
  }
  return out;
}

/**
 * The planned-versus-actual curve as it could be seen on `asOf`: for each
 * bucket end, the activities planned to be done by then (cancelled ones
 * excluded) against those actually conducted by then — both from the
 * history known on that day, never from later knowledge. The bucket that
 * holds `asOf` counts what was conducted up to `asOf` (not 0 because its end
 * is still to come); buckets that begin after `asOf` (the first one begins
 * on `periodStart`) have no actual figure.
 * This is the one computation behind the page, the API and the report.
 */
export function plannedVersusActual(
  histories: readonly (readonly ActivityEvent[])[],
  asOf: string,
  bucketEnds: readonly string[],
  periodStart?: string,
): CurvePoint[] {
  const states = histories
    .map((h) => stateAsOf(h, asOf))
    .filter((s): s is ActivityEvent => s !== null && s.status !== 'cancelled');
  const conductedBy = (day: string) =>
    states.filter((s) => DONE.has(s.status) && s.actualStart !== null && s.actualStart <= day).length;
  return bucketEnds.map((end, i) => {
    const previousEnd = bucketEnds[i - 1];
    const begunBy = previousEnd === undefined ? periodStart === undefined || periodStart <= asOf : previousEnd < asOf;
    return {
      period: end,
      planned: states.filter((s) => s.plannedEnd <= end).length,
      actual: begunBy ? conductedBy(end < asOf ? end : asOf) : null,
    };
  });
}
