import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/app/commission.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld, sessionCookie, sessionDefaults } from './support/fixtures.js';

const NOW = new Date('2026-12-06T10:00:00Z');

/**
 * Minutes a party cannot approve because it cannot read some agenda items:
 * the owners of those items are asked to release or remove them, by a
 * notification naming the session and how many of their items the party
 * cannot read; the refused party learns nothing more than the count.
 */
describe.each(databases())('owners of agenda items blocking minutes are asked to release them on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const cookies: Record<string, string> = {};
  let marViewerId = '';

  const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie: cookies[who] ?? '' }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => NOW);
    w = await seedWorld(t.ctx);
    marViewerId = (await makeActor(t.ctx, 'MAR', ['viewer'], 'TOP_SECRET')).userId;
    app = await buildServer(t.ctx);
    for (const u of [w.marPlanner, w.isrPlanner]) cookies[u.party] = await sessionCookie(app, u.username);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('tells the owning party’s planners, once per count, and tells the refused party nothing new', async () => {
    const s = await createSession(t.ctx, w.marPlanner, w.commission.id, {
      number: 31,
      startDate: '2026-11-30',
      endDate: '2026-12-02',
      ...sessionDefaults,
    });
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' });
    const items = [];
    for (const [title, releasableTo] of [
      ['Point commun', ['ISR']],
      ['Point national A', []],
      ['Point national B', []],
    ] as const)
      items.push((await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title, releasableTo })).json());
    for (const item of items)
      expect(
        (await call('MAR', 'PUT', `/api/agenda-items/${item.id}/minutes`, { version: 1, summary: 'Noté.' })).statusCode,
      ).toBe(200);
    expect((await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'held' })).statusCode).toBe(200);

    const notes = (userId: string) =>
      t.db.selectFrom('notification').selectAll().where('user_id', '=', userId).where('kind', '=', 'minutes_blocked').execute();
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).not.toContain('Point national');
    }
    // The owner's planner is asked once; its viewer and the refused party are not told.
    const told = await notes(w.marPlanner.userId);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ entity_type: 'commission_session', entity_id: s.id });
    // Stored as parameters the web says in the reader's language, not as text in one language.
    expect(JSON.parse(told[0]?.title ?? '')).toEqual({ sessionNumber: s.number, party: 'ISR', count: 2 });
    expect(told[0]?.title).not.toContain('Point national');
    expect(await notes(marViewerId)).toHaveLength(0);
    expect(await notes(w.isrPlanner.userId)).toHaveLength(0);
    // The owner reads it in its list, with the label of the session.
    const list = (await call('MAR', 'GET', '/api/notifications')).json().items as { kind: string; entityId: string }[];
    expect(list).toContainEqual(
      expect.objectContaining({
        kind: 'minutes_blocked',
        entityType: 'commission_session',
        entityId: s.id,
        minutesBlocked: { sessionNumber: s.number, party: 'ISR', count: 2 },
        planTitle: null,
      }),
    );
    expect((await call('ISR', 'GET', '/api/notifications')).json().items).toEqual([]);
  });

  it('asks nobody when the minutes are refused for another reason', async () => {
    const s = await createSession(t.ctx, w.marPlanner, w.commission.id, {
      number: 32,
      startDate: '2026-11-30',
      endDate: '2026-12-02',
      ...sessionDefaults,
    });
    await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'convened' });
    await call('MAR', 'POST', `/api/sessions/${s.id}/agenda`, { title: 'Point commun', releasableTo: ['ISR'] });
    expect((await call('MAR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'held' })).statusCode).toBe(200);
    // The item has no outcome yet: refused, but not because of an item ISR cannot read.
    expect((await call('ISR', 'POST', `/api/sessions/${s.id}/transitions`, { to: 'minutes_approved' })).statusCode).toBe(400);
    const told = await t.db.selectFrom('notification').select('entity_id').where('kind', '=', 'minutes_blocked').execute();
    expect(told.map((n) => n.entity_id)).not.toContain(s.id);
  });
});
