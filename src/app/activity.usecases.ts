import type { Kysely } from 'kysely';
import { automaticMoveBody, transitionActivity } from '../domain/activity.lifecycle.js';
import type {
  Activity,
  ActivityCreate,
  ActivityListQuery,
  ActivityPatch,
  ActivityTransitionInput,
} from '../domain/activity.schema.js';
import { newId } from '../domain/ids.js';
import { isPlanEditable, type PlanStatus } from '../domain/plan.lifecycle.js';
import { issue, problem } from '../domain/problems.js';
import {
  deleteActivity as deleteActivityRow,
  findActivity,
  hasFollowUps,
  insertActivities,
  isRefCodeClash,
  listActivities as listActivityRows,
  refCodeTaken,
  updateActivity as updateActivityRow,
} from '../store/activity.repo.js';
import { recordActivityEvents } from '../store/activity-event.repo.js';
import { findSource } from '../store/commission.repo.js';
import type { ActivityRow, ActivityUpdate, Database, LabelColumns } from '../store/database.js';
import { objectiveIdsOfActivity } from '../store/objective.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { presentActivity } from '../store/present.js';
import { indexForSearch, removeFromSearch } from '../store/search.repo.js';
import { inTransaction } from '../store/tx.js';
import { lockIn } from '../store/versioned.js';
import { withdrawApprovals } from './approvals.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
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

/** The row of a new activity, shared by creation and plan import. */
export function newActivityRow(
  input: ActivityCreate,
  at: { id: string; planId: string; status: string; ownerUserId: string; label: LabelColumns; now: string },
): ActivityRow {
  return {
    id: at.id,
    plan_id: at.planId,
    ref_code: input.refCode,
    title: JSON.stringify(input.title),
    description: JSON.stringify(input.description ?? {}),
    type: input.type,
    domain: input.domain,
    lead_party: input.leadParty,
    participating_parties: JSON.stringify([...new Set(input.participatingParties)]),
    lead_organisation_id: input.leadOrganisationId,
    location: input.location,
    planned_start: input.plannedPeriod.start,
    planned_end: input.plannedPeriod.end,
    planned_precision: input.plannedPeriod.precision,
    actual_start: null,
    actual_end: null,
    status: at.status,
    postponements: 0,
    priority: input.priority,
    owner_user_id: at.ownerUserId,
    source_id: input.sourceId,
    ...at.label,
    version: 1,
    created_at: at.now,
    updated_at: at.now,
  };
}

/** The columns a patch of editable fields changes, shared by editing and plan import. */
export function activityChanges(patch: Omit<ActivityPatch, 'version'>): ActivityUpdate {
  return {
    ...(patch.refCode !== undefined && { ref_code: patch.refCode }),
    ...(patch.title !== undefined && { title: JSON.stringify(patch.title) }),
    ...(patch.description !== undefined && { description: JSON.stringify(patch.description) }),
    ...(patch.type !== undefined && { type: patch.type }),
    ...(patch.domain !== undefined && { domain: patch.domain }),
    ...(patch.leadParty !== undefined && { lead_party: patch.leadParty }),
    ...(patch.participatingParties !== undefined && {
      participating_parties: JSON.stringify([...new Set(patch.participatingParties)]),
    }),
    ...(patch.leadOrganisationId !== undefined && { lead_organisation_id: patch.leadOrganisationId }),
    ...(patch.location !== undefined && { location: patch.location }),
    ...(patch.plannedPeriod !== undefined && {
      planned_start: patch.plannedPeriod.start,
      planned_end: patch.plannedPeriod.end,
      planned_precision: patch.plannedPeriod.precision,
    }),
    ...(patch.priority !== undefined && { priority: patch.priority }),
    ...(patch.sourceId !== undefined && { source_id: patch.sourceId }),
  };
}

const STALE_AFTER_DAYS = 30;

