import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { listProgrammes, moveProgramme } from '../src/app/programme.usecases.js';
import { canRead, type Label } from '../src/domain/labels.js';
import type { ProgrammeStatus } from '../src/domain/programme.lifecycle.js';
import { type ProgrammeListQuery, programmeListQuerySchema } from '../src/domain/programme.schema.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedParties } from './support/fixtures.js';
import { PARTIES, prng } from './support/labelled-world.js';
import { createLabelledProgramme, programmeLabel } from './support/programmes.js';
import { generatedReader } from './support/world-labels.js';

// Building the programmes through the use cases takes a while on a busy machine.
vi.setConfig({ hookTimeout: 120_000 });

interface Made {
  id: string;
  label: Label;
  createdAt: string;
  status: ProgrammeStatus;
}

/** Every page of the list for `actor` and `query`, following the cursors. */
async function allPages(t: TestDatabase, actor: Actor, query: Partial<ProgrammeListQuery>) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await listProgrammes(t.ctx, actor, programmeListQuerySchema.parse({ ...query, cursor }));
    ids.push(...page.items.map((p) => p.id));
    sizes.push(page.items.length);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ids, sizes };
}

/**
 * The programme list, paged by keyset, on each database: generated readers
 * page through programmes of every label and get exactly what the reference
 * model says they may read, newest first, with the filters, and no page
 * repeats or skips a programme (several share a creation time).
 */
describe.each(databases())('programme list paging on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let now = '2026-03-01T08:00:00.000Z';
  const made: Made[] = [];
  const rng = prng(20261206);
  let marPlanner: Actor;

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date(now));
    await seedParties(t.ctx, [...PARTIES]);
    const planners: Record<string, Actor> = {};
    for (const party of PARTIES) planners[party] = await makeActor(t.ctx, party, ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    marPlanner = planners.MAR as Actor;
    for (let i = 0; i < 40; i++) {
      // Three programmes in a row share each creation time: the id orders them.
      now = new Date(Date.parse('2026-03-01T08:00:00.000Z') + Math.floor(i / 3) * 60_000).toISOString();
      const label = programmeLabel(rng);
      const planner = planners[label.ownerParty] as Actor;
      const p = await createLabelledProgramme(t.ctx, planner, label, `Programme ${i}`);
      let status: ProgrammeStatus = 'need';
      if (rng.next() < 0.3) {
        await moveProgramme(t.ctx, planner, p.id, { to: 'cancelled', reason: 'No longer needed' });
        status = 'cancelled';
      }
      made.push({ id: p.id, label, createdAt: p.createdAt, status });
    }
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const newestFirst = (a: Made, b: Made) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1;

  it('pages through exactly what each generated reader may read, newest first, with each filter', async () => {
    expect(new Set(made.map((m) => m.createdAt)).size).toBeLessThan(made.length);
    const queries: { query: Partial<ProgrammeListQuery>; keep: (m: Made) => boolean }[] = [
      { query: { limit: 7 }, keep: () => true },
      { query: { limit: 3, status: 'cancelled' }, keep: (m) => m.status === 'cancelled' },
      { query: { limit: 4, owner: 'ISR' }, keep: (m) => m.label.ownerParty === 'ISR' },
      { query: { limit: 5, owner: 'MAR', status: 'need' }, keep: (m) => m.label.ownerParty === 'MAR' && m.status === 'need' },
    ];
    let nonEmpty = 0;
    let hidden = 0;
    for (let r = 0; r < 12; r++) {
      const reader = await generatedReader(t.ctx, rng);
      for (const { query, keep } of queries) {
        const expected = made
          .filter((m) => keep(m) && canRead(reader, m.label))
          .sort(newestFirst)
          .map((m) => m.id);
        const { ids, sizes } = await allPages(t, reader, query);
        expect(ids, `${JSON.stringify(reader)} ${JSON.stringify(query)}`).toEqual(expected);
        // Every page but the last is full; an empty list is one empty page.
        expect(sizes.slice(0, -1).every((n) => n === query.limit)).toBe(true);
        if (expected.length) nonEmpty++;
        hidden += made.filter((m) => keep(m) && !canRead(reader, m.label)).length;
      }
    }
    // The generated readers are not trivially all-seeing or blind.
    expect(nonEmpty).toBeGreaterThan(10);
    expect(hidden).toBeGreaterThan(10);
  });

  it('answers pages over HTTP, refuses a cursor it did not give and a limit past 500, and needs a session', async () => {
    const { token } = await createToken(t.ctx, null, marPlanner.username, 'test');
    const headers = { authorization: `Bearer ${token}` };
    const first = await app.inject({ method: 'GET', url: '/api/programmes?limit=2&owner=MAR', headers });
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json() as { items: { id: string; ownerParty: string }[]; nextCursor: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.items.every((p) => p.ownerParty === 'MAR')).toBe(true);
    expect(page.nextCursor).toEqual(expect.any(String));
    const second = await app.inject({
      method: 'GET',
      url: `/api/programmes?limit=2&owner=MAR&cursor=${page.nextCursor}`,
      headers,
    });
    const expected = made
      .filter((m) => m.label.ownerParty === 'MAR')
      .sort(newestFirst)
      .map((m) => m.id);
    expect((second.json() as typeof page).items.map((p) => p.id)).toEqual(expected.slice(2, 4));
    for (const [url, code] of [
      ['/api/programmes?cursor=bm90LWEtY3Vyc29y', 'request.bad_cursor'],
      [`/api/programmes?cursor=${Buffer.from('[1,"x"]').toString('base64url')}`, 'request.bad_cursor'],
      ['/api/programmes?limit=501', 'request.invalid_fields'],
      ['/api/programmes?owner=mar', 'request.invalid_fields'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code, url).toBe(code);
    }
    expect((await app.inject({ method: 'GET', url: '/api/programmes' })).statusCode).toBe(401);
  });
});
