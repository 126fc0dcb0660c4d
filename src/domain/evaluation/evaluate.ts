/**
 * The comparative evaluation of offers, from its inputs to its result, and
 * its freezing at selection.
 *
 * 1. Criteria weights: each node's children weighted directly, or from the
 *    evaluators' pairwise comparisons (principal eigenvector; incomplete
 *    matrices completed by Harker's method).
 * 2. Offers' priorities on each leaf criterion: each evaluator scores the
 *    offers (a score vector is the consistent matrix of its ratios) or
 *    compares them pairwise. AIJ: the geometric mean of the evaluators'
 *    judgments, then its eigenvector; AIP: each evaluator's priorities, then
 *    their geometric mean, normalised.
 * 3. Overall score: the leaves' global weights times the offers' priorities;
 *    the ranking, and TOPSIS on the same priorities and weights as a check.
 * 4. Stability: one-way flip points of every criterion; SMAA-2 over the leaf
 *    weights (uniform, or within bounds), seeded.
 *
 * Determinism: the figures are computed with `+ - * /` alone (roots by
 * Newton's method, see numeric.ts) in a fixed order from a specified
 * generator, so every engine gives the same bits; the result then keeps each
 * figure rounded to RESULT_DECIMALS (9) places, and that rounded result is
 * what is stored and hashed. The hash is SHA-256 (@noble/hashes, pure
 * JavaScript, also in the web) of the canonical JSON (RFC 8785 style) of
 * `{ format, input, result }`; the input holds the method and the seed.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../canonical-json.js';
import type { FieldIssue } from '../errors.js';
import { issue, problem, zodFieldIssue } from '../problems.js';
import {
  aggregateJudgments,
  aggregatePriorities,
  analysePairwise,
  matrixFrom,
  type PairwiseAnalysis,
  type RandomIndexTable,
} from './ahp.js';
import {
  type Assessment,
  type Consistency,
  type CriterionNode,
  EVALUATION_LIMITS,
  type EvaluationInput,
  type EvaluationResult,
  evaluationInputSchema,
  type FrozenEvaluation,
  frozenEvaluationSchema,
  type Judgment,
  type Weighting,
} from './evaluation.schema.js';
import { flipPoints, globalWeights, type Hierarchy, ranksOf, subtreeScores } from './hierarchy.js';
import { geometricMean, roundTo } from './numeric.js';
import { SmaaBoundsError, smaa2 } from './smaa.js';
import { topsis } from './topsis.js';

export const RESULT_DECIMALS = 9;
export const EVALUATION_FORMAT = 'jointplan.evaluation/1' as const;

const r = (x: number) => roundTo(x, RESULT_DECIMALS);

/** The zod issues of a refused input, as the API's field issues. */
function fieldIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[];
}): FieldIssue[] {
  return error.issues.map((i) => zodFieldIssue(i.path.map(String).join('.'), i));
}

/** The input checked against the schema (defaults applied); a refused input throws an `invalid` error naming each field. */
export function parseEvaluationInput(raw: unknown): EvaluationInput {
  const parsed = evaluationInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error);
    throw problem('evaluation.invalid_fields', { count: issues.length }, issues);
  }
  return parsed.data;
}

type Analysed = { evaluator: string | null; analysis: PairwiseAnalysis };

/** Consistency entries of the analyses, named by the items' ids. */
function consistencyOf(subject: Consistency['subject'], items: readonly string[], analyses: Analysed[]): Consistency[] {
  const id = (i: number) => items[i] as string;
  return analyses.map(({ evaluator, analysis: a }) => ({
    subject,
    evaluator,
    n: a.n,
    lambdaMax: r(a.lambdaMax),
    ci: r(a.ci),
    randomIndexTable: a.randomIndexTable,
    ri: a.ri === null ? null : r(a.ri),
    cr: a.cr === null ? null : r(a.cr),
    flagged: a.flagged,
    completed: a.completed.map(([i, j, v]) => ({ a: id(i), b: id(j), value: r(v) })),
    mostInconsistent: a.mostInconsistent && {
      a: id(a.mostInconsistent.i),
      b: id(a.mostInconsistent.j),
      given: r(a.mostInconsistent.given),
      implied: r(a.mostInconsistent.implied),
      deviation: r(a.mostInconsistent.deviation),
    },
  }));
}

