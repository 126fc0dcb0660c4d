import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { evaluate, freezeEvaluation, verifyFrozenEvaluation } from '../../../src/domain/evaluation/evaluate.js';
import type { EvaluationInputDraft } from '../../../src/domain/evaluation/evaluation.schema.js';
import { DRINK_JUDGMENTS, DRINKS } from './fixtures.js';

const close = (actual: number, expected: number, tolerance = 1e-3) => expect(Math.abs(actual - expected)).toBeLessThan(tolerance);

/** A procurement: three offers, three evaluators, price, quality (two sub-criteria) and after-sales service. */
function procurement(over: Partial<EvaluationInputDraft> = {}): EvaluationInputDraft {
  const scores = (evaluator: string, criterion: string, caesar: number, atlas: number, orion: number) => ({
    kind: 'scores' as const,
    evaluator,
    criterion,
    scores: { caesar, atlas, orion },
  });
  return {
    offers: [
      { id: 'caesar', name: 'CAESAR' },
      { id: 'atlas', name: 'Atlas' },
      { id: 'orion', name: 'Orion' },
    ],
    evaluators: [
      { id: 'e1', name: 'First evaluator' },
      { id: 'e2', name: 'Second evaluator' },
      { id: 'e3', name: 'Third evaluator' },
    ],
    criteria: {
      weighting: {
        kind: 'pairwise',
        matrices: [
          {
            evaluator: 'e1',
            judgments: [
              { a: 'price', b: 'quality', value: 2 },
              { a: 'price', b: 'service', value: 4 },
              { a: 'quality', b: 'service', value: 3 },
            ],
          },
          {
            evaluator: 'e2',
            judgments: [
              { a: 'price', b: 'quality', value: 1 },
              { a: 'service', b: 'price', value: 1 / 2 },
            ],
          },
        ],
      },
      children: [
        { id: 'price', name: 'Price' },
        {
          id: 'quality',
          name: 'Quality',
          weighting: { kind: 'direct', weights: { performance: 3, reliability: 2 } },
          children: [
            { id: 'performance', name: 'Performance' },
            { id: 'reliability', name: 'Reliability' },
          ],
        },
        { id: 'service', name: 'After-sales service' },
      ],
    },
    assessments: [
      scores('e1', 'price', 9, 6, 7),
      scores('e2', 'price', 8, 6, 6),
      scores('e3', 'price', 9, 7, 6),
      scores('e1', 'performance', 6, 8, 7),
      scores('e2', 'performance', 5, 9, 7),
      scores('e3', 'performance', 6, 8, 8),
      scores('e1', 'reliability', 7, 7, 8),
      scores('e2', 'reliability', 6, 8, 8),
      scores('e3', 'reliability', 7, 6, 9),
      scores('e1', 'service', 3, 8, 6),
      {
        kind: 'pairwise',
        evaluator: 'e2',
        criterion: 'service',
        judgments: [
          { a: 'atlas', b: 'caesar', value: 3 },
          { a: 'orion', b: 'caesar', value: 2 },
        ],
      },
      scores('e3', 'service', 4, 7, 5),
    ],
    method: { aggregation: 'AIJ', smaa: { seed: 12345, draws: 5000 } },
    ...over,
  };
}

