import { CLOSED_STATUSES } from '../domain/activity.lifecycle.js';
import type { Activity } from '../domain/activity.schema.js';
import type { DocumentHead, MinutesDocument, PlanDocument, ReportDocument, Signature } from '../domain/document.model.js';
import type { Label } from '../domain/labels.js';
import { documentMarking } from '../domain/marking.js';
import type { Revision } from '../domain/revision.schema.js';
import { inTransaction } from '../store/tx.js';
import { displayNamesOf } from '../store/user.repo.js';
import { listActionItems } from './action-item.usecases.js';
import { listActivities } from './activity.usecases.js';
import { listAgenda } from './agenda.usecases.js';
import { audit } from './audit.js';
import { getCommission } from './commission.usecases.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { planKpis } from './kpi.usecases.js';
import { planCurve } from './measure.usecases.js';
import { getPlan } from './plan.usecases.js';
import { listRevisions } from './revision.usecases.js';
import { getSession } from './session.usecases.js';

// Documents are assembled from the same use cases as the API, so a reader
// finds in a document exactly what they could read on screen.

/** Every activity of a plan the actor may read, page after page. */
async function allActivities(ctx: AppContext, actor: Actor, planId: string): Promise<Activity[]> {
  const out: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await listActivities(ctx, actor, planId, { sort: 'refCode', limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** The approvals as signed: each approver named when the plan's answer names them (of the reader's party), else null. */
async function signatures(
  ctx: AppContext,
  approvals: { party: string; userId: string | null; at: string }[],
): Promise<Signature[]> {
  const names = await displayNamesOf(
    ctx.db,
    approvals.flatMap((a) => (a.userId === null ? [] : [a.userId])),
  );
  return approvals.map((a) => ({ party: a.party, name: a.userId === null ? null : (names.get(a.userId) ?? ''), at: a.at }));
}

async function head(
  ctx: AppContext,
  actor: Actor,
  labels: Label[],
  ladder: Record<string, (string | null)[]>,
): Promise<DocumentHead> {
  return { marking: documentMarking(labels), ladder, generatedAt: isoNow(ctx), generatedBy: actor.displayName };
}

/** Records that a document left the system, and for whom. */
export async function auditExport(
  ctx: AppContext,
  actor: Actor,
  kind: string,
  entityType: string,
  entityId: string,
  doc: DocumentHead,
  language: string,
) {
  const codec = await ctx.codec();
  const label = codec.encode({
    ownerParty: actor.party,
    ...doc.marking,
    releasableTo: doc.marking.releasableTo.filter((p) => p !== actor.party),
  });
  await inTransaction(ctx.db, (trx) =>
    audit(trx, actor, isoNow(ctx), [{ action: 'document.export', entityType, entityId, label, detail: { kind, language } }]),
  );
}

/** The plan as the parties sign it: activities, approvals, the baseline's hash and that of the amendment in force. */
export async function planDocument(ctx: AppContext, actor: Actor, planId: string, language: string): Promise<PlanDocument> {
  const plan = await getPlan(ctx, actor, planId);
  const [commission, activities, revisions] = await Promise.all([
    getCommission(ctx, actor, plan.commissionId),
    allActivities(ctx, actor, planId),
    listRevisions(ctx, actor, planId),
  ]);
  const session = plan.sessionId ? await getSession(ctx, actor, plan.sessionId).catch(() => null) : null;
  const approved = revisions.items.filter((r) => r.status === 'approved');
  const stamp = (r: Revision | undefined) =>
    r ? { number: r.number, contentHash: r.contentHash, approvedAt: r.approvedAt } : null;
  const latest = approved.at(-1);
  const doc: PlanDocument = {
    kind: 'plan',
    // The commission and the session are named in the heading: their labels count too.
    ...(await head(ctx, actor, [plan, commission, ...(session ? [session] : []), ...activities], commission.classificationTable)),
    plan,
    commission,
    session,
    activities,
    approvals: await signatures(ctx, plan.approvals),
    // Both hashes, each named: the baseline the parties signed, and the amendment in force when there is one.
    baseline: stamp(approved.find((r) => r.number === 0)),
    revision: latest && latest.number > 0 ? stamp(latest) : null,
  };
  await auditExport(ctx, actor, 'plan', 'work_plan', planId, doc, language);
  return doc;
}

/** The minutes of a session: agenda items with summaries and decisions, action items, approvals. */
export async function minutesDocument(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  language: string,
): Promise<MinutesDocument> {
  const session = await getSession(ctx, actor, sessionId);
  const [commission, agenda, actionItems] = await Promise.all([
    getCommission(ctx, actor, session.commissionId),
    listAgenda(ctx, actor, sessionId),
    listActionItems(ctx, actor, session.commissionId, {}),
  ]);
  const decided = actionItems.items.filter((a) => a.sessionId === sessionId);
  const doc: MinutesDocument = {
    kind: 'minutes',
    ...(await head(ctx, actor, [session, commission, ...agenda.items, ...decided], commission.classificationTable)),
    commission,
    session,
    agenda: agenda.items,
    actionItems: decided,
    approvals: await signatures(ctx, session.minutesApprovals),
  };
  await auditExport(ctx, actor, 'minutes', 'commission_session', sessionId, doc, language);
  return doc;
}

/** The execution report of a plan: figures, curve, overdue and open items. */
export async function reportDocument(ctx: AppContext, actor: Actor, planId: string, language: string): Promise<ReportDocument> {
  const plan = await getPlan(ctx, actor, planId);
  const [commission, activities, kpis, curve, actionItems] = await Promise.all([
    getCommission(ctx, actor, plan.commissionId),
    allActivities(ctx, actor, planId),
    planKpis(ctx, actor, planId, { staleAfterDays: 30 }),
    planCurve(ctx, actor, planId, { granularity: 'month' }),
    listActionItems(ctx, actor, plan.commissionId, {}),
  ]);
  const today = todayOf(ctx);
  const open = activities.filter((a) => !CLOSED_STATUSES.includes(a.status));
  const overdue = open.filter((a) => a.plannedPeriod.end < today);
  const openActionItems = actionItems.items.filter((a) => a.status === 'open' || a.status === 'in_progress');
  const doc: ReportDocument = {
    kind: 'report',
    ...(await head(ctx, actor, [plan, commission, ...activities, ...openActionItems], commission.classificationTable)),
    plan,
    commission,
    kpis,
    curve: curve.points,
    overdue,
    open,
    openActionItems,
  };
  await auditExport(ctx, actor, 'report', 'work_plan', planId, doc, language);
  return doc;
}
