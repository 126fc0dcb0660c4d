import { assertSessionRecordEditable, currentReference } from '../domain/agenda.js';
import type { SessionPatch } from '../domain/commission.schema.js';
import { DomainError } from '../domain/errors.js';
import { problem } from '../domain/problems.js';
import {
  assertSessionRecord,
  assertSessionStarted,
  becomesHeld,
  type SessionStatus,
  transitionSession,
} from '../domain/session.lifecycle.js';
import { agendaFactsOf, agendaItemCount, allAgendaItemsOf, keepAgendaReferences, listAgendaItems } from '../store/agenda.repo.js';
import type { Db } from '../store/db.js';
import type { LabelCodec } from '../store/label-codec.js';
import {
  findSessionRecord,
  insertMinutesApproval,
  minutesApprovalsOf,
  setSessionStatus,
  updateSession as writeSession,
} from '../store/session.repo.js';
import { inTransaction } from '../store/tx.js';
import { assertVersion } from '../store/versioned.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { editEntry } from './edit-entry.js';
import { expectedVersion } from './labels.js';
import { inRereadingTransaction, LostRace } from './lost-race.js';
import { askOwnersToRelease } from './minutes-blockers.js';
import { assertCommissionPlanner, sessionOf } from './session-guards.js';

export async function getSession(ctx: AppContext, actor: Actor, id: string) {
  return (await sessionOf(ctx.db, ctx, actor, id)).session;
}

/** The session as the actor now reads it, with the approvals of its minutes. */
async function sessionAfter(trx: Db, codec: LabelCodec, actor: Actor, id: string) {
  const after = await findSessionRecord(trx, codec, codec.reader(actor), id);
  if (!after) throw problem('session.not_found');
  return after;
}

/**
 * Moves a session along planned → convened → held → minutes_approved. The
 * minutes are approved once every party of the commission has approved them.
 */
export async function transitionSessionStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { to: SessionStatus; version?: number | undefined },
) {
  const codec = await ctx.codec();
  const moved = inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, id);
    assertCommissionPlanner(actor, parties);
    if (input.version !== undefined) assertVersion('session.stale_version', session, input.version);
    const now = isoNow(ctx);
    // Claim the version before reading the approvals: a party approving at the same moment waits, then loses its claim.
    if (!(await writeSession(trx, id, session.version, { updatedAt: now }))) throw new LostRace('Session');
    const approvals = await minutesApprovalsOf(trx, id);
    // Read after the claim, so that minutes recorded at the same moment are either seen here or wait for this approval.
    const agenda = input.to === 'minutes_approved' ? await agendaAsSeenBy(trx, codec, actor, id) : undefined;
    const from = session.status;
    const next = transitionSession(from, input.to, {
      actingParty: actor.party,
      commissionParties: parties,
      minutesApprovedBy: approvals.map((a) => a.party),
      today: todayOf(ctx),
      startDate: session.startDate,
      readableOutcomes: agenda?.readable.map((i) => i.outcome) ?? [],
      unreadableItems: agenda?.unreadable ?? 0,
    });
    if (next.approve) await insertMinutesApproval(trx, { sessionId: id, party: actor.party, userId: actor.userId, at: now });
    await setSessionStatus(trx, id, next.status);
    if (becomesHeld(from, next.status)) await keepAgendaAsHeld(trx, codec, id, todayOf(ctx));
    await audit(trx, actor, now, [
      {
        action: next.approve ? 'session.minutes_approve' : 'session.transition',
        entityType: 'commission_session',
        entityId: id,
        label: codec.encode(session),
        detail: { from: session.status, to: next.status },
      },
    ]);
    return sessionAfter(trx, codec, actor, id);
  });
  // A refused approval of minutes with items the party cannot read asks their owners to release or remove them.
  if (input.to !== 'minutes_approved') return moved;
  return moved.catch(async (err: unknown) => {
    if (err instanceof DomainError && err.kind === 'invalid') await askOwnersToRelease(ctx, actor, id);
    throw err;
  });
}

/**
 * The agenda items of a session the reader may read, and how many others it
 * holds. The count is told on purpose, to a party about to approve minutes:
 * approving a record it has not read in full would be worse than knowing that
 * some of it is hidden. Nothing else of those items is told.
 */
async function agendaAsSeenBy(trx: Db, codec: LabelCodec, actor: Actor, sessionId: string) {
  const readable = await listAgendaItems(trx, codec, codec.reader(actor), sessionId);
  return { readable, unreadable: (await agendaItemCount(trx, sessionId)) - readable.length };
}

/**
 * Keeps, on the day a session is held, what its agenda's items said of their
 * activities and action items: from then on the agenda is the record of
 * what was discussed, and reads as it stood that day.
 */
async function keepAgendaAsHeld(trx: Db, codec: LabelCodec, sessionId: string, today: string) {
  const items = (await allAgendaItemsOf(trx, codec, sessionId)).filter((i) => i.reference !== null);
  const facts = await agendaFactsOf(trx, items);
  await keepAgendaReferences(
    trx,
    items.flatMap((i) => (i.reference ? [{ id: i.id, reference: currentReference(i.reference, i, facts, today) }] : [])),
  );
}

/**
 * Corrects a session record — dates, place, host, delegations — until its
 * minutes are approved; then the record is frozen.
 */
export async function updateSession(ctx: AppContext, actor: Actor, id: string, patch: SessionPatch, ifMatch?: number) {
  const codec = await ctx.codec();
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const { session, parties } = await sessionOf(trx, ctx, actor, id);
    assertCommissionPlanner(actor, parties);
    assertSessionRecordEditable(session.status);
    assertVersion('session.stale_version', session, version);
    const startDate = patch.startDate ?? session.startDate;
    const endDate = patch.endDate ?? session.endDate;
    assertSessionRecord(
      { hostParty: patch.hostParty, delegations: patch.delegations, startDate, endDate, endDateGiven: !!patch.endDate },
      parties,
    );
    if (session.status === 'held') assertSessionStarted(startDate, todayOf(ctx), 'startDate');
    const { version: _v, ...fields } = patch;
    const now = isoNow(ctx);
    const written = await writeSession(trx, id, version, {
      startDate,
      endDate,
      // A field the patch leaves out stays as it was.
      place: patch.place,
      hostParty: patch.hostParty,
      delegations: patch.delegations,
      updatedAt: now,
    });
    if (!written) throw problem('session.changed_meanwhile');
    // Not relabelled: the entry keeps the session's own label.
    const columns = codec.encode(session);
    await audit(trx, actor, now, [
      editEntry(codec, { action: 'session.update', entityType: 'commission_session', id, before: session, columns, fields }),
    ]);
    return sessionAfter(trx, codec, actor, id);
  });
}
