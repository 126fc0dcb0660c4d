import { problem } from '../domain/problems.js';
import type { LabelColumns } from '../store/database.js';
import type { Db } from '../store/db.js';
import { dropJointProposal, findJointProposal, withdrawPlanApprovals } from '../store/plan-close.repo.js';
import { lockIn } from '../store/versioned.js';
import { audit } from './audit.js';
import type { Actor } from './context.js';

/**
 * A content change of a proposed plan withdraws the approvals given so far:
 * each party approves the content as it stands, so the plan becomes approved
 * only once every party has approved the same content. Runs in the
 * transaction of the change, so a refused change withdraws nothing.
 */
export async function withdrawApprovals(
  trx: Db,
  actor: Actor,
  plan: LabelColumns & { id: string; status: string },
  at: string,
): Promise<void> {
  if (plan.status === 'in_execution') return withdrawCloseProposal(trx, actor, plan, at);
  if (plan.status !== 'proposed') return;
  // Hold the plan first: an approval running at the same moment either
  // committed already (and is withdrawn here) or waits for this change.
  if (!(await lockIn(trx, 'work_plan', plan.id, 'proposed'))) throw problem('plan_decision.approved_meanwhile');
  const parties = await withdrawPlanApprovals(trx, plan.id, null);
  if (parties.length === 0) return;
  await audit(trx, actor, at, [
    {
      action: 'plan.approvals_withdrawn',
      entityType: 'work_plan',
      entityId: plan.id,
      label: plan,
      detail: { parties },
    },
  ]);
}

/**
 * A content change of a plan whose close is proposed (through an open
 * amendment) withdraws the proposal and the agreements given: every party
 * agrees to close the plan as it stands.
 */
async function withdrawCloseProposal(
  trx: Db,
  actor: Actor,
  plan: LabelColumns & { id: string; status: string },
  at: string,
): Promise<void> {
  const proposal = await findJointProposal(trx, plan.id);
  if (proposal?.kind !== 'close') return;
  if (!(await lockIn(trx, 'work_plan', plan.id, 'in_execution'))) throw problem('plan_decision.closed_meanwhile');
  await dropJointProposal(trx, plan.id);
  await audit(trx, actor, at, [
    {
      action: 'plan.close_withdrawn',
      entityType: 'work_plan',
      entityId: plan.id,
      label: plan,
      detail: { parties: proposal.agreements.map((a) => a.party), reason: 'content changed' },
    },
  ]);
}
