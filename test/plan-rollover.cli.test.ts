import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { transitionPlanStatus } from '../src/app/plan.usecases.js';
import { jointplan } from './support/cli.js';
import { countRows, databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld } from './support/fixtures.js';

/**
 * `jointplan plan rollover` as a planner runs it: a dry run lists what would be carried and creates nothing, a
 * real run creates next year's draft with what was chosen, and a refusal (a plan not adopted, a year taken, a
 * plan the user may not read) exits non-zero with its message and creates nothing.
 */
describe.each(databases())('jointplan plan rollover on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let db: string[];
  const carried: string[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    for (const ref of ['2026-CLI-01', '2026-CLI-02', '2026-CLI-03'])
      carried.push((await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput(ref, { releasableTo: ['ISR'] }))).id);
    db = ['--db', t.url];
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a plan not adopted yet, and one the user may not read, creating nothing', async () => {
    const plans = await countRows(t.db, 'work_plan');
    const draft = await jointplan([
      'plan',
      'rollover',
      '--plan',
      w.plan.id,
      '--year',
      '2027',
      '--as',
      w.marPlanner.username,
      ...db,
    ]);
    expect(draft.code).not.toBe(0);
    expect(draft.stderr).toMatch(/adopted|approved|draft/i);
    const fra = await makeActor(t.ctx, 'FRA', ['planner'], 'TOP_SECRET');
    const hidden = await jointplan(['plan', 'rollover', '--plan', w.plan.id, '--year', '2027', '--as', fra.username, ...db]);
    const nothing = await jointplan([
      'plan',
      'rollover',
      '--plan',
      '0190a000-0000-7000-8000-0000000fffff',
      '--year',
      '2027',
      '--as',
      fra.username,
      ...db,
    ]);
    expect(hidden.code).not.toBe(0);
    expect({ code: hidden.code, stderr: hidden.stderr }).toEqual({ code: nothing.code, stderr: nothing.stderr });
    const badYear = await jointplan([
      'plan',
      'rollover',
      '--plan',
      w.plan.id,
      '--year',
      '27',
      '--as',
      w.marPlanner.username,
      ...db,
    ]);
    expect(badYear.code).not.toBe(0);
    expect(badYear.stderr).toMatch(/--year/);
    expect(await countRows(t.db, 'work_plan')).toBe(plans);
  }, 180_000);

  it('lists what a dry run would carry without creating anything, then creates the draft with what was kept', async () => {
    await transitionPlanStatus(t.ctx, w.marPlanner, w.plan.id, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, w.marPlanner, w.plan.id, { to: 'approved' });
    await transitionPlanStatus(t.ctx, w.isrPlanner, w.plan.id, { to: 'approved' });
    const plans = await countRows(t.db, 'work_plan');
    const as = ['--as', w.marPlanner.username, ...db];
    const dry = await jointplan(['plan', 'rollover', '--plan', w.plan.id, '--year', '2027', '--dry-run', ...as]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('2027-01-01..2027-12-31');
    expect(dry.stdout).toContain('nothing created');
    for (const id of carried) expect(dry.stdout).toContain(id);
    expect(await countRows(t.db, 'work_plan')).toBe(plans);

    const [left, ...kept] = carried as [string, ...string[]];
    const run = await jointplan(['plan', 'rollover', '--plan', w.plan.id, '--year', '2027', '--without', left, '--json', ...as]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { planId: string; activities: { carriedFrom?: string; id: string }[] };
    expect(await countRows(t.db, 'work_plan')).toBe(plans + 1);
    const created = await t.db
      .selectFrom('work_plan')
      .select(['status', 'rolled_from', 'period_start'])
      .where('id', '=', result.planId)
      .executeTakeFirstOrThrow();
    expect(created).toEqual({ status: 'draft', rolled_from: w.plan.id, period_start: '2027-01-01' });
    const copies = await t.db.selectFrom('activity').select('carried_from').where('plan_id', '=', result.planId).execute();
    expect(copies.map((c) => c.carried_from).sort()).toEqual([...kept].sort());

    // The year is taken now: a second run is refused and creates nothing.
    const again = await jointplan(['plan', 'rollover', '--plan', w.plan.id, '--year', '2027', ...as]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/2027/);
    expect(await countRows(t.db, 'work_plan')).toBe(plans + 1);
  }, 240_000);
});
