import { automaticMoveBody, transitionActivity } from '../domain/activity.lifecycle.js';
import type {
  Activity,
  ActivityCreate,
  ActivityListQuery,
  ActivityPatch,
  ActivityTransitionInput,
} from '../domain/activity.schema.js';
import type { LocalizedText } from '../domain/common.schema.js';
import { brokenBy, earliestFollowerStart, shiftedToStartBy } from '../domain/dependency.js';
import { newId } from '../domain/ids.js';
import type { PlannedPeriod } from '../domain/period.js';
import { isPlanEditable, type PlanStatus } from '../domain/plan.lifecycle.js';
import { issue, problem } from '../domain/problems.js';
import {
  activityChanges,
  activityMove,
  deleteActivity as deleteActivityRow,
  insertActivity,
  isRefCodeClash,
  listActivities as listActivityRecords,
  newActivityRow,
  readActivity,
  refCodeTaken,
  updateActivity as updateActivityRow,
} from '../store/activity.repo.js';
import { recordActivityStates } from '../store/activity-event.repo.js';
import { findSource } from '../store/commission.repo.js';
import type { ActivityUpdate, LabelColumns } from '../store/database.js';
import type { Db } from '../store/db.js';
import { deleteDependenciesOf, readDependencies } from '../store/dependency.repo.js';
import { hasFollowUps, insertFollowUp } from '../store/follow-up.repo.js';
import type { LabelCodec, StoreReader } from '../store/label-codec.js';
import { objectiveIdsServedBy } from '../store/objective.repo.js';
import { organisationExists } from '../store/organisation.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { carriedFromOf } from '../store/rollover.repo.js';
import { indexForSearch, removeFromSearch } from '../store/search.repo.js';
import { inTransaction } from '../store/tx.js';
import { assertVersion, lockIn } from '../store/versioned.js';
import { withdrawApprovals } from './approvals.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { dependencyAuditEntry } from './dependency-audit.js';
import { editEntry } from './edit-entry.js';
import { assertKnownParties, expectedVersion, labelFor, labelOfBoth } from './labels.js';
import { assertCanPlan } from './policy.js';
import { assertContentEditable } from './revision.usecases.js';

/** The texts of an activity its search entry is made of. */
export const searchTexts = (a: Pick<Activity, 'refCode' | 'title' | 'description' | 'location'>) => [
  a.refCode,
  ...Object.values(a.title),
  ...Object.values(a.description),
  a.location,
];

const STALE_AFTER_DAYS = 30;

/** The day the `attention` filters judge by, and when an open activity became stale: no follow-up for 30 days, as the dashboard counts it. */
export function attentionClock(ctx: AppContext) {
  const today = todayOf(ctx);
  const staleBefore = new Date(Date.parse(`${today}T00:00:00Z`) - STALE_AFTER_DAYS * 86_400_000).toISOString();
  return { today, staleBefore };
}

export async function listActivities(ctx: AppContext, actor: Actor, planId: string, query: ActivityListQuery) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const page = await listActivityRecords(ctx.db, codec, reader, planId, query, attentionClock(ctx));
  // The page holds rows only of a plan the reader may read; an empty one may mean the plan is not one.
  if (page.items.length === 0 && !(await findPlan(ctx.db, reader, planId))) throw problem('plan.not_found');
  return page;
}

export async function getActivity(ctx: AppContext, actor: Actor, id: string): Promise<Activity> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const activity = await readActivity(ctx.db, codec, reader, id);
  if (!activity) throw problem('activity.not_found');
  const source = activity.sourceId ? await findSource(ctx.db, reader, activity.sourceId) : undefined;
  return {
    ...activity,
    source: source
      ? { id: source.id, title: source.title, publisher: source.publisher, url: source.url, publishedOn: source.published_on }
      : null,
    objectiveIds: await objectiveIdsServedBy(ctx.db, reader, { activityId: id }),
    continues: await continuedActivity(ctx, codec, reader, id),
  };
}

