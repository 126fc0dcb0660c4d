import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { createCommission } from '../src/app/commission.usecases.js';
import type { Actor } from '../src/app/context.js';
import { listReceived } from '../src/app/exchange-approval.usecases.js';
import { ceremonyRecords, exportBundle, importBundle, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { addFollowUp } from '../src/app/follow-up.usecases.js';
import { createPlan } from '../src/app/plan.usecases.js';
import type { Classification } from '../src/domain/labels.js';
import { databases } from './support/databases.js';
import { type Installation, installation, marIsrCommission, serveInstallation } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';
import { activityInput, makeActor, sessionCookie, yearPlanInput } from './support/fixtures.js';

/**
 * One partner's plan received, as its page reads it (`GET /api/exchange/received/plans/{id}`): the
 * copy, its activities and their follow-ups, each by the read rule over its local label, the same
 * records the list of received records gives each reader; another plan's activities never; 404 for a
 * plan the reader may not read, one never received, and a plan of the installation's own.
 */
const EXPIRES = '2099-01-01T00:00:00.000Z';
const stream = (file: string) => createReadStream(file, { highWaterMark: 4096 }) as AsyncIterable<Uint8Array>;

interface Copy {
  kind: string;
  id: string;
  parentId: string | null;
  marking: string;
  data: Record<string, unknown>;
}

describe.each(databases())('a received plan with what came with it (%s)', (kind) => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let api: FastifyInstance;
  let planId: string;
  let otherPlanId: string;
  let ownPlanId: string;
  const refs: Record<string, string> = {};
  const readers: Record<string, Actor> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-received-plan-'));
    mar = await installation(kind, shippedPolicy('MAR'), dir);
    isr = await installation(kind, shippedPolicy('ISR'), dir, { alg: 'ES256' });
    for (const at of [mar, isr])
      for (const of of [mar, isr]) await trustKeys(at.ctx, at.officer, at.setup, ceremonyRecords(of.ctx, of.setup, EXPIRES));
    const { planner, commission } = await marIsrCommission(mar, ['ISR', 'USA'], ['INDUS', 'INTEL', 'LOG-2']);
    const plan = await createPlan(mar.ctx, planner, yearPlanInput(commission.id, 2026, { releasableTo: ['ISR', 'USA'] }));
    const other = await createPlan(mar.ctx, planner, yearPlanInput(commission.id, 2027, { releasableTo: ['ISR'] }));
    planId = plan.id;
    otherPlanId = other.id;
    const activity = async (
      ref: string,
      classification: Classification,
      releasableTo: string[],
      compartments: string[] = [],
      of = planId,
    ) => {
      const a = await createActivity(mar.ctx, planner, of, activityInput(ref, { classification, releasableTo, compartments }));
      refs[ref] = a.id;
      return a;
    };
    const open = await activity('OPEN', 'UNCLASSIFIED', ['ISR', 'USA']);
    const secret = await activity('SECRET', 'SECRET', ['ISR']);
    await activity('INTEL', 'CONFIDENTIAL', ['ISR'], ['INTEL']);
    await activity('NOT-ISR', 'UNCLASSIFIED', ['USA']);
    await activity('OTHER-PLAN', 'UNCLASSIFIED', ['ISR'], [], otherPlanId);
    await addFollowUp(mar.ctx, planner, open.id, { kind: 'note', body: 'Note on the open activity', language: 'en' });
    await addFollowUp(mar.ctx, planner, secret.id, { kind: 'note', body: 'Note on the secret activity', language: 'en' });
    const file = join(dir, 'MAR-ISR-1.bundle');
    await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', file);
    await importBundle(isr.ctx, isr.officer, isr.setup, stream(file));

    readers.planner = await makeActor(isr.ctx, 'ISR', ['planner'], 'SECRET', ['INTEL']);
    readers.plannerNoIntel = await makeActor(isr.ctx, 'ISR', ['planner'], 'SECRET');
    readers.viewer = await makeActor(isr.ctx, 'ISR', ['viewer'], 'CONFIDENTIAL');
    readers.usa = await makeActor(isr.ctx, 'USA', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const isrCommission = await createCommission(isr.ctx, readers.planner, {
      name: { fr: 'C', en: 'C' },
      parties: ['ISR', 'MAR'],
      classificationTable: {},
      classification: 'UNCLASSIFIED',
      releasableTo: [],
      compartments: [],
    });
    ownPlanId = (await createPlan(isr.ctx, readers.planner, yearPlanInput(isrCommission.id, 2026))).id;
    api = await serveInstallation(isr, dir, '/api/exchange/overview');
  }, 180_000);

  afterAll(async () => {
    await api?.close();
    for (const i of [mar, isr]) await i?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // One session a reader: signing in at every request would meet the sign-in's rate limit.
  const cookies = new Map<string, string>();
  const cookieOf = async (reader: Actor) => {
    const cookie = cookies.get(reader.username) ?? (await sessionCookie(api, reader.username));
    cookies.set(reader.username, cookie);
    return cookie;
  };
  const get = async (reader: Actor, url: string) =>
    api.inject({ method: 'GET', url, headers: { cookie: await cookieOf(reader) } });
  const refOf = (c: Copy) => String(c.data.refCode);

  it.each([
    ['planner', ['INTEL', 'OPEN', 'SECRET']],
    ['plannerNoIntel', ['OPEN', 'SECRET']],
    ['viewer', ['OPEN']],
  ])('gives the %s the plan, and the activities and follow-ups the list gives them of it', async (who, expected) => {
    const reader = readers[who] as Actor;
    const res = await get(reader, `/api/exchange/received/plans/${planId}?lang=fr`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { plan: Copy; activities: Copy[]; followUps: Copy[] };
    expect(body.plan).toMatchObject({ kind: 'plan', id: planId, originator: { party: 'MAR', installation: 'jointplan-mar' } });
    expect(body.plan.marking).toMatch(/^.+ \[.+\]$/);
    expect(body.activities.map(refOf).sort()).toEqual(expected);
    // Never another plan's activity, nor one not released to ISR.
    expect(body.activities.every((a) => a.parentId === planId)).toBe(true);
    // The follow-ups are those of the activities shown, and only those.
    const shown = new Set(body.activities.map((a) => a.id));
    expect(body.followUps.every((f) => f.parentId !== null && shown.has(f.parentId))).toBe(true);
    expect(body.followUps.map((f) => f.data.body).sort()).toEqual(
      [
        ...(expected.includes('OPEN') ? ['Note on the open activity'] : []),
        ...(expected.includes('SECRET') ? ['Note on the secret activity'] : []),
      ].sort(),
    );

    // The same records, and markings, as the list of everything received gives this reader of this plan.
    const list = async (k: string) => {
      const page = (await get(reader, `/api/exchange/received?kind=${k}&lang=fr&limit=500`)).json() as {
        items: Copy[];
        nextCursor: string | null;
      };
      expect(page.nextCursor).toBeNull();
      return page.items;
    };
    const activities = (await list('activity')).filter((a) => a.parentId === planId);
    expect(body.activities.map((a) => [a.id, a.marking]).sort()).toEqual(activities.map((a) => [a.id, a.marking]).sort());
    const followUps = (await list('follow_up')).filter((f) => f.parentId !== null && shown.has(f.parentId));
    expect(body.followUps.map((f) => f.id).sort()).toEqual(followUps.map((f) => f.id).sort());
  });

  it('is not found for a plan the reader may not read, one never received, and a plan of this installation', async () => {
    // The 2027 plan is released to ISR only: a USA reader at ISR may not read it, nor the 2026 plan's SECRET-only parts.
    const cases: [Actor, string][] = [
      [readers.usa as Actor, otherPlanId],
      [readers.planner as Actor, crypto.randomUUID()],
      [readers.planner as Actor, ownPlanId],
      [readers.planner as Actor, refs.OPEN as string],
    ];
    for (const [reader, id] of cases) {
      const res = await get(reader, `/api/exchange/received/plans/${id}`);
      expect([res.statusCode, res.json().code]).toEqual([404, 'plan.not_found']);
    }
    // The USA reader may read the 2026 plan, released to USA too, and its open activity only.
    const usa = await get(readers.usa as Actor, `/api/exchange/received/plans/${planId}`);
    expect(usa.statusCode).toBe(200);
    expect((usa.json() as { activities: Copy[] }).activities.map(refOf)).toEqual(['OPEN']);
    const other = await get(readers.planner as Actor, `/api/exchange/received/plans/${otherPlanId}`);
    expect((other.json() as { activities: Copy[] }).activities.map(refOf)).toEqual(['OTHER-PLAN']);
  });

  it('pages the list of records received by keyset, to every reader exactly what the whole list gives them', async () => {
    for (const who of ['planner', 'viewer', 'usa']) {
      const reader = readers[who] as Actor;
      const whole = (await listReceived(isr.ctx, reader, shippedPolicy('ISR'))).map((r) => `${r.kind}:${r.id}`);
      expect(whole.length).toBeGreaterThan(1);
      for (const [kind, limit] of [
        ['', 1],
        ['', 2],
        ['activity', 1],
        ['plan', 1],
      ] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res = await get(
            reader,
            `/api/exchange/received?limit=${limit}${kind ? `&kind=${kind}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json() as { items: Copy[]; nextCursor: string | null };
          expect(page.items.length).toBeLessThanOrEqual(limit);
          seen.push(...page.items.map((r) => `${r.kind}:${r.id}`));
          cursor = page.nextCursor;
          pages++;
        } while (cursor !== null && pages <= whole.length);
        expect([who, kind, seen]).toEqual([who, kind, whole.filter((k) => !kind || k.startsWith(`${kind}:`))]);
      }
    }
    // A cursor this route did not give, and a limit out of range, are refused with a clear 400.
    // A cursor of the right form whose key holds a NUL, which PostgreSQL refuses in a parameter, is refused as made up.
    const nul = Buffer.from(JSON.stringify(['a\u0000', 'plan', 'x'])).toString('base64url');
    for (const q of [
      'cursor=nonsense',
      `cursor=${Buffer.from('["a","b"]').toString('base64url')}`,
      `cursor=${nul}`,
      'limit=0',
      'limit=501',
    ]) {
      const res = await get(readers.planner as Actor, `/api/exchange/received?${q}`);
      expect(res.statusCode, q).toBe(400);
    }
    const bad = await get(readers.planner as Actor, '/api/exchange/received?cursor=nonsense');
    expect(bad.json().code).toBe('request.bad_cursor');
  });

  it('tells apart one id received from two installations by the installation, and refuses it without one', async () => {
    // USA's installation sends ISR a plan under MAR's plan's id, with an activity of its own under it: SECRET,
    // so that a CONFIDENTIAL reader may read MAR's copy only.
    const template = await isr.t.db
      .selectFrom('exchange_record')
      .selectAll()
      .where('kind', '=', 'plan')
      .where('id', '=', planId)
      .executeTakeFirstOrThrow();
    const codec = await isr.ctx.codec();
    const label = codec.encode({ ownerParty: 'USA', classification: 'SECRET', releasableTo: ['ISR'], compartments: [] });
    const forgedActivity = crypto.randomUUID();
    const forged = { ...template, ...label, originator_installation: 'jointplan-usa', local_level: 'SECRET' };
    await isr.t.db
      .insertInto('exchange_record')
      .values([
        { ...forged, data: JSON.stringify({ status: 'proposed', title: { en: 'Forged' } }) },
        { ...forged, kind: 'activity', id: forgedActivity, parent_id: planId, data: JSON.stringify({ refCode: 'FORGED' }) },
      ])
      .execute();
    try {
      const planner = readers.planner as Actor;
      const ambiguous = [`/api/exchange/received/plans/${planId}`, `/api/plans/${planId}/partner-approvals`];
      for (const url of ambiguous) {
        const res = await get(planner, url);
        expect([res.statusCode, res.json().code, res.json().params], url).toEqual([
          409,
          'exchange.plan_ambiguous',
          { installations: 'jointplan-mar, jointplan-usa' },
        ]);
      }
      const approve = await api.inject({
        method: 'POST',
        url: `/api/plans/${planId}/partner-approval`,
        headers: { cookie: await cookieOf(planner) },
        payload: { version: template.version },
      });
      expect([approve.statusCode, approve.json().code]).toEqual([409, 'exchange.plan_ambiguous']);

      // Named by its installation, each is the plan it came as, with its own activities only.
      const fromMar = await get(planner, `/api/exchange/received/plans/${planId}?from=jointplan-mar`);
      expect(fromMar.statusCode).toBe(200);
      const mine = fromMar.json() as { plan: Copy & { originator: { installation: string } }; activities: Copy[] };
      expect(mine.plan.originator.installation).toBe('jointplan-mar');
      expect(mine.activities.map(refOf).sort()).toEqual(['INTEL', 'OPEN', 'SECRET']);
      const fromUsa = await get(planner, `/api/exchange/received/plans/${planId}?from=jointplan-usa`);
      expect(fromUsa.statusCode).toBe(200);
      const theirs = fromUsa.json() as { plan: Copy & { originator: { installation: string } }; activities: Copy[] };
      expect(theirs.plan.originator.installation).toBe('jointplan-usa');
      expect(theirs.activities.map(refOf)).toEqual(['FORGED']);
      const approvals = await get(planner, `/api/plans/${planId}/partner-approvals?from=jointplan-usa`);
      expect(approvals.json()).toMatchObject({ received: true, originator: { installation: 'jointplan-usa', party: 'USA' } });
      // An installation nothing came from under that id: not found.
      const none = await get(planner, `/api/exchange/received/plans/${planId}?from=jointplan-fra`);
      expect([none.statusCode, none.json().code]).toEqual([404, 'plan.not_found']);

      // A reader who may read one of the two only is given it, and told nothing of the other.
      const viewer = readers.viewer as Actor;
      const one = await get(viewer, `/api/exchange/received/plans/${planId}`);
      expect(one.statusCode).toBe(200);
      expect((one.json() as { plan: { originator: { installation: string } } }).plan.originator.installation).toBe(
        'jointplan-mar',
      );
      const hidden = await get(viewer, `/api/exchange/received/plans/${planId}?from=jointplan-usa`);
      expect([hidden.statusCode, hidden.json().code]).toEqual([404, 'plan.not_found']);
    } finally {
      await isr.t.db
        .deleteFrom('exchange_record')
        .where('originator_installation', '=', 'jointplan-usa')
        .where('id', 'in', [planId, forgedActivity])
        .execute();
    }
  });

  it('answers a reader who is not signed in with 401, and changes nothing', async () => {
    const before = await isr.t.db
      .selectFrom('exchange_record')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const res = await api.inject({ method: 'GET', url: `/api/exchange/received/plans/${planId}` });
    expect(res.statusCode).toBe(401);
    const after = await isr.t.db
      .selectFrom('exchange_record')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
