import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { addFollowUp, listFollowUps } from '../src/app/follow-up.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, PASSWORD, seedWorld } from './support/fixtures.js';

describe.each(databases())('API smoke on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let cookie = '';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    world = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: world.marPlanner.username, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('creates, lists, transitions and measures', async () => {
    const created = await app.inject({
      method: 'POST',
      url: `/api/plans/${world.plan.id}/activities`,
      headers: { cookie },
      payload: activityInput('2026-PLN-01'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = await app.inject({
      method: 'GET',
      url: `/api/plans/${world.plan.id}/activities?q=activite`,
      headers: { cookie },
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items).toHaveLength(1);
    const kpis = await app.inject({ method: 'GET', url: `/api/plans/${world.plan.id}/kpis`, headers: { cookie } });
    expect(kpis.statusCode, kpis.body).toBe(200);
    expect(kpis.json().execution.total).toBe(1);
    const search = await app.inject({ method: 'GET', url: '/api/search?q=Activit', headers: { cookie } });
    expect(search.statusCode, search.body).toBe(200);
    expect(search.json().items.length).toBe(1);
    const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
  });
});

describe.each(databases())('follow-ups of partners on %s', (kind) => {
  it('are released to the activity’s owner by default', async () => {
    const t = await openTestDatabase(kind);
    try {
      const w = await seedWorld(t.ctx);
      const activity = await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('FU-01'));
      const note = await addFollowUp(t.ctx, w.isrPlanner, activity.id, {
        kind: 'note',
        body: 'Délégation confirmée',
        language: 'fr',
      });
      expect(note).toMatchObject({ ownerParty: 'ISR', releasableTo: ['MAR'] });
      expect((await listFollowUps(t.ctx, w.marPlanner, activity.id)).items.map((f) => f.id)).toEqual([note.id]);
    } finally {
      await t.close();
    }
  });
});
