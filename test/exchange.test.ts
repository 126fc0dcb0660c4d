import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, getActivity, transitionActivityStatus } from '../src/app/activity.usecases.js';
import type { Actor, AppContext } from '../src/app/context.js';
import { exportPlan, importPlan } from '../src/app/exchange.usecases.js';
import { addFollowUp } from '../src/app/follow-up.usecases.js';
import { createSource } from '../src/app/source.usecases.js';
import { DomainError } from '../src/domain/errors.js';
import { type ExchangeFile, exchangeFileSchema, IMPORT_LIMITS } from '../src/domain/exchange.schema.js';
import { newId } from '../src/domain/ids.js';
import { CLASSIFICATIONS, type Classification, canRead } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, PASSWORD, seedParties, seedWorld } from './support/fixtures.js';

const run = promisify(execFile);
// Dates of the plan are in 2026; the clock stands after the activities it reports on.
const clock = () => new Date('2026-06-15T10:00:00.000Z');

type World = Awaited<ReturnType<typeof seedWorld>>;

/** A plan with activities of several labels, a cited source, transitions and follow-ups of both parties. */
async function populate(ctx: AppContext, world: World) {
  const { marPlanner: mar, isrPlanner: isr, plan } = world;
  const source = await createSource(ctx, mar, {
    kind: 'press_article',
    title: 'Joint military work plan signed in Tel Aviv',
    publisher: 'mediaterranee.com',
    url: 'https://example.org/article',
    publishedOn: '2026-01-08',
    excerpt: null,
    classification: 'UNCLASSIFIED',
    releasableTo: ['ISR'],
    compartments: [],
  });
  const a1 = await createActivity(ctx, mar, plan.id, {
    ...activityInput('A-01', { sourceId: source.id }),
    description: { fr: 'Réunions techniques' },
  });
  await createActivity(ctx, mar, plan.id, activityInput('A-02', { classification: 'SECRET' }));
  await createActivity(ctx, mar, plan.id, activityInput('A-03', { classification: 'CONFIDENTIAL', compartments: ['INDUS'] }));
  await createActivity(ctx, mar, plan.id, activityInput('A-04', { releasableTo: [] }));
  const a5 = await createActivity(ctx, mar, plan.id, activityInput('A-05', { participatingParties: ['ISR', 'USA'] }));
  for (const to of ['planned', 'scheduled'] as const) await transitionActivityStatus(ctx, mar, a1.id, { to });
  await transitionActivityStatus(ctx, mar, a1.id, { to: 'conducted', actualStart: '2026-03-10', actualEnd: '2026-03-12' });
  await transitionActivityStatus(ctx, mar, a5.id, { to: 'planned' });
  await transitionActivityStatus(ctx, mar, a5.id, {
    to: 'postponed',
    reason: 'Calendar of the units',
    plannedPeriod: { start: '2026-07-01', end: '2026-09-30', precision: 'quarter' },
  });
  await addFollowUp(ctx, mar, a1.id, { kind: 'report', body: 'Compte rendu de la réunion', language: 'fr' });
  const isrNote = await addFollowUp(ctx, isr, a1.id, {
    kind: 'note',
    body: 'Delegation confirmed',
    language: 'en',
    releasableTo: ['MAR'],
  });
  return { source, isrNote };
}

/** A second installation with the same parties and the same commission, and a planner of the same party. */
async function twin(kind: TestDatabase['kind'], from: TestDatabase) {
  const t = await openTestDatabase(kind, clock);
  await seedParties(t.ctx);
  const commissions = await from.db.selectFrom('commission').selectAll().execute();
  await t.db.insertInto('commission').values(commissions).execute();
  const planner = await makeActor(t.ctx, 'MAR', ['planner', 'contributor'], 'TOP_SECRET', ['INDUS', 'INTEL']);
  return { t, planner };
}

/**
 * The file with its postponed activity planned instead: a new activity cannot arrive postponed,
 * since the period it was postponed from is not in the file.
 */
