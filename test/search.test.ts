import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken, listUsers } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { loadDemo } from '../src/demo/demo.js';
import { newId } from '../src/domain/ids.js';
import { canRead, type Label } from '../src/domain/labels.js';
import { SEARCH_KINDS, type SearchKind } from '../src/domain/search.schema.js';
import { parseQuery, textAnswers } from '../src/domain/search-terms.js';
import { foldForSearch } from '../src/domain/text.js';
import { buildServer } from '../src/server/app.js';
import { insertActionItems } from '../src/store/action-item.repo.js';
import { deleteAgendaItem, insertAgendaItems, updateAgendaItem } from '../src/store/agenda.repo.js';
import { insertSession } from '../src/store/commission.repo.js';
import { updateProject } from '../src/store/industrial-project.repo.js';
import { migrateToLatest } from '../src/store/migrate.js';
import * as m0019 from '../src/store/migrations/0019_search_terms.js';
import { ensureSearchIndex } from '../src/store/search-index.js';
import { updateSession } from '../src/store/session.repo.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedWorld } from './support/fixtures.js';
import { createLabelledProject, TRIPARTITE } from './support/industry-projects.js';
import { allLabels, PARTIES, prng, readerProfiles } from './support/labelled-world.js';
import { createLabelledProgramme } from './support/programmes.js';

vi.setConfig({ hookTimeout: 180_000, testTimeout: 120_000 });

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely; the assertions check its shape
type Json = Record<string, any>;
type Hit = { kind: SearchKind; id: string; snippetParts: { text: string; hit: boolean }[] };

/** The ids of the hits of one kind, sorted. */
const idsOf = (body: Json, kind: SearchKind) =>
  (body.items as Hit[])
    .filter((h) => h.kind === kind)
    .map((h) => h.id)
    .sort();

/**
 * The demo's pairs of a word and its other form, through the API: each finds
 * the same records, and that is at least one (today's demo has 9 activities
 * with "visite" and 5 with "visites" in their texts when words are compared
 * as written; stemmed, both find the union).
 */
