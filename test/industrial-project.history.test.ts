import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { exportProjects } from '../src/app/industrial-project.usecases.js';
import { newId } from '../src/domain/ids.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld } from './support/fixtures.js';
import { TRIPARTITE } from './support/industry-projects.js';
import { prng, readerProfiles } from './support/labelled-world.js';
import { createLabelledProgramme } from './support/programmes.js';
import { labelFields, labelOf } from './support/world-labels.js';

vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely; the assertions check its shape
type Json = Record<string, any>;

/** The reference's own reading of a change of label: the higher classification, the parties both release to, all compartments. */
const both = (a: Label, b: Label): Label => ({
  ownerParty: a.ownerParty,
  classification: CLASSIFICATIONS[
    Math.max(CLASSIFICATIONS.indexOf(a.classification), CLASSIFICATIONS.indexOf(b.classification))
  ] as Label['classification'],
  releasableTo: a.releasableTo.filter((p) => b.releasableTo.includes(p)),
  compartments: [...new Set([...a.compartments, ...b.compartments])],
});

/**
 * An industrial project's history over the API on each database: every
 * change of the project (fields and label, partners, milestones, transfer
 * items, measurements) and of its partners' commitments at labels drawn at
 * random, then generated readers each compared with a reference model that
 * keeps, for every write, the label its audit entry must carry: a reader gets
 * exactly the changes whose label it may read, with the moves, newest first;
 * a reader who may not read the project gets the 404 of a missing one.
 */
