import type { Kysely } from 'kysely';
import type { ActionItemStatus } from '../domain/action-item.lifecycle.js';
import { isActionItemOpen, isOverdue, transitionActionItem } from '../domain/action-item.lifecycle.js';
import {
  type AgendaKind,
  type AgendaReference,
  agendaReferencesLive,
  assertAgendaEditable,
  assertAgendaLinks,
  assertSessionRecordEditable,
  carryForward,
  currentReference,
  reorderAgenda,
} from '../domain/agenda.js';
import type { SessionPatch } from '../domain/commission.schema.js';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { Label } from '../domain/labels.js';
import { issue, problem } from '../domain/problems.js';
import {
  type AgendaOutcome,
  assertSessionStarted,
  minutesOutcome,
  type SessionStatus,
  transitionSession,
} from '../domain/session.lifecycle.js';
import type {
  ActionItem,
  ActionItemPatch,
  AgendaItem,
  AgendaItemCreate,
  AgendaItemPatch,
  MinutesInput,
} from '../domain/session.schema.js';
import { readableBy, type StoreReader } from '../store/access.js';
import { findActivity } from '../store/activity.repo.js';
import { findCommission, findSession } from '../store/commission.repo.js';
import type { ActionItemTable, AgendaItemTable, Database, LabelColumns } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findPlan } from '../store/plan.repo.js';
import {
  actionItemCountOf,
  agendaFactsOf,
  allAgendaItemsOf,
  deleteAgendaItemRow,
  findActionItem,
  findAgendaItem,
  keepAgendaReferences,
  listAgendaItems,
  minutesApprovalsOf,
  openBusiness,
  updateActionItemRow,
  updateAgendaItemRow,
  updateSessionRow,
  withdrawMinutesApprovalRows,
} from '../store/session.repo.js';
import { inTransaction } from '../store/tx.js';
import { lockIn } from '../store/versioned.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { assertKnownParties, expectedVersion, labelFor, labelOfBoth } from './labels.js';
import { inRereadingTransaction, LostRace } from './lost-race.js';
import { askOwnersToRelease } from './minutes-blockers.js';
import { assertCanEditActionItem, assertCanPlan, hasRole } from './policy.js';
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
  reference: r.reference ? (JSON.parse(r.reference) as AgendaReference) : null,
  actionItemId: r.action_item_id,
  activityId: r.activity_id,
  planId: r.plan_id,
  summary: r.summary,
  decisions: r.decisions,
  outcome: r.outcome as AgendaOutcome | null,
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

/**
 * The ids among `ids` of records the reader may read. A link to any other is
 * shown as null, as the export does: its id alone would tell that it exists.
 */
async function readableIds(db: Kysely<Database>, reader: StoreReader, ids: (string | null)[]): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Set();
  const tables = ['activity', 'work_plan', 'action_item'] as const;
  const found = await Promise.all(
    tables.map((t) => db.selectFrom(t).select('id').where('id', 'in', wanted).where(readableBy(reader, t)).execute()),
  );
  return new Set(found.flat().map((r) => r.id));
}

const shownLink = (id: string | null, readable: Set<string>) => (id !== null && readable.has(id) ? id : null);

/** Action items as the reader sees them: links only to records it may read. */
async function showActionItems(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  rows: ActionItemTable[],
  today: string,
) {
  const readable = await readableIds(
    db,
    reader,
    rows.flatMap((r) => [r.activity_id, r.plan_id]),
  );
  return rows.map((r) => ({
    ...presentActionItem(codec, r, today),
    activityId: shownLink(r.activity_id, readable),
    planId: shownLink(r.plan_id, readable),
  }));
}

/**
 * Agenda items as the reader sees them: numbered 1..n among the items of
 * their session it may read, so that no gap counts a hidden item, and linked
 * only to records it may read.
 */
