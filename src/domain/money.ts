/**
 * Money: integer amounts in the currency's minor units (bigint) with their
 * ISO 4217 code; never a floating-point number. The minor units come from
 * iso4217.ts (ISO 4217 itself, not `Intl`).
 *
 * Arithmetic goes through dinero.js 2 with its bigint calculator: amounts stay
 * integers at any size, a conversion multiplies exactly by a rate given as a
 * scaled integer and rounds once, half to even, to the target currency's
 * minor unit, and `allocate` splits an amount by ratios without losing a
 * minor unit. (decimal.js, the other candidate, is an arbitrary-precision
 * decimal number: it knows no currency, no minor unit and no allocation, and
 * invites amounts with more decimals than the currency has.)
 *
 * A dated exchange-rate table per installation: each rate says how many
 * units of `to` one unit of `from` is worth on a date, where it comes from and
 * who entered it. A total in a chosen currency takes, for each amount, the
 * latest rate on or before the day asked (the rate entered the other way
 * round, inverted to 12 decimals, when it is the later one) and shows it.
 */
import { add, allocate, convert, type Dinero, dinero, halfEven, transformScale } from 'dinero.js/bigint';
import { z } from 'zod';
import type { FieldIssue } from './errors.js';
import { isCurrencyCode, minorUnits } from './iso4217.js';
import { isoDateSchema } from './period.js';
import { issue, matching, problem, refinement, refusing } from './problems.js';

export type Money = { readonly amount: bigint; readonly currency: string };

export const currencyCodeSchema = matching(/^[A-Z]{3}$/, 'field.currency_format', { example: 'MAD' })
  .refine(isCurrencyCode, refusing('field.not_a_currency'))
  .describe('ISO 4217 currency code');

const DECIMAL = /^(\d{1,18})(?:\.(\d{1,18}))?$/;

const currencyOf = (code: string) => ({ code, base: 10n, exponent: BigInt(minorUnits(code)) });
const asDinero = (m: Money): Dinero<bigint> => dinero({ amount: m.amount, currency: currencyOf(m.currency) });
const fromDinero = (d: Dinero<bigint>): Money => {
  const { amount, currency, scale } = d.toJSON();
  if (scale !== currency.exponent) throw new RangeError('money left at another scale than its minor unit');
  return { amount, currency: currency.code };
};

export function money(amount: bigint, currency: string): Money {
  minorUnits(currency);
  return { amount, currency };
}

/** "1234.5" in MAD is 123450n centimes; more decimals than the currency has is refused, never rounded. */
export function parseMoney(decimal: string, currency: string): Money {
  const units = minorUnits(currency);
  const negative = decimal.startsWith('-');
  const match = DECIMAL.exec(negative ? decimal.slice(1) : decimal);
  if (!match)
    throw problem('money.not_an_amount', { value: decimal }, [issue('amount', 'field.amount_format', { example: '1234.50' })]);
  const fraction = match[2] ?? '';
  if (fraction.length > units)
    throw problem('money.too_many_decimals', { currency, decimals: units, value: decimal }, [
      issue('amount', 'field.amount_decimals', { decimals: units, currency }),
    ]);
  const minor = BigInt(match[1] + fraction.padEnd(units, '0'));
  return { amount: negative ? -minor : minor, currency };
}

/**
 * The amount as a decimal string with exactly the currency's decimals ("1234.500" for IQD, "-0.05" for -5
 * cents): the digits of the minor units with the point put in, as dinero.js's `toDecimal` writes them, without
 * making a Dinero object for each amount (a ledger writes thousands a call).
 */
export function formatMoney(m: Money): string {
  const units = minorUnits(m.currency);
  const negative = m.amount < 0n;
  const digits = (negative ? -m.amount : m.amount).toString();
  if (units === 0) return negative ? `-${digits}` : digits;
  const padded = digits.length > units ? digits : digits.padStart(units + 1, '0');
  const cut = padded.length - units;
  const decimal = `${padded.slice(0, cut)}.${padded.slice(cut)}`;
  return negative ? `-${decimal}` : decimal;
}

