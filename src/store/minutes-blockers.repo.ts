import type { Kysely } from 'kysely';
import { readableBy, type StoreReader } from './access.js';
import type { Database } from './database.js';

/**
 * The agenda items of a session the reader may not read, counted by the
 * party that owns them. For the owners only: nothing of it goes to the reader.
 */
export async function hiddenAgendaItemsByOwner(db: Kysely<Database>, reader: StoreReader, sessionId: string) {
  const rows = await db
    .selectFrom('agenda_item as i')
    .select(['i.owner_party'])
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('i.session_id', '=', sessionId)
    .where((eb) => eb.not(readableBy(reader, 'i')))
    .groupBy('i.owner_party')
    .orderBy('i.owner_party')
    .execute();
  return rows.map((r) => ({ party: r.owner_party, count: Number(r.n) }));
}

export function sessionRow(db: Kysely<Database>, sessionId: string) {
  return db.selectFrom('commission_session').selectAll().where('id', '=', sessionId).executeTakeFirst();
}
