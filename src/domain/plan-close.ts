import { CLOSED_STATUSES } from './activity.lifecycle.js';
import { type FieldIssue, invalid } from './errors.js';

/**
 * Joint decisions on a plan beyond its approval: closing it and reopening it.
 * Each is proposed by one party and agreed by every party of the commission;
 * any party may refuse with a comment, which drops the proposal. Pure rules:
 * the use cases (app/plan-close.usecases.ts) read and write.
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

/** The last day a plan closed at `closedAt` may be reopened (exclusive instant). */
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
    if (!openSet.has(d.activityId))
      issues.push({ path: `dispositions.${i}.activityId`, message: 'not an open activity of this plan' });
    else if (byId.has(d.activityId)) issues.push({ path: `dispositions.${i}.activityId`, message: 'given twice' });
    else byId.set(d.activityId, d);
    if (d.disposition === 'cancel' && !d.reason?.trim())
      issues.push({ path: `dispositions.${i}.reason`, message: 'a cancelled activity needs a reason' });
    if (d.disposition === 'carry' && !opts.successorPlanId)
      issues.push({ path: 'successorPlanId', message: 'carrying activities needs a successor plan' });
  });
  if (issues.length) throw invalid('Some dispositions of the open activities are not valid', issues);
  if (opts.requireAll) {
    const missing = open.filter((id) => !byId.has(id));
    if (missing.length)
      throw invalid(
        `Every open activity needs a disposition (carry, cancel or block); none was given for ${missing.map(opts.refOf).join(', ')}`,
        missing.map((id) => ({ path: 'dispositions', message: `${opts.refOf(id)} has no disposition` })),
      );
  }
  const blocking = [...byId.values()].filter((d) => d.disposition === 'block').map((d) => d.activityId);
  if (blocking.length)
    throw invalid(
      `The plan cannot be closed while activities are kept open: ${blocking.map(opts.refOf).join(', ')}`,
      blocking.map((id) => ({ path: 'dispositions', message: `${opts.refOf(id)} blocks the close` })),
    );
  return byId;
}

/** Who may still agree, and whether the agreement of `party` completes the decision. */
export function agreeJoint(
  kind: JointKind,
  ctx: { actingParty: string; commissionParties: readonly string[]; agreed: readonly string[] },
): { complete: boolean } {
  if (!ctx.commissionParties.includes(ctx.actingParty))
    throw invalid(`${ctx.actingParty} is not a party of this plan's commission`);
  if (ctx.agreed.includes(ctx.actingParty)) throw invalid(`${ctx.actingParty} has already agreed to ${kind} this plan`);
  const agreed = new Set([...ctx.agreed, ctx.actingParty]);
  return { complete: ctx.commissionParties.every((p) => agreed.has(p)) };
}

/** A refusal or a return always says why. */
export function requireComment(comment: string | null | undefined, what: string): string {
  const c = comment?.trim();
  if (!c) throw invalid(`${what} needs a comment saying why`, [{ path: 'comment', message: 'required' }]);
  return c;
}

/** Reopening is proposed only while the plan is within its reopening time. */
export function assertReopenable(status: string, until: string | null, now: string): void {
  if (status !== 'closed') throw invalid('Only a closed plan can be reopened', [{ path: 'status', message: status }]);
  if (!until || now >= until)
    throw invalid(`The plan could be reopened until ${until ?? 'its close'}; that time has passed`, [
      { path: 'reopenUntil', message: 'passed' },
    ]);
}