async function showAgendaItems(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  rows: AgendaItemTable[],
  today: string,
) {
  const ordinal = new Map<string, number>();
  for (const sessionId of new Set(rows.map((r) => r.session_id)))
    (await listAgendaItems(db, reader, sessionId)).forEach((r, i) => ordinal.set(r.id, i + 1));
  const readable = await readableIds(
    db,
    reader,
    rows.flatMap((r) => [r.action_item_id, r.activity_id, r.plan_id]),
  );
  // While the agenda is prepared, what an item says of its activity or action item is what is true now.
  const facts = await agendaFactsOf(db, rows);
  return rows.map((r) => ({
    ...presentAgendaItem(codec, r),
    ...(agendaReferencesLive(facts.sessionStatus.get(r.session_id) ?? 'held') && r.reference
      ? {
          reference: currentReference(
            JSON.parse(r.reference) as AgendaReference,
            { activityId: shownLink(r.activity_id, readable), actionItemId: shownLink(r.action_item_id, readable) },
            facts,
            today,
          ),
        }
      : {}),
    position: ordinal.get(r.id) ?? 0,
    actionItemId: shownLink(r.action_item_id, readable),
    activityId: shownLink(r.activity_id, readable),
    planId: shownLink(r.plan_id, readable),
  }));
}

const showAgendaItem = async (
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  row: AgendaItemTable,
  today: string,
) => (await showAgendaItems(db, codec, reader, [row], today))[0] as AgendaItem;

/**
 * Keeps, on the day a session is held, what its agenda's items said of their
 * activities and action items: from then on the agenda is the record of
 * what was discussed, and reads as it stood that day.
 */
async function keepAgendaAsHeld(trx: Kysely<Database>, sessionId: string, today: string) {
  const rows = (await allAgendaItemsOf(trx, sessionId)).filter((r) => r.reference !== null);
  const facts = await agendaFactsOf(trx, rows);
  await keepAgendaReferences(
    trx,
    rows.map((r) => ({
      id: r.id,
      reference: JSON.stringify(
        currentReference(
          JSON.parse(r.reference as string) as AgendaReference,
          { activityId: r.activity_id, actionItemId: r.action_item_id },
          facts,
          today,
        ),
      ),
    })),
  );
}

/**
 * The link an edit leaves: a link the writer was shown as null, because it
 * may not read its record, stays as it is when the edit sends that null back;
 * nobody unlinks what they cannot see.
 */
const keptLink = (patched: string | null | undefined, stored: string | null, readable: Set<string>) =>
  patched === undefined || (patched === null && stored !== null && !readable.has(stored)) ? stored : patched;

/** The session, readable by the actor, and the parties of its commission. */
async function sessionOf(db: Kysely<Database>, ctx: AppContext, actor: Actor, sessionId: string) {
  const codec = await ctx.codec();
  const session = await findSession(db, codec.reader(actor), sessionId);
  if (!session) throw problem('session.not_found');
  return { session, parties: await commissionParties(db, session.commission_id) };
}

async function commissionParties(db: Kysely<Database>, commissionId: string): Promise<string[]> {
  const commission = await db.selectFrom('commission').select('parties').where('id', '=', commissionId).executeTakeFirstOrThrow();
  return JSON.parse(commission.parties) as string[];
}

