import type { Kysely } from 'kysely';
import type { ActionItemStatus } from '../domain/action-item.lifecycle.js';
import { isOverdue, transitionActionItem } from '../domain/action-item.lifecycle.js';
import { carryForward } from '../domain/agenda.js';
import { conflict, invalid, notFound } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { Label } from '../domain/labels.js';
import { type SessionStatus, transitionSession } from '../domain/session.lifecycle.js';
import type { ActionItem, AgendaItem, MinutesInput } from '../domain/session.schema.js';
import { readableBy } from '../store/access.js';
import { findCommission, findSession } from '../store/commission.repo.js';
import type { ActionItemTable, AgendaItemTable, Database, LabelColumns } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findActionItem, findAgendaItem, listAgendaItems, minutesApprovalsOf, openBusiness } from '../store/session.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { assertKnownParties, expectedVersion, labelFor } from './labels.js';
import { assertCanPlan, hasRole } from './policy.js';
import { presentSession } from './present.js';

const labelOf = (r: LabelColumns): LabelColumns => ({
  owner_party: r.owner_party,
  classification: r.classification,
  releasable_mask: r.releasable_mask,
  compartment_mask: r.compartment_mask,
});

const presentAgendaItem = (codec: LabelCodec, r: AgendaItemTable): AgendaItem => ({
  id: r.id,
  version: r.version,
  ...codec.decode(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  sessionId: r.session_id,
  position: r.position,
  kind: r.kind as AgendaItem['kind'],
  title: r.title,
  actionItemId: r.action_item_id,
  activityId: r.activity_id,
  planId: r.plan_id,
  summary: r.summary,
  decisions: r.decisions,
});

export const presentActionItem = (codec: LabelCodec, r: ActionItemTable, today: string): ActionItem => ({
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

/** The session, readable by the actor, and the parties of its commission. */
async function sessionOf(db: Kysely<Database>, ctx: AppContext, actor: Actor, sessionId: string) {
  const codec = await ctx.codec();
  const session = await findSession(db, codec.reader(actor), sessionId);
  if (!session) throw notFound('Session');
  const commission = await db
    .selectFrom('commission')
    .select('parties')
    .where('id', '=', session.commission_id)
    .executeTakeFirstOrThrow();
  return { session, parties: JSON.parse(commission.parties) as string[] };
}

function assertCommissionPlanner(actor: Actor, parties: string[]) {
  assertCanPlan(actor, actor.party);
  if (!parties.includes(actor.party)) throw invalid(`${actor.party} is not a party of this commission`);
}

export async function getSession(ctx: AppContext, actor: Actor, id: string) {
  const codec = await ctx.codec();
  const { session } = await sessionOf(ctx.db, ctx, actor, id);
  return presentSession(codec, session, await minutesApprovalsOf(ctx.db, id));
}

/**
 * Moves a session along planned → convened → held → minutes_approved. The
 * minutes are approved once every party of the commission has approved them.
 */
export async function transitionSessionStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { to: SessionStatus; version?: number | undefined },
) {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, id);
    assertCommissionPlanner(actor, parties);
    if (input.version !== undefined && input.version !== session.version)
      throw conflict(`Session was changed meanwhile: you had version ${input.version}, it is now ${session.version}`);
    const approvals = await minutesApprovalsOf(trx, id);
    const next = transitionSession(session.status as SessionStatus, input.to, {
      actingParty: actor.party,
      commissionParties: parties,
      minutesApprovedBy: approvals.map((a) => a.party),
    });
    const now = isoNow(ctx);
    if (next.approve)
      await trx
        .insertInto('minutes_approval')
        .values({ session_id: id, party: actor.party, user_id: actor.userId, at: now })
        .execute();
    await trx
      .updateTable('commission_session')
      .set({ status: next.status, version: session.version + 1, updated_at: now })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, now, [
      {
        action: next.approve ? 'session.minutes_approve' : 'session.transition',
        entityType: 'commission_session',
        entityId: id,
        label: labelOf(session),
        detail: { from: session.status, to: next.status },
      },
    ]);
    const after = await findSession(trx, codec.reader(actor), id);
    if (!after) throw notFound('Session');
    return presentSession(codec, after, await minutesApprovalsOf(trx, id));
  });
}

export async function listAgenda(ctx: AppContext, actor: Actor, sessionId: string) {
  const codec = await ctx.codec();
  await sessionOf(ctx.db, ctx, actor, sessionId);
  const rows = await listAgendaItems(ctx.db, codec.reader(actor), sessionId);
  return { items: rows.map((r) => presentAgendaItem(codec, r)), nextCursor: null };
}

/**
 * Proposes the agenda of a session in preparation: what is still open from
 * earlier sessions is carried forward, each item keeping the label of what
 * it is about. Preparing again adds only what is new.
 */
