import { type PlanStatus, returnPlan } from '../domain/plan.lifecycle.js';
import { requireComment } from '../domain/plan-close.js';
import type { ApprovalDecisionInput } from '../domain/plan-close.schema.js';
import { issue, problem } from '../domain/problems.js';
import { commissionParties } from '../store/commission.repo.js';
import { approvalsOf, setPlanStatus } from '../store/plan.repo.js';
import { withdrawPlanApprovals } from '../store/plan-close.repo.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { inRereadingTransaction } from './lost-race.js';
import { claimPlan, decide, notifyParty, planAfter } from './plan-decision.js';
import { assertCanPlan } from './policy.js';

/**
 * A party refuses the proposed plan or returns it to its drafters, with a
 * comment the drafting party reads on the plan page. A refusal keeps the plan
 * proposed and the approvals of the other parties (the content they approved
 * has not changed); the refusing party's own approval, if it had given one,
 * is taken back. A return sends the plan back to draft and withdraws every
 * approval.
 */
export async function decideApproval(ctx: AppContext, actor: Actor, id: string, input: ApprovalDecisionInput) {
  const comment = requireComment(input.comment);
  return inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const now = isoNow(ctx);
    const plan = await claimPlan(trx, ctx, actor, id, input.version, now);
    assertCanPlan(actor, actor.party);
    if (plan.status !== 'proposed')
      throw problem('plan_decision.not_proposed', { planStatus: plan.status }, [
        issue('decision', 'plan_decision.move_not_allowed', { planStatus: plan.status }),
      ]);
    const parties = await commissionParties(trx, plan.commission_id);
    if (!parties.includes(actor.party)) throw problem('plan_decision.not_a_party', { party: actor.party });
    const given = (await approvalsOf(trx, [id])).get(id) ?? [];
    if (input.decision === 'refuse') {
      await withdrawPlanApprovals(trx, id, actor.party);
    } else {
      const to = returnPlan(plan.status as PlanStatus);
      await withdrawPlanApprovals(trx, id, null);
      await setPlanStatus(trx, id, to);
    }
    await decide(trx, actor, plan, input.decision, now, comment);
    await audit(trx, actor, now, [
      {
        action: input.decision === 'refuse' ? 'plan.refuse' : 'plan.return',
        entityType: 'work_plan',
        entityId: id,
        label: plan,
        detail: {
          comment,
          approvalsWithdrawn: given.filter((a) => input.decision === 'return' || a.party === actor.party).map((a) => a.party),
        },
      },
    ]);
    await notifyParty(ctx, trx, plan.owner_party, plan, input.decision === 'refuse' ? 'plan_refused' : 'plan_returned', now);
    return planAfter(trx, ctx, actor, id);
  });
}
