import type { FollowUp, FollowUpCreate } from '../domain/follow-up.schema.js';
import { newId } from '../domain/ids.js';
import { problem } from '../domain/problems.js';
import { readableBy } from '../store/access.js';
import { findActivity } from '../store/activity.repo.js';
import { presentActivity, presentFollowUp } from '../store/present.js';
import { indexForSearch } from '../store/search.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { labelFor } from './labels.js';
import { assertCanFollowUp } from './policy.js';

export async function listFollowUps(ctx: AppContext, actor: Actor, activityId: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findActivity(ctx.db, reader, activityId))) throw problem('activity.not_found');
  const rows = await ctx.db
    .selectFrom('follow_up')
    .selectAll()
    .where('activity_id', '=', activityId)
    .where(readableBy(reader, 'follow_up'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return { items: rows.map((r) => presentFollowUp(codec, r)), nextCursor: null };
}

export async function addFollowUp(ctx: AppContext, actor: Actor, activityId: string, input: FollowUpCreate): Promise<FollowUp> {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const row = await findActivity(trx, codec.reader(actor), activityId);
    if (!row) throw problem('activity.not_found');
    const activity = presentActivity(codec, row);
    assertCanFollowUp(actor, activity);
    // A follow-up is owned by the writer's party and labelled like its activity unless said
    // otherwise. Whatever is attached to an activity is always released to the activity's
    // owner (docs/polyinstantiation.md): a partner's note the owner could never read, even
    // cleared for it, would be a hidden annotation on the owner's own record.
    const fallback = [...activity.releasableTo, activity.ownerParty];
    const releasableTo = [...(input.releasableTo ?? fallback), activity.ownerParty].filter((p) => p !== actor.party);
    const { columns } = labelFor(
      codec,
      actor,
      { ...input, releasableTo },
      { ...activity, ownerParty: actor.party, releasableTo },
    );
    const now = isoNow(ctx);
    const followUp = {
      id: newId(),
      activity_id: activityId,
      kind: input.kind,
      body: input.body,
      language: input.language,
      author_id: actor.userId,
      from_status: null,
      to_status: null,
      ...columns,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('follow_up').values(followUp).execute();
    await indexForSearch(trx, 'follow_up', followUp.id, [input.body]);
    await audit(trx, actor, now, [
      { action: 'follow_up.create', entityType: 'follow_up', entityId: followUp.id, label: columns, detail: { activityId } },
    ]);
    return presentFollowUp(codec, followUp);
  });
}
