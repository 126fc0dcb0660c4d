import { invalid, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { Objective, ObjectiveCreate } from '../domain/objective.schema.js';
import { readableBy } from '../store/access.js';
import type { ObjectiveTable } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findPlan } from '../store/plan.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { labelFor } from './labels.js';
import { assertCanPlan } from './policy.js';

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
  if (!(await findPlan(ctx.db, reader, planId))) throw notFound('Plan');
  const rows = await ctx.db
    .selectFrom('objective')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'objective'))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const links = rows.length
    ? await ctx.db
        .selectFrom('activity_objective as ao')
        .innerJoin('activity as a', 'a.id', 'ao.activity_id')
        .select(['ao.objective_id', 'ao.activity_id'])
        .where(
          'ao.objective_id',
          'in',
          rows.map((r) => r.id),
        )
        .where(readableBy(reader, 'a'))
        .orderBy('a.ref_code')
        .execute()
    : [];
  const items = rows.map((r) =>
    present(
      codec,
      r,
      links.filter((l) => l.objective_id === r.id).map((l) => l.activity_id),
    ),
  );
  return { items, nextCursor: null };
}

export async function createObjective(ctx: AppContext, actor: Actor, planId: string, input: ObjectiveCreate): Promise<Objective> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const plan = await findPlan(trx, reader, planId);
    if (!plan) throw notFound('Plan');
    assertCanPlan(actor, plan.owner_party);
    const activityIds = [...new Set(input.activityIds)];
    if (activityIds.length) {
      const found = await trx
        .selectFrom('activity')
        .select('id')
        .where('id', 'in', activityIds)
        .where('plan_id', '=', planId)
        .where(readableBy(reader, 'activity'))
        .execute();
      if (found.length !== activityIds.length) {
        const known = new Set(found.map((f) => f.id));
        const missing = activityIds.filter((id) => !known.has(id));
        throw invalid('Some activities are not in this plan', [
          { path: 'activityIds', message: `unknown: ${missing.join(', ')}` },
        ]);
      }
    }
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
    if (activityIds.length)
      await trx
        .insertInto('activity_objective')
        .values(activityIds.map((activity_id) => ({ activity_id, objective_id: row.id })))
        .execute();
    await audit(trx, actor, now, [
      { action: 'objective.create', entityType: 'objective', entityId: row.id, label: columns, detail: { planId, activityIds } },
    ]);
    return present(codec, row, activityIds);
  });
}
