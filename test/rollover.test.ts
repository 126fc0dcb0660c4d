import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, getActivity, listActivities, transitionActivityStatus } from '../src/app/activity.usecases.js';
import type { Actor } from '../src/app/context.js';
import { addMeasurement, createIndicator } from '../src/app/indicator.usecases.js';
import { createObjective, listObjectives } from '../src/app/objective.usecases.js';
import { createPlan, listPlans, transitionPlanStatus } from '../src/app/plan.usecases.js';
import { proposeRollover, rollOver } from '../src/app/rollover.usecases.js';
import { createSource } from '../src/app/source.usecases.js';
import type { ActivityStatus } from '../src/domain/activity.lifecycle.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld, yearPlanInput } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';
import { generatedReader, labelFields, labelOf } from './support/world-labels.js';

type World = Awaited<ReturnType<typeof seedWorld>>;
interface ModelActivity {
  id: string;
  label: Label;
  status: ActivityStatus;
  recurring: boolean;
}

/** The reference model: what a reader is proposed is the open, postponed and recurring activities it may read. */
const modelProposed = (reader: Actor, activities: ModelActivity[]) =>
  activities
    .filter((a) => canRead(reader, a.label))
    .filter((a) => a.recurring || !['conducted', 'reported', 'cancelled'].includes(a.status))
    .map((a) => a.id)
    .sort();

