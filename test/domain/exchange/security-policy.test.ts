import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import {
  type ConfidentialityLabel,
  confidentialityLabelSchema,
  RELEASABLE_TO,
} from '../../../src/domain/exchange/confidentiality-label.js';
import {
  type Agreement,
  agreementWith,
  nationalLevel,
  outboundLabel,
  parseSecurityPolicy,
  partnerReader,
  receivedLabel,
  receivedMarking,
  type SecurityPolicy,
  toConfidentialityLabel,
} from '../../../src/domain/exchange/security-policy.js';
import { CLASSIFICATIONS, type Classification, canRead, type Label, levelOf } from '../../../src/domain/labels.js';
import { policyFileOf, shippedPolicy } from '../../support/exchange-policies.js';
import { refusal } from '../../support/refusal.js';

const PARTIES = ['MAR', 'ISR', 'USA'] as const;
type Party = (typeof PARTIES)[number];
const POLICIES = Object.fromEntries(PARTIES.map((p) => [p, shippedPolicy(p)])) as Record<Party, SecurityPolicy>;
const NOW = '2026-06-15T10:00:00.000Z';
/** Every ordered pair of the three parties. */
const pairs = PARTIES.flatMap((from) => PARTIES.filter((to) => to !== from).map((to) => [from, to] as const));

const label = (over: Partial<Label>): Label => ({
  ownerParty: 'MAR',
  classification: 'UNCLASSIFIED',
  releasableTo: [],
  compartments: [],
  ...over,
});

/**
 * What the common order of labels.ts and ../shared/DOMAIN.md say each ladder has: the common levels
 * where the party has a level of its own; at a gap a record is protected at the next level up.
 */
const LADDER_LEVELS: Record<Party, Classification[]> = {
  MAR: ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'],
  ISR: ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'],
  USA: ['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'],
};
/** The highest common level each pair's agreement exchanges (MAR and ISR: nothing above SECRET). */
const CEILING = (a: Party, b: Party): Classification =>
  new Set([a, b]).size === 2 && [a, b].includes('MAR') && [a, b].includes('ISR') ? 'SECRET' : 'TOP_SECRET';
const upTo = (party: Party, c: Classification) => LADDER_LEVELS[party].find((l) => levelOf(l) >= levelOf(c));

