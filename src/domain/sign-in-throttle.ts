/**
 * How sign-in attempts are slowed down (ASVS 6.3): never a lock-out that
 * anyone could set off against someone else's account, but a delay that grows
 * with each attempt beyond a few free ones, counted separately for one account
 * from one address, for one account from anywhere, and for one address
 * against any account. The account-wide delay stays short, so that a stranger
 * guessing from elsewhere slows its owner down by a minute at worst; the
 * delays on the guesser's own address grow to a quarter of an hour.
 */
export interface ThrottleRule {
  /** Attempts within the window that wait for nothing. */
  free: number;
  /** The wait before the first attempt past the free ones; it doubles with each further one. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

export const SIGN_IN_RULES = {
  /** One account from one address: a guesser at the keyboard. */
  accountFromAddress: { free: 5, firstDelaySeconds: 1, maxDelaySeconds: 15 * 60 },
  /** One account from anywhere: guesses spread over many addresses. */
  account: { free: 10, firstDelaySeconds: 1, maxDelaySeconds: 60 },
  /** One address against any account: one password tried on many accounts. */
  address: { free: 30, firstDelaySeconds: 1, maxDelaySeconds: 15 * 60 },
} as const satisfies Record<string, ThrottleRule>;

/** Attempts older than this are forgotten: the counts start again. */
export const THROTTLE_WINDOW_MINUTES = 15;

/** How long after its `n`th attempt (1-based) within the window the next one must wait, in seconds. */
export function delayAfter(rule: ThrottleRule, n: number): number {
  if (n < rule.free) return 0;
  return Math.min(rule.maxDelaySeconds, rule.firstDelaySeconds * 2 ** Math.min(n - rule.free, 30));
}
