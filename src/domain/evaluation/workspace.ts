/**
 * The evaluation of a programme's offers as people build it, before and
 * after it is frozen: the programme's planners set the criteria (a flat list,
 * each criterion after its parent, with how each node's sub-criteria are
 * weighted: directly, or pairwise by every evaluator) and the method; each
 * evaluator records their own inputs (their comparison matrices of criteria,
 * their scores or pairwise comparisons of the offers on each leaf).
 * `assembleEvaluation` puts these together into the input `evaluate` takes,
 * or names, coded, what is still missing.
 *
 * The offers are the programme's offers not withdrawn, named by a neutral
 * code of their order on the programme ("O2", see offer-code.ts), never by
 * their supplier: the input is hashed and shown to every reader of the
 * programme, some of whom may not read the supplier.
 */
import { z } from 'zod';
import { idSchema, versionSchema } from '../common.schema.js';
import type { FieldIssue, ProblemParams } from '../errors.js';
import { fieldIssueSchema } from '../problem.schema.js';
import { issue, type ProblemCode, refinement, zodFieldIssue } from '../problems.js';
import { NAMED_IF_OWN_PARTY } from '../user-naming.js';
import {
  assessmentSchema,
  type CriterionNode,
  checkJudgments,
  criterionNodeSchema,
  EVALUATION_LIMITS,
  type EvaluationInputDraft,
  type EvaluationMethod,
  evaluationInputSchema,
  evaluationMethodSchema,
  evaluationResultSchema,
  judgmentSchema,
  type Weighting,
  weightingSchema,
} from './evaluation.schema.js';
import { evaluationLabelOutSchema } from './evaluation-label.js';

const localIdSchema = judgmentSchema.shape.a;

export const designWeightingSchema = z
  .discriminatedUnion('kind', [
    weightingSchema.options[0],
    z.strictObject({ kind: z.literal('pairwise') }).describe('Every evaluator compares the sub-criteria pairwise'),
  ])
  .describe("How a node's sub-criteria are weighted: given here, or compared pairwise by each evaluator");
export type DesignWeighting = z.infer<typeof designWeightingSchema>;

export const criterionItemSchema = z.strictObject({
  id: localIdSchema,
  name: criterionNodeSchema.shape.name,
  parent: localIdSchema.nullable().describe('The parent criterion, listed before this one; null: a top criterion'),
  weighting: designWeightingSchema.optional().describe('Required when the criterion has sub-criteria'),
});

export const criteriaDesignSchema = z
  .strictObject({
    weighting: designWeightingSchema.describe('How the top criteria are weighted'),
    items: z
      .array(criterionItemSchema)
      .min(1)
      .max(EVALUATION_LIMITS.criteria)
      .describe('The criteria, each after its parent, sub-criteria in their order'),
  })
  .describe('The criteria tree, as a list');
export type CriteriaDesign = z.infer<typeof criteriaDesignSchema>;

const evaluatorInputFields = {
  criteria: z
    .array(
      z.strictObject({
        node: localIdSchema.nullable().describe('The criterion whose sub-criteria are compared; null: the top criteria'),
        judgments: z.array(judgmentSchema).max(EVALUATION_LIMITS.judgments),
      }),
    )
    .max(EVALUATION_LIMITS.criteria)
    .default([])
    .describe('Your comparison matrix of the sub-criteria of each node weighted pairwise'),
  assessments: z
    .array(
      z.discriminatedUnion('kind', [
        assessmentSchema.options[0].omit({ evaluator: true }),
        assessmentSchema.options[1].omit({ evaluator: true }),
      ]),
    )
    .max(EVALUATION_LIMITS.criteria)
    .default([])
    .describe('Your assessment of the offers on each leaf criterion: scores (more is better) or pairwise comparisons'),
};

export const evaluatorInputsSchema = z.strictObject(evaluatorInputFields).describe("One evaluator's inputs");
export type EvaluatorInputs = z.infer<typeof evaluatorInputsSchema>;

// What the API takes.

export const evaluationPatchSchema = z
  .strictObject({
    criteria: criteriaDesignSchema.optional(),
    method: evaluationMethodSchema.optional(),
    version: versionSchema.describe('The version of the evaluation you read'),
  })
  .describe("The evaluation's criteria and method; what is left out stays");
export type EvaluationPatch = z.infer<typeof evaluationPatchSchema>;

export const evaluatorAddSchema = z.strictObject({
  userId: idSchema.describe('A planner or contributor who may read the programme'),
  version: versionSchema.describe('The version of the evaluation you read'),
});
export type EvaluatorAdd = z.infer<typeof evaluatorAddSchema>;

