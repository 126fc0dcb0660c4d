import type { FollowUp, FollowUpCreate } from '../domain/follow-up.schema.js';
import { newId } from '../domain/ids.js';
import { problem } from '../domain/problems.js';
import { readActivity } from '../store/activity.repo.js';
import { insertFollowUp, listFollowUps as listFollowUpRecords } from '../store/follow-up.repo.js';
import { indexForSearch } from '../store/search.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { labelFor } from './labels.js';
import { assertCanFollowUp } from './policy.js';

export async function listFollowUps(ctx: AppContext, actor: Actor, activityId: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await readActivity(ctx.db, codec, reader, activityId))) throw problem('activity.not_found');
  return { items: await listFollowUpRecords(ctx.db, codec, reader, activityId), nextCursor: null };
}

export async function addFollowUp(ctx: AppContext, actor: Actor, activityId: string, input: FollowUpCreate): Promise<FollowUp> {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const activity = await readActivity(trx, codec, codec.reader(actor), activityId);
    if (!activity) throw problem('activity.not_found');
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
    const followUp = await insertFollowUp(trx, codec, {
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
    });
    await indexForSearch(trx, 'follow_up', followUp.id, [input.body]);
    await audit(trx, actor, now, [
      { action: 'follow_up.create', entityType: 'follow_up', entityId: followUp.id, label: columns, detail: { activityId } },
    ]);
    return followUp;
  });
}
