import type { ActionItemStatus } from './action-item.lifecycle.js';
import type { ActivityStatus } from './activity.lifecycle.js';
import { issue, problem } from './problems.js';
import type { SessionStatus } from './session.lifecycle.js';

/** What the agenda of a session in preparation must carry forward. */
export interface CarryForwardInput {
  openActionItems: { id: string; title: string; dueDate: string; sessionNumber: number }[];
  /** Activities of the commission's plans that are overdue, or postponed more than once. */
  troubledActivities: { id: string; refCode: string; title: string; plannedEnd: string; postponements: number; status: string }[];
  /** Amendments of the commission's plans proposed and not yet approved. */
  proposedAmendments: { planId: string; number: number; reason: string }[];
  /** What the agenda already holds, so preparing twice adds nothing twice. */
  existing: { actionItemId: string | null; activityId: string | null; planId: string | null; kind: string }[];
}

export type AgendaKind = 'action_item' | 'activity' | 'amendment' | 'free';

/**
 * Why a carried-forward item is on the agenda, as facts rather than words:
 * each reader's language builds the sentence from them around the free text
 * (the title as typed), so the same agenda reads in French, English, Arabic
 * and Hebrew.
 */
export type AgendaReference =
  | { kind: 'action_item'; sessionNumber: number; dueDate: string; overdue: boolean; status?: ActionItemStatus }
  | {
      kind: 'activity';
      refCode: string;
      plannedEnd: string;
      postponements: number;
      /** Absent from references stored before the facts were kept: such an item reads as it was carried (overdue). */
      status?: ActivityStatus;
      overdue?: boolean;
    }
  | { kind: 'amendment'; number: number };

export interface ProposedAgendaItem {
  kind: AgendaKind;
  /** The free text as typed: the action item's title, the activity's title, the amendment's reason. */
  title: string;
  reference: AgendaReference;
  actionItemId: string | null;
  activityId: string | null;
  planId: string | null;
}

/**
 * The items a session's agenda proposes: every action item still open from
 * earlier sessions, every activity overdue or postponed more than once, and
 * every proposed amendment — so that nothing open is silently lost between
 * sessions. Items already on the agenda are not proposed again; an item
 * removed from the agenda is therefore proposed again at the next preparation.
 */
export function carryForward(input: CarryForwardInput, today: string): ProposedAgendaItem[] {
  const has = (kind: string, key: (e: CarryForwardInput['existing'][number]) => string | null, id: string) =>
    input.existing.some((e) => e.kind === kind && key(e) === id);
  const actionItems = [...input.openActionItems]
    .sort((a, b) => a.sessionNumber - b.sessionNumber || a.dueDate.localeCompare(b.dueDate))
    .filter((a) => !has('action_item', (e) => e.actionItemId, a.id))
    .map(
      (a): ProposedAgendaItem => ({
        kind: 'action_item',
        title: a.title,
        reference: { kind: 'action_item', sessionNumber: a.sessionNumber, dueDate: a.dueDate, overdue: a.dueDate < today },
        actionItemId: a.id,
        activityId: null,
        planId: null,
      }),
    );
  const activities = [...input.troubledActivities]
    .sort((a, b) => a.refCode.localeCompare(b.refCode))
    .filter((a) => !has('activity', (e) => e.activityId, a.id))
    .map(
      (a): ProposedAgendaItem => ({
        kind: 'activity',
        title: a.title,
        reference: {
          kind: 'activity',
          refCode: a.refCode,
          plannedEnd: a.plannedEnd,
          postponements: a.postponements,
          status: a.status as ActivityStatus,
          overdue: a.plannedEnd < today,
        },
        actionItemId: null,
        activityId: a.id,
        planId: null,
      }),
    );
  const amendments = [...input.proposedAmendments]
    .filter((a) => !input.existing.some((e) => e.kind === 'amendment' && e.planId === a.planId))
    .map(
      (a): ProposedAgendaItem => ({
        kind: 'amendment',
        title: a.reason,
        reference: { kind: 'amendment', number: a.number },
        actionItemId: null,
        activityId: null,
        planId: a.planId,
      }),
    );
  return [...actionItems, ...activities, ...amendments];
}

