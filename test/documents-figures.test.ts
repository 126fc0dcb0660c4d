import { describe, expect, it } from 'vitest';
import { figures } from '../src/documents/number-format.js';
import { context } from '../src/documents/render.js';

const spaced = (x: string) => x.replace(/[\u00a0\u202f]/g, ' ').replace(/[\u200e\u200f\u061c]/g, '');

/**
 * Every document lays out its figures as the web shows them to a reader of
 * the same language: Moroccan grouping in Arabic (1.900.000.000,00, as on the
 * screen), a comma and a space before the percent sign in French.
 */
describe('figures in the documents', () => {
  it('are grouped and marked as on the screen, in every document', () => {
    expect(context('ar').num(1234567.5)).toBe('1.234.567,5');
    expect(spaced(context('fr').pct(0.3))).toBe('30 %');
    expect(context('en').num(1234567.5)).toBe('1,234,567.5');
  });

  it('keep the decimals an amount or a percentage has, digit for digit', () => {
    expect(figures('ar').money({ amount: '1900000000.00', currency: 'MAD' })).toBe('1.900.000.000,00 MAD');
    expect(figures('en').money({ amount: '92233720368547758.07', currency: 'MAD' })).toBe('92,233,720,368,547,758.07 MAD');
    expect(spaced(figures('fr').percent('0.00'))).toBe('0,00 %');
    expect(spaced(figures('fr').percent('30.00'))).toBe('30,00 %');
    expect(figures('he').number('1.5')).toBe('1.5');
    expect(figures('fr').percent(null)).toBe('—');
  });
});