function assertCommissionPlanner(actor: Actor, parties: string[]) {
  assertCanPlan(actor, actor.party);
  if (!parties.includes(actor.party)) throw problem('commission.not_a_party', { party: actor.party });
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
  const moved = inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, id);
    assertCommissionPlanner(actor, parties);
    if (input.version !== undefined && input.version !== session.version)
      throw problem('session.stale_version', { had: input.version, now: session.version });
    const now = isoNow(ctx);
    // Claim the version before reading the approvals: a party approving at the same moment waits, then loses its claim.
    if (!(await updateSessionRow(trx, id, session.version, { updated_at: now }))) throw new LostRace('Session');
    const approvals = await minutesApprovalsOf(trx, id);
    // Read after the claim, so that minutes recorded at the same moment are either seen here or wait for this approval.
    const agenda = input.to === 'minutes_approved' ? await agendaAsSeenBy(trx, codec.reader(actor), id) : undefined;
    const next = transitionSession(session.status as SessionStatus, input.to, {
      actingParty: actor.party,
      commissionParties: parties,
      minutesApprovedBy: approvals.map((a) => a.party),
      today: todayOf(ctx),
      startDate: session.start_date,
      readableOutcomes: agenda?.readable.map((r) => r.outcome as AgendaOutcome | null) ?? [],
      unreadableItems: agenda?.unreadable ?? 0,
    });
    if (next.approve)
      await trx
        .insertInto('minutes_approval')
        .values({ session_id: id, party: actor.party, user_id: actor.userId, at: now })
        .execute();
    await trx.updateTable('commission_session').set({ status: next.status }).where('id', '=', id).execute();
    if (next.status === 'held' && session.status !== 'held') await keepAgendaAsHeld(trx, id, todayOf(ctx));
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
    if (!after) throw problem('session.not_found');
    return presentSession(codec, after, await minutesApprovalsOf(trx, id));
  });
  // A refused approval of minutes with items the party cannot read asks their owners to release or remove them.
  if (input.to !== 'minutes_approved') return moved;
  return moved.catch(async (err: unknown) => {
    if (err instanceof DomainError && err.kind === 'invalid') await askOwnersToRelease(ctx, actor, id);
    throw err;
  });
}

/**
 * The agenda items of a session the reader may read, and how many others it
 * holds. The count is told on purpose, to a party about to approve minutes:
 * approving a record it has not read in full would be worse than knowing that
 * some of it is hidden. Nothing else of those items is told.
 */
async function agendaAsSeenBy(db: Kysely<Database>, reader: StoreReader, sessionId: string) {
  const readable = await listAgendaItems(db, reader, sessionId);
  const all = await db
    .selectFrom('agenda_item')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return { readable, unreadable: Number(all.n) - readable.length };
}

/**
 * Changing the record of a held session (its minutes, its agenda) withdraws
 * the approvals of its minutes given so far: each party approves the minutes
 * as they stand. Runs in the transaction of the change, after the session
 * row is held, so a refused change withdraws nothing.
 */
async function withdrawMinutesApprovals(
  trx: Kysely<Database>,
  actor: Actor,
  session: LabelColumns & { id: string; status: string },
  at: string,
) {
  if (session.status !== 'held') return;
  const parties = await withdrawMinutesApprovalRows(trx, session.id);
  if (parties.length === 0) return;
  await audit(trx, actor, at, [
    {
      action: 'session.minutes_approvals_withdrawn',
      entityType: 'commission_session',
      entityId: session.id,
      label: labelOf(session),
      detail: { parties },
    },
  ]);
}

export async function listAgenda(ctx: AppContext, actor: Actor, sessionId: string) {
  const codec = await ctx.codec();
  await sessionOf(ctx.db, ctx, actor, sessionId);
  const reader = codec.reader(actor);
  const rows = await listAgendaItems(ctx.db, reader, sessionId);
  return { items: await showAgendaItems(ctx.db, codec, reader, rows, todayOf(ctx)), nextCursor: null };
}

/**
 * Proposes the agenda of a session in preparation: what is still open from
 * earlier sessions is carried forward, each item keeping the label of what
 * it is about. Preparing again adds only what is new.
 */
