import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { createContext } from '../src/app/context.js';
import { runDailyDigest } from '../src/app/notification.usecases.js';
import { createObjective } from '../src/app/objective.usecases.js';
import { createPlan, transitionPlanStatus } from '../src/app/plan.usecases.js';
import type { Activity } from '../src/domain/activity.schema.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, PASSWORD, seedWorld, sessionCookie } from './support/fixtures.js';
import { ofLabel, parseShort, understated } from './support/markings.js';

const labelOf = (r: { ownerParty: string; classification: string; releasableTo: string[]; compartments: string[] }) => ({
  ownerParty: r.ownerParty,
  classification: r.classification,
  releasableTo: [...r.releasableTo].sort(),
  compartments: [...r.compartments].sort(),
});

describe.each(databases())('labels and markings of what the API answers on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const clock = new Date('2026-06-01T08:00:00Z');
  const ctx = () => createContext(t.db, () => clock);
  const cookies: Record<string, string> = {};
  const activities: Record<string, Activity> = {};
  const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[who] ?? '' } });

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(ctx());
    const usaViewer = await makeActor(ctx(), 'USA', ['viewer'], 'SECRET');
    const day = (d: string) => ({ start: d, end: d, precision: 'day' as const });
    const make = async (planId: string, ref: string, over: Record<string, unknown>) => {
      activities[ref] = await createActivity(ctx(), w.marPlanner, planId, activityInput(ref, over));
    };
    // The plan released to ISR and USA: activities due soon, at every level.
    await make(w.plan.id, 'M-PUBLIC', { plannedPeriod: day('2026-06-05'), releasableTo: ['ISR', 'USA'], leadParty: 'ISR' });
    await make(w.plan.id, 'M-SECRET', { plannedPeriod: day('2026-06-06'), classification: 'SECRET', releasableTo: ['ISR'] });
    await make(w.plan.id, 'M-INDUS', {
      plannedPeriod: day('2026-06-07'),
      classification: 'CONFIDENTIAL',
      releasableTo: [],
      compartments: ['INDUS'],
    });
    // A plan the USA may not read, with activities released to it: the USA reads them as it reads their pages.
    const isrOnly = await createPlan(ctx(), w.marPlanner, {
      commissionId: w.commission.id,
      sessionId: null,
      title: { fr: 'Plan bilatéral', en: 'Bilateral plan' },
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      sourceId: null,
      classification: 'CONFIDENTIAL',
      releasableTo: ['ISR'],
      compartments: [],
    });
    await make(isrOnly.id, 'B-TRI-1', { classification: 'SECRET', releasableTo: ['ISR', 'USA'] });
    await make(isrOnly.id, 'B-TRI-2', { classification: 'RESTRICTED', releasableTo: ['USA'] });
    await make(isrOnly.id, 'B-BILATERAL', { releasableTo: ['ISR'] });
    for (const [actor, to] of [
      [w.marPlanner, 'proposed'],
      [w.marPlanner, 'approved'],
      [w.isrPlanner, 'approved'],
    ] as const)
      await transitionPlanStatus(ctx(), actor, w.plan.id, { to });
    await createObjective(ctx(), w.marPlanner, w.plan.id, {
      title: { fr: 'Objectif', en: 'Objective' },
      activityIds: [activities['M-PUBLIC']?.id ?? '', activities['M-SECRET']?.id ?? ''],
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR', 'USA'],
      compartments: [],
    });
    await runDailyDigest(ctx(), '2026-06-01');
    app = await buildServer(ctx());
    cookies.MAR = await sessionCookie(app, w.marPlanner.username);
    cookies.ISR = await sessionCookie(app, w.isrPlanner.username);
    cookies.USA = await sessionCookie(app, usaViewer.username, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives each notification the label of the record it names, the same as the record itself answers', async () => {
    for (const who of ['MAR', 'ISR']) {
      const res = await get(who, '/api/notifications');
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { entityType: string; entityId: string; title: string }[];
      expect(items.length).toBeGreaterThan(0);
      for (const n of items) {
        const record = await get(who, `/api/activities/${n.entityId}`);
        expect(record.statusCode).toBe(200);
        expect(labelOf(n as never), n.title).toEqual(labelOf(record.json()));
      }
    }
    // MAR is told of its SECRET and compartmented activities, with their labels.
    const mine = (await get('MAR', '/api/notifications')).json().items as { title: string; classification: string }[];
    expect(mine.find((n) => n.title.startsWith('M-SECRET'))?.classification).toBe('SECRET');
    expect(mine.find((n) => n.title.startsWith('M-INDUS'))).toMatchObject({
      classification: 'CONFIDENTIAL',
      compartments: ['INDUS'],
    });
  });

  it('gives each activity linked to an objective its label in the results', async () => {
    for (const [who, refs] of [
      ['MAR', ['M-PUBLIC', 'M-SECRET']],
      ['ISR', ['M-PUBLIC', 'M-SECRET']],
      ['USA', ['M-PUBLIC']],
    ] as const) {
      const res = await get(who, `/api/plans/${w.plan.id}/results`);
      expect(res.statusCode, res.body).toBe(200);
      const linked = res.json().objectives[0].linkedActivities as Activity[];
      expect(linked.map((a) => a.refCode)).toEqual(refs);
      for (const a of linked) expect(labelOf(a)).toEqual(labelOf(activities[a.refCode] as Activity));
    }
  });

  const feedOf = async (who: string) => {
    const token = await app.inject({ method: 'POST', url: '/api/me/calendar-token', headers: { cookie: cookies[who] ?? '' } });
    expect(token.statusCode, token.body).toBe(201);
    const res = await app.inject({ method: 'GET', url: token.json().path });
    expect(res.statusCode).toBe(200);
    const ics = res.body.replace(/\r\n[ \t]/g, '');
    const name = /^X-WR-CALNAME:JointPlan — (.+)$/m.exec(ics)?.[1]?.replace(/\\,/g, ',') ?? '';
    const events = ics
      .split('BEGIN:VEVENT')
      .slice(1)
      .map((e) => ({
        summary: (/^SUMMARY:(.+)$/m.exec(e)?.[1] ?? '').replace(/\\,/g, ','),
        cls: /^CLASS:(.+)$/m.exec(e)?.[1]?.trim(),
      }));
    return { name, events };
  };

  it('puts in the calendar feed every activity the reader may read, even of a plan it may not read', async () => {
    const { events } = await feedOf('USA');
    const refs = events.map((e) => /\) (\S+)/.exec(e.summary)?.[1]).sort();
    // What the USA reads through the API, one activity at a time, is in its feed; nothing else is.
    for (const [ref, a] of Object.entries(activities)) {
      const readable = (await get('USA', `/api/activities/${a.id}`)).statusCode === 200;
      expect(refs.includes(ref), ref).toBe(readable);
    }
    expect(refs).toEqual(['B-TRI-1', 'B-TRI-2', 'M-PUBLIC']);
  });

  it('starts each event with its portion marking and names the feed with a marking that covers them all', async () => {
    for (const who of ['MAR', 'ISR', 'USA']) {
      const { name, events } = await feedOf(who);
      const feed = parseShort(name);
      expect(events.length).toBeGreaterThan(0);
      for (const e of events) {
        const portion = /^(\(.+?\)) /.exec(e.summary)?.[1] ?? '';
        const ref = /\) (\S+)/.exec(e.summary)?.[1] ?? '';
        const record = activities[ref];
        // The portion marking is the record's own label, and the feed's marking is as high as it.
        if (record) expect(parseShort(portion), e.summary).toEqual(ofLabel(record));
        expect(understated(feed, parseShort(portion)), `${who}: ${e.summary}`).toBeNull();
        expect(e.cls).toBe(parseShort(portion).level > 0 ? 'CONFIDENTIAL' : 'PUBLIC');
      }
    }
    // The USA's feed holds a SECRET activity: it is named SECRET, released only to the parties every event is released to.
    expect((await feedOf('USA')).name).toBe('SECRET//REL MAR, USA');
    expect((await feedOf('MAR')).name).toBe('SECRET//INDUS//REL MAR');
  });
});
