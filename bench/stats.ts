/** The value below which `p` percent of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export interface Latency {
  p50: number;
  p99: number;
  samples: number;
}

export const latencyOf = (samples: readonly number[]): Latency => ({
  p50: percentile(samples, 50),
  p99: percentile(samples, 99),
  samples: samples.length,
});