describe('an evaluation', () => {
  const { input, result } = evaluate(procurement());

  it('weights the criteria tree: each level sums to 1, the leaves too', () => {
    const top = result.criteria.filter((c) => c.parent === null);
    close(
      top.reduce((s, c) => s + c.localWeight, 0),
      1,
      1e-8,
    );
    const leaves = result.criteria.filter((c) => c.leaf);
    expect(leaves.map((c) => c.id)).toEqual(['price', 'performance', 'reliability', 'service']);
    close(
      leaves.reduce((s, c) => s + c.globalWeight, 0),
      1,
      1e-8,
    );
    const quality = result.criteria.find((c) => c.id === 'quality');
    const performance = result.criteria.find((c) => c.id === 'performance');
    close(performance?.localWeight as number, 0.6, 1e-9);
    close(performance?.globalWeight as number, (quality?.globalWeight as number) * 0.6, 1e-8);
    expect(input.method.randomIndex).toBe('saaty');
  });

  it("reports the consistency of every pairwise matrix, each evaluator's and the aggregated one, with the pairs Harker's method filled in", () => {
    const top = result.consistency.filter((c) => c.subject.kind === 'criteria');
    expect(top.map((c) => c.evaluator)).toEqual(['e1', 'e2', null]);
    expect(top[1]?.completed).toEqual([{ a: 'quality', b: 'service', value: expect.any(Number) }]);
    // e2 left quality/service out; e1 said 3: the aggregated judgment is e1's alone.
    expect(top[2]?.completed).toEqual([]);
    const service = result.consistency.filter((c) => c.subject.kind === 'offers');
    expect(service.map((c) => [c.subject, c.evaluator])).toEqual([
      [{ kind: 'offers', criterion: 'service' }, 'e2'],
      [{ kind: 'offers', criterion: 'service' }, null],
    ]);
    expect(service[0]?.completed.map((p) => [p.a, p.b])).toEqual([['atlas', 'orion']]);
    close(service[0]?.completed[0]?.value as number, 3 / 2, 1e-6);
    for (const c of result.consistency) expect(c.randomIndexTable).toBe('saaty');
  });

  it('ranks the offers by overall score, and TOPSIS cross-checks on the same figures', () => {
    expect(result.ranking.map((r) => r.rank)).toEqual([1, 2, 3]);
    close(
      result.ranking.reduce((s, r) => s + r.score, 0),
      1,
      1e-8,
    );
    const leaves = result.criteria.filter((c) => c.leaf);
    for (const r of result.ranking) {
      const expected = leaves.reduce(
        (s, c) => s + c.globalWeight * (result.priorities.find((p) => p.criterion === c.id)?.offers[r.offer] as number),
        0,
      );
      close(r.score, expected, 1e-8);
    }
    expect(result.topsis.map((t) => t.rank)).toEqual([1, 2, 3]);
    expect(result.sameFirst).toBe(result.topsis[0]?.offer === result.ranking[0]?.offer);
  });

  it('gives the flip points of every criterion that has siblings, and the first place does change there', () => {
    expect(result.flipPoints.map((f) => f.criterion)).toEqual(['price', 'quality', 'performance', 'reliability', 'service']);
    const first = result.ranking[0]?.offer;
    const service = result.flipPoints.find((f) => f.criterion === 'service');
    expect(service?.first).toBe(first);
    // Atlas ranks first unless after-sales service weighs less than w*, where CAESAR takes it.
    expect(service).toMatchObject({ first: 'atlas', above: null, below: { by: 'caesar' } });
    const flip = service?.below?.weight as number;
    // With the top weights given directly: after-sales service on either side of w*, price and quality in proportion.
    const w = Object.fromEntries(result.criteria.filter((c) => c.parent === null).map((c) => [c.id, c.localWeight]));
    const firstWith = (t: number) => {
      const rest = (1 - t) / (1 - (w.service as number));
      const draft = procurement();
      draft.criteria = {
        ...(draft.criteria as NonNullable<typeof draft.criteria>),
        weighting: {
          kind: 'direct',
          weights: { price: (w.price as number) * rest, quality: (w.quality as number) * rest, service: t },
        },
      };
      return evaluate(draft).result.ranking[0]?.offer;
    };
    expect(firstWith(flip + 0.001)).toBe('atlas');
    expect(firstWith(flip - 0.001)).toBe('caesar');
  });

  it('gives SMAA-2 rank acceptabilities that sum to 1 per offer and per rank, central weights over the leaves', () => {
    expect(result.smaa).toMatchObject({ draws: 5000, seed: 12345, values: 'exact' });
    for (const o of result.smaa.offers)
      close(
        o.rankAcceptability.reduce((s, x) => s + x, 0),
        1,
        1e-8,
      );
    for (let r = 0; r < 3; r++)
      close(
        result.smaa.offers.reduce((s, o) => s + (o.rankAcceptability[r] as number), 0),
        1,
        1e-8,
      );
    for (const o of result.smaa.offers)
      if (o.centralWeights) {
        expect(Object.keys(o.centralWeights)).toEqual(['price', 'performance', 'reliability', 'service']);
        expect(o.confidence).not.toBeNull();
      }
  });

  it('AIJ and AIP agree when every evaluator scores', () => {
    const draft = procurement();
    const onlyScores = draft.assessments?.map((a) =>
      a.kind === 'pairwise'
        ? { kind: 'scores' as const, evaluator: a.evaluator, criterion: a.criterion, scores: { caesar: 2, atlas: 6, orion: 4 } }
        : a,
    );
    const aij = evaluate({ ...draft, assessments: onlyScores }).result;
    const aip = evaluate({ ...draft, assessments: onlyScores, method: { ...draft.method, aggregation: 'AIP' } }).result;
    aij.priorities.forEach((p, l) => {
      for (const [offer, v] of Object.entries(p.offers)) close(v, aip.priorities[l]?.offers[offer] as number, 1e-8);
    });
  });

  it('samples the evaluators when asked, so the confidence factors tell their disagreement', () => {
    const draft = procurement();
    const sampled = evaluate({
      ...draft,
      method: { aggregation: 'AIP', smaa: { seed: 1, draws: 2000, values: 'evaluators' } },
    }).result;
    expect(sampled.smaa.values).toBe('evaluators');
    const confidence = sampled.smaa.offers.map((o) => o.confidence).filter((c) => c !== null) as number[];
    expect(confidence.some((c) => c > 0 && c < 1)).toBe(true);
  });
});

