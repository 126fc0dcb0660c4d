import type { FollowUp, FollowUpCreate } from '../domain/follow-up.schema.js';
import { newId } from '../domain/ids.js';
import type { Label } from '../domain/labels.js';
import { problem } from '../domain/problems.js';
import { readActivity } from '../store/activity.repo.js';
import type { FollowUpRow, LabelColumns } from '../store/database.js';
import type { Db } from '../store/db.js';
import { insertFollowUp, listFollowUps as listFollowUpRecords } from '../store/follow-up.repo.js';
import type { LabelCodec } from '../store/label-codec.js';
import { indexForSearch } from '../store/search.repo.js';
import { inTransaction } from '../store/tx.js';
import { type AuditEvent, audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { labelFor } from './labels.js';
import { assertCanFollowUp } from './policy.js';

/**
 * Writes a follow-up on a record (an activity, an industrial project) through `insert`, which adds
 * the record's own columns, and audits it as `event` says. The follow-up holds its text and its
 * author, and is owned by the writer's party and labelled like the record unless said otherwise.
 * Whatever is attached to a record is always released to the record's owner
 * (docs/polyinstantiation.md): a partner's note the owner could never read, even cleared for it,
 * would be a hidden annotation on the owner's own record.
 */
export async function writeFollowUp<T extends { id: string }>(
  trx: Db,
  codec: LabelCodec,
  actor: Actor,
  now: string,
  input: FollowUpCreate,
  record: Label,
  insert: (row: FollowUpColumns) => Promise<T>,
  event: Omit<AuditEvent, 'entityId' | 'label'>,
): Promise<T> {
  const fallback = [...record.releasableTo, record.ownerParty];
  const releasableTo = [...(input.releasableTo ?? fallback), record.ownerParty].filter((p) => p !== actor.party);
  const { columns } = labelFor(codec, actor, { ...input, releasableTo }, { ...record, ownerParty: actor.party, releasableTo });
  const followUp = await insert({
    id: newId(),
    kind: input.kind,
    body: input.body,
    language: input.language,
    author_id: actor.userId,
    ...columns,
    version: 1,
    created_at: now,
    updated_at: now,
  });
  await audit(trx, actor, now, [{ ...event, entityId: followUp.id, label: columns }]);
  return followUp;
}

/** The columns every follow-up has, whatever record it is on. */
export type FollowUpColumns = Pick<FollowUpRow, 'kind' | 'body' | 'language' | 'author_id'> &
  LabelColumns & { id: string; version: number; created_at: string; updated_at: string };

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
    const insert = async (row: FollowUpColumns) => {
      const followUp = await insertFollowUp(
        trx,
        codec,
        { ...row, activity_id: activityId, from_status: null, to_status: null },
        actor.party,
      );
      await indexForSearch(trx, 'follow_up', followUp.id, [input.body]);
      return followUp;
    };
    return writeFollowUp(trx, codec, actor, isoNow(ctx), input, activity, insert, {
      action: 'follow_up.create',
      entityType: 'follow_up',
      detail: { activityId },
    });
  });
}