export async function prepareAgenda(ctx: AppContext, actor: Actor, sessionId: string) {
  await inRereadingTransaction(ctx.db, false, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, sessionId);
    assertCommissionPlanner(actor, parties);
    if (session.status !== 'planned' && session.status !== 'convened')
      throw problem('session.agenda_not_preparable', { sessionStatus: session.status });
    // Hold the session before reading its agenda, so that two preparations never both carry the same item.
    if (!(await lockIn(trx, 'commission_session', sessionId, session.status))) throw new LostRace('Session');
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
        reference: JSON.stringify(p.reference),
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

export async function addAgendaItem(ctx: AppContext, actor: Actor, sessionId: string, input: AgendaItemCreate) {
  const codec = await ctx.codec();
  return inRereadingTransaction(ctx.db, false, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, sessionId);
    assertCommissionPlanner(actor, parties);
    if (session.status === 'minutes_approved') throw problem('session.agenda_closed');
    // Hold the session before taking the next place, so that two items added at once never share one.
    if (!(await lockIn(trx, 'commission_session', sessionId, session.status))) throw new LostRace('Session');
    // A joint session's agenda is read by every delegation unless its writer chooses a narrower label.
    const sessionLabel = codec.decode(session);
    const { columns } = labelFor(codec, actor, {
      classification: input.classification ?? sessionLabel.classification,
      releasableTo: input.releasableTo ?? parties.filter((p) => p !== actor.party),
      compartments: input.compartments ?? sessionLabel.compartments,
    });
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
      reference: null,
      action_item_id: null,
      activity_id: null,
      plan_id: null,
      summary: null,
      decisions: null,
      outcome: null,
      ...columns,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('agenda_item').values(row).execute();
    await audit(trx, actor, now, [
      { action: 'agenda.add', entityType: 'agenda_item', entityId: row.id, label: columns, detail: { sessionId } },
    ]);
    await withdrawMinutesApprovals(trx, actor, session, now);
    return showAgendaItem(trx, codec, codec.reader(actor), row, todayOf(ctx));
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
    if (!item) throw problem('agenda_item.not_found');
    const { session, parties } = await sessionOf(trx, ctx, actor, item.session_id);
    assertCommissionPlanner(actor, parties);
    if (session.status !== 'convened' && session.status !== 'held')
      throw problem('minutes.session_status', { sessionStatus: session.status });
    // Hold the session in that status until this commits: approving its minutes at the same moment waits.
    if (!(await lockIn(trx, 'commission_session', session.id, session.status))) throw new LostRace('Session');
    if (item.version !== version) throw problem('agenda_item.stale_version', { had: version, now: item.version });
    assertKnownParties(
      codec,
      input.actionItems.map((a) => a.responsibleParty),
      'actionItems.responsibleParty',
    );
    input.actionItems.forEach((a, i) => {
      if (!parties.includes(a.responsibleParty))
        throw problem('action_item.responsible_not_party', {}, [
          issue(`actionItems.${i}.responsibleParty`, 'field.one_of', { values: parties.join(', ') }),
        ]);
    });
    // An action item links only to what its writer may read, or a hidden id would answer unlike a missing one.
    for (const [i, a] of input.actionItems.entries())
      await assertLinksInCommission(trx, codec.reader(actor), session.commission_id, a, `actionItems.${i}.`);
    const outcome = minutesOutcome(input);
    const now = isoNow(ctx);
    const written = await updateAgendaItemRow(trx, agendaItemId, version, {
      summary: input.summary,
      decisions: input.decisions,
      outcome,
      updated_at: now,
    });
    if (!written) throw problem('agenda_item.changed_meanwhile');
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
        detail: { outcome, actionItems: actionItems.length },
      },
      ...actionItems.map((a) => ({
        action: 'action_item.create',
        entityType: 'action_item',
        entityId: a.id,
        label: columns,
        detail: { sessionId: session.id, dueDate: a.due_date, responsibleParty: a.responsible_party },
      })),
    ]);
    await withdrawMinutesApprovals(trx, actor, session, now);
    const after = await findAgendaItem(trx, codec.reader(actor), agendaItemId);
    if (!after) throw problem('agenda_item.not_found');
    return {
      agendaItem: await showAgendaItem(trx, codec, codec.reader(actor), after, todayOf(ctx)),
      actionItems: await showActionItems(trx, codec, codec.reader(actor), actionItems, todayOf(ctx)),
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
  if (!(await findCommission(ctx.db, reader, commissionId))) throw problem('commission.not_found');
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
  return { items: await showActionItems(ctx.db, codec, reader, rows, today), nextCursor: null };
}

