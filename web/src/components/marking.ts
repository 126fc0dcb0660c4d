import { CLASSIFICATIONS, type Classification, type Label, levelOf } from '../../../src/domain/labels.js';

/** What a page as a whole carries: its most sensitive record's level, and only the parties every record is released to. */
export interface PageMarking {
  classification: Classification;
  releasableTo: string[] | null;
  compartments: string[];
}

export function pageMarking(labels: readonly Label[]): PageMarking {
  if (!labels.length) return { classification: 'UNCLASSIFIED', releasableTo: null, compartments: [] };
  const level = Math.max(...labels.map((l) => levelOf(l.classification)));
  const released = labels.map((l) => new Set([l.ownerParty, ...l.releasableTo]));
  const [first, ...rest] = released;
  const common = [...(first ?? [])].filter((p) => rest.every((s) => s.has(p)));
  const compartments = [...new Set(labels.flatMap((l) => l.compartments))].sort();
  return { classification: CLASSIFICATIONS[level] ?? 'UNCLASSIFIED', releasableTo: common, compartments };
}

/** The parties of a record's label in marking order: the owner first. */
export const releaseList = (label: Label) => [label.ownerParty, ...label.releasableTo.filter((p) => p !== label.ownerParty)];
