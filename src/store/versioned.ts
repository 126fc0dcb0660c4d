import type { Generated, Kysely, Updateable } from 'kysely';
import { DomainError } from '../domain/errors.js';
import { fill, PROBLEMS, problem, type ThrowableCode } from '../domain/problems.js';
import type { Database, LabelColumns } from './database.js';

/** The columns a labelled, versioned record is inserted with before its own: id, label, version 1 and its times. */
export const newRecord = (id: string, columns: LabelColumns, at: string) => ({
  id,
  ...columns,
  version: 1,
  created_at: at,
  updated_at: at,
});

/**
 * A compare-and-set that another writer won: the row moved between this
 * transaction's read and its write, or the database undid the transaction
 * as the loser of a deadlock. Answers 409 like any conflict. Raise it only
 * before the transaction has written anything it keeps, so that running the
 * transaction again is safe.
 */
export class LostRace extends DomainError {
  /** `what`: the record, as a use case names it (`Plan`, `Amendment 2`...). */
  constructor(what: string) {
    const [code, params] = lostRaceCode(what);
    super('conflict', fill(PROBLEMS[code].text, params), [], code, params);
  }
}

const RECORDS: Record<string, ThrowableCode> = {
  Plan: 'plan.changed_meanwhile',
  Activity: 'activity.changed_meanwhile',
  Objective: 'objective.changed_meanwhile',
  Indicator: 'indicator.changed_meanwhile',
  Session: 'session.changed_meanwhile',
  'Agenda item': 'agenda_item.changed_meanwhile',
  'Action item': 'action_item.changed_meanwhile',
  User: 'user.changed_meanwhile',
};

function lostRaceCode(what: string): [ThrowableCode, Record<string, string | number>] {
  const amendment = /^Amendment (\d+)$/.exec(what);
  if (amendment) return ['amendment.changed_meanwhile', { number: Number(amendment[1]) }];
  return [RECORDS[what] ?? 'common.changed_meanwhile', {}];
}

/** The problem of each record that answers a write based on a version it no longer has. */
export type StaleVersionCode = Extract<ThrowableCode, `${string}.stale_version`>;

/**
 * Refuses a write based on `expected` when the record read is at another
 * version: the writer decided on what it saw, and that has changed. The
 * compare-and-set below still guards the write against a writer that comes
 * between this read and the write.
 */
export function assertVersion(code: StaleVersionCode, record: { version: number }, expected: number) {
  if (record.version !== expected) throw problem(code, { had: expected, now: record.version });
}

/** The tables whose rows carry an `id` and a `version` that every write moves on (a version may default to 1). */
export type VersionedTable = {
  [T in keyof Database]: Database[T] extends { id: string; version: number | Generated<number> } ? T : never;
}[keyof Database];

export type VersionedChanges<T extends VersionedTable> = Omit<Updateable<Database[T]>, 'id' | 'version'>;

/**
 * Writes `changes` to the row only if it is still at `version`, and moves it
 * to the next version; false when another writer changed it first.
 *
 * This is the one way a versioned row is written. On PostgreSQL under READ
 * COMMITTED a plain `set version = <read> + 1` lets two overlapping
 * transactions both pass a check made on what each read and both write;
 * here the second waits for the first's row lock, then finds the version
 * moved and changes nothing. What the caller reads after a true answer is
 * therefore newer than anything committed by a writer of this row, so
 * decisions taken on it (are all approvals in?) cannot be raced.
 */
export async function compareAndSet<T extends VersionedTable>(
  db: Kysely<Database>,
  table: T,
  id: string,
  version: number,
  changes: VersionedChanges<T>,
): Promise<boolean> {
  // Kysely cannot type a query over a table chosen by a type parameter; the signature above keeps callers typed.
  const loose = db as unknown as Kysely<Record<string, { id: string; version: number }>>;
  const r = await loose
    .updateTable(table as string)
    .set({ ...(changes as object), version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Deletes the row only if it is still at `version`; false when another writer
 * changed (or deleted) it first. The one way a versioned row is deleted.
 */
export async function deleteAtVersion<T extends VersionedTable>(
  db: Kysely<Database>,
  table: T,
  id: string,
  version: number,
): Promise<boolean> {
  // As in compareAndSet: the table is a parameter, so the query is built on a loose view of it.
  const loose = db as unknown as Kysely<Record<string, { id: string; version: number }>>;
  const r = await loose
    .deleteFrom(table as string)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** The versioned tables whose rows move through a lifecycle `status`. */
export type StatusTable = 'work_plan' | 'commission_session';

/**
 * Locks the row until commit if it is still in `status`, without moving its
 * version; false when it has left that status. Taken by a write that depends
 * on the row without changing it (withdrawing a plan's approvals, adding to
 * a session's agenda), so that a write racing it on the same row waits
 * instead of deciding on what is about to change.
 */
export async function lockIn(db: Kysely<Database>, table: StatusTable, id: string, status: string): Promise<boolean> {
  // As above: the table is a parameter, so the query is built on a loose view of it.
  const loose = db as unknown as Kysely<Record<string, { id: string; status: string }>>;
  const r = await loose
    .updateTable(table as string)
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', id)
    .where('status', '=', status)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
