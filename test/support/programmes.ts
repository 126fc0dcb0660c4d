import type { z } from 'zod';
import type { Actor, AppContext } from '../../src/app/context.js';
import { addOffer, createProgramme, createSupplier, moveProgramme, recordContract } from '../../src/app/programme.usecases.js';
import type { Label } from '../../src/domain/labels.js';
import {
  contractCreateSchema,
  offerCreateSchema,
  programmeCreateSchema,
  type Supplier,
  supplierCreateSchema,
} from '../../src/domain/programme.schema.js';
import { PARTIES, type Prng } from './labelled-world.js';
import { labelFields, labelOf } from './world-labels.js';

/** A programme's label: owned by MAR, ISR or USA, released to some of the others, any classification and compartments. */
export const programmeLabel = (rng: Prng): Label => labelOf(rng, rng.pick(PARTIES.slice(0, 3)));

/** A programme at `label`, stated by `planner` (of its owner party) through the use case: a need of `quantity`. */
export function createLabelledProgramme(ctx: AppContext, planner: Actor, label: Label, title: string, quantity = 1) {
  return createProgramme(
    ctx,
    planner,
    programmeCreateSchema.parse({
      title: { en: title },
      need: { capabilityGap: 'Gap', quantity, requiredBy: '2028-01-01', budgetCeiling: { amount: '1000.00', currency: 'EUR' } },
      ...labelFields(label),
    }),
  );
}

/** Elbit Systems and its ATMOS howitzer in the catalogue of `planner`'s party; `over` changes any of its fields. */
export function createElbit(ctx: AppContext, planner: Actor, over: Partial<z.input<typeof supplierCreateSchema>> = {}) {
  return createSupplier(
    ctx,
    planner,
    supplierCreateSchema.parse({
      name: 'Elbit Systems',
      country: 'Israel',
      systems: [{ name: 'ATMOS', category: 'artillery' }],
      ...over,
    }),
  );
}

/** What an offer says besides whose system it is. */
export type OfferTerms = Omit<z.input<typeof offerCreateSchema>, 'supplierId' | 'systemId'>;

/** Adds to programme `programmeId` an offer of `supplier`'s first system: the programme with its offers. */
export function offerFrom(ctx: AppContext, planner: Actor, programmeId: string, supplier: Supplier, terms: OfferTerms) {
  return addOffer(
    ctx,
    planner,
    programmeId,
    offerCreateSchema.parse({ supplierId: supplier.id, systemId: supplier.systems[0]?.id, ...terms }),
  );
}

/**
 * Takes a programme with offers to its contract through the use cases: the
 * evaluation opened (`whileEvaluating` runs then), offer `offerId` selected,
 * the contract recorded.
 */
export async function signContract(
  ctx: AppContext,
  planner: Actor,
  programmeId: string,
  offerId: string | undefined,
  contract: z.input<typeof contractCreateSchema>,
  whileEvaluating?: () => Promise<void>,
) {
  await moveProgramme(ctx, planner, programmeId, { to: 'evaluation' });
  await whileEvaluating?.();
  await moveProgramme(ctx, planner, programmeId, { to: 'selected', offerId });
  return recordContract(ctx, planner, programmeId, contractCreateSchema.parse(contract));
}

/**
 * Takes programme `programmeId` to its contract with `supplier`: its offer of
 * ten systems at 1,000.00 each (in the contract's currency), valid until
 * 2027-01-01, selected, and the contract of `contract.value` recorded.
 */
export async function contractForTen(
  ctx: AppContext,
  planner: Actor,
  programmeId: string,
  supplier: Supplier,
  contract: { value: { amount: string; currency: string }; signedOn: string },
) {
  const { currency } = contract.value;
  const offered = await offerFrom(ctx, planner, programmeId, supplier, {
    quantity: 10,
    unitPrice: { amount: '1000.00', currency },
    totalPrice: { amount: '10000.00', currency },
    validUntil: '2027-01-01',
  });
  return signContract(ctx, planner, programmeId, offered.offers[0]?.id, contract);
}