/** Money as JSON: the amount a decimal string, so that no reader parses it into a float. */
export const moneySchema = z
  .strictObject({
    amount: matching(/^-?\d{1,18}(\.\d{1,18})?$/, 'field.amount_format', { example: '1234.50' }),
    currency: currencyCodeSchema,
  })
  .superRefine((m, ctx) => {
    if (!isCurrencyCode(m.currency)) return;
    const decimals = m.amount.split('.')[1]?.length ?? 0;
    if (decimals > minorUnits(m.currency))
      ctx.addIssue(
        refinement(issue('amount', 'field.amount_decimals', { decimals: minorUnits(m.currency), currency: m.currency })),
      );
  })
  .transform((m) => parseMoney(m.amount, m.currency))
  .describe('An amount and its currency');
export const moneyJson = (m: Money) => ({ amount: formatMoney(m), currency: m.currency });

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`cannot add ${a.currency} to ${b.currency} without a rate`);
  return fromDinero(add(asDinero(a), asDinero(b)));
}

/** Splits an amount by integer ratios; the parts add up to the amount exactly. */
export function allocateMoney(m: Money, ratios: readonly bigint[]): Money[] {
  return allocate(asDinero(m), ratios).map(fromDinero);
}

// The exchange-rate table.

const RATE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

export const exchangeRateSchema = z
  .strictObject({
    from: currencyCodeSchema,
    to: currencyCodeSchema,
    rate: matching(RATE, 'field.rate_format', { max: 12, example: '10.85' })
      .refine((r) => /[1-9]/.test(r), refusing('field.rate_above_zero'))
      .describe('Units of `to` for one unit of `from`, as a decimal string'),
    date: isoDateSchema.describe('The day the rate holds from'),
    source: z.string().trim().min(1).max(200).describe('Where the rate comes from, e.g. a central bank'),
    enteredBy: z.string().trim().min(1).max(200).describe('Who entered it'),
  })
  .refine((r) => r.from !== r.to, refusing('field.rate_same_currency', ['to']))
  .describe('Exchange rate of one currency into another on a date');
export type ExchangeRate = z.infer<typeof exchangeRateSchema>;

export const exchangeRateTableSchema = z
  .array(exchangeRateSchema)
  .max(100_000)
  .superRefine((rates, ctx) => {
    const seen = new Set<string>();
    rates.forEach((r, i) => {
      const key = `${r.from}>${r.to}@${r.date}`;
      if (seen.has(key))
        ctx.addIssue({
          ...refinement(issue('date', 'field.rate_twice', { from: r.from, to: r.to, date: r.date })),
          path: [i, 'date'],
        });
      seen.add(key);
    });
  })
  .describe("The installation's exchange rates");

/** A rate as a scaled integer: "10.8523" is 108523 at scale 4. */
function scaled(rate: string): { amount: bigint; scale: bigint } {
  const match = RATE.exec(rate);
  if (!match) throw new RangeError(`${rate} is not a rate`);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return { amount: BigInt(match[1] + fraction), scale: BigInt(fraction.length) };
}

const INVERSE_DECIMALS = 12;

/** 1 / rate to INVERSE_DECIMALS places, half to even, as a decimal string. */
function inverse(rate: string): string {
  const { amount, scale } = scaled(rate);
  const numerator = 10n ** (scale + BigInt(INVERSE_DECIMALS));
  const q = divideHalfEven(numerator, amount);
  const digits = q.toString().padStart(INVERSE_DECIMALS + 1, '0');
  const whole = digits.slice(0, -INVERSE_DECIMALS);
  const fraction = digits.slice(-INVERSE_DECIMALS).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

function divideHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = 2n * (r < 0n ? -r : r);
  const ad = d < 0n ? -d : d;
  if (twice < ad || (twice === ad && q % 2n === 0n)) return q;
  return q + (n < 0n !== d < 0n ? -1n : 1n);
}

export type RateUsed = {
  from: string;
  to: string;
  /** The rate applied: units of `to` for one unit of `from`. */
  rate: string;
  /** The table's entry it comes from (entered `to` into `from` when `inverted`). */
  entry: ExchangeRate;
  inverted: boolean;
};

