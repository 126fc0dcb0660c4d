import type { FieldIssue } from './errors.js';
import type { PlannedPeriod } from './period.js';
import { issue, problem } from './problems.js';

export const ACTIVITY_STATUSES = ['proposed', 'planned', 'scheduled', 'conducted', 'reported', 'postponed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

/**
 * Allowed moves of an activity. Postponing gives a new period and may happen
 * again; cancelling needs a reason; conducted and reported are the outcome.
 */
export const ACTIVITY_TRANSITIONS: Record<ActivityStatus, readonly ActivityStatus[]> = {
  proposed: ['planned', 'cancelled'],
  planned: ['scheduled', 'postponed', 'cancelled'],
  scheduled: ['conducted', 'postponed', 'cancelled'],
  postponed: ['planned', 'scheduled', 'postponed', 'cancelled'],
  conducted: ['reported'],
  reported: [],
  cancelled: [],
};

export const DONE_STATUSES: readonly ActivityStatus[] = ['conducted', 'reported'];
export const CLOSED_STATUSES: readonly ActivityStatus[] = ['conducted', 'reported', 'cancelled'];

export interface ActivityState {
  status: ActivityStatus;
  plannedPeriod: PlannedPeriod;
  postponements: number;
  actualStart: string | null;
  actualEnd: string | null;
}

export interface ActivityTransition {
  to: ActivityStatus;
  reason?: string | undefined;
  plannedPeriod?: PlannedPeriod | undefined;
  actualStart?: string | undefined;
  actualEnd?: string | undefined;
}

/**
 * The body of a status-change follow-up written without a reason: the move
 * itself, in internal names. Readers are shown the move translated instead,
 * never this text (see {@link isAutomaticMoveBody}).
 */
export const automaticMoveBody = (from: string, to: string) => `${from} → ${to}`;
export const isAutomaticMoveBody = (body: string | null | undefined, from: string | null, to: string | null) =>
  !!body && !!from && !!to && body === automaticMoveBody(from, to);

/** Applies a transition or explains, in the user's terms, why it is refused. */
export function transitionActivity(state: ActivityState, t: ActivityTransition, on: string): ActivityState {
  const allowed = ACTIVITY_TRANSITIONS[state.status];
  if (!allowed.includes(t.to)) {
    const params = { activityStatus: state.status, activityStatusTo: t.to };
    const issues = [issue('to', 'activity.move_not_allowed', { activityStatus: state.status })];
    throw allowed.length
      ? problem('activity.cannot_move', { ...params, activityStatusAllowed: allowed.join(', ') }, issues)
      : problem('activity.cannot_move_final', params, issues);
  }
  switch (t.to) {
    case 'cancelled':
      if (!t.reason?.trim()) throw problem('activity.cancel_needs_reason', {}, [issue('reason', 'field.required')]);
      return { ...state, status: 'cancelled' };
    case 'postponed': {
      const next = t.plannedPeriod;
      if (!next) throw problem('activity.postpone_needs_period', {}, [issue('plannedPeriod', 'field.required')]);
      if (next.start <= state.plannedPeriod.start)
        throw problem('activity.postpone_not_later', {}, [
          issue('plannedPeriod.start', 'field.must_be_after', { date: state.plannedPeriod.start }),
        ]);
      if (!t.reason?.trim()) throw problem('activity.postpone_needs_reason', {}, [issue('reason', 'field.required')]);
      return { ...state, status: 'postponed', plannedPeriod: next, postponements: state.postponements + 1 };
    }
    case 'conducted': {
      const actualStart = t.actualStart ?? on;
      const actualEnd = t.actualEnd ?? actualStart;
      if (actualEnd < actualStart)
        throw problem('activity.ends_before_start', {}, [issue('actualEnd', 'field.before_actual_start')]);
      if (actualStart > on)
        throw problem('activity.conducted_in_future', {}, [issue('actualStart', 'field.after_today', { date: on })]);
      // Conducted is an outcome: an activity still running is scheduled, not conducted.
      if (actualEnd > on)
        throw problem('activity.conducted_before_end', {}, [issue('actualEnd', 'field.after_today', { date: on })]);
      return { ...state, status: 'conducted', actualStart, actualEnd };
    }
    default:
      return { ...state, status: t.to };
  }
}

/**
 * The moves that take an activity from `from` to `to` by its lifecycle, the
 * fewest first; empty when it is there already, null when `to` cannot be
 * reached. An import moves activities by these steps, each one a transition.
 */
export function activityMoves(from: ActivityStatus, to: ActivityStatus): ActivityStatus[] | null {
  if (from === to) return [];
  const previous = new Map<ActivityStatus, ActivityStatus>();
  const queue: ActivityStatus[] = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift())
    for (const next of ACTIVITY_TRANSITIONS[s]) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, s);
      if (next === to) {
        const path: ActivityStatus[] = [to];
        for (let p = previous.get(to); p !== undefined && p !== from; p = previous.get(p)) path.unshift(p);
        return path;
      }
      queue.push(next);
    }
  return null;
}

