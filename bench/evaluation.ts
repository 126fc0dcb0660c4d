// node --import tsx bench/evaluation.ts [--runs 5 --criteria 50 --offers 10 --evaluators 10 --draws 10000]
// The comparative evaluation at the size of issue 12: 50 leaf criteria (5 groups of 10) × 10 offers × 10
// evaluators, every weighting from each evaluator's pairwise comparisons and the offers assessed by scores
// or pairwise, then 10,000 SMAA draws. A partner's installation recomputes a frozen evaluation: parse it,
// evaluate it again and hash both; that is what is timed, in this process, one run after another.
import { parseArgs } from 'node:util';
import { Random } from '../src/demo/random.js';
import { freezeEvaluation, verifyFrozenEvaluation } from '../src/domain/evaluation/evaluate.js';
import type { EvaluationInputDraft } from '../src/domain/evaluation/evaluation.schema.js';
import { percentile } from './stats.js';

export const EVALUATION_TARGET_MS = 1000;

export interface EvaluationSize {
  criteria: number;
  offers: number;
  evaluators: number;
  draws: number;
}

export const EVALUATION_SIZE: EvaluationSize = { criteria: 50, offers: 10, evaluators: 10, draws: 10_000 };

export interface EvaluationBenchResult extends EvaluationSize {
  runs: number;
  /** Each run's time to recompute the frozen evaluation, in milliseconds. */
  samples: number[];
  p50: number;
  max: number;
  /** Each run's CPU time (user and system, this process), in milliseconds: steadier than wall time on a shared machine. */
  cpuSamples: number[];
  cpuP50: number;
  /** Freezing it the first time (evaluate and hash). */
  freezeMs: number;
  judgments: number;
  hash: string;
  date: string;
}

const SAATY = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const GROUP_SIZE = 10;

/** The nearest value of Saaty's scale to a ratio, on a log scale. */
const onScale = (ratio: number) =>
  SAATY.reduce((best, v) => (Math.abs(Math.log(v / ratio)) < Math.abs(Math.log(best / ratio)) ? v : best), 1);

/**
 * An evaluation of the given size, the same for the same seed: each evaluator
 * judges around shared latent priorities with some noise, so matrices are
 * plausibly (in)consistent.
 */
export function evaluationInput(size: EvaluationSize, seed: number): EvaluationInputDraft & { judgments: number } {
  const rng = new Random(seed);
  const noise = () => Math.exp((rng.next() - 0.5) * 0.8);
  const offers = Array.from({ length: size.offers }, (_, i) => ({ id: `offer-${i + 1}`, name: `Offer ${i + 1}` }));
  const evaluators = Array.from({ length: size.evaluators }, (_, i) => ({ id: `ev-${i + 1}`, name: `Evaluator ${i + 1}` }));
  let judgments = 0;
  const pairwise = (ids: readonly string[]) => {
    const latent = ids.map(() => rng.int(1, 9));
    const out = [];
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++)
        out.push({ a: ids[i] as string, b: ids[j] as string, value: onScale(((latent[i] ?? 1) / (latent[j] ?? 1)) * noise()) });
    judgments += out.length;
    return out;
  };
  const byEvaluators = (ids: readonly string[]) => ({
    kind: 'pairwise' as const,
    matrices: evaluators.map((e) => ({ evaluator: e.id, judgments: pairwise(ids) })),
  });
  const groups = Array.from({ length: Math.ceil(size.criteria / GROUP_SIZE) }, (_, g) => {
    const leaves = Array.from({ length: Math.min(GROUP_SIZE, size.criteria - g * GROUP_SIZE) }, (_, l) => ({
      id: `c${g + 1}.${l + 1}`,
      name: `Criterion ${g + 1}.${l + 1}`,
    }));
    return {
      id: `c${g + 1}`,
      name: `Group ${g + 1}`,
      weighting: byEvaluators(leaves.map((l) => l.id)),
      children: leaves,
    };
  });
  const leaves = groups.flatMap((g) => g.children.map((c) => c.id));
  const offerIds = offers.map((o) => o.id);
  // One leaf in five is assessed by comparing the offers pairwise; the others by scores.
  const assessments = evaluators.flatMap((e) =>
    leaves.map((criterion, i) =>
      i % 5 === 0
        ? { kind: 'pairwise' as const, evaluator: e.id, criterion, judgments: pairwise(offerIds) }
        : {
            kind: 'scores' as const,
            evaluator: e.id,
            criterion,
            scores: Object.fromEntries(offerIds.map((id) => [id, rng.int(1, 100)])),
          },
    ),
  );
  return {
    offers,
    evaluators,
    criteria: { weighting: byEvaluators(groups.map((g) => g.id)), children: groups },
    assessments,
    method: { aggregation: 'AIJ', randomIndex: 'saaty', smaa: { draws: size.draws, seed: seed } },
    judgments,
  };
}

/** Freezes the evaluation once, then times `runs` recomputations of the frozen one. */
export function benchEvaluation(runs: number, size: EvaluationSize = EVALUATION_SIZE, seed = 1): EvaluationBenchResult {
  const { judgments, ...input } = evaluationInput(size, seed);
  const t0 = performance.now();
  const frozen = freezeEvaluation(input);
  const freezeMs = performance.now() - t0;
  // A partner receives it as JSON.
  const received: unknown = JSON.parse(JSON.stringify(frozen));
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const check = verifyFrozenEvaluation(received);
    const used = process.cpuUsage(cpu);
    samples.push(performance.now() - start);
    cpuSamples.push((used.user + used.system) / 1000);
    if (!check.matches) throw new Error(`the recomputed evaluation hashes ${check.recomputedHash}, not ${check.hash}`);
  }
  return {
    ...size,
    runs,
    samples,
    p50: percentile(samples, 50),
    max: Math.max(...samples),
    cpuSamples,
    cpuP50: percentile(cpuSamples, 50),
    freezeMs,
    judgments,
    hash: frozen.hash,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      criteria: { type: 'string', default: String(EVALUATION_SIZE.criteria) },
      offers: { type: 'string', default: String(EVALUATION_SIZE.offers) },
      evaluators: { type: 'string', default: String(EVALUATION_SIZE.evaluators) },
      draws: { type: 'string', default: String(EVALUATION_SIZE.draws) },
    },
  });
  const r = benchEvaluation(Number(values.runs), {
    criteria: Number(values.criteria),
    offers: Number(values.offers),
    evaluators: Number(values.evaluators),
    draws: Number(values.draws),
  });
  console.log(
    `${r.criteria} criteria × ${r.offers} offers × ${r.evaluators} evaluators, ${r.draws} draws (${r.judgments} judgments): freeze ${r.freezeMs.toFixed(0)} ms; recompute median ${r.p50.toFixed(0)} ms, max ${r.max.toFixed(0)} ms over ${r.runs} runs (CPU median ${r.cpuP50.toFixed(0)} ms); hash ${r.hash}`,
  );
}