describe("Saaty's drinks matrix as the top weighting", () => {
  it('gives the published weights, λmax, CI and CR, with the random-index table named', () => {
    const judgments = DRINK_JUDGMENTS.map(([i, j, value]) => ({ a: DRINKS[i] as string, b: DRINKS[j] as string, value }));
    const draft: EvaluationInputDraft = {
      offers: [
        { id: 'x', name: 'X' },
        { id: 'y', name: 'Y' },
      ],
      evaluators: [{ id: 'e', name: 'E' }],
      criteria: {
        weighting: { kind: 'pairwise', matrices: [{ evaluator: 'e', judgments }] },
        children: DRINKS.map((d) => ({ id: d, name: d })),
      },
      assessments: DRINKS.map((d, i) => ({ kind: 'scores', evaluator: 'e', criterion: d, scores: { x: 1 + i, y: 7 - i } })),
      method: { aggregation: 'AIP', randomIndex: 'saaty', smaa: { seed: 0, draws: 100 } },
    };
    const { result } = evaluate(draft);
    expect(result.consistency).toHaveLength(1);
    expect(result.consistency[0]).toMatchObject({ n: 7, ri: 1.35, randomIndexTable: 'saaty', flagged: false, evaluator: 'e' });
    close(result.consistency[0]?.lambdaMax as number, 7.1766);
    close(result.consistency[0]?.ci as number, 0.0294);
    close(result.consistency[0]?.cr as number, 0.0218);
    close(result.criteria.find((c) => c.id === 'water')?.globalWeight as number, 0.3268);
    expect(result.consistency[0]?.mostInconsistent).not.toBeNull();
  });
});

