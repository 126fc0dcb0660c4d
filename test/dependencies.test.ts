import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import type { Actor } from '../src/app/context.js';
import { listDependencies } from '../src/app/dependency.usecases.js';
import type { Activity } from '../src/domain/activity.schema.js';
import type { Dependency } from '../src/domain/dependency.schema.js';
import { DomainError } from '../src/domain/errors.js';
import { newId } from '../src/domain/ids.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, injectWithCookie, makeActor, seedWorld, sessionCookies } from './support/fixtures.js';
import { prng, RECORD_COMPARTMENT_SETS, readerProfiles } from './support/labelled-world.js';

const day = (n: number) => new Date(Date.UTC(2026, 0, 5) + n * 86_400_000).toISOString().slice(0, 10);
const span = (from: number, length: number) => ({ start: day(from), end: day(from + length - 1), precision: 'day' as const });

describe.each(databases())('dependencies between activities on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let cookies: Record<string, string>;
  /** A MAR planner cleared for little: most dependencies are hidden from them. */
  let lowPlanner: Actor;
  const rnd = prng(1515);
  const activities: Activity[] = [];
  const model: { id: string; predecessor: Activity; successor: Activity; version: number }[] = [];

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, who: string, payload?: object) =>
    injectWithCookie(app, cookies[who], method, url, payload);

  const labelOf = (a: Activity): Label => a;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    lowPlanner = await makeActor(t.ctx, 'MAR', ['planner'], 'CONFIDENTIAL', []);
    // Activities of every kind of label the MAR planner may write, far apart in time so that none breaks a dependency.
    for (let i = 0; i < 14; i++) {
      const a = await createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput(`DEP-${i}`, {
          plannedPeriod: span(i * 20, 3),
          classification: i < 3 ? 'UNCLASSIFIED' : rnd.pick(CLASSIFICATIONS),
          releasableTo: i < 3 ? ['ISR', 'USA'] : rnd.pick([[], ['ISR'], ['ISR', 'USA']]),
          compartments: i < 3 ? [] : rnd.pick(RECORD_COMPARTMENT_SETS),
        }),
      );
      activities.push(a);
    }
    app = await buildServer(t.ctx, { webRoot: false });
    cookies = await sessionCookies(app, { mar: w.marPlanner, isr: w.isrPlanner, low: lowPlanner });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('records dependencies, each listed and counted only for readers of both activities', async () => {
    for (let n = 0; n < 24; n++) {
      const [i, j] = rnd.sample([...activities.keys()], 2).sort((a, b) => a - b) as [number, number];
      const [predecessor, successor] = [activities[i] as Activity, activities[j] as Activity];
      if (model.some((m) => m.predecessor.id === predecessor.id && m.successor.id === successor.id)) continue;
      const lagDays = rnd.int(5);
      const res = await call('POST', `/api/plans/${w.plan.id}/dependencies`, 'mar', {
        predecessorId: predecessor.id,
        successorId: successor.id,
        lagDays,
      });
      expect(res.statusCode, res.body).toBe(201);
      const d = res.json() as Dependency;
      expect(d).toMatchObject({ type: 'finish_to_start', lagDays, violated: false, version: 1, createdBy: w.marPlanner.userId });
      model.push({ id: d.id, predecessor, successor, version: d.version });
    }
    const readers = readerProfiles(rnd);
    for (const [k, r] of readers.entries()) {
      const reader = await makeActor(t.ctx, r.party, ['viewer'], r.clearance, r.compartments);
      const expected = model.filter((m) => canRead(reader, labelOf(m.predecessor)) && canRead(reader, labelOf(m.successor)));
      const plan = canRead(reader, w.plan);
      const got = await listDependencies(t.ctx, reader, w.plan.id).catch((e: DomainError) => e);
      if (!plan) {
        expect(got, `reader ${k}`).toBeInstanceOf(DomainError);
        expect((got as DomainError).code).toBe('plan.not_found');
        continue;
      }
      if (got instanceof DomainError) throw got;
      expect(got.items.map((d) => d.id).sort(), `reader ${k}`).toEqual(expected.map((m) => m.id).sort());
      expect(got.count).toBe(expected.length);
      // Those of one activity: the same rule, only the dependencies at either end of it, none for a hidden one.
      const one = rnd.pick(activities);
      const ofOne = await listDependencies(t.ctx, reader, w.plan.id, { activityId: one.id });
      const expectedOfOne = expected.filter((m) => m.predecessor.id === one.id || m.successor.id === one.id);
      expect(ofOne.items.map((d) => d.id).sort(), `reader ${k}, one activity`).toEqual(expectedOfOne.map((m) => m.id).sort());
      expect(ofOne.count).toBe(expectedOfOne.length);
    }
    // Through the API too: the ISR planner reads those between the activities released to ISR it is cleared for.
    const res = await call('GET', `/api/plans/${w.plan.id}/dependencies`, 'isr');
    expect(res.statusCode).toBe(200);
    const isrSees = model.filter((m) => canRead(w.isrPlanner, m.predecessor) && canRead(w.isrPlanner, m.successor));
    expect((res.json() as { count: number }).count).toBe(isrSees.length);
    const busiest = model[0]?.successor as Activity;
    const ofBusiest = await call('GET', `/api/plans/${w.plan.id}/dependencies?activityId=${busiest.id}`, 'isr');
    expect(ofBusiest.statusCode).toBe(200);
    expect((ofBusiest.json() as { count: number }).count).toBe(
      isrSees.filter((m) => m.predecessor.id === busiest.id || m.successor.id === busiest.id).length,
    );
    const notAnId = await call('GET', `/api/plans/${w.plan.id}/dependencies?activityId=nope`, 'isr');
    expect(notAnId.statusCode).toBe(400);
  });

  it('answers a hidden activity exactly as one that does not exist, and a hidden dependency as well', async () => {
    const visible = activities.filter((a) => canRead(lowPlanner, a));
    const hidden = activities.filter((a) => !canRead(lowPlanner, a));
    expect(visible.length).toBeGreaterThan(1);
    expect(hidden.length).toBeGreaterThan(0);
    const [v1, v2] = visible as [Activity, Activity];
    const nowhere = await call('POST', `/api/plans/${w.plan.id}/dependencies`, 'low', {
      predecessorId: newId(),
      successorId: v2.id,
    });
    expect(nowhere.statusCode).toBe(404);
    for (const h of hidden) {
      for (const body of [
        { predecessorId: h.id, successorId: v2.id },
        { predecessorId: v1.id, successorId: h.id },
      ]) {
        const res = await call('POST', `/api/plans/${w.plan.id}/dependencies`, 'low', body);
        expect(res.statusCode).toBe(404);
        const { instance: _i, ...problem } = res.json();
        const { instance: _j, ...expected } = nowhere.json();
        expect(problem).toEqual(expected);
        expect(problem.code).toBe('activity.not_found');
      }
    }
    const hiddenDependency = model.find((m) => !canRead(lowPlanner, m.predecessor) || !canRead(lowPlanner, m.successor));
    expect(hiddenDependency).toBeDefined();
    const gone = await call('DELETE', `/api/dependencies/${hiddenDependency?.id}?version=1`, 'low');
    const none = await call('DELETE', `/api/dependencies/${newId()}?version=1`, 'low');
    expect([gone.statusCode, gone.json().code]).toEqual([404, 'dependency.not_found']);
    expect(none.json().detail).toBe(gone.json().detail);
  });

  it('refuses loops, an activity depending on itself, a second dependency of a pair and a writer of another party', async () => {
    const m = model[0];
    if (!m) throw new Error('the model has dependencies');
    const post = (who: string, body: object) => call('POST', `/api/plans/${w.plan.id}/dependencies`, who, body);
    const loop = await post('mar', { predecessorId: m.successor.id, successorId: m.predecessor.id });
    expect([loop.statusCode, loop.json().code]).toEqual([409, 'dependency.cycle']);
    const self = await post('mar', { predecessorId: m.successor.id, successorId: m.successor.id });
    expect([self.statusCode, self.json().code]).toEqual([400, 'dependency.self']);
    const twice = await post('mar', { predecessorId: m.predecessor.id, successorId: m.successor.id });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'dependency.exists']);
    const lag = await post('mar', { predecessorId: m.predecessor.id, successorId: m.successor.id, lagDays: 366 });
    expect(lag.statusCode).toBe(400);
    const [a, b] = activities.filter((x) => canRead(w.isrPlanner, x)) as [Activity, Activity];
    const isr = await post('isr', { predecessorId: a.id, successorId: b.id });
    expect([isr.statusCode, isr.json().code]).toEqual([403, 'access.only_owner_planners']);
    expect(await t.db.selectFrom('activity_dependency').select('id').execute()).toHaveLength(model.length);
  });

  it('removes a dependency at the version read, audited at the label of both activities', async () => {
    const m = model.pop();
    if (!m) throw new Error('the model has dependencies');
    const stale = await call('DELETE', `/api/dependencies/${m.id}?version=2`, 'mar');
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'dependency.stale_version']);
    const res = await call('DELETE', `/api/dependencies/${m.id}?version=1`, 'mar');
    expect(res.statusCode).toBe(204);
    const entries = await t.db.selectFrom('audit_entry').selectAll().where('entity_id', '=', m.id).orderBy('seq').execute();
    expect(entries.map((e) => e.action)).toEqual(['dependency.create', 'dependency.delete']);
    const level = Math.max(
      CLASSIFICATIONS.indexOf(m.predecessor.classification),
      CLASSIFICATIONS.indexOf(m.successor.classification),
    );
    expect(Number(entries[1]?.classification)).toBe(level);
  });

  describe('a change of dates', () => {
    const chain: Record<string, Activity> = {};
    const link = async (p: string, s: string, lagDays: number) => {
      const res = await call('POST', `/api/plans/${w.plan.id}/dependencies`, 'mar', {
        predecessorId: chain[p]?.id,
        successorId: chain[s]?.id,
        lagDays,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Dependency;
    };
    const current = async (name: string) => (await call('GET', `/api/activities/${chain[name]?.id}`, 'mar')).json() as Activity;
    const move = (who: string, name: string, from: number, length: number, version: number, shift = false) =>
      call('PATCH', `/api/activities/${chain[name]?.id}${shift ? '?shiftFollowers=true' : ''}`, who, {
        plannedPeriod: span(from, length),
        version,
      });

    beforeAll(async () => {
      // A → B (lag 2) → C, and A → H, H hidden from the planner cleared for little.
      for (const [name, from, classification] of [
        ['A', 280, 'UNCLASSIFIED'],
        ['B', 290, 'UNCLASSIFIED'],
        ['C', 294, 'UNCLASSIFIED'],
        ['H', 285, 'SECRET'],
      ] as const)
        chain[name] = await createActivity(
          t.ctx,
          w.marPlanner,
          w.plan.id,
          activityInput(`CHAIN-${name}`, { plannedPeriod: span(from, 3), classification, releasableTo: [] }),
        );
      await link('A', 'B', 2);
      await link('B', 'C', 0);
      await link('A', 'H', 0);
    });

    it('that leaves readable followers starting too early is refused, naming them and where a shift puts them', async () => {
      const a = await current('A');
      const res = await move('mar', 'A', 286, 3, a.version);
      expect([res.statusCode, res.json().code]).toEqual([409, 'activity.dependency_violated']);
      expect(res.json().params).toEqual({ count: 2 });
      const issues = res.json().errors as { path: string; code: string; params: Record<string, unknown> }[];
      expect(issues).toContainEqual(
        expect.objectContaining({
          path: `followers.${chain.B?.id}`,
          code: 'activity.follower_too_early',
          params: { refCode: 'CHAIN-B', days: 1, start: day(291) },
        }),
      );
      expect(issues.map((i) => i.path)).toContain(`followers.${chain.H?.id}`);
      expect((await current('A')).version).toBe(a.version);
      // The planner who may not read H is told of B alone.
      const low = await move('low', 'A', 286, 3, a.version);
      expect([low.statusCode, low.json().params]).toEqual([409, { count: 1 }]);
      expect(low.body).not.toContain(String(chain.H?.id));
      expect(low.body).not.toContain('CHAIN-H');
    });

    it('shifts the followers when asked, each audited, and leaves a follower the writer may not read as it was', async () => {
      const a = await current('A');
      const res = await move('low', 'A', 286, 3, a.version, true);
      expect(res.statusCode, res.body).toBe(200);
      expect((await current('B')).plannedPeriod).toEqual(span(291, 3));
      expect((await current('C')).plannedPeriod).toEqual(span(294, 3));
      expect((await current('H')).plannedPeriod).toEqual(span(285, 3));
      const moved = await t.db
        .selectFrom('audit_entry')
        .select(['entity_id', 'actor_id'])
        .where('action', '=', 'activity.update')
        .where('entity_id', 'in', [chain.A?.id ?? '', chain.B?.id ?? '', chain.C?.id ?? '', chain.H?.id ?? ''])
        .execute();
      expect(moved.map((e) => e.entity_id).sort()).toEqual([chain.A?.id, chain.B?.id].sort());
      // Its readers see the dependency to H broken; the writer never saw it.
      const all = await listDependencies(t.ctx, w.marPlanner, w.plan.id);
      expect(all.items.find((d) => d.successorId === chain.H?.id)?.violated).toBe(true);
      expect(all.items.find((d) => d.successorId === chain.B?.id)?.violated).toBe(false);
      // A second shift carries the whole chain.
      const again = await move('mar', 'A', 290, 3, (await current('A')).version, true);
      expect(again.statusCode, again.body).toBe(200);
      expect((await current('B')).plannedPeriod).toEqual(span(295, 3));
      expect((await current('C')).plannedPeriod).toEqual(span(298, 3));
      expect((await current('H')).plannedPeriod).toEqual(span(293, 3));
    });

    it('that starts an activity too early after its predecessor is refused, shift or not', async () => {
      const c = await current('C');
      for (const shift of [false, true]) {
        const res = await move('mar', 'C', 296, 3, c.version, shift);
        expect([res.statusCode, res.json().code]).toEqual([409, 'activity.dependency_violated']);
        expect(res.json().errors[0]).toMatchObject({
          code: 'activity.predecessor_too_late',
          params: { refCode: 'CHAIN-B', days: 2 },
        });
      }
      // Later is always fine, and a change that keeps the dates is not checked.
      expect((await move('mar', 'C', 310, 3, c.version)).statusCode).toBe(200);
      const res = await call('PATCH', `/api/activities/${chain.C?.id}`, 'mar', { location: 'Fès', version: c.version + 1 });
      expect(res.statusCode, res.body).toBe(200);
    });

    it('takes the dependencies of a deleted activity with it, each audited', async () => {
      const h = await current('H');
      const res = await call('DELETE', `/api/activities/${h.id}?version=${h.version}`, 'mar');
      expect(res.statusCode, res.body).toBe(204);
      const left = await t.db.selectFrom('activity_dependency').select('id').where('successor_id', '=', h.id).execute();
      expect(left).toEqual([]);
      const told = await t.db.selectFrom('audit_entry').select('detail').where('action', '=', 'dependency.delete').execute();
      expect(
        told.some((e) => JSON.parse(e.detail).successorId === h.id && JSON.parse(e.detail).cascade === 'activity.delete'),
      ).toBe(true);
    });

    it('postpones a chain selected together, the predecessor once its followers have moved', async () => {
      const ids = ['A', 'B', 'C'].map((n) => chain[n]?.id);
      const bulk = async (action: Record<string, unknown>) => {
        const res = await call('POST', `/api/plans/${w.plan.id}/activities/bulk`, 'mar', { selection: { ids }, action });
        expect(res.statusCode, res.body).toBe(200);
        return res.json() as { applied: number; results: { id: string; outcome: string; code?: string }[] };
      };
      expect((await bulk({ kind: 'transition', to: 'planned' })).applied).toBe(3);
      const before = await Promise.all(['A', 'B', 'C'].map(current));
      const report = await bulk({ kind: 'postpone', months: 1, reason: 'Le salon est reporté' });
      // Reported in the order asked, each applied: A was refused while B had not moved yet.
      expect(report.results.map((r) => [r.id, r.outcome])).toEqual(ids.map((id) => [id, 'applied']));
      const after = await Promise.all(['A', 'B', 'C'].map(current));
      for (const [i, a] of after.entries()) expect(a.plannedPeriod.start > (before[i]?.plannedPeriod.start ?? '')).toBe(true);
      const all = await listDependencies(t.ctx, w.marPlanner, w.plan.id);
      expect(all.items.filter((d) => ids.includes(d.successorId)).map((d) => d.violated)).toEqual([false, false]);
    });
  });
});