/**
 * The activity of an earlier plan this one was carried from by a roll-over, when the
 * reader may read it and its plan; a hidden origin is not told of at all.
 */
async function continuedActivity(ctx: AppContext, codec: LabelCodec, reader: StoreReader, id: string) {
  const from = await carriedFromOf(ctx.db, id);
  const origin = from ? await readActivity(ctx.db, codec, reader, from) : undefined;
  const plan = origin ? await findPlan(ctx.db, reader, origin.planId) : undefined;
  return origin && plan
    ? { activityId: origin.id, refCode: origin.refCode, planId: plan.id, planTitle: JSON.parse(plan.title) as LocalizedText }
    : null;
}

/**
 * The plan an activity is written into, readable and owned by the actor's
 * party, and still open to change: its content (not the execution of its
 * activities) changes after adoption only through an open amendment.
 */
async function writablePlan(trx: Db, ctx: AppContext, actor: Actor, planId: string, change: 'content' | 'execution') {
  const codec = await ctx.codec();
  const plan = await findPlan(trx, codec.reader(actor), planId);
  if (!plan) throw problem('plan.not_found');
  assertCanPlan(actor, plan.owner_party);
  if (plan.status === 'closed') throw problem('plan.closed');
  // Hold the plan in that status until the change commits: closing it (or approving it) at the same moment waits.
  if (!(await lockIn(trx, 'work_plan', plan.id, plan.status))) throw problem('plan.changed_meanwhile');
  if (change === 'content') {
    await assertContentEditable(trx, plan);
    await withdrawApprovals(trx, actor, plan, isoNow(ctx));
  }
  return plan;
}

/**
 * The readable activity a planner of its party changes, in a plan still open
 * to that change, and at the version the writer read (`undefined`: the one it is at).
 */
export async function writableActivity(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  id: string,
  change: 'content' | 'execution',
  version: number | undefined,
  inPlan?: string,
) {
  const codec = await ctx.codec();
  const activity = await readActivity(trx, codec, codec.reader(actor), id);
  // An activity of another plan is, for a change asked of one plan, as one that does not exist.
  if (!activity || (inPlan !== undefined && activity.planId !== inPlan)) throw problem('activity.not_found');
  await writablePlan(trx, ctx, actor, activity.planId, change);
  assertCanPlan(actor, activity.ownerParty);
  assertVersion('activity.stale_version', activity, version ?? activity.version);
  return activity;
}

async function checkReferences(trx: Db, ctx: AppContext, actor: Actor, input: Partial<ActivityCreate>) {
  const codec = await ctx.codec();
  if (input.leadParty) assertKnownParties(codec, [input.leadParty], 'leadParty');
  if (input.participatingParties) assertKnownParties(codec, input.participatingParties, 'participatingParties');
  if (input.leadOrganisationId && !(await organisationExists(trx, input.leadOrganisationId)))
    throw problem('activity.unknown_organisation', {}, [issue('leadOrganisationId', 'field.no_such_organisation')]);
  if (input.sourceId && !(await findSource(trx, codec.reader(actor), input.sourceId)))
    throw problem('source.unknown', {}, [issue('sourceId', 'field.no_such_source')]);
}

const refCodeConflict = (refCode: string) =>
  problem('activity.ref_code_taken', { refCode }, [issue('refCode', 'field.ref_code_used')]);

