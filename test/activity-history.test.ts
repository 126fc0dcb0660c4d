import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, transitionActivityStatus, updateActivity } from '../src/app/activity.usecases.js';
import { activityHistory } from '../src/app/activity-history.usecases.js';
import { createSource } from '../src/app/source.usecases.js';
import type { ActivityPatch } from '../src/domain/activity.schema.js';
import { HISTORY_ACTIONS, HISTORY_FIELDS } from '../src/domain/activity-history.schema.js';
import { newId } from '../src/domain/ids.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, insertMarMinistry, MAR_MINISTRY, makeActor, PASSWORD, seedWorld } from './support/fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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

describe.each(databases())('names in the activity history on %s', (kind) => {
  let t: TestDatabase;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let activityId = '';
  let openSource = '';
  let marOnlySource = '';
  const organisationId = newId();

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    world = await seedWorld(t.ctx);
    await insertMarMinistry(t.ctx, organisationId);
    const source = (title: string, releasableTo: string[]) =>
      createSource(t.ctx, world.marPlanner, {
        kind: 'document',
        title,
        publisher: null,
        url: null,
        publishedOn: null,
        excerpt: null,
        classification: 'UNCLASSIFIED',
        releasableTo,
        compartments: [],
      });
    openSource = (await source('Compte rendu de la 3e session', ['ISR'])).id;
    marOnlySource = (await source('Note interne', [])).id;
    const created = await createActivity(t.ctx, world.marPlanner, world.plan.id, activityInput('2026-HIS-01'));
    let version = created.version;
    activityId = created.id;
    // Every field a patch can change, one after the other, then a source only MAR may read.
    const patches: ActivityPatch[] = [
      { refCode: '2026-HIS-02' },
      { title: { fr: 'Réunion technique' } },
      { description: { fr: 'Ordre du jour arrêté' } },
      { type: 'exercise' },
      { domain: 'training' },
      { leadParty: 'ISR' },
      { participatingParties: ['MAR', 'ISR'] },
      { leadOrganisationId: organisationId },
      { location: 'Kénitra' },
      { plannedPeriod: { start: '2026-04-01', end: '2026-04-30', precision: 'month' } },
      { priority: 1 },
      { recurring: true },
      { sourceId: openSource },
      { classification: 'RESTRICTED' },
      { releasableTo: ['ISR', 'USA'] },
      { compartments: [] },
      { sourceId: marOnlySource },
    ];
    for (const patch of patches)
      version = (await updateActivity(t.ctx, world.marPlanner, activityId, { ...patch, version })).version;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells only actions and fields it knows, and every one in the four languages', async () => {
    const { items } = await activityHistory(t.ctx, world.marPlanner, activityId);
    const fields = new Set(items.flatMap((i) => i.changes.map((c) => c.field)));
    expect(fields).toEqual(new Set(HISTORY_FIELDS.filter((f) => f !== 'compartments')));
    for (const i of items) if (i.kind === 'change') expect(HISTORY_ACTIONS).toContain(i.action);
    // Every action the use cases record about an activity is one the history knows, or one it leaves out.
    const recorded = new Set<string>();
    for (const file of readdirSync(join(ROOT, 'src/app')).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(ROOT, 'src/app', file), 'utf8');
      for (const m of text.matchAll(/action: '(activity\.[a-z_]+)',\s*entityType: 'activity'/g)) recorded.add(m[1] as string);
    }
    expect(recorded.size).toBeGreaterThanOrEqual(4);
    for (const action of recorded)
      expect([...HISTORY_ACTIONS, 'activity.transition', 'activity.delete_refused']).toContain(action);
    for (const lang of ['fr', 'en', 'ar', 'he']) {
      const bundle = JSON.parse(readFileSync(join(ROOT, 'web/src/i18n', `${lang}.json`), 'utf8'));
      for (const f of HISTORY_FIELDS) expect(bundle.history.fields[f], `${lang} ${f}`).toEqual(expect.any(String));
      for (const a of HISTORY_ACTIONS)
        expect(bundle.history.actions[a.replace(/^activity\./, '')], `${lang} ${a}`).toEqual(expect.any(String));
      for (const k of ['otherChange', 'otherField', 'unavailable']) expect(bundle.history[k]).toEqual(expect.any(String));
    }
  });

  it('names a source and an organisation instead of their ids, a source only for a reader who may read it', async () => {
    const change = async (actor: typeof world.marPlanner, field: string) =>
      (await activityHistory(t.ctx, actor, activityId)).items.flatMap((i) => i.changes).filter((c) => c.field === field);
    const mar = await change(world.marPlanner, 'sourceId');
    expect(mar).toEqual([
      {
        field: 'sourceId',
        from: openSource,
        to: marOnlySource,
        fromName: 'Compte rendu de la 3e session',
        toName: 'Note interne',
      },
      { field: 'sourceId', from: null, to: openSource, fromName: null, toName: 'Compte rendu de la 3e session' },
    ]);
    const isr = await change(world.isrPlanner, 'sourceId');
    // MAR's own source is named for nobody else: told as a source that does not exist would be.
    expect(isr[0]).toMatchObject({ fromName: 'Compte rendu de la 3e session', toName: null });
    const organisation = await change(world.isrPlanner, 'leadOrganisationId');
    expect(organisation).toEqual([
      { field: 'leadOrganisationId', from: null, to: organisationId, fromName: null, toName: MAR_MINISTRY.name },
    ]);
    const other = (await change(world.isrPlanner, 'location'))[0];
    expect(other).not.toHaveProperty('toName');
  });
});
