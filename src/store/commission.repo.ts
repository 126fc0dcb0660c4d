import type { Insertable, Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { CommissionSessionTable, CommissionTable, Database } from './database.js';
import { isUniqueClash } from './dialect.js';
import { reindex } from './search-index.js';

export function findCommission(db: Kysely<Database>, reader: StoreReader, id: string) {
  return db.selectFrom('commission').selectAll().where('id', '=', id).where(readableBy(reader, 'commission')).executeTakeFirst();
}

export function listCommissions(db: Kysely<Database>, reader: StoreReader) {
  return db.selectFrom('commission').selectAll().where(readableBy(reader, 'commission')).orderBy('created_at').execute();
}

export function listSessions(db: Kysely<Database>, reader: StoreReader, commissionId: string) {
  return db
    .selectFrom('commission_session')
    .selectAll()
    .where('commission_id', '=', commissionId)
    .where(readableBy(reader, 'commission_session'))
    .orderBy('number')
    .orderBy('id')
    .execute();
}

/**
 * Whether a session the reader may read has the number in its commission.
 * One it may not read does not count: numbers are unique per label
 * (docs/polyinstantiation.md), and a writer reads every record at the label it writes.
 */
export async function sessionNumberTaken(db: Kysely<Database>, reader: StoreReader, commissionId: string, number: number) {
  const row = await db
    .selectFrom('commission_session')
    .select('id')
    .where('commission_id', '=', commissionId)
    .where('number', '=', number)
    .where(readableBy(reader, 'commission_session'))
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a write failed on the unique number of a label: another writer took it meanwhile. */
export const isSessionNumberClash = (err: unknown) => isUniqueClash(err, 'session_number_by_label', 'commission_session.number');

export function findSession(db: Kysely<Database>, reader: StoreReader, id: string) {
  return db
    .selectFrom('commission_session')
    .selectAll()
    .where('id', '=', id)
    .where(readableBy(reader, 'commission_session'))
    .executeTakeFirst();
}

export function findSource(db: Kysely<Database>, reader: StoreReader, id: string) {
  return db.selectFrom('source').selectAll().where('id', '=', id).where(readableBy(reader, 'source')).executeTakeFirst();
}

export async function insertCommission(db: Kysely<Database>, row: Insertable<CommissionTable>): Promise<void> {
  await db.insertInto('commission').values(row).execute();
}

/** The parties of a commission, whoever reads: a decision on a plan is taken by all of them. */
export async function commissionParties(db: Kysely<Database>, commissionId: string): Promise<string[]> {
  const c = await db.selectFrom('commission').select('parties').where('id', '=', commissionId).executeTakeFirstOrThrow();
  return JSON.parse(c.parties) as string[];
}

/** Adds a session; a number taken meanwhile at the same label fails as `isSessionNumberClash`. */
export async function insertSession(db: Kysely<Database>, row: Insertable<CommissionSessionTable>): Promise<void> {
  await db.insertInto('commission_session').values(row).execute();
  await reindex(db, 'commission_session', [row.id]);
}
