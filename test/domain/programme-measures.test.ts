import { describe, expect, it } from 'vitest';
import { type ExchangeRate, type Money, money } from '../../src/domain/money.js';
import { type ContractFacts, measureProgrammes, presentProgrammeMeasures } from '../../src/domain/programme-measures.js';

const rate = (from: string, to: string, r: string, date: string): ExchangeRate => ({
  from,
  to,
  rate: r,
  date,
  source: 'Central bank',
  enteredBy: 'Admin',
});

const facts = (over: Partial<ContractFacts> & { id: string }): ContractFacts => ({
  ownerParty: 'MAR',
  commissionId: null,
  title: { en: over.id },
  status: 'delivering',
  signedOn: '2026-01-15',
  committed: money(0n, 'MAD'),
  payments: [],
  delivery: null,
  late: [],
  ...over,
});

const m = (amount: bigint, currency: string): Money => money(amount, currency);

describe('programme measures', () => {
  it('adds each programme exactly in its currencies, converts once per currency, rounding half to even, and totals the lines', () => {
    const rates = [rate('USD', 'EUR', '0.25', '2026-01-01'), rate('USD', 'EUR', '0.5', '2026-06-01')];
    const out = measureProgrammes(
      [
        // 5 + 5 US cents at 0.25 is 2.5 euro cents: rounded to the even 2 (half up would give 3).
        facts({ id: 'a', committed: m(0n, 'EUR'), payments: [m(5n, 'USD'), m(5n, 'USD')] }),
        // 7 US cents at 0.25 is 1.75 cents: 2.
        facts({ id: 'b', committed: m(7n, 'USD'), ownerParty: 'ISR' }),
        // 6 US cents at 0.25 is 1.5: the even 2; 10 cents is 2.5: the even 2.
        facts({ id: 'c', committed: m(6n, 'USD'), payments: [m(10n, 'USD')], ownerParty: 'ISR' }),
      ],
      'EUR',
      '2026-05-31',
      rates,
    );
    // Programmes come by owner party, then id.
    expect(out.programmes.map((p) => p.id)).toEqual(['b', 'c', 'a']);
    const [b, c, a] = out.programmes;
    expect(a?.paid).toEqual(m(2n, 'EUR'));
    expect(a?.lines).toHaveLength(2);
    expect(a?.lines[1]).toMatchObject({ what: 'paid', money: m(10n, 'USD'), converted: m(2n, 'EUR') });
    // The rate dated after the day is not used.
    expect(a?.lines[1]?.rate).toMatchObject({ rate: '0.25', entry: { date: '2026-01-01' }, inverted: false });
    expect(b?.committed).toEqual(m(2n, 'EUR'));
    expect(c?.committed).toEqual(m(2n, 'EUR'));
    expect(c?.paid).toEqual(m(2n, 'EUR'));
    // Party totals add the programmes' converted figures: ISR 2 + 2, not 13 US cents converted at once (3).
    expect(out.parties.map((p) => [p.party, p.programmes, p.committed.amount, p.paid.amount])).toEqual([
      ['ISR', 2, 4n, 2n],
      ['MAR', 1, 0n, 2n],
    ]);
    expect(out.totals).toMatchObject({ programmes: 3, committed: m(4n, 'EUR'), paid: m(4n, 'EUR') });
    expect(out.rates.map((r) => [r.from, r.rate])).toEqual([['USD', '0.25']]);
  });

  it('keeps amounts above 2^53 exact, in the currency and through a conversion', () => {
    const huge = 9007199254740993007n; // 2^53 * 1000 + 7: a double would round it
    const out = measureProgrammes(
      [
        facts({
          id: 'big',
          committed: m(huge, 'MAD'),
          payments: [m(huge, 'EUR')],
          delivery: { unitPrice: m(huge, 'EUR'), accepted: 3 },
        }),
      ],
      'MAD',
      '2026-12-01',
      [rate('EUR', 'MAD', '10.85', '2026-11-30')],
    );
    const p = out.programmes[0];
    expect(p?.committed).toEqual(m(huge, 'MAD'));
    // 90071992547409930.07 EUR × 10.85 = 977281119139397741.2595 MAD: 977281119139397741.26.
    expect(p?.paid).toEqual(m(97728111913939774126n, 'MAD'));
    // Three accepted at the unit price: 3 × huge EUR cents, exact, then converted.
    expect(p?.lines.find((l) => l.what === 'delivered')?.money).toEqual(m(huge * 3n, 'EUR'));
    expect(p?.delivered).toEqual(m((huge * 3n * 1085n + 50n) / 100n, 'MAD'));
    expect(presentProgrammeMeasures(out).totals.committed.amount).toBe('90071992547409930.07');
  });

  it('uses the inverse of a rate entered the other way round, and the currency minor units of ISO 4217', () => {
    // 1 MAD is 0.37 ILS; ILS into MAD takes 1/0.37 to 12 places: 2.702702702703.
    const out = measureProgrammes(
      [facts({ id: 'x', committed: m(1000n, 'ILS'), payments: [m(1001n, 'JOD')] })],
      'MAD',
      '2026-12-01',
      [rate('MAD', 'ILS', '0.37', '2026-01-01'), rate('JOD', 'MAD', '14.1', '2026-01-01')],
    );
    const p = out.programmes[0];
    expect(p?.lines[0]?.rate).toMatchObject({ rate: '2.702702702703', inverted: true });
    expect(p?.committed).toEqual(m(2703n, 'MAD'));
    // 1.001 JOD (three decimals) × 14.1 = 14.1141 MAD: 14.11.
    expect(p?.paid).toEqual(m(1411n, 'MAD'));
  });

  it('refuses a figure without a rate, naming each amount, and leaves a programme not contracted at zero', () => {
    const run = () =>
      measureProgrammes(
        [
          facts({ id: 'p1', committed: m(100n, 'USD') }),
          facts({ id: 'p2', committed: m(100n, 'EUR'), payments: [m(5n, 'USD')] }),
        ],
        'MAD',
        '2026-12-01',
        [rate('EUR', 'MAD', '10.85', '2026-12-02')],
      );
    expect(run).toThrowError(
      expect.objectContaining({
        code: 'money.no_rate',
        params: { count: 3, currency: 'MAD', date: '2026-12-01' },
        issues: [
          expect.objectContaining({
            path: 'programmes.p1.committed',
            code: 'field.no_rate',
            params: expect.objectContaining({ from: 'USD' }),
          }),
          expect.objectContaining({ path: 'programmes.p2.committed', params: expect.objectContaining({ from: 'EUR' }) }),
          expect.objectContaining({ path: 'programmes.p2.paid' }),
        ],
      }),
    );
    const none = measureProgrammes([facts({ id: 'n', signedOn: null, committed: null })], 'MAD', '2026-12-01', []);
    expect(none.totals).toMatchObject({ programmes: 0, committed: m(0n, 'MAD'), paid: m(0n, 'MAD'), delivered: m(0n, 'MAD') });
    expect(measureProgrammes([], 'MAD', '2026-12-01', []).parties).toEqual([]);
  });

  it('counts the late milestones by programme and party, with the days late', () => {
    const late = { id: 'm1', kind: 'payment' as const, title: 'Advance', dueDate: '2026-11-01', status: 'scheduled' as const };
    const out = measureProgrammes(
      [
        facts({ id: 'a', late: [{ ...late, value: m(1n, 'MAD') }] }),
        facts({ id: 'b', ownerParty: 'ISR', late: [{ ...late, id: 'm2', dueDate: '2026-02-28', value: m(1n, 'MAD') }] }),
        facts({ id: 'c' }),
      ],
      'MAD',
      '2026-12-01',
      [],
    );
    expect(out.programmes.map((p) => [p.id, p.lateMilestones, p.late.map((l) => l.daysLate)])).toEqual([
      ['b', 1, [276]],
      ['a', 1, [30]],
      ['c', 0, []],
    ]);
    expect(out.parties.map((p) => [p.party, p.lateMilestones])).toEqual([
      ['ISR', 1],
      ['MAR', 1],
    ]);
    expect(out.totals.lateMilestones).toBe(2);
  });

  it('counts the late milestones a page does not list, and lists those it does', () => {
    const late = { id: 'm1', kind: 'payment' as const, title: 'Advance', dueDate: '2026-11-01', status: 'scheduled' as const };
    const out = measureProgrammes(
      [
        // On the page: listed, and counted as listed.
        facts({ id: 'a', late: [{ ...late, value: m(1n, 'MAD') }], lateCount: 1 }),
        // Off the page: three late, none listed, all counted.
        facts({ id: 'b', ownerParty: 'ISR', lateCount: 3 }),
      ],
      'MAD',
      '2026-12-01',
      [],
    );
    expect(out.programmes.map((p) => [p.id, p.lateMilestones, p.late.length])).toEqual([
      ['b', 3, 0],
      ['a', 1, 1],
    ]);
    expect(out.totals.lateMilestones).toBe(4);
    expect(out.programmes.every((p) => !('lateCount' in p))).toBe(true);
    // Presented without a cursor: the last page.
    expect(presentProgrammeMeasures(out).nextCursor).toBeNull();
  });
});
