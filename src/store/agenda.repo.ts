import type { Kysely } from 'kysely';
import type { ActionItemStatus } from '../domain/action-item.lifecycle.js';
import type { ActivityStatus } from '../domain/activity.lifecycle.js';
import type { AgendaFacts, AgendaReference, CarryForwardInput } from '../domain/agenda.js';
import type { Label } from '../domain/labels.js';
import type { AgendaOutcome, SessionStatus } from '../domain/session.lifecycle.js';
import type { AgendaItem } from '../domain/session.schema.js';
import { labelColumns, readableBy, type StoreReader } from './access.js';
import type { AgendaItemTable, Database, LabelColumns } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { dropFromIndex, reindex } from './search-index.js';
import { compareAndSet } from './versioned.js';

const toAgendaItem = (codec: LabelCodec, r: AgendaItemTable): AgendaItem => ({
  id: r.id,
  version: r.version,
  ...codec.decode(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sessionId: r.session_id,
  position: r.position,
  kind: r.kind as AgendaItem['kind'],
  title: r.title,
  reference: r.reference ? (JSON.parse(r.reference) as AgendaReference) : null,
  actionItemId: r.action_item_id,
  activityId: r.activity_id,
  planId: r.plan_id,
  summary: r.summary,
  decisions: r.decisions,
  outcome: r.outcome as AgendaOutcome | null,
});

/** The agenda items of a session the reader may read, in their stored order. */
export async function listAgendaItems(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, sessionId: string) {
  const rows = await db
    .selectFrom('agenda_item')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where(readableBy(reader, 'agenda_item'))
    .orderBy('position')
    .orderBy('id')
    .execute();
  return rows.map((r) => toAgendaItem(codec, r));
}

export async function findAgendaItem(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, id: string) {
  const row = await db
    .selectFrom('agenda_item')
    .selectAll()
    .where('id', '=', id)
    .where(readableBy(reader, 'agenda_item'))
    .executeTakeFirst();
  return row ? toAgendaItem(codec, row) : undefined;
}

/** Every item of a session's agenda, whoever may read it: for what the system itself keeps of them. */
export async function allAgendaItemsOf(db: Kysely<Database>, codec: LabelCodec, sessionId: string) {
  const rows = await db.selectFrom('agenda_item').selectAll().where('session_id', '=', sessionId).execute();
  return rows.map((r) => toAgendaItem(codec, r));
}

/**
 * How many items a session's agenda holds, whoever may read them. Told only
 * as a count, to a party about to approve the minutes.
 */
export async function agendaItemCount(db: Kysely<Database>, sessionId: string): Promise<number> {
  const all = await db
    .selectFrom('agenda_item')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return Number(all.n);
}

/**
 * What a session's agenda already holds, whoever may read it, and its last
 * place: so that preparing twice carries nothing twice and new items go last.
 */
export async function agendaHoldings(
  db: Kysely<Database>,
  sessionId: string,
): Promise<{ existing: CarryForwardInput['existing']; lastPosition: number }> {
  const rows = await db
    .selectFrom('agenda_item')
    .select(['kind', 'action_item_id', 'activity_id', 'plan_id', 'position'])
    .where('session_id', '=', sessionId)
    .execute();
  return {
    existing: rows.map((e) => ({ kind: e.kind, actionItemId: e.action_item_id, activityId: e.activity_id, planId: e.plan_id })),
    lastPosition: Math.max(0, ...rows.map((e) => e.position)),
  };
}

/** A new agenda item: its record fields, and the label columns it is stored under. */
export type NewAgendaItem = Omit<AgendaItem, keyof Label | 'version' | 'updatedAt'> & { label: LabelColumns };

export async function insertAgendaItems(db: Kysely<Database>, items: readonly NewAgendaItem[]) {
  if (items.length === 0) return;
  await db
    .insertInto('agenda_item')
    .values(
      items.map((i) => ({
        id: i.id,
        session_id: i.sessionId,
        position: i.position,
        kind: i.kind,
        title: i.title,
        reference: i.reference ? JSON.stringify(i.reference) : null,
        action_item_id: i.actionItemId,
        activity_id: i.activityId,
        plan_id: i.planId,
        summary: i.summary,
        decisions: i.decisions,
        outcome: i.outcome,
        ...i.label,
        version: 1,
        created_at: i.createdAt,
        updated_at: i.createdAt,
      })),
    )
    .execute();
  await reindex(
    db,
    'agenda_item',
    items.map((i) => i.id),
  );
}

/** A change to an agenda item: the fields it sets, and the label when it is marked anew. */
export type AgendaItemChanges = Partial<
  Pick<AgendaItem, 'position' | 'kind' | 'title' | 'reference' | 'actionItemId' | 'activityId' | 'planId'>
> &
  Partial<Pick<AgendaItem, 'summary' | 'decisions' | 'outcome'>> & { label?: LabelColumns; updatedAt: string };

/** Writes a change to an agenda item if it is still at `version`; false when someone changed it first. */
export async function updateAgendaItem(
  db: Kysely<Database>,
  id: string,
  version: number,
  c: AgendaItemChanges,
): Promise<boolean> {
  const written = await compareAndSet(db, 'agenda_item', id, version, {
    position: c.position,
    kind: c.kind,
    title: c.title,
    reference: c.reference === undefined ? undefined : c.reference && JSON.stringify(c.reference),
    action_item_id: c.actionItemId,
    activity_id: c.activityId,
    plan_id: c.planId,
    summary: c.summary,
    decisions: c.decisions,
    outcome: c.outcome,
    ...c.label,
    updated_at: c.updatedAt,
  });
  if (written) await reindex(db, 'agenda_item', [id]);
  return written;
}

/** Deletes an agenda item if it is still at `version`. */
export async function deleteAgendaItem(db: Kysely<Database>, id: string, version: number): Promise<boolean> {
  const r = await db.deleteFrom('agenda_item').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  const deleted = Number(r.numDeletedRows) === 1;
  if (deleted) await dropFromIndex(db, [id]);
  return deleted;
}

/**
 * Keeps the references of agenda items as they now are. Not a change of the
 * item by anyone: its version stays, so that a form open on it still saves.
 */
export async function keepAgendaReferences(
  db: Kysely<Database>,
  references: readonly { id: string; reference: AgendaReference }[],
) {
  for (const r of references)
    await db
      .updateTable('agenda_item')
      .set({ reference: JSON.stringify(r.reference) })
      .where('id', '=', r.id)
      .execute();
}

/**
 * What an agenda's carried-forward items are about, as it stands now: the
 * status of each item's session, and the facts of its activity or action
 * item (whoever may read them: the caller gives each reader only those of
 * records it may read).
 */
export async function agendaFactsOf(
  db: Kysely<Database>,
  items: readonly Pick<AgendaItem, 'sessionId' | 'activityId' | 'actionItemId'>[],
): Promise<{ sessionStatus: Map<string, SessionStatus> } & AgendaFacts> {
  const ids = (pick: (i: (typeof items)[number]) => string | null) => [
    ...new Set(items.map(pick).filter((id): id is string => id !== null)),
  ];
  const sessionIds = ids((i) => i.sessionId);
  const activityIds = ids((i) => i.activityId);
  const actionItemIds = ids((i) => i.actionItemId);
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

/** What a session's agenda may carry forward, each with the label columns of the record it is about. */
export interface OpenBusiness {
  actionItems: (CarryForwardInput['openActionItems'][number] & { label: LabelColumns })[];
  activities: (CarryForwardInput['troubledActivities'][number] & { label: LabelColumns })[];
  amendments: (CarryForwardInput['proposedAmendments'][number] & { label: LabelColumns })[];
}

const labelOf = (r: LabelColumns): LabelColumns => ({
  owner_party: r.owner_party,
  classification: r.classification,
  releasable_mask: r.releasable_mask,
  compartment_mask: r.compartment_mask,
});

/**
 * Everything still open that a session of the commission must see, whoever
 * may read it: the agenda inherits each record's label, and readers see
 * only the items their clearance allows.
 */
export async function openBusiness(
  db: Kysely<Database>,
  commissionId: string,
  beforeNumber: number,
  today: string,
): Promise<OpenBusiness> {
  // Each query reads only the columns the agenda shows, and the label.
  const actionItems = await db
    .selectFrom('action_item as ai')
    .innerJoin('commission_session as s', 's.id', 'ai.session_id')
    .select(['ai.id', 'ai.title', 'ai.due_date', 's.number as session_number', ...labelColumns('ai')])
    .where('ai.commission_id', '=', commissionId)
    .where('s.number', '<', beforeNumber)
    .where('ai.status', 'in', ['open', 'in_progress'])
    .execute();
  const activities = await db
    .selectFrom('activity as a')
    .innerJoin('work_plan as p', 'p.id', 'a.plan_id')
    .select(['a.id', 'a.ref_code', 'a.title', 'a.planned_end', 'a.postponements', 'a.status', ...labelColumns('a')])
    .where('p.commission_id', '=', commissionId)
    .where('a.status', 'not in', ['conducted', 'reported', 'cancelled'])
    .where((eb) => eb.or([eb('a.planned_end', '<', today), eb('a.postponements', '>', 1)]))
    .execute();
  const amendments = await db
    .selectFrom('plan_revision as r')
    .innerJoin('work_plan as p', 'p.id', 'r.plan_id')
    .select(['r.plan_id', 'r.number', 'r.reason', ...labelColumns('p')])
    .where('p.commission_id', '=', commissionId)
    .where('r.status', '=', 'proposed')
    .execute();
  return {
    actionItems: actionItems.map((a) => ({
      id: a.id,
      title: a.title,
      dueDate: a.due_date,
      sessionNumber: a.session_number,
      label: labelOf(a),
    })),
    activities: activities.map((a) => ({
      id: a.id,
      refCode: a.ref_code,
      title: Object.values(JSON.parse(a.title) as Record<string, string>)[0] ?? a.ref_code,
      plannedEnd: a.planned_end,
      postponements: a.postponements,
      status: a.status,
      label: labelOf(a),
    })),
    amendments: amendments.map((a) => ({ planId: a.plan_id, number: a.number, reason: a.reason ?? '', label: labelOf(a) })),
  };
}
