import type { Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

export interface NotificationFilter {
  unread?: 'true' | 'false' | undefined;
  day?: string | undefined;
}

/**
 * A user's notifications, newest first, each with the label of the record it
 * is about. Each was built from what the user could read; one whose record has
 * since become unreadable is left out, so every label returned is one the
 * reader may read. Besides activities and action items, a notification may
 * name a plan (joint decisions, app/plan-close.usecases.ts) or a session
 * (minutes blocked by items a party cannot read, app/minutes-blockers.ts).
 */
export function listNotificationRows(db: Kysely<Database>, reader: StoreReader, userId: string, q: NotificationFilter) {
  return db
    .selectFrom('notification as n')
    .leftJoin('activity as a', (j) => j.onRef('a.id', '=', 'n.entity_id').on('n.entity_type', '=', 'activity'))
    .leftJoin('action_item as ai', (j) => j.onRef('ai.id', '=', 'n.entity_id').on('n.entity_type', '=', 'action_item'))
    .leftJoin('work_plan as wp', (j) => j.onRef('wp.id', '=', 'n.entity_id').on('n.entity_type', '=', 'work_plan'))
    .leftJoin('commission_session as cs', (j) =>
      j.onRef('cs.id', '=', 'n.entity_id').on('n.entity_type', '=', 'commission_session'),
    )
    .selectAll('n')
    .select((eb) => [
      'ai.session_id as action_item_session_id',
      'wp.title as plan_title',
      eb.fn.coalesce('a.owner_party', 'ai.owner_party', 'wp.owner_party', 'cs.owner_party').as('owner_party'),
      eb.fn.coalesce('a.classification', 'ai.classification', 'wp.classification', 'cs.classification').as('classification'),
      eb.fn.coalesce('a.releasable_mask', 'ai.releasable_mask', 'wp.releasable_mask', 'cs.releasable_mask').as('releasable_mask'),
      eb.fn
        .coalesce('a.compartment_mask', 'ai.compartment_mask', 'wp.compartment_mask', 'cs.compartment_mask')
        .as('compartment_mask'),
    ])
    .where('n.user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb.and([eb('a.id', 'is not', null), readableBy(reader, 'a')]),
        eb.and([eb('ai.id', 'is not', null), readableBy(reader, 'ai')]),
        eb.and([eb('wp.id', 'is not', null), readableBy(reader, 'wp')]),
        eb.and([eb('cs.id', 'is not', null), readableBy(reader, 'cs')]),
      ]),
    )
    .$if(q.unread === 'true', (qb) => qb.where('n.read_at', 'is', null))
    .$if(q.unread === 'false', (qb) => qb.where('n.read_at', 'is not', null))
    .$if(q.day !== undefined, (qb) =>
      qb.where('n.created_at', '>=', `${q.day}T00:00:00.000Z`).where('n.created_at', '<=', `${q.day}T23:59:59.999Z`),
    )
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(500)
    .execute();
}
