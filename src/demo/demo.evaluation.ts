import type { EvaluationInputDraft } from '../domain/evaluation/evaluation.schema.js';
import type { Money } from '../domain/money.js';

/*
 * The comparative evaluation of the ATMOS 2000 and CAESAR offers, rebuilt for
 * the demo from the reasons article A gives for the choice: "l’Atmos 2000 a
 * été préféré au système français Caesar de KNDS, en raison de problèmes
 * techniques persistants et d’un service client jugé insatisfaisant". The
 * real evaluation is not published: its criteria beyond those two reasons,
 * the evaluators, every weight and every score here are illustrative. The
 * criteria name their source; the evaluation's source text says the rest.
 */

/** Where each part of the evaluation comes from, as the record shows it. */
export const ATMOS_EVALUATION_SOURCE = [
  'Évaluation comparative reconstituée pour la démonstration : l’évaluation réelle n’est pas publiée.',
  'Critères cités : problèmes techniques persistants et service client jugé insatisfaisant du CAESAR (article A, motifs du choix) ; deux sites de production envisagés par Elbit Systems au Maroc (article A) ; transfert de compétences, approche combinant acquisition, formation et production (article B).',
  'Prix : celui de l’ATMOS 2000 est cité (environ 1,9 milliard de dirhams, article A) ; celui du CAESAR est illustratif. Délais, évaluateurs, poids, comparaisons et notes : illustratifs.',
].join('\n');

/** The offers as the evaluation names them (the programme's own offers carry their records' ids). */
export const EVALUATION_OFFERS = [
  { id: 'atmos', name: 'ATMOS 2000 sur camion Tatra — Elbit Systems' },
  { id: 'caesar', name: 'CAESAR — KNDS' },
] as const;

type OfferId = (typeof EVALUATION_OFFERS)[number]['id'];
type Leaf = 'technique' | 'service' | 'production' | 'competences' | 'prix' | 'delai';
type Top = 'technique' | 'service' | 'industrie' | 'prix' | 'delai';

const EVALUATORS = [
  { id: 'ev-artillerie', name: 'Évaluateur 1 — emploi de l’artillerie (illustratif)' },
  { id: 'ev-soutien', name: 'Évaluateur 2 — soutien et maintenance (illustratif)' },
  { id: 'ev-achats', name: 'Évaluateur 3 — achats et coopération industrielle (illustratif)' },
] as const;
type EvaluatorId = (typeof EVALUATORS)[number]['id'];

/**
 * How much more each evaluator weighs one top criterion than another, on
 * Saaty's scale (illustrative). The two reasons the article gives weigh most
 * for all three. The third evaluator left some pairs out: Harker's method
 * completes them.
 */
const TOP_JUDGMENTS: Record<EvaluatorId, [Top, Top, number][]> = {
  'ev-artillerie': [
    ['technique', 'service', 2],
    ['technique', 'industrie', 4],
    ['technique', 'prix', 3],
    ['technique', 'delai', 5],
    ['service', 'industrie', 2],
    ['service', 'prix', 2],
    ['service', 'delai', 3],
    ['industrie', 'prix', 1 / 2],
    ['industrie', 'delai', 1],
    ['prix', 'delai', 2],
  ],
  'ev-soutien': [
    ['technique', 'service', 1],
    ['technique', 'industrie', 3],
    ['technique', 'prix', 3],
    ['technique', 'delai', 4],
    ['service', 'industrie', 3],
    ['service', 'prix', 3],
    ['service', 'delai', 4],
    ['industrie', 'prix', 1],
    ['industrie', 'delai', 1],
    ['prix', 'delai', 1],
  ],
  'ev-achats': [
    ['technique', 'service', 1],
    ['technique', 'prix', 2],
    ['technique', 'delai', 3],
    ['service', 'industrie', 1],
    ['industrie', 'prix', 1],
    ['prix', 'delai', 2],
  ],
};

