import type { DocumentLanguage } from '../domain/document.model.js';

/**
 * Figures in a document as the web shows them to a reader of the same
 * language: the same regional variants (Latin digits and Moroccan grouping in
 * Arabic), amounts and percentages laid out by Intl, their digits the
 * record's own (a decimal string is never read into a floating-point number).
 */
export const DOCUMENT_LOCALES: Record<DocumentLanguage, string> = { fr: 'fr-FR', en: 'en-GB', ar: 'ar-MA', he: 'he-IL' };

type Decimal = string | number;
const decimalsOf = (x: Decimal) => String(x).split('.')[1]?.length ?? 0;
// Intl reads a decimal string exactly, an exponent included (Intl.NumberFormat v3).
const exact = (x: Decimal) => String(x) as unknown as number;

export interface Figures {
  /** An amount with its currency code, its decimals as given. */
  money: (m: { amount: string; currency: string } | null) => string;
  /** A percentage given in percent ("30.00" for 30 %), its decimals as given. */
  percent: (x: Decimal | null) => string;
  /** A plain number (a count, a multiplier), its decimals as given. */
  number: (x: Decimal) => string;
}

export function figures(lang: DocumentLanguage): Figures {
  const locale = DOCUMENT_LOCALES[lang];
  const fixed = (d: number, style?: 'percent') =>
    new Intl.NumberFormat(locale, { style, minimumFractionDigits: d, maximumFractionDigits: d });
  return {
    money: (m) => (m ? `${fixed(decimalsOf(m.amount)).format(exact(m.amount))} ${m.currency}` : '—'),
    percent: (x) => (x === null ? '—' : fixed(decimalsOf(x), 'percent').format(exact(`${x}E-2`))),
    number: (x) => fixed(decimalsOf(x)).format(exact(x)),
  };
}
