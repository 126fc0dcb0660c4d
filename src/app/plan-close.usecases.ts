import type { Kysely } from 'kysely';
import { automaticMoveBody, transitionActivity } from '../domain/activity.lifecycle.js';
import { newId } from '../domain/ids.js';
import { type PlanStatus, returnPlan } from '../domain/plan.lifecycle.js';
import {
  agreeJoint,
  assertReopenable,
  checkDispositions,
  type DecisionKind,
  type Disposition,
  isLapsedReopen,
  type JointKind,
  reopenUntil,
  requireComment,
} from '../domain/plan-close.js';
import type {
  ApprovalDecisionInput,
  JointDecisionInput,
  PlanCloseProposal,
  PlanDecisions,
  PlanReopenProposal,
} from '../domain/plan-close.schema.js';
import { issue, problem } from '../domain/problems.js';
import { insertActivities, isRefCodeClash, updateActivity } from '../store/activity.repo.js';
import { recordActivityEvents } from '../store/activity-event.repo.js';
import type { ActivityRow, Database, WorkPlanRow } from '../store/database.js';
import { approvalsOf, findPlan } from '../store/plan.repo.js';
import {
  addJointAgreement,
  allOpenActivities,
  commissionParties,
  dropJointProposal,
  findJointProposal,
  insertCloseFollowUp,
  insertJointProposal,
  insertNotifications,
  listDecisions,
  readableCarriedActivities,
  readableOpenActivities,
  recordCarry,
  recordDecision,
  setJointDispositions,
  setJointSuccessor,
  setPlanClosed,
  setPlanStatus,
  successorCandidates,
  successorOfClose,
  withdrawPlanApprovals,
} from '../store/plan-close.repo.js';
import { readablePlannersOf } from '../store/planners.repo.js';
import { presentActivity, presentPlan } from '../store/present.js';
import { indexForSearch } from '../store/search.repo.js';
import { compareAndSet } from '../store/versioned.js';
import { searchTexts } from './activity.usecases.js';
import { withdrawApprovals } from './approvals.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { inRereadingTransaction, LostRace } from './lost-race.js';
import { assertCanPlan } from './policy.js';

type Trx = Kysely<Database>;

/**
 * Reads the plan as the actor may, checks the version the actor read (or,
 * when none is given, the version just read) and claims the row by moving its
 * version, so that two decisions on one plan never interleave: the second
 * loses its claim and is refused as stale (or, unpinned, reads again).
 */
async function claimPlan(trx: Trx, ctx: AppContext, actor: Actor, id: string, version: number | undefined, now: string) {
  const codec = await ctx.codec();
  const row = await findPlan(trx, codec.reader(actor), id);
  if (!row) throw problem('plan.not_found');
  const expected = version ?? row.version;
  if (row.version !== expected) throw problem('plan_decision.stale_version', { had: expected, now: row.version });
  if (!(await compareAndSet(trx, 'work_plan', id, expected, { updated_at: now }))) throw new LostRace('Plan');
  return row;
}

/** Tells the planners of `party` who may read the plan of a decision asked of them or taken on their plan. */
async function notifyParty(ctx: AppContext, trx: Trx, party: string, plan: WorkPlanRow, kind: string, at: string) {
  const codec = await ctx.codec();
  const readers = await readablePlannersOf(trx, codec, party, { table: 'work_plan', id: plan.id });
  await insertNotifications(
    trx,
    readers.map((userId) => ({
      user_id: userId,
      kind,
      entity_type: 'work_plan',
      entity_id: plan.id,
      // The plan's title is read with the notification, in the reader's language and as it reads then.
      title: '',
      due_date: null,
      dedupe_key: `${kind}:work_plan:${plan.id}:${at}`,
      created_at: at,
    })),
  );
}

async function decide(trx: Trx, actor: Actor, plan: WorkPlanRow, kind: DecisionKind, at: string, comment: string | null) {
  await recordDecision(trx, { plan_id: plan.id, kind, party: actor.party, user_id: actor.userId, at, comment });
}

async function planAfter(trx: Trx, ctx: AppContext, actor: Actor, id: string) {
  const codec = await ctx.codec();
  const after = await findPlan(trx, codec.reader(actor), id);
  if (!after) throw problem('plan.not_found');
  return presentPlan(codec, after, (await approvalsOf(trx, [id])).get(id) ?? []);
}

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
          userId: proposal.user_id,
          at: proposal.at,
          comment: proposal.comment,
          successorPlan: successor ? { id: successor.id, title: JSON.parse(successor.title) } : null,
          agreements: proposal.agreements.map((a) => ({ party: a.party, userId: a.user_id, at: a.at })),
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
      userId: d.user_id,
      displayName: d.display_name,
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
async function checkSuccessor(trx: Trx, ctx: AppContext, actor: Actor, plan: WorkPlanRow, successorId: string) {
  const codec = await ctx.codec();
  const successor = await findPlan(trx, codec.reader(actor), successorId);
  const issues = [issue('successorPlanId', 'plan_decision.field_successor')];
  if (!successor || successor.id === plan.id || successor.commission_id !== plan.commission_id)
    throw problem('plan_decision.unknown_successor', {}, issues);
  if (successor.status !== 'draft' && successor.status !== 'proposed')
    throw problem('plan_decision.successor_not_drafting', { planStatus: successor.status }, issues);
  return successor;
}

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