/**
 * Each evaluator's scores of ATMOS 2000 and CAESAR on the leaf criteria
 * judged by opinion, 1 to 9, more is better (illustrative; the direction of
 * the first three follows the article). Price is scored from the offers'
 * prices instead; delivery favours CAESAR, on which the articles are silent,
 * so that the stability analysis has a criterion pulling the other way.
 */
const SCORES: Record<EvaluatorId, Record<Exclude<Leaf, 'prix'>, [atmos: number, caesar: number]>> = {
  'ev-artillerie': { technique: [7, 3], service: [7, 3], production: [7, 4], competences: [6, 5], delai: [5, 7] },
  'ev-soutien': { technique: [8, 4], service: [7, 2], production: [6, 4], competences: [6, 5], delai: [4, 7] },
  'ev-achats': { technique: [7, 4], service: [6, 3], production: [8, 4], competences: [6, 4], delai: [5, 6] },
};

/** The seed of the SMAA draws: the first day of the 3rd session, as a number (any fixed seed would do). */
export const ATMOS_EVALUATION_SEED = 20260105;

/**
 * The evaluation's input. `prices` are the two offers' total prices in one
 * currency (the demo converts CAESAR's at its reference rate): the price
 * score of an offer is the lowest price divided by its own, the same for
 * every evaluator.
 */
export function atmosEvaluationInput(prices: Record<OfferId, Money>): EvaluationInputDraft {
  if (prices.atmos.currency !== prices.caesar.currency) throw new RangeError('compare prices in one currency');
  // Amounts of a few billion dirhams in centimes are exact as doubles (below 2^53).
  const lowest = Math.min(Number(prices.atmos.amount), Number(prices.caesar.amount));
  const priceScore = (m: Money) => lowest / Number(m.amount);
  const byScores = (evaluator: EvaluatorId, criterion: Leaf, [atmos, caesar]: [number, number]) => ({
    kind: 'scores' as const,
    evaluator,
    criterion,
    scores: { atmos, caesar },
  });
  return {
    offers: EVALUATION_OFFERS.map((o) => ({ ...o })),
    evaluators: EVALUATORS.map((e) => ({ ...e })),
    criteria: {
      weighting: {
        kind: 'pairwise',
        matrices: EVALUATORS.map((e) => ({
          evaluator: e.id,
          judgments: TOP_JUDGMENTS[e.id].map(([a, b, value]) => ({ a, b, value })),
        })),
      },
      children: [
        { id: 'technique', name: 'Fiabilité technique : problèmes techniques rencontrés (motif cité, article A)' },
        { id: 'service', name: 'Service client et soutien après-vente (motif cité, article A)' },
        {
          id: 'industrie',
          name: 'Participation industrielle (articles A et B)',
          // Two sub-criteria weighed equally (illustrative).
          weighting: { kind: 'direct', weights: { production: 1, competences: 1 } },
          children: [
            { id: 'production', name: 'Production locale : sites de production au Maroc (article A)' },
            { id: 'competences', name: 'Transfert de compétences et formation (article B)' },
          ],
        },
        { id: 'prix', name: 'Prix total de l’offre (ATMOS 2000 : article A ; CAESAR : illustratif)' },
        { id: 'delai', name: 'Délais de livraison (illustratif : les articles n’en disent rien)' },
      ],
    },
    assessments: EVALUATORS.flatMap((e) => [
      ...(['technique', 'service', 'production', 'competences', 'delai'] as const).map((leaf) =>
        byScores(e.id, leaf, SCORES[e.id][leaf]),
      ),
      byScores(e.id, 'prix', [priceScore(prices.atmos), priceScore(prices.caesar)]),
    ]),
    method: {
      aggregation: 'AIJ',
      randomIndex: 'saaty',
      smaa: { draws: 10_000, seed: ATMOS_EVALUATION_SEED, values: 'evaluators' },
    },
  };
}
