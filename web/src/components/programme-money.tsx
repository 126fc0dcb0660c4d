import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CURRENCY_CODES, minorUnits } from '../../../src/domain/iso4217.js';
import { formatDate, locale } from '../i18n/format.js';
import { Bidi, Code, isolate } from './bidi.js';
import { Field } from './field.js';

/** Money as the API answers it: a decimal string with the currency's decimals, and its ISO 4217 code. */
export interface MoneyText {
  amount: string;
  currency: string;
}

/**
 * An amount in the reader's language with exactly the currency's ISO 4217
 * decimals, digit for digit: the decimal string is never read into a
 * floating-point number (an amount past 2^53 would lose its last units).
 * Intl lays out the sign, the currency code and the grouping of the locale;
 * the digits are the amount's own.
 */
export function formatAmount(m: MoneyText): string {
  const decimals = minorUnits(m.currency);
  const negative = m.amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? m.amount.slice(1) : m.amount).split('.');
  const options = { minimumFractionDigits: decimals, maximumFractionDigits: decimals };
  const digits = new Intl.NumberFormat(locale(), { ...options, useGrouping: true });
  const integer = digits.formatToParts(BigInt(whole)).filter((p) => p.type === 'integer' || p.type === 'group');
  const localDigit = (d: string) => digits.formatToParts(Number(d)).find((p) => p.type === 'integer')?.value ?? d;
  const template = new Intl.NumberFormat(locale(), {
    ...options,
    style: 'currency',
    currency: m.currency,
    currencyDisplay: 'code',
  });
  // One unit (or minus one) gives where the sign, code and separators go; its integer and fraction are replaced.
  return template
    .formatToParts(negative ? -1n : 1n)
    .map((p) => {
      if (p.type === 'integer') return integer.map((i) => i.value).join('');
      if (p.type === 'fraction') return [...fraction.padEnd(decimals, '0')].map(localDigit).join('');
      return p.value;
    })
    .join('');
}

/** An amount with its currency, kept in an isolate of its own. */
export function Amount({ money, className }: { money: MoneyText | null | undefined; className?: string }) {
  if (!money) return null;
  return <Bidi className={className ?? 'amount'}>{formatAmount(money)}</Bidi>;
}

/** The rate a conversion took, as the API answers it. */
export interface RateTaken {
  from: string;
  to: string;
  rate: string;
  date: string;
  source: string;
  /** The table holds it the other way round. */
  inverted: boolean;
}

/** A rate taken: one unit of `from` in `to`, with its date and source. */
export function RateText({ rate }: { rate: RateTaken }) {
  const { t } = useTranslation();
  return (
    <span className="rate-used">
      <Code>{`1 ${rate.from} = ${rate.rate} ${rate.to}`}</Code>{' '}
      {t(rate.inverted ? 'programmes.totals.rateInverted' : 'programmes.totals.rateOf', {
        date: formatDate(rate.date),
        source: isolate(rate.source),
      })}
    </span>
  );
}

/** The heads of the columns of `ConversionCells`. */
export const conversionColumns = (t: TFunction) => [
  t('programmes.totals.amount'),
  t('programmes.totals.converted'),
  t('programmes.totals.rate'),
];

/** An amount converted, as three cells of a row: the amount, its conversion, and the rate taken (none in the same currency). */
export function ConversionCells({ line }: { line: { money: MoneyText; converted: MoneyText; rate: RateTaken | null } }) {
  const { t } = useTranslation();
  return (
    <>
      <td className="number">
        <Amount money={line.money} />
      </td>
      <td className="number">
        <Amount money={line.converted} />
      </td>
      <td>{line.rate ? <RateText rate={line.rate} /> : <span className="muted">{t('programmes.totals.sameCurrency')}</span>}</td>
    </>
  );
}

/** The currencies offered first in a currency list: those of the parties' programmes. */
const USUAL = ['MAD', 'USD', 'EUR', 'ILS'];
const OTHERS = CURRENCY_CODES.filter((c) => !USUAL.includes(c));

/** A list of ISO 4217 currencies, the usual ones first. */
export function CurrencySelect({
  value,
  onChange,
  ...control
}: {
  value: string;
  onChange: (currency: string) => void;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string | undefined;
  'aria-label'?: string;
}) {
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)} dir="ltr">
      {[...USUAL, ...OTHERS].map((c) => (
        <option key={c} value={c}>
          {c}
        </option>
      ))}
    </select>
  );
}

/** A filter of a list by one of the usual currencies, or by none (the choice `any` names). */
export function CurrencyFilter({
  label,
  any,
  value,
  onChange,
}: {
  label: string;
  any: string;
  value: string;
  onChange: (currency: string) => void;
}) {
  return (
    <label className="filter">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} dir="ltr">
        <option value="">{any}</option>
        {USUAL.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * An amount typed as the API reads it (a decimal string, at most the
 * currency's decimals) beside its currency; the currency's decimals are
 * said as the hint.
 */
export function MoneyField({
  label,
  value,
  onChange,
  errors,
  currencyLocked = false,
}: {
  label: string;
  value: MoneyText;
  onChange: (m: MoneyText) => void;
  /** The errors of the amount and of the currency. */
  errors: { amount: readonly string[]; currency: readonly string[] };
  /** The currency is another field's (an offer's unit and total price share one). */
  currencyLocked?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="money-field">
      <Field
        label={label}
        errors={[...errors.amount, ...errors.currency]}
        hint={t('programmes.money.hint', { currency: value.currency, decimals: minorUnits(value.currency) })}
      >
        {(p) => (
          <span className="money-inputs">
            <input
              {...p}
              inputMode="decimal"
              dir="ltr"
              value={value.amount}
              onChange={(e) => onChange({ ...value, amount: e.target.value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.') })}
            />
            {currencyLocked ? (
              <Code>{value.currency}</Code>
            ) : (
              <CurrencySelect
                value={value.currency}
                aria-label={t('programmes.money.currencyOf', { field: label })}
                onChange={(currency) => onChange({ ...value, currency })}
              />
            )}
          </span>
        )}
      </Field>
    </div>
  );
}