export const evaluatorInputsWriteSchema = z
  .strictObject({
    ...evaluatorInputFields,
    version: versionSchema.optional().describe('The version of your inputs you read'),
  })
  .describe('All your inputs, replacing those recorded');
export type EvaluatorInputsWrite = z.infer<typeof evaluatorInputsWriteSchema>;

// What the API answers.

export const EVALUATION_STATES = ['open', 'frozen', 'closed'] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];

export const evaluationRecordSchema = z
  .object({
    id: z.string(),
    programmeId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    state: z
      .enum(EVALUATION_STATES)
      .describe('open: while the programme is in evaluation; frozen: at selection; closed: left without a result'),
    label: evaluationLabelOutSchema,
    criteria: criteriaDesignSchema.nullable(),
    method: evaluationMethodSchema.nullable(),
    offers: z
      .array(
        z.object({
          id: z.string(),
          name: z.string().describe('A neutral code of its place on the programme (O1, O2…), shown in each language'),
        }),
      )
      .describe("The programme's offers not withdrawn"),
    evaluators: z.array(
      z.object({
        userId: z.string().describe("An evaluator's account, named to every reader of the evaluation, whatever their party"),
        name: z.string(),
        party: z.string(),
        version: z.number().int().describe('The version of their inputs'),
        addedAt: z.string(),
        updatedAt: z.string(),
        inputs: evaluatorInputsSchema,
      }),
    ),
    missing: z.array(fieldIssueSchema).describe('What is still missing before the result can be computed'),
    refusal: z
      .object({ code: z.string(), detail: z.string(), errors: z.array(fieldIssueSchema) })
      .nullable()
      .describe('Why the inputs, complete, give no result'),
    result: evaluationResultSchema.nullable(),
    hash: z.string().nullable().describe('SHA-256 of the input and result; once frozen, the hash frozen'),
    frozen: z
      .object({
        at: z.string(),
        by: z.string().nullable().describe(`Who froze it; ${NAMED_IF_OWN_PARTY}`),
        hash: z.string(),
        // Its criteria are a tree, which the OpenAPI document cannot name; frozenEvaluationSchema reads it.
        document: z
          .record(z.string(), z.unknown())
          .describe(
            'The frozen evaluation as hashed (format jointplan.evaluation/1): format, input, result, hashAlgorithm, hash',
          ),
      })
      .nullable()
      .describe('The evaluation frozen at selection, as any party that may read it recomputes it'),
  })
  .describe("Comparative evaluation of a programme's offers");
export type EvaluationRecord = z.infer<typeof evaluationRecordSchema>;

// The criteria list as the domain's tree.

type Path = (string | number)[];

interface Tree {
  weighting: Weighting;
  children: CriterionNode[];
  /** Each criterion's index in the list, by its path in the tree (`criteria.children.0.children.1`). */
  paths: Map<string, number>;
  /** Each criterion with sub-criteria, or null for the top, with the ids of its sub-criteria. */
  nodes: { node: string | null; index: number | null; children: string[]; weighting: DesignWeighting | undefined }[];
  leaves: { id: string; name: string }[];
  issues: FieldIssue[];
}

/** The tree of the criteria list; `pairwise` gives the matrices of a node weighted pairwise. */
function treeOf(design: CriteriaDesign, pairwise: (node: string | null, children: string[]) => Weighting): Tree {
  const issues: FieldIssue[] = [];
  const byId = new Map<string, { index: number; node: CriterionNode; kids: CriterionNode[] }>();
  const roots: CriterionNode[] = [];
  design.items.forEach((item, index) => {
    const node: CriterionNode = { id: item.id, name: item.name };
    const parent = item.parent === null ? undefined : byId.get(item.parent);
    if (item.parent !== null && !parent)
      issues.push(
        issue(`criteria.items.${index}.parent`, 'evaluation.unknown_parent', { criterion: item.id, parent: item.parent }),
      );
    if (byId.has(item.id))
      issues.push(issue(`criteria.items.${index}.id`, 'evaluation.repeated_criterion', { criterion: item.id }));
    else byId.set(item.id, { index, node, kids: [] });
    (parent ? parent.kids : roots).push(node);
  });
  const weightingOf = (node: string | null, w: DesignWeighting | undefined, children: string[]) =>
    w === undefined ? undefined : w.kind === 'direct' ? w : pairwise(node, children);
  const paths = new Map<string, number>();
  const nodes: Tree['nodes'] = [];
  const leaves: Tree['leaves'] = [];
  const walk = (list: CriterionNode[], path: Path) =>
    list.forEach((n, i) => {
      const here = [...path, i];
      const entry = byId.get(n.id);
      const item = entry && design.items[entry.index];
      if (!entry || entry.node !== n || !item) return;
      paths.set(here.join('.'), entry.index);
      const kids = entry.kids.map((k) => k.id);
      if (entry.kids.length) {
        n.children = entry.kids;
        nodes.push({ node: n.id, index: entry.index, children: kids, weighting: item.weighting });
        walk(entry.kids, [...here, 'children']);
      } else leaves.push({ id: n.id, name: n.name });
      const w = weightingOf(n.id, item.weighting, kids);
      if (w) n.weighting = w;
    });
  walk(roots, ['criteria', 'children']);
  const top = roots.map((r) => r.id);
  nodes.unshift({ node: null, index: null, children: top, weighting: design.weighting });
  return {
    weighting: weightingOf(null, design.weighting, top) as Weighting,
    children: roots,
    paths,
    nodes,
    leaves,
    issues,
  };
}