/** Planners and contributors of the responsible party, or planners of its owner, move an action item. */
export async function transitionActionItemStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { to: ActionItemStatus; reason?: string | undefined; version?: number | undefined },
) {
  const codec = await ctx.codec();
  return inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const row = await findActionItem(trx, codec.reader(actor), id);
    if (!row) throw problem('action_item.not_found');
    const responsible = row.responsible_party === actor.party && hasRole(actor, 'planner', 'contributor');
    if (!responsible) assertCanPlan(actor, row.owner_party);
    if (input.version !== undefined && input.version !== row.version)
      throw problem('action_item.stale_version', { had: input.version, now: row.version });
    const next = transitionActionItem(row.status as ActionItemStatus, input);
    const now = isoNow(ctx);
    const closed = next.status === 'done' || next.status === 'dropped';
    const written = await updateActionItemRow(trx, id, row.version, {
      status: next.status,
      reason: input.reason ?? row.reason,
      closed_at: closed ? now : null,
      updated_at: now,
    });
    if (!written) throw new LostRace('Action item');
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
    if (!after) throw problem('action_item.not_found');
    return (await showActionItems(trx, codec, codec.reader(actor), [after], todayOf(ctx)))[0] as ActionItem;
  });
}

/**
 * The records an agenda item or action item may link to: readable by the
 * actor and part of the same commission. One that is not answers as a bad
 * field, never revealing whether it exists elsewhere.
 */
async function assertLinksInCommission(
  trx: Kysely<Database>,
  reader: ReturnType<LabelCodec['reader']>,
  commissionId: string,
  links: { actionItemId?: string | null | undefined; activityId?: string | null | undefined; planId?: string | null | undefined },
  at = '',
) {
  const issues: FieldIssue[] = [];
  if (links.actionItemId) {
    const a = await findActionItem(trx, reader, links.actionItemId);
    if (a?.commission_id !== commissionId) issues.push(issue(`${at}actionItemId`, 'agenda.no_such_action_item'));
  }
  if (links.activityId) {
    const a = await findActivity(trx, reader, links.activityId);
    const plan = a ? await findPlan(trx, reader, a.plan_id) : undefined;
    if (plan?.commission_id !== commissionId) issues.push(issue(`${at}activityId`, 'agenda.no_such_activity'));
  }
  if (links.planId) {
    const p = await findPlan(trx, reader, links.planId);
    if (p?.commission_id !== commissionId) issues.push(issue(`${at}planId`, 'agenda.no_such_plan'));
  }
  if (issues.length) throw problem('agenda.link_not_in_commission', {}, issues);
}

/**
 * Corrects a session record — dates, place, host, delegations — until its
 * minutes are approved; then the record is frozen.
 */
