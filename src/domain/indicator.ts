import type { IndicatorFrequency } from './indicator.schema.js';

/** A measured quantity of an objective: where it started, where it should be, what was measured. */
export interface IndicatorValues {
  baseline: number;
  target: number;
  measurements: { date: string; value: number }[];
}

/**
 * Progress from baseline to target, between 0 and 1, from the latest
 * measurement on or before `asOf`; null before the first measurement.
 * Works for indicators that should fall (target below baseline) too.
 */
export function indicatorProgress(ind: IndicatorValues, asOf: string): number | null {
  const latest = ind.measurements
    .filter((m) => m.date <= asOf)
    .sort((a, b) => (a.date < b.date ? -1 : 1))
    .at(-1);
  if (!latest) return null;
  if (ind.target === ind.baseline) return latest.value === ind.target ? 1 : 0;
  const p = (latest.value - ind.baseline) / (ind.target - ind.baseline);
  return Math.min(1, Math.max(0, p));
}

/**
 * Progress of an objective: the mean of its indicators' progress and its
 * activities' execution rate, each counted when it is known.
 */
export function objectiveProgress(indicators: (number | null)[], activityExecution: number | null): number | null {
  const parts = [...indicators, activityExecution].filter((p): p is number => p !== null);
  return parts.length ? parts.reduce((s, p) => s + p, 0) / parts.length : null;
}

/** Months between two measurements at each frequency; `once` has none but the one at the target date. */
const MONTHS: Record<IndicatorFrequency, number | null> = {
  monthly: 1,
  quarterly: 3,
  'half-yearly': 6,
  yearly: 12,
  once: null,
};

/** The ISO date `months` later, on the same day of the month or the month's last day when it has fewer. */
export function addMonths(date: string, months: number): string {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * When the indicator's next measurement is due: one period after its latest
 * measurement, or after its baseline before any, and never later than its
 * target date, which is always measured. Measured once, it is due on its
 * target date. Null once a measurement on or after the target date counts.
 */
export function nextMeasurementDue(
  ind: { frequency: IndicatorFrequency; baselineDate: string; targetDate: string },
  measurementDates: readonly string[],
): string | null {
  const latest = measurementDates.reduce<string | null>((a, d) => (a === null || d > a ? d : a), null);
  if (latest !== null && latest >= ind.targetDate) return null;
  const months = MONTHS[ind.frequency];
  if (months === null) return ind.targetDate;
  const next = addMonths(latest ?? ind.baselineDate, months);
  // A period that ends past the target date ends on it: the target date is always measured.
  if (next >= ind.targetDate) return ind.targetDate;
  return next;
}

/** Whether a measurement was due before `asOf` and has not been made. */
export const measurementOverdue = (due: string | null, asOf: string) => due !== null && due < asOf;