function judgmentMatrix(judgments: readonly Judgment[], index: ReadonlyMap<string, number>, n: number): Float64Array {
  return matrixFrom(
    n,
    judgments.map((j) => {
      const a = index.get(j.a) as number;
      const b = index.get(j.b) as number;
      // matrixFrom takes i < j; a judgment the other way round is the reciprocal.
      return a < b ? ([a, b, j.value] as const) : ([b, a, 1 / j.value] as const);
    }),
  );
}

/** The consistent matrix of a score vector: a_ij = s_i / s_j. */
function scoreMatrix(scores: ArrayLike<number>, n: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (scores[i] as number) / (scores[j] as number);
  return a;
}

const normalised = (v: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] as number;
  return Float64Array.from(v, (x) => x / sum);
};

/**
 * Priorities of `items` from several evaluators' matrices, aggregated as the
 * method says; the consistency of every matrix that holds pairwise judgments.
 */
function prioritiesFrom(
  sources: { evaluator: string; matrix: Float64Array; scores: Float64Array | null }[],
  n: number,
  aggregation: EvaluationInput['method']['aggregation'],
  table: RandomIndexTable,
): { weights: Float64Array; individual: Float64Array[]; analyses: Analysed[] } {
  const analyses: Analysed[] = [];
  const individual = sources.map((s) => {
    if (s.scores) return normalised(s.scores);
    const analysis = analysePairwise(s.matrix, n, table);
    analyses.push({ evaluator: s.evaluator, analysis });
    return analysis.weights;
  });
  if (aggregation === 'AIP') return { weights: aggregatePriorities(individual, n), individual, analyses };
  if (analyses.length === 0) {
    // Scores only: the eigenvector of the geometric mean of consistent matrices
    // is the geometric mean of the scores, normalised.
    const gm = new Float64Array(n);
    const values = new Float64Array(sources.length);
    for (let i = 0; i < n; i++) {
      sources.forEach((s, k) => {
        values[k] = (s.scores as Float64Array)[i] as number;
      });
      gm[i] = geometricMean(values);
    }
    return { weights: normalised(gm), individual, analyses };
  }
  const aggregated = analysePairwise(
    aggregateJudgments(
      sources.map((s) => s.matrix),
      n,
    ),
    n,
    table,
  );
  analyses.push({ evaluator: null, analysis: aggregated });
  return { weights: aggregated.weights, individual, analyses };
}

function weightsOf(
  weighting: Weighting,
  children: readonly string[],
  method: EvaluationInput['method'],
): { weights: Float64Array; analyses: Analysed[] } {
  const n = children.length;
  if (weighting.kind === 'direct')
    return { weights: normalised(children.map((id) => weighting.weights[id] as number)), analyses: [] };
  const index = new Map(children.map((id, i) => [id, i]));
  const sources = weighting.matrices.map((m) => ({
    evaluator: m.evaluator,
    matrix: judgmentMatrix(m.judgments, index, n),
    scores: null,
  }));
  const { weights, analyses } = prioritiesFrom(sources, n, method.aggregation, method.randomIndex);
  return { weights, analyses };
}

/** The evaluation's result from its input (checked here). */
export function evaluate(raw: unknown): { input: EvaluationInput; result: EvaluationResult } {
  return evaluateParsed(parseEvaluationInput(raw));
}

