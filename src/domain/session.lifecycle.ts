import type { FieldIssue } from './errors.js';
import { issue, problem } from './problems.js';

export const SESSION_STATUSES = ['planned', 'convened', 'held', 'minutes_approved'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** What the minutes say came of an agenda item: a decision, a point noted, or a point deferred to a later session. */
export const AGENDA_OUTCOMES = ['decision', 'noted', 'deferred'] as const;
export type AgendaOutcome = (typeof AGENDA_OUTCOMES)[number];

/** A session is planned, convened (agenda sent), held, and closed when every party approved its minutes. */
export const SESSION_TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  planned: ['convened'],
  convened: ['held'],
  held: ['minutes_approved'],
  minutes_approved: [],
};

export interface SessionTransitionContext {
  actingParty: string;
  commissionParties: readonly string[];
  minutesApprovedBy: readonly string[];
  /** The acting day (YYYY-MM-DD) and the session's first day: a session is not held before it starts. */
  today: string;
  startDate: string;
  /** The outcome of each agenda item the acting party can read; null where the minutes record none yet. */
  readableOutcomes: readonly (AgendaOutcome | null)[];
  /** How many agenda items the acting party cannot read. */
  unreadableItems: number;
}

export function transitionSession(
  status: SessionStatus,
  to: SessionStatus,
  ctx: SessionTransitionContext,
): { status: SessionStatus; approve: boolean } {
  if (!SESSION_TRANSITIONS[status].includes(to)) {
    const allowed = SESSION_TRANSITIONS[status];
    const params = { sessionStatus: status, sessionStatusTo: to };
    const issues = [issue('to', 'session.move_not_allowed', { sessionStatus: status })];
    throw allowed.length
      ? problem('session.cannot_move', { ...params, sessionStatusAllowed: allowed.join(', ') }, issues)
      : problem('session.cannot_move_final', params, issues);
  }
  if (to === 'held') assertSessionStarted(ctx.startDate, ctx.today, 'to');
  if (to !== 'minutes_approved') return { status: to, approve: false };
  if (!ctx.commissionParties.includes(ctx.actingParty)) throw problem('commission.not_a_party', { party: ctx.actingParty });
  if (ctx.minutesApprovedBy.includes(ctx.actingParty))
    throw problem('session.minutes_already_approved', { party: ctx.actingParty });
  assertMinutesApprovable(ctx);
  const approved = new Set([...ctx.minutesApprovedBy, ctx.actingParty]);
  return { status: ctx.commissionParties.every((p) => approved.has(p)) ? 'minutes_approved' : 'held', approve: true };
}

/**
 * A session is held on or after its first day: it is not marked held before
 * then, and a held session's first day is not moved past today.
 */
export function assertSessionStarted(startDate: string, today: string, path: 'to' | 'startDate'): void {
  if (today < startDate)
    throw problem('session.held_before_start', { startDate, today }, [
      path === 'to'
        ? issue(path, 'field.not_before', { date: startDate })
        : issue(path, 'session.held_started_by', { date: today }),
    ]);
}

/**
 * A party approves only minutes it has read in full, and only complete ones:
 * it is told how many items it cannot see (their owner must release them to
 * its party, or one of its planners cleared for them approves instead: a held
 * session's agenda no longer changes), and how many items still have no outcome.
 */
function assertMinutesApprovable(ctx: Pick<SessionTransitionContext, 'readableOutcomes' | 'unreadableItems'>): void {
  if (ctx.unreadableItems > 0)
    throw problem('session.minutes_unreadable_items', { count: ctx.unreadableItems }, [
      issue('to', 'session.unreadable_items', { count: ctx.unreadableItems }),
    ]);
  const open = ctx.readableOutcomes.filter((o) => o === null).length;
  if (open > 0)
    throw problem('session.minutes_open_items', { count: open, total: ctx.readableOutcomes.length }, [
      issue('to', 'session.items_without_outcome', { count: open }),
    ]);
}

/**
 * The outcome minutes record for an item: the one chosen, or else a decision
 * when decisions are written and a point noted when they are not. A decision
 * without decisions written says nothing, so it is refused.
 */
export function minutesOutcome(input: { outcome?: AgendaOutcome | undefined; decisions: string | null }): AgendaOutcome {
  const outcome = input.outcome ?? (input.decisions ? 'decision' : 'noted');
  if (outcome === 'decision' && !input.decisions)
    throw problem('minutes.decision_needs_text', {}, [issue('decisions', 'minutes.decisions_required')]);
  return outcome;
}

/** Minutes are recorded once the session is convened, and until they are approved. */
export function assertMinutesRecordable(status: SessionStatus): void {
  if (status !== 'convened' && status !== 'held') throw problem('minutes.session_status', { sessionStatus: status });
}

/**
 * Whether changing a session's record (its minutes, its agenda) takes back
 * the approvals of its minutes given so far: while it is held, since each
 * party approves the minutes as they stand.
 */
export const changeWithdrawsMinutesApprovals = (status: SessionStatus): boolean => status === 'held';

/** Whether a move makes the session held: its agenda is then kept as it stands that day. */
export const becomesHeld = (from: SessionStatus, to: SessionStatus): boolean => to === 'held' && from !== 'held';

/**
 * A corrected session record: its host and delegations among the
 * commission's parties, and its last day not before its first. `endDateGiven`
 * says which of the two dates the correction named, to point at it.
 */
export function assertSessionRecord(
  record: {
    hostParty?: string | undefined;
    delegations?: readonly { party: string }[] | undefined;
    startDate: string;
    endDate: string;
    endDateGiven: boolean;
  },
  commissionParties: readonly string[],
): void {
  const issues: FieldIssue[] = [];
  const oneOf = { values: commissionParties.join(', ') };
  if (record.hostParty && !commissionParties.includes(record.hostParty)) issues.push(issue('hostParty', 'field.one_of', oneOf));
  record.delegations?.forEach((d, i) => {
    if (!commissionParties.includes(d.party)) issues.push(issue(`delegations.${i}.party`, 'field.one_of', oneOf));
  });
  if (record.endDate < record.startDate)
    issues.push(issue(record.endDateGiven ? 'endDate' : 'startDate', 'session.ends_before_start'));
  if (issues.length) throw problem('session.cannot_change', {}, issues);
}