/** What a carried-forward item is about, as it stands now: its activity or its action item. */
export interface AgendaFacts {
  activities: ReadonlyMap<string, { refCode: string; plannedEnd: string; postponements: number; status: ActivityStatus }>;
  actionItems: ReadonlyMap<string, { dueDate: string; status: ActionItemStatus }>;
}

const ACTIVITY_DONE: readonly ActivityStatus[] = ['conducted', 'reported', 'cancelled'];
const ACTION_ITEM_CLOSED: readonly ActionItemStatus[] = ['done', 'dropped'];

/**
 * The reference of an item recomputed from the current facts of what it is
 * about, so that an activity reported since the agenda was prepared reads
 * as reported rather than late, and an action item closed since as closed.
 * The stored reference stays when its record is gone or not given (a reader
 * who may not read it); the session number an action item came from and an
 * amendment's number do not change.
 */
export function currentReference(
  stored: AgendaReference,
  links: { activityId: string | null; actionItemId: string | null },
  facts: AgendaFacts,
  today: string,
): AgendaReference {
  if (stored.kind === 'activity') {
    const a = links.activityId ? facts.activities.get(links.activityId) : undefined;
    if (!a) return stored;
    const open = !ACTIVITY_DONE.includes(a.status);
    return { ...stored, ...a, overdue: open && a.plannedEnd < today };
  }
  if (stored.kind === 'action_item') {
    const ai = links.actionItemId ? facts.actionItems.get(links.actionItemId) : undefined;
    if (!ai) return stored;
    const open = !ACTION_ITEM_CLOSED.includes(ai.status);
    return { ...stored, dueDate: ai.dueDate, status: ai.status, overdue: open && ai.dueDate < today };
  }
  return stored;
}

/**
 * Whether an agenda's references are read from the current facts: while the
 * session is prepared (planned, convened). Once it sits, its agenda is the
 * record of what was discussed, and its references stay as they were on the
 * day it was held.
 */
export const agendaReferencesLive = (status: SessionStatus): boolean => status === 'planned' || status === 'convened';

/**
 * The message that titles a carried-forward item: a translation key and its
 * values, the same in the web app and the documents. Dates are formatted by
 * the caller, in the reader's locale. Free items have no message: their
 * title is shown as typed.
 */
export function agendaTitleMessage(
  item: { title: string; reference: AgendaReference | null },
  formatDate: (iso: string) => string,
): { key: string; values: Record<string, string | number> } | null {
  const r = item.reference;
  if (!r) return null;
  switch (r.kind) {
    case 'action_item': {
      const values = { title: item.title, session: r.sessionNumber, due: formatDate(r.dueDate) };
      if (r.status === 'done') return { key: 'agendaTitle.actionItemDone', values };
      if (r.status === 'dropped') return { key: 'agendaTitle.actionItemDropped', values };
      return { key: r.overdue ? 'agendaTitle.actionItemOverdue' : 'agendaTitle.actionItem', values };
    }
    case 'activity': {
      const ref = { refCode: r.refCode, title: item.title };
      if (r.status === 'conducted') return { key: 'agendaTitle.activityConducted', values: ref };
      if (r.status === 'reported') return { key: 'agendaTitle.activityReported', values: ref };
      if (r.status === 'cancelled') return { key: 'agendaTitle.activityCancelled', values: ref };
      if (r.postponements > 1) return { key: 'agendaTitle.activityPostponed', values: { ...ref, count: r.postponements } };
      // A reference stored without the fact was carried because the activity was late.
      return {
        key: r.overdue === false ? 'agendaTitle.activityDue' : 'agendaTitle.activityOverdue',
        values: { ...ref, date: formatDate(r.plannedEnd) },
      };
    }
    case 'amendment':
      return { key: 'agendaTitle.amendment', values: { number: r.number, reason: item.title } };
  }
}

/** The agenda can be changed until the session sits; after that it is the record of what was discussed. */
export function assertAgendaEditable(status: SessionStatus): void {
  if (status === 'planned' || status === 'convened') return;
  throw status === 'minutes_approved'
    ? problem('session.record_frozen')
    : problem('session.agenda_frozen', { sessionStatus: status });
}

