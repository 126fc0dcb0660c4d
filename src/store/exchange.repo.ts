import { type Compilable, CompiledQuery, type Kysely } from 'kysely';
import type { RecordKind } from '../domain/exchange/bundle-content.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, FollowUpRow, SourceRow } from './database.js';
import { isPostgres } from './dialect.js';
import { changedPage, changedQuery } from './exchange-state.repo.js';

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

/**
 * Hands `onPage` the rows `query` gives, `size` at a time, in its order, through a cursor in a
 * read-only transaction of their own (one snapshot, one plan for the whole read): memory holds one
 * page. PostgreSQL only; `onPage` must not use the database.
 */
export async function cursorPages<T>(
  db: Kysely<Database>,
  query: Compilable<T>,
  size: number,
  onPage: (rows: T[]) => Promise<void>,
): Promise<void> {
  const compiled = query.compile();
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await trx.executeQuery(
        CompiledQuery.raw(`declare exchange_pages no scroll cursor for ${compiled.sql}`, [...compiled.parameters]),
      );
      for (;;) {
        const { rows } = await trx.executeQuery<T>(CompiledQuery.raw(`fetch forward ${size} from exchange_pages`));
        if (rows.length > 0) await onPage(rows);
        if (rows.length < size) break;
      }
      await trx.executeQuery(CompiledQuery.raw('close exchange_pages'));
    });
}

/** Rows read per page of the export's reads: a keyset query each on SQLite, a fetch of the cursor on PostgreSQL. */
const EXPORT_PAGE = 2000;

/**
 * Hands `onPage` the records of one kind a partner's reader may read, owned by `party`, changed in the
 * window (`changedPage`), by id, a page at a time: on SQLite one keyset query per page; on PostgreSQL,
 * but for approvals, one query read through a cursor, which is planned once for all of them (a page at a
 * time, a follow-ups' page was a nested loop from the last id, some 0.5 s a page at 100,000 activities).
 */
export async function changedPages(
  db: Kysely<Database>,
  kind: RecordKind,
  reader: StoreReader,
  party: string,
  window: { since: string | null; upto: string },
  onPage: (rows: Awaited<ReturnType<typeof changedPage>>) => Promise<void>,
): Promise<void> {
  if (kind !== 'approval' && isPostgres(db))
    return cursorPages(db, changedQuery(db, kind, reader, party, window), EXPORT_PAGE, onPage);
  for (let after = ''; ; ) {
    const page = await changedPage(db, kind, reader, party, window, after, EXPORT_PAGE);
    if (page.length > 0) await onPage(page);
    if (page.length < EXPORT_PAGE) return;
    after = page[page.length - 1]?.id ?? after;
  }
}
