/**
 * Who may be named to whom. An answer that names the user behind a change or
 * a record (an author, an approver, whoever measured, moved or decided) names
 * a user of the reader's own party as it always did; a user of another party
 * is given only as their party, with their account id, username and name
 * null. The reader still learns which party acted, never which of its people.
 * The exceptions (the audit views, administration of one's own party's users,
 * an evaluation's evaluators) are told in docs/security.md section 1.
 */

/** What the description of a field that names a user says. */
export const NAMED_IF_OWN_PARTY = "null when the user is of another party than the reader's";

/**
 * `named` when the user (of party `userParty`) is of the reader's party, null
 * otherwise: a user whose party is not known is named to nobody.
 */
export function namedFor<T>(readerParty: string, userParty: string | null | undefined, named: T): T | null {
  return userParty != null && userParty === readerParty ? named : null;
}

/** The account id of the user of party `userParty`, or null when the reader may not know it. */
export const userIdFor = (readerParty: string, userParty: string | null | undefined, userId: string | null | undefined) =>
  namedFor(readerParty, userParty, userId ?? null);

/**
 * Entries that carry the party of the user behind them (approvals, agreements,
 * decisions), each with its user named only to a reader of that party.
 */
export const byPartyFor = <E extends { party: string; userId: string | null }>(
  readerParty: string,
  entries: readonly E[],
): (Omit<E, 'userId'> & { userId: string | null })[] =>
  entries.map((e) => (e.party === readerParty ? e : { ...e, userId: null }));
