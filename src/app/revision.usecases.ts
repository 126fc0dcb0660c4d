import type { Kysely } from 'kysely';
import { marking } from '../domain/labels.js';
import { activitiesByKey, activityContent, contentHash, diffPlans, type PlanSnapshot, planContent } from '../domain/plan-diff.js';
import { issue, problem } from '../domain/problems.js';
import type { Revision, RevisionStatus } from '../domain/revision.schema.js';
import { readableBy, type StoreReader } from '../store/access.js';
import type { Database, LabelColumns, PlanRevisionTable } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findPlan } from '../store/plan.repo.js';
import { presentActivity, presentPlan } from '../store/present.js';
import {
  findRevision,
  insertRevisionActivities,
  listRevisions as listRevisionRows,
  readableRevisionActivities,
  revisionApprovals,
  setRevisionIn,
} from '../store/revision.repo.js';
import { inTransaction } from '../store/tx.js';
import { lockIn } from '../store/versioned.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { inRereadingTransaction, LostRace } from './lost-race.js';
import { assertCanPlan } from './policy.js';

/** Whether content edits of a plan in this status need an open amendment. */
export const isAdopted = (status: string) => status === 'approved' || status === 'in_execution';

/** Activities are keyed by reference code, and by marking too where a code is shared (polyinstantiation). */
const byCode = <T>(codec: LabelCodec, row: (item: T) => LabelColumns & { ref_code: string }) => ({
  code: (i: T) => row(i).ref_code,
  marking: (i: T) => marking(codec.decode(row(i))),
});

