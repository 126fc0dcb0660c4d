/**
 * TOPSIS (C.-L. Hwang & K. Yoon, Multiple Attribute Decision Making, Springer
 * 1981): each column of the decision matrix is divided by its Euclidean norm
 * and multiplied by its weight; each alternative's closeness is
 * D⁻ / (D⁺ + D⁻), its distances to the anti-ideal and ideal points. Square
 * roots are taken with numeric.ts's `sqrt`, the same on every engine.
 */
import { sqrt } from './numeric.js';

/**
 * Closeness of each alternative (rows of the m×k matrix `x`, row order) with
 * criterion weights `weights` (normalised here) and, per criterion, whether
 * less is better (`cost`). All alternatives alike give 0.5 each.
 */
export function topsis(
  x: ArrayLike<number>,
  m: number,
  k: number,
  weights: ArrayLike<number>,
  cost?: ArrayLike<boolean>,
): Float64Array {
  let wsum = 0;
  for (let j = 0; j < k; j++) wsum += weights[j] as number;
  if (!(wsum > 0)) throw new RangeError('TOPSIS needs a positive weight');
  const v = new Float64Array(m * k);
  const ideal = new Float64Array(k);
  const anti = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let sq = 0;
    for (let i = 0; i < m; i++) {
      const a = x[i * k + j] as number;
      sq += a * a;
    }
    const norm = sqrt(sq);
    const w = (weights[j] as number) / wsum;
    let hi = Number.NEGATIVE_INFINITY;
    let lo = Number.POSITIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      const r = norm === 0 ? 0 : ((x[i * k + j] as number) / norm) * w;
      v[i * k + j] = r;
      if (r > hi) hi = r;
      if (r < lo) lo = r;
    }
    const less = cost?.[j] ?? false;
    ideal[j] = less ? lo : hi;
    anti[j] = less ? hi : lo;
  }
  const closeness = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let dPlus = 0;
    let dMinus = 0;
    for (let j = 0; j < k; j++) {
      const a = v[i * k + j] as number;
      const p = a - (ideal[j] as number);
      const q = a - (anti[j] as number);
      dPlus += p * p;
      dMinus += q * q;
    }
    const plus = sqrt(dPlus);
    const minus = sqrt(dMinus);
    closeness[i] = plus + minus === 0 ? 0.5 : minus / (plus + minus);
  }
  return closeness;
}