/** Statuses an activity in `from` can still reach by its lifecycle. */
export const reachableStatuses = (from: ActivityStatus): ActivityStatus[] =>
  ACTIVITY_STATUSES.filter((s) => s !== from && activityMoves(from, s) !== null);

/** Where an activity stands, as far as reaching another state needs to know; `created` is false for one yet to be created. */
export type StandingState = Pick<ActivityState, 'status' | 'postponements' | 'actualStart' | 'actualEnd'> & { created: boolean };

/** The state another record (an exchange file) says an activity is in, and the reasons it gives for moves. */
export interface DescribedState {
  status: ActivityStatus;
  postponements: number;
  actualStart: string | null;
  actualEnd: string | null;
  reasons: Partial<Record<ActivityStatus, string>>;
}

/**
 * The transitions that bring an activity from where it stands to a described
 * state, or why it cannot be brought there: the lifecycle does not reach that
 * status, a move lacks its reason, the postponements do not add up, or the
 * description rewrites an outcome already recorded. A postponement needs the
 * period it leaves, so an activity yet to be created cannot arrive postponed.
 */
export function movesToState(
  current: StandingState,
  target: DescribedState,
): { moves: ActivityStatus[]; problems: FieldIssue[] } {
  const from = current.status;
  const moves =
    from === 'postponed' && target.status === 'postponed' && target.postponements > current.postponements
      ? (['postponed'] as ActivityStatus[])
      : activityMoves(from, target.status);
  if (moves === null) {
    const allowed = reachableStatuses(from);
    const params = { activityStatus: from, activityStatusTo: target.status };
    return {
      moves: [],
      problems: [
        allowed.length
          ? issue('status', 'import.cannot_move', { ...params, activityStatusAllowed: allowed.join(', ') })
          : issue('status', 'import.cannot_move_final', params),
      ],
    };
  }
  const problems: FieldIssue[] = [];
  const expected = current.postponements + moves.filter((m) => m === 'postponed').length;
  if (moves.includes('postponed') && !current.created) problems.push(issue('status', 'import.new_postponed'));
  else if (target.postponements !== expected)
    problems.push(issue('postponements', 'import.postponements_mismatch', { expected }));
  for (const to of ['postponed', 'cancelled'] as const)
    if (moves.includes(to) && !target.reasons[to]?.trim())
      problems.push(issue('status', 'import.move_needs_reason', { activityStatus: to }));
  if (current.actualStart && (target.actualStart !== current.actualStart || target.actualEnd !== current.actualEnd))
    problems.push(
      issue('actualStart', 'import.actual_dates_fixed', {
        start: current.actualStart,
        end: current.actualEnd ?? current.actualStart,
      }),
    );
  return { moves, problems };
}
