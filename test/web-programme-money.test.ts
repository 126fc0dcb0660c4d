import { describe, expect, it } from 'vitest';
import { formatAmount } from '../web/src/components/programme-money.js';

/** Amounts as the programme pages write them (French by default here), no-break spaces read as spaces. */
const shown = (amount: string, currency: string) => formatAmount({ amount, currency }).replace(/[\u00a0\u202f]/g, ' ');

describe('amounts on the programme pages', () => {
  it('keeps every digit of an amount past 2^53, never passing through a double', () => {
    expect(shown('90071992547409930.07', 'EUR')).toBe('90 071 992 547 409 930,07 EUR');
    expect(Number('90071992547409930.07').toFixed(2)).not.toBe('90071992547409930.07');
  });

  it("writes the currency's ISO 4217 decimals, not those Intl knows", () => {
    expect(shown('1234.5', 'IQD')).toBe('1 234,500 IQD');
    expect(shown('1234', 'JPY')).toBe('1 234 JPY');
    expect(shown('0.05', 'MAD')).toBe('0,05 MAD');
    expect(shown('-0.05', 'MAD')).toBe('-0,05 MAD');
  });
});
