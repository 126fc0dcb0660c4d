import {
  addDays,
  addMonths,
  addYears,
  endOfMonth,
  endOfQuarter,
  format,
  isValid,
  parseISO,
  startOfMonth,
  startOfQuarter,
} from 'date-fns';
import { z } from 'zod';
import type { FieldIssue } from './errors.js';
import { issue, problem } from './problems.js';

export const isoDateSchema = z.iso.date().describe('Calendar date, YYYY-MM-DD');

/** Whole days from one calendar date (YYYY-MM-DD) to another, negative when `to` comes first. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export const PRECISIONS = ['day', 'month', 'quarter'] as const;
export type Precision = (typeof PRECISIONS)[number];

/**
 * A planned period as real plans write it: a span of days, a month, or a
 * quarter ("Q2 2026"). Month and quarter periods must cover exactly that month
 * or quarter, so that every period can be compared by its dates.
 */
export const plannedPeriodSchema = z
  .strictObject({
    start: isoDateSchema,
    end: isoDateSchema,
    precision: z.enum(PRECISIONS).default('day'),
  })
  .superRefine((p, ctx) => {
    // A malformed date already has its own issue; comparing it would only add a second one.
    if (!isoDateSchema.safeParse(p.start).success || !isoDateSchema.safeParse(p.end).success) return;
    const problem = periodProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.path], params: { code: problem.code } });
  });
export type PlannedPeriod = z.infer<typeof plannedPeriodSchema>;

const day = (d: Date) => format(d, 'yyyy-MM-dd');

function periodProblem(p: { start: string; end: string; precision: Precision }) {
  const start = parseISO(p.start);
  if (!isValid(start)) return issue('start', 'period.start_invalid');
  if (p.end < p.start) return issue('end', 'period.end_before_start');
  if (p.precision === 'month') {
    if (p.start !== day(startOfMonth(start))) return issue('start', 'period.month_start');
    if (p.end !== day(endOfMonth(start))) return issue('end', 'period.month_end');
  }
  if (p.precision === 'quarter') {
    if (p.start !== day(startOfQuarter(start))) return issue('start', 'period.quarter_start');
    if (p.end !== day(endOfQuarter(start))) return issue('end', 'period.quarter_end');
  }
  return null;
}

/** Builds the period of a whole month (`2026-03`) or quarter (`2026-Q2`). */
export function periodOf(spec: string): PlannedPeriod {
  const q = /^(\d{4})-Q([1-4])$/.exec(spec);
  if (q) {
    const start = new Date(Number(q[1]), (Number(q[2]) - 1) * 3, 1);
    return { start: day(start), end: day(endOfQuarter(start)), precision: 'quarter' };
  }
  // Months outside 01–12 would roll over into a neighbouring year; refuse them instead.
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(spec);
  if (m) {
    const start = new Date(Number(m[1]), Number(m[2]) - 1, 1);
    return { start: day(start), end: day(endOfMonth(start)), precision: 'month' };
  }
  const d = isoDateSchema.safeParse(spec);
  if (!d.success)
    throw problem('period.not_a_period', { spec: JSON.stringify(spec) }, [issue('period', 'period.not_month_quarter_day')]);
  return { start: d.data, end: d.data, precision: 'day' };
}

/** About how many days one step of each precision is: a day, a month, a quarter. */
export const PRECISION_DAYS: Record<Precision, number> = { day: 1, month: 365.25 / 12, quarter: 365.25 / 4 };

/**
 * A planned period moved by about `days` days at its own precision, as a drag or a key on the timeline moves it:
 * a span of days by the whole days nearest; a month or a quarter by the whole months or quarters nearest, so that
 * it stays a whole month or quarter. With `edge` `end`, a span of days keeps its start and its end moves, never
 * before the start (a month or a quarter is not resized: it would stop being one).
 */
export function movedPeriod(p: PlannedPeriod, days: number, edge: 'both' | 'end' = 'both'): PlannedPeriod {
  if (p.precision === 'day') {
    const whole = Math.round(days);
    const by = (iso: string, n: number) => day(addDays(parseISO(iso), n));
    if (edge === 'end') return { ...p, end: by(p.end, Math.max(whole, -daysBetween(p.start, p.end))) };
    return { ...p, start: by(p.start, whole), end: by(p.end, whole) };
  }
  if (edge === 'end') return p;
  const steps = Math.round(days / PRECISION_DAYS[p.precision]);
  const start = addMonths(parseISO(p.start), steps * (p.precision === 'month' ? 1 : 3));
  return p.precision === 'month'
    ? { ...p, start: day(startOfMonth(start)), end: day(endOfMonth(start)) }
    : { ...p, start: day(startOfQuarter(start)), end: day(endOfQuarter(start)) };
}

/**
 * The longest a work plan may run, in years. Plans are yearly or run over a
 * few years; a plan dated 0001–9999 would make every reader of its curve,
 * calendar and documents walk eight thousand years.
 */
export const MAX_PLAN_YEARS = 5;

/** Why a plan period is not acceptable (which end, what), or null. */
export function planPeriodProblem(start: string, end: string): FieldIssue | null {
  if (end < start) return issue('periodEnd', 'period.not_before_start');
  const startDate = parseISO(start);
  if (isValid(startDate) && end >= day(addYears(startDate, MAX_PLAN_YEARS)))
    return issue('periodEnd', 'period.plan_too_long', { years: MAX_PLAN_YEARS });
  return null;
}

/** `2026-Q2` for a date; the quarter KPIs group by. */
export const quarterOf = (isoDate: string): string =>
  `${isoDate.slice(0, 4)}-Q${Math.floor((Number(isoDate.slice(5, 7)) - 1) / 3) + 1}`;

export const today = (): string => day(new Date());
