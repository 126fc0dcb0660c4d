import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommission } from '../src/app/commission.usecases.js';
import type { Actor } from '../src/app/context.js';
import { approveReceivedPlan, listReceived, planPartnerApprovals } from '../src/app/exchange-approval.usecases.js';
import { ceremonyRecords, exportBundle, importBundle, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { createPlan, transitionPlanStatus, updatePlan } from '../src/app/plan.usecases.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import type { Role } from '../src/domain/user.schema.js';
import { databases } from './support/databases.js';
import { type Installation, installation, marIsrCommission, serveInstallation } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';
import { makeActor, sessionCookie, yearPlanInput } from './support/fixtures.js';

/**
 * Approvals of partners' plans across three installations: ISR approves MAR's plan over the API, the
 * approval names the version approved and goes back to MAR alone (never to USA, to whom its label is
 * releasable too), a newer version received leaves it as of an earlier version, and MAR's withdrawal of
 * the plan withdraws it at ISR and then, as kind and id only, at MAR. Who may approve is checked with
 * generated users against a small reference model.
 */
const MAR = shippedPolicy('MAR');
const ISR = shippedPolicy('ISR');
const USA = shippedPolicy('USA');
const EXPIRES = '2099-01-01T00:00:00.000Z';
const stream = (file: string) => createReadStream(file, { highWaterMark: 4096 }) as AsyncIterable<Uint8Array>;

describe.each(databases())('approvals of received plans (%s)', (kind) => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let usa: Installation;
  let marPlanner: Actor;
  let isrPlanner: Actor;
  let isrApi: FastifyInstance;
  let commissionId: string;
  let planId: string;
  let n = 0;

  const send = async (from: Installation, to: Installation, fromParty: string, toParty: string) => {
    const file = join(dir, `${fromParty}-${toParty}-${++n}.bundle`);
    const sent = await exportBundle(from.ctx, from.officer, from.setup, toParty, file);
    const report = await importBundle(to.ctx, to.officer, to.setup, stream(file));
    return { sent, report };
  };
  const planVersion = async (id: string) =>
    (await mar.t.db.selectFrom('work_plan').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-approvals-'));
    mar = await installation(kind, MAR, dir);
    isr = await installation(kind, ISR, dir, { alg: 'ES256' });
    usa = await installation(kind, USA, dir);
    for (const at of [mar, isr, usa])
      for (const of of [mar, isr, usa]) await trustKeys(at.ctx, at.officer, at.setup, ceremonyRecords(of.ctx, of.setup, EXPIRES));
    const made = await marIsrCommission(mar, ['ISR', 'USA'], ['INDUS', 'INTEL', 'LOG-2']);
    marPlanner = made.planner;
    commissionId = made.commission.id;
    isrPlanner = await makeActor(isr.ctx, 'ISR', ['planner'], 'SECRET');
    const plan = await createPlan(mar.ctx, marPlanner, yearPlanInput(commissionId, 2026, { releasableTo: ['ISR', 'USA'] }));
    planId = plan.id;
    await transitionPlanStatus(mar.ctx, marPlanner, planId, { to: 'proposed' });
    await send(mar, isr, 'MAR', 'ISR');
    isrApi = await serveInstallation(isr, dir, '/api/exchange/overview');
  }, 180_000);

  afterAll(async () => {
    await isrApi?.close();
    for (const i of [mar, isr, usa]) await i?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes back to MAR alone, approved over the API, and MAR shows it with the version it approved', async () => {
    const cookie = await sessionCookie(isrApi, isrPlanner.username);
    const version = await planVersion(planId);
    const seen = await isrApi.inject({ method: 'GET', url: `/api/plans/${planId}/partner-approvals`, headers: { cookie } });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ received: true, version, status: 'proposed', approvals: [], canApprove: true });
    const stale = await isrApi.inject({
      method: 'POST',
      url: `/api/plans/${planId}/partner-approval`,
      headers: { cookie },
      payload: { version: version + 1 },
    });
    expect([stale.statusCode, stale.json().code]).toEqual([409, 'plan.stale_version']);
    const res = await isrApi.inject({
      method: 'POST',
      url: `/api/plans/${planId}/partner-approval`,
      headers: { cookie },
      payload: { version },
    });
    expect(res.statusCode).toBe(200);
    const given = res.json();
    expect(given).toMatchObject({ planId, planVersion: version, party: 'ISR', originator: 'jointplan-mar' });
    // A plan nobody sent is not found; a plan of ISR's own is approved by its transitions.
    const missing = await isrApi.inject({
      method: 'POST',
      url: `/api/plans/${crypto.randomUUID()}/partner-approval`,
      headers: { cookie },
      payload: { version: 1 },
    });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'plan.not_found']);
    const isrCommission = await createCommission(isr.ctx, isrPlanner, {
      name: { fr: 'C', en: 'C' },
      parties: ['ISR', 'MAR'],
      classificationTable: {},
      classification: 'UNCLASSIFIED',
      releasableTo: [],
      compartments: [],
    });
    const own = await createPlan(isr.ctx, isrPlanner, yearPlanInput(isrCommission.id, 2026));
    const notCopy = await isrApi.inject({
      method: 'POST',
      url: `/api/plans/${own.id}/partner-approval`,
      headers: { cookie },
      payload: { version: own.version },
    });
    expect([notCopy.statusCode, notCopy.json().code]).toEqual([409, 'exchange.approval_not_received']);

    // The security finding: USA may read the approval's label, but the approval is MAR's plan's, for MAR.
    const toUsa = await send(isr, usa, 'ISR', 'USA');
    expect(toUsa.sent.records.approval).toBe(0);
    expect(await listReceived(usa.ctx, usa.officer, USA, 'approval')).toEqual([]);
    const toMar = await send(isr, mar, 'ISR', 'MAR');
    expect(toMar.sent.records.approval).toBe(1);
    expect(toMar.report.records).toEqual([{ kind: 'approval', id: given.id, action: 'created' }]);

    const shown = await planPartnerApprovals(mar.ctx, marPlanner, MAR, planId, 'en');
    expect(shown).toMatchObject({ received: false, originator: null, version, canApprove: false });
    expect(shown.approvals).toEqual([
      {
        party: 'ISR',
        at: given.at,
        planVersion: version,
        current: true,
        origin: 'received',
        marking: expect.any(String),
        withdrawnAt: null,
      },
    ]);
  });

  it('keeps an approval of an earlier version, approves the new one, and withdraws both with the plan', async () => {
    const before = await planVersion(planId);
    await updatePlan(mar.ctx, marPlanner, planId, { title: { fr: 'Plan révisé', en: 'Plan revised' } }, before);
    const now = await planVersion(planId);
    expect(now).toBeGreaterThan(before);
    await send(mar, isr, 'MAR', 'ISR');
    const atIsr = await planPartnerApprovals(isr.ctx, isrPlanner, ISR, planId);
    expect(atIsr.version).toBe(now);
    expect(atIsr.approvals.map((a) => [a.party, a.planVersion, a.current, a.origin])).toEqual([['ISR', before, false, 'local']]);
    expect(atIsr.canApprove).toBe(true);
    // Approved twice at once (a double click): one approval, given to both.
    const [again, twin] = await Promise.all([
      approveReceivedPlan(isr.ctx, isrPlanner, ISR, planId, now),
      approveReceivedPlan(isr.ctx, isrPlanner, ISR, planId, now),
    ]);
    expect(twin).toEqual(again);
    expect(again.planVersion).toBe(now);
    expect(await approveReceivedPlan(isr.ctx, isrPlanner, ISR, planId)).toEqual(again);
    expect((await planPartnerApprovals(isr.ctx, isrPlanner, ISR, planId)).canApprove).toBe(false);
    await send(isr, mar, 'ISR', 'MAR');
    const atMar = await planPartnerApprovals(mar.ctx, marPlanner, MAR, planId);
    expect(atMar.approvals.map((a) => [a.planVersion, a.current]).sort()).toEqual([
      [before, false],
      [now, true],
    ]);

    // MAR takes the plan back from ISR: ISR's copy goes, and its approvals with it.
    await updatePlan(mar.ctx, marPlanner, planId, { releasableTo: ['USA'] }, now);
    const withdrawn = await send(mar, isr, 'MAR', 'ISR');
    expect(withdrawn.report.records).toContainEqual({ kind: 'plan', id: planId, action: 'withdrawn' });
    expect(await isr.t.db.selectFrom('exchange_approval').select('id').where('plan_id', '=', planId).execute()).toEqual([]);
    await expect(planPartnerApprovals(isr.ctx, isrPlanner, ISR, planId)).rejects.toMatchObject({ code: 'plan.not_found' });
    const back = await send(isr, mar, 'ISR', 'MAR');
    expect(back.sent.withdrawals).toBe(2);
    expect(back.report.records.filter((r) => r.kind === 'approval').map((r) => r.action)).toEqual(['withdrawn', 'withdrawn']);
    // MAR still lists both, as ISR gave them, withdrawn when ISR's bundle took them back, and counting for nothing.
    const applied = await mar.t.db
      .selectFrom('exchange_received')
      .select('applied_at')
      .where('bundle_id', '=', back.sent.bundleId)
      .executeTakeFirstOrThrow();
    const listed = (await planPartnerApprovals(mar.ctx, marPlanner, MAR, planId)).approvals;
    expect(listed.map((a) => [a.party, a.planVersion, a.at, a.current, a.origin, a.withdrawnAt]).sort()).toEqual(
      [
        ['ISR', before, atMar.approvals.find((a) => a.planVersion === before)?.at, false, 'received', applied.applied_at],
        ['ISR', now, again.at, false, 'received', applied.applied_at],
      ].sort(),
    );
    // Over the API, the same; a reader who may not read the plan (no longer released to ISR) is told it is not there.
    const marApi = await serveInstallation(mar, dir, '/api/exchange/overview');
    try {
      const res = await marApi.inject({
        method: 'GET',
        url: `/api/plans/${planId}/partner-approvals?lang=fr`,
        headers: { cookie: await sessionCookie(marApi, marPlanner.username) },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().approvals).toEqual(listed.map((a) => ({ ...a, marking: expect.any(String) })));
      const viewer = await makeActor(mar.ctx, 'ISR', ['viewer'], 'SECRET');
      const other = await marApi.inject({
        method: 'GET',
        url: `/api/plans/${planId}/partner-approvals`,
        headers: { cookie: await sessionCookie(marApi, viewer.username) },
      });
      expect(other.statusCode).toBe(404);
    } finally {
      await marApi.close();
    }
  });

  it('lets exactly the planners of the installation’s party who may read the copy approve it (generated users)', async () => {
    const plan = await createPlan(
      mar.ctx,
      marPlanner,
      yearPlanInput(commissionId, 2027, { classification: 'CONFIDENTIAL', releasableTo: ['ISR'], compartments: ['INDUS'] }),
    );
    await transitionPlanStatus(mar.ctx, marPlanner, plan.id, { to: 'proposed' });
    await send(mar, isr, 'MAR', 'ISR');
    const copy = (await listReceived(isr.ctx, isr.officer, ISR, 'plan')).find((r) => r.id === plan.id);
    expect(copy).toBeDefined();
    const label = copy?.local as Label;
    // The reference model: read the copy or it is not there; then a planner of ISR, the installation's party.
    const expected = (u: Actor) =>
      !canRead(u, label)
        ? 'plan.not_found'
        : !u.roles.includes('planner')
          ? 'access.only_planners'
          : u.party !== 'ISR'
            ? 'access.only_owner_planners'
            : 'ok';
    let seed = 7;
    const rand = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    const roleSets: Role[][] = [
      ['planner'],
      ['viewer'],
      ['contributor'],
      ['planner', 'contributor'],
      ['security_officer'],
      ['admin'],
    ];
    const outcomes = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const party = ['ISR', 'ISR', 'MAR', 'USA'][rand(4)] as string;
      const roles = roleSets[rand(roleSets.length)] as Role[];
      const clearance = CLASSIFICATIONS[rand(CLASSIFICATIONS.length)] as (typeof CLASSIFICATIONS)[number];
      const compartments = [['INDUS'], [], ['INDUS', 'INTEL']][rand(3)] as string[];
      const user = await makeActor(isr.ctx, party, roles, clearance, compartments);
      const want = expected(user);
      outcomes.add(want);
      const got = await approveReceivedPlan(isr.ctx, user, ISR, plan.id).then(
        (a) => (a.party === 'ISR' && a.planId === plan.id ? 'ok' : 'wrong'),
        (e: { code?: string }) => e.code ?? String(e),
      );
      expect([user.username, got]).toEqual([user.username, want]);
      const view = await planPartnerApprovals(isr.ctx, user, ISR, plan.id).catch((e: { code?: string }) => e.code);
      if (want === 'plan.not_found') expect(view).toBe('plan.not_found');
    }
    expect(outcomes.has('ok') && outcomes.has('plan.not_found')).toBe(true);
    // One approval of ISR for the version, however many of its planners approved.
    expect(await isr.t.db.selectFrom('exchange_approval').select('id').where('plan_id', '=', plan.id).execute()).toHaveLength(
      outcomes.has('ok') ? 1 : 0,
    );
  });
});
