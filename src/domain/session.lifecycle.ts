import { invalid } from './errors.js';

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
    throw invalid(
      `A session cannot move from ${status} to ${to}; ${allowed.length ? `it can move to: ${allowed.join(', ')}` : 'it is final'}`,
      [{ path: 'to', message: `not allowed from ${status}` }],
    );
  }
  if (to === 'held') assertSessionStarted(ctx.startDate, ctx.today, 'to');
  if (to !== 'minutes_approved') return { status: to, approve: false };
  if (!ctx.commissionParties.includes(ctx.actingParty)) throw invalid(`${ctx.actingParty} is not a party of this commission`);
  if (ctx.minutesApprovedBy.includes(ctx.actingParty)) throw invalid(`${ctx.actingParty} has already approved these minutes`);
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
    throw invalid(`A session is held on or after its first day, ${startDate}; today is ${today}`, [
      { path, message: path === 'to' ? `not before ${startDate}` : `a held session started on or before ${today}` },
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
    throw invalid(
      `${ctx.unreadableItems} agenda item(s) of these minutes are not releasable to you: their owner must release them to your party, or a planner of your party cleared for them must approve`,
      [{ path: 'to', message: `${ctx.unreadableItems} agenda item(s) you cannot read` }],
    );
  const open = ctx.readableOutcomes.filter((o) => o === null).length;
  if (open > 0)
    throw invalid(
      `${open} of ${ctx.readableOutcomes.length} agenda item(s) have no outcome yet: record a decision, a point noted or a point deferred for each before approving the minutes`,
      [{ path: 'to', message: `${open} agenda item(s) without an outcome` }],
    );
}

/**
 * The outcome minutes record for an item: the one chosen, or else a decision
 * when decisions are written and a point noted when they are not. A decision
 * without decisions written says nothing, so it is refused.
 */
export function minutesOutcome(input: { outcome?: AgendaOutcome | undefined; decisions: string | null }): AgendaOutcome {
  const outcome = input.outcome ?? (input.decisions ? 'decision' : 'noted');
  if (outcome === 'decision' && !input.decisions)
    throw invalid('A decision needs its decisions written', [
      { path: 'decisions', message: 'required for the outcome decision' },
    ]);
  return outcome;
}
