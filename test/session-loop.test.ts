import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import { transitionPlanStatus } from '../src/app/plan.usecases.js';
import { buildServer } from '../src/server/app.js';
import { activityReference } from './support/agenda.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, oneDaySession, seedWorld, sessionCookie } from './support/fixtures.js';

// Today, for every use case of this suite.
const NOW = new Date('2026-06-15T10:00:00Z');

describe.each(databases())('from one session to the next on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const cookies: Record<string, string> = {};
  let third = '';
  let fourth = '';
  let overdueId = '';

  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie: cookies[who] ?? '' }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => NOW);
    w = await seedWorld(t.ctx);
    const usaViewer = await makeActor(t.ctx, 'USA', ['viewer'], 'TOP_SECRET');
    const session = (number: number, startDate: string) => oneDaySession(t.ctx, w, number, startDate);
    third = (await session(3, '2026-01-12')).id;
    fourth = (await session(4, '2026-12-01')).id;
    const overdue = await createActivity(
      t.ctx,
      w.marPlanner,
      w.plan.id,
      activityInput('2026-LOG-01', { plannedPeriod: { start: '2026-03-01', end: '2026-03-31', precision: 'month' } }),
    );
    const fine = await createActivity(
      t.ctx,
      w.marPlanner,
      w.plan.id,
      activityInput('2026-LOG-02', { plannedPeriod: { start: '2026-09-01', end: '2026-09-30', precision: 'month' } }),
    );
    overdueId = overdue.id;
    await transitionPlanStatus(t.ctx, w.marPlanner, w.plan.id, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, w.marPlanner, w.plan.id, { to: 'approved' });
    await transitionPlanStatus(t.ctx, w.isrPlanner, w.plan.id, { to: 'approved' });
    await transitionActivityStatus(t.ctx, w.marPlanner, fine.id, { to: 'scheduled' });
    app = await buildServer(t.ctx);
    for (const u of [w.marPlanner, w.isrPlanner, usaViewer]) cookies[u.party] = await sessionCookie(app, u.username);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('records minutes with a decision that creates an action item, approved by both parties', async () => {
    expect((await call('MAR', 'POST', `/api/sessions/${third}/transitions`, { to: 'convened' })).statusCode).toBe(200);
    const item = await call('MAR', 'POST', `/api/sessions/${third}/agenda`, {
      title: 'Mécanismes de partage d’information',
      releasableTo: ['ISR'],
    });
    expect(item.statusCode, item.body).toBe(201);
    const minutes = await call('MAR', 'PUT', `/api/agenda-items/${item.json().id}/minutes`, {
      version: 1,
      summary: 'Les délégations ont examiné les mécanismes de partage d’information.',
      decisions: 'Un groupe de travail proposera un mécanisme amélioré.',
      actionItems: [{ title: 'Proposer un mécanisme de partage amélioré', responsibleParty: 'ISR', dueDate: '2026-05-31' }],
    });
    expect(minutes.statusCode, minutes.body).toBe(200);
    expect(minutes.json().actionItems[0]).toMatchObject({ status: 'open', overdue: true, releasableTo: ['ISR'] });
    const stale = await call('MAR', 'PUT', `/api/agenda-items/${item.json().id}/minutes`, { version: 1, summary: 'x' });
    expect(stale.statusCode).toBe(409);

    expect((await call('MAR', 'POST', `/api/sessions/${third}/transitions`, { to: 'held' })).statusCode).toBe(200);
    const half = await call('MAR', 'POST', `/api/sessions/${third}/transitions`, { to: 'minutes_approved' });
    expect(half.json()).toMatchObject({ status: 'held', minutesApprovals: [{ party: 'MAR' }] });
    const twice = await call('MAR', 'POST', `/api/sessions/${third}/transitions`, { to: 'minutes_approved' });
    expect(twice.statusCode).toBe(400);
    const full = await call('ISR', 'POST', `/api/sessions/${third}/transitions`, { to: 'minutes_approved' });
    expect(full.json().status).toBe('minutes_approved');
    expect(
      full
        .json()
        .minutesApprovals.map((a: { party: string }) => a.party)
        .sort(),
    ).toEqual(['ISR', 'MAR']);
  });

  it('carries forward open action items and overdue activities to the next agenda, once', async () => {
    const prepared = await call('MAR', 'POST', `/api/sessions/${fourth}/agenda/prepare`);
    expect(prepared.statusCode, prepared.body).toBe(200);
    const items = prepared.json().items as {
      kind: string;
      actionItemId: string | null;
      activityId: string | null;
      title: string;
      reference: unknown;
    }[];
    expect(items.map((i) => i.kind)).toEqual(['action_item', 'activity']);
    // The free text as typed, and the facts each language builds its sentence from.
    expect(items[0]?.title).toBe('Proposer un mécanisme de partage amélioré');
    expect(items[0]?.reference).toEqual({
      kind: 'action_item',
      sessionNumber: 3,
      dueDate: '2026-05-31',
      overdue: true,
      status: 'open',
    });
    expect(items[1]?.reference).toEqual(activityReference('2026-LOG-01', '2026-03-31', 0, 'planned', true));
    expect(items[1]?.activityId).toBe(overdueId);
    const again = await call('MAR', 'POST', `/api/sessions/${fourth}/agenda/prepare`);
    expect(again.json().items).toHaveLength(2);
    const isr = await call('ISR', 'GET', `/api/sessions/${fourth}/agenda`);
    expect(isr.json().items).toHaveLength(2);
  });

  it('closes action items by their lifecycle, with a reason to drop, and counts overdue ones', async () => {
    const open = await call('ISR', 'GET', `/api/commissions/${w.commission.id}/action-items?overdue=true`);
    expect(open.json().items).toHaveLength(1);
    const id = open.json().items[0].id;
    const noReason = await call('ISR', 'POST', `/api/action-items/${id}/transitions`, { to: 'dropped' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].path).toBe('reason');
    const done = await call('ISR', 'POST', `/api/action-items/${id}/transitions`, { to: 'done' });
    expect(done.json()).toMatchObject({ status: 'done', overdue: false });
    const again = await call('ISR', 'POST', `/api/action-items/${id}/transitions`, { to: 'in_progress' });
    expect(again.statusCode).toBe(400);
    expect((await call('ISR', 'GET', `/api/commissions/${w.commission.id}/action-items?overdue=true`)).json().items).toHaveLength(
      0,
    );
  });

  it('shows a partner outside the release nothing of it', async () => {
    expect((await call('USA', 'GET', `/api/sessions/${third}`)).statusCode).toBe(404);
    expect((await call('USA', 'GET', `/api/sessions/${fourth}/agenda`)).statusCode).toBe(404);
    expect((await call('USA', 'GET', `/api/commissions/${w.commission.id}/action-items`)).json().items).toHaveLength(0);
  });
});
