import type { Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

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
    .execute();
}

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
