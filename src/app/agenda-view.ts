import { agendaReferencesLive, currentReference } from '../domain/agenda.js';
import { problem } from '../domain/problems.js';
import type { ActionItem, AgendaItem } from '../domain/session.schema.js';
import { findActionItem, readableLinks } from '../store/action-item.repo.js';
import { agendaFactsOf, findAgendaItem, listAgendaItems } from '../store/agenda.repo.js';
import type { Db } from '../store/db.js';
import type { LabelCodec } from '../store/label-codec.js';
import { type Actor, type AppContext, todayOf } from './context.js';

type Reader = ReturnType<LabelCodec['reader']>;

/** A link as the reader is shown it: null when it may not read the record. */
export const shownLink = (id: string | null, readable: Set<string>) => (id !== null && readable.has(id) ? id : null);

/** Action items as the reader sees them: links only to records it may read. */
export async function showActionItems(db: Db, reader: Reader, items: readonly ActionItem[]): Promise<ActionItem[]> {
  const readable = await readableLinks(
    db,
    reader,
    items.flatMap((i) => [i.activityId, i.planId]),
  );
  return items.map((i) => ({ ...i, activityId: shownLink(i.activityId, readable), planId: shownLink(i.planId, readable) }));
}

export const showActionItem = async (db: Db, reader: Reader, item: ActionItem) =>
  (await showActionItems(db, reader, [item]))[0] as ActionItem;

/**
 * Agenda items as the reader sees them: numbered 1..n among the items of
 * their session it may read, so that no gap counts a hidden item, and linked
 * only to records it may read.
 */
export async function showAgendaItems(
  db: Db,
  codec: LabelCodec,
  reader: Reader,
  items: readonly AgendaItem[],
  today: string,
): Promise<AgendaItem[]> {
  const ordinal = new Map<string, number>();
  for (const sessionId of new Set(items.map((i) => i.sessionId)))
    for (const [n, i] of (await listAgendaItems(db, codec, reader, sessionId)).entries()) ordinal.set(i.id, n + 1);
  const readable = await readableLinks(
    db,
    reader,
    items.flatMap((i) => [i.actionItemId, i.activityId, i.planId]),
  );
  // While the agenda is prepared, what an item says of its activity or action item is what is true now.
  const facts = await agendaFactsOf(db, items);
  return items.map((i) => {
    const links = { activityId: shownLink(i.activityId, readable), actionItemId: shownLink(i.actionItemId, readable) };
    const live = agendaReferencesLive(facts.sessionStatus.get(i.sessionId) ?? 'held');
    return {
      ...i,
      reference: live && i.reference ? currentReference(i.reference, links, facts, today) : i.reference,
      position: ordinal.get(i.id) ?? 0,
      ...links,
      planId: shownLink(i.planId, readable),
    };
  });
}

export const showAgendaItem = async (db: Db, codec: LabelCodec, reader: Reader, item: AgendaItem, today: string) =>
  (await showAgendaItems(db, codec, reader, [item], today))[0] as AgendaItem;

/** The agenda item as the actor reads it after a write of the same transaction. */
export async function agendaItemAfter(trx: Db, ctx: AppContext, actor: Actor, id: string): Promise<AgendaItem> {
  const codec = await ctx.codec();
  const after = await findAgendaItem(trx, codec, codec.reader(actor), id);
  if (!after) throw problem('agenda_item.not_found');
  return after;
}

/** The action item as the actor reads it after a write of the same transaction. */
export async function actionItemAfter(trx: Db, ctx: AppContext, actor: Actor, id: string): Promise<ActionItem> {
  const codec = await ctx.codec();
  const after = await findActionItem(trx, codec, codec.reader(actor), id, todayOf(ctx));
  if (!after) throw problem('action_item.not_found');
  return after;
}
