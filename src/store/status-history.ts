import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/**
 * A record's status history (a programme's, an industrial project's): one row
 * a move, kept in a table of its own beside the record, in the order written.
 */

/** The tables that keep a status history, and the column of each that names the record. */
const HISTORIES = { programme_event: 'programme_id', industrial_project_event: 'project_id' } as const;

type HistoryTable = keyof typeof HISTORIES;

/** One move of a record's status, as a use case writes and reads it. */
export interface StatusMove<S extends string> {
  at: string;
  from: S | null;
  to: S;
  reason: string | null;
  party: string;
  userId: string;
}

/** Keeps one move in the history of the record `recordId`. */
export async function recordStatusMove<S extends string>(
  trx: Kysely<Database>,
  table: HistoryTable,
  recordId: string,
  e: StatusMove<S>,
) {
  await trx
    .insertInto(table)
    .values({
      [HISTORIES[table]]: recordId,
      at: e.at,
      from_status: e.from,
      to_status: e.to,
      reason: e.reason,
      party: e.party,
      user_id: e.userId,
    } as never)
    .execute();
}

/** The history of the record `recordId`, oldest move first (the caller found the record readable). */
export async function statusHistory<S extends string>(
  db: Kysely<Database>,
  table: HistoryTable,
  recordId: string,
): Promise<StatusMove<S>[]> {
  const rows = await db
    .selectFrom(table)
    .select(['at', 'from_status', 'to_status', 'reason', 'party', 'user_id'])
    .where(HISTORIES[table], '=', recordId)
    .orderBy('id')
    .execute();
  return rows.map((e) => ({
    at: e.at,
    from: e.from_status as S | null,
    to: e.to_status as S,
    reason: e.reason,
    party: e.party,
    userId: e.user_id,
  }));
}
