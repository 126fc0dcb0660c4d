import type { FieldIssue } from './errors.js';
import { issue, problem } from './problems.js';

export const PLAN_STATUSES = ['draft', 'proposed', 'approved', 'in_execution', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_TRANSITIONS: Record<PlanStatus, readonly PlanStatus[]> = {
  draft: ['proposed'],
  proposed: ['approved'],
  approved: ['in_execution'],
  // Closing (and reopening) is a joint decision of every commission party (domain/plan-close.ts), not a move.
  in_execution: [],
  closed: [],
};

/**
 * Returning a plan to its drafters is a decision of one party with a comment
 * (app/plan-approval-decision.usecases.ts), not a move any planner makes: only a proposed
 * plan goes back to draft, and every approval it had is withdrawn.
 */
export const PLAN_RETURNS: Partial<Record<PlanStatus, PlanStatus>> = { proposed: 'draft' };

/** The status a plan returned to its drafters takes, or why it cannot be returned. */
export function returnPlan(status: PlanStatus): PlanStatus {
  const to = PLAN_RETURNS[status];
  if (!to)
    throw problem('plan_decision.not_proposed', { planStatus: status }, [
      issue('decision', 'plan_decision.move_not_allowed', { planStatus: status }),
    ]);
  return to;
}

/** Content of a plan that can still be edited without an amendment. */
export const isPlanEditable = (s: PlanStatus) => s === 'draft' || s === 'proposed';

/** The status an activity added to a plan starts in: proposed while the plan is drafted, planned once it is adopted. */
export const newActivityStatus = (plan: PlanStatus): 'proposed' | 'planned' => (isPlanEditable(plan) ? 'proposed' : 'planned');

/**
 * What a plan import may do with the status its file gives (`wanted`), for a
 * plan already here (`stored`) or a new one (`undefined`): a new plan is made a
 * draft, then moved by its owner's moves to a status still being drafted; an
 * existing plan's status is never moved by an import, since each of its moves
 * is a decision of its own. Answers the moves to make, or the issue (under
 * `status`) refusing the file's status.
 */
export function importedPlanMoves(
  stored: PlanStatus | undefined,
  wanted: PlanStatus,
): { moves: PlanStatus[]; issue: null } | { moves: null; issue: FieldIssue } {
  if (stored !== undefined)
    return wanted === stored
      ? { moves: [], issue: null }
      : { moves: null, issue: issue('status', 'import.plan_status_fixed', { planStatus: stored }) };
  if (!isPlanEditable(wanted)) return { moves: null, issue: issue('status', 'import.new_plan_status', { planStatus: wanted }) };
  const moves: PlanStatus[] = [];
  for (let at: PlanStatus = 'draft'; at !== wanted; ) {
    const next: PlanStatus | undefined = PLAN_TRANSITIONS[at].find(isPlanEditable);
    if (!next) break;
    moves.push(next);
    at = next;
  }
  return { moves, issue: null };
}

export interface Approval {
  party: string;
  userId: string;
  at: string;
}

/**
 * Moving to `approved` records the approval of the acting party; the plan is
 * approved only once every party of its commission has approved it. The
 * approvals are those that count, each party once: given here, or received
 * from a partner's installation (domain/plan-approvals.ts).
 */
export function transitionPlan(
  status: PlanStatus,
  to: PlanStatus,
  ctx: { actingParty: string; commissionParties: readonly string[]; approvals: readonly Pick<Approval, 'party'>[] },
): { status: PlanStatus; approve: boolean } {
  if (!PLAN_TRANSITIONS[status].includes(to)) {
    const allowed = PLAN_TRANSITIONS[status];
    const issues = [issue('to', 'plan_decision.move_not_allowed', { planStatus: status })];
    const params = { planStatus: status, planStatusTo: to };
    if (status === 'in_execution' || to === 'closed') throw problem('plan_decision.move_is_joint', params, issues);
    if (allowed.length) throw problem('plan_decision.cannot_move', { ...params, planStatusAllowed: allowed.join(', ') }, issues);
    throw problem('plan_decision.cannot_move_final', params, issues);
  }
  if (to !== 'approved') return { status: to, approve: false };
  if (!ctx.commissionParties.includes(ctx.actingParty)) throw problem('plan_decision.not_a_party', { party: ctx.actingParty });
  if (ctx.approvals.some((a) => a.party === ctx.actingParty))
    throw problem('plan_decision.already_approved', { party: ctx.actingParty });
  const approved = new Set([...ctx.approvals.map((a) => a.party), ctx.actingParty]);
  const all = ctx.commissionParties.every((p) => approved.has(p));
  return { status: all ? 'approved' : 'proposed', approve: true };
}
