import { dinero, toDecimal } from 'dinero.js/bigint';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCY_CODES, minorUnits } from '../../src/domain/iso4217.js';
import { formatMoney, parseMoney } from '../../src/domain/money.js';

// formatMoney writes the decimal itself rather than through a Dinero object: it must write every amount
// exactly as dinero.js's toDecimal does, in every currency, and read back as the same amount.
const byDinero = (amount: bigint, code: string) =>
  toDecimal(dinero({ amount, currency: { code, base: 10n, exponent: BigInt(minorUnits(code)) } }));

describe('formatMoney', () => {
  it('writes what dinero.js writes, in every currency, around each place of the point', () => {
    const amounts = [0n, 1n, 9n, 10n, 99n, 100n, 101n, 999n, 1000n, 1001n, 10000n, 12345n, 123456789012345678n];
    for (const code of CURRENCY_CODES)
      for (const a of amounts)
        for (const amount of [a, -a])
          expect(formatMoney({ amount, currency: code }), `${amount} ${code}`).toBe(byDinero(amount, code));
  });

  it('writes what dinero.js writes for any amount, and reads back as it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.constantFrom('JPY', 'EUR', 'IQD', 'CLF'),
        (amount, code) => {
          const text = formatMoney({ amount, currency: code });
          expect(text).toBe(byDinero(amount, code));
          // parseMoney reads at most 18 digits before the point.
          if (amount < 10n ** 18n && amount > -(10n ** 18n)) expect(parseMoney(text, code).amount).toBe(amount);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
