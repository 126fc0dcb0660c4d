/**
 * The comparative evaluation of offers inside a procurement record: its
 * inputs (offers, evaluators, criteria tree with its weighting, each
 * evaluator's assessments, the method) and its result. One schema for the
 * resource; the store, the API and the web build on these.
 *
 * Ids here are the evaluation's own short ids for offers, evaluators and
 * criteria (a record's UUIDs fit too). A pairwise judgment `{ a, b, value }`
 * says how many times a is preferred to b on Saaty's 1–9 scale (1/9 to 9;
 * values below 1 prefer b); pairs left out are missing and completed by
 * Harker's method, as long as the pairs given link every item.
 */
import { z } from 'zod';
import type { ProblemParams } from '../errors.js';
import { issue, matching, type ProblemCode, refinement, refusing } from '../problems.js';
import { RANDOM_INDEX_TABLE_NAMES } from './ahp.js';

export const EVALUATION_LIMITS = {
  offers: 50,
  evaluators: 50,
  criteria: 500,
  children: 100,
  depth: 8,
  judgments: 5000,
  assessments: 50_000,
  draws: 100_000,
  /**
   * Draws × leaf criteria × offers, the work of the stability analysis: each
   * bound above allows far more together than computes in about a second
   * (50 leaves × 10 offers × 10,000 draws takes some 0.1–0.2 s).
   */
  smaaWork: 25_000_000,
} as const;

export const AGGREGATIONS = ['AIJ', 'AIP'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const SMAA_VALUE_MODES = ['exact', 'evaluators'] as const;

const localIdSchema = matching(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'field.local_id_format', { example: 'offer-1' })
  .max(64)
  .describe('Id within the evaluation');
const nameSchema = z.string().trim().min(1).max(200);

export const judgmentSchema = z.strictObject({
  a: localIdSchema,
  b: localIdSchema,
  value: z
    .number()
    .min(1 / 9 - 1e-9)
    .max(9)
    .describe("How many times a is preferred to b, on Saaty's 1–9 scale (1/9 to 9)"),
});
export type Judgment = z.infer<typeof judgmentSchema>;

export const comparisonMatrixSchema = z.strictObject({
  evaluator: localIdSchema,
  judgments: z
    .array(judgmentSchema)
    .max(EVALUATION_LIMITS.judgments)
    .describe('One judgment per pair compared; pairs left out are missing'),
});

export const weightingSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('direct'),
      weights: z.record(localIdSchema, z.number().min(0).max(1e9)).describe('Weight of each child, normalised to sum 1'),
    }),
    z.strictObject({
      kind: z.literal('pairwise'),
      matrices: z
        .array(comparisonMatrixSchema)
        .min(1)
        .max(EVALUATION_LIMITS.evaluators)
        .describe('One matrix per evaluator who compared the children'),
    }),
  ])
  .describe("How a node's children are weighted: given directly, or from pairwise comparisons");
export type Weighting = z.infer<typeof weightingSchema>;

export type CriterionNode = {
  id: string;
  name: string;
  weighting?: Weighting | undefined;
  children?: CriterionNode[] | undefined;
};

export const criterionNodeSchema = z
  .strictObject({
    id: localIdSchema,
    name: nameSchema,
    weighting: weightingSchema.optional().describe('Required when the criterion has sub-criteria'),
    get children(): z.ZodOptional<z.ZodArray<typeof criterionNodeSchema>> {
      return z.array(criterionNodeSchema).min(1).max(EVALUATION_LIMITS.children).optional();
    },
  })
  .describe('A criterion, with its sub-criteria if any');

export const criteriaTreeSchema = z
  .strictObject({
    weighting: weightingSchema,
    children: z.array(criterionNodeSchema).min(1).max(EVALUATION_LIMITS.children),
  })
  .describe('The criteria tree: the weighting of the top criteria and the criteria');
export type CriteriaTree = z.infer<typeof criteriaTreeSchema>;

export const assessmentSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('scores'),
      evaluator: localIdSchema,
      criterion: localIdSchema.describe('A leaf criterion'),
      scores: z.record(localIdSchema, z.number().positive().max(1e9)).describe('Score of every offer, more is better'),
    }),
    z.strictObject({
      kind: z.literal('pairwise'),
      evaluator: localIdSchema,
      criterion: localIdSchema.describe('A leaf criterion'),
      judgments: z.array(judgmentSchema).max(EVALUATION_LIMITS.judgments).describe('Offers compared pairwise'),
    }),
  ])
  .describe("One evaluator's assessment of the offers on one leaf criterion");
