import type { CommissionSession } from '../domain/commission.schema.js';
import type { FieldIssue } from '../domain/errors.js';
import { issue, problem } from '../domain/problems.js';
import { changeWithdrawsMinutesApprovals } from '../domain/session.lifecycle.js';
import { findActionItem } from '../store/action-item.repo.js';
import { findActivity } from '../store/activity.repo.js';
import { commissionParties } from '../store/commission.repo.js';
import type { Db } from '../store/db.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findPlan } from '../store/plan.repo.js';
import { findSessionRecord, withdrawMinutesApprovalRows } from '../store/session.repo.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, todayOf } from './context.js';
import { assertCanPlan } from './policy.js';

// What the use cases of a session, its agenda, its minutes and its action items check alike.

/** The session, readable by the actor, and the parties of its commission. */
export async function sessionOf(db: Db, ctx: AppContext, actor: Actor, sessionId: string) {
  const codec = await ctx.codec();
  const session = await findSessionRecord(db, codec, codec.reader(actor), sessionId);
  if (!session) throw problem('session.not_found');
  return { session, parties: await commissionParties(db, session.commissionId) };
}

/** Only planners of a commission's parties prepare, record and correct its sessions. */
export function assertCommissionPlanner(actor: Actor, parties: readonly string[]) {
  assertCanPlan(actor, actor.party);
  if (!parties.includes(actor.party)) throw problem('commission.not_a_party', { party: actor.party });
}

/**
 * Changing the record of a held session (its minutes, its agenda) withdraws
 * the approvals of its minutes given so far: each party approves the minutes
 * as they stand. Runs in the transaction of the change, after the session
 * row is held, so a refused change withdraws nothing.
 */
export async function withdrawMinutesApprovals(trx: Db, codec: LabelCodec, actor: Actor, session: CommissionSession, at: string) {
  if (!changeWithdrawsMinutesApprovals(session.status)) return;
  const parties = await withdrawMinutesApprovalRows(trx, session.id);
  if (parties.length === 0) return;
  await audit(trx, actor, at, [
    {
      action: 'session.minutes_approvals_withdrawn',
      entityType: 'commission_session',
      entityId: session.id,
      label: codec.encode(session),
      detail: { parties },
    },
  ]);
}

/**
 * The records an agenda item or action item may link to: readable by the
 * actor and part of the same commission. One that is not answers as a bad
 * field, never revealing whether it exists elsewhere.
 */
export async function assertLinksInCommission(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  commissionId: string,
  links: { actionItemId?: string | null | undefined; activityId?: string | null | undefined; planId?: string | null | undefined },
  at = '',
) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const issues: FieldIssue[] = [];
  if (links.actionItemId) {
    const a = await findActionItem(trx, codec, reader, links.actionItemId, todayOf(ctx));
    if (a?.commissionId !== commissionId) issues.push(issue(`${at}actionItemId`, 'agenda.no_such_action_item'));
  }
  if (links.activityId) {
    const a = await findActivity(trx, reader, links.activityId);
    const plan = a ? await findPlan(trx, reader, a.plan_id) : undefined;
    if (plan?.commission_id !== commissionId) issues.push(issue(`${at}activityId`, 'agenda.no_such_activity'));
  }
  if (links.planId) {
    const p = await findPlan(trx, reader, links.planId);
    if (p?.commission_id !== commissionId) issues.push(issue(`${at}planId`, 'agenda.no_such_plan'));
  }
  if (issues.length) throw problem('agenda.link_not_in_commission', {}, issues);
}

/**
 * The link an edit leaves: a link the writer was shown as null, because it
 * may not read its record, stays as it is when the edit sends that null back;
 * nobody unlinks what they cannot see.
 */
export const keptLink = (patched: string | null | undefined, stored: string | null, readable: Set<string>) =>
  patched === undefined || (patched === null && stored !== null && !readable.has(stored)) ? stored : patched;