export async function createActivity(ctx: AppContext, actor: Actor, planId: string, input: ActivityCreate): Promise<Activity> {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const plan = await writablePlan(trx, ctx, actor, planId, 'content');
    await checkReferences(trx, ctx, actor, input);
    if (await refCodeTaken(trx, codec.reader(actor), planId, input.refCode)) throw refCodeConflict(input.refCode);
    const { columns } = labelFor(codec, actor, input);
    const now = isoNow(ctx);
    const row = newActivityRow(input, {
      id: newId(),
      planId,
      // Activities of a plan still being drafted are proposals; once the plan is adopted they are planned.
      status: isPlanEditable(plan.status as PlanStatus) ? 'proposed' : 'planned',
      ownerUserId: actor.userId,
      label: columns,
      now,
    });
    const activity = await insertActivity(trx, codec, row, actor.party).catch((err) => {
      throw isRefCodeClash(err) ? refCodeConflict(input.refCode) : err;
    });
    await recordActivityStates(trx, now, [activity]);
    await indexForSearch(trx, 'activity', activity.id, searchTexts(activity));
    await audit(trx, actor, now, [
      {
        action: 'activity.create',
        entityType: 'activity',
        entityId: activity.id,
        label: columns,
        detail: { planId, refCode: activity.refCode },
      },
    ]);
    return activity;
  });
}

export async function updateActivity(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: ActivityPatch,
  ifMatch?: number,
  options: { shiftFollowers?: boolean } = {},
): Promise<Activity> {
  const version = expectedVersion(patch.version, ifMatch);
  const { version: _v, ...fields } = patch;
  return inTransaction(ctx.db, (trx) =>
    patchActivityIn(trx, ctx, actor, id, fields, { version, shiftFollowers: options.shiftFollowers ?? false }),
  );
}

/**
 * How a change of dates carries the followers along: `shiftFollowers`, whether the writer asked that followers
 * it leaves starting too early be shifted (else the change is refused); `shifting`, the activities whose shift
 * led to this one, to stop at a loop of dependencies.
 */
export interface FollowerShift {
  shiftFollowers?: boolean | undefined;
  shifting?: readonly string[] | undefined;
}

/**
 * Keeps the dependencies the writer may read (both activities readable) after `moved` changed from `before`:
 * a change that leaves a follower starting too early, or the activity itself starting too early after a
 * predecessor, is refused with `activity.dependency_violated`, each such activity in its issues with the days
 * and, for a follower, where a shift would put it. Asked to, each follower is shifted by `shift` instead: the
 * same kind of change as the one that moved it, under its own rules, in the same transaction and audited.
 * A dependency to an activity the writer may not read is neither checked nor shifted (docs/security.md).
 */
async function keepDependencies(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  before: PlannedPeriod,
  moved: Activity,
  how: FollowerShift,
  shift: (follower: string, to: PlannedPeriod, at: FollowerShift) => Promise<unknown>,
) {
  const p = moved.plannedPeriod;
  if (p.start === before.start && p.end === before.end && p.precision === before.precision) return;
  const reader = (await ctx.codec()).reader(actor);
  const followers = await readDependencies(trx, reader, { predecessorId: moved.id });
  const predecessors = await readDependencies(trx, reader, { successorId: moved.id });
  const broken = brokenBy(
    before,
    p,
    followers.map((d) => ({ activityId: d.dependency.successorId, period: d.successor.period, lagDays: d.dependency.lagDays })),
    predecessors.map((d) => ({
      activityId: d.dependency.predecessorId,
      period: d.predecessor.period,
      lagDays: d.dependency.lagDays,
    })),
  );
  if (broken.followers.length === 0 && broken.predecessors.length === 0) return;
  const shifts = broken.followers.map((b) => {
    const d = followers.find((f) => f.dependency.successorId === b.activityId);
    if (!d) throw new Error('a broken follower is one of the followers');
    return { b, d, to: shiftedToStartBy(d.successor.period, earliestFollowerStart(p, d.dependency.lagDays)) };
  });
  if (!how.shiftFollowers || broken.predecessors.length > 0)
    throw problem('activity.dependency_violated', { count: broken.followers.length + broken.predecessors.length }, [
      ...shifts.map(({ b, d, to }) =>
        issue(`followers.${b.activityId}`, 'activity.follower_too_early', {
          refCode: d.successor.refCode,
          days: b.days,
          start: to.start,
        }),
      ),
      ...broken.predecessors.map((b) =>
        issue(`predecessors.${b.activityId}`, 'activity.predecessor_too_late', {
          refCode: predecessors.find((d) => d.dependency.predecessorId === b.activityId)?.predecessor.refCode ?? '',
          days: b.days,
        }),
      ),
    ]);
  const path = [...(how.shifting ?? []), moved.id];
  for (const { d, to } of shifts) {
    if (path.includes(d.dependency.successorId)) throw problem('dependency.shift_loop', { refCode: d.successor.refCode });
    await shift(d.dependency.successorId, to, { shiftFollowers: true, shifting: path });
  }
}

