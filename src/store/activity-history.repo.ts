import type { Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

/** The status changes of an activity the reader may read, newest first. */
export function activityMoves(db: Kysely<Database>, reader: StoreReader, activityId: string, limit: number) {
  return db
    .selectFrom('follow_up')
    .select(['created_at', 'author_id', 'owner_party', 'from_status', 'to_status', 'body'])
    .where('activity_id', '=', activityId)
    .where('kind', '=', 'status_change')
    .where(readableBy(reader, 'follow_up'))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The audit entries about an activity the reader may read, newest first,
 * but for those the history tells otherwise or not at all: a status change
 * is told by its follow-up entry, with the reason written there; a refused
 * deletion changed nothing, and stays in the audit log alone.
 */
export function activityAuditEntries(db: Kysely<Database>, reader: StoreReader, activityId: string, limit: number) {
  return db
    .selectFrom('audit_entry')
    .select(['seq', 'at', 'actor_id', 'actor_party', 'action', 'detail'])
    .where('entity_type', '=', 'activity')
    .where('entity_id', '=', activityId)
    .where('action', 'not in', ['activity.transition', 'activity.delete_refused'])
    .where(readableBy(reader, 'audit_entry'))
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
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

/** The names of the organisations among `ids` (reference data, without a label). */
export async function organisationNames(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
