import { invalid } from './errors.js';

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

/** Content of a plan that can still be edited without an amendment. */
export const isPlanEditable = (s: PlanStatus) => s === 'draft' || s === 'proposed';

export interface Approval {
  party: string;
  userId: string;
  at: string;
}

/**
 * Moving to `approved` records the approval of the acting party; the plan is
 * approved only once every party of its commission has approved it.
 */
export function transitionPlan(
  status: PlanStatus,
  to: PlanStatus,
  ctx: { actingParty: string; commissionParties: readonly string[]; approvals: readonly Approval[] },
): { status: PlanStatus; approve: boolean } {
  if (!PLAN_TRANSITIONS[status].includes(to)) {
    const allowed = PLAN_TRANSITIONS[status];
    const options =
      status === 'in_execution' || to === 'closed'
        ? 'a plan in execution is closed by the agreement of every party of its commission: propose its close'
        : allowed.length
          ? `it can move to: ${allowed.join(', ')}`
          : 'it is final';
    throw invalid(`A plan cannot move from ${status} to ${to}; ${options}`, [
      { path: 'to', message: `not allowed from ${status}` },
    ]);
  }
  if (to !== 'approved') return { status: to, approve: false };
  if (!ctx.commissionParties.includes(ctx.actingParty))
    throw invalid(`${ctx.actingParty} is not a party of this plan's commission`);
  if (ctx.approvals.some((a) => a.party === ctx.actingParty)) throw invalid(`${ctx.actingParty} has already approved this plan`);
  const approved = new Set([...ctx.approvals.map((a) => a.party), ctx.actingParty]);
  const all = ctx.commissionParties.every((p) => approved.has(p));
  return { status: all ? 'approved' : 'proposed', approve: true };
}
