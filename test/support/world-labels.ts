import type { Actor, AppContext } from '../../src/app/context.js';
import { CLASSIFICATIONS, type Label } from '../../src/domain/labels.js';
import { makeActor } from './fixtures.js';
import { PARTIES, type Prng, READER_COMPARTMENT_SETS, RECORD_COMPARTMENT_SETS } from './labelled-world.js';

/** A label owned by `owner`, released to some of the other parties, at any classification and compartments. */
export function labelOf(rng: Prng, owner: string): Label {
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

/** What a create input says of its label: the owner party is the writer's. */
export const labelFields = (label: Label) => ({
  classification: label.classification,
  releasableTo: label.releasableTo,
  compartments: label.compartments,
});

/** A viewer of any party, with any clearance and any set of compartments a reader may hold. */
export function generatedReader(ctx: AppContext, rng: Prng): Promise<Actor> {
  return makeActor(ctx, rng.pick(PARTIES), ['viewer'], rng.pick(CLASSIFICATIONS), [...rng.pick(READER_COMPARTMENT_SETS)]);
}
