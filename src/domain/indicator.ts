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
