import type { Kysely } from 'kysely';
import { DomainError } from '../domain/errors.js';
import type { Database } from '../store/database.js';
import { inTransaction } from '../store/tx.js';

/**
 * A compare-and-set that another writer won: the row moved between this
 * transaction's read and its write. Answers 409 like any conflict. Raise it
 * only before the transaction has written anything, so that running the
 * transaction again is safe even where it joins an outer one.
 */
export class LostRace extends DomainError {
  constructor(what: string) {
    super('conflict', `${what} was changed meanwhile: read it again`);
  }
}

/**
 * `inTransaction`, run again (a few times) when it lost a race and the caller
 * named no version: reading again is all such a caller would do, and on
 * SQLite, where writers queue, it would have succeeded the first time. A
 * caller that named the version it read (`pinned`) keeps its 409.
 */
export async function inRereadingTransaction<T>(
  db: Kysely<Database>,
  pinned: boolean,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await inTransaction(db, fn);
    } catch (err) {
      if (pinned || !(err instanceof LostRace) || tries >= 3) throw err;
    }
  }
}
