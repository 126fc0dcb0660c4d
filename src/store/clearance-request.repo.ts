import type { Insertable, Kysely } from 'kysely';
import type { ClearanceRequestTable, Database } from './database.js';

const columns = [
  'clearance_request.id',
  'clearance_request.user_id',
  'clearance_request.party',
  'clearance_request.clearance',
  'clearance_request.compartment_mask',
  'clearance_request.requested_at',
  'clearance_request.status',
  'clearance_request.decided_at',
  'clearance_request.requested_by',
  'target.username as username',
  'asker.username as requested_by_username',
  'decider.username as decided_by_username',
] as const;

function requests(db: Kysely<Database>) {
  return db
    .selectFrom('clearance_request')
    .innerJoin('app_user as target', 'target.id', 'clearance_request.user_id')
    .innerJoin('app_user as asker', 'asker.id', 'clearance_request.requested_by')
    .leftJoin('app_user as decider', 'decider.id', 'clearance_request.decided_by')
    .select(columns);
}

export type ClearanceRequestRow = NonNullable<Awaited<ReturnType<typeof findClearanceRequest>>>;

export function findClearanceRequest(db: Kysely<Database>, id: string) {
  return requests(db).where('clearance_request.id', '=', id).executeTakeFirst();
}

/** The pending requests of a party, or of some of its users, oldest first. */
export function pendingClearanceRequests(db: Kysely<Database>, party: string, userIds?: readonly string[]) {
  return requests(db)
    .where('clearance_request.party', '=', party)
    .where('clearance_request.status', '=', 'pending')
    .$if(userIds !== undefined, (qb) => qb.where('clearance_request.user_id', 'in', userIds?.length ? userIds : ['']))
    .orderBy('clearance_request.requested_at')
    .orderBy('clearance_request.id')
    .execute();
}

export async function insertClearanceRequest(db: Kysely<Database>, row: Insertable<ClearanceRequestTable>): Promise<void> {
  await db.insertInto('clearance_request').values(row).execute();
}

/** Decides a request only if it is still pending; false if another decision came first. */
export async function decideClearanceRequest(
  db: Kysely<Database>,
  id: string,
  status: 'confirmed' | 'refused',
  by: string,
  at: string,
): Promise<boolean> {
  const res = await db
    .updateTable('clearance_request')
    .set({ status, decided_by: by, decided_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
