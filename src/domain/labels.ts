import { z } from 'zod';
import { matching } from './problems.js';

/**
 * The common order of classification levels a commission's security agreement
 * maps every party's ladder onto. Records and clearances are compared here.
 */
export const CLASSIFICATIONS = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];
export const classificationSchema = z.enum(CLASSIFICATIONS).describe('Level in the common order');

export const levelOf = (c: Classification): number => CLASSIFICATIONS.indexOf(c);
export const classificationAt = (level: number): Classification => {
  const c = CLASSIFICATIONS[level];
  if (!c) throw new RangeError(`no classification at level ${level}`);
  return c;
};

export const partyCodeSchema = matching(/^[A-Z]{3}$/, 'field.party_code_format', { example: 'MAR' }).describe(
  'Party code (ISO 3166 alpha-3)',
);
export const compartmentCodeSchema = matching(/^[A-Z0-9-]{2,20}$/, 'field.compartment_format', {
  min: 2,
  max: 20,
  example: 'LOG-2',
});

/** The security label every record carries. */
export const labelInputSchema = z.strictObject({
  classification: classificationSchema.default('UNCLASSIFIED'),
  releasableTo: z.array(partyCodeSchema).max(60).default([]),
  compartments: z.array(compartmentCodeSchema).max(60).default([]),
});

export const labelSchema = z.object({
  ownerParty: partyCodeSchema,
  classification: classificationSchema,
  releasableTo: z.array(partyCodeSchema),
  compartments: z.array(compartmentCodeSchema),
});
export type Label = z.infer<typeof labelSchema>;

/** What the read rule needs to know of a reader. */
export interface Reader {
  party: string;
  clearance: Classification;
  compartments: readonly string[];
}

/**
 * The read rule of the security model. The store applies the same rule in SQL
 * (store/access.ts); this pure form is the reference the tests compare with.
 */
export function canRead(reader: Reader, label: Label): boolean {
  const released = label.ownerParty === reader.party || label.releasableTo.includes(reader.party);
  const cleared = levelOf(reader.clearance) >= levelOf(label.classification);
  const needToKnow = label.compartments.every((c) => reader.compartments.includes(c));
  return released && cleared && needToKnow;
}

/** Marking as classified systems print it: `SECRET // REL TO MAR, ISR`. */
export function marking(label: Label, ladder?: readonly (string | null)[]): string {
  const level = levelOf(label.classification);
  let name: string = label.classification.replace('_', ' ');
  if (ladder) {
    // A gap in a party's ladder shows the record at the next level up.
    const found = ladder.slice(level).find((l) => l);
    if (found) name = found;
  }
  const rel = [label.ownerParty, ...label.releasableTo.filter((p) => p !== label.ownerParty)];
  const comps = label.compartments.length ? ` // ${label.compartments.join('/')}` : '';
  return `${name}${comps} // REL TO ${rel.join(', ')}`;
}
