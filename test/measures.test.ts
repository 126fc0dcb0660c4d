import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionActionItemStatus } from '../src/app/action-item.usecases.js';
import { createActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import { createContext } from '../src/app/context.js';
import { createObjective } from '../src/app/objective.usecases.js';
import { transitionPlanStatus } from '../src/app/plan.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, minutesWithActionItems, seedWorld, sessionCookies } from './support/fixtures.js';

describe.each(databases())('measures over time on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const cookies: Record<string, string> = {};
  let clock = new Date('2026-01-15T09:00:00Z');
  let objectiveId = '';

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie: cookies[who] ?? '' }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    // Every use case below happens on the day the clock shows, so history has real dates.
    const ctx = createContext(t.db, () => clock);
    const at = (iso: string) => {
      clock = new Date(`${iso}T09:00:00Z`);
    };
    w = await seedWorld(ctx);
    const isrViewer = await makeActor(ctx, 'ISR', ['viewer'], 'SECRET');
    const month = (m: string) => ({
      start: `2026-${m}-01`,
      end: `2026-${m}-${m === '02' ? '28' : '30'}`,
      precision: 'day' as const,
    });
    const visit = await createActivity(ctx, w.marPlanner, w.plan.id, activityInput('V-01', { plannedPeriod: month('03') }));
    const seminar = await createActivity(ctx, w.marPlanner, w.plan.id, activityInput('S-01', { plannedPeriod: month('02') }));
    const secret = await createActivity(
      ctx,
      w.marPlanner,
      w.plan.id,
      activityInput('X-01', { plannedPeriod: month('04'), releasableTo: [] }),
    );
    await transitionPlanStatus(ctx, w.marPlanner, w.plan.id, { to: 'proposed' });
    await transitionPlanStatus(ctx, w.marPlanner, w.plan.id, { to: 'approved' });
    await transitionPlanStatus(ctx, w.isrPlanner, w.plan.id, { to: 'approved' });
    at('2026-02-20');
    await transitionActivityStatus(ctx, w.marPlanner, seminar.id, {
      to: 'postponed',
      reason: 'Calendrier',
      plannedPeriod: month('05'),
    });
    at('2026-03-20');
    await transitionActivityStatus(ctx, w.marPlanner, visit.id, { to: 'scheduled' });
    await transitionActivityStatus(ctx, w.marPlanner, visit.id, { to: 'conducted', actualStart: '2026-03-18' });
    at('2026-04-10');
    await transitionActivityStatus(ctx, w.marPlanner, secret.id, { to: 'scheduled' });
    await transitionActivityStatus(ctx, w.marPlanner, secret.id, { to: 'conducted' });
    objectiveId = (
      await createObjective(ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Coopération structurée' },
        activityIds: [visit.id, seminar.id],
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
        compartments: [],
      })
    ).id;

    const { actionItems } = await minutesWithActionItems(ctx, w, 'Suivi des actions', [
      { title: 'A', responsibleParty: 'ISR', dueDate: '2026-05-01' },
      { title: 'B', responsibleParty: 'MAR', dueDate: '2026-03-01' },
      { title: 'C', responsibleParty: 'MAR', dueDate: '2026-03-01' },
    ]);
    await transitionActionItemStatus(ctx, w.isrPlanner, actionItems[0]?.id ?? '', { to: 'done' });
    at('2026-06-01');
    app = await buildServer(ctx);
    Object.assign(cookies, await sessionCookies(app, { MAR: w.marPlanner, ISRV: isrViewer }));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const points = async (who: string, asOf: string) => {
    const res = await call(who, 'GET', `/api/plans/${w.plan.id}/curve?asOf=${asOf}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().points as { period: string; planned: number; actual: number | null }[])
      .slice(0, 6)
      .map((p) => [p.period.slice(0, 7), p.planned, p.actual]);
  };

  it('replays the curve as it stood on a past day', async () => {
    // On 15 February the seminar was still due in February; nothing had been conducted, and later months have no actual yet.
    expect(await points('MAR', '2026-02-15')).toEqual([
      ['2026-01', 0, 0],
      ['2026-02', 1, 0],
      ['2026-03', 2, null],
      ['2026-04', 3, null],
      ['2026-05', 3, null],
      ['2026-06', 3, null],
    ]);
    // On 1 June the seminar had moved to May, the visit was done in March and the MAR-only one in April.
    expect(await points('MAR', '2026-06-01')).toEqual([
      ['2026-01', 0, 0],
      ['2026-02', 0, 0],
      ['2026-03', 1, 1],
      ['2026-04', 2, 2],
      ['2026-05', 3, 2],
      ['2026-06', 3, 2],
    ]);
  });

  it('counts only what the reader may read', async () => {
    expect(await points('ISRV', '2026-06-01')).toEqual([
      ['2026-01', 0, 0],
      ['2026-02', 0, 0],
      ['2026-03', 1, 1],
      ['2026-04', 1, 1],
      ['2026-05', 2, 1],
      ['2026-06', 2, 1],
    ]);
  });

  it('measures indicators from baseline to target, and objectives with their activities', async () => {
    const ind = await call('MAR', 'POST', `/api/objectives/${objectiveId}/indicators`, {
      name: 'Réunions techniques tenues',
      unit: 'réunions',
      baselineValue: 0,
      baselineDate: '2026-01-01',
      targetValue: 8,
      targetDate: '2026-12-31',
      releasableTo: ['ISR'],
    });
    expect(ind.statusCode, ind.body).toBe(201);
    const measured = await call('MAR', 'POST', `/api/indicators/${ind.json().id}/measurements`, { date: '2026-05-31', value: 2 });
    expect(measured.statusCode, measured.body).toBe(201);
    expect(measured.json().progress).toBeCloseTo(0.25);
    const early = await call('MAR', 'POST', `/api/indicators/${ind.json().id}/measurements`, { date: '2025-12-01', value: 1 });
    expect(early.statusCode).toBe(400);
    const results = (await call('MAR', 'GET', `/api/plans/${w.plan.id}/results?asOf=2026-06-01`)).json();
    const [objective] = results.objectives;
    expect(objective.activities).toEqual({ total: 2, done: 1, executionRate: 0.5 });
    expect(objective.progress).toBeCloseTo((0.25 + 0.5) / 2);
  });

  it('summarises action items: closed on time, overdue, by responsible party', async () => {
    const res = await call('MAR', 'GET', `/api/commissions/${w.commission.id}/action-items/summary`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toEqual({ total: 3, open: 2, overdue: 2, done: 1, closedOnTime: 1, dropped: 0 });
    expect(res.json().byResponsibleParty.map((p: { party: string; overdue: number }) => [p.party, p.overdue])).toEqual([
      ['ISR', 0],
      ['MAR', 2],
    ]);
  });
});
