/**
 * The curve of an industrial project's measurements: one point per day some
 * figure holds as of, each with the jobs created and the local content
 * reached as of that day. A figure holds until the next one, as the project's
 * own figure is its latest measurement (of the latest as-of day, the last
 * recorded); before its first measurement a figure is unknown (null), not 0.
 */

interface Measured<V> {
  asOf: string;
  recordedAt: string;
  value: V;
}

export interface MeasurementPoint {
  asOf: string;
  jobsCreated: number | null;
  /** Percent. */
  localContentReached: number | null;
}

/** Oldest first by as-of day, then by recording, so the last of a day is the one that holds. */
const inOrder = <M extends Measured<unknown>>(ms: readonly M[]) =>
  [...ms].sort((a, b) => a.asOf.localeCompare(b.asOf) || a.recordedAt.localeCompare(b.recordedAt));

export function measurementCurve(m: {
  jobsCreated: readonly Measured<number>[];
  localContentReached: readonly Measured<string>[];
}): MeasurementPoint[] {
  const jobs = inOrder(m.jobsCreated);
  const local = inOrder(m.localContentReached);
  const days = [...new Set([...jobs, ...local].map((x) => x.asOf))].sort();
  const asOf = <V>(ms: Measured<V>[], day: string): V | null => {
    let found: V | null = null;
    for (const x of ms) if (x.asOf <= day) found = x.value;
    return found;
  };
  return days.map((day) => {
    const reached = asOf(local, day);
    return { asOf: day, jobsCreated: asOf(jobs, day), localContentReached: reached === null ? null : Number(reached) };
  });
}
