import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { addFollowUpToProject, listFollowUpsOfProject } from '../src/app/industrial-follow-up.usecases.js';
import { projectFollowUpCreateSchema } from '../src/domain/industrial-follow-up.schema.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { countRows, databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld } from './support/fixtures.js';
import { createLabelledProject, TRIPARTITE } from './support/industry-projects.js';
import { PARTIES, prng } from './support/labelled-world.js';
import { generatedReader, labelFields, labelOf } from './support/world-labels.js';

vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely; the assertions check its shape
type Json = Record<string, any>;

/** The tripartite complex, released to France too: France reads it without being a partner. */
const RELEASED_TO_ALL = { ...TRIPARTITE, releasableTo: ['ISR', 'USA', 'FRA'] };

/**
 * Follow-ups of industrial projects over the API on each database: a partner
 * writes a note labelled like the project and released to its owner; who is
 * not involved, or only views, is refused with its code; bad input changes
 * nothing; a project one may not read answers 404 to reads and writes.
 */
describe.each(databases())('industrial project follow-ups over the API on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const auth: Record<string, Record<string, string>> = {};

  const send = (who: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url: `/api${url}`, headers: auth[who], ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2027-06-01T10:00:00.000Z'));
    const w = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    const actors: Record<string, Actor> = {
      mar: w.marPlanner,
      isrContributor: await makeActor(t.ctx, 'ISR', ['contributor'], 'SECRET'),
      usaViewer: await makeActor(t.ctx, 'USA', ['viewer'], 'SECRET'),
      fra: await makeActor(t.ctx, 'FRA', ['planner'], 'SECRET'),
    };
    for (const [k, a] of Object.entries(actors))
      auth[k] = { authorization: `Bearer ${(await createToken(t.ctx, null, a.username, 'test')).token}` };
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('takes notes from the partners, refuses the others and hides what one may not read', async () => {
    const created = await send('mar', 'POST', '/industrial-projects', RELEASED_TO_ALL);
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as Json).id as string;
    const hidden = (await send('mar', 'POST', '/industrial-projects', { ...RELEASED_TO_ALL, releasableTo: [] })).json() as Json;

    const note = await send('isrContributor', 'POST', `/industrial-projects/${id}/follow-ups`, {
      body: 'Machining line delivered',
      language: 'en',
    });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json()).toMatchObject({
      projectId: id,
      kind: 'note',
      ownerParty: 'ISR',
      classification: 'RESTRICTED',
    });
    expect([...note.json().releasableTo].sort()).toEqual(['FRA', 'MAR', 'USA']);
    // Kept for the Moroccan owner alone, whatever the writer asks.
    const own = await send('isrContributor', 'POST', `/industrial-projects/${id}/follow-ups`, {
      kind: 'report',
      body: 'Internal report',
      releasableTo: [],
    });
    expect(own.json()).toMatchObject({ releasableTo: ['MAR'] });

    const audits = await countRows(t.db, 'audit_entry');
    const rows = await countRows(t.db, 'industrial_follow_up');
    const viewer = await send('usaViewer', 'POST', `/industrial-projects/${id}/follow-ups`, { body: 'x' });
    expect([viewer.statusCode, viewer.json().code]).toEqual([403, 'access.only_contributors_follow_up']);
    const outsider = await send('fra', 'POST', `/industrial-projects/${id}/follow-ups`, { body: 'x' });
    expect([outsider.statusCode, outsider.json().code]).toEqual([403, 'access.only_involved_follow_up']);
    const empty = await send('mar', 'POST', `/industrial-projects/${id}/follow-ups`, { body: '  ' });
    expect(empty.statusCode).toBe(400);
    const unknownKind = await send('mar', 'POST', `/industrial-projects/${id}/follow-ups`, { body: 'x', kind: 'status_change' });
    expect(unknownKind.statusCode).toBe(400);
    // A project one may not read answers as one that does not exist, to reads and writes.
    for (const target of [hidden.id as string, '00000000-0000-4000-8000-000000000000']) {
      const read = await send('isrContributor', 'GET', `/industrial-projects/${target}/follow-ups`);
      const write = await send('isrContributor', 'POST', `/industrial-projects/${target}/follow-ups`, { body: 'x' });
      expect([read.statusCode, read.json().code]).toEqual([404, 'industrial_project.not_found']);
      expect([write.statusCode, write.json().code]).toEqual([404, 'industrial_project.not_found']);
    }
    expect(await countRows(t.db, 'audit_entry')).toBe(audits);
    expect(await countRows(t.db, 'industrial_follow_up')).toBe(rows);

    const usaList = (await send('usaViewer', 'GET', `/industrial-projects/${id}/follow-ups`)).json() as Json;
    expect(usaList.items.map((f: Json) => f.body)).toEqual(['Machining line delivered']);
    const marList = (await send('mar', 'GET', `/industrial-projects/${id}/follow-ups`)).json() as Json;
    expect(marList.items.map((f: Json) => f.body)).toEqual(['Internal report', 'Machining line delivered']);
    const entry = await t.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('action', '=', 'industrial_project.follow_up')
      .where('entity_id', '=', note.json().id)
      .executeTakeFirst();
    expect(entry).toBeDefined();
  });
});

