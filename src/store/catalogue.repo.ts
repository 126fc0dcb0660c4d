import type { Kysely } from 'kysely';
import type { Supplier } from '../domain/programme.schema.js';
import { readableBy, type StoreReader } from './access.js';
import type { Database, LabelColumns } from './database.js';
import type { LabelCodec } from './label-codec.js';

// The catalogue of suppliers and their systems, per party: each supplier is a
// labelled record of the party that entered it; its systems share its label.

function systemsOf(db: Kysely<Database>, supplierIds: string[]) {
  if (!supplierIds.length) return Promise.resolve([]);
  return db
    .selectFrom('supplier_system')
    .select(['id', 'supplier_id', 'name', 'category', 'description'])
    .where('supplier_id', 'in', supplierIds)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

async function withSystems(
  db: Kysely<Database>,
  codec: LabelCodec,
  rows: (LabelColumns & {
    id: string;
    version: number;
    created_at: string;
    updated_at: string;
    name: string;
    country: string;
    identifier: string | null;
  })[],
): Promise<Supplier[]> {
  const systems = await systemsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    ...codec.decode(r),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    name: r.name,
    country: r.country,
    identifier: r.identifier,
    systems: systems
      .filter((s) => s.supplier_id === r.id)
      .map((s) => ({ id: s.id, name: s.name, category: s.category, description: s.description })),
  }));
}

export async function listSuppliers(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, party?: string) {
  let q = db.selectFrom('supplier').selectAll().where(readableBy(reader, 'supplier'));
  if (party) q = q.where('owner_party', '=', party);
  return withSystems(db, codec, await q.orderBy('name').orderBy('id').limit(1000).execute());
}

export async function findSupplier(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, id: string) {
  const row = await db
    .selectFrom('supplier')
    .selectAll()
    .where('id', '=', id)
    .where(readableBy(reader, 'supplier'))
    .executeTakeFirst();
  return row ? (await withSystems(db, codec, [row]))[0] : undefined;
}

export async function insertSupplier(
  trx: Kysely<Database>,
  s: { id: string; columns: LabelColumns; name: string; country: string; identifier: string | null; at: string },
) {
  await trx
    .insertInto('supplier')
    .values({
      id: s.id,
      ...s.columns,
      version: 1,
      created_at: s.at,
      updated_at: s.at,
      name: s.name,
      country: s.country,
      identifier: s.identifier,
    })
    .execute();
}

export async function insertSystems(
  trx: Kysely<Database>,
  supplierId: string,
  systems: { id: string; name: string; category: string; description: string | null }[],
  at: string,
) {
  if (systems.length)
    await trx
      .insertInto('supplier_system')
      .values(systems.map((s) => ({ ...s, supplier_id: supplierId, created_at: at })))
      .execute();
}

/** Whether the system belongs to the supplier and the reader may read the supplier. */
export async function isReadableSystem(db: Kysely<Database>, reader: StoreReader, supplierId: string, systemId: string) {
  const row = await db
    .selectFrom('supplier_system as sy')
    .innerJoin('supplier as s', 's.id', 'sy.supplier_id')
    .select('sy.id')
    .where('sy.id', '=', systemId)
    .where('s.id', '=', supplierId)
    .where(readableBy(reader, 's'))
    .executeTakeFirst();
  return row !== undefined;
}
