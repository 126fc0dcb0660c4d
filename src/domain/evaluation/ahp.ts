/**
 * Pairwise comparisons on Saaty's 1–9 scale (the analytic hierarchy process):
 * priorities as the principal eigenvector, λmax, consistency index and ratio,
 * Harker's completion of incomplete matrices and the most inconsistent pair.
 *
 * A matrix is an n×n Float64Array in row order; `a[i*n+j]` says how many times
 * item i is preferred to item j, `a[j*n+i]` is its reciprocal, the diagonal is
 * 1, and NaN marks a pair nobody compared. Only `+ - * /` are used (see
 * numeric.ts), so the figures are the same on every engine.
 *
 * References: T. L. Saaty, The Analytic Hierarchy Process, McGraw-Hill 1980;
 * R. W. Saaty, "The analytic hierarchy process — what it is and how it is
 * used", Mathematical Modelling 9 (1987) 161–176; P. T. Harker, "Incomplete
 * pairwise comparisons in the analytic hierarchy process", Mathematical
 * Modelling 9 (1987) 837–848; H. A. Donegan & F. J. Dodd, "A note on Saaty's
 * random indexes", Mathematical and Computer Modelling 15:10 (1991) 135–137.
 */
import { geometricMean } from './numeric.js';

/** A consistency ratio above this is flagged (Saaty's rule). */
export const CR_THRESHOLD = 0.1;

/**
 * Random-index tables: the mean consistency index of random reciprocal
 * matrices of each size. `saaty`: Saaty's table as he published it from 1994
 * on (Theory and Applications of the Analytic Network Process, RWS 2005,
 * p. 31), sizes 3 to 15. `donegan-dodd`: Donegan & Dodd (1991), sizes 3 to 100,
 * read linearly between the sizes they list.
 */
export const RANDOM_INDEX_TABLES = {
  saaty: {
    name: 'Saaty (1994, 2005)',
    values: {
      3: 0.52,
      4: 0.89,
      5: 1.11,
      6: 1.25,
      7: 1.35,
      8: 1.4,
      9: 1.45,
      10: 1.49,
      11: 1.52,
      12: 1.54,
      13: 1.56,
      14: 1.58,
      15: 1.59,
    } as Record<number, number>,
  },
  'donegan-dodd': {
    name: 'Donegan & Dodd (1991)',
    values: {
      3: 0.4914,
      4: 0.8286,
      5: 1.0591,
      6: 1.1797,
      7: 1.2519,
      8: 1.3171,
      9: 1.3733,
      10: 1.4055,
      11: 1.4213,
      12: 1.4497,
      13: 1.4643,
      14: 1.4822,
      15: 1.4969,
      16: 1.5078,
      17: 1.5153,
      18: 1.5262,
      19: 1.5313,
      20: 1.5371,
      25: 1.5619,
      30: 1.5772,
      40: 1.5976,
      50: 1.6102,
      60: 1.6178,
      70: 1.6237,
      80: 1.6277,
      90: 1.6213,
      100: 1.6339,
    } as Record<number, number>,
  },
} as const;
export type RandomIndexTable = keyof typeof RANDOM_INDEX_TABLES;
export const RANDOM_INDEX_TABLE_NAMES = ['saaty', 'donegan-dodd'] as const satisfies readonly RandomIndexTable[];

/** The random index of size n; 0 below 3 (every such matrix is consistent); null past the table's end. */
export function randomIndex(table: RandomIndexTable, n: number): number | null {
  if (n < 3) return 0;
  const values = RANDOM_INDEX_TABLES[table].values;
  const exact = values[n];
  if (exact !== undefined) return exact;
  const sizes = Object.keys(values)
    .map(Number)
    .sort((a, b) => a - b);
  const upper = sizes.find((s) => s > n);
  const lower = [...sizes].reverse().find((s) => s < n);
  if (upper === undefined || lower === undefined) return null;
  const lo = values[lower] as number;
  const hi = values[upper] as number;
  return lo + ((hi - lo) * (n - lower)) / (upper - lower);
}

