import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import type { ClaimStatus } from '../../src/domain/offset.lifecycle.js';
import { applyBasisPoints } from '../../src/domain/offset.schema.js';
import {
  type LedgerClaim,
  type LedgerLine,
  type LedgerObligation,
  ledgerIn,
  ledgerLines,
} from '../../src/domain/offset-ledger.js';
import { refusal } from '../support/refusal.js';

const obligation = (id: string, amount: bigint, deadline: string, extra: Partial<LedgerObligation> = {}): LedgerObligation => ({
  id,
  programmeId: `p-${id}`,
  supplierId: 'elbit',
  obligorParty: 'ISR',
  beneficiaryParty: 'MAR',
  amount: money(amount, 'MAD'),
  arisesOn: '2026-01-01',
  deadline,
  penaltyBp: 500n,
  ...extra,
});

/** A claim of `credit` against `obligationId`, with its steps as [day, status] pairs; granted for `granted` when it is. */
function claim(id: string, obligationId: string, credit: bigint, steps: [string, ClaimStatus][], granted = credit): LedgerClaim {
  return {
    id,
    obligationId,
    claimedCredit: money(credit, 'MAD'),
    grantedCredit: steps.some(([, s]) => s === 'granted') ? money(granted, 'MAD') : null,
    history: steps.map(([on, to], i) => ({
      at: `${on}T12:00:00.000Z`,
      on,
      from: i ? (steps[i - 1]?.[1] ?? null) : null,
      to,
      reason: null,
      userId: 'u',
    })),
  };
}

const line = (lines: LedgerLine[], id: string) => {
  const l = lines.find((x) => x.obligationId === id);
  if (!l) throw new Error(`no line ${id}`);
  return l;
};

describe('offset ledger', () => {
  const o1 = obligation('o1', 1_000_00n, '2026-06-30');
  const o2 = obligation('o2', 500_00n, '2027-06-30');
  const claims = [
    claim('c1', 'o1', 700_00n, [
      ['2026-02-01', 'claimed'],
      ['2026-02-10', 'under_review'],
      ['2026-03-01', 'granted'],
    ]),
    claim(
      'c2',
      'o1',
      600_00n,
      [
        ['2026-02-15', 'claimed'],
        ['2026-04-01', 'under_review'],
        ['2026-05-01', 'granted'],
      ],
      500_00n,
    ),
    claim('c3', 'o1', 900_00n, [
      ['2026-03-01', 'claimed'],
      ['2026-03-05', 'under_review'],
      ['2026-04-01', 'refused'],
    ]),
    claim('c4', 'o2', 100_00n, [['2026-05-15', 'claimed']]),
  ];

  it('counts granted and pending by the status each claim had at the end of the day', () => {
    const feb = line(ledgerLines([o1, o2], claims, '2026-02-20'), 'o1');
    expect(feb).toMatchObject({ granted: 0n, pending: 1_300_00n, met: 0n, shortfall: 1_000_00n });
    const march = line(ledgerLines([o1, o2], claims, '2026-03-01'), 'o1');
    expect(march).toMatchObject({ granted: 700_00n, pending: 600_00n + 900_00n, shortfall: 300_00n });
    const april = line(ledgerLines([o1, o2], claims, '2026-04-01'), 'o1');
    expect(april).toMatchObject({ granted: 700_00n, pending: 600_00n, shortfall: 300_00n });
  });

  it('banks credit beyond an obligation to the same supplier’s next, by deadline', () => {
    const lines = ledgerLines([o2, o1], claims, '2026-05-20');
    expect(line(lines, 'o1')).toMatchObject({ granted: 1_200_00n, met: 1_000_00n, shortfall: 0n, bankedOut: 200_00n });
    expect(line(lines, 'o2')).toMatchObject({
      bankedIn: 200_00n,
      granted: 0n,
      pending: 100_00n,
      met: 200_00n,
      shortfall: 300_00n,
    });
    expect(lines.map((l) => l.obligationId)).toEqual(['o1', 'o2']);
  });

  it('banks nothing across suppliers or currencies', () => {
    const other = obligation('o3', 500_00n, '2027-06-30', { supplierId: 'knds' });
    const dollars = obligation('o4', 500_00n, '2027-06-30', { amount: money(500_00n, 'USD') });
    const lines = ledgerLines([o1, other, dollars], claims, '2026-05-20');
    expect(line(lines, 'o3').bankedIn).toBe(0n);
    expect(line(lines, 'o4').bankedIn).toBe(0n);
  });

  it('counts an obligation from the day it arises, and a penalty from its deadline on the shortfall then', () => {
    const late = obligation('o5', 1_000_00n, '2026-03-31', { arisesOn: '2026-02-01', penaltyBp: 1000n });
    const cs = [
      claim('c5', 'o5', 400_00n, [
        ['2026-03-01', 'claimed'],
        ['2026-03-02', 'under_review'],
        ['2026-03-03', 'granted'],
      ]),
      claim('c6', 'o5', 600_00n, [
        ['2026-03-01', 'claimed'],
        ['2026-03-02', 'under_review'],
        ['2026-05-01', 'granted'],
      ]),
    ];
    expect(ledgerLines([late], cs, '2026-01-31')).toEqual([]);
    expect(line(ledgerLines([late], cs, '2026-03-30'), 'o5')).toMatchObject({ penaltyDue: 0n, deadlinePassed: false });
    expect(line(ledgerLines([late], cs, '2026-03-31'), 'o5')).toMatchObject({
      penaltyDue: 60_00n,
      deadlinePassed: true,
      shortfall: 600_00n,
    });
    // Granted after the deadline: the shortfall closes, the penalty stays what it was at the deadline.
    expect(line(ledgerLines([late], cs, '2026-06-01'), 'o5')).toMatchObject({ penaltyDue: 60_00n, shortfall: 0n });
  });

  it('converts each line once per figure and adds the converted lines', () => {
    const rates = [{ from: 'MAD', to: 'EUR', rate: '0.092', date: '2026-01-01', source: 'Bank Al-Maghrib', enteredBy: 'admin' }];
    const t = ledgerIn(ledgerLines([o1, o2], claims, '2026-05-20'), 'EUR', '2026-05-20', rates);
    expect(t.totals.obligation).toEqual(money(92_00n + 46_00n, 'EUR'));
    expect(t.totals.granted.amount).toBe(t.lines.reduce((s, l) => s + l.converted.granted.amount, 0n));
    expect(t.lines[0]?.rate?.rate).toBe('0.092');
    const err = refusal(() => ledgerIn(ledgerLines([o1], claims, '2026-05-20'), 'USD', '2026-05-20', rates));
    expect(err.code).toBe('money.no_rate');
  });
});