/** An issue of the domain's tree, at its place in the criteria list. */
function onList(tree: Tree, path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  if (parts[0] !== 'criteria') return parts.join('.');
  for (let k = parts.length; k > 2; k--) {
    const index = tree.paths.get(parts.slice(0, k).join('.'));
    if (index !== undefined) return ['criteria', 'items', index, ...parts.slice(k)].join('.');
  }
  return parts.join('.');
}

/** A spanning star of judgments of 1: links every item, the least a matrix needs. */
const star = (items: string[]) => items.slice(1).map((b) => ({ a: items[0] as string, b, value: 1 }));

/**
 * The issues of criteria and a method as the domain would find them, each at
 * its place in the list: the criteria and method are checked inside an input
 * whose other parts (two offers, one evaluator, its scores) are valid by
 * construction, so that the domain's own rules are the ones applied.
 */
export function designIssues(criteria: CriteriaDesign, method: EvaluationMethod | undefined): FieldIssue[] {
  const tree = treeOf(criteria, (_node, children) => ({
    kind: 'pairwise',
    matrices: [{ evaluator: 'e', judgments: star(children) }],
  }));
  const input: EvaluationInputDraft = {
    offers: [
      { id: 'a', name: 'a' },
      { id: 'b', name: 'b' },
    ],
    evaluators: [{ id: 'e', name: 'e' }],
    criteria: { weighting: tree.weighting, children: tree.children },
    assessments: tree.leaves.map((l) => ({ kind: 'scores', evaluator: 'e', criterion: l.id, scores: { a: 1, b: 1 } })),
    method: method ?? { aggregation: 'AIJ', smaa: { seed: 0 } },
  };
  const parsed = evaluationInputSchema.safeParse(input);
  const found = parsed.success ? [] : parsed.error.issues.map((i) => zodFieldIssue(onList(tree, i.path), i));
  return [...tree.issues, ...found];
}

const flag = (ctx: z.core.$RefinementCtx<unknown>, path: Path, code: ProblemCode, params: ProblemParams = {}) =>
  ctx.addIssue({ ...refinement(issue('', code, params)), path });

/**
 * The schema of one evaluator's inputs against the criteria and the live
 * offers: matrices only of nodes weighted pairwise, each once, on their
 * sub-criteria; assessments only of leaves, each once, naming live offers.
 * Inputs may be partial: what they leave out is missing, not wrong.
 */
export function evaluatorInputsFor(criteria: CriteriaDesign, offers: readonly string[]) {
  const tree = treeOf(criteria, () => ({ kind: 'pairwise', matrices: [] }));
  const leaves = new Set(tree.leaves.map((l) => l.id));
  const ids = new Set(criteria.items.map((c) => c.id));
  return evaluatorInputsSchema.superRefine((inputs, ctx) => {
    const seen = new Set<string | null>();
    inputs.criteria.forEach((m, i) => {
      const node = tree.nodes.find((n) => n.node === m.node && n.weighting?.kind === 'pairwise');
      const at = ['criteria', i, 'node'];
      if (!node)
        if (m.node === null) flag(ctx, at, 'evaluation.top_not_pairwise');
        else flag(ctx, at, 'evaluation.not_pairwise', { criterion: m.node });
      else if (seen.has(m.node)) flag(ctx, at, 'evaluation.matrix_twice', { criterion: m.node ?? '—' });
      else checkJudgments(m.judgments, node.children, ['criteria', i, 'judgments'], ctx);
      seen.add(m.node);
    });
    const assessed = new Set<string>();
    inputs.assessments.forEach((a, i) => {
      const path = ['assessments', i];
      if (!leaves.has(a.criterion))
        flag(ctx, [...path, 'criterion'], ids.has(a.criterion) ? 'evaluation.assess_leaves' : 'evaluation.unknown_criterion', {
          criterion: a.criterion,
        });
      if (assessed.has(a.criterion))
        flag(ctx, [...path, 'criterion'], 'evaluation.assessed_twice_here', { criterion: a.criterion });
      assessed.add(a.criterion);
      if (a.kind === 'scores') {
        for (const id of Object.keys(a.scores))
          if (!offers.includes(id)) flag(ctx, [...path, 'scores', id], 'evaluation.unknown_offer', { offer: id });
      } else checkJudgments(a.judgments, offers, [...path, 'judgments'], ctx);
    });
  });
}

