import type { DecisionKind, Disposition, JointKind } from '../domain/plan-close.js';
import { isLapsedReopen } from '../domain/plan-close.js';
import type { PlanDecisions } from '../domain/plan-close.schema.js';
import { problem } from '../domain/problems.js';
import { byPartyFor, namedFor, userIdFor } from '../domain/user-naming.js';
import { commissionParties } from '../store/commission.repo.js';
import { findPlan } from '../store/plan.repo.js';
import {
  findJointProposal,
  listDecisions,
  readableCarriedActivities,
  readableOpenActivities,
  successorCandidates,
} from '../store/plan-close.repo.js';
import { type Actor, type AppContext, isoNow } from './context.js';

/**
 * What the plan page shows of the joint decisions: the proposal awaiting
 * agreement (its dispositions only for the activities the reader may read),
 * the history of every party's decisions with their comments, and for a
 * close dialog the open activities the reader may read and the plans they
 * can be carried to. Nothing of an activity the reader cannot read is told.
 */
export async function getPlanDecisions(ctx: AppContext, actor: Actor, id: string): Promise<PlanDecisions> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const plan = await findPlan(ctx.db, reader, id);
  if (!plan) throw problem('plan.not_found');
  const open = await readableOpenActivities(ctx.db, reader, id);
  const proposal = await findJointProposal(ctx.db, id);
  const successors = await successorCandidates(ctx.db, reader, plan.commission_id, id);
  const visible = new Map(open.map((a) => [a.id, a]));
  const successor = proposal?.successor_plan_id ? await findPlan(ctx.db, reader, proposal.successor_plan_id) : undefined;
  const readableCarried = await readableCarriedActivities(ctx.db, reader, id);
  return {
    planId: id,
    status: plan.status as PlanDecisions['status'],
    periodEnd: plan.period_end,
    closedAt: plan.closed_at,
    reopenUntil: plan.reopen_until,
    parties: await commissionParties(ctx.db, plan.commission_id),
    proposal: proposal
      ? {
          kind: proposal.kind as JointKind,
          party: proposal.party,
          userId: userIdFor(actor.party, proposal.party, proposal.user_id),
          at: proposal.at,
          comment: proposal.comment,
          successorPlan: successor ? { id: successor.id, title: JSON.parse(successor.title) } : null,
          agreements: byPartyFor(
            actor.party,
            proposal.agreements.map((a) => ({ party: a.party, userId: a.user_id, at: a.at })),
          ),
          lapsed: isLapsedReopen(proposal.kind, plan.reopen_until, isoNow(ctx)),
          dispositions: (JSON.parse(proposal.dispositions) as Disposition[])
            .filter((d) => visible.has(d.activityId))
            .map((d) => ({
              activityId: d.activityId,
              refCode: visible.get(d.activityId)?.ref_code ?? '',
              disposition: d.disposition,
              reason: d.reason ?? null,
            })),
        }
      : null,
    decisions: (await listDecisions(ctx.db, id)).map((d) => ({
      id: Number(d.id),
      kind: d.kind as DecisionKind,
      party: d.party,
      userId: userIdFor(actor.party, d.party, d.user_id),
      displayName: namedFor(actor.party, d.party, d.display_name),
      at: d.at,
      comment: d.comment,
    })),
    openActivities: open.map((a) => ({
      ...codec.decode(a),
      id: a.id,
      refCode: a.ref_code,
      title: JSON.parse(a.title),
      status: a.status as PlanDecisions['openActivities'][number]['status'],
      plannedEnd: a.planned_end,
    })),
    successorPlans: successors.map((p) => ({
      id: p.id,
      title: JSON.parse(p.title),
      status: p.status as PlanDecisions['successorPlans'][number]['status'],
      periodStart: p.period_start,
      periodEnd: p.period_end,
    })),
    carried: readableCarried.map((c) => {
      // The successor and the copy in it are told only to a reader of that plan.
      const to =
        c.successor_plan_id && c.successor_title ? { id: c.successor_plan_id, title: JSON.parse(c.successor_title) } : null;
      return { activityId: c.activity_id, refCode: c.ref_code, copyId: to ? c.copy_id : null, successorPlan: to, at: c.at };
    }),
  };
}
