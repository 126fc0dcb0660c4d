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

export interface ProposedAgendaItem {
  kind: AgendaKind;
  title: string;
  actionItemId: string | null;
  activityId: string | null;
  planId: string | null;
}

/**
 * The items a session's agenda proposes: every action item still open from
 * earlier sessions, every activity overdue or postponed more than once, and
 * every proposed amendment — so that nothing open is silently lost between
 * sessions. Items already on the agenda are not proposed again.
 */
export function carryForward(input: CarryForwardInput, today: string): ProposedAgendaItem[] {
  const has = (kind: string, key: (e: CarryForwardInput['existing'][number]) => string | null, id: string) =>
    input.existing.some((e) => e.kind === kind && key(e) === id);
  const actionItems = [...input.openActionItems]
    .sort((a, b) => a.sessionNumber - b.sessionNumber || a.dueDate.localeCompare(b.dueDate))
    .filter((a) => !has('action_item', (e) => e.actionItemId, a.id))
    .map((a) => ({
      kind: 'action_item' as const,
      title: `${a.title} (session ${a.sessionNumber}, due ${a.dueDate}${a.dueDate < today ? ', overdue' : ''})`,
      actionItemId: a.id,
      activityId: null,
      planId: null,
    }));
  const activities = [...input.troubledActivities]
    .sort((a, b) => a.refCode.localeCompare(b.refCode))
    .filter((a) => !has('activity', (e) => e.activityId, a.id))
    .map((a) => ({
      kind: 'activity' as const,
      title: `${a.refCode} ${a.title} (${a.postponements > 1 ? `postponed ${a.postponements} times` : `overdue since ${a.plannedEnd}`})`,
      actionItemId: null,
      activityId: a.id,
      planId: null,
    }));
  const amendments = [...input.proposedAmendments]
    .filter((a) => !input.existing.some((e) => e.kind === 'amendment' && e.planId === a.planId))
    .map((a) => ({
      kind: 'amendment' as const,
      title: `Amendment ${a.number}: ${a.reason}`,
      actionItemId: null,
      activityId: null,
      planId: a.planId,
    }));
  return [...actionItems, ...activities, ...amendments];
}