/** The evaluation's result from an input the schema has already checked. */
function evaluateParsed(input: EvaluationInput): { input: EvaluationInput; result: EvaluationResult } {
  const { method } = input;
  const offers = input.offers.map((o) => o.id);
  const evaluators = input.evaluators.map((e) => e.id);
  const m = offers.length;
  const offerIndex = new Map(offers.map((id, i) => [id, i]));
  const consistency: Consistency[] = [];

  // The tree, depth first, node 0 the root.
  const ids: (string | null)[] = [null];
  const parent: number[] = [-1];
  const local: number[] = [1];
  const leafOf: number[] = [-1];
  const children: number[][] = [[]];
  const leafIds: string[] = [];
  const visit = (node: number, id: string | null, weighting: Weighting, kids: CriterionNode[]) => {
    const kidIds = kids.map((c) => c.id);
    const { weights, analyses } = weightsOf(weighting, kidIds, method);
    consistency.push(...consistencyOf({ kind: 'criteria', node: id }, kidIds, analyses));
    kids.forEach((c, i) => {
      const x = ids.length;
      ids.push(c.id);
      parent.push(node);
      local.push(weights[i] as number);
      children.push([]);
      (children[node] as number[]).push(x);
      if (c.children && c.weighting) {
        leafOf.push(-1);
        visit(x, c.id, c.weighting, c.children);
      } else {
        leafOf.push(leafIds.length);
        leafIds.push(c.id);
      }
    });
  };
  visit(0, null, input.criteria.weighting, input.criteria.children);
  const h: Hierarchy = {
    parent: Int32Array.from(parent),
    local: Float64Array.from(local),
    leaf: Int32Array.from(leafOf),
    children,
    leaves: leafIds.length,
  };
  const L = leafIds.length;
  // Refused before the offers are weighed: the stability analysis costs draws × leaves × offers.
  if (method.smaa.draws * L * m > EVALUATION_LIMITS.smaaWork) {
    const params = { draws: method.smaa.draws, leaves: L, offers: m, max: EVALUATION_LIMITS.smaaWork };
    throw problem('evaluation.too_much_work', params, [issue('method.smaa.draws', 'evaluation.too_much_work', params)]);
  }
  const g = globalWeights(h);

  // Offers' priorities on each leaf: aggregated (m × L) and per evaluator (E blocks of m × L).
  const byLeaf = new Map<string, Map<string, Assessment>>();
  for (const a of input.assessments) {
    const forLeaf = byLeaf.get(a.criterion) ?? new Map<string, Assessment>();
    forLeaf.set(a.evaluator, a);
    byLeaf.set(a.criterion, forLeaf);
  }
  const priorities = new Float64Array(m * L);
  const perEvaluator = new Float64Array(evaluators.length * m * L);
  leafIds.forEach((leaf, l) => {
    const forLeaf = byLeaf.get(leaf) as Map<string, Assessment>;
    const sources = evaluators.map((evaluator) => {
      const a = forLeaf.get(evaluator) as Assessment;
      if (a.kind === 'scores') {
        const scores = Float64Array.from(offers, (o) => a.scores[o] as number);
        return { evaluator, matrix: scoreMatrix(scores, m), scores };
      }
      return { evaluator, matrix: judgmentMatrix(a.judgments, offerIndex, m), scores: null };
    });
    const { weights, individual, analyses } = prioritiesFrom(sources, m, method.aggregation, method.randomIndex);
    consistency.push(...consistencyOf({ kind: 'offers', criterion: leaf }, offers, analyses));
    for (let a = 0; a < m; a++) priorities[a * L + l] = weights[a] as number;
    individual.forEach((v, e) => {
      for (let a = 0; a < m; a++) perEvaluator[e * m * L + a * L + l] = v[a] as number;
    });
  });

  // Ranking, and TOPSIS on the same priorities and leaf weights.
  const scores = subtreeScores(h, priorities, m).slice(0, m);
  const ranks = ranksOf(scores);
  const leafWeights = new Float64Array(L);
  for (let x = 0; x < h.parent.length; x++) if ((h.leaf[x] as number) >= 0) leafWeights[h.leaf[x] as number] = g[x] as number;
  const closeness = topsis(priorities, m, L, leafWeights);
  const topsisRanks = ranksOf(closeness);

  // Stability.
  const flips = flipPoints(h, priorities, m);
  const bounds = method.smaa.weightBounds;
  let smaa: ReturnType<typeof smaa2>;
  try {
    smaa = smaa2({
      m,
      k: L,
      values: method.smaa.values === 'exact' ? priorities : perEvaluator,
      samples: method.smaa.values === 'exact' ? 1 : evaluators.length,
      draws: method.smaa.draws,
      seed: method.smaa.seed,
      ...(bounds
        ? {
            lower: Float64Array.from(leafIds, (id) => bounds[id]?.min ?? 0),
            upper: Float64Array.from(leafIds, (id) => bounds[id]?.max ?? 1),
          }
        : {}),
    });
  } catch (error) {
    if (error instanceof SmaaBoundsError)
      throw problem('evaluation.weight_bounds', {}, [issue('method.smaa.weightBounds', `field.weight_bounds_${error.reason}`)]);
    throw error;
  }

  const byRank = (rk: Int32Array) => [...rk.keys()].sort((a, b) => (rk[a] as number) - (rk[b] as number));
  const result: EvaluationResult = {
    criteria: ids.slice(1).map((id, i) => {
      const x = i + 1;
      const p = h.parent[x] as number;
      return {
        id: id as string,
        parent: p === 0 ? null : (ids[p] as string),
        leaf: (h.leaf[x] as number) >= 0,
        localWeight: r(h.local[x] as number),
        globalWeight: r(g[x] as number),
      };
    }),
    consistency,
    priorities: leafIds.map((criterion, l) => ({
      criterion,
      offers: Object.fromEntries(offers.map((o, a) => [o, r(priorities[a * L + l] as number)])),
    })),
    ranking: byRank(ranks).map((a) => ({
      offer: offers[a] as string,
      score: r(scores[a] as number),
      rank: (ranks[a] as number) + 1,
    })),
    topsis: byRank(topsisRanks).map((a) => ({
      offer: offers[a] as string,
      closeness: r(closeness[a] as number),
      rank: (topsisRanks[a] as number) + 1,
    })),
    sameFirst: ranks.indexOf(0) === topsisRanks.indexOf(0),
    flipPoints: flips.map((f) => ({
      criterion: ids[f.node] as string,
      weight: r(f.weight),
      first: offers[f.first] as string,
      below: f.below && { weight: r(f.below.weight), by: offers[f.below.by] as string },
      above: f.above && { weight: r(f.above.weight), by: offers[f.above.by] as string },
    })),
    smaa: {
      draws: smaa.draws,
      seed: method.smaa.seed,
      values: method.smaa.values,
      offers: offers.map((offer, i) => {
        const first = (smaa.rankAcceptability[i * m] as number) > 0;
        const confidence = smaa.confidence[i] as number;
        return {
          offer,
          rankAcceptability: Array.from(smaa.rankAcceptability.subarray(i * m, i * m + m), r),
          centralWeights: first
            ? Object.fromEntries(leafIds.map((id, j) => [id, r(smaa.centralWeights[i * L + j] as number)]))
            : null,
          confidence: Number.isNaN(confidence) ? null : r(confidence),
        };
      }),
    },
  };
  return { input, result };
}

