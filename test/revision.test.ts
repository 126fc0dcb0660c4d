import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { transitionPlanStatus } from '../src/app/plan.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld, sessionCookies } from './support/fixtures.js';

describe.each(databases())('baseline and amendments on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie: cookies[who] ?? '' }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    const isrViewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'TOP_SECRET');
    for (const [code, over] of [
      ['2026-PLN-01', {}],
      ['2026-PLN-02', {}],
      ['2026-PLN-03', {}],
      ['2026-MAR-01', { releasableTo: [] }],
    ] as const)
      ids[code] = (await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput(code, over))).id;
    await transitionPlanStatus(t.ctx, w.marPlanner, w.plan.id, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, w.marPlanner, w.plan.id, { to: 'approved' });
    await transitionPlanStatus(t.ctx, w.isrPlanner, w.plan.id, { to: 'approved' });
    app = await buildServer(t.ctx);
    Object.assign(cookies, await sessionCookies(app, { MAR: w.marPlanner, ISR: w.isrPlanner, ISRV: isrViewer }));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('keeps the approved content as the baseline, with its hash', async () => {
    const res = await call('MAR', 'GET', `/api/plans/${w.plan.id}/revisions`);
    expect(res.statusCode, res.body).toBe(200);
    const [baseline] = res.json().items;
    expect(baseline).toMatchObject({ number: 0, status: 'approved' });
    expect(baseline.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await call('MAR', 'GET', `/api/plans/${w.plan.id}/diff`)).json()).toMatchObject({
      added: [],
      removed: [],
      changed: [],
      plan: [],
    });
  });

  it('refuses content changes of an adopted plan without an amendment', async () => {
    const res = await call('MAR', 'PATCH', `/api/activities/${ids['2026-PLN-01']}`, { version: 2, priority: 1 });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/amendment/);
    const add = await call('MAR', 'POST', `/api/plans/${w.plan.id}/activities`, activityInput('2026-PLN-09'));
    expect(add.statusCode).toBe(400);
  });

  it('amends by a numbered revision approved by every party, and shows the difference', async () => {
    const opened = await call('MAR', 'POST', `/api/plans/${w.plan.id}/amendments`, {
      reason: 'Décalage de la visite après la 4e session',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toMatchObject({ number: 1, status: 'open' });
    expect((await call('MAR', 'POST', `/api/plans/${w.plan.id}/amendments`, { reason: 'again' })).statusCode).toBe(409);

    const patched = await call('MAR', 'PATCH', `/api/activities/${ids['2026-PLN-01']}`, {
      version: 2,
      priority: 1,
      plannedPeriod: { start: '2026-04-01', end: '2026-04-30', precision: 'month' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await call('MAR', 'POST', `/api/plans/${w.plan.id}/activities`, activityInput('2026-PLN-04'))).statusCode).toBe(201);
    expect((await call('MAR', 'DELETE', `/api/activities/${ids['2026-PLN-02']}?version=2`)).statusCode).toBe(204);
    expect((await call('MAR', 'PATCH', `/api/activities/${ids['2026-MAR-01']}`, { version: 2, priority: 3 })).statusCode).toBe(
      200,
    );

    const proposed = await call('MAR', 'POST', `/api/plans/${w.plan.id}/amendments/1/transitions`, { to: 'proposed' });
    expect(proposed.json()).toMatchObject({ status: 'proposed' });
    expect(proposed.json().contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Once proposed, the content is frozen again.
    expect((await call('MAR', 'PATCH', `/api/activities/${ids['2026-PLN-03']}`, { version: 2, priority: 1 })).statusCode).toBe(
      400,
    );

    const diff = (await call('MAR', 'GET', `/api/plans/${w.plan.id}/diff?from=0&to=1`)).json();
    expect(diff.added).toEqual(['2026-PLN-04']);
    expect(diff.removed).toEqual(['2026-PLN-02']);
    expect(diff.changed).toEqual([
      { refCode: '2026-MAR-01', changes: [{ field: 'priority', from: 2, to: 3 }] },
      {
        refCode: '2026-PLN-01',
        changes: [
          {
            field: 'plannedPeriod',
            from: { start: '2026-03-01', end: '2026-03-31', precision: 'month' },
            to: { start: '2026-04-01', end: '2026-04-30', precision: 'month' },
          },
          { field: 'priority', from: 2, to: 1 },
        ],
      },
    ]);
    // A partner reads the difference of what was released to it only.
    const theirs = (await call('ISRV', 'GET', `/api/plans/${w.plan.id}/diff?from=0&to=1`)).json();
    expect(theirs.changed.map((c: { refCode: string }) => c.refCode)).toEqual(['2026-PLN-01']);

    const half = await call('MAR', 'POST', `/api/plans/${w.plan.id}/amendments/1/transitions`, { to: 'approved' });
    expect(half.json()).toMatchObject({ status: 'proposed', approvals: [{ party: 'MAR' }] });
    const full = await call('ISR', 'POST', `/api/plans/${w.plan.id}/amendments/1/transitions`, { to: 'approved' });
    expect(full.json().status).toBe('approved');
    expect((await call('MAR', 'GET', `/api/plans/${w.plan.id}/diff?from=1&to=current`)).json()).toMatchObject({
      added: [],
      removed: [],
      changed: [],
    });
  });

  it('answers 404 for a plan the reader may not read, and 400 for a revision that does not exist', async () => {
    expect((await call('MAR', 'GET', `/api/plans/${w.plan.id}/diff?from=0&to=7`)).statusCode).toBe(400);
    expect((await call('MAR', 'GET', '/api/plans/01890000-0000-7000-8000-000000000000/revisions')).statusCode).toBe(404);
  });
});
