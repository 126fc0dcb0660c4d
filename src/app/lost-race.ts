import type { Db } from '../store/db.js';
import { inTransaction } from '../store/tx.js';
import { LostRace } from '../store/versioned.js';

export { LostRace };

/**
 * `inTransaction`, run again (a few times) when it lost a race and the caller
 * named no version: reading again is all such a caller would do, and on
 * SQLite, where writers queue, it would have succeeded the first time. A
 * caller that named the version it read (`pinned`) keeps its 409.
 */
export async function inRereadingTransaction<T>(db: Db, pinned: boolean, fn: (trx: Db) => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await inTransaction(db, fn);
    } catch (err) {
      if (pinned || !(err instanceof LostRace) || tries >= 3) throw err;
    }
  }
}
