import type { EvaluationInputDraft, EvaluationMethod } from '../domain/evaluation/evaluation.schema.js';
import { offerCode } from '../domain/evaluation/offer-code.js';
import { assembleEvaluation, type CriteriaDesign, type EvaluatorInputs } from '../domain/evaluation/workspace.js';
import type { Money } from '../domain/money.js';

/*
 * The comparative evaluation of the ATMOS 2000 and CAESAR offers, rebuilt for
 * the demo from the reasons article A gives for the choice: "l’Atmos 2000 a
 * été préféré au système français Caesar de KNDS, en raison de problèmes
 * techniques persistants et d’un service client jugé insatisfaisant". The
 * real evaluation is not published: its criteria beyond those two reasons,
 * every weight and every score here are illustrative. The criteria name
 * their source; the programme's description carries the text below.
 */

/** Where each part of the evaluation comes from, as the programme's record says it. */
export const ATMOS_EVALUATION_SOURCE = {
  fr: 'Évaluation comparative reconstituée pour la démonstration, l’évaluation réelle n’étant pas publiée. Critères cités : problèmes techniques persistants et service client jugé insatisfaisant du CAESAR (article A, motifs du choix) ; sites de production d’Elbit Systems au Maroc (article A) ; transfert de compétences (article B). Prix de l’ATMOS 2000 : article A. Prix du CAESAR, délais, poids, comparaisons et notes des évaluateurs : illustratifs.',
  en: 'Comparative evaluation rebuilt for the demo, the real one not being published. Cited criteria: CAESAR’s persistent technical problems and unsatisfactory customer service (article A, the reasons for the choice); Elbit Systems’ production sites in Morocco (article A); skills transfer (article B). ATMOS 2000 price: article A. CAESAR’s price, delivery times, weights, comparisons and the evaluators’ scores: illustrative.',
};

type OfferKey = 'atmos' | 'caesar';
type Top = 'technique' | 'service' | 'industrie' | 'prix' | 'delai';
type Leaf = Exclude<Top, 'industrie'> | 'production' | 'competences';

/** The criteria, the top ones compared pairwise by each evaluator, industrial participation split in two (illustrative). */
export const ATMOS_CRITERIA: CriteriaDesign = {
  weighting: { kind: 'pairwise' },
  items: [
    { id: 'technique', name: 'Fiabilité technique : problèmes techniques rencontrés (motif cité, article A)', parent: null },
    { id: 'service', name: 'Service client et soutien après-vente (motif cité, article A)', parent: null },
    {
      id: 'industrie',
      name: 'Participation industrielle (articles A et B ; deux sous-critères à parts égales, illustratif)',
      parent: null,
      weighting: { kind: 'direct', weights: { production: 1, competences: 1 } },
    },
    { id: 'production', name: 'Production locale : sites de production au Maroc (article A)', parent: 'industrie' },
    { id: 'competences', name: 'Transfert de compétences et formation (article B)', parent: 'industrie' },
    { id: 'prix', name: 'Prix total de l’offre (ATMOS 2000 : article A ; CAESAR : illustratif)', parent: null },
    { id: 'delai', name: 'Délais de livraison (illustratif : les articles n’en disent rien)', parent: null },
  ],
};

/** The seed of the SMAA draws: the first day of the 3rd session, as a number (any fixed seed would do). */
export const ATMOS_EVALUATION_SEED = 20260105;

export const ATMOS_METHOD: EvaluationMethod = {
  aggregation: 'AIJ',
  randomIndex: 'saaty',
  smaa: { draws: 10_000, seed: ATMOS_EVALUATION_SEED, values: 'evaluators' },
};

/**
 * The evaluators: three Moroccan accounts of the demo who may read the
 * programme (CONFIDENTIAL, released to Israel only): the planner, the liaison
 * officer and the acquisition officer. Who evaluated for Morocco is not
 * published; these three are illustrative.
 */
export const ATMOS_ASSESSORS = ['mar.planner', 'mar.contributor', 'mar.acquisition'] as const;
export type AssessorKey = (typeof ATMOS_ASSESSORS)[number];

/**
 * How much more each evaluator weighs one top criterion than another, on
 * Saaty's scale (illustrative): the planner's judgment, the liaison
 * officer's, then the acquisition officer's. The two reasons the article
 * gives weigh most for all three; the acquisition officer, who deals with the
 * supplier after the sale, puts customer service above technical reliability.
 * The liaison officer left some pairs out (null), which Harker's method
 * completes.
 */