/**
 * Generated projects and follow-ups of every label, read by generated users:
 * each reader lists exactly the follow-ups the reference model allows (it
 * must read the follow-up and its project), and a hidden project answers 404.
 */
describe.each(databases())('industrial project follow-up access on %s', (kind) => {
  let t: TestDatabase;
  const rng = prng(20261208);
  const made: { id: string; label: Label; followUps: { id: string; label: Label }[] }[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2027-06-01T10:00:00.000Z'));
    await seedWorld(t.ctx);
    const planners: Record<string, Actor> = {};
    for (const party of PARTIES) planners[party] = await makeActor(t.ctx, party, ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    for (let i = 0; i < 16; i++) {
      const label = labelOf(rng, rng.pick(['MAR', 'ISR', 'USA']));
      const p = await createLabelledProject(t.ctx, planners[label.ownerParty] as Actor, label, {
        ...RELEASED_TO_ALL,
        title: { en: `Project ${i}` },
      });
      const followUps = [];
      for (const party of ['MAR', 'ISR', 'USA']) {
        if (!canRead({ party, clearance: 'TOP_SECRET', compartments: ['INDUS', 'INTEL'] }, label) || rng.next() < 0.2) continue;
        const asked = labelOf(rng, party);
        const f = await addFollowUpToProject(
          t.ctx,
          planners[party] as Actor,
          p.id,
          projectFollowUpCreateSchema.parse({
            body: `Note of ${party}`,
            ...labelFields(asked),
          }),
        );
        followUps.push({
          id: f.id,
          label: {
            ownerParty: f.ownerParty,
            classification: f.classification,
            releasableTo: f.releasableTo,
            compartments: f.compartments,
          },
        });
      }
      made.push({ id: p.id, label, followUps });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists exactly what the reference model allows', async () => {
    let seen = 0;
    let hiddenFollowUps = 0;
    let hiddenProjects = 0;
    for (let r = 0; r < 14; r++) {
      const reader = await generatedReader(t.ctx, rng);
      for (const m of made) {
        if (!canRead(reader, m.label)) {
          hiddenProjects++;
          await expect(listFollowUpsOfProject(t.ctx, reader, m.id)).rejects.toMatchObject({
            code: 'industrial_project.not_found',
          });
          continue;
        }
        const got = (await listFollowUpsOfProject(t.ctx, reader, m.id)).items.map((f) => f.id).sort();
        const want = m.followUps.filter((f) => canRead(reader, f.label)).map((f) => f.id);
        expect(got, JSON.stringify(reader)).toEqual(want.sort());
        seen += want.length;
        hiddenFollowUps += m.followUps.length - want.length;
      }
    }
    expect(seen).toBeGreaterThan(5);
    expect(hiddenFollowUps).toBeGreaterThan(5);
    expect(hiddenProjects).toBeGreaterThan(10);
  });
});
