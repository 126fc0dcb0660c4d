import { newId } from '../domain/ids.js';
import type { Objective, ObjectiveCreate, ObjectivePatch } from '../domain/objective.schema.js';
import { issue, problem } from '../domain/problems.js';
import type { Db } from '../store/db.js';
import type { LabelCodec, StoreReader } from '../store/label-codec.js';
import {
  deleteObjectiveRows,
  indicatorsOfObjective,
  insertObjective,
  linkActivities,
  readableActivitiesOfPlan,
  readableObjectivesOfPlan,
  readObjective,
  unlinkActivities,
  updateObjectiveRow,
} from '../store/objective.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { inTransaction } from '../store/tx.js';
import { assertVersion } from '../store/versioned.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { editEntry } from './edit-entry.js';
import { expectedVersion, labelFor } from './labels.js';
import { assertCanPlan } from './policy.js';

// Objectives and their indicators are the plan's results framework, not its
// content: the baseline and amendments freeze the plan and its activities, so
// objectives change without an amendment and withdraw no approval.

/** Objectives of a plan, each with the linked activities the actor may read. */
export async function listObjectives(ctx: AppContext, actor: Actor, planId: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findPlan(ctx.db, reader, planId))) throw problem('plan.not_found');
  const { objectives } = await readableObjectivesOfPlan(ctx.db, codec, reader, planId);
  return { items: objectives, nextCursor: null };
}

/**
 * Refuses activities that are not in the plan or that the writer may not
 * read, with one answer for both, so that a refusal never tells a hidden
 * activity from a missing one.
 */
async function assertLinkable(trx: Db, reader: StoreReader, planId: string, activityIds: string[]) {
  const found = await readableActivitiesOfPlan(trx, reader, planId, activityIds);
  const missing = activityIds.filter((id) => !found.has(id));
  if (missing.length)
    throw problem('objective.activities_not_in_plan', {}, [
      issue('activityIds', 'field.unknown_ids', { ids: missing.join(', ') }),
    ]);
}

/**
 * The objective and its plan, both readable, the actor a planner of the
 * objective's party, and the objective at the version the writer read.
 */
async function writableObjective(trx: Db, codec: LabelCodec, reader: StoreReader, actor: Actor, id: string, version: number) {
  const objective = await readObjective(trx, codec, reader, id);
  if (!objective || !(await findPlan(trx, reader, objective.planId))) throw problem('objective.not_found');
  assertCanPlan(actor, objective.ownerParty);
  assertVersion('objective.stale_version', objective, version);
  return objective;
}

export async function createObjective(ctx: AppContext, actor: Actor, planId: string, input: ObjectiveCreate): Promise<Objective> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const plan = await findPlan(trx, reader, planId);
    if (!plan) throw problem('plan.not_found');
    assertCanPlan(actor, plan.owner_party);
    const activityIds = [...new Set(input.activityIds)];
    await assertLinkable(trx, reader, planId, activityIds);
    const { columns } = labelFor(codec, actor, input);
    const now = isoNow(ctx);
    const objective = await insertObjective(
      trx,
      codec,
      {
        id: newId(),
        plan_id: planId,
        title: JSON.stringify(input.title),
        description: JSON.stringify(input.description ?? {}),
        ...columns,
        version: 1,
        created_at: now,
        updated_at: now,
      },
      activityIds,
    );
    await audit(trx, actor, now, [
      {
        action: 'objective.create',
        entityType: 'objective',
        entityId: objective.id,
        label: columns,
        detail: { planId, activityIds },
      },
    ]);
    return objective;
  });
}

/**
 * Changes an objective's title, description, label or linked activities.
 * `activityIds` is the set the writer wants among the activities it may
 * read; links to activities it may not read stay as they are.
 */
export async function updateObjective(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: ObjectivePatch,
  ifMatch?: number,
): Promise<Objective> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const before = await writableObjective(trx, codec, reader, actor, id, version);
    const linked = before.activityIds;
    let added: string[] = [];
    let removed: string[] = [];
    if (patch.activityIds) {
      const wanted = [...new Set(patch.activityIds)];
      await assertLinkable(trx, reader, before.planId, wanted);
      added = wanted.filter((a) => !linked.includes(a));
      removed = linked.filter((a) => !wanted.includes(a));
      await unlinkActivities(trx, id, removed);
      await linkActivities(trx, id, added);
    }
    const { columns } = labelFor(codec, actor, patch, before);
    const now = isoNow(ctx);
    const ok = await updateObjectiveRow(trx, id, version, {
      ...(patch.title !== undefined && { title: JSON.stringify(patch.title) }),
      ...(patch.description !== undefined && { description: JSON.stringify(patch.description) }),
      ...columns,
      updated_at: now,
    });
    if (!ok) throw problem('objective.changed_meanwhile');
    const after = await readObjective(trx, codec, reader, id);
    if (!after) throw problem('objective.label_hides');
    const { version: _v, activityIds: _a, ...fields } = patch;
    await audit(trx, actor, now, [
      editEntry(codec, {
        action: 'objective.update',
        entityType: 'objective',
        id,
        before,
        columns,
        fields,
        detail: { ...(added.length && { linked: added }), ...(removed.length && { unlinked: removed }) },
      }),
    ]);
    return after;
  });
}

/**
 * Deletes an objective with its activity links and its indicators. Refused
 * while any of its indicators has a measurement that counts (withdraw them
 * first, each with its reason), or has an indicator the actor may not read,
 * so that a deletion never loses a measurement or what the actor cannot see.
 */
export async function deleteObjective(ctx: AppContext, actor: Actor, id: string, version: number | undefined) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const expected = expectedVersion(version, undefined);
  await inTransaction(ctx.db, async (trx) => {
    const objective = await writableObjective(trx, codec, reader, actor, id, expected);
    const indicators = await indicatorsOfObjective(trx, reader, id);
    const measured = indicators.filter((i) => i.readable && i.measurements > 0);
    if (measured.length)
      throw problem('objective.delete_loses_measurements', { indicators: measured.map((i) => `“${i.name}”`).join(', ') });
    if (indicators.some((i) => !i.readable || i.measurements > 0)) throw problem('objective.hidden_indicators');
    const indicatorIds = indicators.map((i) => i.id);
    if (!(await deleteObjectiveRows(trx, id, expected, indicatorIds))) throw problem('objective.changed_meanwhile');
    await audit(trx, actor, isoNow(ctx), [
      ...indicators.map((i) => ({
        action: 'indicator.delete',
        entityType: 'indicator',
        entityId: i.id,
        label: i.label,
        detail: { objectiveId: id, name: i.name, cascade: 'objective.delete' },
      })),
      {
        action: 'objective.delete',
        entityType: 'objective',
        entityId: id,
        label: codec.encode(objective),
        detail: { planId: objective.planId, title: objective.title, activityIds: objective.activityIds, indicatorIds },
      },
    ]);
  });
}
