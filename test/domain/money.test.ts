import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.js';
import { CURRENCY_CODES, minorUnits } from '../../src/domain/iso4217.js';
import {
  addMoney,
  allocateMoney,
  convertMoney,
  type ExchangeRate,
  exchangeRateSchema,
  exchangeRateTableSchema,
  findRate,
  formatMoney,
  money,
  moneyJson,
  moneySchema,
  parseMoney,
  totalIn,
} from '../../src/domain/money.js';

describe('ISO 4217 minor units', () => {
  it('come from ISO, not from Intl: the Iraqi dinar has 3 decimals', () => {
    expect(minorUnits('IQD')).toBe(3);
    expect(minorUnits('MAD')).toBe(2);
    expect(minorUnits('USD')).toBe(2);
    expect(minorUnits('EUR')).toBe(2);
    expect(minorUnits('ILS')).toBe(2);
    expect(minorUnits('JPY')).toBe(0);
    expect(minorUnits('TND')).toBe(3);
    expect(minorUnits('CLF')).toBe(4);
    expect(minorUnits('MRU')).toBe(2);
    expect(() => minorUnits('XAU')).toThrow(/not an ISO 4217 currency/);
    expect(CURRENCY_CODES.length).toBeGreaterThan(150);
  });
});

describe('money', () => {
  it('is an integer number of minor units, parsed and written with the currency’s decimals', () => {
    expect(parseMoney('1234.5', 'MAD')).toEqual({ amount: 123450n, currency: 'MAD' });
    expect(parseMoney('1234.5', 'IQD')).toEqual({ amount: 1234500n, currency: 'IQD' });
    expect(formatMoney(parseMoney('1234.5', 'IQD'))).toBe('1234.500');
    expect(formatMoney(parseMoney('-0.05', 'EUR'))).toBe('-0.05');
    expect(moneyJson(money(123456789012345678n, 'USD'))).toEqual({ amount: '1234567890123456.78', currency: 'USD' });
  });

  it('refuses more decimals than the currency has, rather than rounding', () => {
    expect(() => parseMoney('10.001', 'EUR')).toThrow(DomainError);
    expect(() => parseMoney('1e3', 'EUR')).toThrow(DomainError);
    expect(moneySchema.safeParse({ amount: '10.5', currency: 'JPY' }).success).toBe(false);
    expect(moneySchema.safeParse({ amount: '10.5', currency: 'ZZZ' }).success).toBe(false);
    expect(moneySchema.parse({ amount: '10.125', currency: 'KWD' })).toEqual({ amount: 10125n, currency: 'KWD' });
  });

  it('adds only within one currency, and splits without losing a minor unit', () => {
    expect(addMoney(parseMoney('0.1', 'USD'), parseMoney('0.2', 'USD'))).toEqual(parseMoney('0.3', 'USD'));
    expect(() => addMoney(parseMoney('1', 'USD'), parseMoney('1', 'EUR'))).toThrow(/without a rate/);
    const parts = allocateMoney(parseMoney('100', 'MAD'), [1n, 1n, 1n]);
    expect(parts.map(formatMoney)).toEqual(['33.34', '33.33', '33.33']);
  });

  it('splits any amount into parts that add up to it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: 1, maxLength: 8 }),
        (amount, ratios) => {
          const parts = allocateMoney(money(amount, 'EUR'), ratios);
          expect(parts.reduce((s, p) => s + p.amount, 0n)).toBe(amount);
        },
      ),
    );
  });
});

const rate = (from: string, to: string, value: string, date: string, source = 'Bank Al-Maghrib'): ExchangeRate =>
  exchangeRateSchema.parse({ from, to, rate: value, date, source, enteredBy: 'finance officer' });

const TABLE = [
  rate('EUR', 'MAD', '10.8523', '2026-01-02'),
  rate('EUR', 'MAD', '10.9014', '2026-02-02'),
  rate('USD', 'MAD', '9.2311', '2026-02-01'),
  rate('MAD', 'ILS', '0.3541', '2026-02-01', 'Bank of Israel'),
];

