import { DomainError } from '../domain/errors.js';
import { problem } from '../domain/problems.js';
import { SIGN_IN_RULES } from '../domain/sign-in-throttle.js';
import type { Db } from '../store/db.js';
import { claimAttempt, clearAttempts, refundAttempt } from '../store/sign-in-throttle.repo.js';

/** A password check refused before it was made; the answer says when to try again. */
export class SignInThrottled extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    const refused = problem('auth.throttled', { seconds: retryAfterSeconds });
    super(refused.kind, refused.message, [], refused.code, refused.params);
  }
}

const keysOf = (username: string, from: string | null) => ({
  accountFromAddress: from === null ? null : JSON.stringify(['account+address', username, from]),
  account: JSON.stringify(['account', username]),
  address: from === null ? null : JSON.stringify(['address', from]),
});

/**
 * Claims one password check for `username` from the address `from`, on the
 * account from that address, the account from anywhere and the address
 * against any account, in that order; throws {@link SignInThrottled} at the
 * first that must wait, before any password is checked. The claims already
 * granted are given back then: an attempt refused unchecked counts against
 * nobody, so that a guesser elsewhere holding the account's wait does not
 * also make its owner's own address wait longer.
 */
export async function claimPasswordCheck(db: Db, username: string, from: string | null, now: Date) {
  const keys = keysOf(username, from);
  const granted: string[] = [];
  for (const rule of ['accountFromAddress', 'account', 'address'] as const) {
    const key = keys[rule];
    if (key === null) continue;
    const claim = await claimAttempt(db, key, SIGN_IN_RULES[rule], now);
    if (!claim.granted) {
      for (const k of granted) await refundAttempt(db, k);
      throw new SignInThrottled(claim.retryAfterSeconds);
    }
    granted.push(key);
  }
}

/**
 * After a right password: the account's counts start again, and the address
 * gets its attempt back, so that many people signing in from one office are
 * not slowed down by each other.
 */
export async function passwordCheckSucceeded(db: Db, username: string, from: string | null) {
  const keys = keysOf(username, from);
  await clearAttempts(db, [keys.account, ...(keys.accountFromAddress ? [keys.accountFromAddress] : [])]);
  if (keys.address) await refundAttempt(db, keys.address);
}