export type Assessment = z.infer<typeof assessmentSchema>;

export const weightBoundsSchema = z
  .strictObject({ min: z.number().min(0).max(1), max: z.number().min(0).max(1) })
  .refine((b) => b.min <= b.max, refusing('evaluation.bound_min_above_max', ['max']));

export const evaluationMethodSchema = z.strictObject({
  aggregation: z.enum(AGGREGATIONS).describe("Evaluators' judgments (AIJ) or priorities (AIP), by geometric mean"),
  randomIndex: z.enum(RANDOM_INDEX_TABLE_NAMES).default('saaty'),
  smaa: z.strictObject({
    draws: z.number().int().min(100).max(EVALUATION_LIMITS.draws).default(10_000),
    seed: z.number().int().min(0).max(2_147_483_647).describe('Seed of the xoroshiro128+ generator'),
    weightBounds: z
      .record(localIdSchema, weightBoundsSchema)
      .optional()
      .describe('Bounds on leaf criteria weights; a leaf left out ranges over [0, 1]'),
    values: z
      .enum(SMAA_VALUE_MODES)
      .default('exact')
      .describe("exact: the aggregated priorities; evaluators: each draw takes one evaluator's priorities per criterion"),
  }),
});
export type EvaluationMethod = z.infer<typeof evaluationMethodSchema>;

const partySchema = z.strictObject({ id: localIdSchema, name: nameSchema });

type Ctx = z.core.$RefinementCtx<unknown>;
type Path = (string | number)[];

/** The refinement's issue at `path`, by its catalogue code. */
const flag = (ctx: Ctx, path: Path, code: ProblemCode, params: ProblemParams = {}) =>
  ctx.addIssue({ ...refinement(issue('', code, params)), path });

function checkWeighting(w: Weighting, children: readonly string[], path: Path, ctx: Ctx, evaluators: ReadonlySet<string>) {
  const known = new Set(children);
  if (w.kind === 'direct') {
    for (const id of Object.keys(w.weights))
      if (!known.has(id)) flag(ctx, [...path, 'weights', id], 'evaluation.not_a_child', { id });
    for (const id of children) if (!(id in w.weights)) flag(ctx, [...path, 'weights'], 'evaluation.no_weight', { id });
    if (!Object.values(w.weights).some((v) => v > 0)) flag(ctx, [...path, 'weights'], 'evaluation.weights_all_zero');
    return;
  }
  const seen = new Set<string>();
  w.matrices.forEach((m, i) => {
    if (!evaluators.has(m.evaluator))
      flag(ctx, [...path, 'matrices', i, 'evaluator'], 'evaluation.unknown_evaluator', { evaluator: m.evaluator });
    if (seen.has(m.evaluator))
      flag(ctx, [...path, 'matrices', i, 'evaluator'], 'evaluation.two_matrices', { evaluator: m.evaluator });
    seen.add(m.evaluator);
    checkJudgments(m.judgments, children, [...path, 'matrices', i, 'judgments'], ctx);
  });
}

/** The judgments name known items, each pair once, and link every item (else Harker's method cannot complete them). */
export function checkJudgments(judgments: readonly Judgment[], items: readonly string[], path: Path, ctx: Ctx) {
  const index = new Map(items.map((id, i) => [id, i]));
  const pairs = new Set<string>();
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] as number;
    return i;
  };
  let ok = true;
  judgments.forEach((j, k) => {
    const a = index.get(j.a);
    const b = index.get(j.b);
    if (a === undefined || b === undefined) {
      ok = false;
      flag(ctx, [...path, k], 'evaluation.not_compared_here', { id: a === undefined ? j.a : j.b });
      return;
    }
    if (a === b) {
      ok = false;
      flag(ctx, [...path, k], 'evaluation.compared_with_itself', { id: j.a });
      return;
    }
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (pairs.has(key)) {
      ok = false;
      flag(ctx, [...path, k], 'evaluation.compared_twice', { a: j.a, b: j.b });
      return;
    }
    pairs.add(key);
    parent[find(a)] = find(b);
  });
  if (ok && items.length > 1) {
    const roots = new Set(items.map((_, i) => find(i)));
    if (roots.size > 1) flag(ctx, path, 'evaluation.separate_groups', { count: roots.size });
  }
}

