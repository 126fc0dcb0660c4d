import type { Kysely } from 'kysely';
import { delayAfter, THROTTLE_WINDOW_MINUTES, type ThrottleRule } from '../domain/sign-in-throttle.js';
import type { Database } from './database.js';

/** Whether an attempt may go on, and if not, how many seconds until it may. */
export type Claim = { granted: true } | { granted: false; retryAfterSeconds: number };

// A claim that keeps losing the race to simultaneous ones is refused rather than retried for ever.
const MAX_TRIES = 5;

/**
 * Claims one attempt on `key`: granted once the wait set by the previous
 * attempts is over, and then the wait before the next one is set from the new
 * count. The row changes only if nobody changed it since it was read, so
 * simultaneous attempts, in this process or another, each see the others'.
 */
export async function claimAttempt(db: Kysely<Database>, key: string, rule: ThrottleRule, now: Date): Promise<Claim> {
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000).toISOString();
  const notBefore = (n: number) => new Date(now.getTime() + delayAfter(rule, n) * 1000).toISOString();
  for (let i = 0; i < MAX_TRIES; i++) {
    const row = await db.selectFrom('sign_in_throttle').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row) {
      // Each new key first clears the keys gone quiet, so that guesses under ever new names or
      // addresses do not pile up rows.
      await db.deleteFrom('sign_in_throttle').where('last_at', '<', windowStart).where('not_before', '<=', at).execute();
      const inserted = await db
        .insertInto('sign_in_throttle')
        .values({ key, attempts: 1, last_at: at, not_before: notBefore(1) })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { granted: true };
      continue;
    }
    if (row.not_before > at)
      return { granted: false, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(row.not_before) - now.getTime()) / 1000)) };
    const attempts = row.last_at < windowStart ? 1 : row.attempts + 1;
    const updated = await db
      .updateTable('sign_in_throttle')
      .set({ attempts, last_at: at, not_before: notBefore(attempts) })
      .where('key', '=', key)
      .where('attempts', '=', row.attempts)
      .where('last_at', '=', row.last_at)
      .where('not_before', '=', row.not_before)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1) return { granted: true };
  }
  return { granted: false, retryAfterSeconds: 1 };
}

/** Forgets the attempts on these keys: their owner proved who they are. */
export async function clearAttempts(db: Kysely<Database>, keys: string[]): Promise<void> {
  if (keys.length) await db.deleteFrom('sign_in_throttle').where('key', 'in', keys).execute();
}

/** Takes back one attempt on `key`, that turned out to be a right one. */
export async function refundAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable('sign_in_throttle')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('key', '=', key)
    .where('attempts', '>', 0)
    .execute();
}