/**
 * SHA-256 (hex) of the canonical JSON of `{ format, input, result }`, put
 * together from its parts' canonical JSON (keys in that order, as RFC 8785
 * sorts them) so that a part serialised once serves several hashes.
 */
function hashOfParts(inputJson: string, resultJson: string): string {
  const json = `{"format":${JSON.stringify(EVALUATION_FORMAT)},"input":${inputJson},"result":${resultJson}}`;
  return bytesToHex(sha256(utf8ToBytes(json)));
}

/** SHA-256 (hex) of the canonical JSON of the evaluation's format, input and result. */
export function evaluationHash(input: EvaluationInput, result: EvaluationResult): string {
  return hashOfParts(canonicalJson(input), canonicalJson(result));
}

/** The evaluation frozen at selection: inputs (method and seed included), result and their hash. */
export function freezeEvaluation(raw: unknown): FrozenEvaluation {
  const { input, result } = evaluate(raw);
  return { format: EVALUATION_FORMAT, input, result, hashAlgorithm: 'sha-256', hash: evaluationHash(input, result) };
}

/**
 * Recomputes a frozen evaluation: `matches` when the stored hash is that of
 * the stored input and result and the recomputed result hashes the same.
 * The input, checked once by the frozen evaluation's schema, is evaluated as
 * it stands and serialised once for both hashes; when the recomputed result
 * serialises to the stored one's bytes, one hash serves both.
 */
export function verifyFrozenEvaluation(raw: unknown): { matches: boolean; hash: string; recomputedHash: string } {
  const parsed = frozenEvaluationSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error);
    throw problem('evaluation.frozen_invalid_fields', { count: issues.length }, issues);
  }
  const frozen = parsed.data;
  const { result } = evaluateParsed(frozen.input);
  const inputJson = canonicalJson(frozen.input);
  const resultJson = canonicalJson(result);
  const storedResultJson = canonicalJson(frozen.result);
  const recomputedHash = hashOfParts(inputJson, resultJson);
  const storedHash = storedResultJson === resultJson ? recomputedHash : hashOfParts(inputJson, storedResultJson);
  return { matches: storedHash === frozen.hash && recomputedHash === frozen.hash, hash: frozen.hash, recomputedHash };
}