describe.each(databases())('search of the demo on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let headers: Record<string, string>;
  const find = async (q: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}&limit=500`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Json;
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await loadDemo(t.ctx, { ifEmpty: true });
    app = await buildServer(t.ctx);
    const users = (await listUsers(t.ctx, null)).items;
    const planner = users.find((u) => u.username === 'mar.planner');
    if (!planner) throw new Error('no mar.planner in the demo');
    headers = { authorization: `Bearer ${(await createToken(t.ctx, null, planner.username, 'test')).token}` };
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it.each([
    ['visite', 'visites'],
    ['réunion', 'réunions'],
    ['تخطيط', 'التخطيط'],
    ['ביקור', 'הביקור'],
  ])('finds the same activities for %j and %j', async (one, other) => {
    const a = await find(one);
    const b = await find(other);
    expect(idsOf(a, 'activity').length).toBeGreaterThan(0);
    expect(idsOf(a, 'activity')).toEqual(idsOf(b, 'activity'));
    expect(a.groups).toEqual(b.groups);
  });

  it('groups hits by kind with their counts, and marks the found words of each snippet', async () => {
    const body = await find('Rabat');
    expect(body.groups.map((g: Json) => g.kind)).toContain('session');
    for (const g of body.groups as Json[]) expect(idsOf(body, g.kind).length).toBe(g.count);
    const kinds = (body.items as Hit[]).map((h) => h.kind);
    expect(kinds).toEqual([...kinds].sort((x, y) => SEARCH_KINDS.indexOf(x) - SEARCH_KINDS.indexOf(y)));
    const visits = await find('visites');
    for (const h of visits.items as Hit[]) {
      const marked = h.snippetParts.filter((p) => p.hit).map((p) => foldForSearch(p.text));
      expect(marked.length, `${h.kind} ${h.id}`).toBeGreaterThan(0);
      for (const m of marked) expect(m.startsWith('visit'), m).toBe(true);
    }
  });

  /** The index as it was before 0019: folded words only, of activities and follow-ups alone. */
  async function indexAsBefore0019() {
    await t.db.deleteFrom('search_entry').where('kind', 'not in', ['activity', 'follow_up']).execute();
    for (const r of await t.db.selectFrom('activity').select(['id', 'ref_code', 'title', 'description', 'location']).execute()) {
      const texts = [r.ref_code, ...Object.values(JSON.parse(r.title)), ...Object.values(JSON.parse(r.description)), r.location];
      await t.db
        .updateTable('search_entry')
        .set({ body: foldForSearch(texts.filter(Boolean).join(' ')) })
        .where('record_id', '=', r.id)
        .execute();
    }
    for (const f of await t.db.selectFrom('follow_up').select(['id', 'body']).execute())
      await t.db
        .updateTable('search_entry')
        .set({ body: foldForSearch(f.body) })
        .where('record_id', '=', f.id)
        .execute();
  }

  it('indexes anew, in today’s terms, a database indexed before stemming (migration 0019 on existing data)', async () => {
    const found = (body: Json) => [...idsOf(body, 'activity'), ...idsOf(body, 'follow_up')].sort();
    const before = { visite: await find('visite'), visites: await find('visites') };
    const entries = await t.db
      .selectFrom('search_entry')
      .select(sql<number | string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    await indexAsBefore0019();
    await t.db.updateTable('search_index_state').set({ version: 0 }).execute();
    // As the demo answered then: "visite" found 9 activities and follow-ups, "visites" 5.
    const stale = { visite: found(await find('visite')), visites: found(await find('visites')) };
    expect(stale.visites.length).toBeLessThan(stale.visite.length);
    expect(await ensureSearchIndex(t.db)).toBe(true);
    expect(await ensureSearchIndex(t.db)).toBe(false);
    expect(await find('visite')).toEqual(before.visite);
    expect(await find('visites')).toEqual(before.visites);
    expect(found(before.visites)).toEqual(stale.visite);
    const again = await t.db.selectFrom('search_entry').select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(again.n)).toBe(Number(entries.n));
  });
  it('builds the index of the records already there when migration 0019 runs on a database of before it', async () => {
    const before = { visite: await find('visite'), rabat: await find('Rabat') };
    await indexAsBefore0019();
    // Undone and applied again, as on a database that had not run it; migrating then indexes what is there.
    await m0019.down(t.db);
    await m0019.up(t.db);
    const stale = await find('Rabat');
    expect(stale.groups.map((g: Json) => g.kind)).not.toContain('session');
    expect(await migrateToLatest(t.db)).toEqual([]);
    expect(await find('visite')).toEqual(before.visite);
    expect(await find('Rabat')).toEqual(before.rabat);
  });
});

interface Made {
  kind: SearchKind;
  id: string;
  label: Label;
  text: string;
}

/**
 * Generated records of every kind besides activities (test/access.leak.test.ts
 * covers those and their follow-ups) under every label, and generated readers:
 * each gets exactly the hits and counts the reference model allows, so that a
 * record it may not read is neither listed nor counted.
 */
describe.each(databases())('search and the read rule on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const made: Made[] = [];
  const readers: { actor: Actor; headers: Record<string, string> }[] = [];
  const rng = prng(20261206);
  const WORDS = ['zephyr', 'zephyrs', 'visite', 'visites', 'التخطيط', 'تخطيط', 'הביקור', 'ביקור'];
  let sessionId = '';
  let commissionId = '';

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2026-12-06T10:00:00.000Z'));
    const w = await seedWorld(t.ctx);
    commissionId = w.commission.id;
    app = await buildServer(t.ctx);
    const codec = await t.ctx.codec();
    const planners: Record<string, Actor> = {};
    for (const party of PARTIES) planners[party] = await makeActor(t.ctx, party, ['planner'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const labels = rng.sample(allLabels(rng), 36);
    const text = () => `${rng.pick(WORDS)} ${rng.pick(WORDS)} point ${rng.int(1000)}`;
    const at = '2026-12-06T10:00:00.000Z';
    let number = 10;
    for (const label of labels) {
      const id = newId();
      const place = text();
      await t.db.transaction().execute(async (trx) => {
        await insertSession(trx, {
          id,
          commission_id: commissionId,
          number: number++,
          start_date: '2026-12-01',
          end_date: '2026-12-02',
          place,
          host_party: 'MAR',
          delegations: '[]',
          minutes: null,
          source_id: null,
          version: 1,
          created_at: at,
          updated_at: at,
          ...codec.encode(label),
        });
      });
      made.push({ kind: 'session', id, label, text: place });
      sessionId = id;
    }
    for (const label of rng.sample(allLabels(rng), 40)) {
      const id = newId();
      const title = text();
      const summary = rng.int(2) ? text() : null;
      const decisions = summary && rng.int(2) ? text() : null;
      await insertAgendaItems(t.db, [
        {
          id,
          sessionId,
          position: 1,
          kind: 'free',
          title,
          reference: null,
          actionItemId: null,
          activityId: null,
          planId: null,
          summary,
          decisions,
          outcome: summary ? 'noted' : null,
          createdAt: at,
          label: codec.encode(label),
        },
      ]);
      made.push({ kind: 'agenda_item', id, label, text: title });
      if (summary) made.push({ kind: 'minutes', id, label, text: summary });
      if (decisions) made.push({ kind: 'decision', id, label, text: decisions });
    }
    for (const label of rng.sample(allLabels(rng), 30)) {
      const id = newId();
      const title = text();
      await insertActionItems(t.db, [
        {
          id,
          commissionId,
          sessionId,
          agendaItemId: null,
          title,
          responsibleParty: label.ownerParty,
          responsibleOrganisation: null,
          dueDate: '2027-01-01',
          status: 'open',
          closedAt: null,
          reason: null,
          activityId: null,
          planId: null,
          createdAt: at,
          label: codec.encode(label),
        },
      ]);
      made.push({ kind: 'action_item', id, label, text: title });
    }
    for (const label of rng.sample(
      allLabels(rng).filter((l) => l.ownerParty !== 'FRA'),
      16,
    )) {
      const title = text();
      const p = await createLabelledProgramme(t.ctx, planners[label.ownerParty] as Actor, label, title);
      made.push({ kind: 'programme', id: p.id, label, text: title });
    }
    for (const label of rng.sample(
      allLabels(rng).filter((l) => ['MAR', 'ISR', 'USA'].includes(l.ownerParty)),
      12,
    )) {
      const title = text();
      const p = await createLabelledProject(t.ctx, planners[label.ownerParty] as Actor, label, {
        ...TRIPARTITE,
        title: { en: title },
      });
      made.push({ kind: 'industrial_project', id: p.id, label, text: title });
    }
    for (const profile of rng.sample(readerProfiles(rng), 12)) {
      const actor = await makeActor(t.ctx, profile.party, ['viewer'], profile.clearance, profile.compartments);
      readers.push({
        actor,
        headers: { authorization: `Bearer ${(await createToken(t.ctx, null, actor.username, 'test')).token}` },
      });
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives each reader exactly the records the reference model allows, each kind counted', async () => {
    for (const q of ['zephyr', 'visites', 'تخطيط', 'ביקור', 'zephyr visite']) {
      for (const r of readers) {
        const res = await app.inject({
          method: 'GET',
          url: `/api/search?q=${encodeURIComponent(q)}&limit=500`,
          headers: r.headers,
        });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as Json;
        const expected = made.filter((m) => canRead(r.actor, m.label) && textAnswers(parseQuery(q), m.text));
        for (const k of SEARCH_KINDS.filter((x) => x !== 'activity' && x !== 'follow_up')) {
          const want = expected
            .filter((m) => m.kind === k)
            .map((m) => m.id)
            .sort();
          expect(idsOf(body, k), `${q} ${k} for ${r.actor.username}`).toEqual(want);
          expect(body.groups.find((g: Json) => g.kind === k)?.count ?? 0).toBe(want.length);
        }
        for (const h of body.items as Json[]) expect(canRead(r.actor, h as Label)).toBe(true);
      }
    }
  });

  it('counts every readable hit but lists at most `limit` of each kind', async () => {
    const top = readers.find((r) => r.actor.clearance === 'TOP_SECRET') ?? (readers[0] as (typeof readers)[number]);
    const res = await app.inject({ method: 'GET', url: '/api/search?q=point&limit=2', headers: top.headers });
    const body = res.json() as Json;
    for (const g of body.groups as Json[]) expect(idsOf(body, g.kind).length).toBe(Math.min(2, g.count));
  });

  it('follows each write in the same transaction: a change, a session moved, a deletion', async () => {
    const owner = await makeActor(t.ctx, 'MAR', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const headers = { authorization: `Bearer ${(await createToken(t.ctx, null, owner.username, 'test')).token}` };
    const find = async (q: string) =>
      (await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}`, headers })).json() as Json;
    const item = made.find((m) => m.kind === 'agenda_item' && m.label.ownerParty === 'MAR');
    if (!item) throw new Error('no MAR agenda item');
    const row = await t.db.selectFrom('agenda_item').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(
      await updateAgendaItem(t.db, item.id, row.version, {
        summary: 'Compte rendu des quarantaines',
        decisions: null,
        updatedAt: '2026-12-06T11:00:00.000Z',
      }),
    ).toBe(true);
    expect(idsOf(await find('quarantaine'), 'minutes')).toEqual([item.id]);
    expect(idsOf(await find('quarantaine'), 'decision')).toEqual([]);
    const session = await t.db.selectFrom('commission_session').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    await updateSession(t.db, sessionId, session.version, { place: 'Marrakech', updatedAt: '2026-12-06T11:00:00.000Z' });
    const moved = await find('marrakech');
    if (canRead(owner, made.find((m) => m.id === sessionId)?.label as Label))
      expect(idsOf(moved, 'session')).toEqual([sessionId]);
    // A project's new title is found at once, its old words no longer.
    const project = made.find((m) => m.kind === 'industrial_project' && canRead(owner, m.label));
    if (!project) throw new Error('no project the owner may read');
    const before = await t.db
      .selectFrom('industrial_project')
      .select('version')
      .where('id', '=', project.id)
      .executeTakeFirstOrThrow();
    expect(
      await updateProject(t.db, project.id, before.version, {
        title: { en: 'Ateliers de Kenitra' },
        at: '2026-12-06T11:00:00.000Z',
      }),
    ).toBe(true);
    expect(idsOf(await find('kenitra'), 'industrial_project')).toEqual([project.id]);
    expect(
      await t.db.selectFrom('search_entry').select('body').where('record_id', '=', project.id).executeTakeFirst(),
    ).not.toMatchObject({
      body: expect.stringContaining(project.text.split(' ')[0] as string),
    });
    expect(await deleteAgendaItem(t.db, item.id, row.version + 1)).toBe(true);
    expect((await find('quarantaine')).items).toEqual([]);
    expect(await t.db.selectFrom('search_entry').select('id').where('target_id', '=', item.id).execute()).toEqual([]);
  });

  it('takes markup and operators of either database as plain words, and shows them as text', async () => {
    const r = readers[0] as (typeof readers)[number];
    for (const q of ['<script>alert(1)</script>', '"zephyr', 'zephyr*', 'zephyr OR visite', 'zephyr & | ! :*', 'NEAR(zephyr)']) {
      const res = await app.inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent(q)}`, headers: r.headers });
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
    }
  });
});
