import { automaticMoveBody, transitionActivity } from '../domain/activity.lifecycle.js';
import { newId } from '../domain/ids.js';
import { agreeJoint, checkDispositions, type Disposition, reopenUntil } from '../domain/plan-close.js';
import type { JointDecisionInput, PlanCloseProposal } from '../domain/plan-close.schema.js';
import { issue, problem } from '../domain/problems.js';
import { insertActivities, isRefCodeClash, updateActivity } from '../store/activity.repo.js';
import { recordActivityEvents } from '../store/activity-event.repo.js';
import { commissionParties } from '../store/commission.repo.js';
import type { ActivityRow, WorkPlanRow } from '../store/database.js';
import type { Db } from '../store/db.js';
import { findPlan } from '../store/plan.repo.js';
import {
  allOpenActivities,
  dropJointProposal,
  findJointProposal,
  insertCloseFollowUp,
  insertJointProposal,
  type JointProposal,
  readableOpenActivities,
  recordCarry,
  setJointDispositions,
  setJointSuccessor,
  setPlanClosed,
  successorOfClose,
} from '../store/plan-close.repo.js';
import { presentActivity } from '../store/present.js';
import { indexForSearch } from '../store/search.repo.js';
import { searchTexts } from './activity.usecases.js';
import { withdrawApprovals } from './approvals.js';
import { type AuditEvent, audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { inRereadingTransaction, LostRace } from './lost-race.js';
import { claimPlan, decide, notifyParty, planAfter } from './plan-decision.js';
import { assertCanPlan } from './policy.js';

// Closing a plan: the owner party's proposal, the dispositions each agreeing party adds, and the close itself.

/**
 * The owner party proposes to close a plan in execution, with what becomes
 * of each open activity it can read: carried to a successor plan, cancelled
 * with a reason, or kept open, which blocks the close (the proposal is then
 * refused, naming the blocking activities). Proposing is the proposer's
 * party's agreement; a commission of one party closes at once.
 */
export async function proposeClose(ctx: AppContext, actor: Actor, id: string, input: PlanCloseProposal) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const now = isoNow(ctx);
    const plan = await claimPlan(trx, ctx, actor, id, input.version, now);
    assertCanPlan(actor, plan.owner_party);
    if (plan.status !== 'in_execution')
      throw problem('plan_decision.not_in_execution', { planStatus: plan.status }, [
        issue('status', 'plan_decision.move_not_allowed', { planStatus: plan.status }),
      ]);
    if (await findJointProposal(trx, id)) throw problem('plan_decision.pending');
    const open = await readableOpenActivities(trx, reader, id);
    const refOf = (aid: string) => open.find((a) => a.id === aid)?.ref_code ?? aid;
    const dispositions = checkDispositions(
      open.map((a) => a.id),
      input.dispositions,
      { successorPlanId: input.successorPlanId, refOf, requireAll: true },
    );
    const carries = [...dispositions.values()].some((d) => d.disposition === 'carry');
    if (carries) await checkSuccessor(trx, ctx, actor, plan, input.successorPlanId ?? '');
    const comment = input.comment?.trim() || null;
    await insertJointProposal(trx, {
      plan_id: id,
      kind: 'close',
      party: actor.party,
      user_id: actor.userId,
      at: now,
      successor_plan_id: carries ? (input.successorPlanId ?? null) : null,
      dispositions: JSON.stringify([...dispositions.values()].map(normalise)),
      comment,
    });
    await decide(trx, actor, plan, 'propose_close', now, comment);
    await audit(trx, actor, now, [
      {
        action: 'plan.close_proposed',
        entityType: 'work_plan',
        entityId: id,
        label: plan,
        // No successor id: the plan's readers may not read the successor (the proposal keeps it).
        detail: { beforePeriodEnd: now.slice(0, 10) < plan.period_end },
      },
    ]);
    const parties = await commissionParties(trx, plan.commission_id);
    if (agreeJoint({ actingParty: actor.party, commissionParties: parties, agreed: [] }).complete)
      await applyClose(trx, ctx, actor, plan, now);
    else for (const p of parties.filter((x) => x !== actor.party)) await notifyParty(ctx, trx, p, plan, 'close_proposed', now);
    return planAfter(trx, ctx, actor, id);
  });
}

const normalise = (d: Disposition): Disposition => ({
  activityId: d.activityId,
  disposition: d.disposition,
  reason: d.disposition === 'cancel' ? (d.reason?.trim() ?? null) : null,
});

/** A successor is a plan of the same commission still being drafted, which the actor may read. */
async function checkSuccessor(trx: Db, ctx: AppContext, actor: Actor, plan: WorkPlanRow, successorId: string) {
  const codec = await ctx.codec();
  const successor = await findPlan(trx, codec.reader(actor), successorId);
  const issues = [issue('successorPlanId', 'plan_decision.field_successor')];
  if (!successor || successor.id === plan.id || successor.commission_id !== plan.commission_id)
    throw problem('plan_decision.unknown_successor', {}, issues);
  if (successor.status !== 'draft' && successor.status !== 'proposed')
    throw problem('plan_decision.successor_not_drafting', { planStatus: successor.status }, issues);
  return successor;
}

