import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, listActivities } from '../src/app/activity.usecases.js';
import { addFollowUp } from '../src/app/follow-up.usecases.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';

/** The dashboard's lists: open activities past their planned end, not followed up for 30 days, or still to come. */
describe.each(databases())('activities needing attention on %s', (kind) => {
  let t: TestDatabase;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let clock = new Date('2026-03-01T08:00:00Z');

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => clock);
    world = await seedWorld(t.ctx);
    const period = (start: string, end: string) => ({ plannedPeriod: { start, end, precision: 'day' } });
    await createActivity(
      t.ctx,
      world.marPlanner,
      world.plan.id,
      activityInput('2026-OLD-01', period('2026-03-10', '2026-03-12')),
    );
    const followed = await createActivity(
      t.ctx,
      world.marPlanner,
      world.plan.id,
      activityInput('2026-OLD-02', period('2026-03-20', '2026-03-21')),
    );
    clock = new Date('2026-04-20T08:00:00Z');
    await addFollowUp(t.ctx, world.marPlanner, followed.id, { kind: 'note', body: 'Point de situation', language: 'fr' });
    await createActivity(
      t.ctx,
      world.marPlanner,
      world.plan.id,
      activityInput('2026-NEW-01', period('2026-06-01', '2026-06-02')),
    );
  });
  afterAll(async () => {
    await t?.close();
  });

  const refs = async (attention: 'overdue' | 'stale' | 'upcoming') =>
    (await listActivities(t.ctx, world.marPlanner, world.plan.id, { attention, sort: 'refCode', limit: 50 })).items.map(
      (a) => a.refCode,
    );

  it('lists as overdue the open activities whose planned end has passed', async () => {
    expect(await refs('overdue')).toEqual(['2026-OLD-01', '2026-OLD-02']);
  });

  it('lists as stale the open activities with no follow-up for 30 days, counting from creation', async () => {
    expect(await refs('stale')).toEqual(['2026-OLD-01']);
  });

  it('lists as upcoming the open activities not yet past their planned end', async () => {
    expect(await refs('upcoming')).toEqual(['2026-NEW-01']);
  });

  it('refuses an unknown kind of attention', async () => {
    const { activityListQuerySchema } = await import('../src/domain/activity.schema.js');
    expect(activityListQuerySchema.safeParse({ attention: 'late' }).success).toBe(false);
  });
});
