import type { Kysely } from 'kysely';
import type { Approval } from '../domain/plan.lifecycle.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

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
