import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { exportPlan, importPlan } from '../src/app/exchange.usecases.js';
import { transitionPlanStatus } from '../src/app/plan.usecases.js';
import { planDiff } from '../src/app/revision.usecases.js';
import { CLASSIFICATIONS, type Classification, canRead, type Label, levelOf, marking } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import * as m0008 from '../src/store/migrations/0008_polyinstantiated_ref_codes.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld } from './support/fixtures.js';
import { type Prng, prng } from './support/labelled-world.js';

const SEED = 20260307;
/** How many generated writers each take a code held by a hidden activity and a free one. */
const ROUNDS = 24;
const COMPARTMENTS = ['INDUS', 'INTEL'];

/** What of an answer may differ between two creations: the record's own identity, code and times. */
function shapeOf(body: Record<string, unknown>) {
  const { id: _id, refCode: _r, title: _t, createdAt: _c, updatedAt: _u, instance: _i, ...rest } = body;
  return rest;
}

type Answer = { status: number; etag: unknown; body: Record<string, unknown> };

/**
 * The answer on a code held by a hidden record is the expected success and cannot be told from the
 * answer on a free code: the same status, ETag and body but for what `shape` leaves out.
 */
function expectSameAnswer(onTaken: Answer, onFree: Answer, status: number, why: string, shape = shapeOf) {
  expect(onTaken.status, `${why}: ${JSON.stringify(onTaken.body)}`).toBe(status);
  expect({ status: onTaken.status, etag: onTaken.etag, body: shape(onTaken.body) }, why).toEqual({
    status: onFree.status,
    etag: onFree.etag,
    body: shape(onFree.body),
  });
}

/** A label of a MAR activity the writer may write: within its clearance and compartments. */
function writableLabel(rng: Prng, writer: Actor): Label {
  return {
    ownerParty: 'MAR',
    classification: rng.pick(CLASSIFICATIONS.slice(0, levelOf(writer.clearance as Classification) + 1)),
    releasableTo: rng.sample(['ISR', 'USA'], rng.int(3)).sort(),
    compartments: writer.compartments.filter(() => rng.next() < 0.5).sort(),
  };
}

/** A label of a MAR activity the writer may not read: above its clearance or outside its compartments. */
function hiddenLabel(rng: Prng, writer: Actor): Label {
  const level = levelOf(writer.clearance as Classification);
  const missing = COMPARTMENTS.filter((c) => !writer.compartments.includes(c));
  const aboveClearance = level < CLASSIFICATIONS.length - 1 && (missing.length === 0 || rng.next() < 0.5);
  return {
    ownerParty: 'MAR',
    classification: aboveClearance ? rng.pick(CLASSIFICATIONS.slice(level + 1)) : rng.pick(CLASSIFICATIONS),
    releasableTo: rng.sample(['ISR', 'USA'], rng.int(3)).sort(),
    compartments: aboveClearance ? [] : [rng.pick(missing)],
  };
}

