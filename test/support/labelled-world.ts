import { createActivity, getActivity, transitionActivityStatus } from '../../src/app/activity.usecases.js';
import { createCommission, createSession } from '../../src/app/commission.usecases.js';
import type { Actor, AppContext } from '../../src/app/context.js';
import { addFollowUp, listFollowUps } from '../../src/app/follow-up.usecases.js';
import { createPlan, transitionPlanStatus } from '../../src/app/plan.usecases.js';
import type { ActivityStatus } from '../../src/domain/activity.lifecycle.js';
import { type Activity, activityCreateSchema, DOMAINS } from '../../src/domain/activity.schema.js';
import { commissionCreateSchema, sessionCreateSchema } from '../../src/domain/commission.schema.js';
import { followUpCreateSchema } from '../../src/domain/follow-up.schema.js';
import { CLASSIFICATIONS, type Classification, type Label } from '../../src/domain/labels.js';
import { periodOf } from '../../src/domain/period.js';
import { planCreateSchema } from '../../src/domain/plan.schema.js';
import { makeActor, seedParties } from './fixtures.js';

/** A small seeded PRNG (mulberry32), so that a failing case can be replayed. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  };
  return { next, int, pick, sample };
}
export type Prng = ReturnType<typeof prng>;

export const PARTIES = ['MAR', 'ISR', 'USA', 'FRA'] as const;
export const COMPARTMENTS = ['INDUS', 'INTEL'] as const;
/** Compartment sets of records; readers also get `[INDUS]` alone, which opens none of the compartmented ones. */
export const RECORD_COMPARTMENT_SETS: readonly string[][] = [[], ['INTEL'], ['INDUS', 'INTEL']];
export const READER_COMPARTMENT_SETS: readonly string[][] = [[], ['INDUS'], ['INTEL'], ['INDUS', 'INTEL']];
/** Words of activity titles the list filter `q` looks for. */
export const TITLE_WORDS = ['atlas', 'boreas', 'cygnus'] as const;
/** A word every record of an owner party carries, so that search can find them all. */
export const tokenOf = (owner: string) => `kappa${owner.toLowerCase()}`;

/** The clock of the world: records are made on CREATED_AT, notes on NOTED_AT, measured AS_OF. */
export const CREATED_AT = '2026-05-01T09:00:00.000Z';
export const NOTED_AT = '2026-06-20T09:00:00.000Z';
export const AS_OF = '2026-07-01';
export const STALE_AFTER_DAYS = 30;

/** Every label of the world: each owner × classification × release set × compartment set. */
export function allLabels(rng: Prng): Label[] {
  return PARTIES.flatMap((ownerParty) => {
    const others = PARTIES.filter((p) => p !== ownerParty);
    const releaseSets = [[], [rng.pick(others)], [...others]];
    return CLASSIFICATIONS.flatMap((classification) =>
      releaseSets.flatMap((releasableTo) =>
        RECORD_COMPARTMENT_SETS.map((compartments) => ({ ownerParty, classification, releasableTo, compartments })),
      ),
    );
  });
}

const labelInput = (l: Label) => ({
  classification: l.classification,
  releasableTo: l.releasableTo,
  compartments: l.compartments,
});

export interface WorldActivity {
  activity: Activity;
  /** Whether the activity sits in one of the owners' open plans (the ones with many activities). */
  open: boolean;
  text: string;
}

export interface WorldFollowUp {
  id: string;
  activityId: string;
  label: Label;
  body: string;
  createdAt: string;
  /** Notes are written by users; status changes by the lifecycle, audited as the activity's transition. */
  kind: 'note' | 'status_change';
}

export interface World {
  planners: Record<string, Actor>;
  commissions: { id: string; label: Label }[];
  hubId: string;
  sessions: { id: string; commissionId: string; label: Label }[];
  plans: { id: string; label: Label; open: boolean }[];
  activities: WorldActivity[];
  followUps: WorldFollowUp[];
}

const PERIODS = ['2026-01', '2026-02', '2026-03-10', '2026-Q1', '2026-Q2', '2026-04', '2026-05'];
const FATES: ActivityStatus[] = ['planned', 'scheduled', 'conducted', 'reported', 'postponed', 'cancelled'];
const ACTUAL_STARTS = ['2026-01-20', '2026-03-15', '2026-04-20'];

/**
 * Builds, through the use cases, records of every label: commissions,
 * sessions, plans, activities in every status, and follow-ups. Each is made by
 * a planner of its owner party cleared TOP_SECRET with every compartment.
 */
