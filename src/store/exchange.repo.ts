import type { Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database, FollowUpRow, SourceRow } from './database.js';

// Reads and writes of whole plans for exchange files. Every read of labelled
// records carries the read rule; `takenIds` and `takenRefCodes` do not, because
// they only decide whether a key is free, and their answer never leaves the import.

const CHUNK = 500;

async function chunked<T>(keys: readonly string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(keys)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await fn(unique.slice(i, i + CHUNK))));
  return out;
}

/** Every activity of a plan the reader may read, by reference code. */
export function planActivities(db: Kysely<Database>, reader: StoreReader, planId: string) {
  return db
    .selectFrom('activity')
    .selectAll()
    .where('plan_id', '=', planId)
    .where(readableBy(reader, 'activity'))
    .orderBy('ref_code')
    .execute();
}

/** The follow-ups the reader may read, of the activities of a plan the reader may read, oldest first. */
export function planFollowUps(db: Kysely<Database>, reader: StoreReader, planId: string): Promise<FollowUpRow[]> {
  return db
    .selectFrom('follow_up')
    .innerJoin('activity', 'activity.id', 'follow_up.activity_id')
    .selectAll('follow_up')
    .where('activity.plan_id', '=', planId)
    .where(readableBy(reader, 'activity'))
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

export async function knownOrganisations(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  const rows = await chunked(ids, (part) => db.selectFrom('organisation').select('id').where('id', 'in', part).execute());
  return new Set(rows.map((r) => r.id));
}

/** Which of `ids` a record of `table` already has, readable or not. */
export async function takenIds(
  db: Kysely<Database>,
  table: 'work_plan' | 'activity' | 'follow_up' | 'source',
  ids: readonly string[],
): Promise<Set<string>> {
  const rows = await chunked(ids, (part) => db.selectFrom(table).select('id').where('id', 'in', part).execute());
  return new Set(rows.map((r) => r.id));
}

/** Which of `refCodes` a plan already uses, readable or not: a reference code is unique in its plan. */
export async function takenRefCodes(db: Kysely<Database>, planId: string, refCodes: readonly string[]): Promise<Set<string>> {
  const rows = await chunked(refCodes, (part) =>
    db.selectFrom('activity').select('ref_code').where('plan_id', '=', planId).where('ref_code', 'in', part).execute(),
  );
  return new Set(rows.map((r) => r.ref_code));
}

export async function insertFollowUps(trx: Kysely<Database>, rows: FollowUpRow[]) {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('follow_up')
      .values(rows.slice(i, i + 200))
      .execute();
}

export async function insertSources(trx: Kysely<Database>, rows: SourceRow[]) {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('source')
      .values(rows.slice(i, i + 200))
      .execute();
}
