import { wouldCycle } from '../domain/dependency.js';
import type { Dependency, DependencyCreate, DependencyList } from '../domain/dependency.schema.js';
import { newId } from '../domain/ids.js';
import { problem } from '../domain/problems.js';
import { readActivity } from '../store/activity.repo.js';
import {
  deleteDependency as deleteDependencyRow,
  insertDependency,
  isDependencyClash,
  readDependencies,
} from '../store/dependency.repo.js';
import { findPlan } from '../store/plan.repo.js';
import { inTransaction } from '../store/tx.js';
import { assertVersion } from '../store/versioned.js';
import { writableActivity } from './activity.usecases.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { dependencyAuditEntry } from './dependency-audit.js';
import { expectedVersion } from './labels.js';

/**
 * The dependencies of a plan the actor may read: those both of whose activities it may read, or of these only
 * those one of whose ends is `activityId`. A dependency to a hidden activity is neither listed nor counted.
 */
export async function listDependencies(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  filter: { activityId?: string } = {},
): Promise<DependencyList> {
  const reader = (await ctx.codec()).reader(actor);
  if (!(await findPlan(ctx.db, reader, planId))) throw problem('plan.not_found');
  const rows = await readDependencies(ctx.db, reader, filter.activityId ? { planId, activityId: filter.activityId } : { planId });
  const items = rows.map((d) => d.dependency);
  return { items, count: items.length };
}

/**
 * Makes `successorId` follow `predecessorId`, both activities of the plan. Written by those who may change the
 * successor's execution (its party's planners, the plan not closed); a dependency is a planning aid, not the
 * plan's content, so an adopted plan takes one without an amendment and no approval is withdrawn. An activity
 * the actor may not read, or of another plan, answers as one that does not exist. A dependency that would close
 * a loop among those the actor may read is refused; one whose activities' dates already break it is taken,
 * and listed as violated.
 */
export async function createDependency(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  input: DependencyCreate,
): Promise<Dependency> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const predecessor = await readActivity(trx, codec, reader, input.predecessorId);
    if (!predecessor || predecessor.planId !== planId) throw problem('activity.not_found');
    await writableActivity(trx, ctx, actor, input.successorId, 'execution', undefined, planId);
    if (input.predecessorId === input.successorId) throw problem('dependency.self');
    const existing = (await readDependencies(trx, reader, { planId })).map((d) => d.dependency);
    if (existing.some((d) => d.predecessorId === input.predecessorId && d.successorId === input.successorId))
      throw problem('dependency.exists');
    if (wouldCycle(existing, input.predecessorId, input.successorId))
      throw problem('dependency.cycle', { refCode: predecessor.refCode });
    const id = newId();
    const now = isoNow(ctx);
    await insertDependency(trx, { id, planId, ...input, createdBy: actor.userId, createdAt: now }).catch((err) => {
      throw isDependencyClash(err) ? problem('dependency.exists') : err;
    });
    const [written] = await readDependencies(trx, reader, { id });
    if (!written) throw problem('dependency.not_found');
    await audit(trx, actor, now, [dependencyAuditEntry(codec, 'dependency.create', written)]);
    return written.dependency;
  });
}

/** Removes a dependency at the version read, by those who may write it; a hidden one answers as one that does not exist. */
export async function deleteDependency(ctx: AppContext, actor: Actor, id: string, version: number | undefined) {
  const codec = await ctx.codec();
  const expected = expectedVersion(version, undefined);
  await inTransaction(ctx.db, async (trx) => {
    const [d] = await readDependencies(trx, codec.reader(actor), { id });
    if (!d) throw problem('dependency.not_found');
    await writableActivity(trx, ctx, actor, d.dependency.successorId, 'execution', undefined, d.dependency.planId);
    assertVersion('dependency.stale_version', d.dependency, expected);
    if (!(await deleteDependencyRow(trx, id, expected))) throw problem('dependency.changed_meanwhile');
    await audit(trx, actor, isoNow(ctx), [dependencyAuditEntry(codec, 'dependency.delete', d)]);
  });
}
