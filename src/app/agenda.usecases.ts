import {
  agendaSubjectChanged,
  assertAgendaEditable,
  assertAgendaItemRemovable,
  assertAgendaItemWritable,
  assertAgendaLinks,
  assertAgendaPreparable,
  assertAgendaTakesItems,
  carryForward,
  reorderAgenda,
} from '../domain/agenda.js';
import { newId } from '../domain/ids.js';
import { problem } from '../domain/problems.js';
import type { AgendaItemCreate, AgendaItemPatch } from '../domain/session.schema.js';
import { actionItemCountOf, readableLinks } from '../store/action-item.repo.js';
import {
  agendaHoldings,
  deleteAgendaItem,
  findAgendaItem,
  insertAgendaItems,
  listAgendaItems,
  type NewAgendaItem,
  openBusiness,
  updateAgendaItem as writeAgendaItem,
} from '../store/agenda.repo.js';
import type { Db } from '../store/db.js';
import { inTransaction } from '../store/tx.js';
import { assertVersion, lockIn } from '../store/versioned.js';
import { agendaItemAfter, showAgendaItem, showAgendaItems, shownLink } from './agenda-view.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { assertKnownParties, expectedVersion, labelFor, labelOfBoth } from './labels.js';
import { inRereadingTransaction, LostRace } from './lost-race.js';
import { assertCanPlan } from './policy.js';
import {
  assertCommissionPlanner,
  assertLinksInCommission,
  keptLink,
  sessionOf,
  withdrawMinutesApprovals,
} from './session-guards.js';

export async function listAgenda(ctx: AppContext, actor: Actor, sessionId: string) {
  const codec = await ctx.codec();
  await sessionOf(ctx.db, ctx, actor, sessionId);
  const reader = codec.reader(actor);
  const items = await listAgendaItems(ctx.db, codec, reader, sessionId);
  return { items: await showAgendaItems(ctx.db, codec, reader, items, todayOf(ctx)), nextCursor: null };
}

/**
 * Proposes the agenda of a session in preparation: what is still open from
 * earlier sessions is carried forward, each item keeping the label of what
 * it is about. Preparing again adds only what is new.
 */
export async function prepareAgenda(ctx: AppContext, actor: Actor, sessionId: string) {
  const codec = await ctx.codec();
  await inRereadingTransaction(ctx.db, false, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, sessionId);
    assertCommissionPlanner(actor, parties);
    assertAgendaPreparable(session.status);
    // Hold the session before reading its agenda, so that two preparations never both carry the same item.
    if (!(await lockIn(trx, 'commission_session', sessionId, session.status))) throw new LostRace('Session');
    const today = todayOf(ctx);
    const open = await openBusiness(trx, session.commissionId, session.number, today);
    const { existing, lastPosition } = await agendaHoldings(trx, sessionId);
    const proposed = carryForward(
      {
        openActionItems: open.actionItems,
        troubledActivities: open.activities,
        proposedAmendments: open.amendments,
        existing,
      },
      today,
    );
    const labels = new Map([
      ...open.actionItems.map((a) => [a.id, a.label] as const),
      ...open.activities.map((a) => [a.id, a.label] as const),
      ...open.amendments.map((a) => [a.planId, a.label] as const),
    ]);
    const now = isoNow(ctx);
    const items = proposed.map(
      (p, i): NewAgendaItem => ({
        ...p,
        id: newId(),
        sessionId,
        position: lastPosition + i + 1,
        summary: null,
        decisions: null,
        outcome: null,
        label: labels.get(p.actionItemId ?? p.activityId ?? p.planId ?? '') ?? codec.encode(session),
        createdAt: now,
      }),
    );
    await insertAgendaItems(trx, items);
    await audit(
      trx,
      actor,
      now,
      items.map((i) => ({
        action: 'agenda.carry_forward',
        entityType: 'agenda_item',
        entityId: i.id,
        label: i.label,
        detail: { sessionId, kind: i.kind },
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
    assertAgendaTakesItems(session.status);
    // Hold the session before taking the next place, so that two items added at once never share one.
    if (!(await lockIn(trx, 'commission_session', sessionId, session.status))) throw new LostRace('Session');
    // A joint session's agenda is read by every delegation unless its writer chooses a narrower label.
    const { columns } = labelFor(codec, actor, {
      classification: input.classification ?? session.classification,
      releasableTo: input.releasableTo ?? parties.filter((p) => p !== actor.party),
      compartments: input.compartments ?? session.compartments,
    });
    const { lastPosition } = await agendaHoldings(trx, sessionId);
    const now = isoNow(ctx);
    const item: NewAgendaItem = {
      id: newId(),
      sessionId,
      position: lastPosition + 1,
      kind: 'free',
      title: input.title,
      reference: null,
      actionItemId: null,
      activityId: null,
      planId: null,
      summary: null,
      decisions: null,
      outcome: null,
      label: columns,
      createdAt: now,
    };
    await insertAgendaItems(trx, [item]);
    await audit(trx, actor, now, [
      { action: 'agenda.add', entityType: 'agenda_item', entityId: item.id, label: columns, detail: { sessionId } },
    ]);
    await withdrawMinutesApprovals(trx, codec, actor, session, now);
    return showAgendaItem(trx, codec, codec.reader(actor), await agendaItemAfter(trx, ctx, actor, item.id), todayOf(ctx));
  });
}

/**
 * The agenda item, readable by the actor, with its session — writable only by
 * a commission planner while the agenda is open, or, for its marking alone,
 * until the minutes are approved.
 */
async function writableAgendaItem(trx: Db, ctx: AppContext, actor: Actor, id: string, markingOnly = false) {
  const codec = await ctx.codec();
  const item = await findAgendaItem(trx, codec, codec.reader(actor), id);
  if (!item) throw problem('agenda_item.not_found');
  const { session, parties } = await sessionOf(trx, ctx, actor, item.sessionId);
  assertCommissionPlanner(actor, parties);
  assertAgendaItemWritable(session.status, markingOnly);
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
    assertVersion('agenda_item.stale_version', item, version);
    // Only its owner marks an item: releasing it (so that every party can approve the minutes) is the owner's choice.
    if (relabel) assertCanPlan(actor, item.ownerParty);
    if (patch.releasableTo) assertKnownParties(codec, patch.releasableTo, 'releasableTo');
    // An item not relabelled keeps its stored label columns as they are.
    const relabelled = relabel ? labelFor(codec, actor, patch, item) : undefined;
    const newLabel = relabelled?.label ?? item;
    const kind = patch.kind ?? item.kind;
    const reader = codec.reader(actor);
    const readable = await readableLinks(trx, reader, [item.actionItemId, item.activityId, item.planId]);
    const links = {
      actionItemId: keptLink(patch.actionItemId, item.actionItemId, readable),
      activityId: keptLink(patch.activityId, item.activityId, readable),
      planId: keptLink(patch.planId, item.planId, readable),
    };
    assertAgendaLinks(kind, links);
    await assertLinksInCommission(trx, ctx, actor, session.commissionId, {
      actionItemId: links.actionItemId !== item.actionItemId ? links.actionItemId : null,
      activityId: links.activityId !== item.activityId ? links.activityId : null,
      planId: links.planId !== item.planId ? links.planId : null,
    });
    // As the writer saw it, so that the audit entry names no record the writer cannot read.
    const before = await showAgendaItem(trx, codec, reader, item, todayOf(ctx));
    const { version: _v, ...fields } = patch;
    const changes = changedFields(before as unknown as Record<string, unknown>, fields);
    const now = isoNow(ctx);
    const written = await writeAgendaItem(trx, id, version, {
      title: patch.title ?? item.title,
      kind,
      ...links,
      ...(agendaSubjectChanged(item, { kind, ...links }) ? { reference: null } : {}),
      ...(relabelled ? { label: relabelled.columns } : {}),
      updatedAt: now,
    });
    if (!written) throw problem('agenda_item.changed_meanwhile');
    await audit(trx, actor, now, [
      {
        action: 'agenda.update',
        entityType: 'agenda_item',
        entityId: id,
        // Readable only by who could read the item both before and after, since the entry tells both.
        label: codec.encode(labelOfBoth(item, newLabel)),
        detail: { sessionId: item.sessionId, changes },
      },
    ]);
    await withdrawMinutesApprovals(trx, codec, actor, session, now);
    return showAgendaItem(trx, codec, reader, await agendaItemAfter(trx, ctx, actor, id), todayOf(ctx));
  });
}

