import type { Insertable, Kysely } from 'kysely';
import type { Approval } from '../domain/plan.lifecycle.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, WorkPlanTable } from './database.js';

export function findPlan(db: Kysely<Database>, reader: StoreReader, id: string) {
  return db.selectFrom('work_plan').selectAll().where('id', '=', id).where(readableBy(reader, 'work_plan')).executeTakeFirst();
}

export function listPlans(db: Kysely<Database>, reader: StoreReader, filter: { commissionId?: string | undefined }) {
  return db
    .selectFrom('work_plan')
    .selectAll()
    .where(readableBy(reader, 'work_plan'))
    .$if(filter.commissionId !== undefined, (qb) => qb.where('commission_id', '=', filter.commissionId ?? ''))
    .orderBy('period_start', 'desc')
    .orderBy('id')
    .execute();
}

export async function approvalsOf(db: Kysely<Database>, planIds: string[]): Promise<Map<string, Approval[]>> {
  const out = new Map<string, Approval[]>(planIds.map((id) => [id, []]));
  if (planIds.length === 0) return out;
  const rows = await db.selectFrom('plan_approval').selectAll().where('plan_id', 'in', planIds).orderBy('at').execute();
  for (const r of rows) out.get(r.plan_id)?.push({ party: r.party, userId: r.user_id, at: r.at });
  return out;
}

export async function insertPlan(db: Kysely<Database>, row: Insertable<WorkPlanTable>): Promise<void> {
  await db.insertInto('work_plan').values(row).execute();
}

/** The plan as stored, whoever reads: for a write that already read it under the read rule. */
export function planRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('work_plan').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Moves a plan's status; only once the version was claimed, by the transaction that claimed it. */
export async function setPlanStatus(trx: Kysely<Database>, planId: string, status: string) {
  await trx.updateTable('work_plan').set({ status }).where('id', '=', planId).execute();
}

export async function insertApproval(db: Kysely<Database>, row: Approval & { planId: string }): Promise<void> {
  await db
    .insertInto('plan_approval')
    .values({ plan_id: row.planId, party: row.party, user_id: row.userId, at: row.at })
    .execute();
}

/**
 * An adopted plan's proposed activities become planned, each moving to its
 * next version; returns what the activity events record of each.
 */
export function adoptProposedActivities(db: Kysely<Database>, planId: string, at: string) {
  return db
    .updateTable('activity')
    .set((eb) => ({ status: 'planned', version: eb('version', '+', 1), updated_at: at }))
    .where('plan_id', '=', planId)
    .where('status', '=', 'proposed')
    .returning(['id', 'plan_id', 'status', 'planned_start', 'planned_end', 'actual_start', 'actual_end'])
    .execute();
}
