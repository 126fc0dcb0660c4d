import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, deleteActivity, updateActivity } from '../src/app/activity.usecases.js';
import type { Actor } from '../src/app/context.js';
import {
  approveReceivedPlan,
  listReceived,
  partnerApprovalsOf,
  planPartnerApprovals,
} from '../src/app/exchange-approval.usecases.js';
import { ceremonyRecords, exportBundle, importBundle, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { addFollowUp } from '../src/app/follow-up.usecases.js';
import { createPlan, transitionPlanStatus, updatePlan } from '../src/app/plan.usecases.js';
import { partnerReader } from '../src/domain/exchange/security-policy.js';
import { CLASSIFICATIONS, type Classification, canRead, type Label, levelOf } from '../src/domain/labels.js';
import { countRows, databases } from './support/databases.js';
import { type Installation, installation, marIsrCommission, serveInstallation } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';
import { activityInput, makeActor, sessionCookie, yearPlanInput } from './support/fixtures.js';

/**
 * Two installations in one run, each with its own database, policy and keys: MAR exports a signed
 * bundle for ISR, ISR imports it, and ISR's users then read exactly what MAR's agreement with ISR lets
 * go, at ISR's equivalent levels. A replayed bundle and a mutated one are refused with their codes and
 * change nothing but the log of refusals.
 */
const MAR = shippedPolicy('MAR');
const ISR = shippedPolicy('ISR');
const EXPIRES = '2099-01-01T00:00:00.000Z';

const stream = (file: string) => createReadStream(file, { highWaterMark: 1024 }) as AsyncIterable<Uint8Array>;

async function* bytesOf(b: Uint8Array) {
  yield b;
}

const ISR_LEVEL: Record<Classification, Classification> = {
  UNCLASSIFIED: 'UNCLASSIFIED',
  RESTRICTED: 'CONFIDENTIAL',
  CONFIDENTIAL: 'CONFIDENTIAL',
  SECRET: 'SECRET',
  TOP_SECRET: 'TOP_SECRET',
};

describe.each(databases())('bundles between two installations (%s)', (kind) => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let marPlanner: Actor;
  const labels: (Label & { id: string; planId: string })[] = [];
  const plans: (Label & { id: string })[] = [];
  const followUps: (Label & { id: string; activityId: string })[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-bundles-'));
    const parties = ['MAR', 'ISR', 'USA', 'FRA'];
    mar = await installation(kind, MAR, dir, { parties });
    isr = await installation(kind, ISR, dir, { parties, alg: 'ES256' });
    const { planner, commission } = await marIsrCommission(mar, ['ISR', 'USA'], ['INDUS', 'INTEL', 'LOG-2']);
    marPlanner = planner;
    // One plan released to ISR, one kept national: nothing of the second may leave for ISR.
    for (const [year, releasableTo] of [
      [2026, ['ISR', 'USA']],
      [2027, ['USA']],
    ] as const) {
      const plan = await createPlan(mar.ctx, marPlanner, yearPlanInput(commission.id, year, { releasableTo: [...releasableTo] }));
      plans.push({
        id: plan.id,
        ownerParty: 'MAR',
        classification: 'UNCLASSIFIED',
        releasableTo: [...releasableTo],
        compartments: [],
      });
      let n = 0;
      for (const classification of CLASSIFICATIONS)
        for (const releasableTo of [[], ['ISR'], ['USA'], ['ISR', 'USA']])
          for (const compartments of [[], ['INDUS'], ['INTEL'], ['LOG-2']]) {
            const a = await createActivity(
              mar.ctx,
              marPlanner,
              plan.id,
              activityInput(`A-${year}-${++n}`, { classification, releasableTo, compartments }),
            );
            labels.push({ id: a.id, planId: plan.id, ownerParty: 'MAR', classification, releasableTo, compartments });
            if (n % 7 === 0) {
              const f = await addFollowUp(mar.ctx, marPlanner, a.id, { kind: 'note', body: `note ${n}`, language: 'en' });
              followUps.push({ id: f.id, activityId: a.id, ...labelOf(f) });
            }
          }
    }
    await trustKeys(mar.ctx, mar.officer, mar.setup, ceremonyRecords(mar.ctx, mar.setup, EXPIRES));
    await trustKeys(isr.ctx, isr.officer, isr.setup, ceremonyRecords(isr.ctx, isr.setup, EXPIRES));
    await trustKeys(isr.ctx, isr.officer, isr.setup, ceremonyRecords(mar.ctx, mar.setup, EXPIRES));
    await trustKeys(mar.ctx, mar.officer, mar.setup, ceremonyRecords(isr.ctx, isr.setup, EXPIRES));
  }, 120_000);

  afterAll(async () => {
    await mar?.t.close();
    await isr?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const labelOf = (r: Label): Label => ({
    ownerParty: r.ownerParty,
    classification: r.classification,
    releasableTo: r.releasableTo,
    compartments: r.compartments,
  });

  // The reference model: what MAR's agreement lets ISR read.
  const reader = partnerReader(MAR, 'ISR');
  const goes = (l: Label) => reader !== null && canRead(reader, l);
  const planGoes = (id: string) => goes(plans.find((p) => p.id === id) as Label);
  const expectedActivities = () => labels.filter((a) => goes(a) && planGoes(a.planId));
  const expectedFollowUps = () =>
    followUps.filter((f) => {
      const a = labels.find((x) => x.id === f.activityId) as Label & { planId: string };
      return goes(f) && goes(a) && planGoes(a.planId);
    });

  it('ISR reads exactly what the agreement lets go, at its own equivalent levels', async () => {
    const file = join(dir, 'mar-isr-1.bundle');
    const sent = await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', file);
    expect(sent.sequence).toBe(1);
    expect(sent.since).toBeNull();
    expect(sent.records).toEqual({
      plan: 1,
      activity: expectedActivities().length,
      follow_up: expectedFollowUps().length,
      approval: 0,
    });
    expect(sent.withdrawals).toBe(0);
    expect(expectedActivities().length).toBeGreaterThan(10);

    const report = await importBundle(isr.ctx, isr.officer, isr.setup, stream(file));
    expect(report.sequence).toBe(1);
    expect(report.counts).toEqual({
      created: 1 + expectedActivities().length + expectedFollowUps().length,
      updated: 0,
      unchanged: 0,
      withdrawn: 0,
      not_held: 0,
    });

    // An ISR reader cleared to the top with every compartment reads every copy; each at ISR's equivalent.
    const top = await makeActor(isr.ctx, 'ISR', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL', 'LOG-2']);
    const seen = await listReceived(isr.ctx, top, ISR, 'activity');
    expect(seen.map((r) => r.id).sort()).toEqual(
      expectedActivities()
        .map((a) => a.id)
        .sort(),
    );
    for (const r of seen) {
      const original = labels.find((a) => a.id === r.id) as Label;
      expect(r.local).toEqual({
        ownerParty: 'MAR',
        classification: ISR_LEVEL[original.classification],
        releasableTo: [...original.releasableTo].filter((p) => p !== 'MAR').sort(),
        compartments: [...original.compartments].sort(),
      });
      expect(r.marking).toMatch(/ \[.+\]$/);
      expect(r.data.ownerUserId).toBeUndefined();
    }
    const seenFollowUps = await listReceived(isr.ctx, top, ISR, 'follow_up');
    expect(seenFollowUps.map((r) => r.id).sort()).toEqual(
      expectedFollowUps()
        .map((f) => f.id)
        .sort(),
    );

    // Lesser ISR readers read the copies by the read rule over the local equivalent.
    for (const [clearance, compartments] of [
      ['CONFIDENTIAL', []],
      ['SECRET', ['INDUS']],
      ['UNCLASSIFIED', ['INTEL']],
    ] as [Classification, string[]][]) {
      const user = await makeActor(isr.ctx, 'ISR', ['viewer'], clearance, compartments);
      const got = (await listReceived(isr.ctx, user, ISR, 'activity')).map((r) => r.id).sort();
      const want = expectedActivities()
        .filter(
          (a) =>
            levelOf(ISR_LEVEL[a.classification]) <= levelOf(clearance) && a.compartments.every((c) => compartments.includes(c)),
        )
        .map((a) => a.id)
        .sort();
      expect(got).toEqual(want);
    }
    // A USA user at ISR's installation reads only copies released to USA too.
    const usa = await makeActor(isr.ctx, 'USA', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL', 'LOG-2']);
    expect((await listReceived(isr.ctx, usa, ISR, 'activity')).map((r) => r.id).sort()).toEqual(
      expectedActivities()
        .filter((a) => a.releasableTo.includes('USA'))
        .map((a) => a.id)
        .sort(),
    );
  });

  it('refuses a replayed bundle and a mutated one with their codes, and they change nothing', async () => {
    const first = join(dir, 'mar-isr-1.bundle');
    const copies = await countRows(isr.t.db, 'exchange_record');
    const audits = await countRows(isr.t.db, 'audit_entry');
    await expect(importBundle(isr.ctx, isr.officer, isr.setup, stream(first))).rejects.toMatchObject({
      code: 'exchange.bundle_replayed',
    });

    const second = join(dir, 'mar-isr-2.bundle');
    const sent = await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', second);
    expect(sent.sequence).toBe(2);
    const bytes = readFileSync(second);
    // A byte of the content changed: the signed hash no longer matches.
    const content = Buffer.from(bytes);
    content[content.length - 20] = (content[content.length - 20] ?? 0) ^ 0x01;
    await expect(importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(content))).rejects.toMatchObject({
      code: 'exchange.content_mismatch',
    });
    // A byte of the header changed: the signature no longer holds (or the header no longer parses).
    const header = Buffer.from(bytes);
    const at = header.indexOf('"sequence":2');
    header[at + 11] = '3'.charCodeAt(0);
    await expect(importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(header))).rejects.toMatchObject({
      code: 'exchange.bad_signature',
    });
    // Someone else's bundle: MAR's bundle for USA is not ISR's to apply.
    const forUsa = join(dir, 'mar-usa-1.bundle');
    await exportBundle(mar.ctx, mar.officer, mar.setup, 'USA', forUsa);
    await expect(importBundle(isr.ctx, isr.officer, isr.setup, stream(forUsa))).rejects.toMatchObject({
      code: 'exchange.wrong_audience',
    });
    // Only the party's security officers import.
    const planner = await makeActor(isr.ctx, 'ISR', ['planner', 'admin'], 'TOP_SECRET');
    await expect(importBundle(isr.ctx, planner, isr.setup, stream(second))).rejects.toMatchObject({
      code: 'exchange.only_officers',
    });

    expect(await countRows(isr.t.db, 'exchange_record')).toBe(copies);
    const refusals = await isr.t.db.selectFrom('exchange_refusal').select(['code']).orderBy('at').execute();
    expect(refusals.map((r) => r.code).sort()).toEqual(
      ['exchange.bad_signature', 'exchange.bundle_replayed', 'exchange.content_mismatch', 'exchange.wrong_audience'].sort(),
    );
    const refusedEntries = await isr.t.db
      .selectFrom('audit_entry')
      .select('action')
      .where('seq', '>', audits)
      .where('action', 'like', 'exchange.%')
      .execute();
    expect(refusedEntries.map((e) => e.action)).toEqual(refusals.map(() => 'exchange.refuse'));
    const state = await isr.t.db.selectFrom('exchange_inbound').selectAll().executeTakeFirstOrThrow();
    expect(state.sequence).toBe(1);

    // The genuine second bundle still applies: every record unchanged.
    const report = await importBundle(isr.ctx, isr.officer, isr.setup, stream(second));
    expect(report.counts).toEqual({ created: 0, updated: 0, unchanged: report.records.length, withdrawn: 0, not_held: 0 });
  });

  it('sends only what changed since the bundle the partner acknowledged', async () => {
    // ISR's bundle to MAR carries its acknowledgement of MAR's bundle 2.
    const back = join(dir, 'isr-mar-1.bundle');
    const isrSent = await exportBundle(isr.ctx, isr.officer, isr.setup, 'MAR', back);
    expect(isrSent.acknowledges).toBe(2);
    const applied = await importBundle(mar.ctx, mar.officer, mar.setup, stream(back));
    expect(applied.acknowledged).toBe(2);

    const changed = expectedActivities()[0] as Label & { id: string };
    await new Promise((r) => setTimeout(r, 5));
    await updateActivity(mar.ctx, marPlanner, changed.id, { location: 'Tel Aviv' }, 1);
    const third = join(dir, 'mar-isr-3.bundle');
    const sent = await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', third);
    expect(sent.since).not.toBeNull();
    expect(sent.records).toEqual({ plan: 0, activity: 1, follow_up: 0, approval: 0 });
    const report = await importBundle(isr.ctx, isr.officer, isr.setup, stream(third));
    expect(report.records).toEqual([{ kind: 'activity', id: changed.id, action: 'updated' }]);
    const top = await makeActor(isr.ctx, 'ISR', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL', 'LOG-2']);
    const copy = (await listReceived(isr.ctx, top, ISR, 'activity')).find((r) => r.id === changed.id);
    expect(copy?.data.location).toBe('Tel Aviv');
  });

  it('answers the same over the API, to the security officers only', async () => {
    const saved = { ...process.env };
    try {
      const marApp = await serveInstallation(mar, dir, '/api/exchange/received');
      const isrApp = await serveInstallation(isr, dir, '/api/exchange/received');
      const marOfficer = await sessionCookie(marApp, mar.officer.username);
      const isrOfficer = await sessionCookie(isrApp, isr.officer.username);
      const planner = await makeActor(mar.ctx, 'MAR', ['planner', 'admin'], 'TOP_SECRET');
      const refused = await marApp.inject({
        method: 'POST',
        url: '/api/exchange/bundles?to=ISR',
        headers: { cookie: await sessionCookie(marApp, planner.username) },
      });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().code).toBe('exchange.only_officers');

      await new Promise((r) => setTimeout(r, 5));
      const changed = expectedActivities()[1] as Label & { id: string };
      await updateActivity(mar.ctx, marPlanner, changed.id, { location: 'Haifa' }, 1);
      const bundle = await marApp.inject({
        method: 'POST',
        url: '/api/exchange/bundles?to=ISR',
        headers: { cookie: marOfficer },
      });
      expect(bundle.statusCode, bundle.body).toBe(200);
      expect(bundle.headers['content-type']).toContain('application/vnd.jointplan.bundle');
      expect(bundle.headers['x-bundle-sequence']).toBe('4');
      const body = bundle.rawPayload;
      const apply = (cookie: string) =>
        isrApp.inject({
          method: 'POST',
          url: '/api/exchange/bundles/import',
          headers: { cookie, 'content-type': 'application/vnd.jointplan.bundle' },
          payload: body,
        });
      const applied = await apply(isrOfficer);
      expect(applied.statusCode, applied.body).toBe(200);
      // Bundle 3 was not acknowledged yet: its change comes again, unchanged, with the new one.
      const first = expectedActivities()[0] as Label & { id: string };
      expect(applied.json().records).toEqual(
        [
          { kind: 'activity', id: changed.id, action: 'updated' },
          { kind: 'activity', id: first.id, action: 'unchanged' },
        ].sort((x, y) => x.id.localeCompare(y.id)),
      );
      const replayed = await apply(isrOfficer);
      expect(replayed.statusCode).toBe(409);
      expect(replayed.json().code).toBe('exchange.bundle_replayed');

      // The report's records, a page at a time, to the officers only, each by the read rule.
      const { bundleId, records: reported } = applied.json() as { bundleId: string; records: unknown[] };
      const recordsOf = (cookie: string, query: string, id = bundleId) =>
        isrApp.inject({ method: 'GET', url: `/api/exchange/bundles/received/${id}/records?${query}`, headers: { cookie } });
      const pages: unknown[] = [];
      for (let cursor: string | null = '', n = 0; cursor !== null; n++) {
        expect(n).toBeLessThan(5);
        const page = await recordsOf(isrOfficer, `limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.statusCode, page.body).toBe(200);
        const { items, nextCursor } = page.json() as { items: unknown[]; nextCursor: string | null };
        expect(items.length).toBeLessThanOrEqual(1);
        pages.push(...items);
        cursor = nextCursor;
      }
      expect(pages).toEqual(reported);
      const badCursor = await recordsOf(isrOfficer, 'cursor=WyJ4Il0');
      expect(badCursor.statusCode, badCursor.body).toBe(400);
      expect(badCursor.json().code).toBe('request.bad_cursor');
      // A bundle not applied here, and any bundle asked by one who is not an officer, do not exist.
      expect((await recordsOf(isrOfficer, '', randomUUID())).statusCode).toBe(404);
      const isrViewer = await makeActor(isr.ctx, 'ISR', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL', 'LOG-2']);
      const notOfficer = await recordsOf(await sessionCookie(isrApp, isrViewer.username), '');
      expect(notOfficer.statusCode).toBe(404);
      expect(notOfficer.json().code).toBe('common.not_found');
      // An officer of a lower clearance is told only of the records whose copies they may read.
      const low = await makeActor(isr.ctx, 'ISR', ['security_officer'], 'RESTRICTED');
      const readable = new Set((await listReceived(isr.ctx, low, ISR)).map((r) => r.id));
      const lowPage = await recordsOf(await sessionCookie(isrApp, low.username), 'limit=500');
      expect(lowPage.json().items).toEqual((reported as { id: string }[]).filter((r) => readable.has(r.id)));

      const viewer = await makeActor(isr.ctx, 'ISR', ['viewer'], 'SECRET', ['INDUS', 'INTEL']);
      const cookie = await sessionCookie(isrApp, viewer.username);
      // Read a page of 40 at a time, each asked for by the cursor of the page before, to the last.
      const rows: { id: string; data: { location: string }; marking: string }[] = [];
      for (let cursor: string | null = '', pages = 0; cursor !== null; pages++) {
        expect(pages).toBeLessThan(20);
        const list = await isrApp.inject({
          method: 'GET',
          url: `/api/exchange/received?kind=activity&lang=he&limit=40${cursor ? `&cursor=${cursor}` : ''}`,
          headers: { cookie },
        });
        expect(list.statusCode, list.body).toBe(200);
        const page = list.json() as { items: typeof rows; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(40);
        rows.push(...page.items);
        cursor = page.nextCursor;
      }
      expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
      expect(rows.map((r) => r.id).sort()).toEqual(
        expectedActivities()
          .map((a) => a.id)
          .sort(),
      );
      expect(rows.find((r) => r.id === changed.id)?.data.location).toBe('Haifa');
      await marApp.close();
      await isrApp.close();
    } finally {
      for (const k of ['JOINTPLAN_SECURITY_POLICY', 'JOINTPLAN_EXCHANGE_KEY_FILE', 'JOINTPLAN_EXCHANGE_KEY_ALG'])
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    }
  });

  it('gives two exports to one partner at once distinct sequence numbers, or refuses the later one', async () => {
    const files = [join(dir, 'usa-a.bundle'), join(dir, 'usa-b.bundle')];
    const before = await mar.t.db
      .selectFrom('exchange_sent')
      .select('sequence')
      .where('recipient_installation', '=', 'jointplan-usa')
      .execute();
    const results = await Promise.allSettled(files.map((f) => exportBundle(mar.ctx, mar.officer, mar.setup, 'USA', f)));
    const done = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.sequence] : []));
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'common.conflict' });
    expect(done.length).toBeGreaterThan(0);
    expect(new Set(done).size).toBe(done.length);
    const after = await mar.t.db
      .selectFrom('exchange_sent')
      .select('sequence')
      .where('recipient_installation', '=', 'jointplan-usa')
      .execute();
    expect(after.length).toBe(before.length + done.length);
    for (const [k, r] of results.entries()) expect(existsSync(files[k] as string)).toBe(r.status === 'fulfilled');
    // Neither leaves its working files (the content, the bundle being written, the rows it carried, its withdrawals).
    expect(readdirSync(dir).filter((name) => /\.(content|partial|rows|withdrawn)\./.test(name))).toEqual([]);
  });

  it("takes MAR's plan approval to ISR, and ISR's approval of MAR's plan back to MAR", async () => {
    const plan = plans[0] as Label & { id: string };
    await transitionPlanStatus(mar.ctx, marPlanner, plan.id, { to: 'proposed' });
    await transitionPlanStatus(mar.ctx, marPlanner, plan.id, { to: 'approved' });
    const toIsr = join(dir, 'mar-isr-approvals.bundle');
    const sent = await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', toIsr);
    expect(sent.records.approval).toBe(1);
    const applied = await importBundle(isr.ctx, isr.officer, isr.setup, stream(toIsr));
    expect(applied.records).toContainEqual({ kind: 'approval', id: expect.stringContaining(plan.id), action: 'created' });

    // ISR reads MAR's approval, under the plan's label, and approves the plan it received.
    const isrPlanner = await makeActor(isr.ctx, 'ISR', ['planner'], 'SECRET');
    const theirs = await listReceived(isr.ctx, isrPlanner, ISR, 'approval');
    expect(theirs.map((r) => [r.parentId, r.data.party])).toEqual([[plan.id, 'MAR']]);
    const given = await approveReceivedPlan(isr.ctx, isrPlanner, ISR, plan.id);
    expect(given).toMatchObject({ planId: plan.id, party: 'ISR', originator: 'jointplan-mar' });
    expect(await approveReceivedPlan(isr.ctx, isrPlanner, ISR, plan.id)).toEqual(given);
    // A plan the planner may not read is not there; a viewer approves nothing.
    await expect(approveReceivedPlan(isr.ctx, isrPlanner, ISR, plans[1]?.id as string)).rejects.toMatchObject({
      code: 'plan.not_found',
    });
    const viewer = await makeActor(isr.ctx, 'ISR', ['viewer'], 'SECRET');
    await expect(approveReceivedPlan(isr.ctx, viewer, ISR, plan.id)).rejects.toMatchObject({ code: 'access.only_planners' });

    const toMar = join(dir, 'isr-mar-approvals.bundle');
    const back = await exportBundle(isr.ctx, isr.officer, isr.setup, 'MAR', toMar);
    // ISR sends its own approval only: MAR's, received, is MAR's to send.
    expect(back.records).toEqual({ plan: 0, activity: 0, follow_up: 0, approval: 1 });
    // MAR changes its plan while ISR's approval travels: ISR approved a version that is no longer the plan's, so
    // its approval, received, does not make the plan every party's (test/exchange-plan-status.test.ts).
    const { version } = await mar.t.db
      .selectFrom('work_plan')
      .select('version')
      .where('id', '=', plan.id)
      .executeTakeFirstOrThrow();
    await updatePlan(mar.ctx, marPlanner, plan.id, { title: { fr: 'Plan révisé', en: 'Revised plan' }, version });
    const report = await importBundle(mar.ctx, mar.officer, mar.setup, stream(toMar));
    expect(report.records).toEqual([{ kind: 'approval', id: given.id, action: 'created' }]);
    expect(
      (await mar.t.db.selectFrom('work_plan').select('status').where('id', '=', plan.id).executeTakeFirstOrThrow()).status,
    ).toBe('proposed');

    // MAR shows ISR's approval with its plan's approvals: the partner's, its marking with ISR's in brackets.
    const shown = await partnerApprovalsOf(mar.ctx, marPlanner, MAR, [plan.id], 'fr');
    expect(shown).toEqual([
      {
        planId: plan.id,
        party: 'ISR',
        at: given.at,
        planVersion: given.planVersion,
        originator: { installation: 'jointplan-isr', party: 'ISR' },
        partner: true,
        marking: expect.stringMatching(/ \[.+\]$/),
        withdrawnAt: null,
      },
    ]);
    // A MAR reader who may not read ISR's approval does not see it.
    const fraAtMar = await makeActor(mar.ctx, 'FRA', ['viewer'], 'TOP_SECRET');
    expect(await partnerApprovalsOf(mar.ctx, fraAtMar, MAR, [plan.id])).toEqual([]);
  });

  it('withdraws at ISR what stops being releasable to it, with the reason, all or nothing', async () => {
    const withFollowUps = new Set(followUps.map((f) => f.activityId));
    const going = expectedActivities().filter((a) => !withFollowUps.has(a.id) && a.compartments.length === 0);
    expect(going.length).toBeGreaterThanOrEqual(6);
    const pick = (k: number) => going[k] as Label & { id: string };
    const [narrowed, raised, compartment, deleted] = [pick(2), pick(3), pick(4), pick(5)];
    const versionOf = async (id: string) =>
      (await mar.t.db.selectFrom('activity').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    // A follow-up goes with its activity: narrowing the activity takes it back too.
    const parent = expectedFollowUps()[0] as Label & { id: string; activityId: string };
    await updateActivity(mar.ctx, marPlanner, narrowed.id, { releasableTo: ['USA'] }, await versionOf(narrowed.id));
    await updateActivity(mar.ctx, marPlanner, parent.activityId, { releasableTo: ['USA'] }, await versionOf(parent.activityId));
    await updateActivity(mar.ctx, marPlanner, raised.id, { classification: 'TOP_SECRET' }, await versionOf(raised.id));
    await updateActivity(mar.ctx, marPlanner, compartment.id, { compartments: ['LOG-2'] }, await versionOf(compartment.id));
    await deleteActivity(mar.ctx, marPlanner, deleted.id, await versionOf(deleted.id));

    // ISR never held one of them: its withdrawal is nothing to do there.
    await isr.t.db.deleteFrom('exchange_record').where('id', '=', compartment.id).execute();

    const file = join(dir, 'mar-isr-withdrawals.bundle');
    const sent = await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', file);
    const text = readFileSync(file, 'utf8');
    // Changing the proposed plan's content also took back MAR's approval of it: that goes as a withdrawal too.
    expect(sent.withdrawals).toBe(7);
    const approvalCopy = (await listReceived(isr.ctx, isr.officer, ISR, 'approval'))[0];
    const approval = approvalCopy?.id as string;
    expect(approval).toContain(':MAR:');
    const lines = text
      .split('\n')
      .filter((l) => l.includes('"kind":"withdraw"'))
      .map((l) => JSON.parse(l) as { of: string; id: string });
    // Why each one no longer goes stays with the sender: told to ISR, it would say what became of a
    // record ISR may no longer read.
    const kept = await mar.t.db
      .selectFrom('exchange_released')
      .select(['kind', 'id', 'reason'])
      .where('recipient_installation', '=', 'jointplan-isr')
      .where('reason', 'is not', null)
      .execute();
    expect(kept.map((w) => [w.kind, w.id, w.reason]).sort()).toEqual(
      [
        ['activity', narrowed.id, 'release_narrowed'],
        ['activity', parent.activityId, 'release_narrowed'],
        ['follow_up', parent.id, 'parent_withdrawn'],
        ['activity', raised.id, 'level_raised'],
        ['activity', compartment.id, 'compartment_not_agreed'],
        ['activity', deleted.id, 'deleted'],
        ['approval', approval, 'deleted'],
      ].sort(),
    );
    expect(lines.map((l) => [l.of, l.id]).sort()).toEqual(kept.map((w) => [w.kind, w.id]).sort());
    // No content and no reason: kind and id only.
    for (const l of lines) expect(Object.keys(l).sort()).toEqual(['id', 'kind', 'of']);

    // A withdrawal line can not be forged: changing its id breaks the content's signed hash.
    const forged = Buffer.from(readFileSync(file));
    const at = forged.indexOf(`"id":"${narrowed.id}","kind":"withdraw"`);
    expect(at).toBeGreaterThan(0);
    forged[at + 7] = forged[at + 7] === 0x30 ? 0x31 : 0x30;
    const copies = await countRows(isr.t.db, 'exchange_record');
    await expect(importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(forged))).rejects.toMatchObject({
      code: 'exchange.content_mismatch',
    });
    expect(await countRows(isr.t.db, 'exchange_record')).toBe(copies);
    expect(await countRows(isr.t.db, 'exchange_withdrawn_approval')).toBe(0);

    const report = await importBundle(isr.ctx, isr.officer, isr.setup, stream(file));
    const actions = new Map(report.records.map((r) => [`${r.kind}:${r.id}`, r.action]));
    expect(actions.get(`activity:${narrowed.id}`)).toBe('withdrawn');
    expect(actions.get(`activity:${raised.id}`)).toBe('withdrawn');
    expect(actions.get(`activity:${deleted.id}`)).toBe('withdrawn');
    expect(actions.get(`follow_up:${parent.id}`)).toBe('withdrawn');
    // A withdrawal of a record never held here is nothing to do, and not listed: listed, it would tell
    // an officer which withdrawn ids were copies above their clearance (those are not listed either).
    expect(actions.has(`activity:${compartment.id}`)).toBe(false);
    expect(actions.get(`approval:${approval}`)).toBe('withdrawn');
    expect(report.counts.withdrawn).toBe(6);
    expect(report.counts.not_held).toBe(0);
    expect(await countRows(isr.t.db, 'exchange_record')).toBe(copies - 6);
    const top = await makeActor(isr.ctx, 'ISR', ['viewer'], 'TOP_SECRET', ['INDUS', 'INTEL', 'LOG-2']);
    const held = new Set((await listReceived(isr.ctx, top, ISR)).map((r) => r.id));
    for (const id of [narrowed.id, parent.activityId, parent.id, raised.id, deleted.id, approval])
      expect(held.has(id)).toBe(false);
    const audited = await isr.t.db
      .selectFrom('audit_entry')
      .select(['entity_id', 'detail'])
      .where('action', '=', 'exchange.withdraw')
      .execute();
    expect(audited.map((e) => e.entity_id).sort()).toEqual(
      [narrowed.id, parent.activityId, parent.id, raised.id, deleted.id, approval].sort(),
    );
    // MAR's approval withdrawn is still listed with the plan's approvals at ISR, as withdrawn, and counts for nothing.
    const planId = approvalCopy?.parentId as string;
    const applied = await isr.t.db
      .selectFrom('exchange_received')
      .select('applied_at')
      .where('bundle_id', '=', sent.bundleId)
      .executeTakeFirstOrThrow();
    const listed = (await planPartnerApprovals(isr.ctx, top, ISR, planId)).approvals.filter((a) => a.party === 'MAR');
    expect(listed).toEqual([expect.objectContaining({ origin: 'received', current: false, withdrawnAt: applied.applied_at })]);

    // Once ISR acknowledges, the withdrawals are not sent again.
    await exportBundle(isr.ctx, isr.officer, isr.setup, 'MAR', join(dir, 'isr-mar-ack.bundle'));
    await importBundle(mar.ctx, mar.officer, mar.setup, stream(join(dir, 'isr-mar-ack.bundle')));
    const next = await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', join(dir, 'mar-isr-after.bundle'));
    expect(next.withdrawals).toBe(0);
  });

  it('audits refused exports', async () => {
    const before = await countRows(mar.t.db, 'audit_entry');
    await expect(exportBundle(mar.ctx, mar.officer, mar.setup, 'FRA', join(dir, 'fra.bundle'))).rejects.toMatchObject({
      code: 'exchange.unknown_partner',
    });
    const entries = await mar.t.db.selectFrom('audit_entry').select(['action', 'detail']).where('seq', '>', before).execute();
    expect(entries.map((e) => e.action)).toEqual(['exchange.export_refused']);
    expect(JSON.parse(entries[0]?.detail ?? '{}')).toMatchObject({ to: 'FRA', code: 'exchange.unknown_partner' });
  });
});