/** The plan's content now, as every reader together sees it: what a revision freezes. */
async function currentContent(trx: Kysely<Database>, codec: LabelCodec, planId: string) {
  const plan = await trx.selectFrom('work_plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
  const rows = await trx.selectFrom('activity').selectAll().where('plan_id', '=', planId).orderBy('ref_code').execute();
  const activities = rows.map((r) => ({ row: r, content: activityContent(presentActivity(codec, r)) }));
  const snapshot: PlanSnapshot = {
    plan: planContent(presentPlan(codec, plan, [])),
    activities: activitiesByKey(
      activities,
      byCode(codec, (a) => a.row),
      (a) => a.content,
    ),
  };
  return { plan, activities, snapshot };
}

/** Freezes the plan's current content as revision `number`, with its hash. */
async function freeze(trx: Kysely<Database>, codec: LabelCodec, planId: string, number: number) {
  const { plan, activities, snapshot } = await currentContent(trx, codec, planId);
  const hash = contentHash(snapshot);
  await insertRevisionActivities(
    trx,
    activities.map(({ row, content }) => ({
      plan_id: planId,
      number,
      ref_code: row.ref_code,
      content: JSON.stringify(content),
      owner_party: row.owner_party,
      classification: row.classification,
      releasable_mask: row.releasable_mask,
      compartment_mask: row.compartment_mask,
    })),
  );
  return { hash, planSnapshot: JSON.stringify(snapshot.plan), plan };
}

/**
 * Keeps the approved content of a plan as its baseline (revision 0). Called
 * in the transaction that completes the approval of the plan.
 */
export async function freezeBaseline(trx: Kysely<Database>, ctx: AppContext, planId: string, userId: string, at: string) {
  const codec = await ctx.codec();
  await trx
    .insertInto('plan_revision')
    .values({
      plan_id: planId,
      number: 0,
      status: 'open',
      reason: null,
      snapshot: null,
      content_hash: null,
      opened_by: userId,
      opened_at: at,
      approved_at: null,
    })
    .execute();
  const { hash, planSnapshot } = await freeze(trx, codec, planId, 0);
  await trx
    .updateTable('plan_revision')
    .set({ status: 'approved', snapshot: planSnapshot, content_hash: hash, approved_at: at })
    .where('plan_id', '=', planId)
    .where('number', '=', 0)
    .execute();
  return hash;
}

/** The amendment open for editing on an adopted plan, if any. */
export function openAmendment(db: Kysely<Database>, planId: string) {
  return db
    .selectFrom('plan_revision')
    .select('number')
    .where('plan_id', '=', planId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/**
 * Refuses a content change of an adopted plan unless an amendment is open,
 * and holds that amendment open until the change commits, so that proposing
 * it at the same moment freezes the content after the change, not before.
 */
export async function assertContentEditable(db: Kysely<Database>, plan: { id: string; status: string }) {
  if (!isAdopted(plan.status)) return;
  const open = await openAmendment(db, plan.id);
  if (!open) throw problem('plan.content_frozen', { planStatus: plan.status }, [issue('plan', 'plan.no_open_amendment')]);
  if (!(await setRevisionIn(db, plan.id, open.number, 'open', { status: 'open' })))
    throw problem('amendment.proposed_meanwhile', { number: open.number });
}

const presentRevision = (
  r: PlanRevisionTable,
  approvals: { party: string; user_id: string; at: string; number: number }[],
): Revision => ({
  planId: r.plan_id,
  number: r.number,
  status: r.status as RevisionStatus,
  reason: r.reason,
  contentHash: r.content_hash,
  openedBy: r.opened_by,
  openedAt: r.opened_at,
  approvedAt: r.approved_at,
  approvals: approvals.filter((a) => a.number === r.number).map((a) => ({ party: a.party, userId: a.user_id, at: a.at })),
});

async function readablePlan(db: Kysely<Database>, reader: StoreReader, planId: string) {
  const plan = await findPlan(db, reader, planId);
  if (!plan) throw problem('plan.not_found');
  return plan;
}

export async function listRevisions(ctx: AppContext, actor: Actor, planId: string) {
  const codec = await ctx.codec();
  await readablePlan(ctx.db, codec.reader(actor), planId);
  const [rows, approvals] = await Promise.all([listRevisionRows(ctx.db, planId), revisionApprovals(ctx.db, planId)]);
  return { items: rows.map((r) => presentRevision(r, approvals)), nextCursor: null };
}

export async function createAmendment(ctx: AppContext, actor: Actor, planId: string, reason: string) {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const plan = await readablePlan(trx, codec.reader(actor), planId);
    assertCanPlan(actor, plan.owner_party);
    if (!isAdopted(plan.status)) throw problem('amendment.plan_not_adopted', { planStatus: plan.status });
    // Two amendments opened at the same moment would take the same number: the second waits, then sees the first.
    if (!(await lockIn(trx, 'work_plan', planId, plan.status))) throw problem('plan.changed_meanwhile');
    const revisions = await listRevisionRows(trx, planId);
    const pending = revisions.find((r) => r.status !== 'approved');
    if (pending) throw problem('amendment.pending', { number: pending.number, revisionStatus: pending.status });
    const number = Math.max(0, ...revisions.map((r) => r.number)) + 1;
    const now = isoNow(ctx);
    const row = {
      plan_id: planId,
      number,
      status: 'open',
      reason,
      snapshot: null,
      content_hash: null,
      opened_by: actor.userId,
      opened_at: now,
      approved_at: null,
    };
    await trx.insertInto('plan_revision').values(row).execute();
    await audit(trx, actor, now, [
      { action: 'plan.amendment_open', entityType: 'work_plan', entityId: planId, label: plan, detail: { number, reason } },
    ]);
    return presentRevision(row, []);
  });
}

/**
 * Proposes an open amendment (its content is frozen) or approves a proposed
 * one for the caller's party; the amendment is approved once every party of
 * the commission has approved it.
 */
export async function transitionRevision(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  number: number,
  to: 'proposed' | 'approved',
) {
  const codec = await ctx.codec();
  // An amendment has no version to name: a lost race is always read again.
  return inRereadingTransaction(ctx.db, false, async (trx) => {
    const plan = await readablePlan(trx, codec.reader(actor), planId);
    const revision = await findRevision(trx, planId, number);
    if (!revision || number === 0) throw problem('amendment.not_found');
    const now = isoNow(ctx);
    if (to === 'proposed') {
      assertCanPlan(actor, plan.owner_party);
      if (revision.status !== 'open') throw problem('amendment.propose_not_open', { number, revisionStatus: revision.status });
      // Close the amendment before reading what to freeze: an edit running at the same moment has committed or is refused.
      if (!(await setRevisionIn(trx, planId, number, 'open', { status: 'proposed' }))) throw new LostRace(`Amendment ${number}`);
      const { hash, planSnapshot } = await freeze(trx, codec, planId, number);
      await setRevisionIn(trx, planId, number, 'proposed', { snapshot: planSnapshot, content_hash: hash });
    } else {
      assertCanPlan(actor, actor.party);
      if (revision.status !== 'proposed')
        throw problem('amendment.approve_not_proposed', { number, revisionStatus: revision.status });
      const commission = await trx
        .selectFrom('commission')
        .select('parties')
        .where('id', '=', plan.commission_id)
        .executeTakeFirstOrThrow();
      const parties = JSON.parse(commission.parties) as string[];
      if (!parties.includes(actor.party)) throw problem('plan.not_a_party', { party: actor.party });
      // Hold the amendment first: the approvals read below then include every one committed, and
      // a party approving at the same moment waits for this one instead of missing it.
      if (!(await setRevisionIn(trx, planId, number, 'proposed', { status: 'proposed' })))
        throw new LostRace(`Amendment ${number}`);
      const approvals = (await revisionApprovals(trx, planId)).filter((a) => a.number === number);
      if (approvals.some((a) => a.party === actor.party))
        throw problem('amendment.already_approved', { party: actor.party, number });
      await trx
        .insertInto('revision_approval')
        .values({ plan_id: planId, number, party: actor.party, user_id: actor.userId, at: now })
        .execute();
      const approved = new Set([...approvals.map((a) => a.party), actor.party]);
      if (parties.every((p) => approved.has(p)))
        await setRevisionIn(trx, planId, number, 'proposed', { status: 'approved', approved_at: now });
    }
    await audit(trx, actor, now, [
      {
        action: `plan.amendment_${to === 'proposed' ? 'propose' : 'approve'}`,
        entityType: 'work_plan',
        entityId: planId,
        label: plan,
        detail: { number },
      },
    ]);
    const after = await findRevision(trx, planId, number);
    if (!after) throw problem('amendment.not_found');
    return presentRevision(after, await revisionApprovals(trx, planId));
  });
}

/** A revision's (or the live plan's) content as far as the reader may read it. */
async function readableSnapshot(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  planId: string,
  ref: number | 'current',
): Promise<PlanSnapshot> {
  if (ref === 'current') {
    const plan = await db.selectFrom('work_plan').selectAll().where('id', '=', planId).executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('activity')
      .selectAll()
      .where('plan_id', '=', planId)
      .where(readableBy(reader, 'activity'))
      .execute();
    return {
      plan: planContent(presentPlan(codec, plan, [])),
      activities: activitiesByKey(
        rows,
        byCode(codec, (r) => r),
        (r) => activityContent(presentActivity(codec, r)),
      ),
    };
  }
  const revision = await findRevision(db, planId, ref);
  if (!revision?.snapshot)
    throw problem('revision.no_content', { revision: ref }, [issue('from', 'revision.none', { revision: ref })]);
  const rows = await readableRevisionActivities(db, reader, planId, ref);
  return {
    plan: JSON.parse(revision.snapshot) as Record<string, unknown>,
    activities: activitiesByKey(
      rows,
      byCode(codec, (r) => r),
      (r) => JSON.parse(r.content) as Record<string, unknown>,
    ),
  };
}

/** What changed between two revisions (0 is the baseline; `current` is the plan as it is now). */
export async function planDiff(ctx: AppContext, actor: Actor, planId: string, from: number | 'current', to: number | 'current') {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  await readablePlan(ctx.db, reader, planId);
  const [a, b] = await Promise.all([
    readableSnapshot(ctx.db, codec, reader, planId, from),
    readableSnapshot(ctx.db, codec, reader, planId, to),
  ]);
  return { from, to, ...diffPlans(a, b) };
}
