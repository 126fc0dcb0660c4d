import { labelColumns, readableBy, type StoreReader } from './access.js';
import type { ExchangeBundleRecordTable } from './database.js';
import type { Db } from './db.js';

// What each bundle sent carried, one labelled row per record (migration 0029), read under the read rule.

/** Rows written per statement: within the parameter limits of both databases. */
const CHUNK = 200;

/** Keeps the records a bundle carried, in the export's transaction. */
export async function insertBundleRecords(db: Db, rows: readonly ExchangeBundleRecordTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('exchange_bundle_record')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/** The records of a bundle that the reader may read, in the bundle's order. */
export const readableBundleRecords = (db: Db, reader: StoreReader, bundleId: string) =>
  db
    .selectFrom('exchange_bundle_record as r')
    .select(['r.position', 'r.kind', 'r.record_id', 'r.version', 'r.level', 'r.partner_level', ...labelColumns('r')])
    .where('r.bundle_id', '=', bundleId)
    .where(readableBy(reader, 'r'))
    .orderBy('r.position')
    .execute();

/** How many records of each bundle the reader may read; a bundle of none is absent. */
export async function readableBundleCounts(db: Db, reader: StoreReader, bundleIds: readonly string[]) {
  const counts = new Map<string, number>();
  if (!bundleIds.length) return counts;
  const rows = await db
    .selectFrom('exchange_bundle_record as r')
    .select(['r.bundle_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('r.bundle_id', 'in', [...bundleIds])
    .where(readableBy(reader, 'r'))
    .groupBy('r.bundle_id')
    .execute();
  for (const r of rows) counts.set(r.bundle_id, Number(r.n));
  return counts;
}

/** Of the records named (`kind:id`), those a partner sent whose copy here the reader may read. */
export async function readableCopyKeys(
  db: Db,
  reader: StoreReader,
  originator: string,
  records: readonly { kind: string; id: string }[],
): Promise<Set<string>> {
  const keys = new Set<string>();
  const byKind = new Map<string, string[]>();
  for (const r of records) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
  for (const [kind, ids] of byKind)
    for (let i = 0; i < ids.length; i += 500)
      for (const r of await db
        .selectFrom('exchange_record')
        .select('id')
        .where('originator_installation', '=', originator)
        .where('kind', '=', kind)
        .where('id', 'in', ids.slice(i, i + 500))
        .where(readableBy(reader, 'exchange_record'))
        .execute())
        keys.add(`${kind}:${r.id}`);
  return keys;
}
