import type { Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

export function listAgendaItems(db: Kysely<Database>, reader: StoreReader, sessionId: string) {
  return db
    .selectFrom('agenda_item')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where(readableBy(reader, 'agenda_item'))
    .orderBy('position')
    .execute();
}

export function findAgendaItem(db: Kysely<Database>, reader: StoreReader, id: string) {
  return db
    .selectFrom('agenda_item')
    .selectAll()
    .where('id', '=', id)
    .where(readableBy(reader, 'agenda_item'))
    .executeTakeFirst();
}

export function findActionItem(db: Kysely<Database>, reader: StoreReader, id: string) {
  return db
    .selectFrom('action_item')
    .selectAll()
    .where('id', '=', id)
    .where(readableBy(reader, 'action_item'))
    .executeTakeFirst();
}

export async function minutesApprovalsOf(db: Kysely<Database>, sessionId: string) {
  const rows = await db.selectFrom('minutes_approval').selectAll().where('session_id', '=', sessionId).orderBy('at').execute();
  return rows.map((r) => ({ party: r.party, userId: r.user_id, at: r.at }));
}

/**
 * Everything still open that a session of the commission must see, whoever
 * may read it: the agenda inherits each record's label, and readers see
 * only the items their clearance allows.
 */
export async function openBusiness(db: Kysely<Database>, commissionId: string, beforeNumber: number, today: string) {
  const actionItems = await db
    .selectFrom('action_item as ai')
    .innerJoin('commission_session as s', 's.id', 'ai.session_id')
    .selectAll('ai')
    .select('s.number as session_number')
    .where('ai.commission_id', '=', commissionId)
    .where('s.number', '<', beforeNumber)
    .where('ai.status', 'in', ['open', 'in_progress'])
    .execute();
  const activities = await db
    .selectFrom('activity as a')
    .innerJoin('work_plan as p', 'p.id', 'a.plan_id')
    .selectAll('a')
    .where('p.commission_id', '=', commissionId)
    .where('a.status', 'not in', ['conducted', 'reported', 'cancelled'])
    .where((eb) => eb.or([eb('a.planned_end', '<', today), eb('a.postponements', '>', 1)]))
    .execute();
  const amendments = await db
    .selectFrom('plan_revision as r')
    .innerJoin('work_plan as p', 'p.id', 'r.plan_id')
    .select(['r.plan_id', 'r.number', 'r.reason', 'p.owner_party', 'p.classification', 'p.releasable_mask', 'p.compartment_mask'])
    .where('p.commission_id', '=', commissionId)
    .where('r.status', '=', 'proposed')
    .execute();
  return { actionItems, activities, amendments };
}
