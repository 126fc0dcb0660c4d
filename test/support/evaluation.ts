import type { CriteriaDesign, EvaluatorInputs } from '../../src/domain/evaluation/workspace.js';

/** Price, quality (performance and reliability, weighted 3 : 2) and after-sales service, the top compared pairwise. */
export const CRITERIA: CriteriaDesign = {
  weighting: { kind: 'pairwise' },
  items: [
    { id: 'price', name: 'Price', parent: null },
    { id: 'quality', name: 'Quality', parent: null, weighting: { kind: 'direct', weights: { performance: 3, reliability: 2 } } },
    { id: 'performance', name: 'Performance', parent: 'quality' },
    { id: 'reliability', name: 'Reliability', parent: 'quality' },
    { id: 'service', name: 'After-sales service', parent: null },
  ],
};

/** The need of the programmes these suites evaluate: 36 systems, within 1.9 bn MAD. */
export const NEED = {
  capabilityGap: 'Long-range fires',
  quantity: 36,
  requiredBy: '2028-06-30',
  budgetCeiling: { amount: '1900000000.00', currency: 'MAD' },
};

export const METHOD = { aggregation: 'AIJ', smaa: { seed: 20260112, draws: 2000 } } as const;

/**
 * One evaluator's complete inputs on the offers given: the top criteria
 * compared, the offers scored on three leaves and compared pairwise on
 * after-sales service. `tilt` shifts the scores, so that evaluators differ.
 */
export function inputsFor(offers: string[], tilt = 0): EvaluatorInputs {
  const scores = (...values: number[]) => Object.fromEntries(offers.map((o, i) => [o, (values[i] ?? 5) + tilt]));
  const [first, ...rest] = offers as [string, ...string[]];
  return {
    criteria: [
      {
        node: null,
        judgments: [
          { a: 'price', b: 'quality', value: 2 },
          { a: 'price', b: 'service', value: 4 },
          { a: 'quality', b: 'service', value: 3 - tilt / 2 },
        ],
      },
    ],
    assessments: [
      { kind: 'scores', criterion: 'price', scores: scores(9, 6, 7) },
      { kind: 'scores', criterion: 'performance', scores: scores(6, 8, 7) },
      { kind: 'scores', criterion: 'reliability', scores: scores(7, 7, 8) },
      {
        kind: 'pairwise',
        criterion: 'service',
        judgments: rest.map((o, i) => ({ a: o, b: first, value: 3 - i })),
      },
    ],
  };
}