/** The issues of one evaluator's inputs against the criteria and the live offers (see evaluatorInputsFor). */
export function inputIssues(inputs: EvaluatorInputs, criteria: CriteriaDesign, offers: readonly string[]): FieldIssue[] {
  const parsed = evaluatorInputsFor(criteria, offers).safeParse(inputs);
  return parsed.success ? [] : parsed.error.issues.map((i) => zodFieldIssue(i.path.map(String).join('.'), i));
}

export interface EvaluationParts {
  criteria: CriteriaDesign | null;
  method: EvaluationMethod | null;
  offers: { id: string; name: string }[];
  evaluators: { id: string; name: string; inputs: EvaluatorInputs }[];
}

/**
 * The input of `evaluate` from the parts recorded, or what is missing: the
 * criteria, the method, two live offers, an evaluator, and of every
 * evaluator a matrix of every node weighted pairwise and an assessment of
 * every offer on every leaf. Inputs about offers since withdrawn, or about
 * criteria since removed, are left out.
 */
export function assembleEvaluation(parts: EvaluationParts): { input: EvaluationInputDraft | null; missing: FieldIssue[] } {
  const missing: FieldIssue[] = [];
  if (!parts.criteria) missing.push(issue('criteria', 'evaluation.missing_criteria'));
  if (!parts.method) missing.push(issue('method', 'evaluation.missing_method'));
  if (parts.offers.length < 2) missing.push(issue('offers', 'evaluation.too_few_offers', { count: parts.offers.length }));
  if (!parts.evaluators.length) missing.push(issue('evaluators', 'evaluation.no_evaluators'));
  if (!parts.criteria || !parts.method) return { input: null, missing };
  const offerIds = parts.offers.map((o) => o.id);
  const live = new Set(offerIds);
  const names = new Map(parts.criteria.items.map((c) => [c.id, c.name]));
  const tree = treeOf(parts.criteria, (node, children) => {
    const among = new Set(children);
    const matrices = parts.evaluators.flatMap((e, i) => {
      const m = e.inputs.criteria.find((x) => x.node === node);
      if (m) return [{ evaluator: e.id, judgments: m.judgments.filter((j) => among.has(j.a) && among.has(j.b)) }];
      missing.push(
        node === null
          ? issue(`evaluators.${i}.inputs.criteria`, 'evaluation.missing_top_matrix', { evaluator: e.name })
          : issue(`evaluators.${i}.inputs.criteria`, 'evaluation.missing_matrix', {
              evaluator: e.name,
              criterion: names.get(node) ?? node,
            }),
      );
      return [];
    });
    return { kind: 'pairwise', matrices };
  });
  const assessments: EvaluationInputDraft['assessments'] = [];
  parts.evaluators.forEach((e, i) => {
    for (const leaf of tree.leaves) {
      const a = e.inputs.assessments.find((x) => x.criterion === leaf.id);
      const where = `evaluators.${i}.inputs.assessments`;
      if (!a) {
        missing.push(issue(where, 'evaluation.missing_assessment', { evaluator: e.name, criterion: leaf.name }));
        continue;
      }
      if (a.kind === 'pairwise') {
        const judgments = a.judgments.filter((j) => live.has(j.a) && live.has(j.b));
        assessments.push({ kind: 'pairwise', evaluator: e.id, criterion: leaf.id, judgments });
        continue;
      }
      const unscored = offerIds.filter((o) => !(o in a.scores));
      if (unscored.length)
        missing.push(
          issue(where, 'evaluation.missing_scores', { evaluator: e.name, criterion: leaf.name, count: unscored.length }),
        );
      else
        assessments.push({
          kind: 'scores',
          evaluator: e.id,
          criterion: leaf.id,
          scores: Object.fromEntries(offerIds.map((o) => [o, a.scores[o] as number])),
        });
    }
  });
  if (missing.length) return { input: null, missing };
  return {
    input: {
      offers: parts.offers,
      evaluators: parts.evaluators.map((e) => ({ id: e.id, name: e.name })),
      criteria: { weighting: tree.weighting, children: tree.children },
      assessments,
      method: parts.method,
    },
    missing,
  };
}

/** The state of an evaluation from its programme's status and whether it was frozen. */
export function evaluationState(programmeStatus: string, frozen: boolean): EvaluationState {
  if (frozen) return 'frozen';
  return programmeStatus === 'evaluation' ? 'open' : 'closed';
}
