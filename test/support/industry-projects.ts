import type { z } from 'zod';
import type { Actor, AppContext } from '../../src/app/context.js';
import { createProject } from '../../src/app/industrial-project.usecases.js';
import { INDUSTRIAL_PROJECTS } from '../../src/demo/demo.industry.js';
import { projectCreateSchema } from '../../src/domain/industrial-project.schema.js';
import type { Label } from '../../src/domain/labels.js';
import { makeActor } from './fixtures.js';
import { PARTIES, type Prng } from './labelled-world.js';
import { labelFields, labelOf } from './world-labels.js';

const benslimane = INDUSTRIAL_PROJECTS.find((p) => p.key === 'benslimane')?.input;
if (!benslimane) throw new Error('the demo has no Benslimane complex');
const THIRDS = ['33.33', '33.33', '33.34'];

/**
 * The demo's tripartite Benslimane complex (MAR's, RESTRICTED, released to ISR
 * and USA, 500,000,000.00 USD, 1200 jobs, 40 % local content), its cost split
 * between Morocco, Israel and the United States in shares that do not divide
 * evenly: 33.33, 33.33 and 33.34.
 */
export const TRIPARTITE = {
  ...benslimane,
  title: { en: 'Benslimane defence-industrial complex' },
  partners: benslimane.partners.map((p, i) => ({ ...p, share: THIRDS[i] ?? p.share })),
};

/** A project of `input` at `label`, written by `planner` (of its owner party) through the use case. */
export function createLabelledProject(
  ctx: AppContext,
  planner: Actor,
  label: Label,
  input: Omit<z.input<typeof projectCreateSchema>, 'classification' | 'releasableTo' | 'compartments'>,
) {
  return createProject(ctx, planner, projectCreateSchema.parse({ ...input, ...labelFields(label) }));
}

/**
 * `count` projects made one at a time from `inputOf(i)`, each at a label `rng` draws for MAR, ISR or
 * USA and written by its owner party's planner (planners of every party, TOP SECRET for every
 * compartment, are made first). The next label is drawn only when the caller asks for the next
 * project, so the caller's own draws for a project come before it.
 */
export async function* generatedProjects(
  ctx: AppContext,
  rng: Prng,
  count: number,
  inputOf: (i: number) => Parameters<typeof createLabelledProject>[3],
) {
  const planners: Record<string, Actor> = {};
  for (const party of PARTIES) planners[party] = await makeActor(ctx, party, ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
  for (let i = 0; i < count; i++) {
    const label = labelOf(rng, rng.pick(PARTIES.slice(0, 3)));
    const planner = planners[label.ownerParty] as Actor;
    yield { i, label, planner, project: await createLabelledProject(ctx, planner, label, inputOf(i)) };
  }
}