/**
 * A party agrees to the proposed close or reopening, or refuses it with a
 * comment (which drops the proposal; the proposing party is told why). An
 * agreement to a close gives the dispositions of open activities the party
 * can read that the proposal has none for (the proposer could not read
 * them). The last agreement applies the decision in the same transaction.
 */
export async function decideJoint(ctx: AppContext, actor: Actor, id: string, kind: JointKind, input: JointDecisionInput) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const now = isoNow(ctx);
    const plan = await claimPlan(trx, ctx, actor, id, input.version, now);
    assertCanPlan(actor, actor.party);
    const proposal = await findJointProposal(trx, id);
    if (!proposal || proposal.kind !== kind) throw problem('plan_decision.nothing_to_decide');
    const parties = await commissionParties(trx, plan.commission_id);
    const agreed = proposal.agreements.map((a) => a.party);
    if (input.decision === 'refuse') {
      const comment = requireComment(input.comment);
      if (!parties.includes(actor.party)) throw problem('plan_decision.not_a_party', { party: actor.party });
      await dropJointProposal(trx, id);
      await decide(trx, actor, plan, kind === 'close' ? 'refuse_close' : 'refuse_reopen', now, comment);
      await audit(trx, actor, now, [
        { action: `plan.${kind}_refused`, entityType: 'work_plan', entityId: id, label: plan, detail: { comment } },
      ]);
      await notifyParty(ctx, trx, proposal.party, plan, kind === 'close' ? 'close_refused' : 'reopen_refused', now);
      return planAfter(trx, ctx, actor, id);
    }
    const { complete } = agreeJoint({ actingParty: actor.party, commissionParties: parties, agreed });
    if (kind === 'reopen') assertReopenable(plan.status, plan.reopen_until, now);
    if (kind === 'close') {
      // The open activities this party reads that nobody has disposed of yet are its to dispose of now.
      const current = JSON.parse(proposal.dispositions) as Disposition[];
      const known = new Set(current.map((d) => d.activityId));
      const open = (await readableOpenActivities(trx, reader, id)).filter((a) => !known.has(a.id));
      const refOf = (aid: string) => open.find((a) => a.id === aid)?.ref_code ?? aid;
      const given = input.successorPlanId ?? null;
      const fixed = proposal.successor_plan_id;
      // One close carries to one successor: an agreement names the proposal's, or none.
      if (fixed && given && given !== fixed) {
        const issues = [issue('successorPlanId', 'plan_decision.field_successor')];
        const readable = await findPlan(trx, reader, fixed);
        throw readable
          ? problem('plan_decision.successor_differs', {}, issues)
          : problem('plan_decision.unknown_successor', {}, issues);
      }
      const added = checkDispositions(
        open.map((a) => a.id),
        input.dispositions ?? [],
        { successorPlanId: fixed ?? given, refOf, requireAll: true },
      );
      if (added.size > 0) {
        // A party carrying activities must be allowed to carry them there, as the proposer was.
        if ([...added.values()].some((d) => d.disposition === 'carry')) {
          const successor = await checkSuccessor(trx, ctx, actor, plan, fixed ?? given ?? '');
          if (!fixed) await setJointSuccessor(trx, id, successor.id);
        }
        await setJointDispositions(trx, id, JSON.stringify([...current, ...[...added.values()].map(normalise)]));
      }
    }
    await addJointAgreement(trx, { plan_id: id, party: actor.party, user_id: actor.userId, at: now });
    const comment = input.comment?.trim() || null;
    await decide(trx, actor, plan, kind === 'close' ? 'agree_close' : 'agree_reopen', now, comment);
    await audit(trx, actor, now, [
      { action: `plan.${kind}_agreed`, entityType: 'work_plan', entityId: id, label: plan, detail: { comment } },
    ]);
    if (complete) {
      if (kind === 'close') await applyClose(trx, ctx, actor, plan, now);
      else await applyReopen(trx, actor, plan, now);
    }
    return planAfter(trx, ctx, actor, id);
  });
}

/**
 * Every party agreed: each open activity gets its disposition (one done since
 * the proposal is simply left done), the plan closes and may be reopened until
 * REOPEN_DAYS later. An open activity without a disposition refuses the
 * agreement: naming it if the agreeing party may read it, counting it if not.
 * Each activity's cancellation or carry is audited under its own label; the
 * plan's entry tells only what the plan's readers may know.
 */
