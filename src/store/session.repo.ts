import type { Kysely } from 'kysely';
import type { ActionItemStatus } from '../domain/action-item.lifecycle.js';
import type { ActivityStatus } from '../domain/activity.lifecycle.js';
import type { AgendaFacts } from '../domain/agenda.js';
import type { SessionStatus } from '../domain/session.lifecycle.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';
import { compareAndSet, type VersionedChanges } from './versioned.js';

export function listAgendaItems(db: Kysely<Database>, reader: StoreReader, sessionId: string) {
  return db
    .selectFrom('agenda_item')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where(readableBy(reader, 'agenda_item'))
    .orderBy('position')
    .orderBy('id')
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

/** Takes back every approval of the session's minutes; answers the parties that had approved. */
export async function withdrawMinutesApprovalRows(trx: Kysely<Database>, sessionId: string): Promise<string[]> {
  const rows = await trx.deleteFrom('minutes_approval').where('session_id', '=', sessionId).returning('party').execute();
  return rows.map((r) => r.party);
}

export async function minutesApprovalsOf(db: Kysely<Database>, sessionId: string) {
  return (await minutesApprovalsBySession(db, [sessionId])).get(sessionId) ?? [];
}

/** The minutes approvals of several sessions in one query, by session. */
export async function minutesApprovalsBySession(db: Kysely<Database>, sessionIds: readonly string[]) {
  const bySession = new Map<string, { party: string; userId: string; at: string }[]>();
  if (sessionIds.length === 0) return bySession;
  const rows = await db.selectFrom('minutes_approval').selectAll().where('session_id', 'in', sessionIds).orderBy('at').execute();
  for (const r of rows)
    bySession.set(r.session_id, [...(bySession.get(r.session_id) ?? []), { party: r.party, userId: r.user_id, at: r.at }]);
  return bySession;
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

/** Writes a change to a session if it is still at `version`; false when someone changed it first. */
export async function updateSessionRow(
  db: Kysely<Database>,
  id: string,
  version: number,
  changes: VersionedChanges<'commission_session'>,
): Promise<boolean> {
  return compareAndSet(db, 'commission_session', id, version, changes);
}

/** Writes a change to an agenda item if it is still at `version`. */
export async function updateAgendaItemRow(
  db: Kysely<Database>,
  id: string,
  version: number,
  changes: VersionedChanges<'agenda_item'>,
): Promise<boolean> {
  return compareAndSet(db, 'agenda_item', id, version, changes);
}

/** Deletes an agenda item if it is still at `version`. */
export async function deleteAgendaItemRow(db: Kysely<Database>, id: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('agenda_item').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Writes a change to an action item if it is still at `version`. */
export async function updateActionItemRow(
  db: Kysely<Database>,
  id: string,
  version: number,
  changes: VersionedChanges<'action_item'>,
): Promise<boolean> {
  return compareAndSet(db, 'action_item', id, version, changes);
}

/** How many action items the minutes of an agenda item created. */
export async function actionItemCountOf(db: Kysely<Database>, agendaItemId: string): Promise<number> {
  const r = await db
    .selectFrom('action_item')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('agenda_item_id', '=', agendaItemId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * What an agenda's carried-forward items are about, as it stands now: the
 * status of each item's session, and the facts of its activity or action
 * item (whoever may read them: the caller gives each reader only those of
 * records it may read).
 */
export async function agendaFactsOf(
  db: Kysely<Database>,
  rows: readonly { session_id: string; activity_id: string | null; action_item_id: string | null }[],
): Promise<{ sessionStatus: Map<string, SessionStatus> } & AgendaFacts> {
  const ids = (pick: (r: (typeof rows)[number]) => string | null) => [
    ...new Set(rows.map(pick).filter((id): id is string => id !== null)),
  ];
  const sessionIds = ids((r) => r.session_id);
  const activityIds = ids((r) => r.activity_id);
  const actionItemIds = ids((r) => r.action_item_id);
  const [sessions, activities, actionItems] = await Promise.all([
    sessionIds.length ? db.selectFrom('commission_session').select(['id', 'status']).where('id', 'in', sessionIds).execute() : [],
    activityIds.length
      ? db
          .selectFrom('activity')
          .select(['id', 'ref_code', 'planned_end', 'postponements', 'status'])
          .where('id', 'in', activityIds)
          .execute()
      : [],
    actionItemIds.length
      ? db.selectFrom('action_item').select(['id', 'due_date', 'status']).where('id', 'in', actionItemIds).execute()
      : [],
  ]);
  return {
    sessionStatus: new Map(sessions.map((s) => [s.id, s.status as SessionStatus])),
    activities: new Map(
      activities.map((a) => [
        a.id,
        { refCode: a.ref_code, plannedEnd: a.planned_end, postponements: a.postponements, status: a.status as ActivityStatus },
      ]),
    ),
    actionItems: new Map(actionItems.map((ai) => [ai.id, { dueDate: ai.due_date, status: ai.status as ActionItemStatus }])),
  };
}

/** Every item of a session's agenda, whoever may read it: for what the system itself keeps of them. */
export function allAgendaItemsOf(db: Kysely<Database>, sessionId: string) {
  return db.selectFrom('agenda_item').selectAll().where('session_id', '=', sessionId).execute();
}

/**
 * Keeps the references of agenda items as they now are. Not a change of the
 * item by anyone: its version stays, so that a form open on it still saves.
 */
export async function keepAgendaReferences(db: Kysely<Database>, references: readonly { id: string; reference: string }[]) {
  for (const r of references)
    await db.updateTable('agenda_item').set({ reference: r.reference }).where('id', '=', r.id).execute();
}
