import type { Kysely } from 'kysely';
import { newId } from '../domain/ids.js';
import type { Objective, ObjectiveCreate, ObjectivePatch } from '../domain/objective.schema.js';
import { issue, problem } from '../domain/problems.js';
import { readableBy, type StoreReader } from '../store/access.js';
import type { Database, ObjectiveTable } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import {
  deleteObjectiveRows,
  findObjective,
  indicatorsOfObjective,
  linkActivities,
  readableActivitiesOfPlan,
  readableLinks,
  unlinkActivities,
  updateObjectiveRow,
} from '../store/objective.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { expectedVersion, labelFor, labelOfBoth } from './labels.js';
import { assertCanPlan } from './policy.js';

// Objectives and their indicators are the plan's results framework, not its
// content: the baseline and amendments freeze the plan and its activities, so
// objectives change without an amendment and withdraw no approval.

const present = (codec: LabelCodec, r: ObjectiveTable, activityIds: string[]): Objective => ({
  id: r.id,
  version: r.version,
  ...codec.decode(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  planId: r.plan_id,
  title: JSON.parse(r.title),
  description: JSON.parse(r.description),
  activityIds,
});

/** Objectives of a plan, each with the linked activities the actor may read. */
export async function listObjectives(ctx: AppContext, actor: Actor, planId: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findPlan(ctx.db, reader, planId))) throw problem('plan.not_found');
  const rows = await ctx.db
    .selectFrom('objective')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'objective'))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const links = await readableLinks(
    ctx.db,
    reader,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) =>
    present(
      codec,
      r,
      links.filter((l) => l.objective_id === r.id).map((l) => l.activity_id),
    ),
  );
  return { items, nextCursor: null };
}

/**
 * Refuses activities that are not in the plan or that the writer may not
 * read, with one answer for both, so that a refusal never tells a hidden
 * activity from a missing one.
 */
async function assertLinkable(trx: Kysely<Database>, reader: StoreReader, planId: string, activityIds: string[]) {
  const found = await readableActivitiesOfPlan(trx, reader, planId, activityIds);
  const missing = activityIds.filter((id) => !found.has(id));
  if (missing.length)
    throw problem('objective.activities_not_in_plan', {}, [
      issue('activityIds', 'field.unknown_ids', { ids: missing.join(', ') }),
    ]);
}

/** The objective and its plan, both readable, and the actor a planner of the objective's party. */
async function writableObjective(trx: Kysely<Database>, reader: StoreReader, actor: Actor, id: string) {
  const row = await findObjective(trx, reader, id);
  if (!row || !(await findPlan(trx, reader, row.plan_id))) throw problem('objective.not_found');
  assertCanPlan(actor, row.owner_party);
  return row;
}

const assertVersion = (row: { version: number }, version: number) => {
  if (row.version !== version) throw problem('objective.stale_version', { had: version, now: row.version });
};

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
    const row = {
      id: newId(),
      plan_id: planId,
      title: JSON.stringify(input.title),
      description: JSON.stringify(input.description ?? {}),
      ...columns,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('objective').values(row).execute();
    await linkActivities(trx, row.id, activityIds);
    await audit(trx, actor, now, [
      { action: 'objective.create', entityType: 'objective', entityId: row.id, label: columns, detail: { planId, activityIds } },
    ]);
    return present(codec, row, activityIds);
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
    const row = await writableObjective(trx, reader, actor, id);
    assertVersion(row, version);
    const linked = (await readableLinks(trx, reader, [id])).map((l) => l.activity_id);
    const before = present(codec, row, linked);
    let added: string[] = [];
    let removed: string[] = [];
    if (patch.activityIds) {
      const wanted = [...new Set(patch.activityIds)];
      await assertLinkable(trx, reader, row.plan_id, wanted);
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
    const after = await findObjective(trx, reader, id);
    if (!after) throw problem('objective.label_hides');
    const { version: _v, activityIds: _a, ...fields } = patch;
    await audit(trx, actor, now, [
      {
        action: 'objective.update',
        entityType: 'objective',
        entityId: id,
        // The entry tells the old values as well as the new: it keeps the label of both.
        label: codec.encode(labelOfBoth(codec.decode(row), codec.decode(columns))),
        detail: {
          changes: changedFields(before as unknown as Record<string, unknown>, fields),
          ...(added.length && { linked: added }),
          ...(removed.length && { unlinked: removed }),
        },
      },
    ]);
    const linkedNow = (await readableLinks(trx, reader, [id])).map((l) => l.activity_id);
    return present(codec, after, linkedNow);
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
    const row = await writableObjective(trx, reader, actor, id);
    assertVersion(row, expected);
    const indicators = await indicatorsOfObjective(trx, reader, id);
    const measured = indicators.filter((i) => Number(i.readable) === 1 && Number(i.measurements) > 0);
    if (measured.length)
      throw problem('objective.delete_loses_measurements', { indicators: measured.map((i) => `“${i.name}”`).join(', ') });
    if (indicators.some((i) => Number(i.readable) !== 1 || Number(i.measurements) > 0))
      throw problem('objective.hidden_indicators');
    const links = (await readableLinks(trx, reader, [id])).map((l) => l.activity_id);
    if (
      !(await deleteObjectiveRows(
        trx,
        id,
        expected,
        indicators.map((i) => i.id),
      ))
    )
      throw problem('objective.changed_meanwhile');
    await audit(trx, actor, isoNow(ctx), [
      ...indicators.map((i) => ({
        action: 'indicator.delete',
        entityType: 'indicator',
        entityId: i.id,
        label: i,
        detail: { objectiveId: id, name: i.name, cascade: 'objective.delete' },
      })),
      {
        action: 'objective.delete',
        entityType: 'objective',
        entityId: id,
        label: row,
        detail: {
          planId: row.plan_id,
          title: JSON.parse(row.title),
          activityIds: links,
          indicatorIds: indicators.map((i) => i.id),
        },
      },
    ]);
  });
}
