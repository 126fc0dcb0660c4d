import { agreeJoint, assertReopenable } from '../domain/plan-close.js';
import type { PlanReopenProposal } from '../domain/plan-close.schema.js';
import { problem } from '../domain/problems.js';
import { commissionParties } from '../store/commission.repo.js';
import type { WorkPlanRow } from '../store/database.js';
import type { Db } from '../store/db.js';
import { findJointProposal, insertJointProposal } from '../store/plan-close.repo.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { inRereadingTransaction } from './lost-race.js';
import { settleClosure } from './plan-close.usecases.js';
import { claimPlan, decide, notifyParty, planAfter } from './plan-decision.js';
import { assertCanPlan } from './policy.js';

/** Any party's planner proposes to reopen a closed plan, before the time set at its close. */
export async function proposeReopen(ctx: AppContext, actor: Actor, id: string, input: PlanReopenProposal) {
  return inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const now = isoNow(ctx);
    const plan = await claimPlan(trx, ctx, actor, id, input.version, now);
    assertCanPlan(actor, actor.party);
    assertReopenable(plan.status, plan.reopen_until, now);
    const parties = await commissionParties(trx, plan.commission_id);
    if (!parties.includes(actor.party)) throw problem('plan_decision.not_a_party', { party: actor.party });
    if (await findJointProposal(trx, id)) throw problem('plan_decision.pending');
    const comment = input.comment?.trim() || null;
    await insertJointProposal(trx, {
      plan_id: id,
      kind: 'reopen',
      party: actor.party,
      user_id: actor.userId,
      at: now,
      successor_plan_id: null,
      dispositions: '[]',
      comment,
    });
    await decide(trx, actor, plan, 'propose_reopen', now, comment);
    await audit(trx, actor, now, [
      { action: 'plan.reopen_proposed', entityType: 'work_plan', entityId: id, label: plan, detail: { comment } },
    ]);
    if (agreeJoint({ actingParty: actor.party, commissionParties: parties, agreed: [] }).complete)
      await applyReopen(trx, actor, plan, now);
    else for (const p of parties.filter((x) => x !== actor.party)) await notifyParty(ctx, trx, p, plan, 'reopen_proposed', now);
    return planAfter(trx, ctx, actor, id);
  });
}

/** Every party agreed to reopen: the plan is in execution again. Carried copies stay in the successor plan. */
export async function applyReopen(trx: Db, actor: Actor, plan: WorkPlanRow, now: string) {
  await settleClosure(trx, actor, plan, now, {
    action: 'plan.reopen',
    closedAt: null,
    reopenUntil: null,
    detail: { from: 'closed', to: 'in_execution', closedAt: plan.closed_at },
  });
}