/** The agenda is prepared (what is open carried forward) only before the session sits. */
export function assertAgendaPreparable(status: SessionStatus): void {
  if (status !== 'planned' && status !== 'convened') throw problem('session.agenda_not_preparable', { sessionStatus: status });
}

/** A free item may be added until the minutes are approved: a held session may still take a point raised at the table. */
export function assertAgendaTakesItems(status: SessionStatus): void {
  if (status === 'minutes_approved') throw problem('session.agenda_closed');
}

/**
 * An agenda item is changed like its agenda, until the session sits; its
 * marking alone also while the session is held, so that its owner can
 * release it to a party that must read it to approve the minutes.
 */
export function assertAgendaItemWritable(status: SessionStatus, markingOnly: boolean): void {
  if (markingOnly && status === 'held') return;
  assertAgendaEditable(status);
}

/** An item is removed from the agenda only while nothing of the minutes was written on it. */
export function assertAgendaItemRemovable(item: { summary: string | null; actionItems: number }): void {
  if (item.summary !== null || item.actionItems > 0) throw problem('agenda_item.has_minutes');
}

type AgendaSubject = { kind: AgendaKind; actionItemId: string | null; activityId: string | null; planId: string | null };

/**
 * Whether an edit changes what an item is about (its kind or a link): its
 * carried-forward facts then describe something else and are dropped; a new
 * title alone keeps them.
 */
export const agendaSubjectChanged = (before: AgendaSubject, after: AgendaSubject): boolean =>
  after.kind !== before.kind ||
  after.actionItemId !== before.actionItemId ||
  after.activityId !== before.activityId ||
  after.planId !== before.planId;

/** A session's record (dates, place, delegations) may be corrected until its minutes are approved. */
export function assertSessionRecordEditable(status: SessionStatus): void {
  if (status === 'minutes_approved') throw problem('session.record_frozen');
}

/** The links an agenda item of each kind must have, and no others. */
export function assertAgendaLinks(
  kind: AgendaKind,
  links: { actionItemId: string | null; activityId: string | null; planId: string | null },
): void {
  const needs: Record<AgendaKind, keyof typeof links | null> = {
    action_item: 'actionItemId',
    activity: 'activityId',
    amendment: 'planId',
    free: null,
  };
  const required = needs[kind];
  const issues = (Object.keys(links) as (keyof typeof links)[]).flatMap((k) => {
    if (k === required && !links[k]) return [issue(k, 'agenda.link_required', { agendaKind: kind })];
    // An activity item may name its plan too; every other link must match the kind.
    if (k !== required && links[k] && !(kind === 'activity' && k === 'planId'))
      return [issue(k, 'agenda.link_not_for_kind', { agendaKind: kind })];
    return [];
  });
  if (issues.length)
    throw required
      ? problem('agenda.links', { agendaKind: kind }, issues)
      : problem('agenda.links_nothing', { agendaKind: kind }, issues);
}

/**
 * The positions after a reorder. `visible` are the items the reader sees, in
 * their current order; `requested` must name each of them once. Items the
 * reader cannot see keep their positions; the visible ones take the visible
 * slots in the requested order, so a reorder never moves, or reveals, what
 * the reader may not read.
 */
export function reorderAgenda(visible: { id: string; position: number }[], requested: readonly string[]): Map<string, number> {
  const seen = new Set(requested);
  if (seen.size !== requested.length) {
    const repeated = [...seen].filter((id) => requested.indexOf(id) !== requested.lastIndexOf(id));
    throw problem('agenda.order_repeated', {}, [issue('itemIds', 'field.repeated', { ids: repeated.join(', ') })]);
  }
  const current = new Set(visible.map((v) => v.id));
  const missing = visible.filter((v) => !seen.has(v.id)).map((v) => v.id);
  const unknown = requested.filter((id) => !current.has(id));
  if (missing.length || unknown.length) throw problem('agenda.order_stale');
  const slots = visible.map((v) => v.position).sort((a, b) => a - b);
  return new Map(requested.map((id, i) => [id, slots[i] as number]));
}