export async function listActivities(ctx: AppContext, actor: Actor, planId: string, query: ActivityListQuery) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const today = todayOf(ctx);
  // Stale as the dashboard counts it: no follow-up for 30 days.
  const staleBefore = new Date(Date.parse(`${today}T00:00:00Z`) - STALE_AFTER_DAYS * 86_400_000).toISOString();
  const { rows, nextCursor } = await listActivityRows(ctx.db, reader, planId, query, { today, staleBefore });
  // The page holds rows only of a plan the reader may read; an empty one may mean the plan is not one.
  if (rows.length === 0 && !(await findPlan(ctx.db, reader, planId))) throw problem('plan.not_found');
  return { items: rows.map((r) => presentActivity(codec, r)), nextCursor };
}

export async function getActivity(ctx: AppContext, actor: Actor, id: string): Promise<Activity> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const row = await findActivity(ctx.db, reader, id);
  if (!row) throw problem('activity.not_found');
  const activity = presentActivity(codec, row);
  const source = row.source_id ? await findSource(ctx.db, reader, row.source_id) : undefined;
  return {
    ...activity,
    source: source
      ? { id: source.id, title: source.title, publisher: source.publisher, url: source.url, publishedOn: source.published_on }
      : null,
    objectiveIds: await objectiveIdsOfActivity(ctx.db, reader, id),
  };
}

/**
 * The plan an activity is written into, readable and owned by the actor's
 * party, and still open to change: its content (not the execution of its
 * activities) changes after adoption only through an open amendment.
 */
