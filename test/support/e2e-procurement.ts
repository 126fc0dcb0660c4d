import type { APIRequestContext } from 'playwright-core';
import { apiOk } from '../e2e/helpers.js';

const mad = (amount: string) => ({ amount, currency: 'MAD' });

/**
 * Through the requests of a signed-in planner: a supplier of one artillery system; a programme of the
 * `fields` given (title, label) needing `quantity` of them for fires within `budget` MAD, with an offer of
 * the system for that quantity at each of `prices`; moved to evaluation. Answers the programme's id.
 */
export async function programmeInEvaluation(
  request: APIRequestContext,
  o: {
    supplier: string;
    system: string;
    fields: object;
    quantity: number;
    budget: string;
    prices: { unit: string; total: string }[];
  },
): Promise<string> {
  const supplier = await apiOk(request, 'post', '/api/suppliers', {
    name: o.supplier,
    country: 'France',
    systems: [{ name: o.system, category: 'artillery' }],
  });
  const programme = await apiOk(request, 'post', '/api/programmes', {
    ...o.fields,
    need: { capabilityGap: 'Feux', quantity: o.quantity, requiredBy: '2029-06-30', budgetCeiling: mad(o.budget) },
  });
  for (const { unit, total } of o.prices)
    await apiOk(request, 'post', `/api/programmes/${programme.id}/offers`, {
      supplierId: supplier.id,
      systemId: supplier.systems[0].id,
      quantity: o.quantity,
      unitPrice: mad(unit),
      totalPrice: mad(total),
      validUntil: '2028-06-30',
    });
  await apiOk(request, 'post', `/api/programmes/${programme.id}/transitions`, { to: 'evaluation' });
  return programme.id;
}