describe.each(databases())('reference codes are unique per label, on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const tokens = new Map<string, string>();

  /** A MAR planner of a generated clearance and compartments. */
  const generatedWriter = (rng: Prng) =>
    makeActor(
      t.ctx,
      'MAR',
      ['planner'],
      rng.pick(CLASSIFICATIONS.slice(0, 4)),
      COMPARTMENTS.filter(() => rng.next() < 0.5),
    );
  const call = async (actor: Actor, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
    let token = tokens.get(actor.userId);
    if (!token) {
      token = (await createToken(t.ctx, null, actor.username, 'polyinstantiation test')).token;
      tokens.set(actor.userId, token);
    }
    const res = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    const body = /json/.test(String(res.headers['content-type'])) ? (res.json() as Record<string, unknown>) : {};
    return { status: res.statusCode, body, etag: res.headers.etag, type: String(res.headers['content-type']) };
  };
  const create = (actor: Actor, refCode: string, label: Label, planId = w.plan.id) =>
    call(actor, 'POST', `/api/plans/${planId}/activities`, {
      ...activityInput(refCode),
      classification: label.classification,
      releasableTo: label.releasableTo,
      compartments: label.compartments,
    });
  /** A 2026 plan of the commission, made by the MAR planner through the API. */
  const newPlan = (title: string, over: object = {}) =>
    call(w.marPlanner, 'POST', '/api/plans', {
      commissionId: w.commission.id,
      title: { fr: title },
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      ...over,
    });

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('answers every write alike whether its code is held by an activity the writer cannot read or by none', async () => {
    const rng = prng(SEED);
    for (let round = 0; round < ROUNDS; round++) {
      const writer = await generatedWriter(rng);
      const hidden = hiddenLabel(rng, writer);
      expect(canRead(writer, hidden)).toBe(false);
      const taken = `2026-TKN-${round}`;
      const free = `2026-FRE-${round}`;
      const held = await create(w.marPlanner, taken, hidden);
      expect(held.status, JSON.stringify(held.body)).toBe(201);
      const why = `round ${round}: writer ${writer.clearance} [${writer.compartments}], hidden ${marking(hidden)}`;

      // Creating: the same answer, version and numbering for the taken code and the free one.
      const label = writableLabel(rng, writer);
      const onTaken = await create(writer, taken, label);
      const onFree = await create(writer, free, label);
      expectSameAnswer(onTaken, onFree, 201, why);

      // Renaming or relabelling an activity onto the taken code: the same as onto a free one.
      const a = await create(writer, `2026-RNA-${round}`, label);
      const b = await create(writer, `2026-RNB-${round}`, label);
      await create(w.marPlanner, `${taken}-S`, hidden);
      const onTakenRename = await call(writer, 'PATCH', `/api/activities/${a.body.id}`, { refCode: `${taken}-S`, version: 1 });
      const onFreeRename = await call(writer, 'PATCH', `/api/activities/${b.body.id}`, { refCode: `${free}-S`, version: 1 });
      expectSameAnswer(onTakenRename, onFreeRename, 200, why);

      // A code the writer can read stays refused, as before.
      const seen = await create(writer, taken, writableLabel(rng, writer));
      expect(seen.status, why).toBe(409);
      expect((seen.body.errors as { path: string }[])[0]?.path).toBe('refCode');

      // The writer's list holds its activity once; the reader of both sees both, each with its marking.
      const mine = await call(writer, 'GET', `/api/plans/${w.plan.id}/activities?q=${taken}&limit=100`);
      expect((mine.body.items as { refCode: string }[]).filter((i) => i.refCode === taken)).toHaveLength(1);
    }
  });

  it('answers 409, never a failure, to the second of two writers taking one code at one label at the same moment', async () => {
    const label: Label = { ownerParty: 'MAR', classification: 'RESTRICTED', releasableTo: ['ISR'], compartments: [] };
    const other = await makeActor(t.ctx, 'MAR', ['planner'], 'SECRET');
    for (let round = 0; round < 10; round++) {
      const code = `2026-RAC-${round}`;
      const answers = await Promise.all([create(w.marPlanner, code, label), create(other, code, label)]);
      expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([201, 409]);
    }
  });

  it('lists every activity once, page after page, when several share a code and sort value', async () => {
    const readerOfAll = w.marPlanner;
    const lowWriter = await makeActor(t.ctx, 'MAR', ['planner'], 'CONFIDENTIAL');
    const low: Label = { ownerParty: 'MAR', classification: 'CONFIDENTIAL', releasableTo: [], compartments: [] };
    for (const code of ['2026-PAG-01', '2026-PAG-02']) {
      expect((await create(readerOfAll, code, { ...low, classification: 'SECRET' })).status).toBe(201);
      expect((await create(lowWriter, code, low)).status).toBe(201);
    }
    for (const sort of ['refCode', '-refCode', 'priority', '-plannedStart']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(
          readerOfAll,
          'GET',
          `/api/plans/${w.plan.id}/activities?limit=3&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        seen.push(...(page.body.items as { id: string }[]).map((i) => i.id));
        cursor = page.body.nextCursor as string | null;
      } while (cursor);
      const all = await t.db.selectFrom('activity').select('id').where('plan_id', '=', w.plan.id).execute();
      expect(seen.length, sort).toBe(all.length);
      expect(new Set(seen)).toEqual(new Set(all.map((r) => r.id)));
    }
  });

  it('freezes and compares a plan whose activities share a code at different labels', async () => {
    const plan = await newPlan('Plan partagé', { releasableTo: ['ISR'] });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    const planId = String(plan.body.id);
    const low: Label = { ownerParty: 'MAR', classification: 'UNCLASSIFIED', releasableTo: ['ISR'], compartments: [] };
    const high: Label = { ...low, classification: 'TOP_SECRET' };
    const lowWriter = await makeActor(t.ctx, 'MAR', ['planner'], 'SECRET');
    expect((await create(w.marPlanner, '2026-DUP-01', high, planId)).status).toBe(201);
    expect((await create(lowWriter, '2026-DUP-01', low, planId)).status).toBe(201);
    await transitionPlanStatus(t.ctx, w.marPlanner, planId, { to: 'proposed' });
    await transitionPlanStatus(t.ctx, w.marPlanner, planId, { to: 'approved' });
    await transitionPlanStatus(t.ctx, w.isrPlanner, planId, { to: 'approved' });
    const frozen = await t.db.selectFrom('revision_activity').select('ref_code').where('plan_id', '=', planId).execute();
    expect(frozen.map((r) => r.ref_code)).toEqual(['2026-DUP-01', '2026-DUP-01']);
    const unchanged = await planDiff(t.ctx, w.marPlanner, planId, 0, 'current');
    expect(unchanged).toMatchObject({ added: [], removed: [], changed: [] });
    // A reader of one of them sees its plain code.
    const { added } = await planDiff(t.ctx, lowWriter, planId, 'current', 'current');
    expect(added).toEqual([]);
  });

  it('imports a row onto the activity its id names when the importer reads several that share its code', async () => {
    const plan = await newPlan('Plan importé');
    const planId = String(plan.body.id);
    const low: Label = { ownerParty: 'MAR', classification: 'CONFIDENTIAL', releasableTo: [], compartments: [] };
    const lowWriter = await makeActor(t.ctx, 'MAR', ['planner'], 'CONFIDENTIAL');
    const high = await create(w.marPlanner, '2026-IMP-01', { ...low, classification: 'SECRET' }, planId);
    expect((await create(lowWriter, '2026-IMP-01', low, planId)).status).toBe(201);
    const file = await exportPlan(t.ctx, w.marPlanner, planId);
    expect(file.activities.map((a) => a.refCode)).toEqual(['2026-IMP-01', '2026-IMP-01']);
    // The file as exported names each activity by its id: it imports as it is, changing nothing.
    const again = await importPlan(t.ctx, w.marPlanner, file);
    expect(again.created.activities).toBe(0);
    expect(again.updated.activities).toBe(0);
    // A renamed row keeping its id renames that activity, and no other.
    const renamed = structuredClone(file);
    const target = renamed.activities.find((a) => a.id === high.body.id);
    if (!target) throw new Error('the SECRET activity is missing from the export');
    target.title = { fr: 'Renommée' };
    await importPlan(t.ctx, w.marPlanner, renamed);
    const titles = await t.db.selectFrom('activity').select(['id', 'title']).where('plan_id', '=', planId).execute();
    expect(titles.filter((r) => JSON.parse(r.title).fr === 'Renommée').map((r) => r.id)).toEqual([high.body.id]);
    // Without ids, the shared code names neither: the row is refused, nothing is written.
    const anonymous = structuredClone(file);
    for (const a of anonymous.activities) delete a.id;
    await expect(importPlan(t.ctx, w.marPlanner, anonymous)).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ path: 'activities[0].refCode' })]),
    });
    // A reader of only one of them matches it by its code alone.
    const lowFile = await exportPlan(t.ctx, lowWriter, planId);
    for (const a of lowFile.activities) delete a.id;
    const lowImport = await importPlan(t.ctx, lowWriter, lowFile);
    expect(lowImport.created.activities).toBe(0);
  });

  it('migrates a database whose codes were unique in the plan, keeping every row and reference', async () => {
    const rowCounts = async () => ({
      activities: (await t.db.selectFrom('activity').selectAll().orderBy('id').execute()).length,
      followUps: (await t.db.selectFrom('follow_up').select('id').execute()).length,
      revisions: (await t.db.selectFrom('revision_activity').select('ref_code').execute()).length,
    });
    // Only codes unique in their plan can go back to the old schema.
    const shared = await t.db
      .selectFrom('activity')
      .select(['plan_id', 'ref_code'])
      .groupBy(['plan_id', 'ref_code'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    for (const { plan_id, ref_code } of shared) {
      await t.db.deleteFrom('revision_activity').where('plan_id', '=', plan_id).where('ref_code', '=', ref_code).execute();
      await t.db.deleteFrom('activity').where('plan_id', '=', plan_id).where('ref_code', '=', ref_code).execute();
    }
    const activity = await create(w.marPlanner, '2026-MIG-01', {
      ownerParty: 'MAR',
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
      compartments: [],
    });
    const note = await call(w.isrPlanner, 'POST', `/api/activities/${activity.body.id}/follow-ups`, { body: 'Note' });
    expect(note.status).toBe(201);
    const counts = await rowCounts();
    await m0008.down(t.db);
    // A partner's note as the old rule let it be written: released to nobody.
    await t.db.updateTable('follow_up').set({ releasable_mask: 0 }).where('id', '=', String(note.body.id)).execute();
    await m0008.up(t.db);
    expect(await rowCounts()).toEqual(counts);
    const fixed = await call(w.marPlanner, 'GET', `/api/activities/${activity.body.id}/follow-ups`);
    expect(
      (fixed.body.items as { id: string; releasableTo: string[] }[]).find((f) => f.id === note.body.id)?.releasableTo,
    ).toEqual(['MAR']);
    // Follow-ups still refer to the activity table, and still may not point nowhere.
    await expect(
      t.db
        .insertInto('follow_up')
        .values({
          id: 'dangling',
          activity_id: 'no-such-activity',
          kind: 'note',
          body: 'x',
          language: 'fr',
          author_id: null,
          from_status: null,
          to_status: null,
          owner_party: 'MAR',
          classification: 0,
          releasable_mask: 0,
          compartment_mask: 0,
          version: 1,
          created_at: '2026-01-01T00:00:00.000Z',
          updated_at: '2026-01-01T00:00:00.000Z',
        })
        .execute(),
    ).rejects.toThrow();
    const again = await create(w.marPlanner, '2026-MIG-01', {
      ownerParty: 'MAR',
      classification: 'SECRET',
      releasableTo: [],
      compartments: [],
    });
    expect(again.status).toBe(409);
  });
  it('answers a session number held by a session the writer cannot read as a free one', async () => {
    const rng = prng(SEED + 1);
    const session = (actor: Actor, number: number, label: Label) =>
      call(actor, 'POST', `/api/commissions/${w.commission.id}/sessions`, {
        number,
        startDate: '2026-03-02',
        endDate: '2026-03-03',
        place: 'Rabat',
        hostParty: 'MAR',
        classification: label.classification,
        releasableTo: label.releasableTo,
        compartments: label.compartments,
      });
    const bodyOf = (b: Record<string, unknown>) => {
      const { number: _n, ...rest } = shapeOf(b);
      return rest;
    };
    for (let round = 0; round < ROUNDS / 2; round++) {
      const writer = await generatedWriter(rng);
      const hidden = hiddenLabel(rng, writer);
      const why = `round ${round}: writer ${writer.clearance} [${writer.compartments}], hidden ${marking(hidden)}`;
      const taken = 100 + 3 * round;
      expect((await session(w.marPlanner, taken, hidden)).status).toBe(201);
      const label = writableLabel(rng, writer);
      const onTaken = await session(writer, taken, label);
      const onFree = await session(writer, taken + 1, label);
      expectSameAnswer(onTaken, onFree, 201, why, bodyOf);
      const seen = await session(writer, taken, writableLabel(rng, writer));
      expect(seen.status, why).toBe(409);
      expect((seen.body.errors as { path: string }[])[0]?.path).toBe('number');
    }
    const listed = await call(w.marPlanner, 'GET', `/api/commissions/${w.commission.id}/sessions`);
    const numbers = (listed.body.items as { number: number }[]).map((s) => s.number).filter((n) => n === 100);
    expect(numbers).toEqual([100, 100]);
  });
});
