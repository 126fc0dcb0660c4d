import type { Kysely } from 'kysely';
import { classificationAt, type Label, levelOf, type Reader } from '../domain/labels.js';
import { issue, problem } from '../domain/problems.js';
import type { StoreReader } from './access.js';
import type { Database, LabelColumns } from './database.js';

/** The reader `LabelCodec.reader` makes, for use cases that hand it on to a repository. */
export type { StoreReader };

const maskOf = (codes: readonly string[], bits: ReadonlyMap<string, number>, what: string): number => {
  let mask = 0;
  for (const code of new Set(codes)) {
    const bit = bits.get(code);
    if (bit === undefined)
      throw what === 'compartments'
        ? problem('label.unknown_compartment', { compartment: code }, [issue(what, 'field.unknown_ids', { ids: code })])
        : problem('party.unknown', { party: code }, [issue(what, 'field.unknown_ids', { ids: code })]);
    mask += 2 ** bit;
  }
  return mask;
};

const codesOf = (mask: number, codes: readonly (string | undefined)[]): string[] => {
  const out: string[] = [];
  for (let bit = 0; mask > 0 && bit < codes.length; bit++) {
    const b = 2 ** bit;
    if (Math.floor(mask / b) % 2 === 1) {
      const code = codes[bit];
      if (code) out.push(code);
      mask -= b;
    }
  }
  return out;
};

/** The fields a labelled, versioned record starts with, from the columns `recordColumns` reads: id, version, label, times. */
export const recordHead = (
  codec: LabelCodec,
  r: LabelColumns & { id: string; version: number; created_at: string; updated_at: string },
) => ({ id: r.id, version: r.version, label: codec.decode(r), createdAt: r.created_at, updatedAt: r.updated_at });

/**
 * Turns labels into the columns the read rule compares (bit sets of parties
 * and compartments) and back. Parties and compartments are few and change
 * rarely; the codec is rebuilt when it meets one it does not know.
 */
export class LabelCodec {
  private readonly partyByBit: (string | undefined)[] = [];
  private readonly compartmentByBit: (string | undefined)[] = [];

  constructor(
    readonly partyBits: ReadonlyMap<string, number>,
    readonly compartmentBits: ReadonlyMap<string, number>,
  ) {
    for (const [code, bit] of partyBits) this.partyByBit[bit] = code;
    for (const [code, bit] of compartmentBits) this.compartmentByBit[bit] = code;
  }

  knowsParty = (code: string) => this.partyBits.has(code);
  knowsCompartment = (code: string) => this.compartmentBits.has(code);

  encode(label: Label): LabelColumns {
    if (!this.partyBits.has(label.ownerParty)) throw problem('party.unknown', { party: label.ownerParty });
    return {
      owner_party: label.ownerParty,
      classification: levelOf(label.classification),
      releasable_mask: maskOf(label.releasableTo, this.partyBits, 'releasableTo'),
      compartment_mask: maskOf(label.compartments, this.compartmentBits, 'compartments'),
    };
  }

  decode(row: LabelColumns): Label {
    return {
      ownerParty: row.owner_party,
      classification: classificationAt(row.classification),
      releasableTo: codesOf(row.releasable_mask, this.partyByBit),
      compartments: codesOf(row.compartment_mask, this.compartmentByBit),
    };
  }

  reader(r: Reader): StoreReader {
    const partyBit = this.partyBits.get(r.party);
    if (partyBit === undefined) throw problem('party.unknown', { party: r.party });
    // Compartments the codec does not know yet cannot be on any record.
    const known = r.compartments.filter((c) => this.compartmentBits.has(c));
    return {
      party: r.party,
      partyBit,
      clearance: levelOf(r.clearance),
      compartmentMask: maskOf(known, this.compartmentBits, 'compartments'),
    };
  }

  compartmentMask = (codes: readonly string[]) => maskOf(codes, this.compartmentBits, 'compartments');
  compartmentsOf = (mask: number) => codesOf(mask, this.compartmentByBit);
}

export async function loadLabelCodec(db: Kysely<Database>): Promise<LabelCodec> {
  const [parties, compartments] = await Promise.all([
    db.selectFrom('party').select(['code', 'bit']).execute(),
    db.selectFrom('compartment').select(['code', 'bit']).execute(),
  ]);
  return new LabelCodec(new Map(parties.map((p) => [p.code, p.bit])), new Map(compartments.map((c) => [c.code, c.bit])));
}
