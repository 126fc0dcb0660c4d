import { describe, expect, it } from 'vitest';
import {
  CLASSIFICATIONS,
  type Classification,
  canRead,
  type Label,
  levelOf,
  marking,
  type Reader,
} from '../../src/domain/labels.js';

const PARTIES = ['MAR', 'ISR', 'USA', 'FRA'];
const COMPARTMENT_SETS = [[], ['INDUS'], ['INTEL'], ['INDUS', 'INTEL']];
const RELEASE_SETS = [[], ['ISR'], ['ISR', 'USA'], ['MAR', 'ISR', 'USA', 'FRA']];

const label = (over: Partial<Label> = {}): Label => ({
  ownerParty: 'MAR',
  classification: 'UNCLASSIFIED',
  releasableTo: [],
  compartments: [],
  ...over,
});
const reader = (party: string, clearance: Classification, compartments: string[] = []): Reader => ({
  party,
  clearance,
  compartments,
});

const allLabels = PARTIES.flatMap((ownerParty) =>
  CLASSIFICATIONS.flatMap((classification) =>
    RELEASE_SETS.flatMap((releasableTo) =>
      COMPARTMENT_SETS.map((compartments) => label({ ownerParty, classification, releasableTo, compartments })),
    ),
  ),
);
const allReaders = PARTIES.flatMap((party) =>
  CLASSIFICATIONS.flatMap((clearance) => COMPARTMENT_SETS.map((compartments) => reader(party, clearance, compartments))),
);

describe('canRead', () => {
  it.each([
    ['the owner, cleared', reader('MAR', 'SECRET'), label({ classification: 'SECRET' }), true],
    ['the owner, not cleared', reader('MAR', 'CONFIDENTIAL'), label({ classification: 'SECRET' }), false],
    ['a party it is released to', reader('ISR', 'SECRET'), label({ releasableTo: ['ISR'] }), true],
    ['a party it is not released to', reader('USA', 'TOP_SECRET'), label({ releasableTo: ['ISR'] }), false],
    ['a reader without its compartment', reader('MAR', 'TOP_SECRET', ['INTEL']), label({ compartments: ['INDUS'] }), false],
    [
      'a reader with all its compartments',
      reader('MAR', 'RESTRICTED', ['INDUS', 'INTEL']),
      label({ compartments: ['INTEL', 'INDUS'] }),
      true,
    ],
    [
      'a reader with only some compartments',
      reader('MAR', 'TOP_SECRET', ['INDUS']),
      label({ compartments: ['INDUS', 'INTEL'] }),
      false,
    ],
    [
      'a released party at exactly the level',
      reader('ISR', 'RESTRICTED'),
      label({ classification: 'RESTRICTED', releasableTo: ['ISR'] }),
      true,
    ],
    [
      'a released party one level short',
      reader('ISR', 'RESTRICTED'),
      label({ classification: 'CONFIDENTIAL', releasableTo: ['ISR'] }),
      false,
    ],
  ] as const)('%s → %s', (_name, r, l, expected) => {
    expect(canRead(r, { ...l, releasableTo: [...l.releasableTo], compartments: [...l.compartments] })).toBe(expected);
  });

  it('is the conjunction of release, clearance and need-to-know over every label and reader', () => {
    let readable = 0;
    for (const r of allReaders)
      for (const l of allLabels) {
        const released = l.ownerParty === r.party || l.releasableTo.includes(r.party);
        const cleared = levelOf(r.clearance) >= levelOf(l.classification);
        const needToKnow = l.compartments.every((c) => r.compartments.includes(c));
        expect(canRead(r, l)).toBe(released && cleared && needToKnow);
        if (canRead(r, l)) readable++;
      }
    // Both outcomes occur, so the loop above cannot pass by always answering the same.
    expect(readable).toBeGreaterThan(0);
    expect(readable).toBeLessThan(allReaders.length * allLabels.length);
  });

  it('never loses access when clearance or compartments grow', () => {
    for (const l of allLabels)
      for (const r of allReaders) {
        if (!canRead(r, l)) continue;
        for (const higher of CLASSIFICATIONS.slice(levelOf(r.clearance)))
          expect(canRead({ ...r, clearance: higher }, l)).toBe(true);
        expect(canRead({ ...r, compartments: ['INDUS', 'INTEL'] }, l)).toBe(true);
      }
  });

  it('never gains access when the record gets a compartment or a higher level', () => {
    for (const l of allLabels)
      for (const r of allReaders) {
        if (canRead(r, l)) continue;
        expect(canRead(r, { ...l, compartments: [...l.compartments, 'INDUS'] })).toBe(false);
        expect(canRead(r, { ...l, classification: 'TOP_SECRET' })).toBe(false);
      }
  });

  it('lets the owner party read anything at or below its clearance, released to others or not', () => {
    for (const l of allLabels)
      expect(canRead(reader(l.ownerParty, 'TOP_SECRET', ['INDUS', 'INTEL']), { ...l, releasableTo: [] })).toBe(true);
  });
});

describe('marking', () => {
  it('prints level, compartments and release as classified systems do', () => {
    expect(marking(label({ classification: 'SECRET', releasableTo: ['ISR'] }))).toBe('SECRET // REL TO MAR, ISR');
    expect(marking(label({ classification: 'TOP_SECRET', compartments: ['INDUS', 'INTEL'] }))).toBe(
      'TOP SECRET // INDUS/INTEL // REL TO MAR',
    );
    expect(marking(label())).toBe('UNCLASSIFIED // REL TO MAR');
  });

  it('names the owner first and only once', () => {
    expect(marking(label({ ownerParty: 'ISR', releasableTo: ['MAR', 'ISR', 'USA'] }))).toBe(
      'UNCLASSIFIED // REL TO ISR, MAR, USA',
    );
  });

  it("uses the party's own ladder, and the next level up where the ladder has a gap", () => {
    const mar = ['NON CLASSIFIÉ', 'DIFFUSION RESTREINTE', 'CONFIDENTIEL', 'SECRET', 'TRÈS SECRET'];
    const isr = ['בלמ"ס', null, 'שמור', 'סודי', 'סודי ביותר'];
    expect(marking(label({ classification: 'RESTRICTED' }), mar)).toBe('DIFFUSION RESTREINTE // REL TO MAR');
    expect(marking(label({ classification: 'RESTRICTED' }), isr)).toBe('שמור // REL TO MAR');
    expect(marking(label({ classification: 'TOP_SECRET', releasableTo: ['ISR'] }), isr)).toBe('סודי ביותר // REL TO MAR, ISR');
  });

  it('falls back to the common name when the ladder has nothing at or above the level', () => {
    expect(marking(label({ classification: 'SECRET' }), ['U', 'R', 'C', null, null])).toBe('SECRET // REL TO MAR');
  });
});
