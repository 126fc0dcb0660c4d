import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateActionItem } from '../src/app/action-item.usecases.js';
import { createActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import { addAgendaItem } from '../src/app/agenda.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { recordMinutes } from '../src/app/minutes.usecases.js';
import { transitionSessionStatus } from '../src/app/session.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, oneDaySession, seedWorld } from './support/fixtures.js';

/**
 * What a carried-forward agenda item says of its activity or action item is
 * what is true now while the agenda is prepared, and what was true on the
 * day the session sat once it is held.
 */
describe.each(databases())('agenda items say what is true now on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let now = new Date('2026-06-15T10:00:00Z');
  const tokens: Record<string, string> = {};
  let fourth = '';
  let lateId = '';
  let otherLateId = '';
  let actionItemId = '';
  let viewer: Actor;

  type Ref = { kind: string; status?: string; overdue?: boolean; dueDate?: string; plannedEnd?: string };
  type Item = { id: string; version: number; activityId: string | null; actionItemId: string | null; reference: Ref | null };
  const call = (who: string, method: InjectOptions['method'], url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload ? { payload } : {}) });
  const agenda = async (who = 'MAR') => {
    const res = await call(who, 'GET', `/api/sessions/${fourth}/agenda`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Item[];
  };
  const about = (items: Item[], id: string) => items.find((i) => i.activityId === id || i.actionItemId === id)?.reference;

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => now);
    w = await seedWorld(t.ctx);
    viewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    tokens.MAR = (await createToken(t.ctx, null, w.marPlanner.username, 'derived')).token;
    tokens.viewer = (await createToken(t.ctx, null, viewer.username, 'derived')).token;
    const session = (number: number, startDate: string) =>
      oneDaySession(t.ctx, w, number, startDate, { place: 'Rabat', hostParty: 'MAR' });
    const third = (await session(3, '2026-01-12')).id;
    fourth = (await session(4, '2026-06-20')).id;
    const late = (code: string) =>
      createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput(code, {
          plannedPeriod: { start: '2026-03-01', end: '2026-03-31', precision: 'month' },
          releasableTo: ['ISR'],
        }),
      );
    lateId = (await late('2026-LOG-01')).id;
    otherLateId = (await late('2026-LOG-02')).id;
    await transitionSessionStatus(t.ctx, w.marPlanner, third, { to: 'convened' });
    const item = await addAgendaItem(t.ctx, w.marPlanner, third, { title: 'Suivi', releasableTo: ['ISR'] });
    const minutes = await recordMinutes(t.ctx, w.marPlanner, item.id, {
      version: item.version,
      summary: 'Suivi des engagements.',
      decisions: 'Un point de contact sera désigné.',
      actionItems: [
        {
          title: 'Désigner un point de contact',
          responsibleParty: 'MAR',
          responsibleOrganisation: null,
          dueDate: '2026-05-31',
          activityId: null,
          planId: null,
        },
      ],
    });
    actionItemId = minutes.actionItems[0]?.id ?? '';
    app = await buildServer(t.ctx);
  });

  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('prepares the agenda with what is late as late', async () => {
    const res = await call('MAR', 'POST', `/api/sessions/${fourth}/agenda/prepare`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Item[];
    expect(about(items, lateId)).toMatchObject({ kind: 'activity', status: 'proposed', overdue: true, plannedEnd: '2026-03-31' });
    expect(about(items, actionItemId)).toMatchObject({ kind: 'action_item', status: 'open', overdue: true });
  });

  it('reads an activity reported since as reported, on reload and on preparing again, and changes nothing stored', async () => {
    const stored = await t.db.selectFrom('agenda_item').select(['id', 'reference', 'version']).orderBy('id').execute();
    for (const id of [lateId, otherLateId]) await transitionActivityStatus(t.ctx, w.marPlanner, id, { to: 'planned' });
    await transitionActivityStatus(t.ctx, w.marPlanner, lateId, { to: 'scheduled' });
    await transitionActivityStatus(t.ctx, w.marPlanner, lateId, {
      to: 'conducted',
      actualStart: '2026-06-01',
      actualEnd: '2026-06-03',
    });
    await transitionActivityStatus(t.ctx, w.marPlanner, lateId, { to: 'reported' });
    // The other activity's end moved to after today: no longer late.
    await transitionActivityStatus(t.ctx, w.marPlanner, otherLateId, {
      to: 'postponed',
      reason: 'Dates des délégations',
      plannedPeriod: { start: '2026-09-01', end: '2026-09-30', precision: 'month' },
    });
    await updateActionItem(t.ctx, w.marPlanner, actionItemId, { dueDate: '2026-12-31' }, 1);

    for (const who of ['MAR', 'viewer']) {
      const items = await agenda(who);
      expect(about(items, lateId)).toMatchObject({ status: 'reported', overdue: false });
      expect(about(items, otherLateId)).toMatchObject({ status: 'postponed', overdue: false, plannedEnd: '2026-09-30' });
      expect(about(items, actionItemId)).toMatchObject({ status: 'open', overdue: false, dueDate: '2026-12-31' });
    }
    // Reading wrote nothing: the facts are read, not copied.
    expect(await t.db.selectFrom('agenda_item').select(['id', 'reference', 'version']).orderBy('id').execute()).toEqual(stored);

    const again = await call('MAR', 'POST', `/api/sessions/${fourth}/agenda/prepare`);
    expect(again.statusCode, again.body).toBe(200);
    const items = again.json().items as Item[];
    // Nothing twice, and the reported activity reads as reported.
    expect(items.filter((i) => i.activityId === lateId)).toHaveLength(1);
    expect(about(items, lateId)).toMatchObject({ status: 'reported', overdue: false });
  });

  it('keeps, once the session is held, what its agenda said that day', async () => {
    await transitionSessionStatus(t.ctx, w.marPlanner, fourth, { to: 'convened' });
    now = new Date('2026-06-20T10:00:00Z');
    const before = await t.db.selectFrom('agenda_item').select(['id', 'version']).orderBy('id').execute();
    await transitionSessionStatus(t.ctx, w.marPlanner, fourth, { to: 'held' });
    // The item's version is not its content's: a form open on it still saves.
    expect(await t.db.selectFrom('agenda_item').select(['id', 'version']).orderBy('id').execute()).toEqual(before);
    await updateActionItem(t.ctx, w.marPlanner, actionItemId, { dueDate: '2026-06-01' }, 2);
    now = new Date('2026-07-15T10:00:00Z');
    const items = await agenda();
    // The action item is overdue now, but was not on the day the session sat.
    expect(about(items, actionItemId)).toMatchObject({ status: 'open', overdue: false, dueDate: '2026-12-31' });
    expect(about(items, lateId)).toMatchObject({ status: 'reported', overdue: false });
    expect(about(items, otherLateId)).toMatchObject({ status: 'postponed', plannedEnd: '2026-09-30' });
  });
});