export async function prepareAgenda(ctx: AppContext, actor: Actor, sessionId: string) {
  await inTransaction(ctx.db, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, sessionId);
    assertCommissionPlanner(actor, parties);
    if (session.status !== 'planned' && session.status !== 'convened')
      throw invalid(`The agenda of a session that is ${session.status} can no longer be prepared`);
    const today = todayOf(ctx);
    const open = await openBusiness(trx, session.commission_id, session.number, today);
    const existing = await trx
      .selectFrom('agenda_item')
      .select(['kind', 'action_item_id', 'activity_id', 'plan_id', 'position'])
      .where('session_id', '=', sessionId)
      .execute();
    const proposed = carryForward(
      {
        openActionItems: open.actionItems.map((a) => ({
          id: a.id,
          title: a.title,
          dueDate: a.due_date,
          sessionNumber: a.session_number,
        })),
        troubledActivities: open.activities.map((a) => ({
          id: a.id,
          refCode: a.ref_code,
          title: Object.values(JSON.parse(a.title) as Record<string, string>)[0] ?? a.ref_code,
          plannedEnd: a.planned_end,
          postponements: a.postponements,
          status: a.status,
        })),
        proposedAmendments: open.amendments.map((a) => ({ planId: a.plan_id, number: a.number, reason: a.reason ?? '' })),
        existing: existing.map((e) => ({
          kind: e.kind,
          actionItemId: e.action_item_id,
          activityId: e.activity_id,
          planId: e.plan_id,
        })),
      },
      today,
    );
    const labels = new Map<string, LabelColumns>([
      ...open.actionItems.map((a) => [a.id, labelOf(a)] as const),
      ...open.activities.map((a) => [a.id, labelOf(a)] as const),
      ...open.amendments.map((a) => [a.plan_id, labelOf(a)] as const),
    ]);
    let position = Math.max(0, ...existing.map((e) => e.position));
    const now = isoNow(ctx);
    const rows = proposed.map((p) => {
      const label = labels.get(p.actionItemId ?? p.activityId ?? p.planId ?? '') ?? labelOf(session);
      return {
        id: newId(),
        session_id: sessionId,
        position: ++position,
        kind: p.kind,
        title: p.title,
        action_item_id: p.actionItemId,
        activity_id: p.activityId,
        plan_id: p.planId,
        summary: null,
        decisions: null,
        ...label,
        version: 1,
        created_at: now,
        updated_at: now,
      };
    });
    if (rows.length) await trx.insertInto('agenda_item').values(rows).execute();
    await audit(
      trx,
      actor,
      now,
      rows.map((r) => ({
        action: 'agenda.carry_forward',
        entityType: 'agenda_item',
        entityId: r.id,
        label: labelOf(r),
        detail: { sessionId, kind: r.kind },
      })),
    );
  });
  return listAgenda(ctx, actor, sessionId);
}

export async function addAgendaItem(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  input: { title: string; classification?: Label['classification']; releasableTo?: string[]; compartments?: string[] },
) {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, sessionId);
    assertCommissionPlanner(actor, parties);
    if (session.status === 'minutes_approved') throw invalid('The minutes of this session are approved; its agenda is closed');
    const { columns } = labelFor(codec, actor, input);
    const last = await trx
      .selectFrom('agenda_item')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('session_id', '=', sessionId)
      .executeTakeFirst();
    const now = isoNow(ctx);
    const row = {
      id: newId(),
      session_id: sessionId,
      position: Number(last?.p ?? 0) + 1,
      kind: 'free',
      title: input.title,
      action_item_id: null,
      activity_id: null,
      plan_id: null,
      summary: null,
      decisions: null,
      ...columns,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('agenda_item').values(row).execute();
    await audit(trx, actor, now, [
      { action: 'agenda.add', entityType: 'agenda_item', entityId: row.id, label: columns, detail: { sessionId } },
    ]);
    return presentAgendaItem(codec, row);
  });
}

/**
 * Records the minutes of one agenda item: its summary and decisions, and the
 * action items the decisions create — shared with every commission party.
 */
