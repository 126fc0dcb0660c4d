import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { labelColumns, readableBy, type StoreReader } from './access.js';
import type { ExchangeBundleRecordTable } from './database.js';
import type { Db } from './db.js';
import { isPostgres } from './dialect.js';
import { insertRows } from './sqlite-insert.js';

// What each bundle sent carried, one labelled row per record (migration 0029), read under the read rule.

/** Rows written per statement: 11 columns a row, within the parameter limits of both databases. */
const CHUNK = 500;
/** Rows written per statement on PostgreSQL, a column an array parameter. */
export const UNNEST_CHUNK = 10_000;
/** Rows read per query when the rows of a bundle are hashed again. */
const HASH_PAGE = 5000;

export type SealedRow = Omit<ExchangeBundleRecordTable, 'bundle_id'>;

const BUNDLE_RECORD_COLUMNS = [
  'bundle_id',
  'position',
  'kind',
  'record_id',
  'version',
  'level',
  'partner_level',
  'owner_party',
  'classification',
  'releasable_mask',
  'compartment_mask',
] as const satisfies readonly (keyof ExchangeBundleRecordTable)[];

/**
 * The hash that seals a bundle's rows in its export's audit entry: SHA-256 over each row, in the
 * bundle's order, as one line of JSON of its columns. Integers are read as numbers on both databases.
 */
function rowsHasher() {
  const hash = createHash('sha256');
  return {
    add(r: SealedRow) {
      const line = [
        Number(r.position),
        r.kind,
        r.record_id,
        Number(r.version),
        r.level,
        r.partner_level,
        r.owner_party,
        Number(r.classification),
        Number(r.releasable_mask),
        Number(r.compartment_mask),
      ];
      hash.update(`${JSON.stringify(line)}\n`);
    },
    digest: () => hash.digest('hex'),
  };
}

/**
 * Keeps the records a bundle carried, in the export's transaction, a batch at a time in the bundle's
 * order (positions rising), and gives the hash that seals them (`bundleRecordsHash` gives it again from
 * what is kept).
 */
export function bundleRecordsWriter(db: Db, bundleId: string) {
  const hasher = rowsHasher();
  return {
    async add(rows: readonly SealedRow[]) {
      for (const r of rows) hasher.add(r);
      if (isPostgres(db)) {
        // One array a column, unnested: a statement of a few parameters, parsed and planned at once, where
        // 500 rows of 11 parameters each took PostgreSQL longer to parse and plan than to write.
        for (let i = 0; i < rows.length; i += UNNEST_CHUNK) {
          const part = rows.slice(i, i + UNNEST_CHUNK);
          const column = <K extends keyof SealedRow>(k: K) => part.map((r) => r[k]);
          await sql`insert into exchange_bundle_record (bundle_id, position, kind, record_id, version, level, partner_level,
              owner_party, classification, releasable_mask, compartment_mask)
            select cast(${bundleId} as text), k.* from unnest(cast(${column('position')} as integer[]),
              cast(${column('kind')} as text[]), cast(${column('record_id')} as text[]), cast(${column('version')} as integer[]),
              cast(${column('level')} as text[]), cast(${column('partner_level')} as text[]), cast(${column('owner_party')} as text[]),
              cast(${column('classification')} as integer[]), cast(${column('releasable_mask')} as bigint[]),
              cast(${column('compartment_mask')} as bigint[])) as k`.execute(db);
        }
        return;
      }
      for (let i = 0; i < rows.length; i += CHUNK)
        await insertRows(
          db,
          'exchange_bundle_record',
          BUNDLE_RECORD_COLUMNS,
          rows.slice(i, i + CHUNK).map((r) => ({ bundle_id: bundleId, ...r })),
        );
    },
    /** The hash of every row added, in order. */
    hash: () => hasher.digest(),
  };
}

/**
 * The hash of the rows kept of a bundle, all of them, read page by page: an integrity check against the
 * hash its export sealed, which tells nothing of the rows but whether they are the ones written.
 */
export async function bundleRecordsHash(db: Db, bundleId: string): Promise<string> {
  const hasher = rowsHasher();
  for (let after = -1; ; ) {
    const page = await db
      .selectFrom('exchange_bundle_record')
      .select([
        'position',
        'kind',
        'record_id',
        'version',
        'level',
        'partner_level',
        'owner_party',
        'classification',
        'releasable_mask',
        'compartment_mask',
      ])
      .where('bundle_id', '=', bundleId)
      .where('position', '>', after)
      .orderBy('position')
      .limit(HASH_PAGE)
      .execute();
    for (const r of page) hasher.add(r);
    const last = page[page.length - 1];
    if (page.length < HASH_PAGE || !last) return hasher.digest();
    after = Number(last.position);
  }
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