/**
 * An agreement to a close gives the dispositions of the open activities the
 * agreeing party reads that nobody has disposed of yet (the proposer could not
 * read them), and carries them only to the proposal's one successor.
 */
export async function addAgreedDispositions(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  plan: WorkPlanRow,
  proposal: JointProposal,
  input: JointDecisionInput,
) {
  const reader = (await ctx.codec()).reader(actor);
  const current = JSON.parse(proposal.dispositions) as Disposition[];
  const known = new Set(current.map((d) => d.activityId));
  const open = (await readableOpenActivities(trx, reader, plan.id)).filter((a) => !known.has(a.id));
  const refOf = (aid: string) => open.find((a) => a.id === aid)?.ref_code ?? aid;
  const given = input.successorPlanId ?? null;
  const fixed = proposal.successor_plan_id;
  // One close carries to one successor: an agreement names the proposal's, or none.
  if (fixed && given && given !== fixed) {
    const issues = [issue('successorPlanId', 'plan_decision.field_successor')];
    throw (await findPlan(trx, reader, fixed))
      ? problem('plan_decision.successor_differs', {}, issues)
      : problem('plan_decision.unknown_successor', {}, issues);
  }
  const added = checkDispositions(
    open.map((a) => a.id),
    input.dispositions ?? [],
    { successorPlanId: fixed ?? given, refOf, requireAll: true },
  );
  if (added.size === 0) return;
  // A party carrying activities must be allowed to carry them there, as the proposer was.
  if ([...added.values()].some((d) => d.disposition === 'carry')) {
    const successor = await checkSuccessor(trx, ctx, actor, plan, fixed ?? given ?? '');
    if (!fixed) await setJointSuccessor(trx, plan.id, successor.id);
  }
  await setJointDispositions(trx, plan.id, JSON.stringify([...current, ...[...added.values()].map(normalise)]));
}

/**
 * Every party agreed: each open activity gets its disposition (one done since
 * the proposal is simply left done), the plan closes and may be reopened until
 * REOPEN_DAYS later. Each activity's cancellation or carry is audited under
 * its own label; the plan's entry tells only what the plan's readers may know.
 */
export async function applyClose(trx: Db, ctx: AppContext, actor: Actor, plan: WorkPlanRow, now: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const proposal = await findJointProposal(trx, plan.id);
  if (!proposal) throw problem('plan_decision.withdrawn_meanwhile');
  const dispositions = new Map((JSON.parse(proposal.dispositions) as Disposition[]).map((d) => [d.activityId, d]));
  const open = await allOpenActivities(trx, plan.id);
  const readable = new Set((await readableOpenActivities(trx, reader, plan.id)).map((a) => a.id));
  assertAllDisposed(open, dispositions, readable);
  let successor: WorkPlanRow | undefined;
  let carried = 0;
  for (const a of open) {
    const d = dispositions.get(a.id) as Disposition;
    if (d.disposition === 'cancel') {
      await cancelAtClose(trx, ctx, actor, a, now, d.reason ?? '');
      continue;
    }
    successor ??= await successorForCarry(trx, ctx, actor, proposal.successor_plan_id ?? '');
    await carry(trx, ctx, actor, a, successor, readable.has(a.id), now);
    carried++;
  }
  // The successor's content changed: the approvals it had are withdrawn, as for any change.
  if (successor && carried) await withdrawApprovals(trx, actor, successor, now);
  const until = reopenUntil(now);
  await settleClosure(trx, actor, plan, now, {
    action: 'plan.close',
    closedAt: now,
    reopenUntil: until,
    // No counts nor successor: the activities carried or cancelled are audited each under its own label.
    detail: { from: 'in_execution', to: 'closed', reopenUntil: until },
  });
}

/**
 * An agreed close or reopening takes effect: its joint proposal is spent, the
 * plan's closed state is set, and the move is audited under the plan's label.
 */
export async function settleClosure(
  trx: Db,
  actor: Actor,
  plan: WorkPlanRow,
  now: string,
  move: { action: string; closedAt: string | null; reopenUntil: string | null; detail: Record<string, unknown> },
) {
  await dropJointProposal(trx, plan.id);
  await setPlanClosed(trx, plan.id, move.closedAt, move.reopenUntil);
  await audit(trx, actor, now, [
    { action: move.action, entityType: 'work_plan', entityId: plan.id, label: plan, detail: move.detail },
  ]);
}

/**
 * An open activity without a disposition refuses the agreement: named if the
 * agreeing party may read it; otherwise only counted, as minutes tell a party
 * of items it cannot read.
 */
