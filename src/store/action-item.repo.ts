import type { Kysely } from 'kysely';
import { type ActionItemStatus, isOverdue } from '../domain/action-item.lifecycle.js';
import type { Label } from '../domain/labels.js';
import type { ActionItem } from '../domain/session.schema.js';
import { readableBy, type StoreReader } from './access.js';
import type { ActionItemTable, Database, LabelColumns } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { reindex } from './search-index.js';
import { compareAndSet } from './versioned.js';

const toActionItem = (codec: LabelCodec, r: ActionItemTable, today: string): ActionItem => ({
  id: r.id,
  version: r.version,
  ...codec.decode(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  commissionId: r.commission_id,
  sessionId: r.session_id,
  agendaItemId: r.agenda_item_id,
  title: r.title,
  responsibleParty: r.responsible_party,
  responsibleOrganisation: r.responsible_organisation,
  dueDate: r.due_date,
  status: r.status as ActionItemStatus,
  overdue: isOverdue({ status: r.status as ActionItemStatus, dueDate: r.due_date }, today),
  closedAt: r.closed_at,
  reason: r.reason,
  activityId: r.activity_id,
  planId: r.plan_id,
});

/** An action item the reader may read, as it stands on `today` (overdue or not). */
export async function findActionItem(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, id: string, today: string) {
  const row = await db
    .selectFrom('action_item')
    .selectAll()
    .where('id', '=', id)
    .where(readableBy(reader, 'action_item'))
    .executeTakeFirst();
  return row ? toActionItem(codec, row, today) : undefined;
}

export interface ActionItemFilter {
  status?: ActionItemStatus | undefined;
  responsibleParty?: string | undefined;
  overdue?: boolean | undefined;
}

/** The action items of a commission the reader may read, soonest due first. */
export async function listActionItems(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  commissionId: string,
  q: ActionItemFilter,
  today: string,
) {
  const rows = await db
    .selectFrom('action_item')
    .selectAll()
    .where('commission_id', '=', commissionId)
    .where(readableBy(reader, 'action_item'))
    .$if(q.status !== undefined, (qb) => qb.where('status', '=', q.status ?? ''))
    .$if(q.responsibleParty !== undefined, (qb) => qb.where('responsible_party', '=', q.responsibleParty ?? ''))
    .$if(q.overdue === true, (qb) => qb.where('status', 'in', ['open', 'in_progress']).where('due_date', '<', today))
    .$if(q.overdue === false, (qb) =>
      qb.where((eb) => eb.or([eb('status', 'not in', ['open', 'in_progress']), eb('due_date', '>=', today)])),
    )
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  return rows.map((r) => toActionItem(codec, r, today));
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

/** A new action item: its record fields, and the label columns it is stored under. */
export type NewActionItem = Omit<ActionItem, keyof Label | 'version' | 'updatedAt' | 'overdue'> & { label: LabelColumns };

export async function insertActionItems(db: Kysely<Database>, items: readonly NewActionItem[]) {
  if (items.length === 0) return;
  await db
    .insertInto('action_item')
    .values(
      items.map((a) => ({
        id: a.id,
        commission_id: a.commissionId,
        session_id: a.sessionId,
        agenda_item_id: a.agendaItemId,
        title: a.title,
        responsible_party: a.responsibleParty,
        responsible_organisation: a.responsibleOrganisation,
        due_date: a.dueDate,
        status: a.status,
        closed_at: a.closedAt,
        reason: a.reason,
        activity_id: a.activityId,
        plan_id: a.planId,
        ...a.label,
        version: 1,
        created_at: a.createdAt,
        updated_at: a.createdAt,
      })),
    )
    .execute();
  await reindex(
    db,
    'action_item',
    items.map((a) => a.id),
  );
}

/** A change to an action item: the fields it sets. */
export type ActionItemChanges = Partial<
  Pick<
    ActionItem,
    | 'title'
    | 'responsibleParty'
    | 'responsibleOrganisation'
    | 'dueDate'
    | 'status'
    | 'closedAt'
    | 'reason'
    | 'activityId'
    | 'planId'
  >
> & { updatedAt: string };

/** Writes a change to an action item if it is still at `version`; false when someone changed it first. */
export async function updateActionItem(
  db: Kysely<Database>,
  id: string,
  version: number,
  c: ActionItemChanges,
): Promise<boolean> {
  const written = await compareAndSet(db, 'action_item', id, version, {
    title: c.title,
    responsible_party: c.responsibleParty,
    responsible_organisation: c.responsibleOrganisation,
    due_date: c.dueDate,
    status: c.status,
    closed_at: c.closedAt,
    reason: c.reason,
    activity_id: c.activityId,
    plan_id: c.planId,
    updated_at: c.updatedAt,
  });
  if (written) await reindex(db, 'action_item', [id]);
  return written;
}

/**
 * The ids among `ids` of activities, plans and action items the reader may
 * read. A link to any other is shown as null, as the export does: its id
 * alone would tell that it exists.
 */
export async function readableLinks(db: Kysely<Database>, reader: StoreReader, ids: (string | null)[]): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Set();
  const tables = ['activity', 'work_plan', 'action_item'] as const;
  const found = await Promise.all(
    tables.map((t) => db.selectFrom(t).select('id').where('id', 'in', wanted).where(readableBy(reader, t)).execute()),
  );
  return new Set(found.flat().map((r) => r.id));
}
