import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/domain/evaluation/evaluate.js';
import { EVALUATION_LIMITS } from '../../../src/domain/evaluation/evaluation.schema.js';

/** An input of `leaves` leaf criteria under the root, `offers` offers scored by one evaluator, and `draws` draws. */
function sized(leaves: number, offers: number, draws: number) {
  const offerIds = Array.from({ length: offers }, (_, i) => `o${i + 1}`);
  const leafIds = Array.from({ length: leaves }, (_, i) => `c${i + 1}`);
  return {
    offers: offerIds.map((id) => ({ id, name: id })),
    evaluators: [{ id: 'e1', name: 'Evaluator' }],
    criteria: {
      weighting: { kind: 'direct', weights: Object.fromEntries(leafIds.map((id, i) => [id, 1 + (i % 3)])) },
      children: leafIds.map((id) => ({ id, name: id })),
    },
    assessments: leafIds.map((criterion, l) => ({
      kind: 'scores',
      evaluator: 'e1',
      criterion,
      scores: Object.fromEntries(offerIds.map((id, i) => [id, 1 + ((i + l) % 9)])),
    })),
    method: { aggregation: 'AIJ', smaa: { seed: 1, draws } },
  };
}

describe('the size of an evaluation', () => {
  it('refuses, coded, draws × leaf criteria × offers above the bound, each within its own limit', () => {
    const leaves = 100;
    const offers = 50;
    const draws = EVALUATION_LIMITS.smaaWork / (leaves * offers) + 1;
    expect(leaves).toBeLessThanOrEqual(EVALUATION_LIMITS.criteria);
    expect(offers).toBeLessThanOrEqual(EVALUATION_LIMITS.offers);
    expect(draws).toBeLessThanOrEqual(EVALUATION_LIMITS.draws);
    let refusal: unknown;
    try {
      evaluate(sized(leaves, offers, draws));
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toMatchObject({
      code: 'evaluation.too_much_work',
      params: { draws, leaves, offers, max: EVALUATION_LIMITS.smaaWork },
      issues: [expect.objectContaining({ path: 'method.smaa.draws', code: 'evaluation.too_much_work' })],
    });
  });

  it('computes the same shape with fewer draws', () => {
    const { result } = evaluate(sized(100, 50, 100));
    expect(result.ranking).toHaveLength(50);
    expect(result.smaa.draws).toBe(100);
  });
});
