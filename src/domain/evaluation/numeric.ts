/**
 * Arithmetic that gives the same bits on every JavaScript engine.
 *
 * ECMAScript fixes the results of `+ - * /` (IEEE 754 double, rounded to
 * nearest) but leaves `Math.pow`, `Math.exp`, `Math.log` and `Math.sqrt`
 * "implementation-approximated": two engines may differ in the last bits.
 * The evaluation therefore computes roots with Newton's method on the four
 * operations alone, from a start found by exact halvings, so that a partner's
 * installation recomputing a frozen evaluation gets the same figures.
 */

/** The k-th root of x (x >= 0, k a positive integer), with `+ - * /` only. */
export function root(x: number, k: number): number {
  if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`root of ${x}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`root of order ${k}`);
  if (k === 1 || x === 0 || x === 1) return x;
  // A start at or above the root: 2^ceil(e/k) where 2^(e-1) < x <= 2^e
  // (halvings and doublings by 2 are exact).
  let e = 0;
  let t = x;
  while (t > 1) {
    t /= 2;
    e += 1;
  }
  while (t <= 0.5) {
    t *= 2;
    e -= 1;
  }
  const q = Math.ceil(e / k);
  let y = 1;
  for (let i = 0; i < q; i++) y *= 2;
  for (let i = 0; i > q; i--) y /= 2;
  // Newton's iteration decreases towards the root from above; it stops when
  // a step no longer goes down (the last bits settle).
  for (let i = 0; i < 2000; i++) {
    let p = 1;
    for (let j = 1; j < k; j++) p *= y;
    const next = ((k - 1) * y + x / p) / k;
    if (!(next < y)) break;
    y = next;
  }
  return y;
}

const TWO_32 = 4294967296;

/** The geometric mean of positive values, as the root of their product taken in order. */
export function geometricMean(values: ArrayLike<number>): number {
  const k = values.length;
  if (k === 0) throw new RangeError('geometric mean of nothing');
  // A product of many large or small values could leave the doubles: each
  // value is split into a mantissa in [1, 2) and a power of two (exact
  // halvings and doublings), the mantissas multiplied, the powers added.
  let product = 1;
  let exponent = 0;
  for (let i = 0; i < k; i++) {
    let v = values[i] as number;
    if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`geometric mean of ${v}`);
    while (v >= TWO_32) {
      v /= TWO_32;
      exponent += 32;
    }
    while (v < 1 / TWO_32) {
      v *= TWO_32;
      exponent -= 32;
    }
    while (v >= 2) {
      v /= 2;
      exponent += 1;
    }
    while (v < 1) {
      v *= 2;
      exponent -= 1;
    }
    product *= v;
    if (product >= TWO_32) {
      product /= TWO_32;
      exponent += 32;
    }
  }
  // product * 2^exponent: move the remainder of exponent / k into the product.
  const whole = Math.floor(exponent / k);
  let rest = exponent - whole * k;
  while (rest > 0) {
    product *= 2;
    rest -= 1;
  }
  let result = root(product, k);
  for (let i = 0; i < whole; i++) result *= 2;
  for (let i = 0; i > whole; i--) result /= 2;
  return result;
}

/** The square root, deterministic across engines (see above). */
export const sqrt = (x: number) => root(x, 2);

/** The figure rounded to `decimals` places (half away from zero), as stored and hashed. */
export function roundTo(x: number, decimals: number): number {
  let scale = 1;
  for (let i = 0; i < decimals; i++) scale *= 10;
  const r = Math.round(Math.abs(x) * scale) / scale;
  return x < 0 ? -r : r === 0 ? 0 : r;
}
