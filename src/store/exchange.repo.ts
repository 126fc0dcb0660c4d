import type { Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database, FollowUpRow, SourceRow } from './database.js';

// Reads of whole plans for exchange files, each carrying the read rule. An
// import writes nothing here: it goes through the use cases of the API.

const CHUNK = 500;

async function chunked<T>(keys: readonly string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(keys)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await fn(unique.slice(i, i + CHUNK))));
  return out;
}

/** The activities of a plan that the reader may read. */
const readablePlanActivities = (db: Kysely<Database>, reader: StoreReader, planId: string) =>
  db.selectFrom('activity').where('activity.plan_id', '=', planId).where(readableBy(reader, 'activity'));

/** Every activity of a plan the reader may read, by reference code. */
export function planActivities(db: Kysely<Database>, reader: StoreReader, planId: string) {
  return readablePlanActivities(db, reader, planId).selectAll().orderBy('ref_code').execute();
}

/** The follow-ups the reader may read, of the activities of a plan the reader may read, oldest first. */
export function planFollowUps(db: Kysely<Database>, reader: StoreReader, planId: string): Promise<FollowUpRow[]> {
  return readablePlanActivities(db, reader, planId)
    .innerJoin('follow_up', 'follow_up.activity_id', 'activity.id')
    .selectAll('follow_up')
    .where(readableBy(reader, 'follow_up'))
    .orderBy('follow_up.created_at')
    .orderBy('follow_up.id')
    .execute();
}

export function readableSources(db: Kysely<Database>, reader: StoreReader, ids: readonly string[]): Promise<SourceRow[]> {
  return chunked(ids, (part) =>
    db.selectFrom('source').selectAll().where('id', 'in', part).where(readableBy(reader, 'source')).execute(),
  );
}

export function readableFollowUps(db: Kysely<Database>, reader: StoreReader, ids: readonly string[]): Promise<FollowUpRow[]> {
  return chunked(ids, (part) =>
    db.selectFrom('follow_up').selectAll().where('id', 'in', part).where(readableBy(reader, 'follow_up')).execute(),
  );
}
