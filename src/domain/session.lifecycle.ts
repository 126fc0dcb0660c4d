import { invalid } from './errors.js';

export const SESSION_STATUSES = ['planned', 'convened', 'held', 'minutes_approved'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A session is planned, convened (agenda sent), held, and closed when every party approved its minutes. */
export const SESSION_TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  planned: ['convened'],
  convened: ['held'],
  held: ['minutes_approved'],
  minutes_approved: [],
};

export function transitionSession(
  status: SessionStatus,
  to: SessionStatus,
  ctx: { actingParty: string; commissionParties: readonly string[]; minutesApprovedBy: readonly string[] },
): { status: SessionStatus; approve: boolean } {
  if (!SESSION_TRANSITIONS[status].includes(to)) {
    const allowed = SESSION_TRANSITIONS[status];
    throw invalid(
      `A session cannot move from ${status} to ${to}; ${allowed.length ? `it can move to: ${allowed.join(', ')}` : 'it is final'}`,
      [{ path: 'to', message: `not allowed from ${status}` }],
    );
  }
  if (to !== 'minutes_approved') return { status: to, approve: false };
  if (!ctx.commissionParties.includes(ctx.actingParty)) throw invalid(`${ctx.actingParty} is not a party of this commission`);
  if (ctx.minutesApprovedBy.includes(ctx.actingParty)) throw invalid(`${ctx.actingParty} has already approved these minutes`);
  const approved = new Set([...ctx.minutesApprovedBy, ctx.actingParty]);
  return { status: ctx.commissionParties.every((p) => approved.has(p)) ? 'minutes_approved' : 'held', approve: true };
}
