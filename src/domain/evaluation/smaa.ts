/**
 * SMAA-2 (R. Lahdelma & P. Salminen, "SMAA-2: Stochastic multicriteria
 * acceptability analysis for group decision making", Operations Research 49:3
 * (2001) 444–454) with an additive value function.
 *
 * Weights are drawn uniformly from the simplex (sorted uniforms, then their
 * gaps), or from the part of it within given bounds (the lower bounds taken
 * out first, the draws over an upper bound drawn again). Criterion values are
 * either exact, or drawn per criterion from one of several samples (one per
 * evaluator). For each offer the result gives its rank acceptabilities (the
 * share of draws giving it each rank), its central weight vector (the mean
 * weights of the draws that rank it first) and its confidence factor (the
 * share of value draws in which it ranks first under its central weights).
 *
 * Determinism: the generator is xoroshiro128+ (pure-rand's `xoroshiro128plus`
 * seeded with the evaluation's 32-bit seed), read through `uniformFloat64`
 * (53-bit multiples of 2^-53, integer operations only); the draws consume it in
 * a fixed order (for each draw: the weights, then one sample index per
 * criterion when values are sampled); ties rank the earlier offer first. Only
 * `+ - * /` touch the figures, so one seed gives the same figures everywhere.
 * The loop allocates nothing per draw.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export type SmaaInput = {
  /** Number of alternatives. */
  m: number;
  /** Number of criteria. */
  k: number;
  /**
   * Partial values, `samples` blocks of m×k in row order (block s, alternative
   * i, criterion j at s·m·k + i·k + j). One block: the values are exact.
   */
  values: Float64Array;
  samples: number;
  draws: number;
  seed: number;
  /** Bounds on each criterion's weight; none: the whole simplex. */
  lower?: Float64Array;
  upper?: Float64Array;
  /** Give up when fewer than one weight draw in this many falls within the bounds (default 1,000). */
  maxRejectionsPerDraw?: number;
};

export type SmaaResult = {
  draws: number;
  /** m×m: [i·m + r] is the share of draws ranking alternative i at rank r+1. */
  rankAcceptability: Float64Array;
  /** m×k: alternative i's central weights; a row of NaN when it never ranks first. */
  centralWeights: Float64Array;
  /** Per alternative; NaN when it never ranks first. */
  confidence: Float64Array;
};

/** Weight bounds no draw can meet; `reason` names which way, for the field issue. */
export class SmaaBoundsError extends RangeError {
  constructor(
    readonly reason: 'lower_over_one' | 'upper_under_one' | 'too_narrow',
    message: string,
  ) {
    super(message);
  }
}

