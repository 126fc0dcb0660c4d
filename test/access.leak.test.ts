import { subDays } from 'date-fns';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import { ACTIVITY_STATUSES } from '../src/domain/activity.lifecycle.js';
import { DOMAINS } from '../src/domain/activity.schema.js';
import { newId } from '../src/domain/ids.js';
import { CLASSIFICATIONS, canRead, type Label, type Reader } from '../src/domain/labels.js';
import { quarterOf } from '../src/domain/period.js';
import { foldForSearch } from '../src/domain/text.js';
import { buildServer } from '../src/server/app.js';
import { apiRoutes } from './support/api-routes.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, PASSWORD } from './support/fixtures.js';
import {
  AS_OF,
  buildLabelledWorld,
  PARTIES,
  prng,
  READER_COMPARTMENT_SETS,
  readerProfiles,
  STALE_AFTER_DAYS,
  TITLE_WORDS,
  tokenOf,
  type World,
  type WorldActivity,
} from './support/labelled-world.js';

// Change the seed to explore other worlds; a failure names the reader it happened to.
const SEED = 20260112;
/** How many records of each kind every reader asks for one by one (lists cover all of them). */
const DETAIL_SAMPLE = 40;

const profiles = readerProfiles(prng(SEED + 1));

interface Client {
  reader: Reader;
  headers: Record<string, string>;
}

const byId = <T extends { id: string }>(items: T[]) => items.map((i) => i.id).sort();
const labelOf = (r: Label): Label => ({
  ownerParty: r.ownerParty,
  classification: r.classification,
  releasableTo: [...r.releasableTo].sort(),
  compartments: [...r.compartments].sort(),
});
const withoutInstance = (body: Record<string, unknown>) => {
  const { instance: _i, ...rest } = body;
  return rest;
};

