import { CLOSED_STATUSES } from './activity.lifecycle.js';
import type { FieldIssue } from './errors.js';
import { issue, problem } from './problems.js';

/**
 * Joint decisions on a plan beyond its approval: closing it and reopening it.
 * Each is proposed by one party and agreed by every party of the commission;
 * any party may refuse with a comment, which drops the proposal. Pure rules:
 * the use cases (app/plan-*.usecases.ts) read and write.
 */

/** How long after its close a plan may still be reopened by every party's agreement. */
export const REOPEN_DAYS = 30;

export const JOINT_KINDS = ['close', 'reopen'] as const;
export type JointKind = (typeof JOINT_KINDS)[number];

/** What becomes of an activity still open when its plan closes. */
export const DISPOSITIONS = ['carry', 'cancel', 'block'] as const;
export type DispositionKind = (typeof DISPOSITIONS)[number];

export interface Disposition {
  activityId: string;
  disposition: DispositionKind;
  /** Required for `cancel`: the reason the activity is given when cancelled. */
  reason?: string | null | undefined;
}

/** Every decision a party takes on a plan, kept as its history with the comment given. */
export const DECISION_KINDS = [
  'approve',
  'refuse',
  'return',
  'propose_close',
  'agree_close',
  'refuse_close',
  'propose_reopen',
  'agree_reopen',
  'refuse_reopen',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** An activity is open (must be disposed of at the close) while it is neither done nor cancelled. */
export const isOpenActivity = (status: string) => !(CLOSED_STATUSES as readonly string[]).includes(status);

/** The instant until which a plan closed at `closedAt` may be reopened: reopening at or after it is refused. */
export function reopenUntil(closedAt: string, days = REOPEN_DAYS): string {
  return new Date(Date.parse(closedAt) + days * 86_400_000).toISOString();
}

/**
 * Checks the dispositions given for `open` activities (the ones the proposer
 * can see). Every open one needs exactly one; a `cancel` needs a reason; a
 * `carry` needs a successor plan; any `block` keeps the close from being
 * proposed, naming the blocking activities. `refOf` names an activity in the
 * messages.
 */
export function checkDispositions(
  open: readonly string[],
  given: readonly Disposition[],
  opts: { successorPlanId: string | null | undefined; refOf: (id: string) => string; requireAll: boolean },
): Map<string, Disposition> {
  const issues: FieldIssue[] = [];
  const byId = new Map<string, Disposition>();
  const openSet = new Set(open);
  given.forEach((d, i) => {
    if (!openSet.has(d.activityId)) issues.push(issue(`dispositions.${i}.activityId`, 'plan_decision.field_not_open'));
    else if (byId.has(d.activityId)) issues.push(issue(`dispositions.${i}.activityId`, 'plan_decision.field_given_twice'));
    else byId.set(d.activityId, d);
    if (d.disposition === 'cancel' && !d.reason?.trim())
      issues.push(issue(`dispositions.${i}.reason`, 'plan_decision.field_reason_required'));
    if (d.disposition === 'carry' && !opts.successorPlanId)
      issues.push(issue('successorPlanId', 'plan_decision.field_successor_required'));
  });
  if (issues.length) throw problem('plan_decision.dispositions_invalid', {}, issues);
  if (opts.requireAll) {
    const missing = open.filter((id) => !byId.has(id));
    if (missing.length)
      throw problem(
        'plan_decision.dispositions_missing',
        { refCodes: missing.map(opts.refOf).join(', ') },
        missing.map((id) => issue('dispositions', 'plan_decision.field_no_disposition', { refCode: opts.refOf(id) })),
      );
  }
  const blocking = [...byId.values()].filter((d) => d.disposition === 'block').map((d) => d.activityId);
  if (blocking.length)
    throw problem(
      'plan_decision.blocked',
      { refCodes: blocking.map(opts.refOf).join(', ') },
      blocking.map((id) => issue('dispositions', 'plan_decision.field_blocks', { refCode: opts.refOf(id) })),
    );
  return byId;
}

/** Who may still agree, and whether the agreement of `party` completes the decision. */
export function agreeJoint(ctx: { actingParty: string; commissionParties: readonly string[]; agreed: readonly string[] }): {
  complete: boolean;
} {
  if (!ctx.commissionParties.includes(ctx.actingParty)) throw problem('plan_decision.not_a_party', { party: ctx.actingParty });
  if (ctx.agreed.includes(ctx.actingParty)) throw problem('plan_decision.already_agreed', { party: ctx.actingParty });
  const agreed = new Set([...ctx.agreed, ctx.actingParty]);
  return { complete: ctx.commissionParties.every((p) => agreed.has(p)) };
}

/** A refusal or a return always says why. */
export function requireComment(comment: string | null | undefined): string {
  const c = comment?.trim();
  if (!c) throw problem('plan_decision.comment_required', {}, [issue('comment', 'field.required')]);
  return c;
}

/** A reopening proposed and not agreed before the reopening time ends has lapsed: nobody may agree to it any more. */
export const isLapsedReopen = (kind: string, until: string | null, now: string) => kind === 'reopen' && !!until && now >= until;

/** Reopening is proposed only while the plan is within its reopening time. */
export function assertReopenable(status: string, until: string | null, now: string): void {
  if (status !== 'closed')
    throw problem('plan_decision.only_closed_reopen', { planStatus: status }, [
      issue('status', 'plan_decision.move_not_allowed', { planStatus: status }),
    ]);
  if (!until) throw problem('plan_decision.reopen_never');
  if (now >= until) throw problem('plan_decision.reopen_passed', { until });
}
