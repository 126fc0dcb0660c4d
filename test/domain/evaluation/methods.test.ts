import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipPoints, type Hierarchy, ranksOf, subtreeScores } from '../../../src/domain/evaluation/hierarchy.js';
import { SmaaBoundsError, smaa2 } from '../../../src/domain/evaluation/smaa.js';
import { topsis } from '../../../src/domain/evaluation/topsis.js';

const close = (actual: number, expected: number, tolerance = 1e-3) => expect(Math.abs(actual - expected)).toBeLessThan(tolerance);

describe('TOPSIS', () => {
  it('gives closeness 0.3877, 0.6503, 0.0835 on the textbook matrix', () => {
    const x = Float64Array.of(9, 7, 6, 7, 8, 7, 9, 6, 7, 8, 6, 6);
    const c = topsis(x, 3, 4, [4, 2, 6, 8]);
    [0.3877, 0.6503, 0.0835].forEach((v, i) => {
      close(c[i] as number, v);
    });
  });

  it('turns a cost criterion round', () => {
    const x = Float64Array.of(1, 2);
    expect([...topsis(x, 2, 1, [1])]).toEqual([0, 1]);
    expect([...topsis(x, 2, 1, [1], [true])]).toEqual([1, 0]);
  });

  it('gives alike offers 0.5 each', () => {
    expect([...topsis(Float64Array.of(3, 3, 3, 3), 2, 2, [1, 1])]).toEqual([0.5, 0.5]);
  });
});

const IDENTITY = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);

