/**
 * The neutral code by which an evaluation names an offer: "O" and the offer's
 * place on the programme ("O1", "O2"…), in no language and never the supplier.
 * The code is what the evaluation's input holds and its hash covers, so that
 * every installation, whatever its language, recomputes the same hash; each
 * page and document shows it in its reader's language ("Offre 1", "العرض 1").
 */

const CODE = /^O([1-9][0-9]*)$/;

/** The code of the offer at `place` (from 1) on the programme. */
export function offerCode(place: number): string {
  if (!Number.isInteger(place) || place < 1) throw new RangeError(`an offer's place starts at 1, not ${place}`);
  return `O${place}`;
}

/** The place an offer code gives, or null for a name that is not one (kept as it is where shown). */
export function offerPlace(code: string): number | null {
  const m = CODE.exec(code);
  return m ? Number(m[1]) : null;
}

/**
 * The code as a reader reads it: `word` turns a place into their language's
 * words ("Offre 3"); a name that is no code is shown as it is.
 */
export function offerCodeText(code: string, word: (place: number) => string): string {
  const place = offerPlace(code);
  return place === null ? code : word(place);
}
