import type { ReceivedRecord } from '../api/received.js';
import { localized } from '../i18n/format.js';

/**
 * Reading the fields of a partner's record received here: its `data` is the record as the originator's
 * API presents it, kept as it came, so each field is read for what it is and never trusted to be there.
 */
export const field = (r: ReceivedRecord, key: string): string => {
  const v = r.data[key];
  return typeof v === 'string' ? v : '';
};

/** A localized text of the record (its title), in the reader's language or another working language. */
export const textOf = (r: ReceivedRecord, key: string) => {
  const v = r.data[key];
  return v && typeof v === 'object' ? localized(v as Record<string, string>) : { text: field(r, key), lang: undefined };
};

/** The planned period of a received activity, as its two dates. */
export const plannedOf = (r: ReceivedRecord) => {
  const p = r.data.plannedPeriod as { start?: unknown; end?: unknown } | undefined;
  return { start: typeof p?.start === 'string' ? p.start : '', end: typeof p?.end === 'string' ? p.end : '' };
};
