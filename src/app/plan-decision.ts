import type { DecisionKind } from '../domain/plan-close.js';
import { problem } from '../domain/problems.js';
import type { WorkPlanRow } from '../store/database.js';
import type { Db } from '../store/db.js';
import { insertNotifications } from '../store/notification.repo.js';
import { approvalsOf, findPlan } from '../store/plan.repo.js';
import { recordDecision } from '../store/plan-close.repo.js';
import { readablePlannersOf } from '../store/planners.repo.js';
import { presentPlan } from '../store/present.js';
import { compareAndSet } from '../store/versioned.js';
import type { Actor, AppContext } from './context.js';
import { LostRace } from './lost-race.js';

// The steps every decision on a plan shares (a refusal or return of a proposed plan, a close, a reopening).

/**
 * Reads the plan as the actor may, checks the version the actor read (or,
 * when none is given, the version just read) and claims the row by moving its
 * version, so that two decisions on one plan never interleave: the second
 * loses its claim and is refused as stale (or, unpinned, reads again).
 */
export async function claimPlan(trx: Db, ctx: AppContext, actor: Actor, id: string, version: number | undefined, now: string) {
  const codec = await ctx.codec();
  const row = await findPlan(trx, codec.reader(actor), id);
  if (!row) throw problem('plan.not_found');
  const expected = version ?? row.version;
  if (row.version !== expected) throw problem('plan_decision.stale_version', { had: expected, now: row.version });
  if (!(await compareAndSet(trx, 'work_plan', id, expected, { updated_at: now }))) throw new LostRace('Plan');
  return row;
}

/** Tells the planners of `party` who may read the plan of a decision asked of them or taken on their plan. */
export async function notifyParty(ctx: AppContext, trx: Db, party: string, plan: WorkPlanRow, kind: string, at: string) {
  const codec = await ctx.codec();
  const readers = await readablePlannersOf(trx, codec, party, { table: 'work_plan', id: plan.id });
  await insertNotifications(
    trx,
    readers.map((userId) => ({
      user_id: userId,
      kind,
      entity_type: 'work_plan',
      entity_id: plan.id,
      // The plan's title is read with the notification, in the reader's language and as it reads then.
      title: '',
      due_date: null,
      dedupe_key: `${kind}:work_plan:${plan.id}:${at}`,
      created_at: at,
    })),
  );
}

/** Records the actor's party's decision in the plan's history, with its comment. */
export async function decide(trx: Db, actor: Actor, plan: WorkPlanRow, kind: DecisionKind, at: string, comment: string | null) {
  await recordDecision(trx, { plan_id: plan.id, kind, party: actor.party, user_id: actor.userId, at, comment });
}

/** The plan as the actor reads it once the decision is written: the answer of every decision. */
export async function planAfter(trx: Db, ctx: AppContext, actor: Actor, id: string) {
  const codec = await ctx.codec();
  const after = await findPlan(trx, codec.reader(actor), id);
  if (!after) throw problem('plan.not_found');
  return presentPlan(codec, after, (await approvalsOf(trx, [id])).get(id) ?? [], actor.party);
}
