import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import type { Actor } from '../src/app/context.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, PASSWORD, seedWorld } from './support/fixtures.js';

describe.each(databases())('plan objectives on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let isrViewer: Actor;
  const ids: string[] = [];

  const login = async (username: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    isrViewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    ids.push((await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('OBJ-01'))).id);
    ids.push((await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('OBJ-02', { releasableTo: [] }))).id);
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('links an objective to activities and shows each reader only the links it may read', async () => {
    const cookie = await login(w.marPlanner.username);
    const created = await app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/objectives`,
      headers: { cookie },
      payload: { title: { fr: 'Planification à long terme' }, activityIds: ids, releasableTo: ['ISR'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().activityIds).toEqual(ids);

    const mine = await app.inject({ method: 'GET', url: `/api/plans/${w.plan.id}/objectives`, headers: { cookie } });
    expect(mine.json().items[0].activityIds).toEqual(ids);
    const theirs = await app.inject({
      method: 'GET',
      url: `/api/plans/${w.plan.id}/objectives`,
      headers: { cookie: await login(isrViewer.username) },
    });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().items[0].activityIds).toEqual([ids[0]]);
  });

  it('refuses activities of another plan, and viewers', async () => {
    const cookie = await login(w.marPlanner.username);
    const bad = await app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/objectives`,
      headers: { cookie },
      payload: { title: { fr: 'X' }, activityIds: ['01890000-0000-7000-8000-000000000000'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('activityIds');
    const viewer = await app.inject({
      method: 'POST',
      url: `/api/plans/${w.plan.id}/objectives`,
      headers: { cookie: await login(isrViewer.username) },
      payload: { title: { fr: 'X' } },
    });
    expect(viewer.statusCode).toBe(403);
  });
});