/**
 * Changes an activity's editable fields inside the open transaction `trx`:
 * the single edit and the bulk edit both go through it. `at.version` is the
 * version the writer read (`undefined`: the one it is at); `at.inPlan`, the
 * plan the change was asked of.
 */
export async function patchActivityIn(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  id: string,
  fields: Omit<ActivityPatch, 'version'>,
  at: { version?: number | undefined; inPlan?: string | undefined } & FollowerShift,
): Promise<Activity> {
  const codec = await ctx.codec();
  const before = await writableActivity(trx, ctx, actor, id, 'content', at.version, at.inPlan);
  const version = at.version ?? before.version;
  await checkReferences(trx, ctx, actor, fields);
  const { columns } = labelFor(codec, actor, fields, before);
  const was = codec.encode(before);
  // A new code, or the old one at a new label, must not be one the writer can see on another activity.
  const refCode = fields.refCode ?? before.refCode;
  const relabelled = (Object.keys(columns) as (keyof LabelColumns)[]).some((k) => columns[k] !== was[k]);
  if ((refCode !== before.refCode || relabelled) && (await refCodeTaken(trx, codec.reader(actor), before.planId, refCode, id)))
    throw refCodeConflict(refCode);
  const now = isoNow(ctx);
  const changes: ActivityUpdate = { ...activityChanges(fields), ...columns, updated_at: now };
  const written = await updateActivityRow(trx, id, version, changes).catch((err) => {
    throw isRefCodeClash(err) ? refCodeConflict(refCode) : err;
  });
  if (!written) throw problem('activity.changed_meanwhile');
  const activity = await readActivity(trx, codec, codec.reader(actor), id);
  if (!activity) throw problem('activity.label_hides');
  if (fields.plannedPeriod) {
    await recordActivityStates(trx, now, [activity]);
    // A follower is shifted as this one was changed: by an edit of its own dates.
    await keepDependencies(trx, ctx, actor, before.plannedPeriod, activity, at, (follower, plannedPeriod, how) =>
      patchActivityIn(trx, ctx, actor, follower, { plannedPeriod }, how),
    );
  }
  await indexForSearch(trx, 'activity', id, searchTexts(activity));
  await audit(trx, actor, now, [
    editEntry(codec, { action: 'activity.update', entityType: 'activity', id, before, columns, fields }),
  ]);
  return activity;
}

/**
 * Deletes an activity that nothing has been written about yet. One with
 * follow-ups is refused alike whether or not the deleter may read them, so
 * that nobody destroys, or learns the content of, a note they cannot read;
 * the refusal is audited.
 */
