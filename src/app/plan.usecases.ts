import { newId } from '../domain/ids.js';
import { planPeriodProblem } from '../domain/period.js';
import { type PlanStatus, transitionPlan } from '../domain/plan.lifecycle.js';
import type { PlanCreate, PlanPatch, WorkPlan } from '../domain/plan.schema.js';
import { issue, problem } from '../domain/problems.js';
import { commissionParties, findCommission, findSession, findSource } from '../store/commission.repo.js';
import {
  approvalsOf,
  findPlan,
  insertApproval,
  insertPlan,
  listPlans as listPlanRows,
  setPlanStatus,
} from '../store/plan.repo.js';
import { countApprovalsFromNow } from '../store/plan-approvals.repo.js';
import { recordDecision } from '../store/plan-close.repo.js';
import { presentPlan } from '../store/present.js';
import { inTransaction } from '../store/tx.js';
import { compareAndSet } from '../store/versioned.js';
import { withdrawApprovals } from './approvals.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { expectedVersion, labelFor, labelOfBoth } from './labels.js';
import { inRereadingTransaction, LostRace } from './lost-race.js';
import { adoptPlan, countingApprovals } from './plan-approvals.js';
import { assertCanPlan } from './policy.js';
import { assertContentEditable } from './revision.usecases.js';

export async function listPlans(ctx: AppContext, actor: Actor, filter: { commissionId?: string | undefined } = {}) {
  const codec = await ctx.codec();
  const rows = await listPlanRows(ctx.db, codec.reader(actor), filter);
  const approvals = await approvalsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => presentPlan(codec, r, approvals.get(r.id) ?? [], actor.party)), nextCursor: null };
}

export async function getPlan(ctx: AppContext, actor: Actor, id: string): Promise<WorkPlan> {
  const codec = await ctx.codec();
  const row = await findPlan(ctx.db, codec.reader(actor), id);
  if (!row) throw problem('plan.not_found');
  const approvals = await approvalsOf(ctx.db, [id]);
  return presentPlan(codec, row, approvals.get(id) ?? [], actor.party);
}

export async function createPlan(ctx: AppContext, actor: Actor, input: PlanCreate): Promise<WorkPlan> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  assertCanPlan(actor, actor.party);
  // Checked here as well as by the schema: the command line and imports come through here too.
  const periodProblem = planPeriodProblem(input.periodStart, input.periodEnd);
  if (periodProblem) throw problem('plan.period_invalid', {}, [periodProblem]);
  return inTransaction(ctx.db, async (trx) => {
    const commission = await findCommission(trx, reader, input.commissionId);
    if (!commission) throw problem('plan.unknown_commission', {}, [issue('commissionId', 'field.no_such_commission')]);
    if (!(JSON.parse(commission.parties) as string[]).includes(actor.party))
      throw problem('commission.not_a_party', { party: actor.party }, [issue('commissionId', 'field.not_a_member')]);
    if (input.sessionId) {
      const session = await findSession(trx, reader, input.sessionId);
      if (!session || session.commission_id !== input.commissionId)
        throw problem('plan.unknown_session', {}, [issue('sessionId', 'field.no_such_session')]);
    }
    if (input.sourceId && !(await findSource(trx, reader, input.sourceId)))
      throw problem('source.unknown', {}, [issue('sourceId', 'field.no_such_source')]);
    const { columns } = labelFor(codec, actor, input);
    const now = isoNow(ctx);
    const row = {
      id: newId(),
      commission_id: input.commissionId,
      session_id: input.sessionId,
      title: JSON.stringify(input.title),
      period_start: input.periodStart,
      period_end: input.periodEnd,
      status: 'draft',
      source_id: input.sourceId,
      closed_at: null,
      reopen_until: null,
      rolled_from: null,
      approvals_from: 1,
      ...columns,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await insertPlan(trx, row);
    await audit(trx, actor, now, [{ action: 'plan.create', entityType: 'work_plan', entityId: row.id, label: columns }]);
    return presentPlan(codec, row, [], actor.party);
  });
}

