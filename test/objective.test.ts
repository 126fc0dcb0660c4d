import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import type { Actor } from '../src/app/context.js';
import { addMeasurement, createIndicator } from '../src/app/indicator.usecases.js';
import { createObjective } from '../src/app/objective.usecases.js';
import { createPlan } from '../src/app/plan.usecases.js';
import { newId } from '../src/domain/ids.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, PASSWORD, seedWorld, yearPlanInput } from './support/fixtures.js';

const indicatorInput = (over: Record<string, unknown> = {}) => ({
  name: 'Réunions tenues',
  unit: 'réunions',
  baselineValue: 0,
  baselineDate: '2026-01-01',
  targetValue: 4,
  targetDate: '2026-12-31',
  classification: 'UNCLASSIFIED' as const,
  releasableTo: ['ISR'],
  compartments: [],
  ...over,
});

describe.each(databases())('plan objectives on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let isrViewer: Actor;
  /** A MAR planner cleared only to CONFIDENTIAL, without compartments. */
  let marJunior: Actor;
  const ids: string[] = [];
  let secretActivity = '';
  let otherPlanActivity = '';
  const cookies = new Map<string, string>();

  const login = async (username: string) => {
    const known = cookies.get(username);
    if (known) return known;
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    cookies.set(username, cookie);
    return cookie;
  };
  const as = async (who: Actor, opts: InjectOptions) =>
    app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie: await login(who.username) } });

  /** What a write of objectives, indicators and measurements may change, and the audit log. */
  const written = async () => ({
    objectives: await t.db.selectFrom('objective').selectAll().orderBy('id').execute(),
    links: await t.db.selectFrom('activity_objective').selectAll().orderBy('objective_id').orderBy('activity_id').execute(),
    indicators: await t.db.selectFrom('indicator').selectAll().orderBy('id').execute(),
    measurements: await t.db.selectFrom('measurement').selectAll().orderBy('id').execute(),
    audit: Number(
      (
        await t.db
          .selectFrom('audit_entry')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  const results = async (who: Actor) => {
    const res = await as(who, { method: 'GET', url: `/api/plans/${w.plan.id}/results` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      objectives: {
        id: string;
        version: number;
        title: Record<string, string>;
        progress: number | null;
        activities: { total: number; done: number; executionRate: number | null };
        linkedActivities: { id: string; refCode: string }[];
        indicators: {
          id: string;
          version: number;
          progress: number | null;
          measurements: { id: string; value: number; corrects: string | null }[];
          withdrawnMeasurements: { id: string; value: number; reason: string; replacedBy: string | null }[];
        }[];
      }[];
    };
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    isrViewer = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    marJunior = await makeActor(t.ctx, 'MAR', ['planner', 'contributor'], 'CONFIDENTIAL');
    ids.push((await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('OBJ-01'))).id);
    ids.push((await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('OBJ-02', { releasableTo: [] }))).id);
    ids.push((await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('OBJ-03'))).id);
    secretActivity = (
      await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('OBJ-SECRET', { classification: 'SECRET' }))
    ).id;
    const otherPlan = await createPlan(
      t.ctx,
      w.marPlanner,
      yearPlanInput(w.commission.id, 2027, { title: { fr: 'Plan de travail 2027' }, releasableTo: ['ISR'] }),
    );
    otherPlanActivity = (
      await createActivity(
        t.ctx,
        w.marPlanner,
        otherPlan.id,
        activityInput('OBJ-27', { plannedPeriod: { start: '2027-03-01', end: '2027-03-31', precision: 'month' } }),
      )
    ).id;
    app = await buildServer(t.ctx);
    // Signed in up front: a sign-in is audited, and the tests compare the audit log before and after.
    for (const who of [w.marPlanner, w.isrPlanner, isrViewer, marJunior]) await login(who.username);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('links an objective to activities and shows each reader only the links it may read', async () => {
    const created = await as(w.marPlanner, {
      method: 'POST',
      url: `/api/plans/${w.plan.id}/objectives`,
      payload: { title: { fr: 'Planification à long terme' }, activityIds: ids.slice(0, 2), releasableTo: ['ISR'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().activityIds).toEqual(ids.slice(0, 2));

    const mine = await as(w.marPlanner, { method: 'GET', url: `/api/plans/${w.plan.id}/objectives` });
    expect(mine.json().items[0].activityIds).toEqual(ids.slice(0, 2));
    const theirs = await as(isrViewer, { method: 'GET', url: `/api/plans/${w.plan.id}/objectives` });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().items[0].activityIds).toEqual([ids[0]]);
  });

  it('refuses activities of another plan, and viewers', async () => {
    const bad = await as(w.marPlanner, {
      method: 'POST',
      url: `/api/plans/${w.plan.id}/objectives`,
      payload: { title: { fr: 'X' }, activityIds: ['01890000-0000-7000-8000-000000000000'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('activityIds');
    const viewer = await as(isrViewer, {
      method: 'POST',
      url: `/api/plans/${w.plan.id}/objectives`,
      payload: { title: { fr: 'X' } },
    });
    expect(viewer.statusCode).toBe(403);
  });

  describe('changing an objective', () => {
    let objectiveId = '';
    let version = 1;
    beforeAll(async () => {
      const o = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Interopérabilité' },
        description: { fr: 'Modes opératoires' },
        activityIds: [ids[0] as string, secretActivity],
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
        compartments: [],
      });
      objectiveId = o.id;
      version = o.version;
    });
    const patch = (who: Actor, payload: object, headers: Record<string, string> = {}) =>
      as(who, { method: 'PATCH', url: `/api/objectives/${objectiveId}`, payload, headers });

    it('changes the title and the links, audits it, and recomputes the progress', async () => {
      const before = (await results(w.marPlanner)).objectives.find((o) => o.id === objectiveId);
      expect(before?.activities.total).toBe(2);
      const res = await patch(w.marPlanner, {
        title: { fr: 'Interopérabilité des forces', en: 'Interoperability of forces' },
        activityIds: [ids[2], secretActivity],
        version,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.version).toBe(version + 1);
      expect(res.headers.etag).toBe(`"${version + 1}"`);
      expect(body.title).toEqual({ fr: 'Interopérabilité des forces', en: 'Interoperability of forces' });
      expect(body.description).toEqual({ fr: 'Modes opératoires' });
      expect(new Set(body.activityIds)).toEqual(new Set([ids[2], secretActivity]));
      version = body.version;

      const entry = await t.db
        .selectFrom('audit_entry')
        .selectAll()
        .where('action', '=', 'objective.update')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(entry.entity_id).toBe(objectiveId);
      const detail = JSON.parse(entry.detail);
      expect(detail.linked).toEqual([ids[2]]);
      expect(detail.unlinked).toEqual([ids[0]]);
      expect(detail.changes.title.to.en).toBe('Interoperability of forces');

      // OBJ-03 is cancelled: it no longer counts, and the objective's execution follows.
      const cancelled = await transitionActivityStatus(t.ctx, w.marPlanner, ids[2] as string, {
        to: 'cancelled',
        reason: 'Annulée d’un commun accord',
      });
      expect(cancelled.status).toBe('cancelled');
      const after = (await results(w.marPlanner)).objectives.find((o) => o.id === objectiveId);
      expect(after?.activities.total).toBe(1);
      expect(after?.linkedActivities.map((a) => a.refCode)).toEqual(['OBJ-03', 'OBJ-SECRET']);
    });

    it('takes the version from If-Match too', async () => {
      const res = await patch(w.marPlanner, { description: {} }, { 'if-match': `"${version}"` });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().description).toEqual({});
      version = res.json().version;
    });

    it('answers a stale version with 409 and changes nothing', async () => {
      const before = await written();
      const res = await patch(w.marPlanner, { title: { fr: 'Trop tard' }, activityIds: [], version: version - 1 });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await written()).toEqual(before);
    });

    it('refuses bad input with 400 next to the field, and changes nothing', async () => {
      const before = await written();
      for (const [payload, paths] of [
        [{ title: {}, version }, ['title']],
        [{ title: { fr: 'X' }, status: 'done', version }, ['status']],
        [{ activityIds: ['not-an-id'], version }, ['activityIds.0']],
        [{ title: { fr: 'X' } }, ['version']],
        [{ activityIds: [otherPlanActivity], version }, ['activityIds']],
      ] as const) {
        const res = await patch(w.marPlanner, payload);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(paths);
      }
      expect(await written()).toEqual(before);
    });

    it('answers an activity the writer may not read exactly as a missing one, and keeps links it cannot see', async () => {
      const before = await written();
      const missing = newId();
      const hidden = await patch(marJunior, { activityIds: [secretActivity], version });
      const absent = await patch(marJunior, { activityIds: [missing], version });
      expect(hidden.statusCode).toBe(400);
      expect(hidden.json()).toEqual({
        ...absent.json(),
        errors: absent.json().errors.map((e: { message: string; params: { ids: string } }) => ({
          ...e,
          message: e.message.replace(missing, secretActivity),
          params: { ids: e.params.ids.replace(missing, secretActivity) },
        })),
      });
      expect(await written()).toEqual(before);

      // The junior planner sees OBJ-03 only; unlinking it leaves the secret link in place.
      const seen = (await as(marJunior, { method: 'GET', url: `/api/plans/${w.plan.id}/objectives` })).json().items;
      expect(seen.find((o: { id: string }) => o.id === objectiveId).activityIds).toEqual([ids[2]]);
      const res = await patch(marJunior, { activityIds: [ids[0]], version });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().activityIds).toEqual([ids[0]]);
      version = res.json().version;
      const all = (await as(w.marPlanner, { method: 'GET', url: `/api/plans/${w.plan.id}/objectives` })).json().items;
      expect(new Set(all.find((o: { id: string }) => o.id === objectiveId).activityIds)).toEqual(
        new Set([ids[0], secretActivity]),
      );
    });

    it('answers an objective the writer may not read as a missing one (404), and a partner planner with 403', async () => {
      const hiddenObjective = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Confidentiel' },
        activityIds: [],
        classification: 'SECRET',
        releasableTo: [],
        compartments: [],
      });
      const before = await written();
      const hidden = await patch(w.isrPlanner, { title: { fr: 'X' }, version: 1 });
      expect(hidden.statusCode).toBe(403);
      for (const who of [marJunior, w.isrPlanner]) {
        const res = await as(who, {
          method: 'PATCH',
          url: `/api/objectives/${hiddenObjective.id}`,
          payload: { title: { fr: 'X' }, version: 1 },
        });
        const missing = await as(who, {
          method: 'PATCH',
          url: `/api/objectives/${newId()}`,
          payload: { title: { fr: 'X' }, version: 1 },
        });
        expect(res.statusCode).toBe(404);
        const { instance: _a, ...a } = res.json();
        const { instance: _b, ...b } = missing.json();
        expect(a).toEqual(b);
        const del = await as(who, { method: 'DELETE', url: `/api/objectives/${hiddenObjective.id}?version=1` });
        expect(del.statusCode).toBe(404);
      }
      expect(await written()).toEqual(before);
    });

    it('lists the objectives an activity serves in its detail, only those the reader may read', async () => {
      const secretObjective = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Secret' },
        activityIds: [ids[0] as string],
        classification: 'SECRET',
        releasableTo: ['ISR'],
        compartments: ['INTEL'],
      });
      const mine = await as(w.marPlanner, { method: 'GET', url: `/api/activities/${ids[0]}` });
      expect(mine.json().objectiveIds).toEqual(expect.arrayContaining([objectiveId, secretObjective.id]));
      const theirs = await as(isrViewer, { method: 'GET', url: `/api/activities/${ids[0]}` });
      expect(theirs.json().objectiveIds).toContain(objectiveId);
      expect(theirs.json().objectiveIds).not.toContain(secretObjective.id);
    });
  });

  describe('indicators and measurements', () => {
    let objectiveId = '';
    let indicatorId = '';
    let version = 1;
    beforeAll(async () => {
      const o = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Partage d’informations' },
        activityIds: [],
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
        compartments: [],
      });
      objectiveId = o.id;
      const i = await createIndicator(t.ctx, w.marPlanner, objectiveId, indicatorInput());
      indicatorId = i.id;
      await addMeasurement(t.ctx, w.marPlanner, indicatorId, { date: '2026-03-31', value: 1, sourceId: null });
      version = (await addMeasurement(t.ctx, w.marPlanner, indicatorId, { date: '2026-06-30', value: 3, sourceId: null }))
        .version;
    });
    const indicator = async () =>
      (await results(w.marPlanner)).objectives.find((o) => o.id === objectiveId)?.indicators.find((i) => i.id === indicatorId);

    it('changes an indicator and recomputes its progress from the new baseline and target', async () => {
      expect((await indicator())?.progress).toBe(0.75);
      const res = await as(w.marPlanner, {
        method: 'PATCH',
        url: `/api/indicators/${indicatorId}`,
        payload: { name: 'Réunions de concertation tenues', targetValue: 6, version },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ name: 'Réunions de concertation tenues', targetValue: 6, version: version + 1 });
      version = res.json().version;
      expect((await indicator())?.progress).toBe(0.5);
    });

    it('refuses a target before the baseline, a baseline after a measurement, a stale version and an unknown indicator', async () => {
      const before = await written();
      const cases: [object, number, string[]?][] = [
        [{ targetDate: '2025-12-31', version }, 400, ['targetDate']],
        [{ baselineDate: '2026-05-01', version }, 400, ['baselineDate']],
        [{ baselineValue: 'zero', version }, 400, ['baselineValue']],
        [{ unit: 'x' }, 400, ['version']],
        [{ unit: 'x', version: version - 1 }, 409],
      ];
      for (const [payload, status, paths] of cases) {
        const res = await as(w.marPlanner, { method: 'PATCH', url: `/api/indicators/${indicatorId}`, payload });
        expect(res.statusCode, res.body).toBe(status);
        if (paths) expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(paths);
      }
      const unknown = await as(w.marPlanner, {
        method: 'PATCH',
        url: `/api/indicators/${newId()}`,
        payload: { unit: 'x', version },
      });
      expect(unknown.statusCode).toBe(404);
      const viewer = await as(isrViewer, {
        method: 'PATCH',
        url: `/api/indicators/${indicatorId}`,
        payload: { unit: 'x', version },
      });
      expect(viewer.statusCode).toBe(403);
      expect(await written()).toEqual(before);
    });

    it('corrects a measurement: the wrong one is kept, withdrawn, with its reason and its replacement', async () => {
      const wrong = (await indicator())?.measurements.find((m) => m.value === 3);
      const res = await as(w.marPlanner, {
        method: 'PATCH',
        url: `/api/indicators/${indicatorId}/measurements/${wrong?.id}`,
        payload: { value: 2, reason: 'Une réunion comptée deux fois', version },
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      version = body.version;
      const replacement = body.measurements.find((m: { value: number }) => m.value === 2);
      expect(replacement).toMatchObject({ date: '2026-06-30', corrects: wrong?.id });
      expect(body.measurements.map((m: { value: number }) => m.value)).toEqual([1, 2]);
      expect(body.withdrawnMeasurements).toEqual([
        expect.objectContaining({ id: wrong?.id, value: 3, reason: 'Une réunion comptée deux fois', replacedBy: replacement.id }),
      ]);
      expect(body.progress).toBeCloseTo(2 / 6);
      expect((await indicator())?.progress).toBeCloseTo(2 / 6);
      const entry = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      expect(entry.action).toBe('indicator.measurement_corrected');
      expect(JSON.parse(entry.detail)).toMatchObject({ from: { value: 3 }, to: { value: 2 } });

      // The withdrawn one cannot be corrected again, and a stale version changes nothing.
      const before = await written();
      const again = await as(w.marPlanner, {
        method: 'PATCH',
        url: `/api/indicators/${indicatorId}/measurements/${wrong?.id}`,
        payload: { value: 4, reason: 'x', version },
      });
      expect(again.statusCode).toBe(409);
      const stale = await as(w.marPlanner, {
        method: 'PATCH',
        url: `/api/indicators/${indicatorId}/measurements/${replacement.id}`,
        payload: { value: 4, reason: 'x', version: version - 1 },
      });
      expect(stale.statusCode).toBe(409);
      for (const [payload, path] of [
        [{ value: 2, reason: 'rien', version }, 'value'],
        [{ value: 4, version }, 'reason'],
        [{ date: '2025-12-01', reason: 'x', version }, 'date'],
      ] as const) {
        const bad = await as(w.marPlanner, {
          method: 'PATCH',
          url: `/api/indicators/${indicatorId}/measurements/${replacement.id}`,
          payload,
        });
        expect(bad.statusCode, bad.body).toBe(400);
        expect(bad.json().errors[0].path).toBe(path);
      }
      const elsewhere = await as(w.marPlanner, {
        method: 'PATCH',
        url: `/api/indicators/${indicatorId}/measurements/${newId()}`,
        payload: { value: 4, reason: 'x', version },
      });
      expect(elsewhere.statusCode).toBe(404);
      expect(await written()).toEqual(before);
    });

    it('refuses to delete an objective whose indicators have measurements, then deletes it once they are withdrawn', async () => {
      const objective = (await results(w.marPlanner)).objectives.find((o) => o.id === objectiveId);
      const before = await written();
      const refused = await as(w.marPlanner, {
        method: 'DELETE',
        url: `/api/objectives/${objectiveId}?version=${objective?.version}`,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toMatch(/measurements/);
      expect(await written()).toEqual(before);

      for (const m of (await indicator())?.measurements ?? []) {
        const res = await as(w.marPlanner, {
          method: 'DELETE',
          url: `/api/indicators/${indicatorId}/measurements/${m.id}?reason=${encodeURIComponent('Saisie erronée')}&version=${version}`,
        });
        expect(res.statusCode, res.body).toBe(200);
        version = res.json().version;
      }
      const emptied = await indicator();
      expect(emptied?.measurements).toEqual([]);
      expect(emptied?.progress).toBeNull();
      expect(emptied?.withdrawnMeasurements).toHaveLength(3);

      const stale = await as(w.marPlanner, { method: 'DELETE', url: `/api/objectives/${objectiveId}?version=99` });
      expect(stale.statusCode).toBe(409);
      const missingVersion = await as(w.marPlanner, { method: 'DELETE', url: `/api/objectives/${objectiveId}` });
      expect(missingVersion.statusCode).toBe(400);
      const deleted = await as(w.marPlanner, {
        method: 'DELETE',
        url: `/api/objectives/${objectiveId}?version=${objective?.version}`,
      });
      expect(deleted.statusCode, deleted.body).toBe(204);
      expect((await results(w.marPlanner)).objectives.some((o) => o.id === objectiveId)).toBe(false);
      expect(await t.db.selectFrom('indicator').select('id').where('id', '=', indicatorId).execute()).toEqual([]);
      expect(await t.db.selectFrom('measurement').select('id').where('indicator_id', '=', indicatorId).execute()).toEqual([]);
      const actions = (await t.db.selectFrom('audit_entry').select('action').orderBy('seq', 'desc').limit(2).execute()).map(
        (a) => a.action,
      );
      expect(actions).toEqual(['objective.delete', 'indicator.delete']);
    });
  });
});