describe('SMAA-2', () => {
  it('on three alternatives forming an identity matrix, each ranks first a third of the time, with central weights (11/18, 7/36, 7/36) for the first', () => {
    const s = smaa2({ m: 3, k: 3, values: IDENTITY, samples: 1, draws: 10_000, seed: 42 });
    for (let i = 0; i < 3; i++) close(s.rankAcceptability[i * 3] as number, 1 / 3, 0.01);
    close(s.centralWeights[0] as number, 11 / 18, 0.01);
    close(s.centralWeights[1] as number, 7 / 36, 0.01);
    close(s.centralWeights[2] as number, 7 / 36, 0.01);
    // Exact values: an alternative under its own central weights ranks first.
    expect([...s.confidence]).toEqual([1, 1, 1]);
  });

  it('gives the same figures for the same seed, other figures for another', () => {
    const run = (seed: number) => smaa2({ m: 3, k: 3, values: IDENTITY, samples: 1, draws: 2000, seed });
    expect(run(7)).toEqual(run(7));
    expect(run(7).rankAcceptability).not.toEqual(run(8).rankAcceptability);
  });

  it('gives these very figures on any machine (xoroshiro128+ through uniformFloat64, four operations only)', () => {
    const s = smaa2({ m: 3, k: 3, values: IDENTITY, samples: 1, draws: 10_000, seed: 20_260_101 });
    expect(Array.from(s.rankAcceptability, (v) => Math.round(v * 10_000))).toMatchInlineSnapshot(`
      [
        3331,
        3336,
        3333,
        3327,
        3378,
        3295,
        3342,
        3286,
        3372,
      ]
    `);
    expect(Array.from(s.centralWeights, (v) => v.toFixed(12))).toMatchInlineSnapshot(`
      [
        "0.609981699926",
        "0.198090659416",
        "0.191927640658",
        "0.193996727931",
        "0.612515341275",
        "0.193487930794",
        "0.194026831875",
        "0.193443336906",
        "0.612529831219",
      ]
    `);
  });

  it('keeps the weights within the bounds given, and says when too few draws fall within them', () => {
    const lower = Float64Array.of(0.5, 0, 0);
    const upper = Float64Array.of(0.6, 1, 0.2);
    const s = smaa2({ m: 3, k: 3, values: IDENTITY, samples: 1, draws: 2000, seed: 1, lower, upper });
    // Alternative 0 needs w0 above w1 and w2: with w0 >= 0.5 it always ranks first.
    expect(s.rankAcceptability[0]).toBe(1);
    close(s.centralWeights[0] as number, 0.55, 0.01);
    expect(s.centralWeights[2] as number).toBeLessThanOrEqual(0.2);
    expect(Number.isNaN(s.centralWeights[3] as number)).toBe(true);
    expect(Number.isNaN(s.confidence[1] as number)).toBe(true);
    const tight = new Float64Array(10).fill(0.1001);
    expect(() =>
      smaa2({ m: 2, k: 10, values: new Float64Array(20).fill(1), samples: 1, draws: 100, seed: 1, upper: tight }),
    ).toThrow(SmaaBoundsError);
  });

  it('draws one sample per criterion when values come from several evaluators', () => {
    // Evaluator 1 prefers alternative 0 on both criteria, evaluator 2 alternative 1.
    const values = Float64Array.of(0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.9, 0.9);
    const s = smaa2({ m: 2, k: 2, values, samples: 2, draws: 10_000, seed: 3 });
    close(s.rankAcceptability[0] as number, 0.5, 0.02);
    close(s.confidence[0] as number, 0.5, 0.02);
  });

  it('rank acceptabilities of each rank, and of each alternative, sum to 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2_147_483_647 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 30, maxLength: 30 }),
        (m, k, seed, pool) => {
          const values = Float64Array.from({ length: m * k }, (_, c) => pool[c % pool.length] as number);
          const s = smaa2({ m, k, values, samples: 1, draws: 300, seed });
          for (let r = 0; r < m; r++) {
            let byRank = 0;
            let byAlternative = 0;
            for (let i = 0; i < m; i++) {
              byRank += s.rankAcceptability[i * m + r] as number;
              byAlternative += s.rankAcceptability[r * m + i] as number;
            }
            close(byRank, 1, 1e-9);
            close(byAlternative, 1, 1e-9);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

// Root with price (0.7) and service (0.3); service has sub-criteria
// support (0.5) and training (0.5). Offers A and B.
const tree: Hierarchy = {
  parent: Int32Array.of(-1, 0, 0, 2, 2),
  local: Float64Array.of(1, 0.7, 0.3, 0.5, 0.5),
  leaf: Int32Array.of(-1, 0, -1, 1, 2),
  children: [[1, 2], [], [3, 4], [], []],
  leaves: 3,
};
// Priorities (offer × leaf): A strong on price, B on service.
const P = Float64Array.of(0.7, 0.2, 0.2, 0.3, 0.8, 0.8);

describe('one-way flip points', () => {
  it('name the weight of each criterion at which the first place changes', () => {
    const scores = subtreeScores(tree, P, 2).slice(0, 2);
    close(scores[0] as number, 0.7 * 0.7 + 0.3 * 0.2, 1e-12);
    const flips = flipPoints(tree, P, 2);
    const price = flips.find((f) => f.node === 1);
    expect(price).toMatchObject({ first: 0, above: null, below: { by: 1 } });
    // A: 0.2 + 0.5 t, B: 0.8 − 0.5 t, equal at t = 0.6.
    close(price?.below?.weight as number, 0.6, 1e-12);
    const service = flips.find((f) => f.node === 2);
    expect(service).toMatchObject({ first: 0, below: null, above: { by: 1 } });
    close(service?.above?.weight as number, 0.4, 1e-12);
    // Support against training changes nothing: both favour B alike.
    expect(flips.find((f) => f.node === 3)).toMatchObject({ below: null, above: null });
  });

  it('are where the ranking really turns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 9, maxLength: 9 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (raw, wPrice, wSupport) => {
          const priorities = Float64Array.from(raw);
          const h: Hierarchy = { ...tree, local: Float64Array.of(1, wPrice, 1 - wPrice, wSupport, 1 - wSupport) };
          const first = ranksOf(subtreeScores(h, priorities, 3).slice(0, 3)).indexOf(0);
          for (const f of flipPoints(h, priorities, 3)) {
            const sibling = (h.children[h.parent[f.node] as number] as number[]).find((s) => s !== f.node) as number;
            const scoresAt = (t: number) => {
              const local = Float64Array.from(h.local);
              local[f.node] = t;
              local[sibling] = 1 - t;
              return subtreeScores({ ...h, local }, priorities, 3).slice(0, 3);
            };
            const firstAt = (t: number) => ranksOf(scoresAt(t)).indexOf(0);
            for (const side of [f.below, f.above]) {
              if (!side) continue;
              const beyond = side === f.below ? side.weight - 1e-6 : side.weight + 1e-6;
              if (beyond < 0 || beyond > 1) continue;
              // Beyond the flip the offer named takes first place, or, where two offers' scores differ by
              // less than a double can tell (1e-15 apart), ties the first to within 1e-12.
              const s = scoresAt(beyond);
              if (firstAt(beyond) === first) expect(s[side.by] as number).toBeGreaterThan((s[first] as number) - 1e-12);
              else expect(firstAt(beyond)).toBe(side.by);
            }
            const inside = ((f.below?.weight ?? 0) + (f.above?.weight ?? 1)) / 2;
            expect(firstAt(inside)).toBe(first);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
