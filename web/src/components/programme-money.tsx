import { useTranslation } from 'react-i18next';
import { CURRENCY_CODES, minorUnits } from '../../../src/domain/iso4217.js';
import { locale } from '../i18n/format.js';
import { Bidi, Code } from './bidi.js';
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