export async function updateSession(ctx: AppContext, actor: Actor, id: string, patch: SessionPatch, ifMatch?: number) {
  const codec = await ctx.codec();
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, id);
    assertCommissionPlanner(actor, parties);
    assertSessionRecordEditable(session.status as SessionStatus);
    if (session.version !== version) throw problem('session.stale_version', { had: version, now: session.version });
    const issues: FieldIssue[] = [];
    const oneOf = { values: parties.join(', ') };
    if (patch.hostParty && !parties.includes(patch.hostParty)) issues.push(issue('hostParty', 'field.one_of', oneOf));
    patch.delegations?.forEach((d, i) => {
      if (!parties.includes(d.party)) issues.push(issue(`delegations.${i}.party`, 'field.one_of', oneOf));
    });
    const startDate = patch.startDate ?? session.start_date;
    const endDate = patch.endDate ?? session.end_date;
    if (endDate < startDate) issues.push(issue(patch.endDate ? 'endDate' : 'startDate', 'session.ends_before_start'));
    if (issues.length) throw problem('session.cannot_change', {}, issues);
    if (session.status === 'held') assertSessionStarted(startDate, todayOf(ctx), 'startDate');
    const before = presentSession(codec, session);
    const { version: _v, ...fields } = patch;
    const changes = changedFields(before as unknown as Record<string, unknown>, fields);
    const now = isoNow(ctx);
    const written = await updateSessionRow(trx, id, version, {
      start_date: startDate,
      end_date: endDate,
      place: patch.place ?? session.place,
      host_party: patch.hostParty ?? session.host_party,
      delegations: patch.delegations ? JSON.stringify(patch.delegations) : session.delegations,
      updated_at: now,
    });
    if (!written) throw problem('session.changed_meanwhile');
    await audit(trx, actor, now, [
      { action: 'session.update', entityType: 'commission_session', entityId: id, label: labelOf(session), detail: { changes } },
    ]);
    const after = await findSession(trx, codec.reader(actor), id);
    if (!after) throw problem('session.not_found');
    return presentSession(codec, after, await minutesApprovalsOf(trx, id));
  });
}

/**
 * The agenda item, readable by the actor, with its session — writable only by
 * a commission planner while the agenda is open, or, for its marking alone,
 * until the minutes are approved.
 */
async function writableAgendaItem(trx: Kysely<Database>, ctx: AppContext, actor: Actor, id: string, markingOnly = false) {
  const codec = await ctx.codec();
  const item = await findAgendaItem(trx, codec.reader(actor), id);
  if (!item) throw problem('agenda_item.not_found');
  const { session, parties } = await sessionOf(trx, ctx, actor, item.session_id);
  assertCommissionPlanner(actor, parties);
  if (!(markingOnly && session.status === 'held')) assertAgendaEditable(session.status as SessionStatus);
  // Hold the session in that status until the edit commits: a session moving on at the same moment waits.
  if (!(await lockIn(trx, 'commission_session', session.id, session.status))) throw new LostRace('Session');
  return { item, session };
}

/**
 * Changes an agenda item's title, kind or links while the session has not
 * sat. Changing what it is about drops the facts it was carried forward
 * with; changing only the title keeps them.
 */
