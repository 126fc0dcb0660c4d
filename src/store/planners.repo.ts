import type { Kysely } from 'kysely';
import { classificationAt } from '../domain/labels.js';
import type { Role } from '../domain/user.schema.js';
import { readableBy } from './access.js';
import type { Database } from './database.js';
import type { LabelCodec } from './label-codec.js';

/**
 * The active planners of `party` who may read the record `id` of `table`:
 * who is told of a decision or a request about it. Each user is checked with
 * the read rule of the security model, as the user's own reads are.
 */
/** The active users of `party` holding `role`, each with the reader the read rule checks them as. */
export async function activeUsersWithRole(db: Kysely<Database>, codec: LabelCodec, party: string, role: Role) {
  const users = await db
    .selectFrom('app_user')
    .select(['id', 'party', 'roles', 'clearance', 'compartment_mask'])
    .where('party', '=', party)
    .where('disabled', '=', 0)
    .orderBy('id')
    .execute();
  return users
    .filter((u) => (JSON.parse(u.roles) as string[]).includes(role))
    .map((u) => ({
      id: u.id,
      reader: codec.reader({
        party: u.party,
        clearance: classificationAt(u.clearance),
        compartments: codec.compartmentsOf(u.compartment_mask),
      }),
    }));
}

export async function readablePlannersOf(
  db: Kysely<Database>,
  codec: LabelCodec,
  party: string,
  record: { table: 'work_plan' | 'commission_session'; id: string },
): Promise<string[]> {
  const readers = [];
  for (const u of await activeUsersWithRole(db, codec, party, 'planner')) {
    const seen = await db
      .selectFrom(record.table)
      .select('id')
      .where('id', '=', record.id)
      .where(readableBy(u.reader, record.table))
      .executeTakeFirst();
    if (seen) readers.push(u.id);
  }
  return readers;
}
