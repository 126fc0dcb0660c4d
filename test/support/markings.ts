import { CLASSIFICATIONS, type Classification } from '../../src/domain/labels.js';

/**
 * What a marking says, read back from what a reader sees (a banner, a line of
 * a PDF, a cell, a calendar summary) independently of the code that wrote it.
 */
export interface SeenMarking {
  level: number;
  compartments: string[];
  /** The parties the marked thing may go to. */
  releasableTo: string[];
}

export const levelOfName = (name: string): number => {
  const level = CLASSIFICATIONS.indexOf(name.trim().replace(' ', '_') as Classification);
  if (level < 0) throw new Error(`not a classification: ${name}`);
  return level;
};

export const seen = (classification: string, releasableTo: readonly string[], compartments: readonly string[]): SeenMarking => ({
  level: levelOfName(classification),
  releasableTo: [...releasableTo].sort(),
  compartments: [...compartments].sort(),
});

/** A record's label as the marking of what it may go to: its owner and the parties it is released to. */
export const ofLabel = (l: { ownerParty: string; classification: string; releasableTo: string[]; compartments: string[] }) =>
  seen(l.classification, [...new Set([l.ownerParty, ...l.releasableTo])], l.compartments);

const LEVEL = '(UNCLASSIFIED|RESTRICTED|CONFIDENTIAL|SECRET|TOP SECRET)';
const PARTIES = '([A-Z]{3}(?:, [A-Z]{3})*)';

/** `SECRET//INDUS//REL MAR, ISR` (workbooks and calendars), with or without the parentheses of a portion. */
export function parseShort(text: string): SeenMarking {
  const m = new RegExp(`^\\(?${LEVEL}(?://([A-Z0-9/-]+?))?(?://REL ${PARTIES})?\\)?$`).exec(text.trim());
  if (!m?.[1]) throw new Error(`not a marking: ${text}`);
  return seen(m[1], m[3]?.split(', ') ?? [], m[2]?.split('/') ?? []);
}

/** `SECRET // INDUS // REL TO MAR, ISR` (English PDFs: page marking lines). */
export function parseLine(text: string): SeenMarking {
  const m = new RegExp(`^${LEVEL}(?: // ([A-Z0-9/-]+?))?(?: // REL TO ${PARTIES})?$`).exec(text.trim());
  if (!m?.[1]) throw new Error(`not a marking line: ${text}`);
  return seen(m[1], m[3]?.split(', ') ?? [], m[2]?.split('/') ?? []);
}

/** Every portion marking `(SECRET // INDUS // REL TO MAR, ISR)` in a text (English PDFs). */
export function portionsIn(text: string): SeenMarking[] {
  const re = new RegExp(`\\(${LEVEL}(?: // ([A-Z0-9/-]+?))? // REL TO ${PARTIES}\\)`, 'g');
  return [...text.matchAll(re)].map((m) => seen(m[1] ?? '', m[3]?.split(', ') ?? [], m[2]?.split('/') ?? []));
}

/**
 * Why `banner` understates `record`, or null when it does not: a banner is at
 * least as high, carries every compartment, and names no party the record
 * may not go to.
 */
export function understated(banner: SeenMarking, record: SeenMarking): string | null {
  const problems: string[] = [];
  if (banner.level < record.level) problems.push(`level ${CLASSIFICATIONS[banner.level]} < ${CLASSIFICATIONS[record.level]}`);
  const missing = record.compartments.filter((c) => !banner.compartments.includes(c));
  if (missing.length) problems.push(`compartments ${missing.join('/')} missing`);
  const extra = banner.releasableTo.filter((p) => !record.releasableTo.includes(p));
  if (extra.length) problems.push(`released to ${extra.join(', ')} the record is not`);
  // A record always names who it may go to (its owner at least): a banner without it says less.
  if (banner.releasableTo.length === 0) problems.push('no releasability');
  return problems.length ? problems.join('; ') : null;
}
