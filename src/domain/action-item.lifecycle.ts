import { invalid } from './errors.js';

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
    throw invalid(
      `An action item cannot move from ${status} to ${t.to}; ${allowed.length ? `it can move to: ${allowed.join(', ')}` : 'it is final'}`,
      [{ path: 'to', message: `not allowed from ${status}` }],
    );
  if (t.to === 'dropped' && !t.reason?.trim())
    throw invalid('Dropping an action item needs a reason', [{ path: 'reason', message: 'required' }]);
  return { status: t.to };
}
