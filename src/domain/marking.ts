import { CLASSIFICATIONS, type Classification, type Label, levelOf } from './labels.js';

/** The overall label of a document made of several records. */
export interface DocumentMarking {
  classification: Classification;
  compartments: string[];
  /** Parties every record of the document may be released to. */
  releasableTo: string[];
}

/**
 * A document is as classified as its most classified record, carries every
 * compartment of its records, and may go only to parties that all of its
 * records may go to.
 */
export function documentMarking(labels: readonly Label[]): DocumentMarking {
  if (labels.length === 0) return { classification: 'UNCLASSIFIED', compartments: [], releasableTo: [] };
  const level = Math.max(...labels.map((l) => levelOf(l.classification)));
  const compartments = [...new Set(labels.flatMap((l) => l.compartments))].sort();
  const audiences = labels.map((l) => new Set([l.ownerParty, ...l.releasableTo]));
  const [first, ...rest] = audiences;
  const releasableTo = [...(first ?? [])].filter((p) => rest.every((a) => a.has(p))).sort();
  return { classification: CLASSIFICATIONS[level] ?? 'TOP_SECRET', compartments, releasableTo };
}

/** The parties of a record's label in marking order: the owner first. */
export const releaseList = (label: Label): string[] => [
  label.ownerParty,
  ...label.releasableTo.filter((p) => p !== label.ownerParty),
];

/**
 * The portion marking of one record as it leads its line in a list, a table
 * row or a calendar event: `(SECRET//INDUS//REL MAR, ISR)`.
 */
export function portionMarking(label: Label): string {
  const parts = [label.classification.replace('_', ' ')];
  if (label.compartments.length) parts.push([...label.compartments].sort().join('/'));
  parts.push(`REL ${releaseList(label).join(', ')}`);
  return `(${parts.join('//')})`;
}

/** The marking of a whole document in the same short form: `SECRET//INDUS//REL MAR`. */
export function documentMarkingText(m: DocumentMarking): string {
  const parts = [m.classification.replace('_', ' ')];
  if (m.compartments.length) parts.push(m.compartments.join('/'));
  if (m.releasableTo.length) parts.push(`REL ${m.releasableTo.join(', ')}`);
  return parts.join('//');
}