/** A complete matrix from the judgments above the diagonal (`[i, j, a_ij]`); pairs not given are NaN. */
export function matrixFrom(n: number, judgments: Iterable<readonly [number, number, number]>): Float64Array {
  const a = new Float64Array(n * n).fill(Number.NaN);
  for (let i = 0; i < n; i++) a[i * n + i] = 1;
  for (const [i, j, v] of judgments) {
    a[i * n + j] = v;
    a[j * n + i] = 1 / v;
  }
  return a;
}

/**
 * The principal (Perron) eigenvector of a nonnegative irreducible matrix with
 * a positive diagonal, normalised to sum 1, and its eigenvalue. Power
 * iteration from the uniform vector, first on A^16 (four squarings, each
 * scaled by its entry sum) so that slowly converging matrices (sparse Harker
 * matrices) converge in few steps, then on A itself until no weight moves by
 * more than 1e-15 (or 100,000 steps).
 */
export function principalEigenvector(a: Float64Array, n: number): { weights: Float64Array; lambdaMax: number } {
  let power = a;
  if (n > 2) {
    for (let s = 0; s < 4; s++) {
      const sq = new Float64Array(n * n);
      let total = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let v = 0;
          for (let l = 0; l < n; l++) v += (power[i * n + l] as number) * (power[l * n + j] as number);
          sq[i * n + j] = v;
          total += v;
        }
      for (let c = 0; c < n * n; c++) sq[c] = (sq[c] as number) / total;
      power = sq;
    }
  }
  const start = new Float64Array(n).fill(1 / n);
  const rough = power === a ? start : iterate(power, n, start, 1e-15).weights;
  return iterate(a, n, rough, 1e-15);
}

function iterate(
  a: Float64Array,
  n: number,
  from: Float64Array,
  tolerance: number,
): { weights: Float64Array; lambdaMax: number } {
  let w = Float64Array.from(from);
  let next = new Float64Array(n);
  let lambdaMax = n;
  for (let step = 0; step < 100_000; step++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      const row = i * n;
      for (let j = 0; j < n; j++) s += (a[row + j] as number) * (w[j] as number);
      next[i] = s;
      sum += s;
    }
    // w sums to 1, so the sum of A·w is λ once w is the eigenvector.
    lambdaMax = sum;
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const v = (next[i] as number) / sum;
      const d = v - (w[i] as number);
      if (d > moved) moved = d;
      else if (-d > moved) moved = -d;
      next[i] = v;
    }
    const t = w;
    w = next;
    next = t;
    if (moved <= tolerance) break;
  }
  return { weights: w, lambdaMax };
}

/** Whether the pairs compared link every item to every other (else the priorities are undetermined). */
export function isConnected(a: Float64Array, n: number): boolean {
  if (n <= 1) return true;
  const seen = new Uint8Array(n);
  const stack = [0];
  seen[0] = 1;
  let count = 1;
  while (stack.length) {
    const i = stack.pop() as number;
    for (let j = 0; j < n; j++) {
      if (!seen[j] && !Number.isNaN(a[i * n + j] as number)) {
        seen[j] = 1;
        count += 1;
        stack.push(j);
      }
    }
  }
  return count === n;
}

/** The pairs (i < j) nobody compared. */
export function missingPairs(a: Float64Array, n: number): Array<[number, number]> {
  const missing: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (Number.isNaN(a[i * n + j] as number)) missing.push([i, j]);
  return missing;
}

/**
 * Harker's completion: each missing pair becomes 0, each diagonal entry 1 plus
 * the number of pairs missing in its row; the principal eigenvector w of that
 * matrix gives each missing a_ij = w_i / w_j. The completed matrix has the same
 * principal eigenvector and λmax. The compared pairs must connect every item.
 */