const TOP_JUDGMENTS: [Top, Top, planner: number, contributor: number | null, acquisition: number][] = [
  ['technique', 'service', 2, 1, 1 / 2],
  ['technique', 'industrie', 4, null, 3],
  ['technique', 'prix', 3, 2, 2],
  ['technique', 'delai', 5, 3, 3],
  ['service', 'industrie', 2, 1, 4],
  ['service', 'prix', 2, null, 3],
  ['service', 'delai', 3, null, 5],
  ['industrie', 'prix', 1 / 2, 1, 1 / 2],
  ['industrie', 'delai', 1, null, 1],
  ['prix', 'delai', 2, 2, 2],
];

/**
 * ATMOS 2000's and CAESAR's scores, 1 to 9, more is better (illustrative; the
 * first two follow the article's reasons): the planner's pair, the liaison
 * officer's, then the acquisition officer's. Price is scored from the offers' prices instead. Delivery
 * favours CAESAR, on which the articles are silent, so that the stability
 * analysis has a criterion pulling the other way.
 */
const SCORES: Record<
  Exclude<Leaf, 'prix'>,
  [planner: [number, number], contributor: [number, number], acquisition: [number, number]]
> = {
  technique: [
    [7, 3],
    [8, 4],
    [7, 4],
  ],
  service: [
    [7, 3],
    [6, 3],
    [8, 3],
  ],
  production: [
    [7, 4],
    [8, 4],
    [6, 4],
  ],
  competences: [
    [6, 5],
    [6, 4],
    [5, 5],
  ],
  delai: [
    [5, 7],
    [4, 6],
    [5, 6],
  ],
};

/**
 * One evaluator's inputs, the offers named by `offers` (the programme's
 * offer ids). `prices` are the two offers' total prices in one currency: the
 * price score of an offer is the lowest price divided by its own.
 */
export function assessorInputs(
  who: AssessorKey,
  offers: Record<OfferKey, string>,
  prices: Record<OfferKey, Money>,
): EvaluatorInputs {
  if (prices.atmos.currency !== prices.caesar.currency) throw new RangeError('compare prices in one currency');
  // Amounts of a few billion dirhams in centimes are exact as doubles (below 2^53).
  const lowest = Math.min(Number(prices.atmos.amount), Number(prices.caesar.amount));
  const priceScore = (m: Money) => lowest / Number(m.amount);
  const scored = (criterion: Leaf, [atmos, caesar]: [number, number]) => ({
    kind: 'scores' as const,
    criterion,
    scores: { [offers.atmos]: atmos, [offers.caesar]: caesar },
  });
  const column = ATMOS_ASSESSORS.indexOf(who);
  const judgments = TOP_JUDGMENTS.flatMap(([a, b, ...values]) => {
    const value = values[column];
    return value == null ? [] : [{ a, b, value }];
  });
  return {
    criteria: [{ node: null, judgments }],
    assessments: [
      ...(Object.entries(SCORES) as [Leaf, [number, number][]][]).map(([leaf, pairs]) =>
        scored(leaf, pairs[column] as [number, number]),
      ),
      scored('prix', [priceScore(prices.atmos), priceScore(prices.caesar)]),
    ],
  };
}

/**
 * The input `evaluate` takes, put together as the programme's evaluation
 * puts it together from the parts recorded (offers named by their order).
 */
export function atmosEvaluationInput(
  prices: Record<OfferKey, Money>,
  offers: Record<OfferKey, string> = { atmos: 'atmos', caesar: 'caesar' },
): EvaluationInputDraft {
  const { input, missing } = assembleEvaluation({
    criteria: ATMOS_CRITERIA,
    method: ATMOS_METHOD,
    offers: [
      { id: offers.atmos, name: offerCode(1) },
      { id: offers.caesar, name: offerCode(2) },
    ],
    evaluators: ATMOS_ASSESSORS.map((who) => ({
      id: who,
      name: who,
      inputs: assessorInputs(who, offers, prices),
    })),
  });
  if (!input) throw new Error(`the demo evaluation misses ${missing.map((m) => m.path).join(', ')}`);
  return input;
}
