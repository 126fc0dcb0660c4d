import { problem } from '../domain/problems.js';
import type { LabelColumns } from '../store/database.js';
import type { Db } from '../store/db.js';
import { planRow } from '../store/plan.repo.js';
import { countApprovalsFromNext } from '../store/plan-approvals.repo.js';
import { dropJointProposal, findJointProposal, withdrawPlanApprovals } from '../store/plan-close.repo.js';
import { lockIn } from '../store/versioned.js';
import { audit } from './audit.js';
import type { Actor } from './context.js';
import { countingApprovals } from './plan-approvals.js';

/**
 * A content change of a proposed plan withdraws the approvals given so far:
 * each party approves the content as it stands, so the plan becomes approved
 * only once every party has approved the same content. The approvals received
 * from partners' installations stop counting too: the plan moves to its next
 * version (unless the caller moves it, `versionMovedByCaller`), and only an
 * approval of that version or a later one counts. Runs in the transaction of
 * the change, so a refused change withdraws nothing.
 */
export async function withdrawApprovals(
  trx: Db,
  actor: Actor,
  plan: LabelColumns & { id: string; status: string },
  at: string,
  { versionMovedByCaller = false }: { versionMovedByCaller?: boolean } = {},
): Promise<void> {
  if (plan.status === 'in_execution') return withdrawCloseProposal(trx, actor, plan, at);
  if (plan.status !== 'proposed') return;
  // Hold the plan first: an approval running at the same moment either
  // committed already (and is withdrawn here) or waits for this change.
  if (!(await lockIn(trx, 'work_plan', plan.id, 'proposed'))) throw problem('plan_decision.approved_meanwhile');
  // Every party whose approval counted, given here or received: none counts after the change.
  const { parties: counted } = await countingApprovals(trx, await planRow(trx, plan.id));
  await countApprovalsFromNext(trx, plan.id, { moveVersion: !versionMovedByCaller, at });
  const local = await withdrawPlanApprovals(trx, plan.id, null);
  const parties = [...new Set([...local, ...counted])];
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