/** The latest rate from → to on or before `on` (the inverted rate to → from when that one is later); null if none. */
export function findRate(rates: readonly ExchangeRate[], from: string, to: string, on: string): RateUsed | null {
  let best: RateUsed | null = null;
  for (const entry of rates) {
    if (entry.date > on) continue;
    const direct = entry.from === from && entry.to === to;
    const reverse = entry.from === to && entry.to === from;
    if (!direct && !reverse) continue;
    // A later date wins; on the same date the rate entered in this direction does.
    if (best && (entry.date < best.entry.date || (entry.date === best.entry.date && (!direct || !best.inverted)))) continue;
    best = { from, to, rate: direct ? entry.rate : inverse(entry.rate), entry, inverted: !direct };
  }
  return best;
}

/** The amount in another currency at the given rate: exact product, one rounding (half to even) to the minor unit. */
export function convertMoney(m: Money, to: string, rate: string): Money {
  const target = currencyOf(to);
  const converted = convert(asDinero(m), target, { [to]: scaled(rate) });
  return fromDinero(transformScale(converted, target.exponent, halfEven));
}

/** At most this many amounts without a rate are named in a refusal; its count says how many there are. */
const MAX_NAMED = 100;

/**
 * Converts amounts into `currency` at the latest rate on or before `on`, one
 * rate per currency, remembering which rate each currency took. An amount
 * without a rate converts to null and is named (under `path`) when `used`
 * refuses the whole answer.
 */
export function rateConverter(currency: string, on: string, rates: readonly ExchangeRate[]) {
  const found = new Map<string, RateUsed | null>();
  const issues: FieldIssue[] = [];
  let missing = 0;
  /** The amount in `currency` and the rate used (null when already in it); null when there is no rate. */
  const convert = (m: Money, path: string): Omit<TotalLine, 'money'> | null => {
    if (m.currency === currency) return { converted: m, rate: null };
    if (!found.has(m.currency)) found.set(m.currency, findRate(rates, m.currency, currency, on));
    const rate = found.get(m.currency);
    if (!rate) {
      missing += 1;
      if (issues.length < MAX_NAMED) issues.push(issue(path, 'field.no_rate', { from: m.currency, currency, date: on }));
      return null;
    }
    return { converted: convertMoney(m, currency, rate.rate), rate };
  };
  return {
    convert,
    /** The amount's line: itself, in `currency` (zero when it has no rate, which `used` then refuses), and the rate. */
    line: (m: Money, path: string): TotalLine => ({
      money: m,
      ...(convert(m, path) ?? { converted: money(0n, currency), rate: null }),
    }),
    /** Refuses the whole answer when an amount had no rate; else the rates used, by currency. */
    used(): RateUsed[] {
      if (missing) throw problem('money.no_rate', { count: missing, currency, date: on }, issues);
      return [...found.values()].filter((r): r is RateUsed => r !== null).sort((a, b) => a.from.localeCompare(b.from));
    },
  };
}

/** A rate used, as the API answers it. */
export const rateUsedSchema = z.object({
  from: z.string(),
  to: z.string(),
  rate: z.string(),
  date: z.string(),
  source: z.string(),
  inverted: z.boolean(),
});
export const rateJson = (r: RateUsed): z.infer<typeof rateUsedSchema> => ({
  from: r.from,
  to: r.to,
  rate: r.rate,
  date: r.entry.date,
  source: r.entry.source,
  inverted: r.inverted,
});

export type TotalLine = { money: Money; converted: Money; rate: RateUsed | null };
export type Total = { currency: string; on: string; total: Money; lines: TotalLine[] };

/**
 * The total of amounts in `currency`, each converted at the latest rate on or
 * before `on`; every line shows the rate it used. An amount without a rate is
 * refused, naming it.
 */
export function totalIn(amounts: readonly Money[], currency: string, on: string, rates: readonly ExchangeRate[]): Total {
  minorUnits(currency);
  const issues: FieldIssue[] = [];
  const lines: TotalLine[] = [];
  amounts.forEach((m, i) => {
    if (m.currency === currency) {
      lines.push({ money: m, converted: m, rate: null });
      return;
    }
    const rate = findRate(rates, m.currency, currency, on);
    if (!rate) {
      issues.push(issue(`amounts.${i}`, 'field.no_rate', { from: m.currency, currency, date: on }));
      return;
    }
    lines.push({ money: m, converted: convertMoney(m, currency, rate.rate), rate });
  });
  if (issues.length) throw problem('money.no_rate', { count: issues.length, currency, date: on }, issues);
  const total = lines.reduce((sum, l) => addMoney(sum, l.converted), money(0n, currency));
  return { currency, on, total, lines };
}