describe('exchange rates', () => {
  it('convert exactly and round once, half to even, to the minor unit', () => {
    // 1000.00 EUR × 10.8523 = 10852.30 MAD.
    expect(convertMoney(parseMoney('1000', 'EUR'), 'MAD', '10.8523')).toEqual(parseMoney('10852.3', 'MAD'));
    // 0.05 EUR × 10.85 = 0.5425 → 0.54; 0.15 × 10.85 = 1.6275 → 1.63 (not a float's 1.62749…).
    expect(formatMoney(convertMoney(parseMoney('0.05', 'EUR'), 'MAD', '10.85'))).toBe('0.54');
    expect(formatMoney(convertMoney(parseMoney('0.15', 'EUR'), 'MAD', '10.85'))).toBe('1.63');
    // Half to even: 0.125 → 0.12, 0.135 → 0.14.
    expect(formatMoney(convertMoney(parseMoney('1', 'USD'), 'EUR', '0.125'))).toBe('0.12');
    expect(formatMoney(convertMoney(parseMoney('1', 'USD'), 'EUR', '0.135'))).toBe('0.14');
    // Into a currency with 3 decimals, or none.
    expect(formatMoney(convertMoney(parseMoney('1.00', 'USD'), 'IQD', '1310.5'))).toBe('1310.500');
    expect(formatMoney(convertMoney(parseMoney('1.00', 'USD'), 'JPY', '156.5'))).toBe('156');
  });

  it('take the latest rate on or before the day, or the inverse of a later rate entered the other way round', () => {
    expect(findRate(TABLE, 'EUR', 'MAD', '2026-01-31')?.rate).toBe('10.8523');
    expect(findRate(TABLE, 'EUR', 'MAD', '2026-02-02')?.rate).toBe('10.9014');
    expect(findRate(TABLE, 'EUR', 'MAD', '2026-01-01')).toBeNull();
    const inverted = findRate(TABLE, 'MAD', 'EUR', '2026-03-01');
    expect(inverted).toMatchObject({ inverted: true, rate: '0.091731337259', entry: { rate: '10.9014', date: '2026-02-02' } });
  });

  it('give a total in a chosen currency that shows each rate used, in MAD, USD, EUR and ILS', () => {
    const amounts = [parseMoney('1000', 'EUR'), parseMoney('500', 'USD'), parseMoney('250.75', 'MAD')];
    const total = totalIn(amounts, 'MAD', '2026-02-15', TABLE);
    expect(total.lines.map((l) => [formatMoney(l.converted), l.rate?.rate ?? null, l.rate?.entry.date ?? null])).toEqual([
      ['10901.40', '10.9014', '2026-02-02'],
      ['4615.55', '9.2311', '2026-02-01'],
      ['250.75', null, null],
    ]);
    expect(formatMoney(total.total)).toBe('15767.70');
    expect(total.lines[0]?.rate?.entry).toMatchObject({ source: 'Bank Al-Maghrib', enteredBy: 'finance officer' });
    const ils = totalIn([parseMoney('100', 'MAD')], 'ILS', '2026-02-15', TABLE);
    expect(formatMoney(ils.total)).toBe('35.41');
    const usd = totalIn([parseMoney('923.11', 'MAD')], 'USD', '2026-02-15', TABLE);
    expect(usd.lines[0]?.rate).toMatchObject({ inverted: true });
    expect(formatMoney(usd.total)).toBe('100.00');
  });

  it('refuse a total with an amount that has no rate, naming it', () => {
    try {
      totalIn([parseMoney('1', 'EUR'), parseMoney('1', 'ILS')], 'USD', '2026-02-15', TABLE);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).issues.map((i) => i.path)).toEqual(['amounts.0', 'amounts.1']);
    }
  });

  it('are validated: a known currency each side, a positive decimal rate, one rate per pair and day', () => {
    const ok = { from: 'EUR', to: 'MAD', rate: '10.8523', date: '2026-01-02', source: 'BAM', enteredBy: 'u1' };
    expect(exchangeRateSchema.safeParse(ok).success).toBe(true);
    expect(exchangeRateSchema.safeParse({ ...ok, rate: 10.8523 }).success).toBe(false);
    expect(exchangeRateSchema.safeParse({ ...ok, rate: '0.000' }).success).toBe(false);
    expect(exchangeRateSchema.safeParse({ ...ok, to: 'EUR' }).success).toBe(false);
    expect(exchangeRateSchema.safeParse({ ...ok, from: 'EUX' }).success).toBe(false);
    expect(exchangeRateSchema.safeParse({ ...ok, source: ' ' }).success).toBe(false);
    expect(exchangeRateTableSchema.safeParse([ok, ok]).success).toBe(false);
    expect(exchangeRateTableSchema.safeParse([ok, { ...ok, date: '2026-01-03' }]).success).toBe(true);
  });
});