export async function recordMinutes(ctx: AppContext, actor: Actor, agendaItemId: string, input: MinutesInput, ifMatch?: number) {
  const codec = await ctx.codec();
  const version = expectedVersion(input.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const item = await findAgendaItem(trx, codec.reader(actor), agendaItemId);
    if (!item) throw notFound('Agenda item');
    const { session, parties } = await sessionOf(trx, ctx, actor, item.session_id);
    assertCommissionPlanner(actor, parties);
    if (session.status !== 'convened' && session.status !== 'held')
      throw invalid(`Minutes are recorded while a session is convened or held; this one is ${session.status}`);
    if (item.version !== version)
      throw conflict(`Agenda item was changed meanwhile: you had version ${version}, it is now ${item.version}`);
    assertKnownParties(
      codec,
      input.actionItems.map((a) => a.responsibleParty),
      'actionItems.responsibleParty',
    );
    input.actionItems.forEach((a, i) => {
      if (!parties.includes(a.responsibleParty))
        throw invalid('The responsible party must be a party of the commission', [
          { path: `actionItems.${i}.responsibleParty`, message: `one of ${parties.join(', ')}` },
        ]);
    });
    const now = isoNow(ctx);
    await trx
      .updateTable('agenda_item')
      .set({ summary: input.summary, decisions: input.decisions, version: version + 1, updated_at: now })
      .where('id', '=', agendaItemId)
      .execute();
    // Decisions bind every party: their action items are released to all of them.
    const itemLabel = codec.decode(item);
    const { columns } = labelFor(codec, actor, { ...itemLabel, releasableTo: parties.filter((p) => p !== actor.party) });
    const actionItems = input.actionItems.map((a) => ({
      id: newId(),
      commission_id: session.commission_id,
      session_id: session.id,
      agenda_item_id: agendaItemId,
      title: a.title,
      responsible_party: a.responsibleParty,
      responsible_organisation: a.responsibleOrganisation,
      due_date: a.dueDate,
      status: 'open',
      closed_at: null,
      reason: null,
      activity_id: a.activityId,
      plan_id: a.planId,
      ...columns,
      version: 1,
      created_at: now,
      updated_at: now,
    }));
    if (actionItems.length) await trx.insertInto('action_item').values(actionItems).execute();
    await audit(trx, actor, now, [
      {
        action: 'agenda.minutes',
        entityType: 'agenda_item',
        entityId: agendaItemId,
        label: labelOf(item),
        detail: { actionItems: actionItems.length },
      },
      ...actionItems.map((a) => ({
        action: 'action_item.create',
        entityType: 'action_item',
        entityId: a.id,
        label: columns,
        detail: { sessionId: session.id, dueDate: a.due_date, responsibleParty: a.responsible_party },
      })),
    ]);
    const after = await findAgendaItem(trx, codec.reader(actor), agendaItemId);
    if (!after) throw notFound('Agenda item');
    return {
      agendaItem: presentAgendaItem(codec, after),
      actionItems: actionItems.map((a) => presentActionItem(codec, a, todayOf(ctx))),
    };
  });
}

export async function listActionItems(
  ctx: AppContext,
  actor: Actor,
  commissionId: string,
  q: { status?: ActionItemStatus | undefined; responsibleParty?: string | undefined; overdue?: 'true' | 'false' | undefined },
) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findCommission(ctx.db, reader, commissionId))) throw notFound('Commission');
  const today = todayOf(ctx);
  const rows = await ctx.db
    .selectFrom('action_item')
    .selectAll()
    .where('commission_id', '=', commissionId)
    .where(readableBy(reader, 'action_item'))
    .$if(q.status !== undefined, (qb) => qb.where('status', '=', q.status ?? ''))
    .$if(q.responsibleParty !== undefined, (qb) => qb.where('responsible_party', '=', q.responsibleParty ?? ''))
    .$if(q.overdue === 'true', (qb) => qb.where('status', 'in', ['open', 'in_progress']).where('due_date', '<', today))
    .$if(q.overdue === 'false', (qb) =>
      qb.where((eb) => eb.or([eb('status', 'not in', ['open', 'in_progress']), eb('due_date', '>=', today)])),
    )
    .orderBy('due_date')
    .orderBy('id')
    .execute();
  return { items: rows.map((r) => presentActionItem(codec, r, today)), nextCursor: null };
}

/** Planners and contributors of the responsible party, or planners of its owner, move an action item. */
export async function transitionActionItemStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { to: ActionItemStatus; reason?: string | undefined; version?: number | undefined },
) {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const row = await findActionItem(trx, codec.reader(actor), id);
    if (!row) throw notFound('Action item');
    const responsible = row.responsible_party === actor.party && hasRole(actor, 'planner', 'contributor');
    if (!responsible) assertCanPlan(actor, row.owner_party);
    if (input.version !== undefined && input.version !== row.version)
      throw conflict(`Action item was changed meanwhile: you had version ${input.version}, it is now ${row.version}`);
    const next = transitionActionItem(row.status as ActionItemStatus, input);
    const now = isoNow(ctx);
    const closed = next.status === 'done' || next.status === 'dropped';
    await trx
      .updateTable('action_item')
      .set({
        status: next.status,
        reason: input.reason ?? row.reason,
        closed_at: closed ? now : null,
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, now, [
      {
        action: 'action_item.transition',
        entityType: 'action_item',
        entityId: id,
        label: labelOf(row),
        detail: { from: row.status, to: next.status, reason: input.reason ?? null },
      },
    ]);
    const after = await findActionItem(trx, codec.reader(actor), id);
    if (!after) throw notFound('Action item');
    return presentActionItem(codec, after, todayOf(ctx));
  });
}