async function applyClose(trx: Trx, ctx: AppContext, actor: Actor, plan: WorkPlanRow, now: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const proposal = await findJointProposal(trx, plan.id);
  if (!proposal) throw problem('plan_decision.withdrawn_meanwhile');
  const dispositions = new Map((JSON.parse(proposal.dispositions) as Disposition[]).map((d) => [d.activityId, d]));
  const open = await allOpenActivities(trx, plan.id);
  const readable = new Set((await readableOpenActivities(trx, reader, plan.id)).map((a) => a.id));
  const missing = open.filter((a) => !dispositions.has(a.id));
  if (missing.length) {
    // Named if the agreeing party may read them; otherwise only counted, as minutes tell a party of items it cannot read.
    const seen = missing.filter((a) => readable.has(a.id));
    if (seen.length)
      throw problem(
        'plan_decision.undisposed',
        { refCodes: seen.map((a) => a.ref_code).join(', ') },
        seen.map((a) => issue('dispositions', 'plan_decision.field_no_disposition', { refCode: a.ref_code })),
      );
    throw problem('plan_decision.undisposed_hidden', { count: missing.length });
  }

  const carried: ActivityRow[] = [];
  let successor: WorkPlanRow | undefined;
  for (const a of open) {
    const d = dispositions.get(a.id) as Disposition;
    const label = {
      owner_party: a.owner_party,
      classification: a.classification,
      releasable_mask: a.releasable_mask,
      compartment_mask: a.compartment_mask,
    };
    if (d.disposition === 'cancel') {
      const reason = d.reason ?? '';
      await cancelForClose(trx, ctx, actor, a, now, reason);
      await audit(trx, actor, now, [
        {
          action: 'activity.transition',
          entityType: 'activity',
          entityId: a.id,
          label,
          detail: { from: a.status, to: 'cancelled', reason, cascade: 'plan.close' },
        },
      ]);
      continue;
    }
    if (!successor) {
      const found = await successorOfClose(trx, proposal.successor_plan_id ?? '');
      const issues = [issue('successorPlanId', 'plan_decision.field_successor')];
      // Described only to a party that may read it; to another, it is simply not a successor any more.
      const drafting = found?.status === 'draft' || found?.status === 'proposed';
      if (!found || !drafting)
        throw found && (await findPlan(trx, reader, found.id))
          ? problem('plan_decision.successor_gone', {}, issues)
          : problem('plan_decision.unknown_successor', {}, issues);
      successor = found;
    }
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
      throw readable.has(a.id)
        ? problem('plan_decision.carry_clash', { refCode: a.ref_code })
        : problem('plan_decision.carry_clash_hidden');
    });
    await recordActivityEvents(trx, now, [copy]);
    await indexForSearch(trx, 'activity', copy.id, searchTexts(presentActivity(codec, copy)));
    await recordCarry(trx, { activity_id: a.id, copy_id: copy.id, successor_plan_id: successor.id, at: now });
    // The original ends here, cancelled as carried: it no longer counts as open, nor as done, in this plan.
    // Its follow-up names no plan: where it went is read from the carry, as far as the reader may read it.
    await cancelForClose(trx, ctx, actor, a, now, null);
    await audit(trx, actor, now, [
      {
        action: 'activity.carry',
        entityType: 'activity',
        entityId: a.id,
        label,
        detail: { copyId: copy.id, successorPlanId: successor.id, cascade: 'plan.close' },
      },
      {
        action: 'activity.create',
        entityType: 'activity',
        entityId: copy.id,
        label,
        detail: { planId: successor.id, refCode: copy.ref_code, carriedFrom: a.id },
      },
    ]);
    carried.push(copy);
  }
  // The successor's content changed: the approvals it had are withdrawn, as for any change.
  if (successor && carried.length) await withdrawApprovals(trx, actor, successor, now);
  await dropJointProposal(trx, plan.id);
  const until = reopenUntil(now);
  await setPlanClosed(trx, plan.id, now, until);
  await audit(trx, actor, now, [
    {
      action: 'plan.close',
      entityType: 'work_plan',
      entityId: plan.id,
      label: plan,
      // No counts nor successor: the activities carried or cancelled are audited each under its own label.
      detail: { from: 'in_execution', to: 'closed', reopenUntil: until },
    },
  ]);
}

/**
 * Cancels an open activity at its plan's close, through the activity's
 * lifecycle: with the reason given, or (carried) with the move alone as its
 * follow-up, which readers see translated and which is not indexed.
 */
async function cancelForClose(trx: Trx, ctx: AppContext, actor: Actor, a: ActivityRow, now: string, reason: string | null) {
  const codec = await ctx.codec();
  const before = presentActivity(codec, a);
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

/** Every party agreed to reopen: the plan is in execution again. Carried copies stay in the successor plan. */
async function applyReopen(trx: Trx, actor: Actor, plan: WorkPlanRow, now: string) {
  await dropJointProposal(trx, plan.id);
  await setPlanClosed(trx, plan.id, null, null);
  await audit(trx, actor, now, [
    {
      action: 'plan.reopen',
      entityType: 'work_plan',
      entityId: plan.id,
      label: plan,
      detail: { from: 'closed', to: 'in_execution', closedAt: plan.closed_at },
    },
  ]);
}