export async function buildLabelledWorld(ctx: AppContext, rng: Prng, setClock: (iso: string) => void): Promise<World> {
  setClock(CREATED_AT);
  await seedParties(ctx, [...PARTIES], [...COMPARTMENTS]);
  const planners: Record<string, Actor> = {};
  for (const party of PARTIES)
    planners[party] = await makeActor(ctx, party, ['planner', 'contributor'], 'TOP_SECRET', [...COMPARTMENTS]);
  const plannerOf = (party: string) => planners[party] as Actor;
  const labels = allLabels(rng);
  const world: World = { planners, commissions: [], hubId: '', sessions: [], plans: [], activities: [], followUps: [] };

  const open: Label = {
    ownerParty: 'MAR',
    classification: 'UNCLASSIFIED',
    releasableTo: ['ISR', 'USA', 'FRA'],
    compartments: [],
  };
  const hub = await createCommission(
    ctx,
    plannerOf('MAR'),
    commissionCreateSchema.parse({ name: { en: 'Hub commission' }, parties: [...PARTIES], ...labelInput(open) }),
  );
  world.hubId = hub.id;
  world.commissions.push({ id: hub.id, label: open });

  let sessionNumber = 0;
  const session = async (commissionId: string, label: Label) => {
    const s = await createSession(
      ctx,
      plannerOf(label.ownerParty),
      commissionId,
      sessionCreateSchema.parse({
        number: ++sessionNumber,
        startDate: '2026-01-12',
        endDate: '2026-01-14',
        place: 'Tel Aviv',
        hostParty: rng.pick(PARTIES),
        ...labelInput(label),
      }),
    );
    world.sessions.push({ id: s.id, commissionId, label });
  };

  const sameOwner = (owner: string) => labels.filter((l) => l.ownerParty === owner);
  const activityIn = async (planId: string, label: Label, refCode: string, isOpen: boolean) => {
    const word = rng.pick(TITLE_WORDS);
    const token = tokenOf(label.ownerParty);
    const input = activityCreateSchema.parse({
      refCode,
      title: { fr: `Réunion ${word} ${token}`, en: `Meeting ${word} ${refCode}` },
      type: 'technical_meeting',
      domain: rng.pick(DOMAINS.slice(0, 4)),
      leadParty: rng.pick(PARTIES),
      participatingParties: rng.sample(PARTIES, rng.int(3)),
      plannedPeriod: periodOf(rng.pick(PERIODS)),
      ...labelInput(label),
    });
    const a = await createActivity(ctx, plannerOf(label.ownerParty), planId, input);
    world.activities.push({ activity: a, open: isOpen, text: `${refCode} ${input.title.fr} ${input.title.en}` });
    return a;
  };

  for (const [i, label] of labels.entries()) {
    const c = await createCommission(
      ctx,
      plannerOf(label.ownerParty),
      commissionCreateSchema.parse({ name: { fr: `Commission ${i}` }, parties: [...PARTIES], ...labelInput(label) }),
    );
    world.commissions.push({ id: c.id, label });
    await session(c.id, rng.pick(sameOwner(label.ownerParty)));
    await session(hub.id, label);
    const plan = await createPlan(
      ctx,
      plannerOf(label.ownerParty),
      planCreateSchema.parse({
        commissionId: hub.id,
        title: { en: `Plan ${i}` },
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        ...labelInput(label),
      }),
    );
    world.plans.push({ id: plan.id, label, open: false });
    await activityIn(plan.id, rng.pick(sameOwner(label.ownerParty)), `SOLO-${i}`, false);
  }

  // One open plan per owner, holding an activity of each of its labels, adopted by every party.
  for (const owner of PARTIES) {
    const planner = plannerOf(owner);
    const planLabel: Label = { ...open, ownerParty: owner, releasableTo: PARTIES.filter((p) => p !== owner) };
    const plan = await createPlan(
      ctx,
      planner,
      planCreateSchema.parse({
        commissionId: hub.id,
        title: { en: `Open plan ${owner}` },
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        ...labelInput(planLabel),
      }),
    );
    world.plans.push({ id: plan.id, label: planLabel, open: true });
    const made = [];
    for (const [i, label] of sameOwner(owner).entries())
      made.push(await activityIn(plan.id, label, `${owner}-${String(i).padStart(3, '0')}`, true));
    await transitionPlanStatus(ctx, planner, plan.id, { to: 'proposed' });
    for (const party of PARTIES) await transitionPlanStatus(ctx, plannerOf(party), plan.id, { to: 'approved' });
    await transitionPlanStatus(ctx, planner, plan.id, { to: 'in_execution' });
    for (const a of made) await moveTo(ctx, planner, a.id, rng.pick(FATES), rng, tokenOf(owner));
  }

  // Notes come later than the records, so that freshness depends on which notes a reader may read.
  setClock(NOTED_AT);
  for (const { activity, open: isOpen } of world.activities) {
    const owner = activity.ownerParty;
    for (let n = 0; n < (isOpen ? 2 : 1); n++) {
      const label = rng.pick(sameOwner(owner));
      const body = `Compte rendu ${n} ${tokenOf(owner)} ${activity.refCode}`;
      const f = await addFollowUp(ctx, plannerOf(owner), activity.id, followUpCreateSchema.parse({ body, ...labelInput(label) }));
      world.followUps.push({ id: f.id, activityId: activity.id, label, body, createdAt: f.createdAt, kind: 'note' });
    }
  }

  // Partners' notes ask to be released to nobody: whatever is attached to an activity is released to its owner.
  for (const { activity, open: isOpen } of world.activities) {
    const partner = PARTIES.find(
      (p) =>
        p !== activity.ownerParty &&
        activity.releasableTo.includes(p) &&
        (activity.leadParty === p || activity.participatingParties.includes(p)),
    );
    if (!isOpen || !partner) continue;
    const asked = { classification: rng.pick(CLASSIFICATIONS), compartments: [...rng.pick(RECORD_COMPARTMENT_SETS)] };
    const body = `Note ${tokenOf(partner)} ${activity.refCode}`;
    const f = await addFollowUp(
      ctx,
      plannerOf(partner),
      activity.id,
      followUpCreateSchema.parse({ body, ...asked, releasableTo: [] }),
    );
    const label: Label = { ownerParty: partner, ...asked, releasableTo: [activity.ownerParty] };
    world.followUps.push({ id: f.id, activityId: activity.id, label, body, createdAt: f.createdAt, kind: 'note' });
  }

  // The state as the owner sees it is the truth the readers are compared with.
  for (const wa of world.activities) {
    wa.activity = await getActivity(ctx, plannerOf(wa.activity.ownerParty), wa.activity.id);
    const logged = await listFollowUps(ctx, plannerOf(wa.activity.ownerParty), wa.activity.id);
    for (const f of logged.items)
      if (f.kind === 'status_change')
        world.followUps.push({
          id: f.id,
          activityId: wa.activity.id,
          label: {
            ownerParty: f.ownerParty,
            classification: f.classification,
            releasableTo: f.releasableTo,
            compartments: f.compartments,
          },
          body: f.body,
          createdAt: f.createdAt,
          kind: 'status_change',
        });
  }
  return world;
}

