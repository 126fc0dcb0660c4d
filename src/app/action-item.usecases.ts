import {
  type ActionItemStatus,
  assertActionItemEditable,
  assertResponsibleParty,
  isActionItemOpen,
  transitionActionItem,
} from '../domain/action-item.lifecycle.js';
import { problem } from '../domain/problems.js';
import type { ActionItemPatch } from '../domain/session.schema.js';
import {
  findActionItem,
  listActionItems as listActionItemRecords,
  readableLinks,
  updateActionItem as writeActionItem,
} from '../store/action-item.repo.js';
import { commissionParties, findCommission } from '../store/commission.repo.js';
import { inTransaction } from '../store/tx.js';
import { assertVersion } from '../store/versioned.js';
import { actionItemAfter, showActionItem, showActionItems } from './agenda-view.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { assertKnownParties, expectedVersion } from './labels.js';
import { inRereadingTransaction, LostRace } from './lost-race.js';
import { assertCanEditActionItem, assertCanMoveActionItem } from './policy.js';
import { assertLinksInCommission, keptLink } from './session-guards.js';

export async function listActionItems(
  ctx: AppContext,
  actor: Actor,
  commissionId: string,
  q: { status?: ActionItemStatus | undefined; responsibleParty?: string | undefined; overdue?: 'true' | 'false' | undefined },
) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findCommission(ctx.db, reader, commissionId))) throw problem('commission.not_found');
  const overdue = q.overdue === undefined ? undefined : q.overdue === 'true';
  const items = await listActionItemRecords(ctx.db, codec, reader, commissionId, { ...q, overdue }, todayOf(ctx));
  return { items: await showActionItems(ctx.db, reader, items), nextCursor: null };
}

/** Planners and contributors of the responsible party, or planners of its owner, move an action item. */
export async function transitionActionItemStatus(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { to: ActionItemStatus; reason?: string | undefined; version?: number | undefined },
) {
  const codec = await ctx.codec();
  return inRereadingTransaction(ctx.db, input.version !== undefined, async (trx) => {
    const reader = codec.reader(actor);
    const item = await findActionItem(trx, codec, reader, id, todayOf(ctx));
    if (!item) throw problem('action_item.not_found');
    assertCanMoveActionItem(actor, item);
    if (input.version !== undefined) assertVersion('action_item.stale_version', item, input.version);
    const next = transitionActionItem(item.status, input);
    const now = isoNow(ctx);
    const written = await writeActionItem(trx, id, item.version, {
      status: next.status,
      reason: input.reason ?? item.reason,
      closedAt: isActionItemOpen(next.status) ? null : now,
      updatedAt: now,
    });
    if (!written) throw new LostRace('Action item');
    await audit(trx, actor, now, [
      {
        action: 'action_item.transition',
        entityType: 'action_item',
        entityId: id,
        label: codec.encode(item),
        detail: { from: item.status, to: next.status, reason: input.reason ?? null },
      },
    ]);
    return showActionItem(trx, reader, await actionItemAfter(trx, ctx, actor, id));
  });
}

/**
 * Corrects an action item: its title, who is responsible, when it is due,
 * what it is linked to. A done or dropped item is closed and stays as it was.
 */
export async function updateActionItem(ctx: AppContext, actor: Actor, id: string, patch: ActionItemPatch, ifMatch?: number) {
  const codec = await ctx.codec();
  const version = expectedVersion(patch.version, ifMatch);
  return inTransaction(ctx.db, async (trx) => {
    const reader = codec.reader(actor);
    const item = await findActionItem(trx, codec, reader, id, todayOf(ctx));
    if (!item) throw problem('action_item.not_found');
    assertCanEditActionItem(actor, item);
    assertActionItemEditable(item.status);
    assertVersion('action_item.stale_version', item, version);
    if (patch.responsibleParty) {
      assertKnownParties(codec, [patch.responsibleParty], 'responsibleParty');
      // The actor may read the action item without reading its session: the commission's parties come from the commission.
      assertResponsibleParty(patch.responsibleParty, await commissionParties(trx, item.commissionId), 'responsibleParty');
    }
    const readable = await readableLinks(trx, reader, [item.activityId, item.planId]);
    const links = {
      activityId: keptLink(patch.activityId, item.activityId, readable),
      planId: keptLink(patch.planId, item.planId, readable),
    };
    await assertLinksInCommission(trx, ctx, actor, item.commissionId, {
      activityId: links.activityId !== item.activityId ? links.activityId : null,
      planId: links.planId !== item.planId ? links.planId : null,
    });
    // As the writer saw it, so that the audit entry names no record the writer cannot read.
    const before = await showActionItem(trx, reader, item);
    const { version: _v, ...fields } = patch;
    const changes = changedFields(before as unknown as Record<string, unknown>, fields);
    const now = isoNow(ctx);
    const written = await writeActionItem(trx, id, version, {
      title: patch.title,
      responsibleParty: patch.responsibleParty,
      responsibleOrganisation: patch.responsibleOrganisation,
      dueDate: patch.dueDate,
      ...links,
      updatedAt: now,
    });
    if (!written) throw problem('action_item.changed_meanwhile');
    await audit(trx, actor, now, [
      { action: 'action_item.update', entityType: 'action_item', entityId: id, label: codec.encode(item), detail: { changes } },
    ]);
    return showActionItem(trx, reader, await actionItemAfter(trx, ctx, actor, id));
  });
}