export function smaa2(input: SmaaInput): SmaaResult {
  const { m, k, values, samples, draws, seed } = input;
  if (values.length !== samples * m * k) throw new RangeError('values do not match m, k and samples');
  if (!(draws >= 1)) throw new RangeError('at least one draw');
  const rng = xoroshiro128plus(seed);
  const lower = input.lower ?? new Float64Array(k);
  const upper = input.upper ?? new Float64Array(k).fill(1);
  let lowerSum = 0;
  for (let j = 0; j < k; j++) lowerSum += lower[j] as number;
  const free = 1 - lowerSum;
  if (free < -1e-12) throw new SmaaBoundsError('lower_over_one', 'the lower bounds of the weights add up to more than 1');
  let upperSum = 0;
  for (let j = 0; j < k; j++) upperSum += upper[j] as number;
  if (upperSum < 1 - 1e-12) throw new SmaaBoundsError('upper_under_one', 'the upper bounds of the weights add up to less than 1');
  const bounded = input.upper !== undefined;
  const maxAttempts = draws * (input.maxRejectionsPerDraw ?? 1000);

  const w = new Float64Array(k);
  const cuts = new Float64Array(Math.max(k - 1, 0));
  // Where criterion j's values start in `values` for the current draw: the
  // picked sample's block, read in place rather than copied.
  const at = new Int32Array(k);
  for (let j = 0; j < k; j++) at[j] = j;
  const utility = new Float64Array(m);
  const counts = new Float64Array(m * m);
  const central = new Float64Array(m * k);
  const block = m * k;
  let attempts = 0;

  /** Picks one sample per criterion: alternative i's value on j is then values[at[j] + i·k]. */
  const drawValues = () => {
    if (samples === 1) return;
    for (let j = 0; j < k; j++) {
      const s = Math.floor(uniformFloat64(rng) * samples);
      at[j] = (s < samples ? s : samples - 1) * block + j;
    }
  };

  /** Whether alternative `of` ranks first under the weights at `weights[offset..offset+k)` (stops at the first that beats it). */
  const ranksFirst = (weights: Float64Array, offset: number, of: number) => {
    let mine = 0;
    for (let j = 0; j < k; j++) mine += (weights[offset + j] as number) * (values[(at[j] as number) + of * k] as number);
    for (let l = 0; l < m; l++) {
      if (l === of) continue;
      const row = l * k;
      let u = 0;
      for (let j = 0; j < k; j++) u += (weights[offset + j] as number) * (values[(at[j] as number) + row] as number);
      if (u > mine || (u === mine && l < of)) return false;
    }
    return true;
  };

  for (let d = 0; d < draws; d++) {
    // Weights: k−1 uniforms, sorted, then the gaps between 0, them and 1,
    // shifted by the lower bounds; drawn again over an upper bound.
    for (;;) {
      attempts += 1;
      if (attempts > maxAttempts) throw new SmaaBoundsError('too_narrow', 'too few weight draws fall within the bounds given');
      for (let c = 0; c < k - 1; c++) cuts[c] = uniformFloat64(rng);
      cuts.sort();
      let previous = 0;
      let inside = true;
      for (let j = 0; j < k; j++) {
        const next = j === k - 1 ? 1 : (cuts[j] as number);
        const wj = (lower[j] as number) + free * (next - previous);
        w[j] = wj;
        previous = next;
        if (bounded && wj > (upper[j] as number)) inside = false;
      }
      if (inside) break;
    }
    drawValues();
    for (let i = 0; i < m; i++) {
      const row = i * k;
      let u = 0;
      for (let j = 0; j < k; j++) u += (w[j] as number) * (values[(at[j] as number) + row] as number);
      utility[i] = u;
    }
    for (let i = 0; i < m; i++) {
      const ui = utility[i] as number;
      let r = 0;
      for (let l = 0; l < m; l++) {
        const ul = utility[l] as number;
        if (ul > ui || (ul === ui && l < i)) r += 1;
      }
      counts[i * m + r] = (counts[i * m + r] as number) + 1;
      if (r === 0) for (let j = 0; j < k; j++) central[i * k + j] = (central[i * k + j] as number) + (w[j] as number);
    }
  }

  const rankAcceptability = new Float64Array(m * m);
  for (let c = 0; c < m * m; c++) rankAcceptability[c] = (counts[c] as number) / draws;
  const centralWeights = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    const first = counts[i * m] as number;
    for (let j = 0; j < k; j++) centralWeights[i * k + j] = first > 0 ? (central[i * k + j] as number) / first : Number.NaN;
  }

  // Confidence factors: the values drawn again (same generator, going on),
  // each alternative weighted by its own central weights.
  const confidence = new Float64Array(m).fill(Number.NaN);
  const valueDraws = samples === 1 ? 1 : draws;
  const firsts = new Float64Array(m);
  for (let d = 0; d < valueDraws; d++) {
    drawValues();
    for (let i = 0; i < m; i++) {
      if (!((counts[i * m] as number) > 0)) continue;
      if (ranksFirst(centralWeights, i * k, i)) firsts[i] = (firsts[i] as number) + 1;
    }
  }
  for (let i = 0; i < m; i++) if ((counts[i * m] as number) > 0) confidence[i] = (firsts[i] as number) / valueDraws;

  return { draws, rankAcceptability, centralWeights, confidence };
}
