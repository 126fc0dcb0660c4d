import { issue, problem } from './problems.js';

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export const ACTION_ITEM_TRANSITIONS: Record<ActionItemStatus, readonly ActionItemStatus[]> = {
  open: ['in_progress', 'done', 'dropped'],
  in_progress: ['done', 'dropped'],
  done: [],
  dropped: [],
};

export const isActionItemOpen = (s: ActionItemStatus) => s === 'open' || s === 'in_progress';

/** Overdue is derived, never stored: still open after its due date. */
export const isOverdue = (item: { status: ActionItemStatus; dueDate: string }, today: string) =>
  isActionItemOpen(item.status) && item.dueDate < today;

export function transitionActionItem(
  status: ActionItemStatus,
  t: { to: ActionItemStatus; reason?: string | undefined },
): { status: ActionItemStatus } {
  const allowed = ACTION_ITEM_TRANSITIONS[status];
  if (!allowed.includes(t.to))
    throw allowed.length
      ? problem(
          'action_item.cannot_move',
          { actionItemStatus: status, actionItemStatusTo: t.to, actionItemStatusAllowed: allowed.join(', ') },
          [issue('to', 'action_item.move_not_allowed', { actionItemStatus: status })],
        )
      : problem('action_item.cannot_move_final', { actionItemStatus: status, actionItemStatusTo: t.to }, [
          issue('to', 'action_item.move_not_allowed', { actionItemStatus: status }),
        ]);
  if (t.to === 'dropped' && !t.reason?.trim())
    throw problem('action_item.drop_needs_reason', {}, [issue('reason', 'field.required')]);
  return { status: t.to };
}

/** A done or dropped action item is closed: it stays as it was. */
export function assertActionItemEditable(status: ActionItemStatus): void {
  if (!isActionItemOpen(status)) throw problem('action_item.closed', { actionItemStatus: status });
}

/** Who answers for an action item is one of the commission's parties. `path` names the field. */
export function assertResponsibleParty(party: string, commissionParties: readonly string[], path: string): void {
  if (!commissionParties.includes(party))
    throw problem('action_item.responsible_not_party', {}, [
      issue(path, 'field.one_of', { values: commissionParties.join(', ') }),
    ]);
}
