import { sql } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Db } from './db.js';
import { isPostgres } from './dialect.js';
import type { ExchangeReceivedRecordTable } from './exchange-tables.js';
import { insertRows } from './sqlite-insert.js';

// What an import did with each line of a bundle (migration 0046), read under the read rule.

export type ReceivedRecordRow = Omit<ExchangeReceivedRecordTable, 'bundle_id'>;

const COLUMNS = [
  'bundle_id',
  'position',
  'kind',
  'record_id',
  'action',
  'owner_party',
  'classification',
  'releasable_mask',
  'compartment_mask',
] as const satisfies readonly (keyof ExchangeReceivedRecordTable)[];

/** Rows written per statement on SQLite: 9 columns a row, within its 32,766 parameters. */
const CHUNK = 500;

/** Writes the report's rows of one batch of an import, in its transaction. */
export async function insertReceivedRecords(db: Db, bundleId: string, rows: readonly ReceivedRecordRow[]) {
  if (rows.length === 0) return;
  if (isPostgres(db)) {
    // One array a column, unnested, as the copies are written: a few parameters a statement.
    const column = <K extends keyof ReceivedRecordRow>(k: K) => rows.map((r) => r[k]);
    await sql`insert into exchange_received_record (bundle_id, position, kind, record_id, action, owner_party,
        classification, releasable_mask, compartment_mask)
      select cast(${bundleId} as text), k.* from unnest(cast(${column('position')} as integer[]),
        cast(${column('kind')} as text[]), cast(${column('record_id')} as text[]), cast(${column('action')} as text[]),
        cast(${column('owner_party')} as text[]), cast(${column('classification')} as integer[]),
        cast(${column('releasable_mask')} as bigint[]), cast(${column('compartment_mask')} as bigint[])) as k`.execute(db);
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK)
    await insertRows(
      db,
      'exchange_received_record',
      COLUMNS,
      rows.slice(i, i + CHUNK).map((r) => ({ bundle_id: bundleId, ...r })),
    );
}

/**
 * One page of what an import did with the records the reader may read, in the bundle's order, after the
 * ones `cursor` says were read; `nextCursor` is null on the last page. The cursor counts the rows the reader
 * was given, not their places in the bundle: a place would show how many rows the reader may not read
 * stand between two of its pages.
 */
export async function readableReceivedRecords(
  db: Db,
  reader: StoreReader,
  bundleId: string,
  { cursor, limit }: { cursor?: string; limit: number },
) {
  const read = cursor
    ? Number(decodeCursor(cursor, 1, (v) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 2 ** 31 - 1)[0])
    : 0;
  const rows = await db
    .selectFrom('exchange_received_record as r')
    .select(['r.kind', 'r.record_id', 'r.action'])
    .where('r.bundle_id', '=', bundleId)
    .where(readableBy(reader, 'r'))
    .orderBy('r.position')
    .limit(limit + 1)
    .offset(read)
    .execute();
  const page = rows.slice(0, limit);
  return {
    page: page.map((r) => ({ kind: r.kind, id: r.record_id, action: r.action })),
    nextCursor: rows.length > limit ? encodeCursor([read + page.length]) : null,
  };
}

/** Of each bundle named, how many records the reader may read the import did each thing with. */
export async function readableReceivedCounts(db: Db, reader: StoreReader, bundleIds: readonly string[]) {
  const counts = new Map<string, Map<string, number>>();
  if (!bundleIds.length) return counts;
  const rows = await db
    .selectFrom('exchange_received_record as r')
    .select(['r.bundle_id', 'r.action', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('r.bundle_id', 'in', [...bundleIds])
    .where(readableBy(reader, 'r'))
    .groupBy(['r.bundle_id', 'r.action'])
    .execute();
  for (const r of rows) {
    const of = counts.get(r.bundle_id) ?? new Map<string, number>();
    of.set(r.action, Number(r.n));
    counts.set(r.bundle_id, of);
  }
  return counts;
}

/**
 * The withdrawals of copies an import made, in the bundle's order, `limit` from the position after
 * `after`: what its audit entries are written from, once the bundle is applied.
 */
export const withdrawnInImport = (db: Db, bundleId: string, after: number, limit: number) =>
  db
    .selectFrom('exchange_received_record')
    .select(['position', 'kind', 'record_id', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
    .where('bundle_id', '=', bundleId)
    .where('action', '=', 'withdrawn')
    .where('position', '>', after)
    .orderBy('position')
    .limit(limit)
    .execute();