describe('freezing an evaluation', () => {
  it('hashes its inputs, method, seed and result; recomputing gives the same hash and figures', () => {
    const frozen = freezeEvaluation(procurement());
    expect(frozen.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(freezeEvaluation(procurement())).toEqual(frozen);
    // What a partner's installation reads back: plain JSON.
    const copy = JSON.parse(JSON.stringify(frozen));
    expect(verifyFrozenEvaluation(copy)).toEqual({ matches: true, hash: frozen.hash, recomputedHash: frozen.hash });
  });

  it('gives this very hash on any machine', () => {
    expect(freezeEvaluation(procurement()).hash).toMatchInlineSnapshot(
      `"734cf2f4f21e5bc10a753c53f2a948ab6fa7498e515d794f3f3b1a01757902e6"`,
    );
  });

  it('no longer matches once a figure, an input or the seed is changed', () => {
    const frozen = JSON.parse(JSON.stringify(freezeEvaluation(procurement())));
    const figure = structuredClone(frozen);
    figure.result.ranking[0].score += 1e-6;
    expect(verifyFrozenEvaluation(figure).matches).toBe(false);
    const score = structuredClone(frozen);
    score.input.assessments[0].scores.caesar = 8;
    expect(verifyFrozenEvaluation(score).matches).toBe(false);
    const seed = structuredClone(frozen);
    seed.input.method.smaa.seed = 1;
    expect(verifyFrozenEvaluation(seed).matches).toBe(false);
    expect(freezeEvaluation(procurement({ method: { aggregation: 'AIJ', smaa: { seed: 1, draws: 5000 } } })).hash).not.toBe(
      frozen.hash,
    );
  });
});

describe('bad input', () => {
  const refused = (draft: unknown) => {
    try {
      evaluate(draft);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return { kind: (error as DomainError).kind, issues: (error as DomainError).issues.map((i) => [i.path, i.message]) };
    }
    throw new Error('accepted');
  };

  it('is refused with each problem at its field', () => {
    const draft = procurement();
    const missing = refused({ ...draft, assessments: draft.assessments?.slice(1) });
    expect(missing.kind).toBe('invalid');
    expect(missing.issues).toEqual([['assessments', '1 assessment(s) missing, as evaluator/criterion: e1/price']]);

    const bad = procurement();
    bad.assessments = [...(bad.assessments ?? [])];
    bad.assessments[0] = { kind: 'scores', evaluator: 'e1', criterion: 'quality', scores: { caesar: 1, atlas: 2, nobody: 3 } };
    expect(refused(bad).issues).toEqual(
      expect.arrayContaining([
        ['assessments.0.criterion', 'quality has sub-criteria: assess its leaves'],
        ['assessments.0.scores.nobody', 'unknown offer nobody'],
        ['assessments.0.scores', 'no score for offer orion'],
      ]),
    );

    const pairs = procurement();
    pairs.assessments = (pairs.assessments ?? []).map((a) =>
      a.kind === 'pairwise'
        ? {
            ...a,
            judgments: [
              { a: 'atlas', b: 'caesar', value: 3 },
              { a: 'caesar', b: 'atlas', value: 1 / 3 },
            ],
          }
        : a,
    );
    expect(refused(pairs).issues).toEqual([['assessments.10.judgments.1', 'caesar and atlas are compared twice']]);

    const apart = procurement();
    apart.assessments = (apart.assessments ?? []).map((a) =>
      a.kind === 'pairwise' ? { ...a, judgments: [{ a: 'atlas', b: 'caesar', value: 3 }] } : a,
    );
    expect(refused(apart).issues[0]?.[1]).toMatch(/2 separate groups/);

    const scale = procurement();
    scale.assessments = (scale.assessments ?? []).map((a) =>
      a.kind === 'pairwise' ? { ...a, judgments: [{ a: 'atlas', b: 'caesar', value: 12 }, ...a.judgments.slice(1)] } : a,
    );
    expect(refused(scale).issues[0]?.[0]).toBe('assessments.10.judgments.0.value');

    const tree = procurement();
    tree.criteria = {
      ...(tree.criteria as NonNullable<typeof tree.criteria>),
      children: [{ id: 'price', name: 'Price', children: [{ id: 'p', name: 'P' }] }],
    };
    expect(refused(tree).issues).toEqual(
      expect.arrayContaining([['criteria.children.0.weighting', 'a criterion with sub-criteria needs a weighting']]),
    );
  });

  it('weight bounds that no weights fit are refused; bounds that too few draws fit are over a limit', () => {
    const impossible = procurement({
      method: {
        aggregation: 'AIJ',
        smaa: { seed: 1, weightBounds: { price: { min: 0.6, max: 1 }, service: { min: 0.5, max: 1 } } },
      },
    });
    expect(refused(impossible).issues).toEqual([
      ['method.smaa.weightBounds', 'the lower bounds of the weights add up to more than 1'],
    ]);
    const narrow = procurement({
      method: {
        aggregation: 'AIJ',
        smaa: {
          seed: 1,
          draws: 100,
          weightBounds: {
            price: { min: 0, max: 0.2501 },
            performance: { min: 0, max: 0.2501 },
            reliability: { min: 0, max: 0.2501 },
            service: { min: 0, max: 0.2501 },
          },
        },
      },
    });
    expect(refused(narrow).kind).toBe('unprocessable');
  });
});
