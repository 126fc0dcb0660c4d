import { afterAll, beforeAll } from 'vitest';
import type { z } from 'zod';
import type { Actor, AppContext } from '../../src/app/context.js';
import { createClaim, createObligation, getClaim, moveClaim } from '../../src/app/offset.usecases.js';
import { createProgramme } from '../../src/app/programme.usecases.js';
import { canRead, type Label } from '../../src/domain/labels.js';
import { claimCreateSchema, obligationCreateSchema } from '../../src/domain/offset.schema.js';
import { programmeCreateSchema, type Supplier } from '../../src/domain/programme.schema.js';
import { jointplan } from './cli.js';
import { type DatabaseKind, openTestDatabase } from './databases.js';
import { makeActor, seedParties, seedWorld } from './fixtures.js';
import { PARTIES, type Prng } from './labelled-world.js';
import { createElbit, type OfferTerms, offerFrom, signContract } from './programmes.js';
import { labelFields } from './world-labels.js';

/** Minor units written as a decimal amount with two places. */
export const decimal = (cents: bigint) => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
/** An amount of dirhams, from its minor units. */
export const mad = (cents: bigint) => ({ amount: decimal(cents), currency: 'MAD' });

/** `n / d` rounded half to even, written apart from the code under test. */
export function halfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = 2n * (n % d);
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}
/** `amount` times `basis` basis points, half to even. */
export const bp = (amount: bigint, basis: bigint) => halfEven(amount * basis, 10_000n);

/**
 * The calendar of the generated offset worlds of the ledger and the trace:
 * the day they are read on, the days their steps fall on, and the days their
 * figures are read as of (before, among and after the steps).
 */
export const GENERATED_CALENDAR = {
  today: '2027-06-01',
  days: ['2026-02-01', '2026-04-01', '2026-06-01', '2026-09-01', '2026-12-01', '2027-03-01', '2027-05-01'],
  asOf: ['2026-05-15', '2026-10-01', '2027-06-01'],
};

/** How a generated world reviews its claims: the odds of each fate, and the reason of a refusal. */
export interface ReviewOdds {
  /** Left as claimed. */
  unreviewed: number;
  /** Once under review, left there (never, when not given). */
  leftUnderReview?: number;
  /** Once decided, refused rather than granted. */
  refused: number;
  reason: string;
}

/**
 * Reviews a claim of `value` minor units claimed on `claimedOn`, at random as
 * `odds` say: under review on one of `days` from the claim on, then decided on
 * one from that day on, refused or granted for any part of its value. Returns
 * the steps taken after the claim and the value accepted, if granted.
 */
export async function reviewAtRandom(
  ctx: AppContext,
  rng: Prng,
  reviewer: Actor,
  claimId: string,
  claim: { value: bigint; claimedOn: string },
  days: readonly string[],
  odds: ReviewOdds,
): Promise<{ steps: { on: string; to: string }[]; accepted: bigint | null }> {
  const steps: { on: string; to: string }[] = [];
  if (rng.next() < odds.unreviewed) return { steps, accepted: null };
  const reviewOn = rng.pick(days.filter((d) => d >= claim.claimedOn));
  let { version } = await getClaim(ctx, reviewer, claimId);
  ({ version } = await moveClaim(ctx, reviewer, claimId, { to: 'under_review', on: reviewOn, version }));
  steps.push({ on: reviewOn, to: 'under_review' });
  if (odds.leftUnderReview !== undefined && rng.next() < odds.leftUnderReview) return { steps, accepted: null };
  const decidedOn = rng.pick(days.filter((d) => d >= reviewOn));
  if (rng.next() < odds.refused) {
    await moveClaim(ctx, reviewer, claimId, { to: 'refused', on: decidedOn, reason: odds.reason, version });
    steps.push({ on: decidedOn, to: 'refused' });
    return { steps, accepted: null };
  }
  const accepted = BigInt(rng.int(Number(claim.value) + 1));
  await moveClaim(ctx, reviewer, claimId, { to: 'granted', on: decidedOn, acceptedValue: decimal(accepted), version });
  steps.push({ on: decidedOn, to: 'granted' });
  return { steps, accepted };
}

/** A claim in the reference models: its label, the credit it claims, the credit granted if it was, and its steps. */
export interface ClaimModel {
  id: string;
  label: Label;
  obligationId: string;
  credit: bigint;
  granted: bigint | null;
  steps: { on: string; to: string }[];
}

