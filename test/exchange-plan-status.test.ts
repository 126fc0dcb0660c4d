import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/app/context.js';
import { approveReceivedPlan, planPartnerApprovals } from '../src/app/exchange-approval.usecases.js';
import { ceremonyRecords, exportBundle, importBundle, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { createPlan, getPlan, transitionPlanStatus, updatePlan } from '../src/app/plan.usecases.js';
import * as m0041 from '../src/store/migrations/0041_plan_approvals_from.js';
import { receivedApprovalsOf } from '../src/store/plan-approvals.repo.js';
import { jointplan } from './support/cli.js';
import { databases } from './support/databases.js';
import { type Installation, installation, marIsrCommission } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';
import { makeActor, yearPlanInput } from './support/fixtures.js';

/**
 * A partner's approval received back from its own installation counts as that party's approval of the plan
 * in the plan's lifecycle, on MAR's installation, for a MAR–ISR commission whose ISR planners live only at ISR:
 * an approval of an earlier version does not count, a withdrawn one stops counting, a party approving here and
 * there counts once, and the last approval missing, arriving in an import, approves the plan in the import's
 * transaction, audited as a local party's approval is.
 */
const MAR = shippedPolicy('MAR');
const ISR = shippedPolicy('ISR');
const EXPIRES = '2099-01-01T00:00:00.000Z';
const stream = (file: string) => createReadStream(file, { highWaterMark: 4096 }) as AsyncIterable<Uint8Array>;

describe.each(databases())("a partner's approval received counts toward the plan's status (%s)", (kind) => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let marPlanner: Actor;
  let isrPlanner: Actor;
  let commissionId: string;
  let n = 0;

  const send = async (from: Installation, to: Installation, toParty: string) => {
    const file = join(dir, `${from.setup.policy.party}-${toParty}-${++n}.bundle`);
    await exportBundle(from.ctx, from.officer, from.setup, toParty, file);
    return importBundle(to.ctx, to.officer, to.setup, stream(file));
  };
  const row = (id: string) =>
    mar.t.db
      .selectFrom('work_plan')
      .select(['status', 'version', 'approvals_from'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const approveAudits = async (id: string) =>
    (
      await mar.t.db
        .selectFrom('audit_entry')
        .select(['action', 'detail', 'actor_id'])
        .where('entity_id', '=', id)
        .where('action', '=', 'plan.approve')
        .orderBy('seq')
        .execute()
    ).map((e) => ({ ...e, detail: JSON.parse(e.detail ?? '{}') as Record<string, unknown> }));
  /** A MAR plan released to ISR, proposed, and received at ISR. */
  const proposed = async (year: number) => {
    const plan = await createPlan(mar.ctx, marPlanner, yearPlanInput(commissionId, year, { releasableTo: ['ISR'] }));
    await transitionPlanStatus(mar.ctx, marPlanner, plan.id, { to: 'proposed' });
    await send(mar, isr, 'ISR');
    return plan.id;
  };
  /** ISR's planner approves, at ISR, the version of the copy ISR holds. */
  const isrApproves = async (id: string) => {
    const copy = await isr.t.db
      .selectFrom('exchange_record')
      .select('version')
      .where('kind', '=', 'plan')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return approveReceivedPlan(isr.ctx, isrPlanner, ISR, id, copy.version);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-plan-status-'));
    mar = await installation(kind, MAR, dir);
    isr = await installation(kind, ISR, dir);
    for (const at of [mar, isr])
      for (const of of [mar, isr]) await trustKeys(at.ctx, at.officer, at.setup, ceremonyRecords(of.ctx, of.setup, EXPIRES));
    const made = await marIsrCommission(mar, ['ISR']);
    marPlanner = made.planner;
    commissionId = made.commission.id;
    isrPlanner = await makeActor(isr.ctx, 'ISR', ['planner'], 'SECRET');
  }, 180_000);

  afterAll(async () => {
    for (const i of [mar, isr]) await i?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not count an approval of an earlier version, and approves the plan in the import that brings the last one', async () => {
    const id = await proposed(2026);
    const atProposal = await row(id);
    expect(atProposal).toMatchObject({ status: 'proposed', approvals_from: atProposal.version });
    const early = await isrApproves(id);
    expect(early.planVersion).toBe(atProposal.version);
    // MAR changes the plan while ISR's approval travels: ISR approved content that is no longer the plan's.
    await updatePlan(mar.ctx, marPlanner, id, { title: { fr: 'Plan révisé', en: 'Revised plan' }, version: atProposal.version });
    const changed = await row(id);
    expect(changed).toMatchObject({
      status: 'proposed',
      version: atProposal.version + 1,
      approvals_from: atProposal.version + 1,
    });
    await send(isr, mar, 'MAR');
    expect((await row(id)).status).toBe('proposed');
    expect(await approveAudits(id)).toEqual([]);
    // MAR approves: ISR's approval of the earlier version does not make it every party's.
    const afterMar = await transitionPlanStatus(mar.ctx, marPlanner, id, { to: 'approved' });
    expect(afterMar.status).toBe('proposed');

    // ISR receives the version now, approves it, and its bundle back approves the plan at MAR on import.
    await send(mar, isr, 'ISR');
    const current = await isrApproves(id);
    expect(current.planVersion).toBe((await row(id)).version);
    const before = await row(id);
    const report = await send(isr, mar, 'MAR');
    expect(report.records).toContainEqual({ kind: 'approval', id: current.id, action: 'created' });
    const after = await row(id);
    expect(after).toMatchObject({ status: 'approved', version: before.version + 1 });
    expect((await getPlan(mar.ctx, marPlanner, id)).status).toBe('approved');
    // Adopted as when a local party gives the last approval: the baseline is kept.
    const baseline = await mar.t.db
      .selectFrom('plan_revision')
      .select('number')
      .where('plan_id', '=', id)
      .where('number', '=', 0)
      .executeTakeFirst();
    expect(baseline).toBeDefined();
    const audits = await approveAudits(id);
    expect(audits.map((a) => a.detail)).toEqual([
      { from: 'proposed', to: 'proposed', reason: null },
      {
        from: 'proposed',
        to: 'approved',
        reason: null,
        party: 'ISR',
        received: {
          installation: 'jointplan-isr',
          bundleId: expect.any(String),
          planVersion: current.planVersion,
          at: current.at,
        },
      },
    ]);
    expect(audits[1]?.actor_id).toBe(mar.officer.userId);
    // The approved plan goes back to ISR as approved: an approval there is no longer asked.
    await send(mar, isr, 'ISR');
    await expect(isrApproves(id)).rejects.toMatchObject({ code: 'exchange.approval_not_proposed' });
  });

  it('counts a party once, approved here or on its own installation, and stops counting an approval withdrawn', async () => {
    const id = await proposed(2027);
    await isrApproves(id);
    await send(isr, mar, 'MAR');
    // ISR's approval counts: the plan waits for MAR's, and an ISR planner at MAR has nothing left to approve.
    expect((await row(id)).status).toBe('proposed');
    expect((await approveAudits(id)).map((a) => a.detail.party)).toEqual(['ISR']);
    const isrAtMar = await makeActor(mar.ctx, 'ISR', ['planner'], 'SECRET');
    await expect(transitionPlanStatus(mar.ctx, isrAtMar, id, { to: 'approved' })).rejects.toMatchObject({
      code: 'plan_decision.already_approved',
    });
    expect((await row(id)).status).toBe('proposed');

    // A second plan: ISR's approval arrives, then is withdrawn (its copy's approval gone at ISR, as when MAR takes
    // the copy back), and no longer counts when MAR approves.
    const other = await proposed(2028);
    const given = await isrApproves(other);
    await send(isr, mar, 'MAR');
    await isr.t.db.deleteFrom('exchange_approval').where('id', '=', given.id).execute();
    const report = await send(isr, mar, 'MAR');
    expect(report.records).toContainEqual({ kind: 'approval', id: given.id, action: 'withdrawn' });
    const mine = await transitionPlanStatus(mar.ctx, marPlanner, other, { to: 'approved' });
    expect(mine.status).toBe('proposed');

    // The first plan: MAR's approval is the last one missing, given here, with ISR's received.
    const done = await transitionPlanStatus(mar.ctx, marPlanner, id, { to: 'approved' });
    expect(done.status).toBe('approved');
  });

  it('approves at the next import a plan whose approvals all count since migration 0041', async () => {
    const id = await proposed(2033);
    // MAR approves here; ISR's approval arrives while no approval received counted (before migration 0041).
    expect((await transitionPlanStatus(mar.ctx, marPlanner, id, { to: 'approved' })).status).toBe('proposed');
    const { version } = await row(id);
    await send(mar, isr, 'ISR');
    await mar.t.db
      .updateTable('work_plan')
      .set({ approvals_from: version + 1 })
      .where('id', '=', id)
      .execute();
    const given = await isrApproves(id);
    expect(given.planVersion).toBe(version);
    await send(isr, mar, 'MAR');
    expect(await row(id)).toMatchObject({ status: 'proposed', version });
    // Migration 0041 as written: every plan counts approvals from the version it is at, ISR's now among them.
    await m0041.down(mar.t.db);
    await m0041.up(mar.t.db);
    expect(await row(id)).toMatchObject({ status: 'proposed', version, approvals_from: version });
    const other = await proposed(2034);

    // ISR's next bundle brings no approval of the plan; its import counts the plan again and approves it.
    const report = await send(isr, mar, 'MAR');
    expect(report.records.filter((r) => r.kind === 'approval' && r.action !== 'unchanged')).toEqual([]);
    expect(await row(id)).toMatchObject({ status: 'approved', version: version + 1 });
    expect((await getPlan(mar.ctx, marPlanner, id)).status).toBe('approved');
    const baseline = await mar.t.db
      .selectFrom('plan_revision')
      .select('number')
      .where('plan_id', '=', id)
      .where('number', '=', 0)
      .executeTakeFirst();
    expect(baseline).toBeDefined();
    const audits = await approveAudits(id);
    expect(audits.at(-1)?.detail).toEqual({
      from: 'proposed',
      to: 'approved',
      reason: null,
      party: 'ISR',
      received: { installation: 'jointplan-isr', bundleId: expect.any(String), planVersion: given.planVersion, at: given.at },
      recounted: true,
    });
    expect(audits.at(-1)?.actor_id).toBe(mar.officer.userId);
    // A plan some party has not approved stays as it was, and is not audited.
    expect((await row(other)).status).toBe('proposed');
    expect(await approveAudits(other)).toEqual([]);
    // Counted once: a later import approves nothing more.
    await send(isr, mar, 'MAR');
    expect((await approveAudits(id)).length).toBe(audits.length);
  });

  it('jointplan exchange approve requires the version read, and approves with it', async () => {
    const id = await proposed(2029);
    const missing = await jointplan(['exchange', 'approve', '--plan', id, '--as', isrPlanner.username]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--plan-version is required/);
    expect(await isr.t.db.selectFrom('exchange_approval').select('id').where('plan_id', '=', id).execute()).toEqual([]);

    const keyFile = join(dir, 'ISR', 'exchange.pem');
    writeFileSync(keyFile, isr.setup.key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const policy = fileURLToPath(new URL('../config/security-policy/ISR.json', import.meta.url));
    const version = (
      await isr.t.db.selectFrom('exchange_record').select('version').where('id', '=', id).executeTakeFirstOrThrow()
    ).version;
    const common = ['--policy', policy, '--key', keyFile, '--db', isr.t.url, '--as', isrPlanner.username];
    // The command signs its audit entries with ISR's audit key, as ISR's installation does.
    process.env.JOINTPLAN_AUDIT_KEY_FILE = join(dir, 'ISR', 'audit.pem');
    process.env.JOINTPLAN_AUDIT_CHECKPOINTS = join(dir, 'ISR', 'checkpoints.jsonl');
    const stale = await jointplan(['exchange', 'approve', '--plan', id, '--plan-version', String(version + 1), ...common]);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toMatch(/version/i);
    // The list names the installation each copy came from, which --from takes.
    const listed = await jointplan(['exchange', 'received', '--kind', 'plan', ...common]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split('\n')).toContainEqual(
      expect.stringMatching(new RegExp(`^MAR\tjointplan-mar\tplan\t${id}\tv${version}\t`)),
    );
    // Named with an installation it did not come from, the plan is not found there, and nothing is approved.
    const elsewhere = await jointplan([
      'exchange',
      'approve',
      '--plan',
      id,
      '--plan-version',
      String(version),
      '--from',
      'jointplan-usa',
      ...common,
    ]);
    expect(elsewhere.code).not.toBe(0);
    expect(await isr.t.db.selectFrom('exchange_approval').select('id').where('plan_id', '=', id).execute()).toEqual([]);
    const ok = await jointplan([
      'exchange',
      'approve',
      '--plan',
      id,
      '--plan-version',
      String(version),
      '--from',
      'jointplan-mar',
      ...common,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`\t${id}\tv${version}\tISR\t`);
    delete process.env.JOINTPLAN_AUDIT_KEY_FILE;
    delete process.env.JOINTPLAN_AUDIT_CHECKPOINTS;
  }, 180_000);

  it('counts an approval only of a version this installation sent the approving installation', async () => {
    const id = await proposed(2031);
    const given = await isrApproves(id);
    await send(isr, mar, 'MAR');
    const counted = async () => (await receivedApprovalsOf(mar.t.db, [id])).get(id)?.map((a) => a.planVersion);
    // The plan's page says an approval is current exactly when the plan's status counts it.
    const shown = async () =>
      (await planPartnerApprovals(mar.ctx, marPlanner, MAR, id)).approvals.map((a) => [a.planVersion, a.current]);
    expect(await counted()).toEqual([given.planVersion]);
    expect(await shown()).toEqual([[given.planVersion, true]]);
    const released = mar.t.db
      .updateTable('exchange_released')
      .where('recipient_installation', '=', 'jointplan-isr')
      .where('kind', '=', 'plan')
      .where('id', '=', id);
    // Sent an earlier version only: ISR claims a version it was never sent.
    await released.set({ version: given.planVersion - 1 }).execute();
    expect(await counted()).toEqual([null]);
    expect(await shown()).toEqual([[given.planVersion, false]]);
    // Withdrawn from ISR: what ISR approved of it no longer counts.
    await released.set({ version: given.planVersion, withdrawn_sequence: 1 }).execute();
    expect(await counted()).toEqual([null]);
    // Never sent: an installation that knows the plan's id approves nothing.
    await mar.t.db.deleteFrom('exchange_released').where('kind', '=', 'plan').where('id', '=', id).execute();
    expect(await counted()).toEqual([null]);
    expect(await shown()).toEqual([[given.planVersion, false]]);
    expect((await transitionPlanStatus(mar.ctx, marPlanner, id, { to: 'approved' })).status).toBe('proposed');
  });
});
