import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { addCommitment, getProject, listProjects } from '../src/app/industrial-project.usecases.js';
import { commitmentCreateSchema, projectListQuerySchema } from '../src/domain/industrial-project.schema.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { countRows, databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld } from './support/fixtures.js';
import { createLabelledProject, TRIPARTITE } from './support/industry-projects.js';
import { PARTIES, prng } from './support/labelled-world.js';
import { generatedReader, labelFields, labelOf } from './support/world-labels.js';

vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely; the assertions check its shape
type Json = Record<string, any>;

/**
 * The industrial projects' API on each database: a tripartite project from
 * proposal to operation with its partners, milestones, transfers and
 * commitments; bad input refused with its code and nothing written; a project
 * the caller may not read answering 404 to reads and writes exactly as a
 * project that does not exist.
 */
describe.each(databases())('industrial projects over the API on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  const auth: Record<string, Record<string, string>> = {};
  const actors: Record<string, Actor> = {};

  const send = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url: `/api${url}`, headers: auth[who], ...(payload ? { payload } : {}) });
  async function ok(who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object): Promise<Json> {
    const res = await send(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  }

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2027-06-01T10:00:00.000Z'));
    w = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    actors.mar = w.marPlanner;
    actors.isr = w.isrPlanner;
    actors.usa = await makeActor(t.ctx, 'USA', ['planner'], 'SECRET');
    actors.usaViewer = await makeActor(t.ctx, 'USA', ['viewer'], 'SECRET');
    actors.fra = await makeActor(t.ctx, 'FRA', ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    actors.marViewer = await makeActor(t.ctx, 'MAR', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    for (const [k, a] of Object.entries(actors))
      auth[k] = { authorization: `Bearer ${(await createToken(t.ctx, null, a.username, 'test')).token}` };
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('takes a tripartite project from proposal to operation, with exact shares, milestones, transfers and history', async () => {
    const created = await send('mar', 'POST', '/industrial-projects', TRIPARTITE);
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json() as Json;
    expect(created.headers.etag).toBe('"1"');
    expect(p).toMatchObject({ status: 'proposed', ownerParty: 'MAR', budget: { amount: '500000000.00', currency: 'USD' } });
    expect(p.partners.map((x: Json) => x.share)).toEqual(['33.33', '33.33', '33.34']);
    expect(p.localContentPlanned).toBe('40.00');
    const id = p.id as string;

    let v = (await ok('mar', 'POST', `/industrial-projects/${id}/transitions`, { to: 'agreed', version: 1 })).version;
    const gb = await ok('mar', 'POST', `/industrial-projects/${id}/milestones`, {
      kind: 'groundbreaking',
      title: 'Groundbreaking',
      plannedOn: '2027-01-15',
      version: v,
    });
    const fa = await ok('mar', 'POST', `/industrial-projects/${id}/milestones`, {
      kind: 'first_article',
      title: 'First article',
      plannedOn: '2027-05-01',
      version: gb.version,
    });
    const lc = await ok('mar', 'POST', `/industrial-projects/${id}/milestones`, {
      kind: 'local_content_target',
      title: '30% local content',
      plannedOn: '2028-01-01',
      target: '30',
      version: fa.version,
    });
    expect(lc.milestones.find((m: Json) => m.kind === 'local_content_target').target).toBe('30.00');
    const gbId = gb.milestones.find((m: Json) => m.kind === 'groundbreaking').id;
    const reached = await ok('mar', 'PATCH', `/industrial-projects/${id}/milestones/${gbId}`, {
      actualOn: '2027-01-20',
      version: lc.version,
    });
    const tt = await ok('mar', 'POST', `/industrial-projects/${id}/transfers`, {
      what: 'Barrel machining process',
      from: 'Israeli industry',
      to: 'Moroccan technicians',
      plannedOn: '2027-03-01',
      version: reached.version,
    });
    const read = await ok('isr', 'GET', `/industrial-projects/${id}`);
    // On 2027-06-01 two milestones are due: groundbreaking reached 5 days late, first article not reached.
    expect(read.progress).toMatchObject({ due: 2, reached: 1, late: 2, state: 'late', executionRate: 0.5, averageSlipDays: 5 });
    expect(read.progress.transfersOverdue).toBe(1);
    // The list gives the same progress, computed for the whole page at once.
    const listed = (await ok('isr', 'GET', '/industrial-projects?limit=500')).items.find((x: Json) => x.id === id);
    expect(listed.progress).toEqual(read.progress);
    v = (
      await ok('mar', 'PATCH', `/industrial-projects/${id}/transfers/${tt.transfers[0].id}`, {
        acceptedOn: '2027-04-02',
        version: tt.version,
      })
    ).version;
    v = (await ok('mar', 'POST', `/industrial-projects/${id}/transitions`, { to: 'under_construction', version: v })).version;
    const suspended = await ok('mar', 'POST', `/industrial-projects/${id}/transitions`, {
      to: 'suspended',
      reason: 'Licence review',
      version: v,
    });
    expect(suspended.suspendedFrom).toBe('under_construction');
    const skip = await send('mar', 'POST', `/industrial-projects/${id}/transitions`, {
      to: 'operating',
      version: suspended.version,
    });
    expect(skip.statusCode).toBe(400);
    expect(skip.json().code).toBe('industrial_project.cannot_move');
    v = (
      await ok('mar', 'POST', `/industrial-projects/${id}/transitions`, { to: 'under_construction', version: suspended.version })
    ).version;
    await ok('mar', 'POST', `/industrial-projects/${id}/transitions`, { to: 'operating', version: v });
    const history = await ok('usaViewer', 'GET', `/industrial-projects/${id}/history`);
    expect(history.events.map((e: Json) => e.to)).toEqual([
      'proposed',
      'agreed',
      'under_construction',
      'suspended',
      'under_construction',
      'operating',
    ]);
    expect(history.events[3]).toMatchObject({ from: 'under_construction', reason: 'Licence review', party: 'MAR' });
  });

  it('edits with the version read, and refuses a stale one', async () => {
    const p = await ok('mar', 'POST', '/industrial-projects', TRIPARTITE);
    const edited = await ok('mar', 'PATCH', `/industrial-projects/${p.id}`, {
      jobsCreated: 300,
      localContentReached: '12.5',
      version: 1,
    });
    expect(edited).toMatchObject({ version: 2, jobsCreated: 300, localContentReached: '12.50' });
    expect(edited.progress.jobsRate).toBe(0.25);
    const stale = await send('mar', 'PATCH', `/industrial-projects/${p.id}`, { jobsCreated: 1, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('industrial_project.stale_version');
    const noVersion = await send('mar', 'PATCH', `/industrial-projects/${p.id}`, { jobsCreated: 1 });
    expect(noVersion.statusCode).toBe(400);
    const partners = await ok('mar', 'PUT', `/industrial-projects/${p.id}/partners`, {
      partners: [
        { id: p.partners[0].id, name: 'Kingdom of Morocco', party: 'MAR', role: 'host_state', share: '50' },
        { name: 'United States', party: 'USA', role: 'financing_party', share: '50' },
      ],
      version: 2,
    });
    expect(partners.partners.map((x: Json) => [x.party, x.share])).toEqual([
      ['MAR', '50.00'],
      ['USA', '50.00'],
    ]);
    expect(partners.partners[0].id).toBe(p.partners[0].id);
  });

  it('writes partners, milestones and transfer items only from the version read: none is refused, a stale one answers 409', async () => {
    const p = await ok('mar', 'POST', '/industrial-projects', TRIPARTITE);
    const m = await ok('mar', 'POST', `/industrial-projects/${p.id}/milestones`, {
      kind: 'groundbreaking',
      title: 'Groundbreaking',
      plannedOn: '2027-01-15',
      version: p.version,
    });
    const tr = await ok('mar', 'POST', `/industrial-projects/${p.id}/transfers`, {
      what: 'Process',
      from: 'Israeli industry',
      to: 'Moroccan technicians',
      plannedOn: '2027-03-01',
      version: m.version,
    });
    const writes: ['POST' | 'PATCH' | 'PUT', string, Json][] = [
      [
        'PUT',
        `/industrial-projects/${p.id}/partners`,
        { partners: [{ id: p.partners[0].id, name: 'Kingdom of Morocco', party: 'MAR', role: 'host_state', share: '100' }] },
      ],
      ['POST', `/industrial-projects/${p.id}/milestones`, { kind: 'first_article', title: 'F', plannedOn: '2027-05-01' }],
      ['PATCH', `/industrial-projects/${p.id}/milestones/${m.milestones[0].id}`, { actualOn: '2027-01-20' }],
      ['POST', `/industrial-projects/${p.id}/transfers`, { what: 'w', from: 'a', to: 'b', plannedOn: '2027-01-01' }],
      ['PATCH', `/industrial-projects/${p.id}/transfers/${tr.transfers[0].id}`, { acceptedOn: '2027-04-02' }],
    ];
    const before = await ok('mar', 'GET', `/industrial-projects/${p.id}`);
    const audits = await countRows(t.db, 'audit_entry');
    for (const [method, url, body] of writes) {
      const none = await send('mar', method, url, body);
      expect(none.statusCode, `${method} ${url}`).toBe(400);
      expect(none.json().code).toBe('request.version_required');
      const stale = await send('mar', method, url, { ...body, version: tr.version - 1 });
      expect(stale.statusCode, `${method} ${url}`).toBe(409);
      expect(stale.json().code).toBe('industrial_project.stale_version');
    }
    expect(await ok('mar', 'GET', `/industrial-projects/${p.id}`)).toEqual(before);
    expect(await countRows(t.db, 'audit_entry')).toBe(audits);
    // Each takes the version from If-Match as well as from the body.
    let version = tr.version;
    for (const [method, url, body] of writes) {
      const res = await app.inject({
        method,
        url: `/api${url}`,
        headers: { ...auth.mar, 'if-match': `"${version}"` },
        payload: body,
      });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
      expect(res.json().version).toBe(version + 1);
      version += 1;
    }
  });

  it('refuses bad input with its code and writes nothing', async () => {
    const before = await countRows(t.db, 'industrial_project');
    const audits = await countRows(t.db, 'audit_entry');
    const bad = [
      { ...TRIPARTITE, partners: TRIPARTITE.partners.map((x) => ({ ...x, share: '33.33' })) },
      { ...TRIPARTITE, partners: [{ ...TRIPARTITE.partners[0], share: '100.001' }] },
      { ...TRIPARTITE, budget: { amount: '1.001', currency: 'USD' } },
      { ...TRIPARTITE, partners: [{ ...TRIPARTITE.partners[0], party: 'XYZ', share: '100' }] },
      { ...TRIPARTITE, programmeIds: ['0190a000-0000-7000-8000-000000000001'] },
      { ...TRIPARTITE, kind: 'shipyard' },
    ];
    const codes = [];
    for (const body of bad) {
      const res = await send('mar', 'POST', '/industrial-projects', body);
      expect(res.statusCode, res.body).toBe(400);
      codes.push(res.json().code);
    }
    expect(codes).toEqual([
      'request.invalid_fields',
      'request.invalid_fields',
      'request.invalid_fields',
      'party.unknown',
      'industrial_project.unknown_programmes',
      'request.invalid_fields',
    ]);
    const sum = await send('mar', 'POST', '/industrial-projects', bad[0]);
    expect(JSON.stringify(sum.json().errors)).toContain('field.shares_sum');
    expect(await countRows(t.db, 'industrial_project')).toBe(before);
    expect(await countRows(t.db, 'audit_entry')).toBe(audits);
    expect((await app.inject({ method: 'GET', url: '/api/industrial-projects' })).statusCode).toBe(401);
    const viewer = await send('marViewer', 'POST', '/industrial-projects', TRIPARTITE);
    expect(viewer.statusCode).toBe(403);
  });

  it('tells a viewer who proposes, changes or commits to a project that only planners may, of industrial projects', async () => {
    const made = await ok('mar', 'POST', '/industrial-projects', TRIPARTITE);
    const before = await countRows(t.db, 'industrial_project');
    const audits = await countRows(t.db, 'audit_entry');
    const refused = [
      await send('usaViewer', 'POST', '/industrial-projects', TRIPARTITE),
      await send('marViewer', 'POST', '/industrial-projects', TRIPARTITE),
      await send('marViewer', 'PATCH', `/industrial-projects/${made.id}`, { jobsCreated: 1, version: made.version }),
      await send('marViewer', 'POST', `/industrial-projects/${made.id}/commitments`, {
        partnerId: made.partners[0].id,
        what: 'Finance',
      }),
    ];
    for (const res of refused) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({ code: 'access.only_planners_industry' });
      expect(JSON.stringify(res.json())).toContain('industrial projects');
      expect(JSON.stringify(res.json())).not.toContain('plans and activities');
    }
    expect(await countRows(t.db, 'industrial_project')).toBe(before);
    expect(await countRows(t.db, 'audit_entry')).toBe(audits);
  });

  it('answers 404 to reads and writes on a project the caller may not read, exactly as on one that does not exist', async () => {
    const bilateral = await ok('mar', 'POST', '/industrial-projects', { ...TRIPARTITE, releasableTo: ['ISR'] });
    const missing = '0190a000-0000-7000-8000-00000000abcd';
    const tries = (id: string) =>
      [
        ['GET', `/industrial-projects/${id}`],
        ['GET', `/industrial-projects/${id}/history`],
        ['PATCH', `/industrial-projects/${id}`, { jobsCreated: 1, version: 1 }],
        ['POST', `/industrial-projects/${id}/transitions`, { to: 'agreed', version: 1 }],
        [
          'PUT',
          `/industrial-projects/${id}/partners`,
          { partners: [{ name: 'X', party: 'USA', role: 'prime', share: '100' }], version: 1 },
        ],
        [
          'POST',
          `/industrial-projects/${id}/milestones`,
          { kind: 'groundbreaking', title: 'G', plannedOn: '2027-01-01', version: 1 },
        ],
        ['POST', `/industrial-projects/${id}/transfers`, { what: 'w', from: 'a', to: 'b', plannedOn: '2027-01-01', version: 1 }],
        ['POST', `/industrial-projects/${id}/commitments`, { partnerId: bilateral.partners[2].id, what: 'Finance' }],
      ] as const;
    for (const who of ['usa', 'usaViewer', 'fra']) {
      const hidden = tries(bilateral.id);
      const absent = tries(missing);
      for (const [i, [method, url, body]] of hidden.entries()) {
        const a = await send(who, method, url, body);
        const [m2, u2, b2] = absent[i] as (typeof absent)[number];
        const b = await send(who, m2, u2, b2);
        expect(a.statusCode, `${who} ${method} ${url}`).toBe(404);
        expect(a.json()).toEqual(b.json());
      }
    }
    const page = await ok('usa', 'GET', '/industrial-projects?limit=500');
    expect(page.items.map((x: Json) => x.id)).not.toContain(bilateral.id);
    // ISR, to which it is released, reads it but may not write it.
    await ok('isr', 'GET', `/industrial-projects/${bilateral.id}`);
    expect((await send('isr', 'PATCH', `/industrial-projects/${bilateral.id}`, { jobsCreated: 1, version: 1 })).statusCode).toBe(
      403,
    );
  });

  it("gives a partner's party its own commitments in full and others only what the commitment's label releases", async () => {
    const p = await ok('mar', 'POST', '/industrial-projects', TRIPARTITE);
    const usaPartner = p.partners.find((x: Json) => x.party === 'USA').id;
    const isrPartner = p.partners.find((x: Json) => x.party === 'ISR').id;
    // The United States states its financing, kept to itself.
    const own = await send('usa', 'POST', `/industrial-projects/${p.id}/commitments`, {
      partnerId: usaPartner,
      what: 'Finance the rate-production line',
      contribution: { amount: '166700000.00', currency: 'USD' },
      dueBy: '2029-12-31',
      classification: 'CONFIDENTIAL',
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ ownerParty: 'USA', releasableTo: [], contribution: { amount: '166700000.00' } });
    // Morocco enters Israel's training commitment for it, released to Morocco.
    const entered = await ok('mar', 'POST', `/industrial-projects/${p.id}/commitments`, {
      partnerId: isrPartner,
      what: 'Train 200 technicians',
      jobs: 200,
      releasableTo: ['MAR'],
    });
    expect(entered.ownerParty).toBe('ISR');
    // A label that would hide it from its writer is refused.
    const hides = await send('mar', 'POST', `/industrial-projects/${p.id}/commitments`, {
      partnerId: isrPartner,
      what: 'Hidden',
    });
    expect(hides.statusCode).toBe(400);
    expect(hides.json().code).toBe('industrial_project.commitment_label_hides');
    // France is no partner: it may not write commitments even where it could read (it cannot read this project at all).
    const seen = async (who: string) =>
      Object.fromEntries(
        (await ok(who, 'GET', `/industrial-projects/${p.id}`)).partners.map((x: Json) => [
          x.party,
          x.commitments.map((c: Json) => c.what),
        ]),
      );
    expect(await seen('usaViewer')).toEqual({ MAR: [], ISR: [], USA: ['Finance the rate-production line'] });
    expect(await seen('mar')).toEqual({ MAR: [], ISR: ['Train 200 technicians'], USA: [] });
    expect(await seen('isr')).toEqual({ MAR: [], ISR: ['Train 200 technicians'], USA: [] });
    // A commitment the writer may not read answers 404, as one that does not exist.
    const hidden = await send('mar', 'PATCH', `/industrial-projects/${p.id}/commitments/${own.json().id}`, {
      what: 'x',
      version: 1,
    });
    const absent = await send('mar', 'PATCH', `/industrial-projects/${p.id}/commitments/0190a000-0000-7000-8000-00000000abcd`, {
      what: 'x',
      version: 1,
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual(absent.json());
    const changed = await ok('usa', 'PATCH', `/industrial-projects/${p.id}/commitments/${own.json().id}`, {
      releasableTo: ['MAR'],
      version: 1,
    });
    expect(changed).toMatchObject({ version: 2, releasableTo: ['MAR'] });
    expect((await seen('mar')).USA).toEqual(['Finance the rate-production line']);
    // A planner of a third party is no writer of a partner's commitments.
    const isrForUsa = await send('isr', 'POST', `/industrial-projects/${p.id}/commitments`, { partnerId: usaPartner, what: 'x' });
    expect(isrForUsa.statusCode).toBe(403);
  });
});

/**
 * Generated projects and commitments of every label, read by generated users:
 * the list, each project and each partner's commitments give exactly what the
 * reference model allows (a commitment needs both its project and itself readable).
 */
describe.each(databases())('industrial project access on %s', (kind) => {
  let t: TestDatabase;
  const rng = prng(20261206);
  const made: { id: string; label: Label; commitments: { id: string; label: Label }[] }[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2027-06-01T10:00:00.000Z'));
    await seedWorld(t.ctx);
    const planners: Record<string, Actor> = {};
    for (const party of PARTIES) planners[party] = await makeActor(t.ctx, party, ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    for (let i = 0; i < 24; i++) {
      const label = labelOf(rng, rng.pick(PARTIES.slice(0, 3)));
      const p = await createLabelledProject(t.ctx, planners[label.ownerParty] as Actor, label, {
        ...TRIPARTITE,
        title: { en: `Project ${i}` },
      });
      const commitments = [];
      for (const partner of p.partners) {
        // A partner's planner writes its commitments on a project released to its party.
        if (
          rng.next() < 0.3 ||
          !canRead({ party: partner.party, clearance: 'TOP_SECRET', compartments: ['INDUS', 'INTEL'] }, label)
        )
          continue;
        const cl = labelOf(rng, partner.party);
        const c = await addCommitment(
          t.ctx,
          planners[partner.party] as Actor,
          p.id,
          commitmentCreateSchema.parse({
            partnerId: partner.id,
            what: `Commitment of ${partner.party}`,
            ...labelFields(cl),
          }),
        );
        commitments.push({ id: c.id, label: cl });
      }
      made.push({ id: p.id, label, commitments });
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists, reads and shows commitments exactly as the reference model says', async () => {
    let seenProjects = 0;
    let hiddenProjects = 0;
    let seenCommitments = 0;
    let hiddenCommitments = 0;
    for (let r = 0; r < 14; r++) {
      const reader = await generatedReader(t.ctx, rng);
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listProjects(t.ctx, reader, projectListQuerySchema.parse({ limit: 5, cursor }));
        ids.push(...page.items.map((x) => x.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const expected = made.filter((m) => canRead(reader, m.label));
      expect(new Set(ids), JSON.stringify(reader)).toEqual(new Set(expected.map((m) => m.id)));
      expect(ids).toHaveLength(expected.length);
      for (const m of made) {
        if (!canRead(reader, m.label)) {
          hiddenProjects++;
          await expect(getProject(t.ctx, reader, m.id)).rejects.toMatchObject({ code: 'industrial_project.not_found' });
          continue;
        }
        seenProjects++;
        const p = await getProject(t.ctx, reader, m.id);
        const got = p.partners.flatMap((x) => x.commitments.map((c) => c.id)).sort();
        const want = m.commitments.filter((c) => canRead(reader, c.label)).map((c) => c.id);
        expect(got, JSON.stringify(reader)).toEqual(want.sort());
        seenCommitments += want.length;
        hiddenCommitments += m.commitments.length - want.length;
        // A party reads its own commitments whatever their release, within its clearance and compartments.
        for (const c of m.commitments)
          if (c.label.ownerParty === reader.party && canRead(reader, { ...c.label, releasableTo: [] }))
            expect(got).toContain(c.id);
      }
    }
    expect(seenProjects).toBeGreaterThan(10);
    expect(hiddenProjects).toBeGreaterThan(10);
    expect(seenCommitments).toBeGreaterThan(5);
    expect(hiddenCommitments).toBeGreaterThan(5);
  });
});