export function harkerComplete(a: Float64Array, n: number): { matrix: Float64Array; completed: Array<[number, number, number]> } {
  const missing = missingPairs(a, n);
  if (missing.length === 0) return { matrix: a, completed: [] };
  if (!isConnected(a, n)) throw new RangeError('the compared pairs do not connect every item');
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j] as number;
      if (Number.isNaN(v)) m += 1;
      else h[i * n + j] = v;
    }
    h[i * n + i] = 1 + m;
  }
  const { weights } = principalEigenvector(h, n);
  const matrix = Float64Array.from(a);
  const completed: Array<[number, number, number]> = [];
  for (const [i, j] of missing) {
    const v = (weights[i] as number) / (weights[j] as number);
    matrix[i * n + j] = v;
    matrix[j * n + i] = 1 / v;
    completed.push([i, j, v]);
  }
  return { matrix, completed };
}

export type PairwiseAnalysis = {
  n: number;
  /** The priorities, summing to 1. */
  weights: Float64Array;
  lambdaMax: number;
  /** Consistency index (λmax − n) / (n − 1); 0 for n < 3. */
  ci: number;
  randomIndexTable: RandomIndexTable;
  /** The random index of size n; null when the table does not go that far. */
  ri: number | null;
  /** Consistency ratio CI / RI; null when RI is. */
  cr: number | null;
  /** CR above 0.10. */
  flagged: boolean;
  /** Pairs filled in by Harker's method: [i, j, a_ij]. */
  completed: Array<[number, number, number]>;
  /**
   * The compared pair furthest from what the priorities imply: the largest
   * max(e, 1/e) with e = a_ij · w_j / w_i; null below 3 items or when every
   * pair agrees with the priorities.
   */
  mostInconsistent: { i: number; j: number; given: number; implied: number; deviation: number } | null;
};

/** Everything the evaluation says about one comparison matrix (complete or not). */
export function analysePairwise(a: Float64Array, n: number, table: RandomIndexTable): PairwiseAnalysis {
  const { matrix, completed } = harkerComplete(a, n);
  const { weights, lambdaMax } = principalEigenvector(matrix, n);
  let ci = n < 3 ? 0 : (lambdaMax - n) / (n - 1);
  // λmax >= n for every positive reciprocal matrix; what is below, or within
  // rounding of it, is a consistent matrix.
  if (ci < 1e-12) ci = 0;
  const ri = randomIndex(table, n);
  const cr = ri === null ? null : ri === 0 ? 0 : ci / ri;
  let mostInconsistent: PairwiseAnalysis['mostInconsistent'] = null;
  if (n >= 3) {
    let worst = 1 + 1e-9;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const given = a[i * n + j] as number;
        if (Number.isNaN(given)) continue;
        const implied = (weights[i] as number) / (weights[j] as number);
        const e = given / implied;
        const deviation = e >= 1 ? e : 1 / e;
        if (deviation > worst) {
          worst = deviation;
          mostInconsistent = { i, j, given, implied, deviation };
        }
      }
    }
  }
  return {
    n,
    weights,
    lambdaMax,
    ci,
    randomIndexTable: table,
    ri,
    cr,
    flagged: cr !== null && cr > CR_THRESHOLD,
    completed,
    mostInconsistent,
  };
}

/**
 * Aggregation of individual judgments (AIJ): each pair's judgment is the
 * geometric mean of those who compared it; a pair nobody compared stays
 * missing (NaN).
 */
export function aggregateJudgments(matrices: readonly Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n * n).fill(Number.NaN);
  const given: number[] = [];
  for (let i = 0; i < n; i++) {
    out[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      given.length = 0;
      for (const m of matrices) {
        const v = m[i * n + j] as number;
        if (!Number.isNaN(v)) given.push(v);
      }
      if (given.length) {
        const g = geometricMean(given);
        out[i * n + j] = g;
        out[j * n + i] = 1 / g;
      }
    }
  }
  return out;
}

/**
 * Aggregation of individual priorities (AIP): the geometric mean of each
 * item's priority across the vectors, normalised to sum 1.
 */
export function aggregatePriorities(vectors: readonly ArrayLike<number>[], n: number): Float64Array {
  const out = new Float64Array(n);
  const values = new Float64Array(vectors.length);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < vectors.length; k++) values[k] = (vectors[k] as ArrayLike<number>)[i] as number;
    const g = geometricMean(values);
    out[i] = g;
    sum += g;
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) / sum;
  return out;
}
