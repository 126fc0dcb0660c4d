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
