import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateJudgments,
  aggregatePriorities,
  analysePairwise,
  harkerComplete,
  matrixFrom,
  randomIndex,
} from '../../../src/domain/evaluation/ahp.js';
import { geometricMean, root, roundTo } from '../../../src/domain/evaluation/numeric.js';
import { DRINK_JUDGMENTS, DRINKS } from './fixtures.js';

const FOUR: Array<[number, number, number]> = [
  [0, 1, 1],
  [0, 2, 5],
  [0, 3, 2],
  [1, 2, 3],
  [1, 3, 4],
  [2, 3, 3 / 4],
];

const close = (actual: number, expected: number, tolerance = 1e-3) => expect(Math.abs(actual - expected)).toBeLessThan(tolerance);

describe("Saaty's drinks matrix", () => {
  const a = analysePairwise(matrixFrom(7, DRINK_JUDGMENTS), 7, 'saaty');

  it('gives the published priorities', () => {
    const expected = { coffee: 0.1775, wine: 0.0191, tea: 0.0418, beer: 0.1164, soda: 0.1896, milk: 0.1288, water: 0.3268 };
    DRINKS.forEach((d, i) => {
      close(a.weights[i] as number, expected[d]);
    });
  });

  it('gives λmax 7.1766, CI 0.0294 and CR 0.0218 with RI 1.35, not flagged', () => {
    close(a.lambdaMax, 7.1766);
    close(a.ci, 0.0294);
    expect(a.ri).toBe(1.35);
    expect(a.randomIndexTable).toBe('saaty');
    close(a.cr as number, 0.0218);
    expect(a.flagged).toBe(false);
    expect(a.completed).toEqual([]);
  });

  it("with Donegan and Dodd's table the ratio is CI / 1.2519", () => {
    const dd = analysePairwise(matrixFrom(7, DRINK_JUDGMENTS), 7, 'donegan-dodd');
    expect(dd.ri).toBe(1.2519);
    close(dd.cr as number, 0.0294 / 1.2519);
  });
});

describe('the 4×4 matrix', () => {
  it('gives 0.3742, 0.3917, 0.0991, 0.1349', () => {
    const a = analysePairwise(matrixFrom(4, FOUR), 4, 'saaty');
    [0.3742, 0.3917, 0.0991, 0.1349].forEach((w, i) => {
      close(a.weights[i] as number, w);
    });
  });

  it("with c/d missing, Harker's method completes it to about 0.7212", () => {
    const incomplete = matrixFrom(4, FOUR.slice(0, 5));
    const { completed, matrix } = harkerComplete(incomplete, 4);
    expect(completed).toHaveLength(1);
    expect(completed[0]?.slice(0, 2)).toEqual([2, 3]);
    close(completed[0]?.[2] as number, 0.7212);
    close(matrix[3 * 4 + 2] as number, 1 / 0.7212);
    const a = analysePairwise(incomplete, 4, 'saaty');
    expect(a.completed).toEqual(completed);
    // The completed matrix's eigenvector is that of Harker's matrix: c/d = w_c / w_d.
    close((a.weights[2] as number) / (a.weights[3] as number), 0.7212);
  });

  it('refuses to complete judgments that leave an item unlinked', () => {
    const a = matrixFrom(4, [
      [0, 1, 2],
      [2, 3, 3],
    ]);
    expect(() => harkerComplete(a, 4)).toThrow(/connect/);
  });
});

describe('the most inconsistent pair', () => {
  it('is the judgment that breaks an otherwise consistent matrix', () => {
    const w = [8, 4, 2, 1, 1];
    const judgments: Array<[number, number, number]> = [];
    for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) judgments.push([i, j, (w[i] as number) / (w[j] as number)]);
    const consistent = analysePairwise(matrixFrom(5, judgments), 5, 'saaty');
    expect(consistent.cr).toBe(0);
    expect(consistent.mostInconsistent).toBeNull();
    // b/d said 1/2 where the others imply 4.
    const broken = judgments.map(([i, j, v]) => (i === 1 && j === 3 ? ([i, j, 1 / 2] as [number, number, number]) : [i, j, v]));
    const a = analysePairwise(matrixFrom(5, broken as Array<[number, number, number]>), 5, 'saaty');
    expect(a.mostInconsistent).toMatchObject({ i: 1, j: 3, given: 0.5 });
    expect(a.cr as number).toBeGreaterThan(0);
  });

  it('is flagged above a ratio of 0.10', () => {
    const a = analysePairwise(
      matrixFrom(3, [
        [0, 1, 9],
        [1, 2, 9],
        [0, 2, 1 / 9],
      ]),
      3,
      'saaty',
    );
    expect(a.cr as number).toBeGreaterThan(0.1);
    expect(a.flagged).toBe(true);
  });
});

