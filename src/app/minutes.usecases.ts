import { assertResponsibleParty } from '../domain/action-item.lifecycle.js';
import { newId } from '../domain/ids.js';
import { problem } from '../domain/problems.js';
import { assertMinutesRecordable, minutesOutcome } from '../domain/session.lifecycle.js';
import type { MinutesInput } from '../domain/session.schema.js';
import { insertActionItems, type NewActionItem } from '../store/action-item.repo.js';
import { findAgendaItem, updateAgendaItem } from '../store/agenda.repo.js';
import { inTransaction } from '../store/tx.js';
import { assertVersion, lockIn } from '../store/versioned.js';
import { actionItemAfter, agendaItemAfter, showActionItems, showAgendaItem } from './agenda-view.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { assertKnownParties, expectedVersion, labelFor } from './labels.js';
import { LostRace } from './lost-race.js';
import { assertCommissionPlanner, assertLinksInCommission, sessionOf, withdrawMinutesApprovals } from './session-guards.js';

/**
 * Records the minutes of one agenda item: its summary and decisions, and the
 * action items the decisions create — shared with every commission party.
 */
export async function recordMinutes(ctx: AppContext, actor: Actor, agendaItemId: string, input: MinutesInput, ifMatch?: number) {
  const codec = await ctx.codec();
  const version = expectedVersion(input.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const reader = codec.reader(actor);
    const item = await findAgendaItem(trx, codec, reader, agendaItemId);
    if (!item) throw problem('agenda_item.not_found');
    const { session, parties } = await sessionOf(trx, ctx, actor, item.sessionId);
    assertCommissionPlanner(actor, parties);
    assertMinutesRecordable(session.status);
    // Hold the session in that status until this commits: approving its minutes at the same moment waits.
    if (!(await lockIn(trx, 'commission_session', session.id, session.status))) throw new LostRace('Session');
    assertVersion('agenda_item.stale_version', item, version);
    assertKnownParties(
      codec,
      input.actionItems.map((a) => a.responsibleParty),
      'actionItems.responsibleParty',
    );
    input.actionItems.forEach((a, i) => {
      assertResponsibleParty(a.responsibleParty, parties, `actionItems.${i}.responsibleParty`);
    });
    // An action item links only to what its writer may read, or a hidden id would answer unlike a missing one.
    for (const [i, a] of input.actionItems.entries())
      await assertLinksInCommission(trx, ctx, actor, session.commissionId, a, `actionItems.${i}.`);
    const outcome = minutesOutcome(input);
    const now = isoNow(ctx);
    const written = await updateAgendaItem(trx, agendaItemId, version, {
      summary: input.summary,
      decisions: input.decisions,
      outcome,
      updatedAt: now,
    });
    if (!written) throw problem('agenda_item.changed_meanwhile');
    // Decisions bind every party: their action items are released to all of them.
    const { columns } = labelFor(codec, actor, { ...item, releasableTo: parties.filter((p) => p !== actor.party) });
    const actionItems = input.actionItems.map(
      (a): NewActionItem => ({
        id: newId(),
        commissionId: session.commissionId,
        sessionId: session.id,
        agendaItemId,
        title: a.title,
        responsibleParty: a.responsibleParty,
        responsibleOrganisation: a.responsibleOrganisation,
        dueDate: a.dueDate,
        status: 'open',
        closedAt: null,
        reason: null,
        activityId: a.activityId,
        planId: a.planId,
        label: columns,
        createdAt: now,
      }),
    );
    await insertActionItems(trx, actionItems);
    await audit(trx, actor, now, [
      {
        action: 'agenda.minutes',
        entityType: 'agenda_item',
        entityId: agendaItemId,
        label: codec.encode(item),
        detail: { outcome, actionItems: actionItems.length },
      },
      ...actionItems.map((a) => ({
        action: 'action_item.create',
        entityType: 'action_item',
        entityId: a.id,
        label: columns,
        detail: { sessionId: session.id, dueDate: a.dueDate, responsibleParty: a.responsibleParty },
      })),
    ]);
    await withdrawMinutesApprovals(trx, codec, actor, session, now);
    const today = todayOf(ctx);
    const created = [];
    for (const a of actionItems) created.push(await actionItemAfter(trx, ctx, actor, a.id));
    return {
      agendaItem: await showAgendaItem(trx, codec, reader, await agendaItemAfter(trx, ctx, actor, agendaItemId), today),
      actionItems: await showActionItems(trx, reader, created),
    };
  });
}
