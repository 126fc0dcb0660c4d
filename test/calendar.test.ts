import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, PASSWORD, seedWorld } from './support/fixtures.js';

describe.each(databases())('calendar feed on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let viewerCookie = '';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const w = await seedWorld(t.ctx);
    const viewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    await createActivity(
      t.ctx,
      w.marPlanner,
      w.plan.id,
      activityInput('CAL-SHARED', { plannedPeriod: { start: '2026-05-04', end: '2026-05-06', precision: 'day' } }),
    );
    await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('CAL-MAR-ONLY', { releasableTo: [] }));
    app = await buildServer(t.ctx);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: viewer.username, password: PASSWORD },
    });
    viewerCookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const feed = (path: string) => app.inject({ method: 'GET', url: path });

  it('serves the events the owner may read, by a secret address, until it is renewed or revoked', async () => {
    const first = await app.inject({ method: 'POST', url: '/api/me/calendar-token', headers: { cookie: viewerCookie } });
    expect(first.statusCode, first.body).toBe(201);
    const res = await feed(first.json().path);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.body).toMatch(/^BEGIN:VCALENDAR/);
    expect(res.body.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    // Each event leads with its portion marking (commas escaped as iCalendar text wants them).
    expect(res.body).toContain('SUMMARY:(UNCLASSIFIED//REL MAR\\, ISR) CAL-SHARED');
    expect(res.body).toContain('CLASS:PUBLIC');
    expect(res.body).toContain('DTSTART;VALUE=DATE:20260504');
    expect(res.body).toContain('DTEND;VALUE=DATE:20260507');
    expect(res.body).not.toContain('CAL-MAR-ONLY');

    const second = await app.inject({ method: 'POST', url: '/api/me/calendar-token', headers: { cookie: viewerCookie } });
    expect((await feed(first.json().path)).statusCode).toBe(404);
    expect((await feed(second.json().path)).statusCode).toBe(200);
    await app.inject({ method: 'DELETE', url: '/api/me/calendar-token', headers: { cookie: viewerCookie } });
    expect((await feed(second.json().path)).statusCode).toBe(404);
  });

  it('answers an unknown or malformed address as not found or invalid', async () => {
    expect((await feed(`/api/calendar/${'x'.repeat(43)}.ics`)).statusCode).toBe(404);
    expect((await feed('/api/calendar/short.ics')).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/me/calendar-token' })).statusCode).toBe(401);
  });
});
