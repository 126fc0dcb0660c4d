import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/domain/evaluation/evaluate.js';
import { evaluationMethodSchema } from '../../../src/domain/evaluation/evaluation.schema.js';
import { assembleEvaluation, designIssues, evaluationState } from '../../../src/domain/evaluation/workspace.js';
import { CRITERIA, inputsFor, METHOD } from '../../support/evaluation.js';

const offers = [
  { id: 'o1', name: 'Offer 1' },
  { id: 'o2', name: 'Offer 2' },
  { id: 'o3', name: 'Offer 3' },
];
const ids = offers.map((o) => o.id);
const method = evaluationMethodSchema.parse(METHOD);
const evaluators = [
  { id: 'e1', name: 'First', inputs: inputsFor(ids) },
  { id: 'e2', name: 'Second', inputs: inputsFor(ids, 1) },
];

describe("an evaluation's parts, as people record them", () => {
  it('become the tree input the domain evaluates, the same as one written by hand', () => {
    const { input, missing } = assembleEvaluation({ criteria: CRITERIA, method, offers, evaluators });
    expect(missing).toEqual([]);
    const byHand = {
      offers,
      evaluators: evaluators.map(({ id, name }) => ({ id, name })),
      criteria: {
        weighting: {
          kind: 'pairwise' as const,
          matrices: evaluators.map((e) => ({ evaluator: e.id, judgments: e.inputs.criteria[0]?.judgments ?? [] })),
        },
        children: [
          { id: 'price', name: 'Price' },
          {
            id: 'quality',
            name: 'Quality',
            weighting: { kind: 'direct' as const, weights: { performance: 3, reliability: 2 } },
            children: [
              { id: 'performance', name: 'Performance' },
              { id: 'reliability', name: 'Reliability' },
            ],
          },
          { id: 'service', name: 'After-sales service' },
        ],
      },
      assessments: evaluators.flatMap((e) => e.inputs.assessments.map((a) => ({ ...a, evaluator: e.id }))),
      method: METHOD,
    };
    expect(evaluate(input).result).toEqual(evaluate(byHand).result);
  });

  it('name what is missing, coded, and leave out what is about offers withdrawn', () => {
    expect(assembleEvaluation({ criteria: null, method: null, offers: [], evaluators: [] }).missing.map((m) => m.code)).toEqual([
      'evaluation.missing_criteria',
      'evaluation.missing_method',
      'evaluation.too_few_offers',
      'evaluation.no_evaluators',
    ]);
    const partial = { ...inputsFor(ids), criteria: [] };
    partial.assessments = partial.assessments.filter((a) => a.criterion !== 'service');
    const found = assembleEvaluation({
      criteria: CRITERIA,
      method,
      offers,
      evaluators: [{ id: 'e1', name: 'First', inputs: partial }],
    });
    expect(found.input).toBeNull();
    expect(found.missing.map((m) => [m.path, m.code, m.params])).toEqual([
      ['evaluators.0.inputs.criteria', 'evaluation.missing_top_matrix', { evaluator: 'First' }],
      [
        'evaluators.0.inputs.assessments',
        'evaluation.missing_assessment',
        { evaluator: 'First', criterion: 'After-sales service' },
      ],
    ]);
    // Offer 3 withdrawn: the scores and judgments about it no longer count.
    const two = assembleEvaluation({ criteria: CRITERIA, method, offers: offers.slice(0, 2), evaluators });
    expect(two.missing).toEqual([]);
    expect(JSON.stringify(two.input)).not.toContain('"o3"');
    // A new offer nobody scored yet is missing from the scores.
    const more = assembleEvaluation({
      criteria: CRITERIA,
      method,
      offers: [...offers, { id: 'o4', name: 'Offer 4' }],
      evaluators,
    });
    expect(more.missing.filter((m) => m.code === 'evaluation.missing_scores')).toHaveLength(6);
  });

  it("are checked by the domain's rules, each issue at its place in the list", () => {
    expect(designIssues(CRITERIA, method)).toEqual([]);
    const issues = designIssues(
      {
        weighting: { kind: 'direct', weights: { price: 1, quality: 1, service: 1 } },
        items: [
          ...CRITERIA.items.slice(0, 3),
          { id: 'price', name: 'Price again', parent: null },
          { id: 'reliability', name: 'Reliability', parent: 'quality', weighting: { kind: 'pairwise' } },
          { id: 'service', name: 'Service', parent: 'nowhere' },
        ],
      },
      evaluationMethodSchema.parse({ ...METHOD, smaa: { ...METHOD.smaa, weightBounds: { quality: { min: 0, max: 1 } } } }),
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual(
      expect.arrayContaining([
        ['criteria.items.3.id', 'evaluation.repeated_criterion'],
        ['criteria.items.5.parent', 'evaluation.unknown_parent'],
        ['criteria.items.4.weighting', 'evaluation.leaf_weighting'],
        ['method.smaa.weightBounds.quality', 'evaluation.bounds_not_leaf'],
      ]),
    );
  });

  it('are open while the programme is in evaluation, frozen at selection, closed otherwise', () => {
    expect(evaluationState('evaluation', false)).toBe('open');
    expect(evaluationState('selected', true)).toBe('frozen');
    expect(evaluationState('cancelled', false)).toBe('closed');
  });
});