function assertAllDisposed(open: ActivityRow[], dispositions: Map<string, Disposition>, readable: Set<string>) {
  const missing = open.filter((a) => !dispositions.has(a.id));
  if (missing.length === 0) return;
  const seen = missing.filter((a) => readable.has(a.id));
  if (seen.length)
    throw problem(
      'plan_decision.undisposed',
      { refCodes: seen.map((a) => a.ref_code).join(', ') },
      seen.map((a) => issue('dispositions', 'plan_decision.field_no_disposition', { refCode: a.ref_code })),
    );
  throw problem('plan_decision.undisposed_hidden', { count: missing.length });
}

/** An audit entry about an activity the close touched, under that activity's own label. */
const activityEvent = (a: ActivityRow, action: string, entityId: string, detail: Record<string, unknown>): AuditEvent => ({
  action,
  entityType: 'activity',
  entityId,
  label: {
    owner_party: a.owner_party,
    classification: a.classification,
    releasable_mask: a.releasable_mask,
    compartment_mask: a.compartment_mask,
  },
  detail,
});

/** An activity cancelled at the close, with the reason the proposal gave. */
async function cancelAtClose(trx: Db, ctx: AppContext, actor: Actor, a: ActivityRow, now: string, reason: string) {
  await cancelForClose(trx, ctx, actor, a, now, reason);
  await audit(trx, actor, now, [
    activityEvent(a, 'activity.transition', a.id, { from: a.status, to: 'cancelled', reason, cascade: 'plan.close' }),
  ]);
}

/**
 * The plan the close carries activities to, as the proposal named it: still
 * being drafted. Described only to a party that may read it; to another, it
 * is simply not a successor any more.
 */
async function successorForCarry(trx: Db, ctx: AppContext, actor: Actor, successorId: string): Promise<WorkPlanRow> {
  const found = await successorOfClose(trx, successorId);
  const issues = [issue('successorPlanId', 'plan_decision.field_successor')];
  const drafting = found?.status === 'draft' || found?.status === 'proposed';
  if (found && drafting) return found;
  throw found && (await findPlan(trx, (await ctx.codec()).reader(actor), found.id))
    ? problem('plan_decision.successor_gone', {}, issues)
    : problem('plan_decision.unknown_successor', {}, issues);
}

/**
 * Carries an open activity to the successor: a proposed copy there, and the
 * original cancelled as carried, so that it no longer counts as open, nor as
 * done, in the closed plan. A reference code already taken in the successor
 * is named only to a reader of the activity.
 */
async function carry(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  a: ActivityRow,
  successor: WorkPlanRow,
  readable: boolean,
  now: string,
) {
  const codec = await ctx.codec();
  const copy: ActivityRow = {
    ...a,
    id: newId(),
    plan_id: successor.id,
    status: 'proposed',
    postponements: 0,
    actual_start: null,
    actual_end: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await insertActivities(trx, [copy]).catch((err) => {
    if (!isRefCodeClash(err)) throw err;
    throw readable ? problem('plan_decision.carry_clash', { refCode: a.ref_code }) : problem('plan_decision.carry_clash_hidden');
  });
  await recordActivityEvents(trx, now, [copy]);
  await indexForSearch(trx, 'activity', copy.id, searchTexts(presentActivity(codec, copy, null)));
  await recordCarry(trx, { activity_id: a.id, copy_id: copy.id, successor_plan_id: successor.id, at: now });
  // Its follow-up names no plan: where it went is read from the carry, as far as the reader may read it.
  await cancelForClose(trx, ctx, actor, a, now, null);
  await audit(trx, actor, now, [
    activityEvent(a, 'activity.carry', a.id, { copyId: copy.id, successorPlanId: successor.id, cascade: 'plan.close' }),
    activityEvent(a, 'activity.create', copy.id, { planId: successor.id, refCode: copy.ref_code, carriedFrom: a.id }),
  ]);
}

/**
 * Cancels an open activity at its plan's close, through the activity's
 * lifecycle: with the reason given, or (carried) with the move alone as its
 * follow-up, which readers see translated and which is not indexed.
 */
async function cancelForClose(trx: Db, ctx: AppContext, actor: Actor, a: ActivityRow, now: string, reason: string | null) {
  const codec = await ctx.codec();
  const before = presentActivity(codec, a, null);
  const next = transitionActivity(
    before,
    { to: 'cancelled', reason: reason ?? automaticMoveBody(a.status, 'cancelled') },
    todayOf(ctx),
  );
  if (!(await updateActivity(trx, a.id, a.version, { status: next.status, updated_at: now }))) throw new LostRace('Activity');
  const body = reason ?? automaticMoveBody(a.status, next.status);
  const id = newId();
  await insertCloseFollowUp(trx, {
    id,
    activity_id: a.id,
    kind: 'status_change',
    body,
    language: 'fr',
    author_id: actor.userId,
    from_status: a.status,
    to_status: next.status,
    owner_party: a.owner_party,
    classification: a.classification,
    releasable_mask: a.releasable_mask,
    compartment_mask: a.compartment_mask,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  if (reason !== null) await indexForSearch(trx, 'follow_up', id, [body]);
  await recordActivityEvents(trx, now, [{ ...a, status: next.status }]);
}