export async function updatePlan(ctx: AppContext, actor: Actor, id: string, patch: PlanPatch, ifMatch?: number) {
  const codec = await ctx.codec();
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const row = await findPlan(trx, codec.reader(actor), id);
    if (!row) throw problem('plan.not_found');
    assertCanPlan(actor, row.owner_party);
    if (row.version !== version) throw problem('plan.stale_version', { had: version, now: row.version });
    if (row.status === 'closed') throw problem('plan.closed');
    await assertContentEditable(trx, row);
    // The compare-and-set below moves the plan's version: the withdrawal does not move it again.
    await withdrawApprovals(trx, actor, row, isoNow(ctx), { versionMovedByCaller: true });
    const before = presentPlan(codec, row, [], actor.party);
    const periodStart = patch.periodStart ?? row.period_start;
    const periodEnd = patch.periodEnd ?? row.period_end;
    const periodProblem = planPeriodProblem(periodStart, periodEnd);
    if (periodProblem) throw problem('plan.period_invalid', {}, [periodProblem]);
    const { columns } = labelFor(codec, actor, patch, before);
    const now = isoNow(ctx);
    const written = await compareAndSet(trx, 'work_plan', id, version, {
      ...(patch.title !== undefined && { title: JSON.stringify(patch.title) }),
      ...(patch.sessionId !== undefined && { session_id: patch.sessionId }),
      ...(patch.sourceId !== undefined && { source_id: patch.sourceId }),
      period_start: periodStart,
      period_end: periodEnd,
      ...columns,
      updated_at: now,
    });
    if (!written) throw problem('plan.changed_meanwhile');
    const { version: _v, ...fields } = patch;
    await audit(trx, actor, now, [
      {
        action: 'plan.update',
        entityType: 'work_plan',
        entityId: id,
        // The entry tells the old values as well as the new: it keeps the label of both.
        label: codec.encode(labelOfBoth(codec.decode(row), codec.decode(columns))),
        detail: { changes: changedFields(before as unknown as Record<string, unknown>, fields) },
      },
    ]);
    const after = await findPlan(trx, codec.reader(actor), id);
    if (!after) throw problem('plan.label_hides');
    return presentPlan(codec, after, (await approvalsOf(trx, [id])).get(id) ?? [], actor.party);
  });
}

/**
 * Moves a plan along its lifecycle. Approving records the acting party's
 * approval; the plan becomes approved when every commission party has.
 * Adopting the plan turns its proposed activities into planned ones.
 */
export async function transitionPlanStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { to: PlanStatus; reason?: string | undefined; version?: number | undefined },
  ifMatch?: number,
) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const pinned = (input.version ?? ifMatch) !== undefined;
  return inRereadingTransaction(ctx.db, pinned, async (trx) => {
    const row = await findPlan(trx, reader, id);
    if (!row) throw problem('plan.not_found');
    const version = input.version ?? ifMatch ?? row.version;
    if (row.version !== version) throw problem('plan.stale_version', { had: version, now: row.version });
    const parties = await commissionParties(trx, row.commission_id);
    // Approval is given by each party's planners; other moves belong to the owner party.
    if (input.to === 'approved') assertCanPlan(actor, actor.party);
    else assertCanPlan(actor, row.owner_party);
    const now = isoNow(ctx);
    // Claim the version before reading the approvals: a party approving at the
    // same moment waits for this transaction and then loses its claim, and the
    // approvals read below include every one committed.
    if (!(await compareAndSet(trx, 'work_plan', id, version, { updated_at: now }))) throw new LostRace('Plan');
    // The approvals that count: given here, or received from a partner's installation of a version still approved.
    const { parties: approving } = await countingApprovals(trx, row);
    const next = transitionPlan(row.status as PlanStatus, input.to, {
      actingParty: actor.party,
      commissionParties: parties,
      approvals: approving.map((party) => ({ party })),
    });
    if (next.approve) {
      await insertApproval(trx, { planId: id, party: actor.party, userId: actor.userId, at: now });
      await recordDecision(trx, {
        plan_id: id,
        kind: 'approve',
        party: actor.party,
        user_id: actor.userId,
        at: now,
        comment: input.reason ?? null,
      });
    }
    // The row is this transaction's until it commits: the status follows the claim.
    if (next.status === 'approved') await adoptPlan(trx, ctx, actor.userId, id, now);
    else await setPlanStatus(trx, id, next.status);
    // Proposed, the plan counts approvals from the version it is at now: none given of a draft counts.
    if (next.status === 'proposed' && row.status === 'draft') await countApprovalsFromNow(trx, id);
    await audit(trx, actor, now, [
      {
        action: next.approve ? 'plan.approve' : 'plan.transition',
        entityType: 'work_plan',
        entityId: id,
        label: row,
        detail: { from: row.status, to: next.status, reason: input.reason ?? null },
      },
    ]);
    const after = await findPlan(trx, reader, id);
    if (!after) throw problem('plan.not_found');
    return presentPlan(codec, after, (await approvalsOf(trx, [id])).get(id) ?? [], actor.party);
  });
}