describe.each(databases())("an industrial project's history on %s", (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const rng = prng(1313);
  const auth = new Map<Actor, Record<string, string>>();
  const planners: Record<string, Actor> = {};
  /** What the reference expects: each change by action and subject, with the label its entry carries. */
  const expected: { action: string; subject: string; label: Label; now?: Label }[] = [];
  /** Programmes linked to the project: one every reader of the project may read, one read by MAR alone. */
  const programmes: { open: string; hidden: string } = { open: '', hidden: '' };
  const P0: Label = { ownerParty: 'MAR', classification: 'RESTRICTED', releasableTo: ['ISR', 'USA'], compartments: [] };
  /** The project's marking for a while, higher. */
  const P1: Label = { ...P0, classification: 'SECRET', compartments: ['INDUS'] };
  const MAR_ONLY: Label = { ...P0, releasableTo: [] };
  let projectId = '';
  let clock = Date.parse('2027-06-01T08:00:00.000Z');

  const headers = async (a: Actor) => {
    let h = auth.get(a);
    if (!h) {
      h = { authorization: `Bearer ${(await createToken(t.ctx, null, a.username, 'test')).token}` };
      auth.set(a, h);
    }
    return h;
  };
  async function ok(who: Actor, method: 'POST' | 'PATCH' | 'PUT', url: string, payload: object): Promise<Json> {
    const res = await app.inject({ method, url: `/api${url}`, headers: await headers(who), payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  }
  const history = async (who: Actor, id = projectId) =>
    app.inject({ method: 'GET', url: `/api/industrial-projects/${id}/history`, headers: await headers(who) });

  beforeAll(async () => {
    // Each write a second after the one before: the history's order is the order written.
    t = await openTestDatabase(kind, () => {
      clock += 1000;
      return new Date(clock);
    });
    await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    for (const party of ['MAR', 'ISR', 'USA'])
      planners[party] = await makeActor(t.ctx, party, ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const mar = planners.MAR as Actor;
    const change = (action: string, subject: string, label = P0, now?: Label) =>
      expected.push({ action, subject, label, ...(now && { now }) });
    programmes.open = (await createLabelledProgramme(t.ctx, mar, P0, 'Open programme')).id;
    programmes.hidden = (await createLabelledProgramme(t.ctx, mar, MAR_ONLY, 'MAR-only programme')).id;

    let p = await ok(mar, 'POST', '/industrial-projects', { ...TRIPARTITE, ...labelFields(P0) });
    projectId = p.id;
    change('industrial_project.create', `project:${p.id}`);
    p = await ok(mar, 'POST', `/industrial-projects/${p.id}/milestones`, {
      kind: 'groundbreaking',
      title: 'Groundbreaking',
      plannedOn: '2027-09-15',
      version: p.version,
    });
    const milestoneId = p.milestones[0].id;
    change('industrial_project.milestone_add', `milestone:${milestoneId}`);
    p = await ok(mar, 'PATCH', `/industrial-projects/${p.id}/milestones/${milestoneId}`, {
      plannedOn: '2027-10-01',
      version: p.version,
    });
    change('industrial_project.milestone_update', `milestone:${milestoneId}`);
    p = await ok(mar, 'POST', `/industrial-projects/${p.id}/transfers`, {
      what: 'Process',
      from: 'Israeli industry',
      to: 'Moroccan technicians',
      plannedOn: '2027-12-01',
      version: p.version,
    });
    const transferId = p.transfers[0].id;
    change('industrial_project.transfer_add', `transfer:${transferId}`);
    p = await ok(mar, 'PATCH', `/industrial-projects/${p.id}/transfers/${transferId}`, {
      what: 'Machining process',
      version: p.version,
    });
    change('industrial_project.transfer_update', `transfer:${transferId}`);
    p = await ok(mar, 'PUT', `/industrial-projects/${p.id}/partners`, {
      partners: p.partners.map((x: Json, i: number) => ({
        id: x.id,
        name: x.name,
        party: x.party,
        role: x.role,
        share: ['40', '30', '30'][i],
      })),
      version: p.version,
    });
    change('industrial_project.partners', `project:${p.id}`);
    p = await ok(mar, 'POST', `/industrial-projects/${p.id}/measurements`, {
      asOf: '2027-06-01',
      jobsCreated: 120,
      note: 'Quarterly report',
      version: p.version,
    });
    change('industrial_project.measurement', `project:${p.id}`);
    // Marked higher for a while: the entries of both changes carry the higher label.
    p = await ok(mar, 'PATCH', `/industrial-projects/${p.id}`, {
      title: { en: 'Benslimane complex, phase 1' },
      // Sent again as it is: not a change.
      localContentPlanned: p.localContentPlanned,
      ...labelFields(P1),
      version: p.version,
    });
    change('industrial_project.update', `project:${p.id}`, both(P0, P1));
    // Agreed while marked higher: the move is told only to those who may read that marking.
    p = await ok(mar, 'POST', `/industrial-projects/${p.id}/transitions`, { to: 'agreed', version: p.version });
    p = await ok(mar, 'PATCH', `/industrial-projects/${p.id}`, { ...labelFields(P0), version: p.version });
    change('industrial_project.update', `project:${p.id}`, both(P1, P0));
    p = await ok(mar, 'POST', `/industrial-projects/${p.id}/transitions`, { to: 'under_construction', version: p.version });
    // Linked to a programme every reader of the project may read, then to one MAR's readers alone may read: a
    // reader of another party is told of the first link and of neither the second nor the change that made it.
    p = await ok(mar, 'PATCH', `/industrial-projects/${p.id}`, { programmeIds: [programmes.open], version: p.version });
    change('industrial_project.update', `project:${p.id}`);
    p = await ok(mar, 'PATCH', `/industrial-projects/${p.id}`, {
      programmeIds: [programmes.open, programmes.hidden],
      version: p.version,
    });
    change('industrial_project.update', `project:${p.id}`, P0, MAR_ONLY);
    // Each partner's planner states commitments at labels drawn at random, then changes their label.
    for (const partner of p.partners as Json[])
      for (let n = 0; n < 3; n++) {
        const planner = planners[partner.party] as Actor;
        const first = labelOf(rng, partner.party);
        const c = await ok(planner, 'POST', `/industrial-projects/${p.id}/commitments`, {
          partnerId: partner.id,
          what: `Commitment ${n}`,
          ...labelFields(first),
        });
        const second = labelOf(rng, partner.party);
        // A commitment the reader may no longer read has no history for it.
        change('industrial_project.commitment_add', `commitment:${c.id}`, first, second);
        await ok(planner, 'PATCH', `/industrial-projects/${p.id}/commitments/${c.id}`, {
          what: `Commitment ${n}, amended`,
          ...labelFields(second),
          version: c.version,
        });
        change('industrial_project.commitment_update', `commitment:${c.id}`, both(first, second), second);
      }
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives each generated reader exactly the changes whose label it may read, with the moves, newest first', async () => {
    const missing = newId();
    let readers = 0;
    let hidden = 0;
    for (const profile of readerProfiles(rng)) {
      const reader = await makeActor(t.ctx, profile.party, ['viewer'], profile.clearance, profile.compartments);
      const res = await history(reader);
      if (!canRead(reader, P0)) {
        hidden++;
        const absent = await history(reader, missing);
        expect(res.statusCode).toBe(404);
        expect(res.body.replaceAll(projectId, '')).toBe(absent.body.replaceAll(missing, ''));
        continue;
      }
      readers++;
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as Json;
      const items = body.items as Json[];
      const want = expected
        .filter((e) => canRead(reader, e.label) && (!e.now || canRead(reader, e.now)))
        .map((e) => `${e.action} ${e.subject}`);
      const got = items.filter((i) => i.kind === 'change').map((i) => `${i.action} ${i.subject.type}:${i.subject.id}`);
      expect(got.sort(), `${profile.party} ${profile.clearance} ${profile.compartments}`).toEqual(want.sort());
      // The moves, as many as the project made, and the events kept as they were.
      const moves = ['proposed', ...(canRead(reader, P1) ? ['agreed'] : []), 'under_construction'];
      expect(items.filter((i) => i.kind === 'status_change').map((i) => i.toStatus)).toEqual([...moves].reverse());
      expect(body.events.map((e: Json) => e.to)).toEqual(moves);
      // The export (the CLI's) carries the same moves.
      const exported = (await exportProjects(t.ctx, reader, {})).find((x) => x.id === projectId);
      expect(exported?.history.map((e) => e.to)).toEqual(moves);
      // The programmes named are those the reader may read.
      const linked = items.flatMap((i) => i.changes.filter((c: Json) => /^programme/.test(c.field)).flatMap((c: Json) => c.to));
      expect(linked.includes(programmes.hidden)).toBe(canRead(reader, MAR_ONLY));
      expect(linked).toContain(programmes.open);
      expect(items.map((i) => i.at)).toEqual(
        items
          .map((i) => i.at)
          .sort()
          .reverse(),
      );
    }
    // The draws gave both kinds of reader, and some that see only part of the changes.
    expect(readers).toBeGreaterThan(3);
    expect(hidden).toBeGreaterThan(3);
  });

  it('tells who changed what, with the values before and after', async () => {
    const res = await history(planners.MAR as Actor);
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as Json).items as Json[];
    const mar = planners.MAR as Actor;
    const moved = items.find((i) => i.action === 'industrial_project.milestone_update');
    expect(moved).toMatchObject({ kind: 'change', actorId: mar.userId, actorParty: 'MAR', subject: { type: 'milestone' } });
    // Only what changed: the planned day, not the day reached nor the share, which stayed as they were.
    expect(moved?.changes).toEqual([{ field: 'plannedOn', from: '2027-09-15', to: '2027-10-01' }]);
    const corrected = items.find((i) => i.action === 'industrial_project.transfer_update');
    expect(corrected?.changes).toEqual([{ field: 'what', from: 'Process', to: 'Machining process' }]);
    const measured = items.find((i) => i.action === 'industrial_project.measurement');
    expect(measured?.changes).toEqual(
      expect.arrayContaining([
        { field: 'jobs_created', from: null, to: 120 },
        { field: 'note', from: null, to: 'Quarterly report' },
      ]),
    );
    const renamed = items.find(
      (i) => i.action === 'industrial_project.update' && i.changes.some((c: Json) => c.field === 'title'),
    );
    expect(renamed?.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', from: TRIPARTITE.title, to: { en: 'Benslimane complex, phase 1' } },
        { field: 'classification', from: 'RESTRICTED', to: 'SECRET' },
      ]),
    );
    expect(renamed?.changes.map((c: Json) => c.field)).not.toContain('localContentPlanned');
    const agreed = items.find((i) => i.kind === 'status_change' && i.toStatus === 'agreed');
    expect(agreed).toMatchObject({ fromStatus: 'proposed', actorId: mar.userId, actorParty: 'MAR', changes: [] });
    // A move is told once, by its status change; the export of a project, which changed nothing, not at all.
    expect(items.some((i) => i.action === 'industrial_project.move' || i.action === 'industrial_project.export')).toBe(false);
  });
});
