import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/app/context.js';
import { planResults } from '../src/app/indicator.usecases.js';
import { createObjective } from '../src/app/objective.usecases.js';
import { updateProgramme } from '../src/app/programme.usecases.js';
import { type Label, levelOf } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, PASSWORD, seedWorld } from './support/fixtures.js';
import { prng, readerProfiles } from './support/labelled-world.js';
import { createLabelledProgramme, programmeLabel } from './support/programmes.js';

/** The reference rule: the reader's party owns the record or it is released to it, cleared to its level, holding its compartments. */
const mayRead = (who: Actor, l: Label) =>
  (l.ownerParty === who.party || l.releasableTo.includes(who.party)) &&
  levelOf(l.classification) <= levelOf(who.clearance) &&
  l.compartments.every((c) => who.compartments.includes(c));

const OPEN = { classification: 'UNCLASSIFIED' as const, releasableTo: ['ISR', 'USA', 'FRA'], compartments: [] };

describe.each(databases())('the programmes serving each objective, in the plan results, on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const planners = new Map<string, Actor>();
  let served = '';
  let other = '';
  /** The programmes linked to `served`, oldest first, with their labels. */
  const linked: { id: string; createdAt: string; title: string; label: Label }[] = [];
  let elsewhere = '';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    for (const party of ['MAR', 'ISR', 'USA'])
      planners.set(party, await makeActor(t.ctx, party, ['planner', 'contributor'], 'TOP_SECRET', ['INDUS', 'INTEL']));
    served = (await createObjective(t.ctx, w.marPlanner, w.plan.id, { title: { fr: 'Servi' }, activityIds: [], ...OPEN })).id;
    other = (await createObjective(t.ctx, w.marPlanner, w.plan.id, { title: { fr: 'Autre' }, activityIds: [], ...OPEN })).id;
    const rng = prng(15_3);
    for (let n = 0; n < 14; n++) {
      const label = programmeLabel(rng);
      const planner = planners.get(label.ownerParty) as Actor;
      const p = await createLabelledProgramme(t.ctx, planner, label, `Programme ${n}`);
      const patched = await updateProgramme(t.ctx, planner, p.id, { objectiveIds: [served], version: p.version });
      expect(patched.objectiveIds).toEqual([served]);
      linked.push({ id: p.id, createdAt: p.createdAt, title: `Programme ${n}`, label });
    }
    linked.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : 1));
    // One serves only the other objective: it is never listed under the first.
    const mar = planners.get('MAR') as Actor;
    const p = await createLabelledProgramme(t.ctx, mar, { ownerParty: 'MAR', ...OPEN }, 'Ailleurs');
    elsewhere = (await updateProgramme(t.ctx, mar, p.id, { objectiveIds: [other], version: p.version })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists to each generated reader exactly the linked programmes it may read, oldest first, with label and version', async () => {
    const rng = prng(15_4);
    let compared = 0;
    for (const profile of readerProfiles(rng)) {
      const reader = await makeActor(t.ctx, profile.party, ['viewer'], profile.clearance, profile.compartments);
      const planReadable = mayRead(reader, w.plan);
      const answer = planResults(t.ctx, reader, w.plan.id);
      if (!planReadable) {
        await expect(answer).rejects.toMatchObject({ code: 'plan.not_found' });
        continue;
      }
      const objectives = (await answer).objectives;
      const first = objectives.find((o) => o.id === served);
      if (!mayRead(reader, { ownerParty: 'MAR', ...OPEN })) {
        expect(first).toBeUndefined();
        continue;
      }
      const expected = linked.filter((l) => mayRead(reader, l.label));
      expect(first?.linkedProgrammes.map((p) => p.id)).toEqual(expected.map((l) => l.id));
      for (const [i, p] of (first?.linkedProgrammes ?? []).entries()) {
        const want = expected[i];
        expect({ ...p, releasableTo: [...p.releasableTo].sort() }).toMatchObject({
          ...want?.label,
          releasableTo: [...(want?.label.releasableTo ?? [])].sort(),
          version: 2,
          status: 'need',
          title: { en: want?.title },
        });
      }
      expect(objectives.find((o) => o.id === other)?.linkedProgrammes.map((p) => p.id)).toEqual([elsewhere]);
      compared++;
    }
    // The generated readers cover both outcomes.
    expect(compared).toBeGreaterThan(5);
    expect(linked.some((l) => !mayRead(planners.get('MAR') as Actor, l.label))).toBe(true);
  });

  it('drops a programme once it is unlinked, and answers the list through the API', async () => {
    const [gone] = linked.filter((l) => l.label.ownerParty === 'MAR');
    if (!gone) throw new Error('the generated programmes include one of MAR');
    const mar = planners.get('MAR') as Actor;
    const unlinked = await updateProgramme(t.ctx, mar, gone.id, { objectiveIds: [], version: 2 });
    expect(unlinked.version).toBe(3);
    const app = await buildServer(t.ctx);
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: mar.username, password: PASSWORD },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
      const res = await app.inject({ method: 'GET', url: `/api/plans/${w.plan.id}/results`, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(200);
      const ids = (res.json() as { objectives: { id: string; linkedProgrammes: { id: string }[] }[] }).objectives
        .find((o) => o.id === served)
        ?.linkedProgrammes.map((p) => p.id);
      expect(ids).toEqual(linked.filter((l) => l.id !== gone.id && mayRead(mar, l.label)).map((l) => l.id));
    } finally {
      await app.close();
    }
  });
});
