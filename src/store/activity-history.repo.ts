import type { Kysely } from 'kysely';
import { isAutomaticMoveBody } from '../domain/activity.lifecycle.js';
import type { ActivityHistoryEntry } from '../domain/activity-history.schema.js';
import { userIdFor } from '../domain/user-naming.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

/** What both sources of an activity's history are asked: whose reading, of which activity, how many entries at most. */
export interface HistoryQuery {
  reader: StoreReader;
  activityId: string;
  limit: number;
}

/** The status changes of an activity the reader may read, newest first. */
export async function activityMoves(
  db: Kysely<Database>,
  { reader, activityId, limit }: HistoryQuery,
): Promise<ActivityHistoryEntry[]> {
  // The mover's party is their account's: a partner leading the activity may move it, under the activity's label.
  const rows = await db
    .selectFrom('follow_up')
    .leftJoin('app_user', 'app_user.id', 'follow_up.author_id')
    .select([
      'follow_up.created_at',
      'follow_up.author_id',
      'follow_up.owner_party',
      'app_user.party as author_party',
      'follow_up.from_status',
      'follow_up.to_status',
      'follow_up.body',
    ])
    .where('follow_up.activity_id', '=', activityId)
    .where('follow_up.kind', '=', 'status_change')
    .where(readableBy(reader, 'follow_up'))
    .orderBy('follow_up.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((m) => ({
    at: m.created_at,
    kind: 'status_change',
    action: 'status_change',
    actorId: userIdFor(reader.party, m.author_party, m.author_id),
    actorParty: m.author_party ?? m.owner_party,
    fromStatus: m.from_status,
    toStatus: m.to_status,
    // A move without a reason has its statuses for body: the entry names them already, translated by the reader.
    note: m.body && !isAutomaticMoveBody(m.body, m.from_status, m.to_status) ? m.body : null,
    changes: [],
  }));
}

/**
 * The audit entries about an activity the reader may read, newest first,
 * but for those the history tells otherwise or not at all: a status change
 * is told by its follow-up entry, with the reason written there; a refused
 * deletion changed nothing, and stays in the audit log alone.
 */
export async function activityAuditEntries(
  db: Kysely<Database>,
  { reader, activityId, limit }: HistoryQuery,
): Promise<ActivityHistoryEntry[]> {
  const rows = await db
    .selectFrom('audit_entry')
    .select(['seq', 'at', 'actor_id', 'actor_party', 'action', 'detail'])
    .where('entity_type', '=', 'activity')
    .where('entity_id', '=', activityId)
    .where('action', 'not in', ['activity.transition', 'activity.delete_refused'])
    .where(readableBy(reader, 'audit_entry'))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((e) => {
    const detail = JSON.parse(e.detail) as { changes?: Record<string, { from: unknown; to: unknown }> };
    return {
      at: e.at,
      kind: 'change',
      action: e.action,
      actorId: userIdFor(reader.party, e.actor_party, e.actor_id),
      actorParty: e.actor_party,
      fromStatus: null,
      toStatus: null,
      note: null,
      changes: Object.entries(detail.changes ?? {}).map(([field, c]) => ({ field, from: c.from, to: c.to })),
    };
  });
}

/** The titles of the sources among `ids` the reader may read; the others are left out. */
export async function readableSourceTitles(db: Kysely<Database>, reader: StoreReader, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('source')
    .select(['id', 'title'])
    .where('id', 'in', [...ids])
    .where(readableBy(reader, 'source'))
    .execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