describe.each(databases())('roll-over into next year’s draft plan on %s', (kind) => {
  let t: TestDatabase;
  let w: World;
  let clock = new Date('2026-02-01T08:00:00Z');
  const model: ModelActivity[] = [];
  const rng = prng(20261207);
  let objectiveId = '';
  let indicatorId = '';

  const approve = async (planId: string) => {
    await transitionPlanStatus(t.ctx, w.marPlanner, planId, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, w.marPlanner, planId, { to: 'approved' });
    await transitionPlanStatus(t.ctx, w.isrPlanner, planId, { to: 'approved' });
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => clock);
    w = await seedWorld(t.ctx);
    for (let i = 0; i < 16; i++) {
      const label = labelOf(rng, 'MAR');
      const recurring = rng.int(3) === 0;
      const a = await createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput(`2026-RO-${String(i).padStart(2, '0')}`, { ...labelFields(label), recurring }),
      );
      model.push({ id: a.id, label, status: 'planned', recurring });
    }
    const objective = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
      title: { fr: 'Interopérabilité', en: 'Interoperability' },
      activityIds: model.slice(0, 4).map((a) => a.id),
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
      compartments: [],
    });
    objectiveId = objective.id;
    const indicator = await createIndicator(t.ctx, w.marPlanner, objective.id, {
      name: 'Exercices conjoints',
      unit: 'exercises',
      baselineValue: 1,
      baselineDate: '2026-01-15',
      targetValue: 6,
      targetDate: '2026-12-31',
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
      compartments: [],
    });
    indicatorId = indicator.id;
    await approve(w.plan.id);
    clock = new Date('2026-06-01T08:00:00Z');
    await addMeasurement(t.ctx, w.marPlanner, indicator.id, { date: '2026-05-20', value: 3, sourceId: null });
    // Each activity ends somewhere in its lifecycle: still planned, postponed, cancelled or conducted.
    for (const a of model) {
      const end = rng.pick(['planned', 'postponed', 'cancelled', 'conducted'] as const);
      if (end === 'postponed')
        await transitionActivityStatus(t.ctx, w.marPlanner, a.id, {
          to: 'postponed',
          reason: 'report',
          plannedPeriod: { start: '2026-11-01', end: '2026-11-30', precision: 'month' },
        });
      if (end === 'cancelled') await transitionActivityStatus(t.ctx, w.marPlanner, a.id, { to: 'cancelled', reason: 'annulée' });
      if (end === 'conducted') {
        await transitionActivityStatus(t.ctx, w.marPlanner, a.id, { to: 'scheduled' });
        await transitionActivityStatus(t.ctx, w.marPlanner, a.id, {
          to: 'conducted',
          actualStart: '2026-03-02',
          actualEnd: '2026-03-03',
        });
      }
      a.status = end;
    }
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('proposes to each generated reader exactly the open, postponed and recurring activities it may read', async () => {
    for (let i = 0; i < 12; i++) {
      const reader = await generatedReader(t.ctx, rng);
      const planLabel: Label = {
        ownerParty: 'MAR',
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR', 'USA'],
        compartments: [],
      };
      if (!canRead(reader, planLabel)) {
        await expect(proposeRollover(t.ctx, reader, w.plan.id, 2027)).rejects.toMatchObject({ code: 'plan.not_found' });
        continue;
      }
      const proposal = await proposeRollover(t.ctx, reader, w.plan.id, 2027);
      expect(proposal.activities.map((a) => a.id).sort()).toEqual(modelProposed(reader, model));
      for (const a of proposal.activities) {
        const m = model.find((x) => x.id === a.id);
        expect(a.reason).toBe(m?.status === 'postponed' ? 'postponed' : m?.status === 'planned' ? 'open' : 'recurring');
        expect(a.writable).toBe(false); // a viewer writes nothing
      }
    }
  });

  it('moves the dates a year on at the same precision, and bases indicators on the last measurement', async () => {
    const proposal = await proposeRollover(t.ctx, w.marPlanner, w.plan.id, 2027);
    expect(proposal).toMatchObject({ years: 1, periodStart: '2027-01-01', periodEnd: '2027-12-31' });
    for (const a of proposal.activities)
      expect(a.carriedPeriod).toEqual(
        a.status === 'postponed'
          ? { start: '2027-11-01', end: '2027-11-30', precision: 'month' }
          : { start: '2027-03-01', end: '2027-03-31', precision: 'month' },
      );
    expect(proposal.indicators).toEqual([
      expect.objectContaining({ id: indicatorId, baselineValue: 3, baselineDate: '2026-05-20', targetDate: '2027-12-31' }),
    ]);
  });

  it('refuses a year not after the plan’s, and a plan not yet adopted', async () => {
    await expect(proposeRollover(t.ctx, w.marPlanner, w.plan.id, 2026)).rejects.toMatchObject({
      code: 'rollover.year_not_after',
    });
    const draft = await createPlan(t.ctx, w.marPlanner, yearPlanInput(w.commission.id, 2030));
    await expect(proposeRollover(t.ctx, w.marPlanner, draft.id, 2031)).rejects.toMatchObject({
      code: 'rollover.source_not_adopted',
    });
  });

  it('refuses a chosen record the writer may not write, or one not proposed, and creates nothing', async () => {
    const before = (await listPlans(t.ctx, w.marPlanner)).items.length;
    const proposal = await proposeRollover(t.ctx, w.isrPlanner, w.plan.id, 2027);
    const own = proposal.activities[0];
    if (own)
      await expect(
        rollOver(t.ctx, w.isrPlanner, w.plan.id, { year: 2027, activityIds: [own.id], objectiveIds: [], indicatorIds: [] }),
      ).rejects.toMatchObject({ code: 'rollover.not_writable', issues: [expect.objectContaining({ path: 'activityIds' })] });
    const hidden = model.find((a) => !canRead(w.isrPlanner, a.label));
    if (hidden)
      await expect(
        rollOver(t.ctx, w.isrPlanner, w.plan.id, { year: 2027, activityIds: [hidden.id], objectiveIds: [], indicatorIds: [] }),
      ).rejects.toMatchObject({ code: 'rollover.not_proposed' });
    expect((await listPlans(t.ctx, w.marPlanner)).items.length).toBe(before);
  });

  it('leaves nothing when a carried activity fails half-way', async () => {
    const lower = await makeActor(t.ctx, 'MAR', ['planner'], 'SECRET', ['INDUS', 'INTEL']);
    const secret = await createSource(t.ctx, w.marPlanner, {
      kind: 'document',
      title: 'Note',
      publisher: null,
      url: null,
      publishedOn: null,
      excerpt: null,
      classification: 'TOP_SECRET',
      releasableTo: [],
      compartments: [],
    });
    const plan = await createPlan(t.ctx, w.marPlanner, yearPlanInput(w.commission.id, 2040));
    const first = await createActivity(t.ctx, w.marPlanner, plan.id, activityInput('2040-A'));
    const second = await createActivity(t.ctx, w.marPlanner, plan.id, activityInput('2040-B', { sourceId: secret.id }));
    await approve(plan.id);
    const plansBefore = (await listPlans(t.ctx, w.marPlanner)).items.length;
    // The second one names a source the writer may not read: refused after the draft and the first were written.
    await expect(
      rollOver(t.ctx, lower, plan.id, { year: 2041, activityIds: [first.id, second.id], objectiveIds: [], indicatorIds: [] }),
    ).rejects.toMatchObject({ code: 'source.unknown' });
    expect((await listPlans(t.ctx, w.marPlanner)).items.length).toBe(plansBefore);
  });

  it('creates the draft with the chosen records, their labels kept and their origin linked, once per year', async () => {
    const proposal = await proposeRollover(t.ctx, w.marPlanner, w.plan.id, 2027);
    const dropped = proposal.activities[0]?.id;
    const chosen = proposal.activities.filter((a) => a.id !== dropped).map((a) => a.id);
    const result = await rollOver(t.ctx, w.marPlanner, w.plan.id, {
      year: 2027,
      activityIds: chosen,
      objectiveIds: [objectiveId],
      indicatorIds: [indicatorId],
    });
    expect(result.activities.map((a) => a.carriedFrom).sort()).toEqual([...chosen].sort());
    const carried = (await listActivities(t.ctx, w.marPlanner, result.planId, { sort: 'refCode', limit: 100 })).items;
    expect(carried).toHaveLength(chosen.length);
    for (const c of carried) {
      const from = result.activities.find((a) => a.id === c.id)?.carriedFrom;
      const source = model.find((m) => m.id === from);
      expect(source).toBeDefined();
      const sorted = (l: { classification: string; releasableTo: string[]; compartments: string[] }) => ({
        classification: l.classification,
        releasableTo: [...l.releasableTo].sort(),
        compartments: [...l.compartments].sort(),
      });
      expect(sorted(c)).toEqual(sorted(source?.label as Label));
      expect(c.status).toBe('proposed');
      expect(c.recurring).toBe(source?.recurring);
      const detail = await getActivity(t.ctx, w.marPlanner, c.id);
      expect(detail.continues).toMatchObject({ activityId: from, planId: w.plan.id });
    }
    // A reader who may read the new activity but not its origin is not told of the origin.
    const objectives = await listObjectives(t.ctx, w.marPlanner, result.planId);
    expect(objectives.items).toHaveLength(1);
    const plans = (await listPlans(t.ctx, w.marPlanner)).items;
    const draft = plans.find((p) => p.id === result.planId);
    expect(draft).toMatchObject({ status: 'draft', periodStart: '2027-01-01', title: { fr: 'Plan de travail 2027' } });
    await expect(proposeRollover(t.ctx, w.marPlanner, w.plan.id, 2027)).rejects.toMatchObject({ code: 'rollover.year_taken' });
  });

  it('creates one draft when the plan is rolled over into one year twice at once', async () => {
    const choice = { year: 2028, activityIds: [], objectiveIds: [], indicatorIds: [] };
    const both = await Promise.allSettled([
      rollOver(t.ctx, w.marPlanner, w.plan.id, choice),
      rollOver(t.ctx, w.marPlanner, w.plan.id, choice),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'rollover.year_taken' } });
    const drafts = (await listPlans(t.ctx, w.marPlanner)).items.filter((p) => p.periodStart === '2028-01-01');
    expect(drafts).toHaveLength(1);
  });
});