async function writablePlan(
  trx: Kysely<Database>,
  ctx: AppContext,
  actor: Actor,
  planId: string,
  change: 'content' | 'execution',
) {
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

async function checkReferences(trx: Kysely<Database>, ctx: AppContext, actor: Actor, input: Partial<ActivityCreate>) {
  const codec = await ctx.codec();
  if (input.leadParty) assertKnownParties(codec, [input.leadParty], 'leadParty');
  if (input.participatingParties) assertKnownParties(codec, input.participatingParties, 'participatingParties');
  if (input.leadOrganisationId) {
    const org = await trx.selectFrom('organisation').select('id').where('id', '=', input.leadOrganisationId).executeTakeFirst();
    if (!org) throw problem('activity.unknown_organisation', {}, [issue('leadOrganisationId', 'field.no_such_organisation')]);
  }
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
    await insertActivities(trx, [row]).catch((err) => {
      throw isRefCodeClash(err) ? refCodeConflict(input.refCode) : err;
    });
    await recordActivityEvents(trx, now, [row]);
    const activity = presentActivity(codec, row);
    await indexForSearch(trx, 'activity', row.id, searchTexts(activity));
    await audit(trx, actor, now, [
      {
        action: 'activity.create',
        entityType: 'activity',
        entityId: row.id,
        label: columns,
        detail: { planId, refCode: row.ref_code },
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
): Promise<Activity> {
  const codec = await ctx.codec();
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const row = await findActivity(trx, codec.reader(actor), id);
    if (!row) throw problem('activity.not_found');
    await writablePlan(trx, ctx, actor, row.plan_id, 'content');
    assertCanPlan(actor, row.owner_party);
    if (row.version !== version) throw problem('activity.stale_version', { had: version, now: row.version });
    await checkReferences(trx, ctx, actor, patch);
    const before = presentActivity(codec, row);
    const { columns } = labelFor(codec, actor, patch, before);
    // A new code, or the old one at a new label, must not be one the writer can see on another activity.
    const refCode = patch.refCode ?? row.ref_code;
    const relabelled = (Object.keys(columns) as (keyof LabelColumns)[]).some((k) => columns[k] !== row[k]);
    if ((refCode !== row.ref_code || relabelled) && (await refCodeTaken(trx, codec.reader(actor), row.plan_id, refCode, id)))
      throw refCodeConflict(refCode);
    const now = isoNow(ctx);
    const changes: ActivityUpdate = { ...activityChanges(patch), ...columns, updated_at: now };
    const written = await updateActivityRow(trx, id, version, changes).catch((err) => {
      throw isRefCodeClash(err) ? refCodeConflict(refCode) : err;
    });
    if (!written) throw problem('activity.changed_meanwhile');
    const after = await findActivity(trx, codec.reader(actor), id);
    if (!after) throw problem('activity.label_hides');
    if (patch.plannedPeriod) await recordActivityEvents(trx, now, [after]);
    const activity = presentActivity(codec, after);
    await indexForSearch(trx, 'activity', id, searchTexts(activity));
    const { version: _v, ...fields } = patch;
    await audit(trx, actor, now, [
      {
        action: 'activity.update',
        entityType: 'activity',
        entityId: id,
        // The entry tells the old values as well as the new: it keeps the label of both.
        label: codec.encode(labelOfBoth(codec.decode(row), codec.decode(columns))),
        detail: { changes: changedFields(before as unknown as Record<string, unknown>, fields) },
      },
    ]);
    return activity;
  });
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
    const row = await findActivity(trx, codec.reader(actor), id);
    if (!row) throw problem('activity.not_found');
    await writablePlan(trx, ctx, actor, row.plan_id, 'content');
    assertCanPlan(actor, row.owner_party);
    if (row.version !== expected) throw problem('activity.stale_version', { had: expected, now: row.version });
    if (await hasFollowUps(trx, id)) {
      await audit(trx, actor, isoNow(ctx), [
        {
          action: 'activity.delete_refused',
          entityType: 'activity',
          entityId: id,
          label: row,
          detail: { refCode: row.ref_code, reason: 'has follow-ups' },
        },
      ]);
      return true;
    }
    const { deleted, objectives } = await deleteActivityRow(trx, id, expected);
    if (!deleted) throw problem('activity.changed_meanwhile');
    await removeFromSearch(trx, [id]);
    await audit(trx, actor, isoNow(ctx), [
      { action: 'activity.delete', entityType: 'activity', entityId: id, label: row, detail: { refCode: row.ref_code } },
      // The links of objectives the deleter may not read go too: each is told to the readers of both records.
      ...objectives.map((o) => ({
        action: 'objective.unlink',
        entityType: 'objective',
        entityId: o.id,
        label: codec.encode(labelOfBoth(codec.decode(o), codec.decode(row))),
        detail: { activityId: id, cascade: 'activity.delete' },
      })),
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
): Promise<Activity> {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const row = await findActivity(trx, codec.reader(actor), id);
    if (!row) throw problem('activity.not_found');
    await writablePlan(trx, ctx, actor, row.plan_id, 'execution');
    assertCanPlan(actor, row.owner_party);
    const version = input.version ?? ifMatch ?? row.version;
    if (row.version !== version) throw problem('activity.stale_version', { had: version, now: row.version });
    const before = presentActivity(codec, row);
    const next = transitionActivity(before, input, todayOf(ctx));
    const now = isoNow(ctx);
    const ok = await updateActivityRow(trx, id, row.version, {
      status: next.status,
      planned_start: next.plannedPeriod.start,
      planned_end: next.plannedPeriod.end,
      planned_precision: next.plannedPeriod.precision,
      postponements: next.postponements,
      actual_start: next.actualStart,
      actual_end: next.actualEnd,
      updated_at: now,
    });
    if (!ok) throw problem('activity.changed_meanwhile');
    const followUpId = newId();
    const label = {
      owner_party: row.owner_party,
      classification: row.classification,
      releasable_mask: row.releasable_mask,
      compartment_mask: row.compartment_mask,
    };
    const body = input.reason?.trim() || automaticMoveBody(before.status, next.status);
    await trx
      .insertInto('follow_up')
      .values({
        id: followUpId,
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
      })
      .execute();
    await indexForSearch(trx, 'follow_up', followUpId, [body]);
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
    const after = await findActivity(trx, codec.reader(actor), id);
    if (!after) throw problem('activity.not_found');
    await recordActivityEvents(trx, now, [after]);
    return presentActivity(codec, after);
  });
}
