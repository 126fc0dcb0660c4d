import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import { createContext } from '../src/app/context.js';
import { runDailyDigest } from '../src/app/notification.usecases.js';
import { transitionPlanStatus } from '../src/app/plan.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, minutesWithActionItems, seedWorld, sessionCookies } from './support/fixtures.js';

describe.each(databases())('notifications and the daily digest on %s', (kind) => {
  let t: TestDatabase;
  let sessionId = '';
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let clock = new Date('2026-06-01T08:00:00Z');
  const ctx = () => createContext(t.db, () => clock);
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(ctx());
    const colleague = await makeActor(ctx(), 'MAR', ['planner'], 'SECRET');
    const day = (d: string) => ({ start: d, end: d, precision: 'day' as const });
    await createActivity(ctx(), w.marPlanner, w.plan.id, activityInput('N-LATE', { plannedPeriod: day('2026-05-20') }));
    const soon = await createActivity(
      ctx(),
      w.marPlanner,
      w.plan.id,
      activityInput('N-SOON', { plannedPeriod: day('2026-06-10') }),
    );
    await createActivity(ctx(), w.marPlanner, w.plan.id, activityInput('N-LATER', { plannedPeriod: day('2026-09-10') }));
    await createActivity(
      ctx(),
      w.marPlanner,
      w.plan.id,
      activityInput('N-ISR', { leadParty: 'ISR', plannedPeriod: day('2026-06-05') }),
    );
    await transitionPlanStatus(ctx(), w.marPlanner, w.plan.id, { to: 'proposed' });
    await transitionPlanStatus(ctx(), w.marPlanner, w.plan.id, { to: 'approved' });
    await transitionPlanStatus(ctx(), w.isrPlanner, w.plan.id, { to: 'approved' });
    const { session } = await minutesWithActionItems(ctx(), w, 'Suivi', [
      { title: 'Rapport logistique', responsibleParty: 'ISR', dueDate: '2026-06-03' },
    ]);
    sessionId = session.id;
    // Another planner of MAR schedules an activity the first one owns: a change its owner hears about.
    await transitionActivityStatus(ctx(), colleague, soon.id, { to: 'scheduled' });
    app = await buildServer(ctx());
    await signIn();
  });

  // Sessions last hours: sign in again whenever the clock moves.
  const signIn = async () => {
    Object.assign(cookies, await sessionCookies(app, { MAR: w.marPlanner, ISR: w.isrPlanner }));
  };
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const list = async (who: string, query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/notifications${query}`, headers: { cookie: cookies[who] ?? '' } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as {
      id: number;
      kind: string;
      entityType: string;
      sessionId: string | null;
      title: string;
      readAt: string | null;
    }[];
  };

  it('builds the digest once a day, however many processes try', async () => {
    const runs = await Promise.all([
      runDailyDigest(ctx(), '2026-06-01'),
      runDailyDigest(
        createContext(t.db, () => clock),
        '2026-06-01',
      ),
    ]);
    expect(runs.filter((r) => r !== null)).toHaveLength(1);
    expect(await runDailyDigest(ctx(), '2026-06-01')).toBeNull();
  });

  it('tells each user what is due within two weeks, overdue, or changed', async () => {
    const mar = await list('MAR');
    expect(mar.map((n) => [n.kind, n.title.split(' ')[0]]).sort()).toEqual([
      ['changed', 'N-SOON'],
      ['due_soon', 'N-ISR'],
      ['due_soon', 'N-SOON'],
      ['overdue', 'N-LATE'],
    ]);
    const isr = await list('ISR');
    expect(isr.map((n) => [n.kind, n.title.split(' ')[0]]).sort()).toEqual([
      ['due_soon', 'N-ISR'],
      ['due_soon', 'Rapport'],
    ]);
    // An action item leads to the session whose minutes decided it; an activity to itself.
    expect(isr.filter((n) => n.entityType === 'action_item').map((n) => n.sessionId)).toEqual([sessionId]);
    expect(mar.every((n) => n.entityType === 'activity' && n.sessionId === null)).toBe(true);
  });

  it('does not repeat a fact the next day, and tells what became overdue', async () => {
    clock = new Date('2026-06-04T08:00:00Z');
    await signIn();
    expect(await runDailyDigest(ctx(), '2026-06-04')).not.toBeNull();
    const isr = await list('ISR', '?day=2026-06-04');
    expect(isr.map((n) => [n.kind, n.title.split(' ')[0]])).toEqual([['overdue', 'Rapport']]);
  });

  it('marks read, one or all, and only the user’s own', async () => {
    const [first] = await list('MAR', '?unread=true');
    if (!first) throw new Error('no notification');
    const read = await app.inject({
      method: 'POST',
      url: `/api/notifications/${first.id}/read`,
      headers: { cookie: cookies.MAR ?? '' },
    });
    expect(read.statusCode).toBe(204);
    const foreign = await app.inject({
      method: 'POST',
      url: `/api/notifications/${first.id}/read`,
      headers: { cookie: cookies.ISR ?? '' },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await list('MAR', '?unread=true')).map((n) => n.id)).not.toContain(first.id);
    await app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: { cookie: cookies.MAR ?? '' } });
    expect(await list('MAR', '?unread=true')).toEqual([]);
  });
});