describe.each(databases())('no record leaks to a reader who may not read it, on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let world: World;
  let clock = new Date();
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => clock);
    world = await buildLabelledWorld(t.ctx, prng(SEED), (iso) => {
      clock = new Date(iso);
    });
    app = await buildServer(t.ctx);
    for (const [i, p] of profiles.entries()) {
      const actor = await makeActor(t.ctx, p.party, ['viewer'], p.clearance, p.compartments);
      const reader = { party: p.party, clearance: p.clearance, compartments: p.compartments };
      if (i % 2 === 0) {
        const { token } = await createToken(t.ctx, null, actor.username, 'leak test');
        clients.push({ reader, headers: { authorization: `Bearer ${token}` } });
        continue;
      }
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: actor.username, password: PASSWORD },
        remoteAddress: `10.0.${i}.1`,
      });
      expect(res.statusCode, res.body).toBe(200);
      clients.push({ reader, headers: { cookie: String(res.headers['set-cookie']).split(';')[0] ?? '' } });
    }
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const get = async (c: Client, url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: c.headers });
    const type = String(res.headers['content-type']);
    // Some routes answer a file (a workbook, a PDF, a calendar); only JSON answers have a body to compare.
    const body = /json/.test(type) ? (res.json() as Record<string, unknown>) : { file: type };
    return { status: res.statusCode, body, type };
  };

  /** A hidden record must answer exactly as a record that does not exist. */
  const expectHidden = async (c: Client, url: string, id: string, { notFound = true } = {}) => {
    const hidden = await get(c, url.replace(':id', id));
    const missing = await get(c, url.replace(':id', newId()));
    if (notFound) expect(missing.status).toBe(404);
    expect({ status: hidden.status, type: hidden.type, body: withoutInstance(hidden.body) }, `${url} ${id}`).toEqual({
      status: missing.status,
      type: missing.type,
      body: withoutInstance(missing.body),
    });
  };

  const expectVisible = async (c: Client, url: string, id: string, label: Label) => {
    const res = await get(c, url.replace(':id', id));
    expect(res.status, `${url} ${id}: ${JSON.stringify(res.body)}`).toBe(200);
    expect(res.body.id).toBe(id);
    expect(labelOf(res.body as unknown as Label)).toEqual(labelOf(label));
  };

  const expectDetail = (c: Client, url: string, id: string, label: Label) =>
    canRead(c.reader, label) ? expectVisible(c, url, id, label) : expectHidden(c, url, id);

  /** Reads every page of a list, following `nextCursor`. */
  const allPages = async (c: Client, url: string) => {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const res = await get(c, cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(200);
      items.push(...(res.body.items as Record<string, unknown>[]));
      cursor = res.body.nextCursor as string | null;
      expect(++pages).toBeLessThan(100);
    } while (cursor);
    return items;
  };

  const activityOf = (id: string) => world.activities.find((a) => a.activity.id === id) as WorldActivity;
  const readableFollowUps = (r: Reader, activityId: string) =>
    world.followUps.filter((f) => f.activityId === activityId && canRead(r, f.label));

  it.each(profiles.map((p, i) => [i, `${p.party} ${p.clearance} [${p.compartments.join(',')}]`] as const))(
    'reader %i (%s) sees exactly what the read rule allows',
    async (i) => {
      const c = clients[i] as Client;
      const r = c.reader;
      const rng = prng(SEED + 100 + i);
      const readable = <T extends { label: Label }>(items: T[]) => items.filter((x) => canRead(r, x.label));

      // Plans: the list, then one by one.
      const plans = await get(c, '/api/plans');
      expect(plans.status).toBe(200);
      expect(byId(plans.body.items as { id: string }[])).toEqual(byId(readable(world.plans)));
      for (const p of rng.sample(world.plans, DETAIL_SAMPLE)) await expectDetail(c, '/api/plans/:id', p.id, p.label);

      // Activities of the open plans: every page, with and without filters.
      for (const plan of world.plans.filter((p) => p.open)) {
        const mine = world.activities.filter((a) => a.activity.planId === plan.id && canRead(r, a.activity));
        const status = rng.pick(ACTIVITY_STATUSES);
        const domain = rng.pick(DOMAINS.slice(0, 4));
        const leadParty = rng.pick(PARTIES);
        const word = rng.pick(TITLE_WORDS);
        const hasWord = (a: WorldActivity) => foldForSearch(a.text).split(' ').includes(word);
        const cases: [string, (a: WorldActivity) => boolean][] = [
          ['', () => true],
          [`status=${status}`, (a) => a.activity.status === status],
          [`domain=${domain}`, (a) => a.activity.domain === domain],
          [`leadParty=${leadParty}`, (a) => a.activity.leadParty === leadParty],
          [`q=${word}`, hasWord],
          [`q=${word}&domain=${domain}`, (a) => hasWord(a) && a.activity.domain === domain],
        ];
        for (const [query, keep] of cases) {
          const items = await allPages(c, `/api/plans/${plan.id}/activities?limit=7${query ? `&${query}` : ''}`);
          const expected = mine
            .filter(keep)
            .map((a) => a.activity.refCode)
            .sort();
          expect(
            items.map((a) => a.refCode),
            `activities of ${plan.label.ownerParty}'s open plan ${query}`,
          ).toEqual(expected);
        }
        await expectKpis(c, plan.id, mine);
      }

      // Plans holding a single activity: the list, the measures, or 404 as if absent.
      for (const plan of rng.sample(
        world.plans.filter((p) => !p.open),
        DETAIL_SAMPLE / 2,
      )) {
        if (!canRead(r, plan.label)) {
          await expectHidden(c, '/api/plans/:id/activities', plan.id);
          await expectHidden(c, '/api/plans/:id/kpis', plan.id);
          continue;
        }
        const mine = world.activities.filter((a) => a.activity.planId === plan.id && canRead(r, a.activity));
        const items = await allPages(c, `/api/plans/${plan.id}/activities`);
        expect(items.map((a) => a.id)).toEqual(mine.map((a) => a.activity.id));
        await expectKpis(c, plan.id, mine);
      }

      // Activities and their follow-up logs, one by one.
      for (const a of rng.sample(world.activities, DETAIL_SAMPLE)) {
        await expectDetail(c, '/api/activities/:id', a.activity.id, a.activity);
        if (!canRead(r, a.activity)) {
          await expectHidden(c, '/api/activities/:id/follow-ups', a.activity.id);
          continue;
        }
        const log = await get(c, `/api/activities/${a.activity.id}/follow-ups`);
        expect(log.status).toBe(200);
        const items = log.body.items as (Label & { id: string })[];
        expect(byId(items)).toEqual(byId(readableFollowUps(r, a.activity.id)));
        for (const f of items) expect(canRead(r, f)).toBe(true);
      }

      // Search: every owner's word, and the words of status changes.
      const queries = [...PARTIES.map(tokenOf), 'scheduled', 'réunion'];
      for (const q of queries) {
        const found = await get(c, `/api/search?q=${encodeURIComponent(q)}&limit=500`);
        expect(found.status).toBe(200);
        const matches = (text: string) => foldForSearch(text).split(' ').includes(foldForSearch(q));
        const expected = [
          ...world.activities.filter((a) => canRead(r, a.activity) && matches(a.text)).map((a) => `activity:${a.activity.id}`),
          ...world.followUps
            .filter((f) => canRead(r, f.label) && canRead(r, activityOf(f.activityId).activity) && matches(f.body))
            .map((f) => `follow_up:${f.id}`),
        ].sort();
        expect(expected.length).toBeLessThan(500);
        const got = (found.body.items as { kind: string; id: string }[]).map((h) => `${h.kind}:${h.id}`).sort();
        expect(got, `search ${q}`).toEqual(expected);
      }

      // Commissions and their sessions.
      const commissions = await get(c, '/api/commissions');
      expect(commissions.status).toBe(200);
      expect(byId(commissions.body.items as { id: string }[])).toEqual(byId(readable(world.commissions)));
      const hubSessions = await get(c, `/api/commissions/${world.hubId}/sessions`);
      expect(hubSessions.status).toBe(200);
      expect(byId(hubSessions.body.items as { id: string }[])).toEqual(
        byId(readable(world.sessions.filter((s) => s.commissionId === world.hubId))),
      );
      for (const cm of rng.sample(world.commissions, DETAIL_SAMPLE / 2)) {
        await expectDetail(c, '/api/commissions/:id', cm.id, cm.label);
        if (!canRead(r, cm.label)) {
          await expectHidden(c, '/api/commissions/:id/sessions', cm.id);
          continue;
        }
        const sessions = await get(c, `/api/commissions/${cm.id}/sessions`);
        expect(byId(sessions.body.items as { id: string }[])).toEqual(
          byId(readable(world.sessions.filter((s) => s.commissionId === cm.id))),
        );
      }
    },
  );

  /** The measures must be those of the readable activities, with only readable follow-ups counting as fresh. */
  async function expectKpis(c: Client, planId: string, readableActivities: WorldActivity[]) {
    const res = await get(c, `/api/plans/${planId}/kpis?asOf=${AS_OF}&staleAfterDays=${STALE_AFTER_DAYS}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const acts = readableActivities.map((a) => a.activity);
    const isDone = (s: string) => s === 'conducted' || s === 'reported';
    const isOpen = (s: string) => !isDone(s) && s !== 'cancelled';
    const staleBefore = subDays(new Date(`${AS_OF}T00:00:00Z`), STALE_AFTER_DAYS).toISOString();
    const lastNote = (id: string, createdAt: string) =>
      [createdAt, ...readableFollowUps(c.reader, id).map((f) => f.createdAt)].sort().at(-1) ?? createdAt;
    const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
    const done = acts.filter((a) => isDone(a.status));
    const late = done.filter((a) => (a.actualStart ?? '') > a.plannedPeriod.end);
    const slip = late.reduce((s, a) => s + days(a.plannedPeriod.end, a.actualStart ?? ''), 0);
    const buckets = (keyOf: (a: (typeof acts)[number]) => string) => {
      const keys = [...new Set(acts.filter((a) => a.status !== 'cancelled').map(keyOf))].sort();
      return keys.map((key) => {
        const inKey = acts.filter((a) => a.status !== 'cancelled' && keyOf(a) === key);
        return { key, total: inKey.length, done: inKey.filter((a) => isDone(a.status)).length };
      });
    };
    const k = res.body as Record<string, Record<string, unknown> & { key?: string }[]>;
    const pickBucket = (b: unknown) => {
      const { key, total, done: d } = b as { key: string; total: number; done: number };
      return { key, total, done: d };
    };
    expect({
      execution: {
        total: k.execution?.total,
        done: k.execution?.done,
        cancelled: k.execution?.cancelled,
        overdue: k.execution?.overdue,
      },
      timeliness: {
        conducted: k.timeliness?.conducted,
        onTime: k.timeliness?.onTime,
        averageSlipDays: k.timeliness?.averageSlipDays,
        postponements: k.timeliness?.postponements,
      },
      freshness: k.freshness,
      byDomain: (k.byDomain as unknown[]).map(pickBucket),
      byLeadParty: (k.byLeadParty as unknown[]).map(pickBucket),
      byQuarter: (k.byQuarter as unknown[]).map(pickBucket),
    }).toEqual({
      execution: {
        total: acts.filter((a) => a.status !== 'cancelled').length,
        done: done.length,
        cancelled: acts.filter((a) => a.status === 'cancelled').length,
        overdue: acts.filter((a) => isOpen(a.status) && a.plannedPeriod.end < AS_OF).length,
      },
      timeliness: {
        conducted: done.length,
        onTime: done.length - late.length,
        averageSlipDays: late.length ? Math.round((slip / late.length) * 10) / 10 : null,
        postponements: acts.reduce((s, a) => s + a.postponements, 0),
      },
      freshness: {
        open: acts.filter((a) => isOpen(a.status)).length,
        stale: acts.filter((a) => isOpen(a.status) && lastNote(a.id, a.createdAt) < staleBefore).length,
      },
      byDomain: buckets((a) => a.domain),
      byLeadParty: buckets((a) => a.leadParty),
      byQuarter: buckets((a) => quarterOf(a.plannedPeriod.start)),
    });
  }

  it('answers every read route of a hidden record, including ones added later, as for a missing one', async () => {
    const kinds: Record<string, { id: string; label: Label }[]> = {
      plans: world.plans,
      activities: world.activities.map((a) => ({ id: a.activity.id, label: a.activity })),
      commissions: world.commissions,
      sessions: world.sessions,
    };
    const routes = apiRoutes(app).filter((r) => r.method === 'get' && /^\/api\/[a-z-]+\/\{id\}/.test(r.path));
    const covered = routes.filter((r) => kinds[r.path.split('/')[2] ?? '']);
    expect(covered.length).toBeGreaterThan(8);
    const rng = prng(SEED + 7);
    for (const c of rng.sample(clients, 8))
      for (const route of covered) {
        const records = kinds[route.path.split('/')[2] ?? ''] ?? [];
        const url = route.path.replace('{id}', ':id');
        // A route may refuse the request for its query first; either way, hidden and missing must match.
        for (const rec of rng.sample(
          records.filter((x) => !canRead(c.reader, x.label)),
          3,
        ))
          await expectHidden(c, url, rec.id, { notFound: false });
        for (const rec of rng.sample(
          records.filter((x) => canRead(c.reader, x.label)),
          2,
        )) {
          const res = await get(c, url.replace(':id', rec.id));
          expect(res.status, `${url} ${rec.id}`).not.toBe(404);
        }
      }
  });

  it('shows a security officer the audit entries of readable records only, and all of them', async () => {
    const labels = new Map<string, Label>([
      ...world.plans.map((p) => [p.id, p.label] as const),
      ...world.commissions.map((c) => [c.id, c.label] as const),
      ...world.sessions.map((s) => [s.id, s.label] as const),
      ...world.activities.map((a) => [a.activity.id, a.activity as Label] as const),
      ...world.followUps.map((f) => [f.id, f.label] as const),
    ]);
    const rng = prng(SEED + 8);
    for (const party of PARTIES) {
      const reader = { party, clearance: rng.pick(CLASSIFICATIONS), compartments: [...rng.pick(READER_COMPARTMENT_SETS)] };
      const officer = await makeActor(t.ctx, party, ['security_officer'], reader.clearance, reader.compartments);
      const { token } = await createToken(t.ctx, null, officer.username, 'audit');
      const c: Client = { reader, headers: { authorization: `Bearer ${token}` } };
      const entries: { entityId: string | null; action: string }[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(c, `/api/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        entries.push(...(res.body.items as { entityId: string | null; action: string }[]));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      const about = entries.filter((e) => e.entityId && labels.has(e.entityId));
      const unreadable = about.filter((e) => !canRead(reader, labels.get(e.entityId as string) as Label));
      expect(unreadable, `${party} ${reader.clearance} [${reader.compartments}]`).toEqual([]);
      const seen = new Set(about.map((e) => e.entityId));
      const statusChanges = new Set(world.followUps.filter((f) => f.kind === 'status_change').map((f) => f.id));
      const readableIds = [...labels].filter(([id, l]) => canRead(reader, l) && !statusChanges.has(id)).map(([id]) => id);
      expect(readableIds.filter((id) => !seen.has(id))).toEqual([]);
      expect(readableIds.length).toBeLessThan(labels.size);
    }
  });

  it('built a world where every kind of record has readers and non-readers', () => {
    for (const records of [world.plans, world.commissions, world.sessions, world.followUps]) {
      const counts = clients.map((c) => records.filter((x) => canRead(c.reader, x.label)).length);
      expect(Math.min(...counts)).toBeLessThan(records.length);
      expect(Math.max(...counts)).toBeGreaterThan(0);
    }
    expect(new Set(world.activities.map((a) => a.activity.status))).toEqual(
      new Set(['planned', 'scheduled', 'conducted', 'reported', 'postponed', 'cancelled', 'proposed']),
    );
  });
});