// Properties over generated obligations and claims.

const DAYS = ['2026-01-15', '2026-03-01', '2026-05-01', '2026-07-01', '2026-09-01', '2026-11-01', '2027-01-01', '2027-03-01'];
const dayIndex = fc.integer({ min: 0, max: DAYS.length - 1 });
const day = (i: number) => DAYS[i] as string;

const worldArb = fc
  .record({
    obligations: fc.array(
      fc.record({
        supplier: fc.constantFrom('elbit', 'knds'),
        currency: fc.constantFrom('MAD', 'EUR'),
        amount: fc.oneof(fc.bigInt({ min: 0n, max: 2_000_000n }), fc.constant(9_007_199_254_740_993n)),
        arises: dayIndex,
        length: fc.integer({ min: 0, max: 4 }),
        penaltyBp: fc.bigInt({ min: 0n, max: 10_000n }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    claims: fc.array(
      fc.record({
        of: fc.nat(),
        credit: fc.bigInt({ min: 0n, max: 1_500_000n }),
        share: fc.bigInt({ min: 0n, max: 10_000n }),
        start: dayIndex,
        gaps: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }),
        steps: fc.integer({ min: 1, max: 3 }),
        outcome: fc.constantFrom<ClaimStatus>('granted', 'refused'),
      }),
      { maxLength: 25 },
    ),
  })
  .map(({ obligations, claims }) => {
    const os = obligations.map((o, i) =>
      obligation(`o${i}`, o.amount, day(Math.min(o.arises + o.length, DAYS.length - 1)), {
        supplierId: o.supplier,
        amount: money(o.amount, o.currency),
        arisesOn: day(o.arises),
        penaltyBp: o.penaltyBp,
      }),
    );
    const cs = claims.map((c, i) => {
      const target = os[c.of % os.length] as LedgerObligation;
      const d1 = Math.min(c.start + (c.gaps[0] ?? 0), DAYS.length - 1);
      const d2 = Math.min(d1 + (c.gaps[1] ?? 0), DAYS.length - 1);
      const steps: [string, ClaimStatus][] = [[day(c.start), 'claimed']];
      if (c.steps > 1) steps.push([day(d1), 'under_review']);
      if (c.steps > 2) steps.push([day(d2), c.outcome]);
      const granted = applyBasisPoints(c.credit, c.share);
      return {
        ...claim(`c${i}`, target.id, c.credit, steps, granted),
        claimedCredit: money(c.credit, target.amount.currency),
        grantedCredit: c.outcome === 'granted' && c.steps > 2 ? money(granted, target.amount.currency) : null,
      };
    });
    return { os, cs };
  });

const ON = fc.constantFrom(...DAYS, '2025-12-31', '2027-12-31');

describe('offset ledger properties', () => {
  it('each line adds up: met + shortfall = obligation, granted + banked in = met + banked out, none negative', () => {
    fc.assert(
      fc.property(worldArb, ON, ({ os, cs }, on) => {
        for (const l of ledgerLines(os, cs, on)) {
          expect(l.met + l.shortfall).toBe(l.obligation);
          expect(l.granted + l.bankedIn).toBe(l.met + l.bankedOut);
          for (const v of [l.granted, l.pending, l.bankedIn, l.bankedOut, l.met, l.shortfall, l.penaltyDue])
            expect(v >= 0n).toBe(true);
          if (l.bankedOut > 0n) expect(l.shortfall).toBe(0n);
          if (!l.deadlinePassed) expect(l.penaltyDue).toBe(0n);
        }
      }),
    );
  });

  it('banking moves credit along each chain without making or losing any', () => {
    fc.assert(
      fc.property(worldArb, ON, ({ os, cs }, on) => {
        const lines = ledgerLines(os, cs, on);
        const chains = new Map<string, LedgerLine[]>();
        for (const l of lines) {
          const o = os.find((x) => x.id === l.obligationId) as LedgerObligation;
          const key = `${o.supplierId}|${l.currency}`;
          chains.set(key, [...(chains.get(key) ?? []), l]);
        }
        for (const chain of chains.values()) {
          expect(chain[0]?.bankedIn).toBe(0n);
          for (let i = 1; i < chain.length; i++) expect(chain[i]?.bankedIn).toBe(chain[i - 1]?.bankedOut);
          const granted = chain.reduce((s, l) => s + l.granted, 0n);
          const met = chain.reduce((s, l) => s + l.met, 0n);
          expect(granted).toBe(met + (chain.at(-1)?.bankedOut ?? 0n));
        }
      }),
    );
  });

  it('granted and pending never exceed the credit claimed of the claims counted', () => {
    fc.assert(
      fc.property(worldArb, ON, ({ os, cs }, on) => {
        const lines = ledgerLines(os, cs, on);
        for (const l of lines) {
          const claimed = cs
            .filter((c) => c.obligationId === l.obligationId && (c.history[0]?.on ?? '9999') <= on)
            .reduce((s, c) => s + c.claimedCredit.amount, 0n);
          expect(l.granted + l.pending <= claimed).toBe(true);
        }
      }),
    );
  });

  it('as the day moves on, granted, banked and penalties only grow and shortfalls only shrink', () => {
    fc.assert(
      fc.property(worldArb, ON, ON, ({ os, cs }, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const before = ledgerLines(os, cs, early);
        const after = ledgerLines(os, cs, late);
        for (const l of before) {
          const m = line(after, l.obligationId);
          expect(m.granted >= l.granted).toBe(true);
          expect(m.bankedIn >= l.bankedIn).toBe(true);
          expect(m.bankedOut >= l.bankedOut).toBe(true);
          expect(m.shortfall <= l.shortfall).toBe(true);
          expect(m.penaltyDue >= l.penaltyDue).toBe(true);
        }
        expect(after.length >= before.length).toBe(true);
      }),
    );
  });

  it('a claim hidden from the reader only ever lowers what is granted and banked', () => {
    fc.assert(
      fc.property(worldArb, ON, fc.nat(), ({ os, cs }, on, hide) => {
        if (!cs.length) return;
        const seen = cs.filter((_, i) => i !== hide % cs.length);
        const all = ledgerLines(os, cs, on);
        for (const l of ledgerLines(os, seen, on)) {
          const m = line(all, l.obligationId);
          expect(l.granted <= m.granted).toBe(true);
          expect(l.bankedIn <= m.bankedIn).toBe(true);
          expect(l.shortfall >= m.shortfall).toBe(true);
        }
      }),
    );
  });

  it('the penalty is the penalty rate times the shortfall as of the deadline', () => {
    fc.assert(
      fc.property(worldArb, ON, ({ os, cs }, on) => {
        for (const l of ledgerLines(os, cs, on)) {
          if (!l.deadlinePassed) continue;
          const o = os.find((x) => x.id === l.obligationId) as LedgerObligation;
          const atDeadline = line(ledgerLines(os, cs, o.deadline), o.id);
          expect(l.penaltyDue).toBe(applyBasisPoints(atDeadline.shortfall, o.penaltyBp));
        }
      }),
    );
  });
});
