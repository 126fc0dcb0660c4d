import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/app/context.js';
import { createObjective } from '../src/app/objective.usecases.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, PASSWORD, seedWorld } from './support/fixtures.js';

const indicatorInput = (over: Record<string, unknown> = {}) => ({
  name: 'Exercices conjoints',
  unit: 'exercices',
  baselineValue: 0,
  baselineDate: '2026-01-01',
  targetValue: 6,
  targetDate: '2026-11-30',
  classification: 'UNCLASSIFIED' as const,
  releasableTo: ['ISR'],
  compartments: [],
  ...over,
});

interface Shown {
  id: string;
  version: number;
  frequency: string;
  nextMeasurementDue: string | null;
  measurementOverdue: boolean;
}

describe.each(databases())('indicator frequency on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let isrViewer: Actor;
  let objectiveId = '';
  const cookies = new Map<string, string>();

  const as = async (who: Actor, opts: InjectOptions) => {
    let cookie = cookies.get(who.username);
    if (!cookie) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: who.username, password: PASSWORD },
      });
      cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
      cookies.set(who.username, cookie);
    }
    return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
  };
  const shown = async (who: Actor, id: string, asOf: string): Promise<Shown | undefined> => {
    const res = await as(who, { method: 'GET', url: `/api/plans/${w.plan.id}/results?asOf=${asOf}` });
    expect(res.statusCode, res.body).toBe(200);
    const objectives = res.json().objectives as { indicators: Shown[] }[];
    return objectives.flatMap((o) => o.indicators).find((i) => i.id === id);
  };
  const indicatorRows = () => t.db.selectFrom('indicator').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    isrViewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    objectiveId = (
      await createObjective(t.ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Interopérabilité' },
        description: {},
        activityIds: [],
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
        compartments: [],
      })
    ).id;
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('is yearly when not given, and kept as given', async () => {
    const plain = await as(w.marPlanner, {
      method: 'POST',
      url: `/api/objectives/${objectiveId}/indicators`,
      payload: indicatorInput({ targetDate: '2027-06-30' }),
    });
    expect(plain.statusCode, plain.body).toBe(201);
    expect(plain.json()).toMatchObject({ frequency: 'yearly' });
    const monthly = await as(w.marPlanner, {
      method: 'POST',
      url: `/api/objectives/${objectiveId}/indicators`,
      payload: indicatorInput({ frequency: 'monthly' }),
    });
    expect(monthly.statusCode, monthly.body).toBe(201);
    expect(monthly.json()).toMatchObject({ frequency: 'monthly' });
    const seen = await shown(isrViewer, monthly.json().id, '2026-01-20');
    expect(seen).toMatchObject({ frequency: 'monthly', nextMeasurementDue: '2026-02-01', measurementOverdue: false });
  });

  it('refuses a frequency it does not know next to the field, on create and on change, and writes nothing', async () => {
    const before = await indicatorRows();
    const created = await as(w.marPlanner, {
      method: 'POST',
      url: `/api/objectives/${objectiveId}/indicators`,
      payload: indicatorInput({ frequency: 'weekly' }),
    });
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json().errors.map((e: { path: string }) => e.path)).toEqual(['frequency']);
    const [first] = before;
    const changed = await as(w.marPlanner, {
      method: 'PATCH',
      url: `/api/indicators/${first?.id}`,
      payload: { frequency: 'daily', version: first?.version },
    });
    expect(changed.statusCode, changed.body).toBe(400);
    expect(changed.json().errors.map((e: { path: string }) => e.path)).toEqual(['frequency']);
    expect(await indicatorRows()).toEqual(before);
  });

  it('flags a measurement overdue for its frequency until one is recorded, and none once the target date is measured', async () => {
    const res = await as(w.marPlanner, {
      method: 'POST',
      url: `/api/objectives/${objectiveId}/indicators`,
      payload: indicatorInput({ frequency: 'quarterly' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id: string = res.json().id;
    expect(await shown(w.marPlanner, id, '2026-04-01')).toMatchObject({
      nextMeasurementDue: '2026-04-01',
      measurementOverdue: false,
    });
    expect(await shown(isrViewer, id, '2026-04-02')).toMatchObject({
      nextMeasurementDue: '2026-04-01',
      measurementOverdue: true,
    });

    const measured = await as(w.marPlanner, {
      method: 'POST',
      url: `/api/indicators/${id}/measurements`,
      payload: { date: '2026-03-20', value: 1 },
    });
    expect(measured.statusCode, measured.body).toBe(201);
    expect(await shown(w.marPlanner, id, '2026-04-02')).toMatchObject({
      nextMeasurementDue: '2026-06-20',
      measurementOverdue: false,
    });

    // Measured half-yearly from now on: the next one is six months after the latest.
    const version = (await shown(w.marPlanner, id, '2026-04-02'))?.version;
    const patched = await as(w.marPlanner, {
      method: 'PATCH',
      url: `/api/indicators/${id}`,
      payload: { frequency: 'half-yearly', version },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ frequency: 'half-yearly', nextMeasurementDue: '2026-09-20' });
    expect(await shown(isrViewer, id, '2026-10-01')).toMatchObject({ measurementOverdue: true });

    const last = await as(w.marPlanner, {
      method: 'POST',
      url: `/api/indicators/${id}/measurements`,
      payload: { date: '2026-11-30', value: 6 },
    });
    expect(last.statusCode, last.body).toBe(201);
    expect(await shown(isrViewer, id, '2026-12-05')).toMatchObject({
      nextMeasurementDue: null,
      measurementOverdue: false,
    });
  });

  it('is not changed by a reader who may not plan for its party', async () => {
    const [row] = await indicatorRows();
    const before = await indicatorRows();
    const res = await as(isrViewer, {
      method: 'PATCH',
      url: `/api/indicators/${row?.id}`,
      payload: { frequency: 'once', version: row?.version },
    });
    expect(res.statusCode, res.body).toBe(403);
    expect(await indicatorRows()).toEqual(before);
  });
});