/**
 * A fresh database of `kind` whose clock says `today`, with every party of the
 * generated worlds and, for each, a planner who states and claims and another
 * who reviews, both cleared TOP_SECRET with every compartment.
 */
export async function openGeneratedOffsets(kind: DatabaseKind, today: string) {
  const t = await openTestDatabase(kind, () => new Date(`${today}T10:00:00.000Z`));
  await seedParties(t.ctx, [...PARTIES]);
  const planners: Record<string, Actor> = {};
  const reviewers: Record<string, Actor> = {};
  for (const party of PARTIES) {
    planners[party] = await makeActor(t.ctx, party, ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    reviewers[party] = await makeActor(t.ctx, party, ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
  }
  return { t, planners, reviewers };
}

/** What an obligation says besides its programme, parties and label; multipliers by category. */
export type ObligationTerms = Omit<
  z.input<typeof obligationCreateSchema>,
  'programmeId' | 'obligorParty' | 'beneficiaryParty' | 'multipliers' | 'classification' | 'releasableTo' | 'compartments'
> & { multipliers: Record<string, string> };

/** The obligation of `obligor` to `planner`'s party on programme `programmeId`, stated by `planner` at `label`. */
export function obligationAt(
  ctx: AppContext,
  planner: Actor,
  programmeId: string,
  obligor: string,
  label: Label,
  { multipliers, ...terms }: ObligationTerms,
) {
  return createObligation(
    ctx,
    planner,
    obligationCreateSchema.parse({
      programmeId,
      obligorParty: obligor,
      beneficiaryParty: planner.party,
      multipliers: Object.entries(multipliers).map(([category, multiplier]) => ({ category, multiplier })),
      ...terms,
      ...labelFields(label),
    }),
  );
}

/** What a generated claim says: a purchase, unless it names the industrial project it comes from. */
export interface ClaimTerms {
  category: string;
  value: { amount: string; currency: string };
  evidence: string;
  claimedOn: string;
  industrialProjectId?: string | null;
}

/** A claim stated by `claimant` at `label` against obligation `obligationId`. */
export function claimAt(ctx: AppContext, claimant: Actor, obligationId: string, label: Label, terms: ClaimTerms) {
  return createClaim(
    ctx,
    claimant,
    obligationId,
    claimCreateSchema.parse({
      source: terms.industrialProjectId ? 'industrial_project' : 'purchase',
      ...terms,
      ...labelFields(label),
    }),
  );
}

/**
 * A claim of `value` minor units of MAD stated by `claimant` at `label`, then
 * reviewed at random (see `reviewAtRandom`) by `reviewer` when it may read it:
 * the claim's model, its credit and any grant at `multiplier` basis points.
 */
export async function claimReviewedAtRandom(
  ctx: AppContext,
  rng: Prng,
  by: { claimant: Actor; reviewer: Actor },
  obligationId: string,
  label: Label,
  claim: Omit<ClaimTerms, 'value'> & { value: bigint; multiplier: bigint },
  review: { days: readonly string[]; odds: ReviewOdds },
): Promise<ClaimModel> {
  const { value, multiplier, ...terms } = claim;
  const made = await claimAt(ctx, by.claimant, obligationId, label, { ...terms, value: mad(value) });
  const m: ClaimModel = {
    id: made.id,
    label,
    obligationId,
    credit: bp(value, multiplier),
    granted: null,
    steps: [{ on: claim.claimedOn, to: 'claimed' }],
  };
  if (!canRead(by.reviewer, label)) return m;
  const reviewed = await reviewAtRandom(ctx, rng, by.reviewer, made.id, claim, review.days, review.odds);
  m.steps.push(...reviewed.steps);
  if (reviewed.accepted !== null) m.granted = bp(reviewed.accepted, multiplier);
  return m;
}

/**
 * The world of the offset command-line suites: the parties, MAR's planner and
 * commission, ISR's planner who claims and viewer who reads, another MAR
 * planner who reviews, and Elbit in MAR's catalogue.
 */
export async function offsetWorld(ctx: AppContext) {
  const w = await seedWorld(ctx);
  const claimant = await makeActor(ctx, 'ISR', ['planner'], 'SECRET');
  const isrViewer = await makeActor(ctx, 'ISR', ['viewer'], 'SECRET');
  const reviewer = await makeActor(ctx, 'MAR', ['planner'], 'SECRET');
  const supplier = await createElbit(ctx, w.marPlanner);
  return { ...w, claimant, isrViewer, reviewer, supplier };
}

/**
 * A fresh database of `kind` on 2027-01-15 holding the offset world, the
 * arguments that name it to the command line, and the usernames of MAR's
 * planner and ISR's viewer.
 */
export async function openOffsetWorld(kind: DatabaseKind) {
  const t = await openTestDatabase(kind, () => new Date('2027-01-15T10:00:00.000Z'));
  const w = await offsetWorld(t.ctx);
  return { t, w, db: ['--db', t.url], users: { mar: w.marPlanner.username, isr: w.isrViewer.username } };
}

/**
 * A command-line suite over the offset world of `openOffsetWorld` on `kind`,
 * closed after the suite: `records` states the suite's own records once the
 * world is made, and `made` holds what it returns; `run(...args)` runs
 * `command` with `args` on the world's database. `s` holds the world.
 */
export function offsetCommandSuite<T extends object>(
  kind: DatabaseKind,
  command: string[],
  records: (s: Awaited<ReturnType<typeof openOffsetWorld>>) => Promise<T>,
) {
  const s = {} as Awaited<ReturnType<typeof openOffsetWorld>>;
  const made = {} as T;
  beforeAll(async () => {
    Object.assign(s, await openOffsetWorld(kind));
    Object.assign(made, await records(s));
  });
  afterAll(async () => {
    await s.t?.close();
  });
  return { s, made, run: (...args: string[]) => jointplan([...command, ...args, ...s.db]) };
}

/**
 * Two howitzers for MAR, stated by `planner`, released to `releasableTo`:
 * Elbit's offer of 2 × 500.00 MAD (with `offer`'s terms besides) selected and
 * its contract of 1000.00 MAD signed on 2026-02-01.
 */
export async function contractedHowitzers(
  ctx: AppContext,
  planner: Actor,
  supplier: Supplier,
  title: string,
  releasableTo: string[],
  offer: Partial<OfferTerms> = {},
) {
  const p = await createProgramme(
    ctx,
    planner,
    programmeCreateSchema.parse({
      title: { en: title },
      need: { capabilityGap: 'Artillery', quantity: 2, requiredBy: '2028-01-01', budgetCeiling: mad(1000_00n) },
      releasableTo,
    }),
  );
  const offered = await offerFrom(ctx, planner, p.id, supplier, {
    quantity: 2,
    unitPrice: mad(500_00n),
    totalPrice: mad(1000_00n),
    validUntil: '2027-06-30',
    ...offer,
  });
  await signContract(ctx, planner, p.id, offered.offers[0]?.id, { value: mad(1000_00n), signedOn: '2026-02-01' });
  return p;
}

/** ISR's obligation to MAR of half the contract of programme `programmeId` by `deadline`, training counted twice. */
export function halfTrainingOffset(
  ctx: AppContext,
  planner: Actor,
  programmeId: string,
  deadline: string,
  over: Partial<z.input<typeof obligationCreateSchema>> = {},
) {
  return createObligation(
    ctx,
    planner,
    obligationCreateSchema.parse({
      programmeId,
      obligorParty: 'ISR',
      beneficiaryParty: 'MAR',
      requiredPercentage: '50',
      deadline,
      multipliers: [{ category: 'training', multiplier: '2' }],
      ...over,
    }),
  );
}

/** A training course of 100.00 MAD bought on 2026-03-01, claimed against `obligationId` with `evidence`. */
export function trainingClaim(
  ctx: AppContext,
  claimant: Actor,
  obligationId: string,
  evidence: string,
  over: Partial<z.input<typeof claimCreateSchema>> = {},
) {
  return createClaim(
    ctx,
    claimant,
    obligationId,
    claimCreateSchema.parse({
      source: 'purchase',
      category: 'training',
      value: mad(100_00n),
      evidence,
      claimedOn: '2026-03-01',
      ...over,
    }),
  );
}

/** A training claim of `trainingClaim`, taken under review on 2026-03-10 by `reviewer` and granted all of it on 2026-04-01. */
export async function grantedTrainingClaim(
  ctx: AppContext,
  claimant: Actor,
  reviewer: Actor,
  obligationId: string,
  evidence: string,
  over: Partial<z.input<typeof claimCreateSchema>> = {},
) {
  const claim = await trainingClaim(ctx, claimant, obligationId, evidence, over);
  const { version } = await moveClaim(ctx, reviewer, claim.id, { to: 'under_review', on: '2026-03-10', version: claim.version });
  await moveClaim(ctx, reviewer, claim.id, { to: 'granted', on: '2026-04-01', acceptedValue: '100.00', version });
  return claim;
}
