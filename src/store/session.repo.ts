import type { Kysely } from 'kysely';
import type { CommissionSession } from '../domain/commission.schema.js';
import type { SessionStatus } from '../domain/session.lifecycle.js';
import type { StoreReader } from './access.js';
import { findSession } from './commission.repo.js';
import type { Database } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { presentSession } from './present.js';
import { reindex } from './search-index.js';
import { compareAndSet } from './versioned.js';

/** A session the reader may read, as a record with the approvals of its minutes. */
export async function findSessionRecord(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, id: string) {
  const row = await findSession(db, reader, id);
  return row ? presentSession(codec, row, await minutesApprovalsOf(db, id), reader.party) : undefined;
}

/** Takes back every approval of the session's minutes; answers the parties that had approved. */
export async function withdrawMinutesApprovalRows(trx: Kysely<Database>, sessionId: string): Promise<string[]> {
  const rows = await trx.deleteFrom('minutes_approval').where('session_id', '=', sessionId).returning('party').execute();
  return rows.map((r) => r.party);
}

export async function minutesApprovalsOf(db: Kysely<Database>, sessionId: string) {
  return (await minutesApprovalsBySession(db, [sessionId])).get(sessionId) ?? [];
}

/** The minutes approvals of several sessions in one query, by session. */
export async function minutesApprovalsBySession(db: Kysely<Database>, sessionIds: readonly string[]) {
  const bySession = new Map<string, { party: string; userId: string; at: string }[]>();
  if (sessionIds.length === 0) return bySession;
  const rows = await db.selectFrom('minutes_approval').selectAll().where('session_id', 'in', sessionIds).orderBy('at').execute();
  for (const r of rows)
    bySession.set(r.session_id, [...(bySession.get(r.session_id) ?? []), { party: r.party, userId: r.user_id, at: r.at }]);
  return bySession;
}

/** Writes a change to a session if it is still at `version`; false when someone changed it first. */
export async function updateSession(db: Kysely<Database>, id: string, version: number, c: SessionChanges): Promise<boolean> {
  const written = await compareAndSet(db, 'commission_session', id, version, {
    start_date: c.startDate,
    end_date: c.endDate,
    place: c.place,
    host_party: c.hostParty,
    delegations: c.delegations === undefined ? undefined : JSON.stringify(c.delegations),
    updated_at: c.updatedAt,
  });
  if (written) await reindex(db, 'commission_session', [id]);
  return written;
}

/** A change to a session record: the fields it sets. */
export type SessionChanges = Partial<Pick<CommissionSession, 'startDate' | 'endDate' | 'place' | 'hostParty' | 'delegations'>> & {
  updatedAt: string;
};

/**
 * Moves a session to `status`. Its version was moved on by the same
 * transaction's compare-and-set before (`updateSession`), which holds it.
 */
export async function setSessionStatus(db: Kysely<Database>, id: string, status: SessionStatus) {
  await db.updateTable('commission_session').set({ status }).where('id', '=', id).execute();
}

/** Records a party's approval of a session's minutes. */
export async function insertMinutesApproval(
  db: Kysely<Database>,
  approval: { sessionId: string; party: string; userId: string; at: string },
) {
  await db
    .insertInto('minutes_approval')
    .values({ session_id: approval.sessionId, party: approval.party, user_id: approval.userId, at: approval.at })
    .execute();
}
