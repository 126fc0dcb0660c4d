import type { Approval } from '../domain/plan.lifecycle.js';
import { approvedByAll, approvingParties, receivedApprovalCounts } from '../domain/plan-approvals.js';
import { recordActivityEvents } from '../store/activity-event.repo.js';
import { commissionParties } from '../store/commission.repo.js';
import type { WorkPlanRow } from '../store/database.js';
import type { Db } from '../store/db.js';
import { adoptProposedActivities, approvalsOf, planRow, setPlanStatus } from '../store/plan.repo.js';
import {
  plansApprovedIn,
  proposedPlansApprovedByPartners,
  type ReceivedPlanApproval,
  receivedApprovalsOf,
} from '../store/plan-approvals.repo.js';
import { compareAndSet, lockIn } from '../store/versioned.js';
import { audit } from './audit.js';
import type { Actor, AppContext } from './context.js';
import { LostRace } from './lost-race.js';
import { freezeBaseline } from './revision.usecases.js';

/**
 * The approvals of a plan that count toward its status, read in the caller's transaction: those given here, and
 * the partners' approvals received from their own installations of a version from the one the plan was proposed
 * (or last changed) at to the one it is at (domain/plan-approvals.ts). Each party counts once.
 */
export async function countingApprovals(
  trx: Db,
  plan: Pick<WorkPlanRow, 'id' | 'version' | 'approvals_from'>,
): Promise<{ local: Approval[]; received: ReceivedPlanApproval[]; parties: string[] }> {
  const local = (await approvalsOf(trx, [plan.id])).get(plan.id) ?? [];
  const received = (await receivedApprovalsOf(trx, [plan.id])).get(plan.id) ?? [];
  return {
    local,
    received,
    parties: approvingParties(local, received, { version: plan.version, approvalsFrom: plan.approvals_from }),
  };
}

/**
 * The plan approved by every party: its proposed activities become planned, and its content is kept as the
 * baseline. The caller has claimed the plan's version in its transaction.
 */
export async function adoptPlan(trx: Db, ctx: AppContext, userId: string, planId: string, at: string) {
  await setPlanStatus(trx, planId, 'approved');
  const adopted = await adoptProposedActivities(trx, planId, at);
  await recordActivityEvents(trx, at, adopted);
  await freezeBaseline(trx, ctx, planId, userId, at);
}

/**
 * The partners' approvals a bundle from `sender` brought, counted toward the status of this installation's plans
 * in the import's transaction. Each party's approval that counts now and did not before is audited as a local
 * party's approval is (`plan.approve`, naming the party and where it came from); the last approval missing makes
 * the plan approved, with everything an approval given here does then, in the same transaction: the bundle is
 * applied with its consequences, or refused with them. An approval of an earlier version, of a party not of the
 * plan's commission, or of a plan no longer proposed changes no status.
 *
 * Every other proposed plan holding a partner's approval is counted again too: one every party of whose
 * commission approves already, with no approval arriving to count it (its partners' approvals were received
 * before they counted, migration 0041), is approved by this import as by the one that brought the last approval.
 * Its audit names each partner's approval that counts, with the bundle that brought it, as `recounted`.
 */
export async function countReceivedApprovals(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  sender: { installation: string; party: string },
  bundleId: string,
  at: string,
): Promise<void> {
  const brought = await plansApprovedIn(trx, sender.installation, bundleId);
  const broughtSet = new Set(brought);
  const waiting = (await proposedPlansApprovedByPartners(trx)).filter((id) => !broughtSet.has(id));
  for (const planId of [...brought, ...waiting]) {
    // A plan this bundle brought nothing for is held only once it is found approved by all, not at every import.
    if (!broughtSet.has(planId) && !(await approvedByAllNow(trx, planId))) continue;
    // Hold the plan in `proposed` first: a change of its content, or a party approving it here, at the same
    // moment either committed already (and is read below) or waits for the import.
    if (!(await lockIn(trx, 'work_plan', planId, 'proposed'))) continue;
    const plan = await planRow(trx, planId);
    const parties = await commissionParties(trx, plan.commission_id);
    const { local, received, parties: approving } = await countingApprovals(trx, plan);
    const window = { version: plan.version, approvalsFrom: plan.approvals_from };
    const before = new Set(
      approvingParties(
        local,
        received.filter((r) => r.bundleId !== bundleId),
        window,
      ),
    );
    const complete = approvedByAll(plan.status, parties, approving);
    const brings = approving.filter((p) => !before.has(p) && parties.includes(p));
    // Approved by all with no approval arriving now: counted again, the partners' approvals that count and were
    // not given here, none of which was audited as counting.
    const recount = brings.length === 0;
    if (recount && !complete) continue;
    const localParties = new Set(local.map((a) => a.party));
    const added = recount ? approving.filter((p) => !localParties.has(p) && parties.includes(p)) : brings;
    if (complete) {
      if (!(await compareAndSet(trx, 'work_plan', planId, plan.version, { updated_at: at }))) throw new LostRace('Plan');
      await adoptPlan(trx, ctx, actor.userId, planId, at);
    }
    const detail = (party: string | null, last: boolean) => {
      const given =
        party === null
          ? undefined
          : received.find((r) => r.party === party && (recount ? receivedApprovalCounts(r, window) : r.bundleId === bundleId));
      return {
        from: 'proposed',
        to: last ? 'approved' : 'proposed',
        reason: null,
        ...(party !== null && {
          party,
          received: {
            installation: given?.installation ?? sender.installation,
            bundleId: given?.bundleId ?? bundleId,
            planVersion: given?.planVersion ?? null,
            at: given?.at ?? null,
          },
        }),
        ...(recount && { recounted: true }),
      };
    };
    const shown: (string | null)[] = added.length > 0 ? added : [null];
    await audit(
      trx,
      actor,
      at,
      shown.map((party, i) => ({
        action: 'plan.approve',
        entityType: 'work_plan',
        entityId: planId,
        label: plan,
        detail: detail(party, complete && i === shown.length - 1),
      })),
    );
  }
}

/** Whether every party of a proposed plan's commission approves it now, here or on its own installation. */
async function approvedByAllNow(trx: Db, planId: string): Promise<boolean> {
  const plan = await planRow(trx, planId);
  if (plan.status !== 'proposed') return false;
  const { parties } = await countingApprovals(trx, plan);
  return approvedByAll(plan.status, await commissionParties(trx, plan.commission_id), parties);
}
