import type { CriteriaDesign, EvaluatorInputs } from '../../src/domain/evaluation/workspace.js';
import type { Db } from '../../src/store/db.js';
import type { Json, programmeApi } from './programme-api.js';

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

type ProgrammeApi = ReturnType<typeof programmeApi>;

/** An offer of the supplier's first system: `quantity` of them at `unitPrice` MAD each, valid until mid-2027. */
export const offerOf = (supplier: Json, unitPrice: string, quantity = 36) => ({
  supplierId: supplier.id,
  systemId: supplier.systems[0].id,
  quantity,
  unitPrice: { amount: unitPrice, currency: 'MAD' },
  totalPrice: { amount: (Number(unitPrice) * quantity).toFixed(2), currency: 'MAD' },
  validUntil: '2027-06-30',
});

/** The unit prices of three offers a dirham apart, in MAD. */
export const THREE_PRICES = ['50000000.00', '50000001.00', '50000002.00'];

/**
 * A programme of MAR's planner with the need of these suites and the `fields` given (title, label),
 * the `offers` made on it, moved to evaluation: the programme as the move answers it.
 */
export async function programmeInEvaluation({ ok }: ProgrammeApi, fields: Json, offers: object[]) {
  const p = await ok('mar', 'POST', '/api/programmes', { commissionId: null, need: NEED, ...fields });
  for (const offer of offers) await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offer);
  return ok('mar', 'POST', `/api/programmes/${p.id}/transitions`, { to: 'evaluation' });
}

/**
 * The open evaluation at `url` designed with CRITERIA and METHOD, MAR's planner added as its evaluator
 * and their complete inputs recorded: the evaluation as the inputs answer it.
 */
export async function designedWithInputs({ s, ok }: ProgrammeApi, url: string) {
  let e = await ok('mar', 'GET', url);
  e = await ok('mar', 'PATCH', url, { criteria: CRITERIA, method: METHOD, version: e.version });
  e = await ok('mar', 'POST', `${url}/evaluators`, { userId: s.w.marPlanner.userId, version: e.version });
  return ok('mar', 'PUT', `${url}/evaluators/${s.w.marPlanner.userId}/inputs`, inputsFor(e.offers.map((o: Json) => o.id)));
}

/** The audit entries of `action` on the record `entityId`, with the level and compartments they were written under. */
export const auditEntries = (db: Db, entityId: string, action: string) =>
  db
    .selectFrom('audit_entry')
    .select(['action', 'classification', 'compartment_mask'])
    .where('entity_id', '=', entityId)
    .where('action', '=', action)
    .execute();
