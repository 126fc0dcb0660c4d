import { agreeJoint, assertReopenable, type JointKind, requireComment } from '../domain/plan-close.js';
import type { JointDecisionInput } from '../domain/plan-close.schema.js';
import { problem } from '../domain/problems.js';
import { commissionParties } from '../store/commission.repo.js';
import type { WorkPlanRow } from '../store/database.js';
import type { Db } from '../store/db.js';
import { addJointAgreement, dropJointProposal, findJointProposal, type JointProposal } from '../store/plan-close.repo.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { inRereadingTransaction } from './lost-race.js';
import { addAgreedDispositions, applyClose } from './plan-close.usecases.js';
import { claimPlan, decide, notifyParty, planAfter } from './plan-decision.js';
import { applyReopen } from './plan-reopen.usecases.js';
import { assertCanPlan } from './policy.js';

/**
 * A party agrees to the proposed close or reopening, or refuses it with a
 * comment (which drops the proposal; the proposing party is told why). An
 * agreement to a close gives the dispositions of open activities the party
 * can read that the proposal has none for (the proposer could not read
 * them). The last agreement applies the decision in the same transaction.
 */
export async function decideJoint(ctx: AppContext, actor: Actor, id: string, kind: JointKind, input: JointDecisionInput) {
  return inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const now = isoNow(ctx);
    const plan = await claimPlan(trx, ctx, actor, id, input.version, now);
    assertCanPlan(actor, actor.party);
    const proposal = await findJointProposal(trx, id);
    if (!proposal || proposal.kind !== kind) throw problem('plan_decision.nothing_to_decide');
    const parties = await commissionParties(trx, plan.commission_id);
    if (input.decision === 'refuse') await refuse(trx, ctx, actor, plan, kind, proposal.party, parties, input, now);
    else await agree(trx, ctx, actor, plan, kind, proposal, parties, input, now);
    return planAfter(trx, ctx, actor, id);
  });
}

/** A refusal drops the proposal; the proposing party is told why. */
async function refuse(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  plan: WorkPlanRow,
  kind: JointKind,
  proposer: string,
  parties: readonly string[],
  input: JointDecisionInput,
  now: string,
) {
  const comment = requireComment(input.comment);
  if (!parties.includes(actor.party)) throw problem('plan_decision.not_a_party', { party: actor.party });
  await dropJointProposal(trx, plan.id);
  await decide(trx, actor, plan, kind === 'close' ? 'refuse_close' : 'refuse_reopen', now, comment);
  await audit(trx, actor, now, [
    { action: `plan.${kind}_refused`, entityType: 'work_plan', entityId: plan.id, label: plan, detail: { comment } },
  ]);
  await notifyParty(ctx, trx, proposer, plan, kind === 'close' ? 'close_refused' : 'reopen_refused', now);
}

/** An agreement, with the dispositions a close still lacks; the last one applies the decision. */
async function agree(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  plan: WorkPlanRow,
  kind: JointKind,
  proposal: JointProposal,
  parties: readonly string[],
  input: JointDecisionInput,
  now: string,
) {
  const agreed = proposal.agreements.map((a) => a.party);
  const { complete } = agreeJoint({ actingParty: actor.party, commissionParties: parties, agreed });
  if (kind === 'reopen') assertReopenable(plan.status, plan.reopen_until, now);
  if (kind === 'close') await addAgreedDispositions(trx, ctx, actor, plan, proposal, input);
  await addJointAgreement(trx, { plan_id: plan.id, party: actor.party, user_id: actor.userId, at: now });
  const comment = input.comment?.trim() || null;
  await decide(trx, actor, plan, kind === 'close' ? 'agree_close' : 'agree_reopen', now, comment);
  await audit(trx, actor, now, [
    { action: `plan.${kind}_agreed`, entityType: 'work_plan', entityId: plan.id, label: plan, detail: { comment } },
  ]);
  if (!complete) return;
  if (kind === 'close') await applyClose(trx, ctx, actor, plan, now);
  else await applyReopen(trx, actor, plan, now);
}