const unpostponed = (file: ExchangeFile): ExchangeFile => {
  const copy: ExchangeFile = JSON.parse(JSON.stringify(file));
  for (const a of copy.activities)
    if (a.status === 'postponed')
      Object.assign(a, {
        status: 'planned',
        postponements: 0,
        followUps: a.followUps.filter((f) => f.toStatus !== 'postponed'),
      });
  return copy;
};

const problemsOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof DomainError) return err;
  }
  throw new Error('expected the import to be refused');
};

const counts = async (t: TestDatabase) => {
  const n = async (table: 'work_plan' | 'activity' | 'follow_up' | 'source' | 'audit_entry' | 'activity_event') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    plans: await n('work_plan'),
    activities: await n('activity'),
    followUps: await n('follow_up'),
    sources: await n('source'),
    audit: await n('audit_entry'),
    events: await n('activity_event'),
  };
};

/** A file of a new plan with `n` well-formed activities. */
function newPlanFile(commissionId: string, n: number): ExchangeFile {
  return exchangeFileSchema.parse({
    format: 'jointplan.work-plan',
    version: 1,
    plan: {
      commissionId,
      title: { en: 'Imported plan' },
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      status: 'draft',
    },
    activities: Array.from({ length: n }, (_, i) => ({
      ...activityInput(`IMP-${String(i).padStart(3, '0')}`),
      status: 'proposed',
    })),
  });
}

