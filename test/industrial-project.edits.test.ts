import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { buildServer } from '../src/server/app.js';
import { countRows, databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld } from './support/fixtures.js';
import { TRIPARTITE } from './support/industry-projects.js';

vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely; the assertions check its shape
type Json = Record<string, any>;

/**
 * A milestone's planned day and a transfer item's terms changed over the API
 * on each database: from the version read, audited with before and after,
 * fixed once reached or accepted, refused to viewers and to other parties'
 * planners, and 404 to a reader who may not read the project exactly as for
 * a project that does not exist.
 */
describe.each(databases())("editing an industrial project's milestones and transfer items on %s", (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const auth: Record<string, Record<string, string>> = {};

  const send = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url: `/api${url}`, headers: auth[who], ...(payload ? { payload } : {}) });
  async function ok(who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object): Promise<Json> {
    const res = await send(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Json;
  }
  const lastAudit = async (action: string) =>
    (await t.db
      .selectFrom('audit_entry')
      .select(['detail', 'entity_id'])
      .where('action', '=', action)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow()) as { detail: unknown; entity_id: string };
  const detailOf = (d: unknown) => (typeof d === 'string' ? JSON.parse(d) : d) as Json;

  /** A tripartite project (MAR's, released to ISR and USA) with a milestone and a transfer item. */
  async function project(extra: object = {}) {
    const p = await ok('mar', 'POST', '/industrial-projects', { ...TRIPARTITE, ...extra });
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
    return {
      id: p.id as string,
      milestoneId: m.milestones[0].id as string,
      transferId: tr.transfers[0].id as string,
      version: tr.version as number,
    };
  }

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2027-06-01T10:00:00.000Z'));
    const w = await seedWorld(t.ctx);
    app = await buildServer(t.ctx);
    const actors: Record<string, Actor> = {
      mar: w.marPlanner,
      isr: w.isrPlanner,
      usa: await makeActor(t.ctx, 'USA', ['planner'], 'SECRET'),
      marViewer: await makeActor(t.ctx, 'MAR', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL']),
      fra: await makeActor(t.ctx, 'FRA', ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']),
    };
    for (const [k, a] of Object.entries(actors))
      auth[k] = { authorization: `Bearer ${(await createToken(t.ctx, null, a.username, 'test')).token}` };
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it("moves a milestone's planned day and corrects a transfer item's terms, audited with before and after", async () => {
    const p = await project();
    const moved = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/milestones/${p.milestoneId}`, {
      plannedOn: '2027-07-01',
      version: p.version,
    });
    expect(moved.version).toBe(p.version + 1);
    expect(moved.milestones[0]).toMatchObject({ plannedOn: '2027-07-01', actualOn: null });
    // No longer due on 2027-06-01: the project is no longer late for it.
    expect(moved.progress.due).toBe(0);
    expect(detailOf((await lastAudit('industrial_project.milestone_update')).detail)).toMatchObject({
      milestoneId: p.milestoneId,
      plannedOn: { from: '2027-01-15', to: '2027-07-01' },
    });

    const corrected = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/transfers/${p.transferId}`, {
      what: 'Machining process',
      from: 'Elbit Systems',
      to: 'Moroccan technicians',
      plannedOn: '2027-08-01',
      version: moved.version,
    });
    expect(corrected.transfers[0]).toMatchObject({
      what: 'Machining process',
      from: 'Elbit Systems',
      to: 'Moroccan technicians',
      plannedOn: '2027-08-01',
      acceptedOn: null,
    });
    const audit = await lastAudit('industrial_project.transfer_update');
    expect(audit.entity_id).toBe(p.id);
    expect(detailOf(audit.detail)).toEqual({
      transferId: p.transferId,
      changes: {
        what: { from: 'Process', to: 'Machining process' },
        from: { from: 'Israeli industry', to: 'Elbit Systems' },
        plannedOn: { from: '2027-03-01', to: '2027-08-01' },
      },
    });
    // Only the fields given change: recording the acceptance keeps the corrected terms.
    const accepted = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/transfers/${p.transferId}`, {
      acceptedOn: '2027-05-20',
      version: corrected.version,
    });
    expect(accepted.transfers[0]).toMatchObject({ what: 'Machining process', acceptedOn: '2027-05-20', accepted: true });
  });

  it('keeps a reached milestone’s planned day and an accepted item’s terms, and changes them once undone', async () => {
    const p = await project();
    const reached = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/milestones/${p.milestoneId}`, {
      actualOn: '2027-01-20',
      version: p.version,
    });
    const accepted = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/transfers/${p.transferId}`, {
      acceptedOn: '2027-04-02',
      version: reached.version,
    });
    const before = await ok('mar', 'GET', `/industrial-projects/${p.id}`);
    const audits = await countRows(t.db, 'audit_entry');
    const refused: [string, Json, string, string[]][] = [
      [`milestones/${p.milestoneId}`, { plannedOn: '2027-01-25' }, 'industrial_project.milestone_reached', ['plannedOn']],
      [
        `milestones/${p.milestoneId}`,
        { plannedOn: '2027-01-25', actualOn: '2027-01-20' },
        'industrial_project.milestone_reached',
        ['plannedOn'],
      ],
      [`transfers/${p.transferId}`, { what: 'Other', to: 'Others' }, 'industrial_project.transfer_accepted', ['what', 'to']],
    ];
    for (const [part, body, code, paths] of refused) {
      const res = await send('mar', 'PATCH', `/industrial-projects/${p.id}/${part}`, { ...body, version: accepted.version });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe(code);
      expect(res.json().errors.map((e: Json) => e.path)).toEqual(paths);
    }
    for (const [part, body] of [
      [`milestones/${p.milestoneId}`, {}],
      [`transfers/${p.transferId}`, {}],
    ] as const) {
      const res = await send('mar', 'PATCH', `/industrial-projects/${p.id}/${part}`, { ...body, version: accepted.version });
      expect(res.statusCode, res.body).toBe(400);
      expect(JSON.stringify(res.json().errors)).toContain('field.nothing_to_change');
    }
    expect(await ok('mar', 'GET', `/industrial-projects/${p.id}`)).toEqual(before);
    expect(await countRows(t.db, 'audit_entry')).toBe(audits);
    // Undone first, each changes.
    const undone = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/milestones/${p.milestoneId}`, {
      actualOn: null,
      version: accepted.version,
    });
    const replanned = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/milestones/${p.milestoneId}`, {
      plannedOn: '2027-01-25',
      version: undone.version,
    });
    expect(replanned.milestones[0]).toMatchObject({ plannedOn: '2027-01-25', actualOn: null });
    const withdrawn = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/transfers/${p.transferId}`, {
      acceptedOn: null,
      version: replanned.version,
    });
    const fixed = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/transfers/${p.transferId}`, {
      to: 'Royal Armed Forces technicians',
      version: withdrawn.version,
    });
    expect(fixed.transfers[0]).toMatchObject({ to: 'Royal Armed Forces technicians', acceptedOn: null });
  });

  it('refuses a milestone reached or an item accepted on a day to come, and a day planned before 1900, changing nothing', async () => {
    const p = await project();
    const before = await ok('mar', 'GET', `/industrial-projects/${p.id}`);
    const audits = await countRows(t.db, 'audit_entry');
    // Today is 1 June 2027 on this clock.
    const refused: [string, 'PATCH' | 'POST', Json, string, string][] = [
      [`milestones/${p.milestoneId}`, 'PATCH', { actualOn: '2030-01-01' }, 'actualOn', 'field.after_today'],
      [`milestones/${p.milestoneId}`, 'PATCH', { actualOn: '2027-06-02' }, 'actualOn', 'field.after_today'],
      [`transfers/${p.transferId}`, 'PATCH', { acceptedOn: '2031-01-01' }, 'acceptedOn', 'field.after_today'],
      [`milestones/${p.milestoneId}`, 'PATCH', { plannedOn: '0001-01-01' }, 'plannedOn', 'field.on_or_after'],
      [`transfers/${p.transferId}`, 'PATCH', { plannedOn: '0001-01-01' }, 'plannedOn', 'field.on_or_after'],
      [
        'milestones',
        'POST',
        { kind: 'first_article', title: 'First article', plannedOn: '0001-01-01' },
        'plannedOn',
        'field.on_or_after',
      ],
      ['transfers', 'POST', { what: 'Tooling', from: 'A', to: 'B', plannedOn: '0001-01-01' }, 'plannedOn', 'field.on_or_after'],
    ];
    for (const [part, method, body, path, code] of refused) {
      const res = await send('mar', method, `/industrial-projects/${p.id}/${part}`, { ...body, version: p.version });
      expect(res.statusCode, `${part} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ path, code })]);
    }
    expect(await ok('mar', 'GET', `/industrial-projects/${p.id}`)).toEqual(before);
    expect(await countRows(t.db, 'audit_entry')).toBe(audits);
    // Today itself has come.
    const reached = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/milestones/${p.milestoneId}`, {
      actualOn: '2027-06-01',
      version: p.version,
    });
    const accepted = await ok('mar', 'PATCH', `/industrial-projects/${p.id}/transfers/${p.transferId}`, {
      acceptedOn: '2027-06-01',
      version: reached.version,
    });
    expect(accepted.milestones[0].actualOn).toBe('2027-06-01');
    expect(accepted.transfers[0].acceptedOn).toBe('2027-06-01');
  });

  it('takes the version read: none is refused, a stale one answers 409, If-Match is taken', async () => {
    const p = await project();
    const writes: [string, Json][] = [
      [`milestones/${p.milestoneId}`, { plannedOn: '2027-02-01' }],
      [`transfers/${p.transferId}`, { what: 'Tooling' }],
    ];
    const before = await ok('mar', 'GET', `/industrial-projects/${p.id}`);
    for (const [part, body] of writes) {
      const none = await send('mar', 'PATCH', `/industrial-projects/${p.id}/${part}`, body);
      expect(none.statusCode).toBe(400);
      expect(none.json().code).toBe('request.version_required');
      const stale = await send('mar', 'PATCH', `/industrial-projects/${p.id}/${part}`, { ...body, version: p.version - 1 });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('industrial_project.stale_version');
    }
    expect(await ok('mar', 'GET', `/industrial-projects/${p.id}`)).toEqual(before);
    let version = p.version;
    for (const [part, body] of writes) {
      const res = await app.inject({
        method: 'PATCH',
        url: `/api/industrial-projects/${p.id}/${part}`,
        headers: { ...auth.mar, 'if-match': `"${version}"` },
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
      version += 1;
    }
    const after = await ok('mar', 'GET', `/industrial-projects/${p.id}`);
    expect(after.milestones[0].plannedOn).toBe('2027-02-01');
    expect(after.transfers[0].what).toBe('Tooling');
  });

  it('refuses viewers and planners of other parties, and a closed project', async () => {
    const p = await project();
    const audits = await countRows(t.db, 'audit_entry');
    for (const who of ['marViewer', 'isr', 'usa']) {
      const res = await send(who, 'PATCH', `/industrial-projects/${p.id}/milestones/${p.milestoneId}`, {
        plannedOn: '2027-02-01',
        version: p.version,
      });
      expect(res.statusCode, `${who}: ${res.body}`).toBe(403);
      const tr = await send(who, 'PATCH', `/industrial-projects/${p.id}/transfers/${p.transferId}`, {
        what: 'x',
        version: p.version,
      });
      expect(tr.statusCode, `${who}: ${tr.body}`).toBe(403);
    }
    expect(await countRows(t.db, 'audit_entry')).toBe(audits);
    const closed = await ok('mar', 'POST', `/industrial-projects/${p.id}/transitions`, {
      to: 'closed',
      reason: 'Not pursued',
      version: p.version,
    });
    const res = await send('mar', 'PATCH', `/industrial-projects/${p.id}/milestones/${p.milestoneId}`, {
      plannedOn: '2027-02-01',
      version: closed.version,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('industrial_project.closed');
  });

  it('answers 404 to a reader who may not read the project exactly as to a project or part that does not exist', async () => {
    // Released to ISR only: USA and FRA may not read it.
    const p = await project({ releasableTo: ['ISR'] });
    const missing = '0190a000-0000-7000-8000-00000000abcd';
    const tries = (id: string, milestoneId: string, transferId: string) =>
      [
        [`/industrial-projects/${id}/milestones/${milestoneId}`, { plannedOn: '2027-02-01', version: p.version }],
        [`/industrial-projects/${id}/transfers/${transferId}`, { what: 'x', from: 'y', version: p.version }],
      ] as const;
    for (const who of ['usa', 'fra']) {
      const hidden = tries(p.id, p.milestoneId, p.transferId);
      const absent = tries(missing, missing, missing);
      for (const [i, [url, body]] of hidden.entries()) {
        const a = await send(who, 'PATCH', url, body);
        const [u2, b2] = absent[i] as (typeof absent)[number];
        const b = await send(who, 'PATCH', u2, b2);
        expect(a.statusCode, `${who} ${url}`).toBe(404);
        expect(a.json()).toEqual(b.json());
      }
    }
    // The owner's planner gets 404 for a part that is not the project's, with its own code.
    const other = await project();
    const m = await send('mar', 'PATCH', `/industrial-projects/${p.id}/milestones/${other.milestoneId}`, {
      plannedOn: '2027-02-01',
      version: p.version,
    });
    expect([m.statusCode, m.json().code]).toEqual([404, 'industrial_project.milestone_not_found']);
    const tr = await send('mar', 'PATCH', `/industrial-projects/${p.id}/transfers/${other.transferId}`, {
      what: 'x',
      version: p.version,
    });
    expect([tr.statusCode, tr.json().code]).toEqual([404, 'industrial_project.transfer_not_found']);
    expect((await ok('mar', 'GET', `/industrial-projects/${other.id}`)).transfers[0].what).toBe('Process');
  });
});