/** Moves an adopted (planned) activity to `fate` along allowed transitions. */
async function moveTo(ctx: AppContext, planner: Actor, id: string, fate: ActivityStatus, rng: Prng, token: string) {
  const step = (to: ActivityStatus, extra: Record<string, unknown> = {}) =>
    transitionActivityStatus(ctx, planner, id, { to, ...extra });
  switch (fate) {
    case 'scheduled':
      await step('scheduled');
      return;
    case 'conducted':
    case 'reported': {
      await step('scheduled');
      const actualStart = rng.pick(ACTUAL_STARTS);
      await step('conducted', { actualStart, actualEnd: actualStart });
      if (fate === 'reported') await step('reported');
      return;
    }
    case 'postponed':
      await step('postponed', { plannedPeriod: periodOf('2026-Q3'), reason: `Report ${token}` });
      if (rng.next() < 0.5) await step('postponed', { plannedPeriod: periodOf('2026-Q4'), reason: `Encore ${token}` });
      return;
    case 'cancelled':
      await step('cancelled', { reason: `Annulé ${token}` });
      return;
    default:
      return;
  }
}

/** The readers: every party with every clearance, each with a compartment set, and a few more. */
export function readerProfiles(rng: Prng): { party: string; clearance: Classification; compartments: string[] }[] {
  const out = PARTIES.flatMap((party) =>
    CLASSIFICATIONS.map((clearance) => ({ party, clearance, compartments: [...rng.pick(READER_COMPARTMENT_SETS)] })),
  );
  for (const party of PARTIES)
    for (const compartments of READER_COMPARTMENT_SETS)
      out.push({ party, clearance: rng.pick(CLASSIFICATIONS.slice(2)), compartments: [...compartments] });
  return out;
}