describe.each(databases())('plan exchange on %s', (kind) => {
  let t: TestDatabase;
  let world: World;
  let seeded: Awaited<ReturnType<typeof populate>>;
  const opened: TestDatabase[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(kind, clock);
    world = await seedWorld(t.ctx);
    seeded = await populate(t.ctx, world);
  });
  afterAll(async () => {
    for (const o of opened) await o.close();
    await t?.close();
  });

  it('exports a plan as a valid file and audits the export', async () => {
    const before = await counts(t);
    const file = await exportPlan(t.ctx, world.marPlanner, world.plan.id);
    expect(exchangeFileSchema.safeParse(JSON.parse(JSON.stringify(file))).success).toBe(true);
    expect(file.activities.map((a) => a.refCode)).toEqual(['A-01', 'A-02', 'A-03', 'A-04', 'A-05']);
    const a1 = file.activities[0];
    expect(a1?.status).toBe('conducted');
    expect(a1?.actualStart).toBe('2026-03-10');
    expect(a1?.sourceId).toBe(seeded.source.id);
    expect(a1?.followUps.map((f) => f.kind)).toEqual(['status_change', 'status_change', 'status_change', 'report', 'note']);
    expect(file.activities[4]).toMatchObject({ status: 'postponed', postponements: 1 });
    expect(file.sources.map((s) => s.id)).toEqual([seeded.source.id]);
    const after = await counts(t);
    expect(after.audit).toBe(before.audit + 1);
    const entry = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'plan.export', entity_id: world.plan.id, actor_id: world.marPlanner.userId });
  });

  it('round-trips a plan into a fresh database with the same parties', async () => {
    const original = await exportPlan(t.ctx, world.marPlanner, world.plan.id);
    const { t: t2, planner } = await twin(kind, t);
    opened.push(t2);
    const postponed = await problemsOf(importPlan(t2.ctx, planner, JSON.parse(JSON.stringify(original))));
    expect(postponed.issues).toMatchObject([
      { path: 'activities[4].status', code: 'import.new_postponed', message: expect.stringContaining('postponed') },
    ]);
    const result = await importPlan(t2.ctx, planner, unpostponed(original));
    // New records get ids of this installation: whether an id is free never shows.
    expect(result.planId).not.toBe(world.plan.id);
    expect(result).toMatchObject({
      planCreated: true,
      created: { activities: 5, followUps: 1, sources: 1 },
      updated: { activities: 0 },
    });
    // The partner's note is theirs to import; it is reported, not written under another party's name.
    expect(result.skipped).toEqual([
      {
        path: 'activities[0].followUps[4]',
        code: 'import.follow_up_other_party',
        params: { party: 'ISR' },
        message: expect.stringContaining('ISR'),
      },
    ]);
    const copy = await exportPlan(t2.ctx, planner, result.planId);
    const strip = (f: ExchangeFile) =>
      f.activities.map(({ id: _i, sourceId: _s, followUps, ...a }) => ({
        ...a,
        followUps: followUps.map(({ id: _f, createdAt: _c, ...rest }) => rest),
      }));
    const expected = strip(unpostponed(original));
    expected[0]?.followUps.pop();
    expect(strip(copy)).toEqual(expected);
    // The imported activity is as searchable and as historied as one made by hand: each move is recorded now.
    const imported = await getActivity(t2.ctx, planner, copy.activities[0]?.id ?? '');
    expect(imported.source?.title).toBe(seeded.source.title);
    const events = await t2.db
      .selectFrom('activity_event')
      .select(['status', 'at'])
      .where('activity_id', '=', imported.id)
      .execute();
    expect(events.map((e) => e.status)).toEqual(['proposed', 'planned', 'scheduled', 'conducted']);
  });

  it('changes nothing when the same file is imported again, but records the import', async () => {
    const file = JSON.parse(JSON.stringify(await exportPlan(t.ctx, world.marPlanner, world.plan.id)));
    const versions = await t.db.selectFrom('activity').select(['id', 'version']).orderBy('id').execute();
    const before = await counts(t);
    const result = await importPlan(t.ctx, world.marPlanner, file);
    expect(result).toEqual({
      planId: world.plan.id,
      planCreated: false,
      planUpdated: false,
      created: { activities: 0, followUps: 0, sources: 0 },
      updated: { activities: 0 },
      unchanged: { activities: 5, followUps: 7, sources: 1 },
      skipped: [],
      dryRun: false,
      approvalsWithdrawn: [],
      changes: [],
    });
    expect(await t.db.selectFrom('activity').select(['id', 'version']).orderBy('id').execute()).toEqual(versions);
    const after = await counts(t);
    expect(after).toEqual({ ...before, audit: before.audit + 1 });
    const entry = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry.action).toBe('plan.import');
  });

  it('updates matched activities, adds new ones, and refuses moves the lifecycle forbids', async () => {
    const file: ExchangeFile = JSON.parse(JSON.stringify(await exportPlan(t.ctx, world.marPlanner, world.plan.id)));
    const [a1, a2] = file.activities;
    if (!a1 || !a2) throw new Error('fixture');
    a2.title = { ...a2.title, en: 'Renamed by the file' };
    file.activities.push({
      ...file.activities[3],
      id: newId(),
      refCode: 'A-06',
      followUps: [],
    } as ExchangeFile['activities'][number]);
    const result = await importPlan(t.ctx, world.marPlanner, file);
    expect(result).toMatchObject({ created: { activities: 1 }, updated: { activities: 1 }, unchanged: { activities: 4 } });
    const renamed = await getActivity(t.ctx, world.marPlanner, a2.id ?? '');
    expect(renamed.title.en).toBe('Renamed by the file');
    expect(renamed.version).toBe(2);

    const backwards: ExchangeFile = JSON.parse(JSON.stringify(file));
    const first = backwards.activities[0];
    if (!first) throw new Error('fixture');
    Object.assign(first, { status: 'planned', actualStart: null, actualEnd: null });
    const before = await counts(t);
    const err = await problemsOf(importPlan(t.ctx, world.marPlanner, backwards));
    expect(err.issues).toMatchObject([
      {
        path: 'activities[0].status',
        code: 'import.cannot_move',
        params: { activityStatus: 'conducted', activityStatusTo: 'planned' },
        message: expect.stringContaining('conducted to planned'),
      },
    ]);
    expect(await counts(t)).toEqual(before);
  });

  it('copies a plan when its file is imported without the plan id', async () => {
    const file = unpostponed(await exportPlan(t.ctx, world.marPlanner, world.plan.id));
    delete file.plan.id;
    const result = await importPlan(t.ctx, world.marPlanner, file);
    expect(result.planId).not.toBe(world.plan.id);
    expect(result).toMatchObject({
      planCreated: true,
      created: { activities: file.activities.length, followUps: 1, sources: 0 },
      unchanged: { sources: 1 },
    });
    const copy = await exportPlan(t.ctx, world.marPlanner, result.planId);
    const ids = new Set(file.activities.flatMap((a) => [a.id, ...a.followUps.map((f) => f.id)]));
    expect(copy.activities.some((a) => ids.has(a.id) || a.followUps.some((f) => ids.has(f.id)))).toBe(false);
    expect(copy.activities.map((a) => [a.refCode, a.status, a.title])).toEqual(
      file.activities.map((a) => [a.refCode, a.status, a.title]),
    );
  });

  it('writes nothing from a file with one bad row among many, and names the row', async () => {
    const file = newPlanFile(world.commission.id, 40);
    const bad = JSON.parse(JSON.stringify(file));
    bad.activities[12].plannedPeriod.end = '2026-02-30';
    const before = await counts(t);
    const err = await problemsOf(importPlan(t.ctx, world.marPlanner, bad));
    expect(err.kind).toBe('invalid');
    expect(err.message).toContain('nothing was imported');
    expect(err.issues.map((i) => i.path)).toEqual(['activities[12].plannedPeriod.end']);
    expect(await counts(t)).toEqual(before);

    // Problems only the database can see are all reported at once too.
    const stranger = JSON.parse(JSON.stringify(file));
    stranger.activities[7].leadParty = 'ZZZ';
    stranger.activities[20].compartments = ['NOPE'];
    stranger.activities[33].sourceId = newId();
    stranger.activities[39].refCode = stranger.activities[38].refCode;
    const twice = await problemsOf(importPlan(t.ctx, world.marPlanner, stranger));
    expect(twice.issues.map((i) => i.path)).toEqual(['activities[39].refCode']);
    stranger.activities[39].refCode = 'IMP-OTHER';
    const all = await problemsOf(importPlan(t.ctx, world.marPlanner, stranger));
    expect(all.issues.map((i) => i.path)).toEqual([
      'activities[7].leadParty',
      'activities[20].compartments',
      'activities[33].sourceId',
    ]);
    expect(await counts(t)).toEqual(before);

    // The good file goes in whole, as a new plan of the importer's party.
    const result = await importPlan(t.ctx, world.marPlanner, file);
    expect(result).toMatchObject({ planCreated: true, created: { activities: 40 } });
    const after = await counts(t);
    expect(after.activities).toBe(before.activities + 40);
  });

  it('refuses a file over the limits of one import, naming the limit, before reading the database', async () => {
    const file = await exportPlan(t.ctx, world.marPlanner, world.plan.id);
    const row = file.activities[0];
    if (!row) throw new Error('the plan has no activity');
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...row, id: undefined, refCode: `BULK-${i}`, followUps: [] }));
    const before = await counts(t);
    const tooMany = await problemsOf(
      importPlan(t.ctx, world.marPlanner, { ...file, activities: many(IMPORT_LIMITS.activities + 1) }),
    );
    expect(tooMany.issues).toMatchObject([
      { path: 'activities', code: 'too_big', message: expect.stringContaining(`at most ${IMPORT_LIMITS.activities}`) },
    ]);
    const notes = () => Array.from({ length: 1_000 }, () => ({ ...row.followUps[0], id: newId() }));
    const chatty = many(IMPORT_LIMITS.followUps / 1_000 + 1).map((a) => ({ ...a, followUps: notes() }));
    const tooChatty = await problemsOf(importPlan(t.ctx, world.marPlanner, { ...file, activities: chatty }));
    expect(tooChatty.issues.map((i) => i.message)).toContain(
      `${IMPORT_LIMITS.followUps + 1_000} follow-ups: at most ${IMPORT_LIMITS.followUps} in one file`,
    );
    expect(await counts(t)).toEqual(before);
  });

  it('refuses labels above the importer’s clearance, other parties’ records and adopted statuses', async () => {
    const file = newPlanFile(world.commission.id, 3);
    const raw = JSON.parse(JSON.stringify(file));
    raw.activities[1].classification = 'TOP_SECRET';
    raw.activities[2].ownerParty = 'MAR';
    raw.plan.status = 'approved';
    const before = await counts(t);
    const err = await problemsOf(importPlan(t.ctx, world.isrPlanner, raw));
    expect(err.issues.map((i) => i.path)).toEqual(['plan.status', 'activities[1].classification', 'activities[2].ownerParty']);
    expect(await counts(t)).toEqual(before);
    const viewer = await makeActor(t.ctx, 'MAR', ['viewer'], 'SECRET');
    await expect(importPlan(t.ctx, viewer, file)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it("gives a viewer's export only the records that viewer may read", async () => {
    // One activity for each classification × release × compartment set, so every part of the read rule is exercised.
    const labels: { classification: Classification; releasableTo: string[]; compartments: string[] }[] = [];
    for (const classification of CLASSIFICATIONS)
      for (const releasableTo of [[], ['ISR'], ['ISR', 'USA']])
        for (const compartments of [[], ['INDUS'], ['INDUS', 'INTEL']])
          labels.push({ classification, releasableTo, compartments });
    const planner = world.marPlanner;
    let n = 0;
    for (const label of labels) {
      const a = await createActivity(t.ctx, planner, world.plan.id, activityInput(`L-${String(++n).padStart(2, '0')}`, label));
      await addFollowUp(t.ctx, planner, a.id, {
        kind: 'note',
        body: `Note ${n}`,
        language: 'fr',
        classification: 'UNCLASSIFIED',
      });
    }
    const readers: Actor[] = [
      await makeActor(t.ctx, 'ISR', ['viewer'], 'CONFIDENTIAL', []),
      await makeActor(t.ctx, 'ISR', ['viewer'], 'TOP_SECRET', ['INDUS']),
      await makeActor(t.ctx, 'USA', ['viewer'], 'SECRET', ['INDUS', 'INTEL']),
    ];
    const all = await t.db.selectFrom('activity').select('ref_code').where('plan_id', '=', world.plan.id).execute();
    const full = await exportPlan(t.ctx, planner, world.plan.id);
    expect(full.activities).toHaveLength(all.length);
    for (const reader of readers) {
      const file = await exportPlan(t.ctx, reader, world.plan.id);
      const expected = full.activities
        .filter((a) => canRead(reader, { ...a, ownerParty: a.ownerParty ?? 'MAR' }))
        .map((a) => a.refCode);
      expect(file.activities.map((a) => a.refCode)).toEqual(expected);
      expect(file.activities.length).toBeLessThan(full.activities.length);
      for (const a of file.activities)
        for (const f of a.followUps) expect(canRead(reader, { ...f, ownerParty: f.ownerParty ?? 'MAR' })).toBe(true);
      for (const s of file.sources) expect(canRead(reader, { ...s, ownerParty: s.ownerParty ?? 'MAR' })).toBe(true);
    }
    // A reader of another party who is not released the plan does not learn it exists.
    const french = await makeActor(t.ctx, 'FRA', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    await expect(exportPlan(t.ctx, french, world.plan.id)).rejects.toMatchObject({ kind: 'not_found' });
  });

  describe('over HTTP', () => {
    let app: Awaited<ReturnType<typeof buildServer>>;
    const cookies: Record<string, string> = {};
    const login = async (username: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      expect(res.statusCode, res.body).toBe(200);
      return String(res.headers['set-cookie']).split(';')[0] ?? '';
    };

    beforeAll(async () => {
      app = await buildServer(t.ctx);
      const french = await makeActor(t.ctx, 'FRA', ['planner'], 'TOP_SECRET');
      cookies.mar = await login(world.marPlanner.username);
      cookies.fra = await login(french.username);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('exports a readable plan as a JSON attachment', async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/plans/${world.plan.id}/export`,
        headers: { cookie: cookies.mar },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="plan-${world.plan.id}.json"`);
      expect(exchangeFileSchema.safeParse(res.json()).success).toBe(true);
    });

    it('answers 404 for an unreadable plan exactly as for a missing one, and 401 without a session', async () => {
      const hidden = await app.inject({
        method: 'GET',
        url: `/api/plans/${world.plan.id}/export`,
        headers: { cookie: cookies.fra },
      });
      const missing = await app.inject({ method: 'GET', url: `/api/plans/${newId()}/export`, headers: { cookie: cookies.fra } });
      expect(hidden.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect({ ...hidden.json(), instance: undefined }).toEqual({ ...missing.json(), instance: undefined });
      const anonymous = await app.inject({ method: 'GET', url: `/api/plans/${world.plan.id}/export` });
      expect(anonymous.statusCode).toBe(401);
    });

    it('imports a file, reports every problem of a bad one with its path, and re-imports as a no-op', async () => {
      const file = newPlanFile(world.commission.id, 3);
      const importAsMar = (payload: object) =>
        app.inject({ method: 'POST', url: '/api/plans/import', headers: { cookie: cookies.mar }, payload });
      const bad = JSON.parse(JSON.stringify(file));
      bad.activities[1].plannedPeriod.end = '2025-01-01';
      bad.activities[2].colour = 'blue';
      const refused = await importAsMar(bad);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().errors).toEqual([
        { path: 'activities[1].plannedPeriod.end', code: 'period.end_before_start', message: 'end must not be before start' },
        { path: 'activities[2].colour', code: 'field.unknown_field', message: 'unknown field' },
      ]);
      const created = await importAsMar(file);
      expect(created.statusCode, created.body).toBe(201);
      const planId = created.json().planId;
      const exported = await app.inject({ method: 'GET', url: `/api/plans/${planId}/export`, headers: { cookie: cookies.mar } });
      const again = await importAsMar(exported.json());
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toMatchObject({
        planCreated: false,
        planUpdated: false,
        created: { activities: 0 },
        updated: { activities: 0 },
      });
      const anonymous = await app.inject({ method: 'POST', url: '/api/plans/import', payload: file });
      expect(anonymous.statusCode).toBe(401);
    });

    it('describes both endpoints in the OpenAPI document', async () => {
      const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const exportOp = doc.paths['/api/plans/{id}/export']?.get;
      const importOp = doc.paths['/api/plans/import']?.post;
      expect(exportOp?.responses?.['200']).toBeDefined();
      expect(importOp?.requestBody?.content?.['application/json']?.schema).toBeDefined();
      expect(JSON.stringify(importOp.requestBody)).toContain('activities');
      expect(importOp?.responses?.['201']).toBeDefined();
    });
  });

  it('round-trips through the command line, and a bad file changes nothing', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-exchange-'));
    const { t: t2, planner } = await twin(kind, t);
    opened.push(t2);
    const cli = (...args: string[]) => run(process.execPath, ['bin/jointplan.js', ...args], { env: { ...process.env } });
    try {
      const out = join(dir, 'plan.json');
      await cli('export', '--plan', world.plan.id, '--as', world.marPlanner.username, '--out', out, '--db', t.url);
      const exported = JSON.parse(readFileSync(out, 'utf8'));
      expect(exported.plan.id).toBe(world.plan.id);

      const bad = JSON.parse(JSON.stringify(exported));
      bad.activities[2].priority = 9;
      const badPath = join(dir, 'bad.json');
      writeFileSync(badPath, JSON.stringify(bad));
      const before = await counts(t2);
      const failed = await cli('import', badPath, '--as', planner.username, '--db', t2.url).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toContain('activities[2].priority');
      expect(failed?.stderr).toContain('nothing was imported');
      expect(await counts(t2)).toEqual(before);

      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify(unpostponed(exported)));
      const ok = await cli('import', good, '--as', planner.username, '--db', t2.url);
      const planId = /Plan (\S+) created/.exec(ok.stdout)?.[1] ?? '';
      expect(planId).not.toBe(world.plan.id);
      const copy = await exportPlan(t2.ctx, planner, planId);
      expect(copy.activities.map((a) => a.refCode)).toEqual(exported.activities.map((a: { refCode: string }) => a.refCode));

      const unknownUser = await cli('import', good, '--as', 'nobody', '--db', t2.url).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(unknownUser?.code).toBe(2);
      expect(unknownUser?.stderr).toContain('no user nobody');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
