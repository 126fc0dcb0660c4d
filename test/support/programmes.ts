import type { Actor, AppContext } from '../../src/app/context.js';
import { createProgramme } from '../../src/app/programme.usecases.js';
import { CLASSIFICATIONS, type Label } from '../../src/domain/labels.js';
import { programmeCreateSchema } from '../../src/domain/programme.schema.js';
import { PARTIES, type Prng, RECORD_COMPARTMENT_SETS } from './labelled-world.js';

/** A programme's label: owned by MAR, ISR or USA, released to some of the others, any classification and compartments. */
export function programmeLabel(rng: Prng): Label {
  const owner = rng.pick(PARTIES.slice(0, 3));
  return {
    ownerParty: owner,
    classification: rng.pick(CLASSIFICATIONS),
    releasableTo: rng.sample(
      PARTIES.filter((p) => p !== owner),
      rng.int(4),
    ),
    compartments: [...rng.pick(RECORD_COMPARTMENT_SETS)],
  };
}

/** A programme at `label`, stated by `planner` (of its owner party) through the use case: a need of `quantity`. */
export function createLabelledProgramme(ctx: AppContext, planner: Actor, label: Label, title: string, quantity = 1) {
  return createProgramme(
    ctx,
    planner,
    programmeCreateSchema.parse({
      title: { en: title },
      need: { capabilityGap: 'Gap', quantity, requiredBy: '2028-01-01', budgetCeiling: { amount: '1000.00', currency: 'EUR' } },
      classification: label.classification,
      releasableTo: label.releasableTo,
      compartments: label.compartments,
    }),
  );
}
