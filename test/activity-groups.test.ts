import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityGroups } from '../src/app/activity-groups.usecases.js';
import type { Actor } from '../src/app/context.js';
import type { Activity } from '../src/domain/activity.schema.js';
import { ACTIVITY_GROUPS, groupKeyOf } from '../src/domain/activity-query.schema.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, sessionCookies } from './support/fixtures.js';
import { buildLabelledWorld, prng, readerProfiles, type World } from './support/labelled-world.js';

const SEED = 1503;
const labelOf = (a: Activity): Label => ({
  ownerParty: a.ownerParty,
  classification: a.classification,
  releasableTo: a.releasableTo,
  compartments: a.compartments,
});

describe.each(databases())('groups of a plan’s activities, counted under the read rule, on %s', (kind) => {
  let t: TestDatabase;
  let world: World;
  let clock = new Date();
  const readers: Actor[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => clock);
    world = await buildLabelledWorld(t.ctx, prng(SEED), (iso) => {
      clock = new Date(iso);
    });
    for (const p of readerProfiles(prng(SEED + 1)))
      readers.push(await makeActor(t.ctx, p.party, ['viewer'], p.clearance, p.compartments));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('counts for each reader exactly the activities the reference model lets them read, by every grouping', async () => {
    let compared = 0;
    // Every third reader profile: each party and clearance still comes, and the run stays short.
    for (const reader of readers.filter((_, i) => i % 3 === 0)) {
      for (const plan of world.plans) {
        const readable = world.activities
          .map((w) => w.activity)
          .filter((a) => a.planId === plan.id && canRead(reader, labelOf(a)));
        const planReadable = canRead(reader, plan.label);
        for (const by of ACTIVITY_GROUPS) {
          if (!planReadable) {
            await expect(activityGroups(t.ctx, reader, plan.id, { by })).rejects.toMatchObject({ code: 'plan.not_found' });
            continue;
          }
          const expected = new Map<string, number>();
          for (const a of readable) expected.set(groupKeyOf(a, by), (expected.get(groupKeyOf(a, by)) ?? 0) + 1);
          const got = await activityGroups(t.ctx, reader, plan.id, { by });
          expect(Object.fromEntries(got.groups.map((g) => [g.key, g.count])), `${reader.username} ${plan.id} ${by}`).toEqual(
            Object.fromEntries(expected),
          );
          expect(got.total).toBe(readable.length);
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(50);
  }, 120_000);

  it('applies the list’s filters, and answers a hidden plan as one that does not exist over HTTP', async () => {
    const reader = readers.find((r) => r.clearance === 'TOP_SECRET') as Actor;
    const plan = world.plans.find((p) => p.open && canRead(reader, p.label));
    if (!plan) throw new Error('no readable open plan');
    const readable = world.activities.map((w) => w.activity).filter((a) => a.planId === plan.id && canRead(reader, labelOf(a)));
    const status = readable[0]?.status ?? 'planned';
    const got = await activityGroups(t.ctx, reader, plan.id, { by: 'domain', status });
    expect(got.total).toBe(readable.filter((a) => a.status === status).length);

    const hidden = world.plans.find((p) => !canRead(reader, p.label));
    const app = await buildServer(t.ctx, { webRoot: false });
    try {
      const cookies = await sessionCookies(app, { reader });
      const call = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies.reader ?? '' } });
      const ok = await call(`/api/plans/${plan.id}/activity-groups?by=quarter`);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().total).toBe(readable.length);
      if (hidden) expect((await call(`/api/plans/${hidden.id}/activity-groups?by=status`)).statusCode).toBe(404);
      expect((await call(`/api/plans/${plan.id}/activity-groups?by=colour`)).statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});
