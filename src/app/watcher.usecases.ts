import { problem } from '../domain/problems.js';
import { firstText } from '../domain/text.js';
import type { Watchers } from '../domain/watcher.schema.js';
import { auditChainHead } from '../store/audit.repo.js';
import type { LabelColumns } from '../store/database.js';
import { insertNotifications } from '../store/notification.repo.js';
import { inTransaction } from '../store/tx.js';
import { activeUserRows } from '../store/user.repo.js';
import {
  addWatcher,
  listWatchers,
  markWatchersSeen,
  readableLabel,
  removeWatcher,
  type WatchedType,
  watchedChanges,
  watchingUserIds,
} from '../store/watcher.repo.js';
import { audit } from './audit.js';
import { actorOf } from './auth.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';

export type { WatchedType };

const unreadable = (type: WatchedType) => problem(type === 'activity' ? 'activity.not_found' : 'action_item.not_found');

/** The record's label, if the actor may read it; a hidden record answers as one that does not exist. */
async function labelFor(
  ctx: AppContext,
  db: AppContext['db'],
  actor: Actor,
  type: WatchedType,
  id: string,
): Promise<LabelColumns> {
  const label = await readableLabel(db, (await ctx.codec()).reader(actor), type, id);
  if (!label) throw unreadable(type);
  return label;
}

/** What names another party's watcher: their party only, never their account's names. */
export const OTHER_PARTY_WATCHER = 'a user';

/**
 * The record's watchers who may still read it (one who can no longer read it
 * is left out, as they are of its changes), named only when of the reader's
 * own party: another party's watcher is shown as their party and "a user".
 */
async function watchersOf(ctx: AppContext, db: AppContext['db'], actor: Actor, type: WatchedType, id: string): Promise<Watchers> {
  const codec = await ctx.codec();
  const rows = [];
  for (const row of await listWatchers(db, type, id))
    if (await readableLabel(db, codec.reader(await actorOf(ctx, row)), type, id)) rows.push(row);
  return {
    items: rows.map((r) =>
      r.party === actor.party
        ? { userId: r.id, username: r.username, displayName: r.display_name, party: r.party, since: r.watching_since }
        : { userId: null, username: null, displayName: OTHER_PARTY_WATCHER, party: r.party, since: r.watching_since },
    ),
    watching: rows.some((r) => r.id === actor.userId),
  };
}

/** Who watches the record: readable only by those who may read the record. */
export async function recordWatchers(ctx: AppContext, actor: Actor, type: WatchedType, id: string): Promise<Watchers> {
  await labelFor(ctx, ctx.db, actor, type, id);
  return watchersOf(ctx, ctx.db, actor, type, id);
}

/**
 * The actor watches the record from now on: told of every change others make
 * to it (and, for an activity, to its follow-ups) after this moment.
 */
export async function watchRecord(ctx: AppContext, actor: Actor, type: WatchedType, id: string): Promise<Watchers> {
  return inTransaction(ctx.db, async (trx) => {
    const label = await labelFor(ctx, trx, actor, type, id);
    const head = await auditChainHead(trx);
    // Filed under its own kind, so that watching reads as no change of the record in its history.
    if (await addWatcher(trx, { type, id, userId: actor.userId, at: isoNow(ctx), seenSeq: head.seq }))
      await audit(trx, actor, isoNow(ctx), [{ action: `${type}.watch`, entityType: `${type}_watch`, entityId: id, label }]);
    return watchersOf(ctx, trx, actor, type, id);
  });
}

/** The actor stops watching the record; not watching it already changes nothing. */
export async function unwatchRecord(ctx: AppContext, actor: Actor, type: WatchedType, id: string): Promise<Watchers> {
  return inTransaction(ctx.db, async (trx) => {
    const label = await labelFor(ctx, trx, actor, type, id);
    if (await removeWatcher(trx, type, id, actor.userId))
      await audit(trx, actor, isoNow(ctx), [{ action: `${type}.unwatch`, entityType: `${type}_watch`, entityId: id, label }]);
    return watchersOf(ctx, trx, actor, type, id);
  });
}

/**
 * Tells each watcher, by a notification, of the records others changed since
 * they were last told, from what each may read; each change once, whichever
 * process runs this and however often. Returns how many notifications it made.
 */
export async function notifyWatchers(ctx: AppContext): Promise<number> {
  const watching = new Set(await watchingUserIds(ctx.db));
  if (watching.size === 0) return 0;
  const users = (await activeUserRows(ctx.db)).filter((u) => watching.has(u.id));
  const codec = await ctx.codec();
  const createdAt = isoNow(ctx);
  let made = 0;
  for (const user of users) {
    const actor = await actorOf(ctx, user);
    const changes = await watchedChanges(ctx.db, codec.reader(actor), actor.userId);
    if (changes.length === 0) continue;
    made += await inTransaction(ctx.db, async (trx) => {
      const n = await insertNotifications(
        trx,
        changes.map((c) => ({
          user_id: actor.userId,
          kind: 'changed',
          entity_type: c.entity_type,
          entity_id: c.entity_id,
          title:
            c.entity_type === 'activity'
              ? `${c.ref_code ?? ''} ${firstText(c.activity_title ?? '{}')}`
              : (c.action_item_title ?? ''),
          due_date: null,
          dedupe_key: `changed:${c.entity_type}:${c.entity_id}:${c.last_seq}`,
          created_at: createdAt,
        })),
      );
      for (const c of changes) await markWatchersSeen(trx, c.entity_type, c.entity_id, actor.userId, Number(c.last_seq));
      return n;
    });
  }
  return made;
}
