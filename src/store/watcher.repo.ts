import type { Kysely } from 'kysely';
import { labelColumns, readableBy, type StoreReader } from './access.js';
import type { Database, LabelColumns, WatcherTable } from './database.js';

export type WatchedType = WatcherTable['entity_type'];

const NOT_CHANGES = ['activity.watch', 'activity.unwatch', 'action_item.watch', 'action_item.unwatch', 'activity.export'];

/** The label of the record if the reader may read it; nothing when it is hidden or does not exist, alike. */
export function readableLabel(
  db: Kysely<Database>,
  reader: StoreReader,
  type: WatchedType,
  id: string,
): Promise<LabelColumns | undefined> {
  const label = labelColumns('r');
  if (type === 'activity')
    return db.selectFrom('activity as r').select(label).where('r.id', '=', id).where(readableBy(reader, 'r')).executeTakeFirst();
  return db.selectFrom('action_item as r').select(label).where('r.id', '=', id).where(readableBy(reader, 'r')).executeTakeFirst();
}

/** Adds the watcher, told of changes after audit entry `seenSeq`; watching twice is watching once. */
export async function addWatcher(
  db: Kysely<Database>,
  w: { type: WatchedType; id: string; userId: string; at: string; seenSeq: number },
): Promise<boolean> {
  const res = await db
    .insertInto('watcher')
    .values({ entity_type: w.type, entity_id: w.id, user_id: w.userId, created_at: w.at, seen_seq: w.seenSeq })
    .onConflict((oc) => oc.columns(['entity_type', 'entity_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeWatcher(db: Kysely<Database>, type: WatchedType, id: string, userId: string): Promise<boolean> {
  const res = await db
    .deleteFrom('watcher')
    .where('entity_type', '=', type)
    .where('entity_id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** The record's watchers whose accounts are active, by username, each with the account's row. */
export function listWatchers(db: Kysely<Database>, type: WatchedType, id: string) {
  return db
    .selectFrom('watcher as w')
    .innerJoin('app_user as u', 'u.id', 'w.user_id')
    .selectAll('u')
    .select('w.created_at as watching_since')
    .where('u.disabled', '=', 0)
    .where('w.entity_type', '=', type)
    .where('w.entity_id', '=', id)
    .orderBy('u.username')
    .execute();
}

/** The users who watch something, to be told of changes each with their own reading. */
export async function watchingUserIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('watcher').select('user_id').distinct().execute();
  return rows.map((r) => r.user_id);
}

/**
 * The records the user watches that someone else changed after the last
 * audit entry the user was told of: the latest such entry, and what names the
 * record. The entries are the record's own, and for an activity its
 * follow-ups' too, each counted only if the user may read it (its label is the
 * one it was written with), and only about records the user may read now.
 */
export function watchedChanges(db: Kysely<Database>, reader: StoreReader, userId: string) {
  return (
    db
      .selectFrom('watcher as w')
      .leftJoin('activity as a', (j) => j.onRef('a.id', '=', 'w.entity_id').on('w.entity_type', '=', 'activity'))
      .leftJoin('action_item as ai', (j) => j.onRef('ai.id', '=', 'w.entity_id').on('w.entity_type', '=', 'action_item'))
      .leftJoin('follow_up as f', (j) => j.onRef('f.activity_id', '=', 'a.id'))
      .innerJoin('audit_entry as e', (j) =>
        j.on((eb) =>
          eb.or([
            eb.and([eb('e.entity_type', '=', eb.ref('w.entity_type')), eb('e.entity_id', '=', eb.ref('w.entity_id'))]),
            eb.and([eb('e.entity_type', '=', 'follow_up'), eb('e.entity_id', '=', eb.ref('f.id'))]),
          ]),
        ),
      )
      .select((eb) => [
        'w.entity_type',
        'w.entity_id',
        eb.fn.max('e.seq').as('last_seq'),
        eb.fn.max('a.ref_code').as('ref_code'),
        eb.fn.max('a.title').as('activity_title'),
        eb.fn.max('ai.title').as('action_item_title'),
      ])
      .where('w.user_id', '=', userId)
      .whereRef('e.seq', '>', 'w.seen_seq')
      .where((eb) => eb.or([eb('e.actor_id', 'is', null), eb('e.actor_id', '<>', userId)]))
      // Watching a record, or exporting it, changes nothing in it.
      .where('e.action', 'not in', NOT_CHANGES)
      .where(readableBy(reader, 'e'))
      .where((eb) =>
        eb.or([
          eb.and([eb('a.id', 'is not', null), readableBy(reader, 'a')]),
          eb.and([eb('ai.id', 'is not', null), readableBy(reader, 'ai')]),
        ]),
      )
      .groupBy(['w.entity_type', 'w.entity_id'])
      .execute()
  );
}

/** Moves the watchers of a record on to audit entry `seq`, never back. */
export function markWatchersSeen(db: Kysely<Database>, type: WatchedType, id: string, userId: string, seq: number) {
  return db
    .updateTable('watcher')
    .set({ seen_seq: seq })
    .where('entity_type', '=', type)
    .where('entity_id', '=', id)
    .where('user_id', '=', userId)
    .where('seen_seq', '<', seq)
    .execute();
}
