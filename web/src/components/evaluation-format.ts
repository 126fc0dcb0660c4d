import { locale } from '../i18n/format.js';

/** A weight, score or ratio of the evaluation, to three decimals in the reader's locale. */
export const decimal = (v: number) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 3 }).format(v);

/** A share of the draws, as a percentage. */
export const share = (v: number) => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(v);
