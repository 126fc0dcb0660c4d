import type { LocalizedText } from '../../../src/domain/common.schema.js';
import { currentLanguage, type Language } from './index.js';

/** Regional variants whose conventions suit the parties (Latin digits in Morocco). */
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', ar: 'ar-MA', he: 'he-IL' };
/** The reader's locale for Intl formats. */
export const locale = () => LOCALES[currentLanguage()];

const dateOnly = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

export const formatDate = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(dateOnly(iso));

export const formatDateTime = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export const formatMonth = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(dateOnly(iso));

export const formatNumber = (n: number) => new Intl.NumberFormat(locale()).format(n);

export const formatPercent = (rate: number | null) =>
  rate === null ? '—' : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(rate);

/** A planned period as plans write it: a day span, a month, or a quarter. */
export function formatPeriod(
  p: { start: string; end: string; precision: 'day' | 'month' | 'quarter' },
  quarter: (q: number, year: number) => string,
) {
  if (p.precision === 'month') return formatMonth(p.start);
  if (p.precision === 'quarter') return quarter(Math.floor(Number(p.start.slice(5, 7)) / 3) + 1, Number(p.start.slice(0, 4)));
  return p.start === p.end ? formatDate(p.start) : `${formatDate(p.start)} – ${formatDate(p.end)}`;
}

/**
 * A planned period in as little room as a table cell has: a day span as its
 * two dates, abbreviated, the year once if both share it; each is whole, to
 * be shown on a line of its own if the two do not fit on one.
 */
export function periodBounds(
  p: { start: string; end: string; precision: 'day' | 'month' | 'quarter' },
  quarter: (q: number, year: number) => string,
): [string] | [string, string] {
  if (p.precision !== 'day' || p.start === p.end) return [formatPeriod(p, quarter)];
  const short = (year: boolean) =>
    new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', ...(year && { year: 'numeric' }), timeZone: 'UTC' });
  const sameYear = p.start.slice(0, 4) === p.end.slice(0, 4);
  return [short(!sameYear).format(dateOnly(p.start)), short(true).format(dateOnly(p.end))];
}

/**
 * Text in the reader's language, else in another working language; `lang`
 * says which, so that screen readers and the bidi algorithm treat it right.
 */
export function localized(text: LocalizedText | Record<string, string>, lang: Language = currentLanguage()) {
  const order = [lang, 'fr', 'en', 'ar', 'he'];
  for (const l of order) {
    const value = (text as Record<string, string | undefined>)[l];
    if (value) return { text: value, lang: l };
  }
  return { text: '', lang };
}