describe('the shipped security policies of MAR, ISR and USA', () => {
  it('are valid policy files, with the ladders of DOMAIN.md and their markings in four languages', () => {
    expect(POLICIES.MAR.ladder.map((l) => l.native)).toEqual([
      'NON CLASSIFIÉ',
      'DIFFUSION RESTREINTE',
      'CONFIDENTIEL',
      'SECRET',
      'TRÈS SECRET',
    ]);
    expect(POLICIES.ISR.ladder.map((l) => l.native)).toEqual(['בלמ"ס', 'שמור', 'סודי', 'סודי ביותר']);
    expect(POLICIES.USA.ladder.map((l) => l.native)).toEqual(['UNCLASSIFIED', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET']);
    for (const p of PARTIES) {
      expect(POLICIES[p].ladder.map((l) => l.common)).toEqual(LADDER_LEVELS[p]);
      for (const l of POLICIES[p].ladder) {
        expect(l.markings.ar).toMatch(/[\u0600-\u06FF]/);
        expect(l.markings.he).toMatch(/[\u0590-\u05FF]/);
      }
      expect(POLICIES[p].partners.map((a) => a.party).sort()).toEqual(PARTIES.filter((q) => q !== p).sort());
    }
  });

  it("agree pairwise: what one sends to the other is what the other's table receives, and the partner ladders are the partners' own", () => {
    for (const a of PARTIES)
      for (const b of PARTIES) {
        if (a === b) continue;
        expect(agreementWith(POLICIES[a], b).outbound).toEqual(agreementWith(POLICIES[b], a).inbound);
        expect(agreementWith(POLICIES[a], b).policyIdentifier).toBe(POLICIES[b].policyIdentifier);
        expect(agreementWith(POLICIES[a], b).installation).toBe(POLICIES[b].installation);
        expect(agreementWith(POLICIES[a], b).ladder).toEqual(
          POLICIES[b].ladder.map(({ token, common, native }) => ({ token, common, native })),
        );
      }
  });

  // Every pair, both ways, every level of the common order: the record of `from` travels to `to`, who
  // stores it at the level the agreement gives, or the agreement lacks the level and both sides refuse.
  describe.each(pairs)('from %s to %s', (from, to) => {
    it.each([...CLASSIFICATIONS])('a record at %s', (classification) => {
      const record = label({ ownerParty: from, classification, releasableTo: [to], compartments: [] });
      const inLimit = levelOf(upTo(from, classification) ?? 'TOP_SECRET') <= levelOf(CEILING(from, to));
      if (!inLimit) {
        expect(refusal(() => outboundLabel(POLICIES[from], record, to, NOW)).code).toBe('exchange.no_equivalence');
        // A label made anyway (a partner that ignores its agreement) is refused on arrival, not guessed.
        const forced = toConfidentialityLabel(POLICIES[from], record, NOW);
        expect(refusal(() => receivedLabel(POLICIES[to], forced)).code).toBe('exchange.no_equivalence');
        return;
      }
      const sent = outboundLabel(POLICIES[from], record, to, NOW);
      expect(confidentialityLabelSchema.parse(sent.label)).toEqual(sent.label);
      expect(sent.label.classification).toBe(nationalLevel(POLICIES[from], classification).token);
      const received = receivedLabel(POLICIES[to], sent.label);
      // The originator's label is kept as it came.
      expect(received.originator).toEqual(sent.label);
      expect(received.localLevel).toBe(sent.partnerLevel);
      // Stored at the receiver's own level at that place of the common order, or the next one up.
      expect(received.local).toEqual({ ...record, classification: upTo(to, upTo(from, classification) as Classification) });
      expect(levelOf(received.local.classification)).toBeGreaterThanOrEqual(levelOf(classification));
    });
  });

  it('shows a received record with the local marking and the originator’s in brackets, in each language', () => {
    const sent = outboundLabel(
      POLICIES.ISR,
      label({ ownerParty: 'ISR', classification: 'SECRET', releasableTo: ['MAR'] }),
      'MAR',
      NOW,
    );
    const received = receivedLabel(POLICIES.MAR, sent.label);
    expect(receivedMarking(POLICIES.MAR, received, 'fr')).toBe('SECRET [סודי]');
    expect(receivedMarking(POLICIES.MAR, received, 'ar')).toBe('سري جدا [סודי]');
    const fromMar = receivedLabel(
      POLICIES.ISR,
      outboundLabel(POLICIES.MAR, label({ classification: 'RESTRICTED', releasableTo: ['ISR'] }), 'ISR', NOW).label,
    );
    expect(receivedMarking(POLICIES.ISR, fromMar, 'he')).toBe('שמור [DIFFUSION RESTREINTE]');
    expect(fromMar.local.classification).toBe('CONFIDENTIAL');
  });
});

describe('refusals of the mapping', () => {
  const fromIsr = (over: Partial<ConfidentialityLabel> = {}): ConfidentialityLabel => ({
    ...outboundLabel(
      POLICIES.ISR,
      label({ ownerParty: 'ISR', classification: 'CONFIDENTIAL', releasableTo: ['MAR'], compartments: ['INTEL'] }),
      'MAR',
      NOW,
    ).label,
    ...over,
  });

  it('takes a well-made label, compartments and informative categories included', () => {
    const l = fromIsr({
      categories: [...fromIsr().categories, { tagName: 'HANDLING', type: 'informative', values: ['LIAISON ONLY'] }],
    });
    expect(receivedLabel(POLICIES.MAR, l).local).toEqual(
      label({ ownerParty: 'ISR', classification: 'CONFIDENTIAL', releasableTo: ['MAR'], compartments: ['INTEL'] }),
    );
  });

  it.each([
    [
      'a party without an agreement',
      () => receivedLabel(POLICIES.MAR, fromIsr({ originator: { party: 'FRA', installation: 'x' } })),
      'exchange.unknown_partner',
    ],
    [
      'another policy than the partner’s',
      () => receivedLabel(POLICIES.MAR, fromIsr({ policyIdentifier: 'urn:jointplan:isr:security-policy:2019' })),
      'exchange.unknown_policy',
    ],
    [
      'another installation than the partner’s',
      () => receivedLabel(POLICIES.MAR, fromIsr({ originator: { party: 'ISR', installation: 'elsewhere' } })),
      'exchange.unknown_policy',
    ],
    [
      'a level the partner’s ladder lacks',
      () => receivedLabel(POLICIES.MAR, fromIsr({ classification: 'SECRET' })),
      'exchange.no_equivalence',
    ],
    [
      'a permissive category the agreement does not know',
      () =>
        receivedLabel(POLICIES.MAR, fromIsr({ categories: [{ tagName: 'NATIONALITY', type: 'permissive', values: ['MAR'] }] })),
      'exchange.unknown_category',
    ],
    [
      'a restrictive category the agreement does not know',
      () =>
        receivedLabel(
          POLICIES.MAR,
          fromIsr({ categories: [...fromIsr().categories, { tagName: 'CODEWORD', type: 'restrictive', values: ['X'] }] }),
        ),
      'exchange.unknown_category',
    ],
    [
      'a record not releasable to the receiver',
      () =>
        receivedLabel(
          POLICIES.MAR,
          fromIsr({ categories: [{ tagName: RELEASABLE_TO, type: 'permissive', values: ['ISR', 'USA'] }] }),
        ),
      'exchange.not_releasable_here',
    ],
    [
      'a compartment the agreement does not let travel',
      () =>
        receivedLabel(
          POLICIES.MAR,
          toConfidentialityLabel(POLICIES.USA, label({ ownerParty: 'USA', releasableTo: ['MAR'], compartments: ['INTEL'] }), NOW),
        ),
      'exchange.compartment_not_agreed',
    ],
    [
      'sending a record not releasable to the partner',
      () => outboundLabel(POLICIES.MAR, label({ releasableTo: ['USA'] }), 'ISR', NOW),
      'exchange.not_releasable_to',
    ],
    [
      'sending a compartment the agreement does not let travel',
      () => outboundLabel(POLICIES.MAR, label({ releasableTo: ['USA'], compartments: ['INTEL'] }), 'USA', NOW),
      'exchange.compartment_not_agreed',
    ],
    [
      'labelling another party’s record as one’s own',
      () => toConfidentialityLabel(POLICIES.MAR, label({ ownerParty: 'ISR' }), NOW),
      'exchange.not_originator',
    ],
    [
      'sending to a party without an agreement',
      () => outboundLabel(POLICIES.MAR, label({ releasableTo: ['FRA'] }), 'FRA', NOW),
      'exchange.unknown_partner',
    ],
  ])('refuses %s', (_what, f, code) => {
    expect(refusal(f).code).toBe(code);
  });
});

describe('policy files that would lower protection are refused', () => {
  const mar = policyFileOf('MAR') as SecurityPolicy;
  const first = (p: SecurityPolicy) => p.partners[0] as Agreement;
  const edit = (f: (p: SecurityPolicy) => void) => {
    const copy = structuredClone(mar);
    f(copy);
    return copy;
  };
  const issueCodes = (json: unknown) => {
    try {
      parseSecurityPolicy(json);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'exchange.policy_invalid') return e.issues.map((i) => i.code);
      throw e;
    }
    return [];
  };

  it.each([
    [
      'a table mapping a level below its place',
      (p: SecurityPolicy) => {
        first(p).inbound.SODI = 'C';
      },
      'exchange.policy_lowers_protection',
    ],
    [
      'an outbound table mapping a level below its place',
      (p: SecurityPolicy) => {
        first(p).outbound.C = 'BALAMAS';
      },
      'exchange.policy_lowers_protection',
    ],
    [
      'a table naming an unknown level',
      (p: SecurityPolicy) => {
        first(p).inbound.SODI_MEOD = 'TS';
      },
      'exchange.policy_unknown_level',
    ],
    [
      'a ladder out of order',
      (p: SecurityPolicy) => {
        p.ladder.reverse();
      },
      'exchange.policy_ladder_order',
    ],
    [
      'a table where a higher level maps below a lower one',
      (p: SecurityPolicy) => {
        first(p).inbound.BALAMAS = 'S';
      },
      'exchange.policy_not_monotone',
    ],
    [
      'an agreement with oneself',
      (p: SecurityPolicy) => {
        first(p).party = 'MAR';
      },
      'exchange.policy_self_partner',
    ],
    [
      'two agreements with one party',
      (p: SecurityPolicy) => {
        (p.partners[1] as Agreement).party = first(p).party;
      },
      'exchange.policy_partner_twice',
    ],
  ])('refuses %s', (_what, f, code) => {
    expect(issueCodes(edit(f))).toContain(code);
  });

  it('refuses unknown fields and a missing translation', () => {
    expect(issueCodes({ ...mar, extra: 1 }).length).toBeGreaterThan(0);
    expect(
      issueCodes(
        edit((p) => {
          delete ((p.ladder[0] as SecurityPolicy['ladder'][number]).markings as Partial<Record<string, string>>).he;
        }),
      ).length,
    ).toBeGreaterThan(0);
  });
});

describe('mapping never lowers protection below the agreement (property)', () => {
  /** A random ladder: a non-empty set of common levels, in order, with tokens. */
  const ladder = (prefix: string) =>
    fc
      .subarray([...CLASSIFICATIONS], { minLength: 1 })
      .map((levels) => levels.map((common, i) => ({ token: `${prefix}${i}`, common, native: `${prefix} ${common}` })));
  /**
   * A random agreement table between two ladders: for some levels of `from`, a level of `to` at or
   * above it; then any table, valid or not, for the policy check to judge.
   */
  const table = (from: { token: string; common: Classification }[], to: { token: string; common: Classification }[]) =>
    fc
      .array(fc.tuple(fc.constantFrom(...from.map((l) => l.token)), fc.constantFrom(...to.map((l) => l.token))), { maxLength: 8 })
      .map((entries) => Object.fromEntries(entries));

  const world = fc
    .tuple(ladder('L'), ladder('P'))
    .chain(([local, partner]) =>
      fc.tuple(fc.constant(local), fc.constant(partner), table(partner, local), table(local, partner)),
    );

  const policyOf = (
    local: ReturnType<typeof levels>,
    partner: ReturnType<typeof levels>,
    inbound: Record<string, string>,
    outbound: Record<string, string>,
  ) => ({
    format: 'jointplan.security-policy',
    version: 1,
    policyIdentifier: 'urn:test:local',
    party: 'AAA',
    installation: 'local',
    ladder: local.map((l) => ({ ...l, markings: { fr: l.native, en: l.native, ar: l.native, he: l.native } })),
    partners: [
      {
        party: 'BBB',
        installation: 'partner',
        policyIdentifier: 'urn:test:partner',
        agreement: 'test',
        ladder: partner,
        inbound,
        outbound,
        compartments: [],
      },
    ],
  });
  const levels = (l: { token: string; common: Classification; native: string }[]) => l;

  it('over random ladders and tables: a policy is accepted only when every mapping keeps or raises protection, and mapping then does so', () => {
    let accepted = 0;
    fc.assert(
      fc.property(world, ([local, partner, inbound, outbound]) => {
        const json = policyOf(local, partner, inbound, outbound);
        const commonOf = (ladderOf: typeof local, token: string) =>
          ladderOf.find((l) => l.token === token)?.common as Classification;
        const lowers =
          Object.entries(inbound).some(([p, l]) => levelOf(commonOf(local, l)) < levelOf(commonOf(partner, p))) ||
          Object.entries(outbound).some(([l, p]) => levelOf(commonOf(partner, p)) < levelOf(commonOf(local, l)));
        let policy: SecurityPolicy;
        try {
          policy = parseSecurityPolicy(json);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          return;
        }
        accepted++;
        expect(lowers).toBe(false);
        // Every level of the partner: received at the agreed level or above its place, or refused.
        for (const p of partner) {
          const l: ConfidentialityLabel = {
            policyIdentifier: 'urn:test:partner',
            classification: p.token,
            categories: [{ tagName: RELEASABLE_TO, type: 'permissive', values: ['AAA', 'BBB'] }],
            originator: { party: 'BBB', installation: 'partner' },
            creationTime: NOW,
          };
          if (!inbound[p.token]) {
            expect(refusal(() => receivedLabel(policy, l)).code).toBe('exchange.no_equivalence');
            continue;
          }
          const r = receivedLabel(policy, l);
          expect(r.localLevel).toBe(inbound[p.token]);
          expect(levelOf(r.local.classification)).toBeGreaterThanOrEqual(levelOf(p.common));
        }
        // Every level of the common order here: sent at the agreed level, never below, or refused.
        for (const c of CLASSIFICATIONS) {
          const record = label({ ownerParty: 'AAA', classification: c, releasableTo: ['BBB'] });
          // What the partner's reader may read can always be sent.
          const reader = partnerReader(policy, 'BBB');
          if (reader && canRead(reader, record)) expect(() => outboundLabel(policy, record, 'BBB', NOW)).not.toThrow();
          const national = local.find((l) => levelOf(l.common) >= levelOf(c));
          if (!national) {
            expect(refusal(() => outboundLabel(policy, record, 'BBB', NOW)).code).toBe('exchange.no_national_level');
            continue;
          }
          if (!outbound[national.token]) {
            expect(refusal(() => outboundLabel(policy, record, 'BBB', NOW)).code).toBe('exchange.no_equivalence');
            continue;
          }
          const sent = outboundLabel(policy, record, 'BBB', NOW);
          expect(sent.partnerLevel).toBe(outbound[national.token]);
          expect(levelOf(commonOf(partner, sent.partnerLevel))).toBeGreaterThanOrEqual(levelOf(c));
        }
      }),
      { numRuns: 2000 },
    );
    // The generator reaches both sides: accepted policies were checked, not only refused ones.
    expect(accepted).toBeGreaterThan(100);
  });
});

describe('the reader a partner is when choosing what to send it', () => {
  it('is cleared to the top of what the agreement lets travel, with its compartments', () => {
    expect(partnerReader(POLICIES.MAR, 'ISR')).toEqual({ party: 'ISR', clearance: 'SECRET', compartments: ['INDUS', 'INTEL'] });
    expect(partnerReader(POLICIES.MAR, 'USA')).toEqual({ party: 'USA', clearance: 'TOP_SECRET', compartments: ['INDUS'] });
    expect(partnerReader(POLICIES.ISR, 'MAR')).toEqual({ party: 'MAR', clearance: 'SECRET', compartments: ['INDUS', 'INTEL'] });
    expect(refusal(() => partnerReader(POLICIES.MAR, 'FRA')).code).toBe('exchange.unknown_partner');
  });

  it('reads, by the read rule, exactly the records that can be sent to the partner (property, every pair)', () => {
    const labels = fc.record({
      classification: fc.constantFrom(...CLASSIFICATIONS),
      releasableTo: fc.subarray(['MAR', 'ISR', 'USA', 'FRA']),
      compartments: fc.subarray(['INDUS', 'INTEL', 'LOG-2']),
    });
    fc.assert(
      fc.property(fc.constantFrom(...pairs), labels, ([from, to], l) => {
        const record = label({ ownerParty: from, ...l, releasableTo: l.releasableTo.filter((p) => p !== from) });
        const reader = partnerReader(POLICIES[from], to);
        const readable = !!reader && canRead(reader, record);
        let sendable = true;
        try {
          outboundLabel(POLICIES[from], record, to, NOW);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
          sendable = false;
        }
        expect(sendable).toBe(readable);
      }),
      { numRuns: 20_000 },
    );
  });
});
