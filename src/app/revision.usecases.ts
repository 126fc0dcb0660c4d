import { type Label, marking } from '../domain/labels.js';
import { activitiesByKey, activityContent, contentHash, diffPlans, type PlanSnapshot, planContent } from '../domain/plan-diff.js';
import { issue, problem } from '../domain/problems.js';
import { commissionParties } from '../store/commission.repo.js';
import type { Db } from '../store/db.js';
import type { LabelCodec, StoreReader } from '../store/label-codec.js';
import { findPlan } from '../store/plan.repo.js';
import {
  type FrozenActivity,
  frozenContent,
  insertFrozenActivities,
  insertRevision,
  insertRevisionApproval,
  insertRevisionRow,
  listRevisions as listRevisionRecords,
  openAmendmentNumber,
  planAsItIs,
  planAsReaderSees,
  readRevision,
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
const byCode = { code: (a: FrozenActivity) => a.refCode, marking: (a: FrozenActivity) => marking(a.label) };

/** What a revision keeps of each activity: its code, its label and its content. */
const frozen = (a: Label & { refCode: string } & Parameters<typeof activityContent>[0]): FrozenActivity => ({
  refCode: a.refCode,
  label: {
    ownerParty: a.ownerParty,
    classification: a.classification,
    releasableTo: a.releasableTo,
    compartments: a.compartments,
  },
  content: activityContent(a),
});

/** Freezes the plan's current content, as every reader together sees it, as revision `number`, with its hash. */
async function freeze(trx: Db, codec: LabelCodec, planId: string, number: number) {
  const { plan, activities } = await planAsItIs(trx, codec, planId);
  const items = activities.map(({ activity, columns }) => ({ ...frozen(activity), columns }));
  const snapshot: PlanSnapshot = {
    plan: planContent(plan),
    activities: activitiesByKey(items, byCode, (a) => a.content),
  };
  await insertFrozenActivities(trx, planId, number, items);
  return { hash: contentHash(snapshot), planSnapshot: JSON.stringify(snapshot.plan) };
}

/**
 * Keeps the approved content of a plan as its baseline (revision 0). Called
 * in the transaction that completes the approval of the plan.
 */
export async function freezeBaseline(trx: Db, ctx: AppContext, planId: string, userId: string, at: string) {
  const codec = await ctx.codec();
  await insertRevisionRow(trx, {
    plan_id: planId,
    number: 0,
    status: 'open',
    reason: null,
    snapshot: null,
    content_hash: null,
    opened_by: userId,
    opened_at: at,
    approved_at: null,
  });
  const { hash, planSnapshot } = await freeze(trx, codec, planId, 0);
  await setRevisionIn(trx, planId, 0, 'open', {
    status: 'approved',
    snapshot: planSnapshot,
    content_hash: hash,
    approved_at: at,
  });
  return hash;
}

/**
 * Refuses a content change of an adopted plan unless an amendment is open,
 * and holds that amendment open until the change commits, so that proposing
 * it at the same moment freezes the content after the change, not before.
 */
export async function assertContentEditable(db: Db, plan: { id: string; status: string }) {
  if (!isAdopted(plan.status)) return;
  const open = await openAmendmentNumber(db, plan.id);
  if (open === undefined)
    throw problem('plan.content_frozen', { planStatus: plan.status }, [issue('plan', 'plan.no_open_amendment')]);
  if (!(await setRevisionIn(db, plan.id, open, 'open', { status: 'open' })))
    throw problem('amendment.proposed_meanwhile', { number: open });
}

async function readablePlan(db: Db, reader: StoreReader, planId: string) {
  const plan = await findPlan(db, reader, planId);
  if (!plan) throw problem('plan.not_found');
  return plan;
}

export async function listRevisions(ctx: AppContext, actor: Actor, planId: string) {
  const codec = await ctx.codec();
  await readablePlan(ctx.db, codec.reader(actor), planId);
  return { items: await listRevisionRecords(ctx.db, planId, actor.party), nextCursor: null };
}

export async function createAmendment(ctx: AppContext, actor: Actor, planId: string, reason: string) {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const plan = await readablePlan(trx, codec.reader(actor), planId);
    assertCanPlan(actor, plan.owner_party);
    if (!isAdopted(plan.status)) throw problem('amendment.plan_not_adopted', { planStatus: plan.status });
    // Two amendments opened at the same moment would take the same number: the second waits, then sees the first.
    if (!(await lockIn(trx, 'work_plan', planId, plan.status))) throw problem('plan.changed_meanwhile');
    const revisions = await listRevisionRecords(trx, planId, actor.party);
    const pending = revisions.find((r) => r.status !== 'approved');
    if (pending) throw problem('amendment.pending', { number: pending.number, revisionStatus: pending.status });
    const number = Math.max(0, ...revisions.map((r) => r.number)) + 1;
    const now = isoNow(ctx);
    const revision = await insertRevision(
      trx,
      {
        plan_id: planId,
        number,
        status: 'open',
        reason,
        snapshot: null,
        content_hash: null,
        opened_by: actor.userId,
        opened_at: now,
        approved_at: null,
      },
      actor.party,
    );
    await audit(trx, actor, now, [
      { action: 'plan.amendment_open', entityType: 'work_plan', entityId: planId, label: plan, detail: { number, reason } },
    ]);
    return revision;
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
    const revision = await readRevision(trx, planId, number, actor.party);
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
      const parties = await commissionParties(trx, plan.commission_id);
      if (!parties.includes(actor.party)) throw problem('plan.not_a_party', { party: actor.party });
      // Hold the amendment first: the approvals read below then include every one committed, and
      // a party approving at the same moment waits for this one instead of missing it.
      if (!(await setRevisionIn(trx, planId, number, 'proposed', { status: 'proposed' })))
        throw new LostRace(`Amendment ${number}`);
      const approvals = (await readRevision(trx, planId, number, actor.party))?.approvals ?? [];
      if (approvals.some((a) => a.party === actor.party))
        throw problem('amendment.already_approved', { party: actor.party, number });
      await insertRevisionApproval(trx, { planId, number, party: actor.party, userId: actor.userId, at: now });
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
    const after = await readRevision(trx, planId, number, actor.party);
    if (!after) throw problem('amendment.not_found');
    return after;
  });
}

/** A revision's (or the live plan's) content as far as the reader may read it. */
async function readableSnapshot(
  db: Db,
  codec: LabelCodec,
  reader: StoreReader,
  planId: string,
  ref: number | 'current',
): Promise<PlanSnapshot> {
  if (ref === 'current') {
    const { plan, activities } = await planAsReaderSees(db, codec, reader, planId);
    return { plan: planContent(plan), activities: activitiesByKey(activities.map(frozen), byCode, (a) => a.content) };
  }
  const content = await frozenContent(db, codec, reader, planId, ref);
  if (!content) throw problem('revision.no_content', { revision: ref }, [issue('from', 'revision.none', { revision: ref })]);
  return { plan: content.plan, activities: activitiesByKey(content.activities, byCode, (a) => a.content) };
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