export async function updateAgendaItem(ctx: AppContext, actor: Actor, id: string, patch: AgendaItemPatch, ifMatch?: number) {
  const codec = await ctx.codec();
  const version = expectedVersion(patch.version, ifMatch);
  const relabel = patch.classification !== undefined || patch.releasableTo !== undefined || patch.compartments !== undefined;
  const reworded = [patch.title, patch.kind, patch.actionItemId, patch.activityId, patch.planId].some((v) => v !== undefined);
  return inTransaction(ctx.db, async (trx) => {
    const { item, session } = await writableAgendaItem(trx, ctx, actor, id, relabel && !reworded);
    if (item.version !== version) throw problem('agenda_item.stale_version', { had: version, now: item.version });
    // Only its owner marks an item: releasing it (so that every party can approve the minutes) is the owner's choice.
    if (relabel) assertCanPlan(actor, item.owner_party);
    if (patch.releasableTo) assertKnownParties(codec, patch.releasableTo, 'releasableTo');
    const oldLabel = codec.decode(item);
    const { label: newLabel, columns } = relabel
      ? labelFor(codec, actor, patch, oldLabel)
      : { label: oldLabel, columns: labelOf(item) };
    const kind = patch.kind ?? (item.kind as AgendaKind);
    const reader = codec.reader(actor);
    const readable = await readableIds(trx, reader, [item.action_item_id, item.activity_id, item.plan_id]);
    const links = {
      actionItemId: keptLink(patch.actionItemId, item.action_item_id, readable),
      activityId: keptLink(patch.activityId, item.activity_id, readable),
      planId: keptLink(patch.planId, item.plan_id, readable),
    };
    assertAgendaLinks(kind, links);
    await assertLinksInCommission(trx, codec.reader(actor), session.commission_id, {
      actionItemId: links.actionItemId !== item.action_item_id ? links.actionItemId : null,
      activityId: links.activityId !== item.activity_id ? links.activityId : null,
      planId: links.planId !== item.plan_id ? links.planId : null,
    });
    // As the writer saw it, so that the audit entry names no record the writer cannot read.
    const before = await showAgendaItem(trx, codec, reader, item, todayOf(ctx));
    const { version: _v, ...fields } = patch;
    const changes = changedFields(before as unknown as Record<string, unknown>, fields);
    const about =
      kind !== item.kind ||
      links.actionItemId !== item.action_item_id ||
      links.activityId !== item.activity_id ||
      links.planId !== item.plan_id;
    const now = isoNow(ctx);
    const written = await updateAgendaItemRow(trx, id, version, {
      title: patch.title ?? item.title,
      kind,
      action_item_id: links.actionItemId,
      activity_id: links.activityId,
      plan_id: links.planId,
      ...(about ? { reference: null } : {}),
      ...columns,
      updated_at: now,
    });
    if (!written) throw problem('agenda_item.changed_meanwhile');
    await audit(trx, actor, now, [
      {
        action: 'agenda.update',
        entityType: 'agenda_item',
        entityId: id,
        // Readable only by who could read the item both before and after, since the entry tells both.
        label: codec.encode(labelOfBoth(oldLabel, newLabel)),
        detail: { sessionId: item.session_id, changes },
      },
    ]);
    await withdrawMinutesApprovals(trx, actor, session, now);
    const after = await findAgendaItem(trx, codec.reader(actor), id);
    if (!after) throw problem('agenda_item.not_found');
    return showAgendaItem(trx, codec, codec.reader(actor), after, todayOf(ctx));
  });
}

/**
 * Removes an item from the agenda while the session has not sat. What the
 * item was about is untouched: an open action item or a troubled activity
 * stays as it is and is proposed again at the next preparation.
 */
export async function removeAgendaItem(ctx: AppContext, actor: Actor, id: string, bodyVersion: number | undefined) {
  const version = expectedVersion(bodyVersion, undefined);
  await inTransaction(ctx.db, async (trx) => {
    const { item } = await writableAgendaItem(trx, ctx, actor, id);
    if (item.version !== version) throw problem('agenda_item.stale_version', { had: version, now: item.version });
    if (item.summary !== null || (await actionItemCountOf(trx, id)) > 0) throw problem('agenda_item.has_minutes');
    if (!(await deleteAgendaItemRow(trx, id, version))) throw problem('agenda_item.changed_meanwhile');
    // Like an edit's, the entry names only the linked records the remover could read.
    const links = [item.action_item_id, item.activity_id, item.plan_id];
    const readable = await readableIds(trx, (await ctx.codec()).reader(actor), links);
    await audit(trx, actor, isoNow(ctx), [
      {
        action: 'agenda.remove',
        entityType: 'agenda_item',
        entityId: id,
        label: labelOf(item),
        detail: {
          sessionId: item.session_id,
          kind: item.kind,
          title: item.title,
          actionItemId: shownLink(item.action_item_id, readable),
          activityId: shownLink(item.activity_id, readable),
          planId: shownLink(item.plan_id, readable),
        },
      },
    ]);
  });
}

/**
 * Puts the agenda items the actor can read in a new order. Items the actor
 * cannot read keep their places; an order that does not name exactly the
 * items now on the agenda is stale (409).
 */
