import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, transitionActivityStatus, updateActivity } from '../src/app/activity.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, PASSWORD, seedWorld } from './support/fixtures.js';

describe.each(databases())('activity history over HTTP on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let activityId = '';

  const cookieOf = async (username: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0] ?? '';
  };
  const history = async (username: string | null, id = activityId) =>
    app.inject({
      method: 'GET',
      url: `/api/activities/${id}/history`,
      headers: username ? { cookie: await cookieOf(username) } : {},
    });

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    world = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    const created = await createActivity(t.ctx, world.marPlanner, world.plan.id, activityInput('2026-PLN-07'));
    activityId = created.id;
    const edited = await updateActivity(t.ctx, world.marPlanner, activityId, {
      location: 'Kénitra',
      priority: 1,
      version: created.version,
    });
    await transitionActivityStatus(t.ctx, world.marPlanner, activityId, {
      to: 'planned',
      reason: 'Dates arrêtées',
      version: edited.version,
    });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives a partner the activity is released to its status changes and field changes, newest first', async () => {
    const res = await history(world.isrPlanner.username);
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json() as {
      items: {
        kind: string;
        at: string;
        toStatus: string | null;
        note: string | null;
        changes: { field: string; from: unknown; to: unknown }[];
      }[];
    };
    const move = items.find((i) => i.kind === 'status_change');
    expect(move).toMatchObject({ toStatus: 'planned', note: 'Dates arrêtées', fromStatus: 'proposed' });
    const edit = items.find((i) => i.changes.some((c) => c.field === 'location'));
    expect(edit?.changes).toEqual(
      expect.arrayContaining([
        { field: 'location', from: 'Rabat', to: 'Kénitra' },
        { field: 'priority', from: 2, to: 1 },
      ]),
    );
    expect(items.map((i) => i.at)).toEqual([...items.map((i) => i.at)].sort().reverse());
    // The transition is told once, by its status change, not again by its audit entry.
    expect(items.filter((i) => i.kind === 'status_change')).toHaveLength(1);
  });

  it('answers 404 to a reader of a party the activity is not released to, as for a missing one', async () => {
    const usa = await makeActor(t.ctx, 'USA', ['planner'], 'TOP_SECRET');
    const hidden = await history(usa.username);
    expect(hidden.statusCode).toBe(404);
    const missing = await history(world.isrPlanner.username, '01890000-0000-7000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(hidden.json().type).toBe(missing.json().type);
  });

  it('refuses a bad id and a caller without a session', async () => {
    expect((await history(world.isrPlanner.username, 'not-an-id')).statusCode).toBe(400);
    expect((await history(null)).statusCode).toBe(401);
  });
});