export const evaluationInputSchema = z
  .strictObject({
    offers: z.array(partySchema).min(2).max(EVALUATION_LIMITS.offers),
    evaluators: z.array(partySchema).min(1).max(EVALUATION_LIMITS.evaluators),
    criteria: criteriaTreeSchema,
    assessments: z.array(assessmentSchema).max(EVALUATION_LIMITS.assessments),
    method: evaluationMethodSchema,
  })
  .superRefine((e, ctx) => {
    const unique = (list: { id: string }[], path: string) => {
      const seen = new Set<string>();
      list.forEach((x, i) => {
        if (seen.has(x.id)) flag(ctx, [path, i, 'id'], 'evaluation.repeated_id', { id: x.id });
        seen.add(x.id);
      });
    };
    unique(e.offers, 'offers');
    unique(e.evaluators, 'evaluators');
    const evaluators = new Set(e.evaluators.map((x) => x.id));
    const offers = e.offers.map((o) => o.id);

    // The tree: unique ids, a weighting exactly where there are children, bounded depth.
    const ids = new Set<string>();
    const leaves = new Set<string>();
    let count = 0;
    const walk = (nodes: CriterionNode[], path: Path, depth: number) => {
      nodes.forEach((c, i) => {
        count += 1;
        const here = [...path, i];
        if (ids.has(c.id)) flag(ctx, [...here, 'id'], 'evaluation.repeated_criterion', { criterion: c.id });
        ids.add(c.id);
        if (c.children) {
          if (depth >= EVALUATION_LIMITS.depth) flag(ctx, here, 'evaluation.too_deep', { max: EVALUATION_LIMITS.depth });
          else {
            if (!c.weighting) flag(ctx, [...here, 'weighting'], 'evaluation.weighting_required');
            else
              checkWeighting(
                c.weighting,
                c.children.map((x) => x.id),
                [...here, 'weighting'],
                ctx,
                evaluators,
              );
            walk(c.children, [...here, 'children'], depth + 1);
          }
        } else {
          if (c.weighting) flag(ctx, [...here, 'weighting'], 'evaluation.leaf_weighting');
          leaves.add(c.id);
        }
      });
    };
    walk(e.criteria.children, ['criteria', 'children'], 1);
    checkWeighting(
      e.criteria.weighting,
      e.criteria.children.map((c) => c.id),
      ['criteria', 'weighting'],
      ctx,
      evaluators,
    );
    if (count > EVALUATION_LIMITS.criteria)
      flag(ctx, ['criteria'], 'evaluation.too_many_criteria', { max: EVALUATION_LIMITS.criteria });

    // Assessments: one per evaluator and leaf criterion, every offer covered.
    const given = new Set<string>();
    e.assessments.forEach((a, i) => {
      const path = ['assessments', i];
      if (!evaluators.has(a.evaluator))
        flag(ctx, [...path, 'evaluator'], 'evaluation.unknown_evaluator', { evaluator: a.evaluator });
      if (!leaves.has(a.criterion))
        flag(ctx, [...path, 'criterion'], ids.has(a.criterion) ? 'evaluation.assess_leaves' : 'evaluation.unknown_criterion', {
          criterion: a.criterion,
        });
      const key = `${a.evaluator}\u0000${a.criterion}`;
      if (given.has(key))
        flag(ctx, [...path, 'criterion'], 'evaluation.assessed_twice', { evaluator: a.evaluator, criterion: a.criterion });
      given.add(key);
      if (a.kind === 'scores') {
        for (const id of Object.keys(a.scores))
          if (!offers.includes(id)) flag(ctx, [...path, 'scores', id], 'evaluation.unknown_offer', { offer: id });
        for (const id of offers) if (!(id in a.scores)) flag(ctx, [...path, 'scores'], 'evaluation.no_score', { offer: id });
      } else checkJudgments(a.judgments, offers, [...path, 'judgments'], ctx);
    });
    const missing: string[] = [];
    for (const ev of evaluators) for (const leaf of leaves) if (!given.has(`${ev}\u0000${leaf}`)) missing.push(`${ev}/${leaf}`);
    if (missing.length)
      flag(ctx, ['assessments'], 'evaluation.assessments_missing', {
        count: missing.length,
        missing: `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
      });

    // SMAA weight bounds: on leaves, and some weights within them add up to 1.
    const bounds = e.method.smaa.weightBounds;
    if (bounds) {
      let low = 0;
      let high = 0;
      for (const id of Object.keys(bounds))
        if (!leaves.has(id)) flag(ctx, ['method', 'smaa', 'weightBounds', id], 'evaluation.bounds_not_leaf', { criterion: id });
      for (const id of leaves) {
        low += bounds[id]?.min ?? 0;
        high += bounds[id]?.max ?? 1;
      }
      // No weights within the bounds add up to 1: the minima must add up to at most 1, the maxima to at least 1.
      if (low > 1 + 1e-9) flag(ctx, ['method', 'smaa', 'weightBounds'], 'field.weight_bounds_lower_over_one');
      if (high < 1 - 1e-9) flag(ctx, ['method', 'smaa', 'weightBounds'], 'field.weight_bounds_upper_under_one');
    }
  })
  .describe('Comparative evaluation of offers: inputs and method');
export type EvaluationInput = z.infer<typeof evaluationInputSchema>;
export type EvaluationInputDraft = z.input<typeof evaluationInputSchema>;

// The result (every figure rounded to RESULT_DECIMALS places).

const pairSchema = z.object({ a: localIdSchema, b: localIdSchema });

export const consistencySchema = z
  .object({
    subject: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('criteria'), node: localIdSchema.nullable().describe('The parent criterion; null: the top') }),
      z.object({ kind: z.literal('offers'), criterion: localIdSchema }),
    ]),
    evaluator: localIdSchema.nullable().describe("null: the evaluators' aggregated judgments (AIJ)"),
    n: z.number().int(),
    lambdaMax: z.number(),
    ci: z.number(),
    randomIndexTable: z.enum(RANDOM_INDEX_TABLE_NAMES),
    ri: z.number().nullable().describe('null: the table does not go to this size'),
    cr: z.number().nullable(),
    flagged: z.boolean().describe('CR above 0.10'),
    completed: z.array(pairSchema.extend({ value: z.number() })).describe("Pairs filled in by Harker's method"),
    mostInconsistent: pairSchema
      .extend({ given: z.number(), implied: z.number(), deviation: z.number() })
      .nullable()
      .describe('The judgment furthest from what the priorities imply'),
  })
  .describe('Consistency of one comparison matrix');
export type Consistency = z.infer<typeof consistencySchema>;

const boundSchema = z.object({ weight: z.number(), by: localIdSchema }).nullable();

export const evaluationResultSchema = z
  .object({
    criteria: z.array(
      z.object({
        id: localIdSchema,
        parent: localIdSchema.nullable(),
        leaf: z.boolean(),
        localWeight: z.number(),
        globalWeight: z.number(),
      }),
    ),
    consistency: z.array(consistencySchema),
    priorities: z
      .array(z.object({ criterion: localIdSchema, offers: z.record(localIdSchema, z.number()) }))
      .describe("Offers' aggregated priorities on each leaf criterion"),
    ranking: z.array(z.object({ offer: localIdSchema, score: z.number(), rank: z.number().int() })),
    topsis: z.array(z.object({ offer: localIdSchema, closeness: z.number(), rank: z.number().int() })),
    sameFirst: z.boolean().describe('TOPSIS ranks first the same offer'),
    flipPoints: z
      .array(
        z.object({
          criterion: localIdSchema,
          weight: z.number().describe('Its local weight now'),
          first: localIdSchema,
          below: boundSchema.describe('Below this weight, `by` ranks first'),
          above: boundSchema.describe('Above this weight, `by` ranks first'),
        }),
      )
      .describe('One-way flip points of each criterion'),
    smaa: z.object({
      draws: z.number().int(),
      seed: z.number().int(),
      values: z.enum(SMAA_VALUE_MODES),
      offers: z.array(
        z.object({
          offer: localIdSchema,
          rankAcceptability: z.array(z.number()).describe('Share of draws giving each rank, first to last'),
          centralWeights: z.record(localIdSchema, z.number()).nullable().describe('null: never ranks first'),
          confidence: z.number().nullable(),
        }),
      ),
    }),
  })
  .describe('Result of a comparative evaluation');
export type EvaluationResult = z.infer<typeof evaluationResultSchema>;

export const frozenEvaluationSchema = z
  .strictObject({
    format: z.literal('jointplan.evaluation/1'),
    input: evaluationInputSchema,
    result: evaluationResultSchema,
    hashAlgorithm: z.literal('sha-256'),
    hash: matching(/^[0-9a-f]{64}$/, 'field.hex_digits', { count: 64 }),
  })
  .describe('An evaluation frozen at selection: its inputs, method, seed and result, and their hash');
export type FrozenEvaluation = z.infer<typeof frozenEvaluationSchema>;