export async function reorderAgendaItems(ctx: AppContext, actor: Actor, sessionId: string, itemIds: string[]) {
  const codec = await ctx.codec();
  await inTransaction(ctx.db, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, sessionId);
    assertCommissionPlanner(actor, parties);
    assertAgendaEditable(session.status as SessionStatus);
    if (!(await lockIn(trx, 'commission_session', sessionId, session.status))) throw new LostRace('Session');
    const visible = await listAgendaItems(trx, codec.reader(actor), sessionId);
    const positions = reorderAgenda(visible, itemIds);
    const now = isoNow(ctx);
    const moved = visible.filter((v) => positions.get(v.id) !== v.position);
    for (const v of moved) {
      const written = await updateAgendaItemRow(trx, v.id, v.version, {
        position: positions.get(v.id) as number,
        updated_at: now,
      });
      if (!written) throw problem('agenda.changed_meanwhile');
    }
    await audit(
      trx,
      actor,
      now,
      // Told as the mover saw them, 1..n: stored places would count items the mover cannot read.
      moved.map((v) => ({
        action: 'agenda.move',
        entityType: 'agenda_item',
        entityId: v.id,
        label: labelOf(v),
        detail: { sessionId, from: visible.indexOf(v) + 1, to: itemIds.indexOf(v.id) + 1 },
      })),
    );
  });
  return listAgenda(ctx, actor, sessionId);
}

/**
 * Corrects an action item: its title, who is responsible, when it is due,
 * what it is linked to. A done or dropped item is closed and stays as it was.
 */
export async function updateActionItem(ctx: AppContext, actor: Actor, id: string, patch: ActionItemPatch, ifMatch?: number) {
  const codec = await ctx.codec();
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const reader = codec.reader(actor);
    const row = await findActionItem(trx, reader, id);
    if (!row) throw problem('action_item.not_found');
    assertCanEditActionItem(actor, { ownerParty: row.owner_party, responsibleParty: row.responsible_party });
    if (!isActionItemOpen(row.status as ActionItemStatus)) throw problem('action_item.closed', { actionItemStatus: row.status });
    if (row.version !== version) throw problem('action_item.stale_version', { had: version, now: row.version });
    if (patch.responsibleParty) {
      assertKnownParties(codec, [patch.responsibleParty], 'responsibleParty');
      // The actor may read the action item without reading its session: the commission's parties come from the commission.
      const parties = await commissionParties(trx, row.commission_id);
      if (!parties.includes(patch.responsibleParty))
        throw problem('action_item.responsible_not_party', {}, [
          issue('responsibleParty', 'field.one_of', { values: parties.join(', ') }),
        ]);
    }
    const readable = await readableIds(trx, reader, [row.activity_id, row.plan_id]);
    const links = {
      activityId: keptLink(patch.activityId, row.activity_id, readable),
      planId: keptLink(patch.planId, row.plan_id, readable),
    };
    await assertLinksInCommission(trx, reader, row.commission_id, {
      activityId: links.activityId !== row.activity_id ? links.activityId : null,
      planId: links.planId !== row.plan_id ? links.planId : null,
    });
    const today = todayOf(ctx);
    // As the writer saw it, so that the audit entry names no record the writer cannot read.
    const [before] = await showActionItems(trx, codec, reader, [row], today);
    const { version: _v, ...fields } = patch;
    const changes = changedFields(before as unknown as Record<string, unknown>, fields);
    const now = isoNow(ctx);
    const written = await updateActionItemRow(trx, id, version, {
      title: patch.title ?? row.title,
      responsible_party: patch.responsibleParty ?? row.responsible_party,
      responsible_organisation:
        patch.responsibleOrganisation !== undefined ? patch.responsibleOrganisation : row.responsible_organisation,
      due_date: patch.dueDate ?? row.due_date,
      activity_id: links.activityId,
      plan_id: links.planId,
      updated_at: now,
    });
    if (!written) throw problem('action_item.changed_meanwhile');
    await audit(trx, actor, now, [
      { action: 'action_item.update', entityType: 'action_item', entityId: id, label: labelOf(row), detail: { changes } },
    ]);
    const after = await findActionItem(trx, reader, id);
    if (!after) throw problem('action_item.not_found');
    return (await showActionItems(trx, codec, reader, [after], today))[0] as ActionItem;
  });
}
