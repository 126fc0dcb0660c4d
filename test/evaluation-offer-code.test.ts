import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offerCode, offerCodeText, offerPlace } from '../src/domain/evaluation/offer-code.js';

describe('offer codes', () => {
  it('name an offer by its place, in no language', () => {
    expect(offerCode(1)).toBe('O1');
    expect(offerCode(12)).toBe('O12');
  });

  it('refuse a place that is not a whole number from 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => offerCode(bad)).toThrow(RangeError);
  });

  it('give back the place of every code they make', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), (n) => offerPlace(offerCode(n)) === n));
  });

  it('read no place from names that are not codes', () => {
    for (const name of ['Offer 1', 'O', 'O0', 'O01', 'o1', 'O1 ', 'O-1', 'X1', '']) expect(offerPlace(name), name).toBeNull();
  });

  it("are shown in the reader's words, other names as they are", () => {
    const fr = (n: number) => `Offre ${n}`;
    expect(offerCodeText('O2', fr)).toBe('Offre 2');
    expect(offerCodeText('Offer 2', fr)).toBe('Offer 2');
  });
});