describe('random-index tables', () => {
  it("name Saaty's and Donegan and Dodd's values, reading Donegan and Dodd's between listed sizes", () => {
    expect(randomIndex('saaty', 2)).toBe(0);
    expect(randomIndex('saaty', 3)).toBe(0.52);
    expect(randomIndex('saaty', 15)).toBe(1.59);
    expect(randomIndex('saaty', 16)).toBeNull();
    expect(randomIndex('donegan-dodd', 20)).toBe(1.5371);
    close(randomIndex('donegan-dodd', 22) as number, 1.5371 + ((1.5619 - 1.5371) * 2) / 5, 1e-12);
    expect(randomIndex('donegan-dodd', 100)).toBe(1.6339);
    expect(randomIndex('donegan-dodd', 101)).toBeNull();
  });
});

describe('aggregation', () => {
  it('AIJ takes the geometric mean of each judgment and leaves pairs nobody compared missing', () => {
    const one = matrixFrom(3, [
      [0, 1, 2],
      [0, 2, 3],
    ]);
    const two = matrixFrom(3, [[0, 1, 8]]);
    const g = aggregateJudgments([one, two], 3);
    close(g[1] as number, 4, 1e-12);
    close(g[3] as number, 1 / 4, 1e-12);
    close(g[2] as number, 3, 1e-12);
    expect(Number.isNaN(g[5] as number)).toBe(true);
  });

  it('AIP takes the geometric mean of each priority, normalised', () => {
    const p = aggregatePriorities([Float64Array.of(0.5, 0.5), Float64Array.of(0.8, 0.2)], 2);
    const a = Math.sqrt(0.4);
    const b = Math.sqrt(0.1);
    close(p[0] as number, a / (a + b), 1e-12);
    close((p[0] as number) + (p[1] as number), 1, 1e-12);
  });
});

const saatyValue = fc.constantFrom(1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9);

describe('properties', () => {
  it('priorities sum to 1, complete or not', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 9 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.tuple(saatyValue, fc.boolean()), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
            ),
          ),
        ([n, values]) => {
          const judgments: Array<[number, number, number]> = [];
          let k = 0;
          for (let i = 0; i < n; i++)
            for (let j = i + 1; j < n; j++) {
              const [v, keep] = values[k++] as [number, boolean];
              // Keep a spanning path so that the pairs given link every item.
              if (keep || j === i + 1) judgments.push([i, j, v]);
            }
          const a = analysePairwise(matrixFrom(n, judgments), n, 'donegan-dodd');
          const sum = a.weights.reduce((s, w) => s + w, 0);
          expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
          expect(a.weights.every((w) => w > 0)).toBe(true);
          expect(a.lambdaMax).toBeGreaterThanOrEqual(n - 1e-9);
        },
      ),
    );
  });

  it('a consistent matrix has CR 0', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 3, maxLength: 12 }), (w) => {
        const n = w.length;
        const judgments: Array<[number, number, number]> = [];
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) judgments.push([i, j, (w[i] as number) / (w[j] as number)]);
        const a = analysePairwise(matrixFrom(n, judgments), n, 'saaty');
        expect(a.cr).toBe(0);
        const total = w.reduce((s, x) => s + x, 0);
        w.forEach((x, i) => {
          close(a.weights[i] as number, x / total, 1e-9);
        });
      }),
    );
  });

  it('roots agree with Math.pow (itself off by ~1e-14, as 1/k is inexact)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), fc.integer({ min: 1, max: 60 }), (x, k) => {
        const y = root(x, k);
        const expected = x ** (1 / k);
        expect(Math.abs(y - expected) / expected).toBeLessThan(1e-12);
      }),
    );
  });

  it('geometric means stay exact over products that leave the doubles', () => {
    const many = new Array(200).fill(1e300);
    close(geometricMean(many) / 1e300, 1, 1e-12);
    close(geometricMean([1e-300, 1e-300, 4e-300]) / (4 ** (1 / 3) * 1e-300), 1, 1e-12);
    expect(geometricMean([2, 8])).toBe(4);
    expect(roundTo(0.1234567895, 9)).toBe(0.12345679);
    expect(roundTo(-2.5e-10, 9)).toBe(-0);
  });
});