/**
 * Removes an item from the agenda while the session has not sat. What the
 * item was about is untouched: an open action item or a troubled activity
 * stays as it is and is proposed again at the next preparation.
 */
export async function removeAgendaItem(ctx: AppContext, actor: Actor, id: string, bodyVersion: number | undefined) {
  const version = expectedVersion(bodyVersion, undefined);
  const codec = await ctx.codec();
  await inTransaction(ctx.db, async (trx) => {
    const { item } = await writableAgendaItem(trx, ctx, actor, id);
    assertVersion('agenda_item.stale_version', item, version);
    assertAgendaItemRemovable({ summary: item.summary, actionItems: await actionItemCountOf(trx, id) });
    if (!(await deleteAgendaItem(trx, id, version))) throw problem('agenda_item.changed_meanwhile');
    // Like an edit's, the entry names only the linked records the remover could read.
    const readable = await readableLinks(trx, codec.reader(actor), [item.actionItemId, item.activityId, item.planId]);
    await audit(trx, actor, isoNow(ctx), [
      {
        action: 'agenda.remove',
        entityType: 'agenda_item',
        entityId: id,
        label: codec.encode(item),
        detail: {
          sessionId: item.sessionId,
          kind: item.kind,
          title: item.title,
          actionItemId: shownLink(item.actionItemId, readable),
          activityId: shownLink(item.activityId, readable),
          planId: shownLink(item.planId, readable),
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
    assertAgendaEditable(session.status);
    if (!(await lockIn(trx, 'commission_session', sessionId, session.status))) throw new LostRace('Session');
    const visible = await listAgendaItems(trx, codec, codec.reader(actor), sessionId);
    const positions = reorderAgenda(visible, itemIds);
    const now = isoNow(ctx);
    const moved = visible.filter((v) => positions.get(v.id) !== v.position);
    for (const v of moved) {
      const written = await writeAgendaItem(trx, v.id, v.version, { position: positions.get(v.id) as number, updatedAt: now });
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
        label: codec.encode(v),
        detail: { sessionId, from: visible.indexOf(v) + 1, to: itemIds.indexOf(v.id) + 1 },
      })),
    );
  });
  return listAgenda(ctx, actor, sessionId);
}
