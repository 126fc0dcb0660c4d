import { describe, expect, it } from 'vitest';
import {
  CLAIM_STATUSES,
  CLAIM_TRANSITIONS,
  type ClaimFacts,
  type ClaimStatus,
  canReview,
  claimRefusal,
  moveClaim,
  obligationRefusal,
  reviewRefusal,
} from '../../src/domain/offset.lifecycle.js';
import { applyBasisPoints, formatScaled, parseScaled } from '../../src/domain/offset.schema.js';
import { refusal } from '../support/refusal.js';

const TODAY = '2026-06-30';
/** Facts that satisfy every guard, so that only the lifecycle itself decides. */
const facts = (status: ClaimStatus): ClaimFacts => ({ status, value: 1_000_00n, lastOn: '2026-03-01' });
const moveTo = (to: ClaimStatus) => ({
  to,
  reason: 'Evidence does not show local content',
  acceptedValue: 500_00n,
  on: '2026-04-01',
});

const pairs = CLAIM_STATUSES.flatMap((from) => CLAIM_STATUSES.map((to) => [from, to] as const));
const allowed = pairs.filter(([from, to]) => CLAIM_TRANSITIONS[from].includes(to));
const refused = pairs.filter(([from, to]) => !CLAIM_TRANSITIONS[from].includes(to));

describe('credit claim lifecycle', () => {
  it('goes claimed → under_review → granted | refused, and nowhere else', () => {
    expect(allowed.map(([f, t]) => `${f}>${t}`).sort()).toEqual(
      ['claimed>under_review', 'under_review>granted', 'under_review>refused'].sort(),
    );
  });

  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(moveClaim(facts(from), moveTo(to), TODAY)).toBe(to);
  });

  it.each(refused)('refuses %s → %s', (from, to) => {
    const err = refusal(() => moveClaim(facts(from), moveTo(to), TODAY));
    expect(err.kind).toBe('invalid');
    expect(err.code).toBe(CLAIM_TRANSITIONS[from].length ? 'offset.cannot_move' : 'offset.cannot_move_final');
    expect(err.params).toMatchObject({ from, to });
    expect(err.issues[0]).toMatchObject({ path: 'to', code: 'offset.move_not_allowed' });
  });

  it('refuses only with a reason', () => {
    for (const reason of [undefined, '', '  '])
      expect(refusal(() => moveClaim(facts('under_review'), { ...moveTo('refused'), reason }, TODAY)).code).toBe(
        'offset.refuse_needs_reason',
      );
  });

  it('grants a value from 0 to the value claimed, and needs it', () => {
    const grant = (acceptedValue: bigint | undefined) =>
      moveClaim(facts('under_review'), { ...moveTo('granted'), acceptedValue }, TODAY);
    expect(grant(0n)).toBe('granted');
    expect(grant(1_000_00n)).toBe('granted');
    expect(refusal(() => grant(1_000_01n)).code).toBe('offset.accepted_over_claimed');
    expect(refusal(() => grant(-1n)).code).toBe('offset.accepted_over_claimed');
    expect(refusal(() => grant(undefined)).code).toBe('offset.grant_needs_value');
  });

  it('dates a step between the last one and today', () => {
    const at = (on: string) => moveClaim(facts('claimed'), { ...moveTo('under_review'), on }, TODAY);
    expect(at('2026-03-01')).toBe('under_review');
    expect(at(TODAY)).toBe('under_review');
    expect(refusal(() => at('2026-02-28')).code).toBe('offset.step_date');
    expect(refusal(() => at('2026-07-01')).code).toBe('offset.step_date');
  });
});

describe('who states, claims and reviews', () => {
  const planner = (party: string, userId = 'u1') => ({ party, roles: ['planner'] as const, userId });
  const contributor = (party: string) => ({ party, roles: ['contributor'] as const, userId: 'u2' });

  it('states obligations: planners of the beneficiary party only', () => {
    expect(obligationRefusal(planner('MAR'), 'MAR')).toBeNull();
    expect(obligationRefusal(planner('ISR'), 'MAR')?.code).toBe('offset.only_beneficiary_planners');
    expect(obligationRefusal(contributor('MAR'), 'MAR')?.code).toBe('offset.only_beneficiary_planners');
  });

  it('claims: planners and contributors of the party that owes', () => {
    expect(claimRefusal(planner('ISR'), { obligorParty: 'ISR' })).toBeNull();
    expect(claimRefusal(contributor('ISR'), { obligorParty: 'ISR' })).toBeNull();
    expect(claimRefusal(planner('MAR'), { obligorParty: 'ISR' })?.code).toBe('offset.only_obligor_claims');
    expect(claimRefusal({ party: 'ISR', roles: ['viewer'] }, { obligorParty: 'ISR' })?.code).toBe('offset.only_obligor_claims');
  });

  it('reviews: planners of the beneficiary, never the claimant', () => {
    expect(canReview(planner('MAR', 'rev'), { beneficiaryParty: 'MAR' }, { claimedBy: 'cl' })).toBe(true);
    expect(reviewRefusal(planner('MAR', 'cl'), { beneficiaryParty: 'MAR' }, { claimedBy: 'cl' })?.code).toBe('offset.own_claim');
    expect(reviewRefusal(planner('ISR', 'x'), { beneficiaryParty: 'MAR' }, { claimedBy: 'cl' })?.code).toBe(
      'offset.only_beneficiary_reviews',
    );
    expect(reviewRefusal({ ...contributor('MAR'), userId: 'x' }, { beneficiaryParty: 'MAR' }, { claimedBy: 'cl' })?.code).toBe(
      'offset.only_beneficiary_reviews',
    );
  });
});

describe('basis points', () => {
  it('reads and writes percentages and multipliers exactly', () => {
    expect(parseScaled('30', 2)).toBe(3000n);
    expect(parseScaled('30.5', 2)).toBe(3050n);
    expect(parseScaled('1.5', 4)).toBe(15000n);
    expect(parseScaled('0.0001', 4)).toBe(1n);
    expect(formatScaled(3050n, 2)).toBe('30.5');
    expect(formatScaled(15000n, 4)).toBe('1.5');
    expect(formatScaled(40000n, 4)).toBe('4');
    expect(formatScaled(1n, 4)).toBe('0.0001');
  });

  it('applies them exactly, rounding once half to even', () => {
    // 1.9 bn MAD at 50 %: 95,000,000,000 centimes exactly.
    expect(applyBasisPoints(190_000_000_000n, 5000n)).toBe(95_000_000_000n);
    expect(applyBasisPoints(1n, 5000n)).toBe(0n); // 0.5 → 0 (even)
    expect(applyBasisPoints(3n, 5000n)).toBe(2n); // 1.5 → 2 (even)
    expect(applyBasisPoints(5n, 5000n)).toBe(2n); // 2.5 → 2 (even)
    expect(applyBasisPoints(7n, 15000n)).toBe(10n); // 10.5 → 10
    expect(applyBasisPoints(2n ** 62n, 40000n)).toBe(2n ** 64n); // no double anywhere
  });
});