export async function deleteActivity(ctx: AppContext, actor: Actor, id: string, version: number | undefined) {
  const codec = await ctx.codec();
  const expected = expectedVersion(version, undefined);
  const refused = await inTransaction(ctx.db, async (trx) => {
    const activity = await writableActivity(trx, ctx, actor, id, 'content', expected);
    const label = codec.encode(activity);
    if (await hasFollowUps(trx, id)) {
      await audit(trx, actor, isoNow(ctx), [
        {
          action: 'activity.delete_refused',
          entityType: 'activity',
          entityId: id,
          label,
          detail: { refCode: activity.refCode, reason: 'has follow-ups' },
        },
      ]);
      return true;
    }
    // Its dependencies go with it, those to activities the deleter may not read too: each is told to the readers of both ends.
    const dependencies = await readDependencies(trx, undefined, { activityId: id });
    await deleteDependenciesOf(trx, id);
    const { deleted, objectives } = await deleteActivityRow(trx, id, expected);
    if (!deleted) throw problem('activity.changed_meanwhile');
    await removeFromSearch(trx, [id]);
    await audit(trx, actor, isoNow(ctx), [
      { action: 'activity.delete', entityType: 'activity', entityId: id, label, detail: { refCode: activity.refCode } },
      // The links of objectives the deleter may not read go too: each is told to the readers of both records.
      ...objectives.map((o) => ({
        action: 'objective.unlink',
        entityType: 'objective',
        entityId: o.id,
        label: codec.encode(labelOfBoth(codec.decode(o), activity)),
        detail: { activityId: id, cascade: 'activity.delete' },
      })),
      ...dependencies.map((d) => dependencyAuditEntry(codec, 'dependency.delete', d, { cascade: 'activity.delete' })),
    ]);
    return false;
  });
  if (refused) throw problem('activity.has_follow_ups');
}

/** Moves an activity through its lifecycle and logs the move as a follow-up entry with its reason. */
export async function transitionActivityStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: ActivityTransitionInput,
  ifMatch?: number,
  options: { shiftFollowers?: boolean } = {},
): Promise<Activity> {
  return inTransaction(ctx.db, (trx) =>
    moveActivityIn(trx, ctx, actor, id, input, {
      version: input.version ?? ifMatch,
      shiftFollowers: options.shiftFollowers ?? false,
    }),
  );
}

/**
 * Moves an activity through its lifecycle inside the open transaction `trx`:
 * the single move and the bulk edit both go through it. `move` may be drawn
 * from the activity as it stands (a bulk postponement's new period); `at` as
 * for {@link patchActivityIn}.
 */
export async function moveActivityIn(
  trx: Db,
  ctx: AppContext,
  actor: Actor,
  id: string,
  move: Omit<ActivityTransitionInput, 'version'> | ((before: Activity) => Omit<ActivityTransitionInput, 'version'>),
  at: { version?: number | undefined; inPlan?: string | undefined } & FollowerShift,
): Promise<Activity> {
  const codec = await ctx.codec();
  const before = await writableActivity(trx, ctx, actor, id, 'execution', at.version, at.inPlan);
  const input = typeof move === 'function' ? move(before) : move;
  const next = transitionActivity(before, input, todayOf(ctx));
  const now = isoNow(ctx);
  if (!(await updateActivityRow(trx, id, before.version, activityMove(next, now)))) throw problem('activity.changed_meanwhile');
  // The move is told in the activity's log at the activity's own label.
  const label = codec.encode(before);
  const body = input.reason?.trim() || automaticMoveBody(before.status, next.status);
  const followUp = await insertFollowUp(
    trx,
    codec,
    {
      id: newId(),
      activity_id: id,
      kind: 'status_change',
      body,
      language: 'fr',
      author_id: actor.userId,
      from_status: before.status,
      to_status: next.status,
      ...label,
      version: 1,
      created_at: now,
      updated_at: now,
    },
    actor.party,
  );
  await indexForSearch(trx, 'follow_up', followUp.id, [body]);
  await audit(trx, actor, now, [
    {
      action: 'activity.transition',
      entityType: 'activity',
      entityId: id,
      label,
      detail: {
        from: before.status,
        to: next.status,
        reason: input.reason ?? null,
        plannedPeriod: input.plannedPeriod ?? null,
      },
    },
  ]);
  const after = await readActivity(trx, codec, codec.reader(actor), id);
  if (!after) throw problem('activity.not_found');
  await recordActivityStates(trx, now, [after]);
  // A postponement postpones the followers it would leave starting too early, with the same reason.
  await keepDependencies(trx, ctx, actor, before.plannedPeriod, after, at, (follower, plannedPeriod, how) =>
    moveActivityIn(trx, ctx, actor, follower, { to: 'postponed', reason: input.reason, plannedPeriod }, how),
  );
  return after;
}
